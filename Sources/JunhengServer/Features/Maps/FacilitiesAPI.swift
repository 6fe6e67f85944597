import Foundation
import Geography
import Hummingbird
import JunhengApp
import JunhengCore
import Storage

/// `/api/v1/facilities`, `/api/v1/population-points` and `/api/v1/accessibility`: the facility
/// register and where people live as GeoJSON (public), their CSV/XLSX imports, the accessibility
/// measures per child region, and their submission as indicator values.
struct FacilitiesAPI {
    let services: JunhengServices
    private var facilities: FacilityUseCases { services.app.facilities }

    func register(on api: RouterGroup<AppContext>) {
        api.get("facilities", use: list)
        api.post("facilities", use: importFacilities)
        api.get("population-points", use: populationPoints)
        api.post("population-points", use: importPopulation)
        api.get("accessibility", use: accessibility)
        api.post("accessibility/submissions", use: submit)
    }

    /// `?region=CODE` (its whole subtree) and optionally `kind=KEY` (repeatable or comma-separated).
    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        let query = request.uri.queryParameters
        let region = try regionCode(query["region"].map(String.init), field: "region")
        let kinds = try Self.kinds(query.getAll("kind").flatMap { $0.split(separator: ",").map(String.init) })
        return Self.geoJSON(try RegisterGeoJSON.facilities(try await facilities.facilities(in: region, kinds: kinds)))
    }

    @Sendable func populationPoints(_ request: Request, context: AppContext) async throws -> Response {
        let region = try regionCode(request.uri.queryParameters["region"].map(String.init), field: "region")
        return Self.geoJSON(try RegisterGeoJSON.populationPoints(try await facilities.populationPoints(in: region)))
    }

    /// The file as the body (`?filename=` names it, `.csv` or `.xlsx`) or the `file` of a multipart
    /// form; `crs=wgs84|gcj02` the datum of its coordinates (WGS84 when absent).
    @Sendable func importFacilities(_ request: Request, context: AppContext) async throws -> JSON<RegisterImportResult> {
        _ = try context.requireUser()
        var request = request
        let file = try await UploadedFile(request: &request, context: context)
        return JSON(try await facilities.importFacilities(.data(file.data), filename: file.filename,
                                                          datum: try MapsAPI.coordinateSystem(file.fields["crs"] ?? "wgs84"),
                                                          actor: context.actor), status: .created)
    }

    @Sendable func importPopulation(_ request: Request, context: AppContext) async throws -> JSON<RegisterImportResult> {
        _ = try context.requireUser()
        var request = request
        let file = try await UploadedFile(request: &request, context: context)
        return JSON(try await facilities.importPopulation(.data(file.data), filename: file.filename,
                                                          datum: try MapsAPI.coordinateSystem(file.fields["crs"] ?? "wgs84"),
                                                          actor: context.actor), status: .created)
    }

    /// `?region=CODE&kind=KEY&measure=share|nearest|2sfca|2sfca-gravity|3sfca` with `radius=1km`
    /// or `minutes=15&mode=walk|bicycle|drive`. Public: it reads public data only.
    @Sendable func accessibility(_ request: Request, context: AppContext) async throws -> JSON<AccessibilityReport> {
        JSON(try await services.app.accessibility.compute(try Self.query(request.uri.queryParameters.map { (String($0.key), String($0.value)) })))
    }

    /// The query's fields and `indicator` (code or name) and `year`, as JSON: each child's figure
    /// and the region's own become one submission from the caller, pending review.
    @Sendable func submit(_ request: Request, context: AppContext) async throws -> JSON<ObservationImport.Outcome> {
        _ = try context.requireUser()
        let body = try await request.decode(as: [String: String].self, context: context)
        let query = try Self.query(body.map { ($0.key, $0.value) })
        let year = try Self.year(body["year"])
        let indicator = (body["indicator"] ?? "").trimmingCharacters(in: .whitespaces)
        guard !indicator.isEmpty else { throw JunhengError.invalid(field: "indicator", "请选择要写入的指标") }
        let report = try await services.app.accessibility.compute(query)
        return JSON(try await services.app.accessibility.submit(report, indicator: indicator, year: year,
                                                                source: Self.source(query, language: .chinese),
                                                                actor: context.actor), status: .created)
    }

    static func query(_ fields: [(String, String)]) throws -> AccessibilityQuery {
        let values = Dictionary(fields, uniquingKeysWith: { first, _ in first })
        return try AccessibilityQuery.parse(region: try regionCode(values["region"], field: "region"), kind: values["kind"] ?? "",
                                            measure: values["measure"] ?? "", radius: values["radius"] ?? "",
                                            minutes: values["minutes"] ?? "", mode: values["mode"] ?? "")
    }

    static func year(_ text: String?) throws -> Int {
        guard let text, let year = Int(text.trimmingCharacters(in: .whitespaces)), (1949...2100).contains(year) else {
            throw JunhengError.invalid(field: "year", "请填写四位年份")
        }
        return year
    }

    static func kinds(_ texts: [String]) throws -> [FacilityKind]? {
        let texts = texts.filter { !$0.isEmpty }
        guard !texts.isEmpty else { return nil }
        return try texts.map { text in
            guard let kind = FacilityKind.named(text) else {
                throw JunhengError.invalid(field: "kind", "未知的设施类型“\(text)”，可用：\(FacilityKind.all.map(\.key).joined(separator: "、"))")
            }
            return kind
        }
    }

    /// What a computed submission's source says: the measure, the kind and the radius.
    static func source(_ query: AccessibilityQuery, language: Language) -> String {
        language.fill("access.source", ["query": FacilityPages.describe(query, language: language)])
    }

    private static func geoJSON(_ data: Data) -> Response {
        Response(status: .ok, headers: [.contentType: "application/geo+json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

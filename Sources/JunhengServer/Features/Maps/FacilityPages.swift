import Charts
import Foundation
import Geography
import Hummingbird
import JunhengApp
import JunhengCore
import Storage

/// `/maps/facilities`: the facilities of one kind and where people live, over a region's
/// children coloured by an accessibility measure, with the figures per child; the imports of
/// the register and the population points; and the submission of the figures as an indicator's
/// values (reviewed like any other before they are public).
struct FacilityPages {
    let services: JunhengServices

    func register(on router: Router<AppContext>) {
        router.get("maps/facilities", use: show)
        router.post("maps/facilities/import", use: importRegister)
        router.post("maps/facilities/submissions", use: submit)
    }

    /// The measure's fields as the page's form names them, with its defaults: a 15-minute walk
    /// to a 村卫生室, the share of people within it.
    struct Typed {
        var region = ""
        var kind = "village-clinic"
        var measure = AccessibilityMeasure.shareWithin.rawValue
        var radius = ""
        var minutes = "15"
        var mode = TravelMode.walk.rawValue
        var method = ClassificationMethod.naturalBreaks.rawValue
        var indicator = ""
        var year = ""
        var register = "facilities"
        var crs = "wgs84"

        init() {}

        init(_ value: (String) -> String?) {
            for (key, path) in [("region", \Typed.region), ("kind", \.kind), ("measure", \.measure), ("radius", \.radius),
                                ("minutes", \.minutes), ("mode", \.mode), ("method", \.method), ("indicator", \.indicator),
                                ("year", \.year), ("register", \.register), ("crs", \.crs)] {
                if let given = value(key) { self[keyPath: path] = given.trimmingCharacters(in: .whitespaces) }
            }
            // A radius given replaces the default travel time.
            if value("minutes") == nil && !radius.isEmpty { minutes = "" }
        }
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let query = request.uri.queryParameters
        return try await render(request: request, context: context, typed: Typed { query[Substring($0)].map(String.init) })
    }

    private func render(request: Request, context: AppContext, typed: Typed, message: String? = nil,
                        status: HTTPResponse.Status = .ok, formError: FormError? = nil) async throws -> Response {
        let language = context.language
        var typed = typed
        let region = try await services.app.regions.region(try optionalRegionCode(typed.region.isEmpty ? nil : typed.region, field: "region"),
                                                           orHomeOf: context.actor)
        typed.region = region.rawValue
        var page = FacilitiesPage(typed: typed, language: language)
        page.message = message
        let outcome = try await FormError.catching {
            try AccessibilityQuery.parse(region: region, kind: typed.kind, measure: typed.measure, radius: typed.radius,
                                         minutes: typed.minutes, mode: typed.mode)
        }
        var queryError: FormError?
        switch outcome {
        case .failure(let error): queryError = error
        case .success(let query):
            let report = try await services.app.accessibility.compute(query)
            let facilities = try await services.app.facilities.facilities(in: region, kinds: [query.kind])
            let points = try await services.app.facilities.populationPoints(in: region)
            let shapes = try await services.app.maps.childShapes(of: region)
            let method = ClassificationMethod(rawValue: typed.method) ?? .naturalBreaks
            page.show(report, map: try Self.map(report, facilities: facilities, points: points, shapes: shapes, method: method,
                                                language: language), language: language)
        }
        if let user = context.user {
            page.mayImport = try await services.app.facilities.mayImport(actor: context.actor)
            page.maySubmit = user.role.permissions.contains(.submitData)
            if page.maySubmit {
                page.indicators = try await services.app.monitoring.indicators().filter { !$0.isDerived }.map { indicator in
                    FacilitiesPage.Choice(value: indicator.code,
                                          name: indicator.name + language.punctuation.open + indicator.code + language.punctuation.close,
                                          selected: indicator.code == typed.indicator)
                }
            }
        }
        page.queryError = queryError?.message
        return try services.pages.render("Maps/facilities", title: language.text("access.title"), page: page, request: request,
                                         context: context, status: formError == nil && queryError == nil ? status : (formError ?? queryError)!.status,
                                         formError: formError)
    }

    /// The children coloured by the measure, the facilities of the kind by status and where people live.
    static func map(_ report: AccessibilityReport, facilities: [Facility], points: [PopulationPoint], shapes: MapShapes,
                    method: ClassificationMethod, language: Language) throws -> String? {
        let kind = report.query.kind
        var layers = [MapPointLayer(name: language.text("access.people"), symbol: .dot, colour: "#404040",
                                    points: points.map { (Coordinate(longitude: $0.longitude, latitude: $0.latitude), $0.name) })]
        let inUse = facilities.filter { $0.status == .inUse }
        let coming = facilities.filter { $0.status == .building || $0.status == .planned }
        layers.append(MapPointLayer(name: language.fill("access.inUse", ["kind": kind.name]), symbol: .circle, colour: "#D94801",
                                    points: inUse.map { (Coordinate(longitude: $0.longitude, latitude: $0.latitude), $0.name) }))
        if !coming.isEmpty {
            layers.append(MapPointLayer(name: language.fill("access.coming", ["kind": kind.name]), symbol: .triangle, colour: "#D94801",
                                        hollow: true,
                                        points: coming.map { (Coordinate(longitude: $0.longitude, latitude: $0.latitude),
                                                              $0.name + language.punctuation.open + language.text("access.status.\($0.status.rawValue)")
                                                              + language.punctuation.close) }))
        }
        let values = Dictionary(report.rows.compactMap { row in row.value.map { (row.regionCode, $0) } }, uniquingKeysWith: { a, _ in a })
        return try MapViews.choropleth(title: describe(report.query, language: language), unit: unit(report.query, language: language),
                                       shapes: shapes, values: values, note: language.text("access.straightLine"), language: language,
                                       idPrefix: "facility-map", method: method, layers: layers)
    }

    /// "村卫生室：步行 15 分钟（约 1.25 公里）内的人口比例", in the page's language.
    static func describe(_ query: AccessibilityQuery, language: Language) -> String {
        let reach: String
        if let minutes = query.minutes, let mode = query.mode {
            reach = language.fill("access.reachMinutes", ["mode": language.text("access.mode.\(mode.rawValue)"),
                                                          "minutes": MonitoringPages.number(minutes),
                                                          "km": MonitoringPages.number(query.radiusMetres / 1000)])
        } else {
            reach = language.fill("access.reachRadius", ["km": MonitoringPages.number(query.radiusMetres / 1000)])
        }
        return language.fill("access.describe.\(query.measure.rawValue)", ["kind": language == .chinese ? query.kind.name : query.kind.key,
                                                                           "reach": reach])
    }

    static func unit(_ query: AccessibilityQuery, language: Language) -> String {
        switch query.measure {
        case .shareWithin: "%"
        case .nearestDistance: language.text("access.unit.km")
        default: language.fill("access.unit.perThousand", ["supply": language.text("access.supply.\(query.kind.supply.rawValue)")])
        }
    }

    @Sendable func importRegister(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        var request = request
        let form: MultipartForm
        if let parsed = context.multipartForm { form = parsed } else { form = try await MultipartForm(request: &request, context: context) }
        let typed = Typed { form.fields[$0] }
        let outcome = try await FormError.catching {
            guard let file = form.files["file"] else { throw JunhengError.invalid(field: "file", "请选择要上传的文件") }
            let datum = try MapsAPI.coordinateSystem(typed.crs)
            return typed.register == "population"
                ? try await services.app.facilities.importPopulation(.data(file.data), filename: file.filename, datum: datum, actor: context.actor)
                : try await services.app.facilities.importFacilities(.data(file.data), filename: file.filename, datum: datum, actor: context.actor)
        }
        switch outcome {
        case .success(let result):
            let message = context.language.fill("access.imported", ["rows": "\(result.rows)", "added": "\(result.added)",
                                                                    "updated": "\(result.updated)"])
            return try await render(request: request, context: context, typed: typed, message: message, status: .created)
        case .failure(let error):
            return try await render(request: request, context: context, typed: typed, formError: error)
        }
    }

    @Sendable func submit(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        var request = request
        let fields = try await FormFields.read(&request)
        let typed = Typed { fields[$0] }
        let outcome = try await FormError.catching {
            let query = try AccessibilityQuery.parse(region: try regionCode(typed.region, field: "region"), kind: typed.kind,
                                                     measure: typed.measure, radius: typed.radius, minutes: typed.minutes, mode: typed.mode)
            let year = try FacilitiesAPI.year(typed.year)
            guard !typed.indicator.isEmpty else { throw JunhengError.invalid(field: "indicator", "请选择要写入的指标") }
            let report = try await services.app.accessibility.compute(query)
            return try await services.app.accessibility.submit(report, indicator: typed.indicator, year: year,
                                                               source: FacilitiesAPI.source(query, language: .chinese), actor: context.actor)
        }
        switch outcome {
        case .success(let result):
            let message = context.language.fill("access.submitted", ["id": "\(result.submission.id)", "rows": "\(result.submission.rowCount)"])
            return try await render(request: request, context: context, typed: typed, message: message, status: .created)
        case .failure(let error):
            return try await render(request: request, context: context, typed: typed, formError: error)
        }
    }
}

/// `Maps/facilities`: the measure's form, the map, the figures per child, and the forms that
/// import registers and submit the figures.
struct FacilitiesPage {
    struct Choice {
        let value: String
        let name: String
        let selected: Bool
    }

    struct Row {
        let code: String
        let name: String
        let value: String
        let population: String
        let points: Int
        let facilities: Int
    }

    var typed: FacilityPages.Typed
    let kinds: [Choice]
    let measures: [Choice]
    let modes: [Choice]
    let methods: [Choice]
    let registers: [Choice]
    let systems: [Choice]
    var indicators: [Choice] = []
    var map: String?
    var heading: String?
    var summary: String?
    var unit = ""
    var rows: [Row] = []
    var hasRows = false
    var message: String?
    var queryError: String?
    var mayImport = false
    var maySubmit = false
    var populationYear = ""
    let words: [String: String]

    init(typed: FacilityPages.Typed, language: Language) {
        self.typed = typed
        kinds = FacilityKind.all.map { Choice(value: $0.key, name: language == .chinese ? $0.name : $0.key, selected: $0.key == typed.kind || $0.name == typed.kind) }
        measures = AccessibilityMeasure.allCases.map {
            Choice(value: $0.rawValue, name: language.text("access.measure.\($0.rawValue)"), selected: $0.rawValue == typed.measure)
        }
        modes = TravelMode.allCases.map { Choice(value: $0.rawValue, name: language.text("access.mode.\($0.rawValue)"), selected: $0.rawValue == typed.mode) }
        methods = ClassificationMethod.allCases.map {
            Choice(value: $0.rawValue, name: language.text("access.method.\($0.rawValue)"), selected: $0.rawValue == typed.method)
        }
        registers = ["facilities", "population"].map { Choice(value: $0, name: language.text("access.register.\($0)"), selected: $0 == typed.register) }
        systems = ["wgs84", "gcj02"].map { Choice(value: $0, name: language.text("map.\($0)"), selected: typed.crs == $0) }
        words = UIStrings.words(of: MapStrings.table, prefix: "access.", in: language)
    }

    mutating func show(_ report: AccessibilityReport, map: String?, language: Language) {
        self.map = map
        unit = FacilityPages.unit(report.query, language: language)
        heading = "\(report.regionName) · \(FacilityPages.describe(report.query, language: language))"
        rows = report.rows.map { row in
            Row(code: row.regionCode, name: row.regionName, value: MonitoringPages.number(row.value.map { ($0 * 100).rounded() / 100 }),
                population: row.population.formatted(), points: row.points, facilities: row.facilities)
        }
        hasRows = !rows.isEmpty
        populationYear = report.populationYear.map(String.init) ?? ""
        if typed.year.isEmpty { typed.year = populationYear }
        summary = language.fill("access.summary", [
            "region": report.regionName, "value": MonitoringPages.number(report.overall.map { ($0 * 100).rounded() / 100 }), "unit": unit,
            "covered": "\(report.covered)", "children": "\(report.rows.count)", "points": "\(report.points)",
            "population": report.population.formatted(), "year": populationYear.isEmpty ? "—" : populationYear,
            "facilities": "\(report.facilities)", "kind": language == .chinese ? report.query.kind.name : report.query.kind.key,
        ])
    }
}

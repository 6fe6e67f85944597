import Foundation
import Geography
import Hummingbird
import JunhengApp
import JunhengCore
import Storage

/// `/api/v1/boundaries`: region boundaries as GeoJSON (public, like the region registry), what is
/// stored and where it came from, and the import of a GeoJSON file.
struct MapsAPI {
    let services: JunhengServices
    private var maps: MapUseCases { services.app.maps }

    func register(on api: RouterGroup<AppContext>) {
        api.get("boundaries", use: boundaries)
        api.post("boundaries", use: importBoundaries)
        api.get("boundaries/sources", use: sources)
    }

    /// `?parent=CODE` gives its children, `?region=CODE` the one region; `width` (pixels, default
    /// 640) picks the level of detail, `crs=wgs84|gcj02` the datum (default WGS84). Public and the
    /// same for every caller, so answered from the public cache.
    @Sendable func boundaries(_ request: Request, context: AppContext) async throws -> Response {
        let query = request.uri.queryParameters
        let system = try Self.coordinateSystem(query["crs"].map(String.init) ?? "wgs84")
        let width = try query["width"].map { raw -> Int in
            guard let width = Int(String(raw)), (100...4096).contains(width) else {
                throw JunhengError.invalid(field: "width", "地图宽度应为 100 到 4096 之间的像素数")
            }
            return width
        } ?? MapShapes.defaultWidth
        let variant = ["parent", "region", "width", "crs"].compactMap { name in query[Substring(name)].map { "\(name)=\($0)" } }
        let key = PublicCache.Key(path: request.uri.path, variant: variant.joined(separator: "&"))
        return try await services.publicCache.body(for: key) {
            let regions: [Region]
            if let parent = query["parent"] {
                regions = try await services.app.regions.children(of: try regionCode(String(parent), field: "parent"))
            } else if let code = query["region"] {
                regions = [try await services.app.regions.region(try regionCode(String(code), field: "region"))]
            } else {
                throw JunhengError.invalid(field: "parent", "请用 parent=地区代码 取其下级地区的边界，或用 region=地区代码 取一个地区的边界")
            }
            let shapes = try await maps.shapes(of: regions, width: width, in: system)
            return CachedBody.Source(bytes: ByteBuffer(bytes: MapUseCases.geoJSON(shapes)), contentType: "application/geo+json",
                                     cacheControl: "no-cache")
        }.response(to: request, context: context)
    }

    static func coordinateSystem(_ text: String) throws -> CoordinateSystem {
        guard let system = CoordinateSystem(rawValue: text.lowercased()) else {
            throw JunhengError.invalid(field: "crs", "坐标系应为 wgs84 或 gcj02")
        }
        return system
    }

    @Sendable func sources(_ request: Request, context: AppContext) async throws -> JSON<ItemList<BoundarySummary>> {
        JSON(ItemList(try await maps.summaries()))
    }

    /// The GeoJSON file as the body (or the `file` of a multipart form); the options as query
    /// parameters (or form fields): `codeProperty`, `nameProperty`, `crs`, `source`, `vintage`,
    /// `approvalNumber`.
    @Sendable func importBoundaries(_ request: Request, context: AppContext) async throws -> JSON<BoundaryImportResult> {
        _ = try context.requireUser()
        var request = request
        let file = try await UploadedFile(request: &request, context: context)
        return JSON(try await maps.importBoundaries(file.data, options: try Self.options(file.fields), actor: context.actor),
                    status: .created)
    }

    static func options(_ fields: [String: String]) throws -> BoundaryImportOptions {
        BoundaryImportOptions(
            codeProperty: fields["codeProperty"].flatMap { $0.isEmpty ? nil : $0 } ?? "code",
            nameProperty: fields["nameProperty"].flatMap { $0.isEmpty ? nil : $0 },
            coordinateSystem: try coordinateSystem(fields["crs"] ?? ""), source: fields["source"] ?? "",
            vintage: fields["vintage"] ?? "", approvalNumber: fields["approvalNumber"] ?? "")
    }
}

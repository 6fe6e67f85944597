import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JunhengApp
import JunhengCore
import JunhengTestSupport
import Storage
import Testing

/// Issue 14 over HTTP: boundaries as GeoJSON, their import by API and page (all or nothing, the
/// form keeping what was typed), and the choropleths of the indicator and equalization pages.
@Suite struct MapsFlowTests {
    static let demoFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/JunhengApp/Demo/Maps/xingtai-boundaries.geojson")

    @Test(arguments: TestEngine.all)
    func theChildrenOfXingtaiComeAsGeoJSONAndColourTheIndicatorAndEqualizationPages(engine: TestEngine) async throws {
        try await TestServer.with(engine, demo: (maps: true, survey: false)) { client, fixture in
            let geo = try await client.execute(uri: "/api/v1/boundaries?parent=130500", method: .get, headers: [:])
            #expect(geo.status == .ok && geo.headers[.contentType] == "application/geo+json")
            let features = try #require(try geo.object["features"] as? [[String: Any]])
            #expect(features.count == 18)
            #expect((features.first?["properties"] as? [String: String]) == ["code": "130502", "name": "襄都区"])
            let gcj = try await client.execute(uri: "/api/v1/boundaries?region=130500&crs=gcj02", method: .get, headers: [:])
            #expect(gcj.status == .ok && gcj.bodyText != geo.bodyText)
            let bad = try await client.json(.get, "/api/v1/boundaries?parent=130500&crs=bd09")
            #expect(bad.status == .unprocessableContent && bad.bodyText.contains("坐标系应为 wgs84 或 gcj02"))

            let indicator = try await client.execute(uri: "/indicators/1?region=130500", method: .get, headers: [.accept: "text/html"])
            let map = try #require(Self.svg(in: indicator.bodyText, after: "class=\"chart map\""))
            #expect(map.contains("<g class=\"regions\"") && map.contains("<title>临城县"))
            #expect(map.utf8.count < 100_000, "the Xingtai map is \(map.utf8.count) bytes")
            #expect(map.contains("非审定边界"))

            let equalization = try await client.execute(uri: "/equalization?region=130500&indicator=1&year=2020", method: .get,
                                                        headers: [.accept: "text/html"])
            let equalizationMap = try #require(Self.svg(in: equalization.bodyText, after: "class=\"chart map\""))
            #expect(equalizationMap.contains("2020年") && equalizationMap.contains("<g class=\"regions\""))

            // The region page and the overview colour the counties by the composite index.
            for uri in ["/regions/130500", "/equalization/overview?region=130500"] {
                let page = try await client.execute(uri: uri, method: .get, headers: [.accept: "text/html"])
                let composite = try #require(Self.svg(in: page.bodyText, after: "class=\"chart map\""), "\(uri)")
                #expect(composite.contains("综合均等化指数") && composite.contains("<title>南宫市"), "\(uri)")
            }
        }
    }

    /// The first SVG document after `marker` in `page`.
    static func svg(in page: String, after marker: String) -> String? {
        guard let at = page.range(of: marker), let start = page.range(of: "<svg", range: at.upperBound..<page.endIndex),
              let end = page.range(of: "</svg>", range: start.upperBound..<page.endIndex) else { return nil }
        return String(page[start.lowerBound..<end.upperBound])
    }

    @Test(arguments: TestEngine.all)
    func aRefusedImportOnThePageKeepsWhatWasTypedAndStoresNothing(engine: TestEngine) async throws {
        try await TestServer.with(engine, demo: (maps: false, survey: false)) { client, fixture in
            let planner = try await client.browserLogin(username: "planner", password: TestServer.password)
            let page = try await client.execute(uri: "/maps", method: .get, headers: planner.headers)
            #expect(page.status == .ok && page.bodyText.contains("尚未导入任何边界"))
            let csrf = try #require(page.bodyText.csrfToken)

            let text = try String(contentsOf: Self.demoFile, encoding: .utf8)
            let broken = text.replacingOccurrences(of: "\"code\":\"130522\"", with: "\"code\":\"13052\"")
            var fields = ["_csrf": csrf, "codeProperty": "code", "crs": "gcj02", "source": "市自然资源和规划局", "vintage": "2024",
                          "approvalNumber": "冀S（2024）001号"]
            let form = PagePathTests.multipart(file: broken, filename: "xingtai.geojson", fields: fields)
            var headers = planner.headers
            headers[.contentType] = form.contentType
            let refused = try await client.execute(uri: "/maps", method: .post, headers: headers, body: ByteBuffer(string: form.body))
            #expect(refused.status == .unprocessableContent)
            #expect(refused.bodyText.contains("第 6 个要素：区划代码 13052 不在区划库中"))
            #expect(refused.bodyText.contains("value=\"市自然资源和规划局\"") && refused.bodyText.contains("value=\"冀S（2024）001号\""))
            #expect(try await BoundaryStore(fixture.database.sql).summaries().isEmpty)

            fields["_csrf"] = try #require(refused.bodyText.csrfToken)
            let good = PagePathTests.multipart(file: text, filename: "xingtai.geojson", fields: fields)
            headers[.contentType] = good.contentType
            let stored = try await client.execute(uri: "/maps", method: .post, headers: headers, body: ByteBuffer(string: good.body))
            #expect(stored.status == .created)
            #expect(stored.bodyText.contains("已导入 19 个地区的边界（替换 0 个）"))
            #expect(stored.bodyText.contains("<td>市自然资源和规划局</td><td>2024</td><td>冀S（2024）001号</td><td>GCJ02</td>"))
        }
    }

    @Test(arguments: TestEngine.all)
    func theAPIImportsARawFileForAPlannerAndRefusesTheAnonymous(engine: TestEngine) async throws {
        try await TestServer.with(engine, demo: (maps: false, survey: false)) { client, fixture in
            let file = ByteBuffer(data: try Data(contentsOf: Self.demoFile))
            let query = "codeProperty=code&crs=gcj02&source=%E6%B5%8B%E8%AF%95&vintage=2024"
            let anonymous = try await client.execute(uri: "/api/v1/boundaries?\(query)", method: .post,
                                                     headers: [.contentType: "application/geo+json"], body: file)
            #expect(anonymous.status == .unauthorized)
            let imported = try await client.execute(uri: "/api/v1/boundaries?\(query)", method: .post,
                                                    headers: [.contentType: "application/geo+json", .authorization: "Bearer \(fixture.plannerToken)"],
                                                    body: file)
            #expect(imported.status == .created, "\(imported.bodyText.prefix(300))")
            #expect(try imported.object["replaced"] as? Int == 0 && (try imported.object["regionCodes"] as? [String])?.count == 19)
            let sources = try await client.json(.get, "/api/v1/boundaries/sources")
            #expect((try sources.object["count"] as? Int) == 19)
        }
    }
}

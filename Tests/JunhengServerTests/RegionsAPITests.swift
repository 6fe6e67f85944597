import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JunhengApp
import JunhengCore
import JunhengTestSupport
import Storage
import Testing

@Suite struct RegionsAPITests {
    @Test(arguments: TestEngine.all)
    func listsXingtaisEighteenCountyLevelChildren(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, _ in
            let response = try await client.json(.get, "/api/v1/regions?parent=130500")
            #expect(response.status == .ok)
            struct Page: Decodable { let items: [Region]; let count: Int }
            let page = try response.decoded(Page.self)
            #expect(page.count == 18)
            #expect(page.items.first?.name == "襄都区")
            #expect(page.items.map(\.name).contains("信都区"))
            #expect(page.items.last?.name == "沙河市")
        }
    }

    @Test(arguments: TestEngine.all)
    func showsAncestorsSearchAndProvinces(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, _ in
            let detail = try await client.json(.get, "/api/v1/regions/130522").object
            #expect((detail["region"] as? [String: Any])?["name"] as? String == "临城县")
            #expect((detail["ancestors"] as? [[String: Any]])?.map { $0["code"] as? String } == ["130500", "130000"])
            let ancestors = try await client.json(.get, "/api/v1/regions/130522/ancestors").object
            #expect(ancestors["count"] as? Int == 2)
            let search = try await client.json(.get, "/api/v1/regions?q=%E9%82%A2%E5%8F%B0").object // 邢台
            #expect(((search["items"] as? [[String: Any]])?.first)?["code"] as? String == "130500")
            let provinces = try await client.json(.get, "/api/v1/regions").object
            #expect(provinces["count"] as? Int == 34)
        }
    }

    @Test(arguments: TestEngine.all)
    func errorsHaveTheStableShapeAndStatus(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            let missing = try await client.json(.get, "/api/v1/regions/999999")
            #expect(missing.status == .notFound)
            #expect(missing.errorCode == "not_found")
            #expect(missing.headers[.contentType]?.hasPrefix("application/json") == true)
            #expect(missing.headers[HTTPField.Name("X-Request-Id")!] != nil)
            let error = try #require(try missing.object["error"] as? [String: Any])
            #expect(error["message"] is String)
            #expect(error["details"] is [Any])

            let badCode = try await client.json(.get, "/api/v1/regions?parent=13050X")
            #expect(badCode.status == .unprocessableContent)
            #expect(badCode.errorCode == "validation_failed")

            let malformed = try await client.json(.post, "/api/v1/regions", token: fixture.adminToken, body: "{not json")
            #expect(malformed.status == .badRequest)
            #expect(malformed.errorCode == "bad_request")

            let township = #"{"code":"130522100","name":"临城镇","parentCode":"130522"}"#
            #expect(try await client.json(.post, "/api/v1/regions", token: fixture.adminToken, body: township).status == .created)
            let duplicate = try await client.json(.post, "/api/v1/regions", token: fixture.adminToken, body: township)
            #expect(duplicate.status == .conflict)
            #expect(duplicate.errorCode == "conflict")

            let invalid = try await client.json(.post, "/api/v1/regions", token: fixture.adminToken,
                                                body: #"{"code":"130523100","name":"","parentCode":"130522"}"#)
            #expect(invalid.status == .unprocessableContent)
            let details = try #require((try invalid.object["error"] as? [String: Any])?["details"] as? [[String: Any]])
            #expect(Set(details.compactMap { $0["field"] as? String }) == ["name", "code"])

            let unknownRoute = try await client.json(.get, "/api/v1/nothing-here")
            #expect(unknownRoute.status == .notFound)
            #expect(unknownRoute.errorCode == "not_found")
        }
    }

    @Test(arguments: TestEngine.all)
    func datedTreeIsReadableThroughTheAPI(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            let moved = try await client.json(.post, "/api/v1/regions/130522/move", token: fixture.adminToken,
                                              body: #"{"parentCode":"130100","effective":"2025-01-01"}"#)
            #expect(moved.status == .ok)
            let before = try await client.json(.get, "/api/v1/regions?parent=130500&asOf=2024-12-31").object
            let after = try await client.json(.get, "/api/v1/regions?parent=130500&asOf=2025-01-01").object
            #expect(before["count"] as? Int == 18)
            #expect(after["count"] as? Int == 17)
        }
    }
}

@Suite struct SystemEndpointTests {
    @Test(arguments: TestEngine.all)
    func healthReportsEngineAndSchema(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, _ in
            let health = try await client.json(.get, "/healthz").object
            #expect(health["status"] as? String == "ok")
            #expect(health["engine"] as? String == engine.rawValue)
            #expect(health["regions"] as? Int == 3210)
        }
    }

    @Test func metricsAreInPrometheusFormat() async throws {
        try await TestServer.with(.sqlite) { client, _ in
            _ = try await client.json(.get, "/api/v1/regions?parent=130500")
            let metrics = try await client.execute(uri: "/metrics", method: .get)
            #expect(metrics.status == .ok)
            #expect(metrics.headers[.contentType]?.hasPrefix("text/plain") == true)
            #expect(metrics.bodyText.contains("# TYPE hb_requests counter"))
        }
    }
}

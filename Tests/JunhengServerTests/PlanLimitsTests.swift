import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JunhengCore
import JunhengTestSupport
import SQLKit
import Storage
import Testing

/// Issue 16, item 1 through HTTP: plan documents are bounded in work, a refused one leaves
/// nothing stored, and a draft's facts are read a page at a time.
@Suite struct PlanLimitsTests {
    static let sentence = "到2020年，全市学前三年毛入园率达到90%以上。"

    static func post(_ client: any TestClientProtocol, _ text: String, token: String, region: String? = nil) async throws
        -> TestResponse {
        try await client.execute(
            uri: "/api/v1/plans/ingest?filename=repeated.txt" + (region.map { "&region=\($0)" } ?? ""), method: .post,
            headers: [.authorization: "Bearer \(token)", .contentType: "text/plain; charset=utf-8", .accept: "application/json"],
            body: ByteBuffer(string: text))
    }

    static func stored(_ database: JunhengDatabase) async throws -> (plans: Int, extractions: Int, documents: Int) {
        func count(_ table: String) async throws -> Int {
            try await database.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(table)
                .first()!.decode(column: "n", as: Int.self)
        }
        return (try await count("plans"), try await count("plan_extractions"), try await count("source_documents"))
    }

    @Test(arguments: TestEngine.all)
    func sixMegabytesOfOneSentenceAreRefusedAndNothingIsStored(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            let before = try await Self.stored(fixture.database)
            let text = String(repeating: Self.sentence, count: 6 * 1_048_576 / Self.sentence.utf8.count + 1)
            let response = try await Self.post(client, text, token: fixture.adminToken, region: "130500")
            // Within the 32 MB an upload route allows, so it is the document limit that refuses it.
            #expect(response.status == .unprocessableContent)
            #expect(response.errorCode == "validation_failed")
            #expect(response.bodyText.contains("文件大小 6.0 MB，超过规划文件 5 MB 的上限"), "\(response.bodyText.prefix(300))")
            #expect(try await Self.stored(fixture.database) == before)
        }
    }

    @Test(arguments: TestEngine.all)
    func oneSentenceRepeatedUnderTheSizeLimitStopsAtTheFactLimit(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            let before = try await Self.stored(fixture.database)
            // A few more sentences than the 5,000 facts allowed: small enough that the 10 s limit is
            // far away even on a loaded machine, so it is the fact limit that stops the reading.
            let text = String(repeating: Self.sentence, count: 5_200)
            let response = try await Self.post(client, text, token: fixture.adminToken, region: "130500")
            #expect(response.status == .unprocessableContent)
            // The fact limit stops it (IngestLimitsTests pins that); under a fully loaded test run
            // the server's 10 s reading limit may come first, which refuses it just the same.
            #expect(response.bodyText.contains("超过 5000 条的上限") || response.bodyText.contains("读取文件超过 10 秒的时限"),
                    "\(response.bodyText.prefix(300))")
            #expect(try await Self.stored(fixture.database) == before)
        }
    }

    @Test(arguments: TestEngine.all)
    func extractionsArePaged(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            // About 700 targets: more than one page of the review page.
            let text = String(repeating: Self.sentence, count: 700)
            let ingested = try await Self.post(client, text, token: fixture.adminToken, region: "130500")
            #expect(ingested.status == .created, "\(ingested.bodyText.prefix(300))")
            let id = try #require((try ingested.object["plan"] as? [String: Any])?["id"] as? Int)
            let token = fixture.adminToken
            let all = try await client.json(.get, "/api/v1/plans/\(id)/extractions?limit=1000", token: token).object
            let total = try #require(all["total"] as? Int)
            #expect(total > 500 && all["count"] as? Int == total)
            let ids = (all["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }

            // The default page is 500; offset and limit choose a window of the same order.
            let first = try await client.json(.get, "/api/v1/plans/\(id)/extractions", token: token).object
            #expect(first["count"] as? Int == 500 && first["limit"] as? Int == 500 && first["total"] as? Int == total)
            let window = try await client.json(.get, "/api/v1/plans/\(id)/extractions?offset=5&limit=10", token: token).object
            #expect((window["items"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } == Array(ids[5..<15]))
            #expect(window["offset"] as? Int == 5 && window["count"] as? Int == 10)
            let pending = try await client.json(.get, "/api/v1/plans/\(id)/extractions?status=pending&limit=1", token: token)
                .object
            #expect(pending["total"] as? Int == total && pending["count"] as? Int == 1)
            for bad in ["limit=0", "limit=1001", "offset=-1", "limit=x", "status=maybe"] {
                let response = try await client.json(.get, "/api/v1/plans/\(id)/extractions?\(bad)", token: token)
                #expect(response.status == .unprocessableContent, "\(bad)")
            }
            // The plan's counts come from the database, not from reading every fact.
            let detail = try await client.json(.get, "/api/v1/plans/\(id)", token: token).object
            #expect((detail["extractions"] as? [String: [String: Int]])?["target"]?["pending"] == total)

            // The review page shows the first 500 with the count and a link to the rest.
            let page = try await client.execute(uri: "/plans/\(id)", method: .get,
                                                headers: [.authorization: "Bearer \(token)"], body: nil).bodyText
            #expect(page.contains("第 1–500 条，共 \(total) 条"))
            #expect(page.contains(#"href="/plans/\#(id)?offset=500" rel="next""#))
            #expect(page.components(separatedBy: #"class="fact s-"#).count - 1 == 500)
            let second = try await client.execute(uri: "/plans/\(id)?offset=500", method: .get,
                                                  headers: [.authorization: "Bearer \(token)"], body: nil).bodyText
            #expect(second.contains("第 501–\(total) 条，共 \(total) 条"))
            #expect(second.contains(#"href="/plans/\#(id)?offset=0" rel="prev""#))
            #expect(second.contains(#"/extractions/\#(ids[500])?offset=500""#))
        }
    }
}

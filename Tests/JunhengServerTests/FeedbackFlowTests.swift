import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JunhengApp
import JunhengCore
import JunhengTestSupport
import Storage
import Testing

/// Issue 13 over HTTP: the public feedback form (anonymous, CSRF-bound to the pre-session
/// cookie), its receipt, the handlers' API, and what the public may and may not see.
@Suite struct FeedbackFlowTests {
    /// Opens the public form as a browser does and returns the pre-session cookie and the token.
    private static func openForm(_ client: any TestClientProtocol) async throws -> (cookie: String, csrf: String, page: String) {
        let page = try await client.execute(uri: "/feedback", method: .get, headers: [.accept: "text/html"])
        #expect(page.status == .ok)
        return (try #require(page.cookie(named: "jh_pre")), try #require(page.bodyText.csrfToken), page.bodyText)
    }

    /// Posts the form's fields, percent-encoded as a browser sends them.
    private static func post(_ client: any TestClientProtocol, cookie: String, _ fields: KeyValuePairs<String, String>)
        async throws -> TestResponse {
        // Only unreserved ASCII stays as it is (`.alphanumerics` would keep Chinese letters raw).
        let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~")
        let body = fields.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: unreserved)!)" }
            .joined(separator: "&")
        return try await client.execute(uri: "/feedback", method: .post,
                                        headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "jh_pre=\(cookie)",
                                                  .accept: "text/html"],
                                        body: ByteBuffer(string: body))
    }

    @Test(arguments: TestEngine.all)
    func anAnonymousMessageGetsAReceiptAndItsAnswerIsReadByReceipt(engine: TestEngine) async throws {
        try await TestServer.with(engine, demo: (maps: false, survey: false)) { client, fixture in
            let (cookie, csrf, page) = try await Self.openForm(client)
            #expect(page.contains("name=\"website\"") && page.contains("class=\"honeypot\""))
            #expect(page.contains("<option value=\"130522\">临城县</option>"))

            // A message too short comes back with what was typed, nothing stored.
            let short = try await Self.post(client, cookie: cookie, ["_csrf": csrf, "kind": "complaint", "region": "130522",
                                                                     "text": "太慢", "contactName": "李女士", "website": ""])
            #expect(short.status == .unprocessableContent)
            #expect(short.bodyText.contains("请把诉求写清楚，至少 10 个字") && short.bodyText.contains("value=\"李女士\""))
            #expect(try await FeedbackStore(fixture.database.sql).list().isEmpty)

            let text = "临城县医院周末不开专家门诊，希望增加周末门诊。"
            let sent = try await Self.post(client, cookie: cookie, ["_csrf": csrf, "kind": "complaint", "region": "130522",
                                                                    "text": text, "contactPhone": "0319-5123456", "website": ""])
            #expect(sent.status == .created)
            let receipt = try #require(sent.bodyText.firstMatch(of: /id="receipt">([0-9]{8}-[0-9A-Z]{8})</)?.1).description

            // The same message again within a minute is refused, naming the receipt.
            let again = try await Self.post(client, cookie: cookie, ["_csrf": csrf, "kind": "complaint", "region": "130522",
                                                                     "text": text, "website": ""])
            #expect(again.status == .conflict && again.bodyText.contains(receipt))

            // The planner answers through the API; the contact is not theirs to see.
            let cases = try await client.json(.get, "/api/v1/feedback/cases", token: fixture.plannerToken)
            let items = try #require(try cases.object["items"] as? [[String: Any]])
            #expect(items.count == 1 && items[0]["receipt"] as? String == receipt && items[0]["contact"] == nil)
            let id = try #require(items[0]["id"] as? Int)
            let answered = try await client.json(.post, "/api/v1/feedback/cases/\(id)/steps", token: fixture.plannerToken,
                                                 body: #"{"step":"answer","answer":"县医院自2027年1月起周六上午开设专家门诊。"}"#)
            #expect(answered.status == .ok)

            let shown = try await client.execute(uri: "/feedback/receipt?number=\(receipt.lowercased())", method: .get,
                                                 headers: [.accept: "text/html"])
            #expect(shown.status == .ok && shown.bodyText.contains("县医院自2027年1月起周六上午开设专家门诊。"))
            #expect(!shown.bodyText.contains("0319-5123456"))
            let json = try await client.json(.get, "/api/v1/feedback/receipts/\(receipt)")
            #expect(try json.object["status"] as? String == "answered")
            let list = try await client.json(.get, "/api/v1/feedback/answers")
            #expect(try (list.object["items"] as? [[String: Any]])?.count == 1)
        }
    }

    @Test func robotsUnknownReceiptsAndAnonymousHandlersAreRefused() async throws {
        try await TestServer.with(.sqlite, demo: (maps: false, survey: false)) { client, fixture in
            let (cookie, csrf, _) = try await Self.openForm(client)
            let robot = try await Self.post(client, cookie: cookie, ["_csrf": csrf, "kind": "request", "region": "130500",
                                                                     "text": "0123456789abcdef", "website": "http://spam"])
            #expect(robot.status == .unprocessableContent)
            let noToken = try await Self.post(client, cookie: cookie, ["kind": "request", "region": "130500", "text": "0123456789abcdef"])
            #expect(noToken.status == .forbidden)
            #expect(try await FeedbackStore(fixture.database.sql).list().isEmpty)
            var generator = SplitMix64(state: 7)
            let unknown = ReceiptNumber.make(day: CalendarDay(year: 2026, month: 12, day: 5)!, using: &generator)
            #expect(try await client.json(.get, "/api/v1/feedback/receipts/\(unknown)").status == .notFound)
            #expect(try await client.json(.get, "/api/v1/feedback/receipts/12345").status == .unprocessableContent)
            #expect(try await client.json(.get, "/api/v1/feedback/cases").status == .unauthorized)
            let reporter = try await client.json(.get, "/api/v1/feedback/cases", token: fixture.linchenToken)
            #expect(reporter.status == .forbidden)
        }
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JunhengCore
import JunhengTestSupport
import SQLKit
import Storage
import Testing

/// Issue 15, point 7, over HTTP: each fact says why it was proposed and how sure the ingester is,
/// the most doubtful first on request; a reviewer adds what the ingester missed from a passage of
/// the text, through the API or the review page (which works without its script too).
@Suite struct PlanAdditionFlowTests {
    /// The supplementary plan, uploaded by the Xingtai planner; its id and its repaired text.
    static func upload(_ client: any TestClientProtocol, _ fixture: Fixture) async throws -> (id: Int, text: String) {
        let response = try await client.execute(
            uri: "/api/v1/plans/ingest?filename=supplement.txt", method: .post,
            headers: [.authorization: "Bearer \(fixture.plannerToken)", .contentType: "text/plain; charset=utf-8"],
            body: ByteBuffer(string: SupplementaryPlan.document))
        #expect(response.status == .created, "\(response.bodyText)")
        let id = try #require((try response.object["plan"] as? [String: Any])?["id"] as? Int)
        let document = try await client.json(.get, "/api/v1/plans/\(id)/document", token: fixture.plannerToken).object
        let text = try #require(document["repairedText"] as? String)
        #expect(document["repairedLength"] as? Int == text.unicodeScalars.count)
        #expect((document["originalText"] as? String)?.contains("體育場地") == true)
        return (id, text)
    }

    static func count(_ fixture: Fixture, plan id: Int) async throws -> Int {
        try await fixture.database.sql.raw("SELECT COUNT(*) AS n FROM plan_extractions WHERE plan_id = \(bind: id)")
            .first()!.decode(column: "n", as: Int.self)
    }

    @Test(arguments: TestEngine.all)
    func theAPIAddsAFactFromAPassageAuditsItAndRefusesWhatItMayNot(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            let (id, text) = try await Self.upload(client, fixture)
            let words = try SupplementaryPlan.offsets(of: SupplementaryPlan.missedTarget, in: text)
            let body = #"{"kind":"target","start":\#(words.lowerBound),"end":\#(words.upperBound),"fields":{"indicator":"每万人拥有公共文化设施面积","value":"1200","unit":"平方米"}}"#
            let added = try await client.json(.post, "/api/v1/plans/\(id)/extractions", token: fixture.plannerToken, body: body)
            #expect(added.status == .created, "\(added.bodyText)")
            let fact = try added.object
            #expect(fact["rule"] as? String == "manual" && fact["confidence"] as? Double == 1 && fact["status"] as? String == "accepted")
            #expect(fact["quote"] as? String == SupplementaryPlan.missedTarget)
            #expect((fact["fields"] as? [String: String])?["value"] == "1200")
            let listed = try await client.json(.get, "/api/v1/plans/\(id)/extractions?kind=target", token: fixture.plannerToken).object
            #expect((listed["items"] as? [[String: Any]])?.contains { $0["id"] as? Int == fact["id"] as? Int && $0["rule"] as? String == "manual" } == true)
            let audit = try await AuditLog(fixture.database.sql).entries(
                matching: AuditFilter(action: "add", entity: "plan_extraction", entityID: String(fact["id"] as! Int)), limit: 1)
            #expect(audit.first?.username == "planner")

            // Refusals name the field and store nothing.
            let before = try await Self.count(fixture, plan: id)
            for (bad, field) in [(#"{"kind":"target","start":0,"end":99999,"fields":{"value":"1"}}"#, "end"),
                                 (#"{"kind":"target","start":\#(words.lowerBound),"end":\#(words.upperBound)}"#, "indicator"),
                                 (#"{"kind":"colour","start":0,"end":4}"#, "kind"),
                                 (#"{"kind":"task","end":4}"#, "start"),
                                 (#"{"kind":"task","start":0,"end":4,"status":"dropped"}"#, "status")] {
                let refused = try await client.json(.post, "/api/v1/plans/\(id)/extractions", token: fixture.plannerToken, body: bad)
                #expect(refused.status == .unprocessableContent, "\(bad): \(refused.bodyText)")
                let details = ((try refused.object["error"] as? [String: Any])?["details"] as? [[String: Any]]) ?? []
                #expect(details.first?["field"] as? String == field, "\(bad): \(refused.bodyText)")
            }
            #expect(try await client.json(.post, "/api/v1/plans/\(id)/extractions", token: fixture.plannerToken,
                                          body: body).status == .conflict)
            #expect(try await Self.count(fixture, plan: id) == before)

            // A draft is hidden from a county reporter; once published, nobody adds to it.
            let task = #"{"kind":"task","start":0,"end":4,"fields":{"title":"补充"}}"#
            #expect(try await client.json(.post, "/api/v1/plans/\(id)/extractions", token: fixture.linchenToken, body: task).status == .notFound)
            #expect(try await client.json(.post, "/api/v1/plans/\(id)/extractions", body: task).status == .unauthorized)
            try await fixture.database.sql.raw("UPDATE plans SET status = 'published' WHERE id = \(bind: id)").run()
            let reporter = try await client.json(.post, "/api/v1/plans/\(id)/extractions", token: fixture.linchenToken, body: task)
            #expect(reporter.status == .forbidden)
            #expect(try await client.json(.post, "/api/v1/plans/\(id)/extractions", token: fixture.plannerToken, body: task).status == .conflict)
            #expect(try await Self.count(fixture, plan: id) == before)
        }
    }

    @Test(arguments: TestEngine.all)
    func theMostDoubtfulComeFirstAndEachFactSaysWhyInTheReviewersWords(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            let (id, _) = try await Self.upload(client, fixture)
            let db = fixture.database.sql
            // What the ingester will say once its rules are recorded, and an item it read from a sentence.
            let targets = try await db.raw("SELECT id FROM plan_extractions WHERE plan_id = \(bind: id) AND kind = 'target' ORDER BY sort_order")
                .all().map { try $0.decode(column: "id", as: Int.self) }
            try #require(targets.count == 2)
            try await db.raw("UPDATE plan_extractions SET rule = 'target.comparatorVerb', confidence = 0.35 WHERE id = \(bind: targets[1])").run()
            try await db.raw("UPDATE plan_extractions SET rule = 'target.indicatorTable.row', confidence = 0.9 WHERE id = \(bind: targets[0])").run()
            try await db.raw("UPDATE plan_extractions SET rule = 'task.somethingNew', confidence = 0.8 WHERE plan_id = \(bind: id) AND kind = 'task'").run()
            try await db.raw("""
                INSERT INTO plan_extractions (plan_id, kind, sort_order, fields_json, repaired_start, repaired_end, original_start,
                  original_end, quote, rule, confidence, origin)
                VALUES (\(bind: id), 'item', 99, '{"domain":"文体服务保障","name":"公共文化设施开放"}', 0, 4, 0, 4, '公共文化设施',
                  'item.prose', 0.5, 'prose')
                """).run()

            let doubtful = try await client.json(.get, "/api/v1/plans/\(id)/extractions?order=confidence", token: fixture.plannerToken).object
            let items = try #require(doubtful["items"] as? [[String: Any]])
            #expect(items.map { $0["confidence"] as? Double ?? -1 } == [0.35, 0.5, 0.8, 0.9])
            #expect(items[1]["origin"] as? String == "prose")
            #expect(try await client.json(.get, "/api/v1/plans/\(id)/extractions?order=newest", token: fixture.plannerToken)
                .status == .unprocessableContent)

            let session = try await client.browserLogin(username: "planner", password: TestServer.password)
            let page = try await client.execute(uri: "/plans/\(id)?order=confidence", method: .get, headers: session.headers).bodyText
            // In the order asked, each with its rule in words, its confidence, the doubtful marked.
            let positions = [targets[1], targets[0]].compactMap { page.range(of: #"id="fact-\#($0)""#)?.lowerBound }
            #expect(positions.count == 2 && positions[0] < positions[1])
            #expect(page.contains(#"<span title="target.comparatorVerb">依据：比较词+数值（达到、不低于、控制在…）</span>"#))
            #expect(page.contains(#"<span title="target.indicatorTable.row">依据：指标表中的一行</span>"#))
            #expect(page.contains(#"<span title="task.somethingNew">依据：任务句+责任单位</span>"#))
            #expect(page.contains("置信度 35% · 存疑") && page.contains("置信度 90%</span>"))
            #expect(page.contains("从正文识别，请确认"))
            #expect(page.contains(#"<strong aria-current="page">最可疑的在前</strong>"#))
            // A review form on this listing comes back to it.
            #expect(page.contains(#"/extractions/\#(targets[1])?order=confidence""#))

            let english = try await client.execute(uri: "/plans/\(id)?order=confidence&lang=en", method: .get, headers: session.headers).bodyText
            #expect(english.contains("Found by: A comparison word before the number") && english.contains("Confidence 35% · Doubtful"))
            #expect(english.contains("Found in a sentence: please confirm"))
        }
    }

    @Test(arguments: TestEngine.all)
    func theReviewPageAddsAFactFromASelectionAndKeepsWhatWasTypedWhenRefused(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            let (id, text) = try await Self.upload(client, fixture)
            let words = try SupplementaryPlan.offsets(of: SupplementaryPlan.missedTarget, in: text)
            let session = try await client.browserLogin(username: "planner", password: TestServer.password)
            let page = try await client.execute(uri: "/plans/\(id)", method: .get, headers: session.headers).bodyText
            #expect(page.contains(#"<form method="get" action="/plans/\#(id)#add" class="select-form" id="select-form">"#))
            #expect(page.contains(#"data-length="\#(text.unicodeScalars.count)""#) && page.contains(#"<span data-at="0">"#))
            #expect(page.contains(#"<script src="/static/plan-review.js" defer></script>"#))
            let csrf = try #require(page.csrfToken)

            // Without the script: the offsets typed, the kind chosen by its button.
            let prepared = try await client.execute(uri: "/plans/\(id)?start=\(words.lowerBound)&end=\(words.upperBound + 1)&add=target",
                                                    method: .get, headers: session.headers)
            #expect(prepared.status == .ok)
            let form = prepared.bodyText
            #expect(form.contains("新增目标指标") && form.contains("<blockquote>\(SupplementaryPlan.missedTarget)</blockquote>"))
            #expect(form.contains(#"<input type="hidden" name="start" value="\#(words.lowerBound)"><input type="hidden" name="end" value="\#(words.upperBound)">"#))
            #expect(form.contains(#"<option value="&gt;=" selected>"#))
            #expect(form.contains(#"<input type="hidden" name="add" value="target">"#) && form.components(separatedBy: #"name="add""#).count == 2 + 4,
                    "the kind of fact is `add`, apart from the target's own field `kind`")

            let outside = try await client.execute(uri: "/plans/\(id)?start=5&end=99999&add=target", method: .get, headers: session.headers)
            #expect(outside.status == .unprocessableContent)
            #expect(outside.bodyText.contains("所选位置 5–99999 超出原文范围"))
            #expect(outside.bodyText.contains(#"name="start" value="5""#) && outside.bodyText.contains(#"name="end" value="99999""#))

            // Saved without a value: refused on the form, the words typed kept, nothing stored.
            var headers = session.headers
            headers[.contentType] = "application/x-www-form-urlencoded"
            func post(_ fields: [String: String]) async throws -> TestResponse {
                let encoded = fields.sorted { $0.key < $1.key }.map {
                    "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)"
                }
                return try await client.execute(uri: "/plans/\(id)/extractions", method: .post, headers: headers,
                                                body: ByteBuffer(string: (["_csrf=\(csrf)"] + encoded).joined(separator: "&")))
            }
            let before = try await Self.count(fixture, plan: id)
            // `add` names the kind of fact; a target's own `kind` (target or achievement) is one of its fields.
            var typed = ["add": "target", "start": String(words.lowerBound), "end": String(words.upperBound),
                         "indicator": "每万人拥有公共文化设施面积", "comparator": ">=", "value": "", "unit": "平方米",
                         "year": "2025", "kind": "target", "decision": "accept"]
            let refused = try await post(typed)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.bodyText.contains("目标值不能为空"))
            #expect(refused.bodyText.contains(#"name="indicator" value="每万人拥有公共文化设施面积""#))
            #expect(refused.bodyText.contains(#"name="value" value="" aria-invalid="true"> <span class="field-error">目标值不能为空</span>"#))
            #expect(refused.bodyText.contains("<blockquote>\(SupplementaryPlan.missedTarget)</blockquote>"))
            #expect(try await Self.count(fixture, plan: id) == before)

            typed["value"] = "1200"
            let saved = try await post(typed)
            #expect(saved.status == .found)
            let stored = try #require(try await fixture.database.sql.raw("""
                SELECT id, status, rule, quote FROM plan_extractions WHERE plan_id = \(bind: id) AND rule = 'manual'
                """).first())
            #expect(saved.headers[.location] == "/plans/\(id)#fact-\(try stored.decode(column: "id", as: Int.self))")
            #expect(try stored.decode(column: "status", as: String.self) == "accepted")
            #expect(try stored.decode(column: "quote", as: String.self) == SupplementaryPlan.missedTarget)

            // A form without its CSRF token is refused as forged.
            let forged = try await client.execute(uri: "/plans/\(id)/extractions", method: .post, headers: headers,
                                                  body: ByteBuffer(string: "add=task&start=0&end=4&title=x"))
            #expect(forged.status == .forbidden)
        }
    }

    @Test func theSelectionScriptIsServedAsJavaScript() async throws {
        try await TestServer.with(.sqlite) { client, _ in
            let script = try await client.execute(uri: "/static/plan-review.js", method: .get)
            #expect(script.status == .ok)
            #expect(script.headers[.contentType]?.contains("javascript") == true)
            #expect(script.bodyText.contains("data-at"))
        }
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JunhengApp
import JunhengCore
import JunhengTestSupport
import SQLKit
import Storage
import Testing

/// The five real seed plans: one copy each, shipped with the demo (Sources/JunhengApp/Demo/Plans).
enum Seeds {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/JunhengApp/Demo/Plans")

    /// `name` is the file's name without `.txt`, e.g. `anju-district-13th`.
    static func text(_ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(name + ".txt"), encoding: .utf8)
    }
}

extension TestClientProtocol {
    func ingest(_ seed: String, token: String, region: String? = nil) async throws -> TestResponse {
        let text = try Seeds.text(seed)
        let query = "filename=\(seed).txt" + (region.map { "&region=\($0)" } ?? "")
        return try await execute(uri: "/api/v1/plans/ingest?\(query)", method: .post,
                                 headers: [.authorization: "Bearer \(token)", .contentType: "text/plain; charset=utf-8"],
                                 body: ByteBuffer(string: text))
    }
}

@Suite struct PlanFlowTests {
    @Test(arguments: TestEngine.all)
    func nobodyPublishesAPlanTheyUploadedAdminsIncluded(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            let ingested = try await PlanLimitsTests.post(client, "邢台市规划\n到2025年，学前三年毛入园率达到90%。\n",
                                                          token: fixture.plannerToken, region: "130500")
            let id = try #require((try ingested.object["plan"] as? [String: Any])?["id"] as? Int)
            #expect(try await client.json(.post, "/api/v1/plans/\(id)/accept-pending", token: fixture.plannerToken).status == .ok)
            let own = try await client.json(.post, "/api/v1/plans/\(id)/publish", token: fixture.plannerToken)
            #expect(own.status == .forbidden)
            #expect(own.errorCode == "forbidden")
            #expect(((try own.object["error"] as? [String: Any])?["message"] as? String)
                == "不能发布自己上传的规划：规划草稿须由上传者以外有发布权限的人员审核后发布")
            #expect(try await PlanStore(fixture.database.sql).plan(Int64(id))?.status == "draft")

            // An administrator's own upload is no different; another administrator publishes it.
            let adminUpload = try await client.ingest("anju-district-13th", token: fixture.adminToken)
            let adminPlan = try #require((try adminUpload.object["plan"] as? [String: Any])?["id"] as? Int)
            _ = try await client.json(.post, "/api/v1/plans/\(adminPlan)/accept-pending", token: fixture.adminToken)
            #expect(try await client.json(.post, "/api/v1/plans/\(adminPlan)/publish", token: fixture.adminToken).status == .forbidden)
            #expect(try await client.json(.post, "/api/v1/plans/\(adminPlan)/publish", token: fixture.publisherToken).status == .ok)

            // Someone else with the right to publish in the region (here an administrator) approves the planner's draft.
            #expect(try await client.json(.post, "/api/v1/plans/\(id)/publish", token: fixture.adminToken).status == .ok)
        }
    }

    @Test(arguments: TestEngine.all)
    func innerMongoliaPublishesEightDomainsAndEightyTwoItems(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            let ingested = try await client.ingest("inner-mongolia-13th", token: fixture.adminToken)
            #expect(ingested.status == .created, "\(ingested.bodyText)")
            let body = try ingested.object
            let plan = try #require(body["plan"] as? [String: Any])
            let id = try #require(plan["id"] as? Int)
            #expect(plan["regionCode"] as? String == "150000")
            #expect(plan["status"] as? String == "draft")
            #expect((body["extractions"] as? [String: Int])?["item"] == 82)

            // Drafts are not public.
            #expect(try await client.json(.get, "/api/v1/plans/\(id)").status == .notFound)
            // Nothing is published unreviewed.
            let early = try await client.json(.post, "/api/v1/plans/\(id)/publish", token: fixture.publisherToken)
            #expect(early.status == .conflict)

            let accepted = try await client.json(.post, "/api/v1/plans/\(id)/accept-pending", token: fixture.adminToken).object
            #expect((accepted["needsEdit"] as? [Any])?.isEmpty == true)
            let published = try await client.json(.post, "/api/v1/plans/\(id)/publish", token: fixture.publisherToken)
            #expect(published.status == .ok)
            let summary = try published.object
            #expect(summary["serviceItems"] as? Int == 82)
            #expect(summary["domains"] as? Int == 8)
            #expect((summary["targets"] as? Int ?? 0) > 0)
            #expect(summary["indicators"] as? Int == summary["targets"] as? Int)

            let db = fixture.database.sql
            let items = try await db.raw("SELECT COUNT(*) AS n FROM service_items").first()!.decode(column: "n", as: Int.self)
            #expect(items == 82)
            let version = try #require(try await db.raw("SELECT status, region_code FROM catalogue_versions").first())
            #expect(try version.decode(column: "status", as: String.self) == "draft")
            #expect(try version.decode(column: "region_code", as: String.self) == "150000")
            // Published plans are public, and every target can show the sentence it came from.
            #expect(try await client.json(.get, "/api/v1/plans/\(id)").status == .ok)
            let targetID = try await db.raw("SELECT MIN(id) AS id FROM targets").first()!.decode(column: "id", as: Int.self)
            let provenance = try await client.json(.get, "/api/v1/provenance?entity=target&id=\(targetID)").object
            let record = try #require((provenance["items"] as? [[String: Any]])?.first)
            let value = try await db.raw("SELECT target_value FROM targets WHERE id = \(bind: targetID)").first()!
                .decode(column: "target_value", as: Double.self)
            let number = value.rounded() == value ? String(Int(value)) : String(value)
            #expect((record["quote"] as? String)?.contains(number) == true)
            // Published plans are immutable.
            #expect(try await client.json(.post, "/api/v1/plans/\(id)/accept-pending", token: fixture.adminToken).status == .conflict)
        }
    }

    @Test(arguments: TestEngine.all)
    func anjuTasksKeepTheirLeadAndCooperatingDepartments(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            let ingested = try await client.ingest("anju-district-13th", token: fixture.adminToken)
            #expect(ingested.status == .created)
            let id = try #require((try ingested.object["plan"] as? [String: Any])?["id"] as? Int)
            _ = try await client.json(.post, "/api/v1/plans/\(id)/accept-pending", token: fixture.adminToken)
            let summary = try await client.json(.post, "/api/v1/plans/\(id)/publish", token: fixture.publisherToken).object
            #expect((summary["tasks"] as? Int ?? 0) >= 20)
            let db = fixture.database.sql
            let leads = try await db.raw("SELECT COUNT(*) AS n FROM task_departments WHERE role = 'lead'").first()!
                .decode(column: "n", as: Int.self)
            let cooperating = try await db.raw("SELECT COUNT(*) AS n FROM task_departments WHERE role = 'cooperating'").first()!
                .decode(column: "n", as: Int.self)
            #expect(leads >= 20)
            #expect(cooperating > leads)
            let education = try await db.raw("""
                SELECT COUNT(*) AS n FROM task_departments WHERE role = 'lead' AND department_name = '区教育局'
                """).first()!.decode(column: "n", as: Int.self)
            #expect(education > 0)
        }
    }

    @Test(arguments: TestEngine.all)
    func reviewEditsAreValidatedAndAudited(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            let ingested = try await client.ingest("anju-district-13th", token: fixture.adminToken)
            let id = try #require((try ingested.object["plan"] as? [String: Any])?["id"] as? Int)
            let targets = try await client.json(.get, "/api/v1/plans/\(id)/extractions?kind=target", token: fixture.adminToken).object
            let first = try #require((targets["items"] as? [[String: Any]])?.first)
            let extraction = try #require(first["id"] as? Int)

            let bad = try await client.json(.patch, "/api/v1/plans/\(id)/extractions/\(extraction)", token: fixture.adminToken,
                                            body: #"{"fields":{"value":"九十"}}"#)
            #expect(bad.status == .unprocessableContent)
            #expect(bad.bodyText.contains("value"))
            let unknown = try await client.json(.patch, "/api/v1/plans/\(id)/extractions/\(extraction)", token: fixture.adminToken,
                                                body: #"{"fields":{"colour":"red"}}"#)
            #expect(unknown.status == .unprocessableContent)

            let audit = AuditLog(fixture.database.sql)
            let before = try await audit.count()
            let good = try await client.json(.patch, "/api/v1/plans/\(id)/extractions/\(extraction)", token: fixture.adminToken,
                                             body: #"{"fields":{"value":"97.5","year":"2020"}}"#)
            #expect(good.status == .ok)
            let edited = try good.object
            #expect(edited["status"] as? String == "accepted")
            #expect(edited["edited"] as? Bool == true)
            #expect((edited["fields"] as? [String: String])?["value"] == "97.5")
            #expect(try await audit.count() == before + 1)

            let dropped = try await client.json(.patch, "/api/v1/plans/\(id)/extractions/\(extraction)", token: fixture.adminToken,
                                                body: #"{"status":"dropped"}"#)
            #expect((try dropped.object)["status"] as? String == "dropped")
        }
    }

    @Test(arguments: TestEngine.all)
    func reviewersSetTheDirectionThatPublishedIndicatorsKeep(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            let ingested = try await client.ingest("anju-district-13th", token: fixture.adminToken)
            let id = try #require((try ingested.object["plan"] as? [String: Any])?["id"] as? Int)
            let targets = try await client.json(.get, "/api/v1/plans/\(id)/extractions?kind=target", token: fixture.adminToken).object
            let target = try #require((targets["items"] as? [[String: Any]])?.first {
                ($0["fields"] as? [String: String])?["kind"] == "target"
            })
            #expect(["higher", "lower"].contains((target["fields"] as? [String: String])?["direction"] ?? ""))
            let bad = try await client.json(.patch, "/api/v1/plans/\(id)/extractions/\(target["id"] as! Int)",
                                            token: fixture.adminToken, body: #"{"fields":{"direction":"up"}}"#)
            #expect(bad.status == .unprocessableContent)
            _ = try await client.json(.patch, "/api/v1/plans/\(id)/extractions/\(target["id"] as! Int)",
                                      token: fixture.adminToken, body: #"{"fields":{"direction":"lower","year":"2020"}}"#)
            _ = try await client.json(.post, "/api/v1/plans/\(id)/accept-pending", token: fixture.adminToken)
            #expect(try await client.json(.post, "/api/v1/plans/\(id)/publish", token: fixture.publisherToken).status == .ok)
            let direction = try await fixture.database.sql.raw("""
                SELECT direction FROM indicators WHERE code = \(bind: "P\(id)-T\((target["sortOrder"] as! Int) + 1)")
                """).first()?.decode(column: "direction", as: String.self)
            #expect(direction == "lower")
        }
    }

    @Test(arguments: TestEngine.all)
    func onlyPlannersOfTheRegionMayIngest(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            // A county reporter has no plan powers; a Xingtai planner cannot import Inner Mongolia's plan.
            #expect(try await client.ingest("xingtai-city-13th", token: fixture.linchenToken).status == .forbidden)
            #expect(try await client.ingest("inner-mongolia-13th", token: fixture.plannerToken).status == .forbidden)
            #expect(try await client.ingest("xingtai-city-13th", token: fixture.plannerToken).status == .created)
            // Anonymous: 401.
            let anonymous = try await client.execute(uri: "/api/v1/plans/ingest", method: .post, headers: [.accept: "application/json"],
                                                     body: ByteBuffer(string: "x"))
            #expect(anonymous.status == .unauthorized)
        }
    }

    @Test(arguments: TestEngine.all)
    func unreadableDocumentsGetAClearErrorAndStoreNothing(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            for (name, bytes) in [("empty.txt", [UInt8]()), ("binary.bin", (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })] {
                let response = try await client.execute(uri: "/api/v1/plans/ingest?filename=\(name)&region=130500", method: .post,
                                                        headers: [.authorization: "Bearer \(fixture.adminToken)"],
                                                        body: ByteBuffer(bytes: bytes))
                #expect(response.status == .unprocessableContent, "\(name)")
                #expect(response.bodyText.contains(name))
            }
            let plans = try await fixture.database.sql.raw("SELECT COUNT(*) AS n FROM plans").first()!.decode(column: "n", as: Int.self)
            #expect(plans == 0)
        }
    }

    @Test(arguments: TestEngine.all)
    func theReviewPageHighlightsAndAcceptsWithCSRF(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            let ingested = try await client.ingest("anju-district-13th", token: fixture.adminToken)
            let id = try #require((try ingested.object["plan"] as? [String: Any])?["id"] as? Int)
            let session = try await client.browserLogin(username: "admin", password: TestServer.password)
            let page = try await client.execute(uri: "/plans/\(id)", method: .get, headers: session.headers)
            #expect(page.status == .ok)
            #expect(page.bodyText.contains("<mark class=\"k-task s-pending\""))
            #expect(page.bodyText.contains("牵头单位"))
            let extraction = try await fixture.database.sql.raw("SELECT MIN(id) AS id FROM plan_extractions WHERE kind = 'task'")
                .first()!.decode(column: "id", as: Int.self)
            var headers = session.headers
            headers[.contentType] = "application/x-www-form-urlencoded"
            let forged = try await client.execute(uri: "/plans/\(id)/extractions/\(extraction)", method: .post, headers: headers,
                                                  body: ByteBuffer(string: "decision=drop"))
            #expect(forged.status == .forbidden)
            let token = try #require(page.bodyText.csrfToken)
            let accepted = try await client.execute(uri: "/plans/\(id)/extractions/\(extraction)", method: .post, headers: headers,
                                                    body: ByteBuffer(string: "_csrf=\(token)&decision=drop"))
            #expect(accepted.status == .found)
            let status = try await fixture.database.sql.raw("SELECT status FROM plan_extractions WHERE id = \(bind: extraction)")
                .first()!.decode(column: "status", as: String.self)
            #expect(status == "dropped")
        }
    }
}

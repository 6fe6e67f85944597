import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JunhengApp
import JunhengCore
import JunhengTestSupport
import Storage
import Testing

/// The key tasks API on Anju's plan (seed 004): the ledger with matched lead departments, the
/// report flow from a department's draft to the supervising office's approval, computed colours,
/// and department names the plan uses that match nobody. Every response is held to its schema in
/// docs/openapi.json.
@Suite struct TasksAPITests {
    static let anju = "510904"
    static let preschool = "推进学前教育普及普惠发展"

    /// Registered departments of Anju, by the names tests use.
    struct Anju {
        let education: Int
        let humanResources: Int
        let disabled: Int
        let tasks: [[String: Any]]

        func task(_ title: String) throws -> [String: Any] {
            try #require(tasks.first { ($0["title"] as? String)?.contains(title) == true }, "no task \(title)")
        }
    }

    /// Registers three Anju departments, then ingests, accepts and publishes the Anju plan, so
    /// that publishing matches 区教育局, 区人社局 and 区残联 to them; returns the ledger.
    static func publishAnju(_ client: any TestClientProtocol, _ fixture: Fixture) async throws -> Anju {
        var ids: [Int] = []
        for name in ["安居区教育局", "安居区人力资源和社会保障局", "安居区残疾人联合会"] {
            let created = try await client.json(.post, "/api/v1/departments", token: fixture.adminToken,
                                                body: #"{"regionCode":"\#(anju)","name":"\#(name)"}"#)
            #expect(created.status == .created, "\(created.bodyText)")
            ids.append(try #require(try created.object["id"] as? Int))
        }
        let ingested = try await client.ingest("anju-district-13th", token: fixture.adminToken)
        let plan = try #require((try ingested.object["plan"] as? [String: Any])?["id"] as? Int)
        _ = try await client.json(.post, "/api/v1/plans/\(plan)/accept-pending", token: fixture.adminToken)
        #expect(try await client.json(.post, "/api/v1/plans/\(plan)/publish", token: fixture.publisherToken).status == .ok)
        let ledger = try await client.json(.get, "/api/v1/tasks?region=\(anju)")
        try checkSchema(ledger, .get, "/api/v1/tasks")
        return Anju(education: ids[0], humanResources: ids[1], disabled: ids[2],
                    tasks: try #require(try ledger.object["items"] as? [[String: Any]]))
    }

    /// A user of Anju with a bearer token, straight into the store as the fixture's users are.
    static func user(_ username: String, _ role: Role, department: Int? = nil, _ fixture: Fixture) async throws -> String {
        let users = UserStore(fixture.database.sql)
        let setup = AuditActor.system("test setup")
        let user = try await users.create(
            UserRecord(username: username, displayName: username, role: role, regionCode: RegionCode(rawValue: anju),
                       departmentID: department.map(Int64.init)),
            passwordHash: try await Passwords.hash(TestServer.password, cost: 4), actor: setup)
        let token = "jh_test_\(username)"
        _ = try await users.createToken(userID: user.id, name: "test", tokenHash: Secrets.hash(token), expiresAt: nil, actor: setup)
        return token
    }

    /// Holds a response to the schema docs/openapi.json gives its status.
    static func checkSchema(_ response: TestResponse, _ method: HTTPRequest.Method, _ template: String,
                            sourceLocation: SourceLocation = #_sourceLocation) throws {
        let spec = try OpenAPITests.loadSpec()
        let operation = try #require(((spec["paths"] as? [String: Any])?[template] as? [String: Any])?[method.rawValue.lowercased()]
                                         as? [String: Any], "\(method) \(template) is not in the spec", sourceLocation: sourceLocation)
        let documented = try #require((operation["responses"] as? [String: Any])?[String(response.status.code)] as? [String: Any],
                                      "\(method) \(template) answered \(response.status.code): \(response.bodyText)",
                                      sourceLocation: sourceLocation)
        guard let schema = ((documented["content"] as? [String: Any])?["application/json"] as? [String: Any])?["schema"] else { return }
        let value = try JSONSerialization.jsonObject(with: Data(response.bodyText.utf8))
        let problems = SchemaCheck(spec: spec).problems(value, against: schema, at: "\(method) \(template)")
        #expect(problems.isEmpty, "\(problems)", sourceLocation: sourceLocation)
    }

    @Test(arguments: TestEngine.all)
    func ledgerShowsMatchedLeadsAndReportsGoFromDraftToApproved(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            let anju = try await Self.publishAnju(client, fixture)
            let preschool = try anju.task(Self.preschool)
            #expect((preschool["lead"] as? [String: Any])?["name"] as? String == "安居区教育局")
            #expect((preschool["lead"] as? [String: Any])?["departmentId"] as? Int == anju.education)
            let aid = try anju.task("推动实施教育帮扶政策")
            #expect((aid["cooperating"] as? [[String: Any]])?.compactMap { $0["departmentId"] as? Int }
                        == [anju.humanResources, anju.disabled])
            let taskID = try #require(preschool["id"] as? Int)

            let planner = try await Self.user("anju-planner", .planner, fixture)
            let education = try await Self.user("anju-education", .departmentEditor, department: anju.education, fixture)
            let labour = try await Self.user("anju-labour", .departmentEditor, department: anju.humanResources, fixture)
            let reviewer = try await Self.user("anju-reviewer", .reviewer, fixture)

            let opened = try await client.json(.post, "/api/v1/task-periods", token: planner,
                                               body: #"{"region":"510904","frequency":"quarterly","containing":"2020-02-15"}"#)
            try Self.checkSchema(opened, .post, "/api/v1/task-periods")
            #expect(try opened.object["label"] as? String == "2020年第1季度")
            let period = try #require(try opened.object["id"] as? Int)
            let reportURI = "/api/v1/tasks/\(taskID)/reports/\(period)"

            let saved = try await client.json(.put, reportURI, token: education,
                                              body: #"{"step":"save","progressText":"新建公办幼儿园1所","percent":30}"#)
            try Self.checkSchema(saved, .put, "/api/v1/tasks/{id}/reports/{period}")
            #expect(try saved.object["status"] as? String == "draft")
            let reportID = try #require(try saved.object["id"] as? Int)
            // Another department's editor may not file for a task 安居区教育局 leads.
            let foreign = try await client.json(.put, reportURI, token: labour, body: #"{"step":"save","progressText":"x"}"#)
            #expect(foreign.status == .forbidden)
            try Self.checkSchema(foreign, .put, "/api/v1/tasks/{id}/reports/{period}")

            let submit = #"{"step":"submit","progressText":"新建公办幼儿园2所","percent":60,"reportedStatus":"in_progress"}"#
            #expect(try await client.json(.put, reportURI, token: education, body: submit).object["status"] as? String == "submitted")
            let reviewURI = "/api/v1/task-reports/\(reportID)/review"
            let bare = try await client.json(.post, reviewURI, token: reviewer, body: #"{"step":"return"}"#)
            #expect(bare.status == .unprocessableContent)
            try Self.checkSchema(bare, .post, "/api/v1/task-reports/{id}/review")
            let details = try #require((try bare.object["error"] as? [String: Any])?["details"] as? [[String: Any]])
            #expect(details.map { $0["field"] as? String } == ["comment"])
            let returned = try await client.json(.post, reviewURI, token: reviewer, body: #"{"step":"return","comment":"请补充覆盖率"}"#)
            try Self.checkSchema(returned, .post, "/api/v1/task-reports/{id}/review")
            #expect(try returned.object["status"] as? String == "returned")
            #expect(try returned.object["reviewComment"] as? String == "请补充覆盖率")
            #expect(try await client.json(.put, reportURI, token: education, body: submit).object["status"] as? String == "submitted")
            let approved = try await client.json(.post, reviewURI, token: reviewer, body: #"{"step":"approve","comment":""}"#)
            #expect(try approved.object["status"] as? String == "approved")

            // A draft for the next quarter is the department's business only.
            let next = try await client.json(.post, "/api/v1/task-periods", token: planner,
                                             body: #"{"region":"510904","containing":"2020-05-15"}"#)
            let nextPeriod = try #require(try next.object["id"] as? Int)
            let draftURI = "/api/v1/tasks/\(taskID)/reports/\(nextPeriod)"
            let draft = try await client.json(.put, draftURI, token: education, body: #"{"progressText":"草稿"}"#)
            let draftID = try #require(try draft.object["id"] as? Int)
            #expect(try await client.json(.get, draftURI).status == .notFound)
            let attached = try await client.execute(
                uri: "/api/v1/task-reports/\(draftID)/files?filename=photo.pdf", method: .post,
                headers: [.authorization: "Bearer \(education)", .contentType: "text/html"], body: ByteBuffer(string: "%PDF-1.4"))
            try Self.checkSchema(attached, .post, "/api/v1/task-reports/{id}/files")
            let fileID = try #require(try attached.object["id"] as? Int)
            #expect(try await client.json(.get, "/api/v1/task-files/\(fileID)").status == .notFound)
            let file = try await client.json(.get, "/api/v1/task-files/\(fileID)", token: education)
            #expect(file.headers[.contentType] == "application/pdf")
            #expect(file.bodyText == "%PDF-1.4")

            // A closed period takes no reports until the planner unlocks it for the department.
            let closed = try await client.json(.post, "/api/v1/task-periods/\(nextPeriod)/close", token: planner)
            try Self.checkSchema(closed, .post, "/api/v1/task-periods/{id}/close")
            #expect(try await client.json(.put, draftURI, token: education, body: #"{"progressText":"补报"}"#).status == .conflict)
            let unlocked = try await client.json(.post, "/api/v1/task-periods/\(nextPeriod)/unlock", token: planner,
                                                 body: #"{"departmentId":\#(anju.education),"reason":"系统故障补报"}"#)
            try Self.checkSchema(unlocked, .post, "/api/v1/task-periods/{id}/unlock")
            #expect(try await client.json(.put, draftURI, token: education, body: #"{"progressText":"补报"}"#).status == .ok)
            let mine = try await client.json(.get, "/api/v1/tasks/\(taskID)", token: education)
            #expect((try mine.object["reports"] as? [Any])?.count == 2)

            let public_ = try await client.json(.get, "/api/v1/tasks/\(taskID)")
            try Self.checkSchema(public_, .get, "/api/v1/tasks/{id}")
            let detail = try public_.object
            let task = try #require(detail["task"] as? [String: Any])
            #expect(task["status"] as? String == "in_progress")
            #expect((task["progress"] as? Double ?? 0) > 0)
            #expect(((detail["provenance"] as? [String: Any])?["quote"] as? String)?.contains(Self.preschool) == true)
            let reports = try #require(detail["reports"] as? [[String: Any]])
            #expect(reports.map { $0["status"] as? String } == ["approved"])
            #expect(reports.first?["progressText"] as? String == "新建公办幼儿园2所")
        }
    }

    @Test(arguments: TestEngine.all)
    func coloursMissingTasksAndUnmatchedDepartmentNames(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            let anju = try await Self.publishAnju(client, fixture)
            let taskID = try #require(try anju.task(Self.preschool)["id"] as? Int)

            // Due in the past and not done: red, overdue, without anyone setting a colour.
            let changed = try await client.json(.patch, "/api/v1/tasks/\(taskID)", token: fixture.adminToken,
                                                body: #"{"startsOn":"2021-01-01","dueOn":"2021-06-30"}"#)
            try Self.checkSchema(changed, .patch, "/api/v1/tasks/{id}")
            #expect(try changed.object["colour"] as? String == "red")
            #expect((try changed.object["reason"] as? [String: Any])?["code"] as? String == "overdue")
            let red = try await client.json(.get, "/api/v1/tasks?region=510904&colour=red")
            #expect((try red.object["items"] as? [[String: Any]])?.contains { $0["id"] as? Int == taskID } == true)
            #expect(try await client.json(.get, "/api/v1/tasks?colour=purple").status == .unprocessableContent)

            // A colour set by hand needs a reason and says so.
            let colourURI = "/api/v1/tasks/\(taskID)/colour"
            #expect(try await client.json(.post, colourURI, token: fixture.adminToken, body: #"{"colour":"yellow"}"#).status
                        == .unprocessableContent)
            let overridden = try await client.json(.post, colourURI, token: fixture.adminToken,
                                                   body: #"{"colour":"yellow","reason":"已协调资金"}"#)
            try Self.checkSchema(overridden, .post, "/api/v1/tasks/{id}/colour")
            #expect(try overridden.object["colour"] as? String == "yellow")
            #expect(try overridden.object["computedColour"] as? String == "red")
            #expect((try overridden.object["reason"] as? [String: Any])?["code"] as? String == "overridden")
            let subtask = try await client.json(.post, "/api/v1/tasks/\(taskID)/subtasks", token: fixture.adminToken,
                                                body: #"{"title":"新建城区幼儿园","dueOn":"2021-03-31"}"#)
            try Self.checkSchema(subtask, .post, "/api/v1/tasks/{id}/subtasks")
            #expect(try subtask.object["parentId"] as? Int == taskID)
            #expect(try subtask.object["kind"] as? String == "subtask")

            // The ledger as a spreadsheet, and the unchanged file back: nothing to change.
            let xlsx = try await client.json(.get, "/api/v1/tasks/ledger.xlsx?region=510904")
            #expect(xlsx.status == .ok)
            #expect(Array(xlsx.body.readableBytesView.prefix(2)) == Array("PK".utf8))
            let preview = try await client.execute(uri: "/api/v1/tasks/ledger/preview?filename=ledger.xlsx", method: .post,
                                                   headers: [.authorization: "Bearer \(fixture.adminToken)"], body: xlsx.body)
            try Self.checkSchema(preview, .post, "/api/v1/tasks/ledger/preview")
            #expect((try preview.object["changes"] as? [Any])?.isEmpty == true)
            #expect(try preview.object["unchangedRows"] as? Int == anju.tasks.count + 1)

            let missing = try await client.json(.get, "/api/v1/tasks/999999")
            #expect(missing.status == .notFound)
            try Self.checkSchema(missing, .get, "/api/v1/tasks/{id}")

            // 区卫计局 matched no registered department; the planner maps it once.
            #expect(try await client.json(.get, "/api/v1/task-departments/unmatched?region=510904").status == .unauthorized)
            let unmatched = try await client.json(.get, "/api/v1/task-departments/unmatched?region=510904", token: fixture.adminToken)
            try Self.checkSchema(unmatched, .get, "/api/v1/task-departments/unmatched")
            let names = try #require(try unmatched.object["items"] as? [[String: Any]]).compactMap { $0["name"] as? String }
            #expect(names.contains("区卫计局"))
            #expect(!names.contains("区教育局"))
            let health = try await client.json(.post, "/api/v1/departments", token: fixture.adminToken,
                                               body: #"{"regionCode":"510904","name":"安居区卫生健康局"}"#)
            let healthID = try #require(try health.object["id"] as? Int)
            let mapped = try await client.json(.post, "/api/v1/task-departments/map", token: fixture.adminToken,
                                               body: #"{"region":"510904","name":"区卫计局","departmentId":\#(healthID)}"#)
            try Self.checkSchema(mapped, .post, "/api/v1/task-departments/map")
            let after = try await client.json(.get, "/api/v1/task-departments/unmatched?region=510904", token: fixture.adminToken)
            #expect((try after.object["items"] as? [[String: Any]])?.contains { $0["name"] as? String == "区卫计局" } == false)
            let maternal = try await client.json(.get, "/api/v1/tasks?region=510904&department=\(healthID)")
            let led = try #require(try maternal.object["items"] as? [[String: Any]])
            #expect(led.contains { ($0["title"] as? String)?.contains("强化妇幼健康和计划生育服务") == true
                && ($0["lead"] as? [String: Any])?["departmentId"] as? Int == healthID })

            let settings = try await client.json(.get, "/api/v1/task-settings?region=510904")
            try Self.checkSchema(settings, .get, "/api/v1/task-settings")
            #expect(try settings.object["frequency"] as? String == "quarterly")
            let supervision = try await client.json(.get, "/api/v1/tasks/supervision?region=510904")
            try Self.checkSchema(supervision, .get, "/api/v1/tasks/supervision")
        }
    }
}

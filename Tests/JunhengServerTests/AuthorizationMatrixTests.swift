import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JunhengApp
import JunhengCore
import JunhengServer
import JunhengTestSupport
import Storage
import Testing

extension TestServer {
    /// Adds an account with a bearer token (`jh_test_<username>`) to a test database.
    static func addUser(_ username: String, role: Role, region: String?, department: Int64? = nil,
                        _ fixture: Fixture) async throws -> String {
        try await addUser(username, role: role, region: region, department: department, database: fixture.database)
    }

    static func addUser(_ username: String, role: Role, region: String?, department: Int64? = nil,
                        database: JunhengDatabase) async throws -> String {
        let users = UserStore(database.sql)
        let setup = AuditActor.system("test setup")
        let user = try await users.create(
            UserRecord(username: username, displayName: username, role: role, regionCode: region.flatMap(RegionCode.init(rawValue:)),
                       departmentID: department),
            passwordHash: try await Passwords.hash(password, cost: 4), actor: setup)
        let token = "jh_test_\(username)"
        _ = try await users.createToken(userID: user.id, name: "test", tokenHash: Secrets.hash(token), expiresAt: nil, actor: setup)
        return token
    }
}

/// Issue 16, item 7: every write route the router has × every role × an object in the caller's
/// scope, out of it, and of another department, with the outcome each must have. The routes are
/// read from the router itself, so a route added later fails `everyWriteRouteIsClassified` until
/// it is given a row here.
@Suite struct AuthorizationMatrixTests {
    enum Role: String, CaseIterable, CustomStringConvertible {
        case admin, planner, countyPlanner, departmentEditor, regionReporter, reviewer, anonymous
        var description: String { rawValue }

        var core: JunhengCore.Role? {
            switch self {
            case .admin: .admin
            case .planner, .countyPlanner: .planner
            case .departmentEditor: .departmentEditor
            case .regionReporter: .regionReporter
            case .reviewer: .reviewer
            case .anonymous: nil
            }
        }
    }

    enum Variant: String, CaseIterable, CustomStringConvertible {
        case inScope, outOfScope, otherDepartment
        var description: String { rawValue }
    }

    /// Two worlds on the demo data: Xingtai (city 130500, county 130522) for monitoring,
    /// catalogues, plans and regions; Anju (510904) for tasks. Each is the other's "out of scope".
    enum World: Sendable { case xingtai, anju }

    /// What a route does to decide: the permission it needs over its object's region.
    enum Rule: Sendable {
        /// `permission` over the object's region; `hidden`: an object the caller may not read is
        /// answered 404 (drafts); `rowChecked`: refusals of an upload's rows are 422 with the rows.
        case scoped(Permission, hidden: Bool = false, rowChecked: Bool = false, departmentBound: Bool = false, or: Permission? = nil)
        /// Open to anyone (the login itself).
        case public_
        /// Any signed-in user, on their own things (their tokens, their session).
        case signedIn
    }

    /// A request to send, built from the objects the fixture made.
    struct Call: Sendable {
        var method: HTTPRequest.Method
        var path: String
        var body: String?
        var contentType: String = "application/json"

        /// A page's form (sent with a session and its CSRF token), not an API call.
        var isPage: Bool { !path.hasPrefix("/api/") }
    }

    struct Row: Sendable {
        let route: String
        let world: World
        let rule: Rule
        /// The region of the object each variant acts on (nil: no such variant for this route).
        let build: @Sendable (Variant, Objects) -> (call: Call, region: String)?
    }

    /// The ids the fixture made, by world and variant.
    struct Objects: Sendable {
        var eduIndicator: Int64 = 0
        var healthIndicator: Int64 = 0
        var anjuIndicator: Int64 = 0
        var eduIndicatorCode = ""
        var healthIndicatorCode = ""
        var anjuIndicatorCode = ""
        var submission: [Variant: Int64] = [:]
        var catalogue: [Variant: Int64] = [:]
        var plan: [Variant: (id: Int64, extraction: Int64)] = [:]
        var task: [Variant: Int64] = [:]
        var period: [Variant: Int64] = [:]
        var report: [Variant: Int64] = [:]
        var anjuEducation: Int64 = 0
        var anjuPeriodKey: [Variant: String] = [:]
        /// Draft monitoring reports (issue 12): Lincheng's in scope, Anju's out of it.
        var monitoringReport: [Variant: Int64] = [:]
        /// A citizen's message from Anju: out of Xingtai's scope.
        var anjuFeedback: Int64 = 0
        /// Satisfaction surveys (issue 13), fielded: Lincheng's in scope, Anju's out of it.
        var survey: [Variant: Int64] = [:]
    }

    // MARK: the classification

    static func json(_ method: HTTPRequest.Method, _ path: String, _ body: String? = nil) -> Call {
        Call(method: method, path: path, body: body)
    }

    /// The placeholder a page call's body carries for the caller's CSRF token.
    static let csrfPlaceholder = "{csrf}"

    /// A page form post, its fields percent-encoded after the CSRF token.
    static func form(_ path: String, _ fields: [String: String]) -> Call {
        let encoded = fields.sorted { $0.key < $1.key }.map { key, value in
            "\(key.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? key)=\(value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value)"
        }
        return Call(method: .post, path: path, body: (["_csrf=\(csrfPlaceholder)"] + encoded).joined(separator: "&"),
                    contentType: "application/x-www-form-urlencoded")
    }

    /// A page upload: the CSRF token first (as our forms send it), the fields, then the file.
    static func multipart(_ path: String, _ fields: [String: String], file: String, filename: String) -> Call {
        let boundary = "matrix-boundary"
        var body = ""
        for (name, value) in [("_csrf", csrfPlaceholder)] + fields.sorted(by: { $0.key < $1.key }) {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
        }
        body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(filename)\"\r\n"
            + "Content-Type: application/octet-stream\r\n\r\n\(file)\r\n--\(boundary)--\r\n"
        return Call(method: .post, path: path, body: body, contentType: "multipart/form-data; boundary=\(boundary)")
    }

    /// In-scope objects lie in the county (covered by every scoped account of the world) unless the
    /// object belongs to the city; out-of-scope ones in the other world.
    static let rows: [Row] = {
        var rows: [Row] = []
        func api(_ route: String, in world: World = .xingtai, _ rule: Rule,
                 _ build: @escaping @Sendable (Variant, Objects) -> (call: Call, region: String)?) {
            rows.append(Row(route: route, world: world, rule: rule, build: build))
        }
        @Sendable func scopeOnly(_ variant: Variant, _ inside: String, _ outside: String) -> String? {
            switch variant {
            case .inScope: inside
            case .outOfScope: outside
            case .otherDepartment: nil
            }
        }

        // Regions and groupings.
        api("POST /api/v1/regions", .scoped(.manageTownships)) { variant, _ in
            guard let parent = scopeOnly(variant, "130522", "510904") else { return nil }
            return (json(.post, "/api/v1/regions", #"{"code":"\#(parent)197","name":"矩阵镇","parentCode":"\#(parent)"}"#), parent)
        }
        api("POST /api/v1/regions/{code}/move", .scoped(.manageRegions)) { variant, _ in
            guard let county = scopeOnly(variant, "130522", "510904") else { return nil }
            return (json(.post, "/api/v1/regions/\(county)198/move", #"{"parentCode":"\#(county)","effective":"2025-01-01"}"#), county)
        }
        // Boundaries (issue 14): a one-feature file for a county of the caller's world or of the other.
        @Sendable func boundaryFile(_ code: String) -> String {
            #"{"type":"Feature","properties":{"code":"\#(code)"},"geometry":{"type":"Polygon","coordinates":[[[114.1,37.4],[114.2,37.4],[114.2,37.5],[114.1,37.4]]]}}"#
        }
        api("POST /api/v1/boundaries", .scoped(.manageRegions)) { variant, _ in
            guard let county = scopeOnly(variant, "130522", "510904") else { return nil }
            return (json(.post, "/api/v1/boundaries?crs=wgs84&source=m&vintage=2024", boundaryFile(county)), county)
        }
        // Facilities and population points (issue 14): one row in a county of the caller's world or of
        // the other; a row outside the uploader's scope is refused with the row named.
        @Sendable func facilityFile(_ code: String) -> String {
            "编号,名称,类型,区划代码,经度,纬度\nF-matrix-\(code),矩阵卫生室,村卫生室,\(code),114.5,37.44\n"
        }
        @Sendable func populationFile(_ code: String) -> String {
            "编号,名称,区划代码,经度,纬度,常住人口,年份\nP-matrix-\(code),矩阵村,\(code),114.5,37.44,1000,2024\n"
        }
        api("POST /api/v1/facilities", .scoped(.submitData, rowChecked: true)) { variant, _ in
            guard let county = scopeOnly(variant, "130522", "510904") else { return nil }
            return (Call(method: .post, path: "/api/v1/facilities?filename=f.csv", body: facilityFile(county), contentType: "text/csv"), county)
        }
        api("POST /api/v1/population-points", .scoped(.submitData, rowChecked: true)) { variant, _ in
            guard let county = scopeOnly(variant, "130522", "510904") else { return nil }
            return (Call(method: .post, path: "/api/v1/population-points?filename=p.csv", body: populationFile(county),
                         contentType: "text/csv"), county)
        }
        api("POST /api/v1/accessibility/submissions", .scoped(.submitData, rowChecked: true)) { variant, objects in
            guard let county = scopeOnly(variant, "130522", "510904") else { return nil }
            let indicator = variant == .inScope ? objects.eduIndicatorCode : objects.anjuIndicatorCode
            return (json(.post, "/api/v1/accessibility/submissions",
                         #"{"region":"\#(county)","kind":"村卫生室","radius":"1km","indicator":"\#(indicator)","year":"2033"}"#), county)
        }
        // Satisfaction surveys (issue 13): one answer sheet from a county of the survey's region.
        @Sendable func surveyFile(_ code: String) -> String {
            "地区代码,城乡,Q1,Q2,Q3,Q4,Q5,Q6,Q7,Q8,Q9\n\(code),农村,满意,满意,满意,满意,满意,满意,满意,满意,满意\n"
        }
        api("POST /api/v1/surveys", .scoped(.runSurveys)) { variant, _ in
            guard let region = scopeOnly(variant, "130522", "510904") else { return nil }
            return (json(.post, "/api/v1/surveys", #"{"regionCode":"\#(region)","title":"矩阵调查"}"#), region)
        }
        api("POST /api/v1/surveys/{id}/status", .scoped(.runSurveys)) { variant, objects in
            guard let id = objects.survey[variant] else { return nil }
            return (json(.post, "/api/v1/surveys/\(id)/status", #"{"status":"closed"}"#), variant == .inScope ? "130522" : "510904")
        }
        api("POST /api/v1/surveys/{id}/responses", .scoped(.runSurveys, rowChecked: true)) { variant, objects in
            guard let id = objects.survey[variant] else { return nil }
            let region = variant == .inScope ? "130522" : "510904"
            return (Call(method: .post, path: "/api/v1/surveys/\(id)/responses?filename=s.csv", body: surveyFile(region),
                         contentType: "text/csv"), region)
        }
        let marginsFile = "维度,类别,人口\n性别,男,5100\n性别,女,4900\n"
        api("POST /api/v1/surveys/{id}/margins", .scoped(.runSurveys)) { variant, objects in
            guard let id = objects.survey[variant] else { return nil }
            return (Call(method: .post, path: "/api/v1/surveys/\(id)/margins?filename=m.csv&source=%E6%99%AE%E6%9F%A5", body: marginsFile,
                         contentType: "text/csv"), variant == .inScope ? "130522" : "510904")
        }
        api("POST /api/v1/surveys/{id}/margins/population-points", .scoped(.runSurveys)) { variant, objects in
            guard let id = objects.survey[variant] else { return nil }
            return (json(.post, "/api/v1/surveys/\(id)/margins/population-points", "{}"), variant == .inScope ? "130522" : "510904")
        }
        api("DELETE /api/v1/surveys/{id}/margins", .scoped(.runSurveys)) { variant, objects in
            guard let id = objects.survey[variant] else { return nil }
            return (json(.delete, "/api/v1/surveys/\(id)/margins", nil), variant == .inScope ? "130522" : "510904")
        }
        @Sendable func answerFields(_ region: String) -> [String: String] {
            ["地区代码": region, "城乡": "农村"].merging((1...9).map { ("Q\($0)", "满意") }) { $1 }
        }
        api("POST /api/v1/surveys/{id}/answers", .scoped(.interviewRespondents)) { variant, objects in
            guard let id = objects.survey[variant] else { return nil }
            let region = variant == .inScope ? "130522" : "510904"
            let body = String(decoding: try! JSONEncoder().encode(answerFields(region)), as: UTF8.self)
            return (json(.post, "/api/v1/surveys/\(id)/answers", body), region)
        }
        api("POST /api/v1/surveys/{id}/invitations", .scoped(.runSurveys)) { variant, objects in
            guard let id = objects.survey[variant] else { return nil }
            return (json(.post, "/api/v1/surveys/\(id)/invitations", #"{"count":1}"#), variant == .inScope ? "130522" : "510904")
        }
        api("POST /api/v1/invitations/{token}", .public_) { _, _ in nil }
        // 12345 hotline work orders: the actor's own region's; an order outside it is a refused row. The import rows
        // come first: the order they store (M130522) is the one the placing rows act on.
        @Sendable func hotlineFile(_ region: String) -> String {
            "工单编号,受理日期,区划代码,诉求内容\nM\(region),2026-02-01,\(region),看病难\n"
        }
        api("POST /api/v1/hotline/orders", .scoped(.manageHotline, rowChecked: true)) { variant, _ in
            guard let region = scopeOnly(variant, "130522", "510904") else { return nil }
            return (Call(method: .post, path: "/api/v1/hotline/orders?filename=h.csv", body: hotlineFile(region), contentType: "text/csv"), region)
        }
        api("PUT /api/v1/hotline/keywords", .scoped(.manageHotline)) { variant, _ in
            guard variant == .inScope else { return nil }
            return (json(.put, "/api/v1/hotline/keywords", #"{"items":[]}"#), "130522")
        }
        api("POST /api/v1/hotline/orders/{number}/item", .scoped(.manageHotline, rowChecked: true)) { variant, _ in
            guard variant == .inScope else { return nil }
            return (json(.post, "/api/v1/hotline/orders/M130522/item", #"{"itemCode":"NONE"}"#), "130522")
        }
        api("PUT /api/v1/surveys/{id}/questionnaire", .scoped(.runSurveys)) { variant, objects in
            guard let id = objects.survey[variant] else { return nil }
            let body = String(decoding: try! JSONEncoder().encode(Questionnaire.standard(title: "矩阵问卷")), as: UTF8.self)
            return (json(.put, "/api/v1/surveys/\(id)/questionnaire", body), variant == .inScope ? "130522" : "510904")
        }
        api("POST /api/v1/region-groups", .scoped(.manageRegions)) { variant, _ in
            guard let scope = scopeOnly(variant, "130500", "510904") else { return nil }
            return (json(.post, "/api/v1/region-groups",
                         #"{"code":"m\#(scope)","name":"矩阵","scopeRegionCode":"\#(scope)","groups":[{"code":"a","name":"甲"},{"code":"b","name":"乙"}]}"#), scope)
        }
        api("PUT /api/v1/region-groups/{set}/members/{region}", .scoped(.manageRegions)) { variant, _ in
            switch variant {
            case .inScope: (json(.put, "/api/v1/region-groups/demo-urban-districts/members/130522", #"{"groupCode":"county"}"#), "130500")
            case .outOfScope: (json(.put, "/api/v1/region-groups/anju-set/members/510904", #"{"groupCode":"a"}"#), "510904")
            case .otherDepartment: nil
            }
        }

        // Accounts.
        api("POST /api/v1/auth/token", .public_) { variant, _ in
            variant == .inScope ? (json(.post, "/api/v1/auth/token", #"{"username":"nobody","password":"wrong-password"}"#), "") : nil
        }
        api("DELETE /api/v1/auth/tokens/{id}", .signedIn) { variant, _ in
            variant == .inScope ? (json(.delete, "/api/v1/auth/tokens/999999"), "") : nil
        }
        api("POST /api/v1/users", .scoped(.manageUsers)) { variant, _ in
            guard let region = scopeOnly(variant, "130522", "510904") else { return nil }
            return (json(.post, "/api/v1/users",
                         #"{"username":"m\#(region)","password":"long-enough-pw","role":"region_reporter","regionCode":"\#(region)"}"#), region)
        }
        api("POST /api/v1/departments", .scoped(.manageDepartments)) { variant, _ in
            guard let region = scopeOnly(variant, "130522", "510904") else { return nil }
            return (json(.post, "/api/v1/departments", #"{"regionCode":"\#(region)","name":"矩阵局"}"#), region)
        }

        // Plans: drafts are hidden from those who may not manage them.
        api("POST /api/v1/plans/ingest", .scoped(.managePlans)) { variant, _ in
            guard let region = scopeOnly(variant, "130522", "510904") else { return nil }
            let call = Call(method: .post, path: "/api/v1/plans/ingest?filename=m.txt&region=\(region)",
                            body: "\(region == "130522" ? "临城县" : "安居区")“十四五”规划\n到2025年，学前三年毛入园率达到90%。",
                            contentType: "text/plain; charset=utf-8")
            return (call, region)
        }
        for (route, suffix, method, body) in [
            ("PATCH /api/v1/plans/{id}/extractions/{extraction}", "extractions", HTTPRequest.Method.patch, #"{"status":"pending"}"#),
            ("POST /api/v1/plans/{id}/extractions", "extractions/new", .post, #"{"kind":"task","start":0,"end":4,"fields":{"title":"矩阵任务"}}"#),
            ("POST /api/v1/plans/{id}/accept-pending", "accept-pending", .post, nil),
            ("POST /api/v1/plans/{id}/publish", "publish", .post, nil),
        ] {
            api(route, .scoped(.managePlans, hidden: true)) { variant, objects in
                guard variant != .otherDepartment, let plan = objects.plan[variant] else { return nil }
                let path = suffix == "extractions" ? "/api/v1/plans/\(plan.id)/extractions/\(plan.extraction)"
                    : suffix == "extractions/new" ? "/api/v1/plans/\(plan.id)/extractions" : "/api/v1/plans/\(plan.id)/\(suffix)"
                return (json(method, path, body), variant == .inScope ? "130500" : "510904")
            }
        }

        // Monitoring. The city's indicators belong to the city: its county does not change them.
        api("POST /api/v1/indicators", .scoped(.manageIndicators)) { variant, _ in
            variant == .inScope ? (json(.post, "/api/v1/indicators", #"{"code":"M-NEW","name":"矩阵指标","unit":"个"}"#), "130522") : nil
        }
        api("PATCH /api/v1/indicators/{id}", .scoped(.manageIndicators)) { variant, objects in
            switch variant {
            case .inScope: (json(.patch, "/api/v1/indicators/\(objects.eduIndicator)", #"{"definition":"矩阵"}"#), "130500")
            case .outOfScope: (json(.patch, "/api/v1/indicators/\(objects.anjuIndicator)", #"{"maximum":1}"#), "510904")
            case .otherDepartment: nil
            }
        }
        api("PUT /api/v1/indicators/{id}/targets/{region}", .scoped(.manageIndicators)) { variant, objects in
            let body = #"{"targetYear":2025,"targetValue":90,"comparator":">="}"#
            return switch variant {
            case .inScope: (json(.put, "/api/v1/indicators/\(objects.eduIndicator)/targets/130522", body), "130522")
            case .outOfScope: (json(.put, "/api/v1/indicators/\(objects.anjuIndicator)/targets/510904", body), "510904")
            case .otherDepartment: nil
            }
        }
        @Sendable func uploadRow(_ variant: Variant, _ objects: Objects) -> (region: String, indicator: String) {
            switch variant {
            case .inScope: ("130522", objects.eduIndicatorCode)
            case .outOfScope: ("510904", objects.anjuIndicatorCode)
            case .otherDepartment: ("130522", objects.healthIndicatorCode)
            }
        }
        api("POST /api/v1/observations", .scoped(.submitData, rowChecked: true, departmentBound: true)) { variant, objects in
            let (region, indicator) = uploadRow(variant, objects)
            return (json(.post, "/api/v1/observations",
                         #"{"rows":[{"region":"\#(region)","indicator":"\#(indicator)","year":2031,"value":50}]}"#), region)
        }
        api("POST /api/v1/observations/upload", .scoped(.submitData, rowChecked: true, departmentBound: true)) { variant, objects in
            let (region, indicator) = uploadRow(variant, objects)
            return (Call(method: .post, path: "/api/v1/observations/upload?filename=m.csv",
                         body: "地区,指标,年份,数值\n\(region),\(indicator),2032,50\n", contentType: "text/csv"), region)
        }
        for step in ["approve", "return"] {
            api("POST /api/v1/submissions/{id}/\(step)", .scoped(.reviewData)) { variant, objects in
                guard variant != .otherDepartment, let id = objects.submission[variant] else { return nil }
                return (json(.post, "/api/v1/submissions/\(id)/\(step)", #"{"comment":"矩阵"}"#), variant == .inScope ? "130522" : "510904")
            }
        }

        // Catalogue: drafts are hidden from those who may neither edit nor publish them.
        api("POST /api/v1/catalogues/import", .scoped(.editCatalogue, departmentBound: true)) { variant, _ in
            let (region, department) = switch variant {
            case .inScope: ("130522", "邢台市教育局")
            case .outOfScope: ("510904", "安居区教育局")
            case .otherDepartment: ("130522", "邢台市卫生健康委员会")
            }
            return (Call(method: .post, path: "/api/v1/catalogues/import?filename=m.csv&region=\(region)",
                         body: "项目编码,领域,服务项目,牵头负责单位\nM1,幼有所育,矩阵项目,\(department)\n", contentType: "text/csv"), region)
        }
        // The item a row writes is led by the draft's own department: 邢台市卫生健康委员会 in the other department's.
        let item = #"{"key":"M2","domain":"幼有所育","name":"矩阵项目","targetPopulation":"","content":"","standardText":"","fundingText":"","leadDepartment":"LEAD","legalBasis":""}"#
        for (route, method, suffix, body, permission, bound) in [
            ("POST /api/v1/catalogues/{id}/items", HTTPRequest.Method.post, "items", item, Permission.editCatalogue, true),
            ("PUT /api/v1/catalogues/{id}/items/{key}", .put, "items/M1", item, .editCatalogue, true),
            ("DELETE /api/v1/catalogues/{id}/items/{key}", .delete, "items/M9", nil, .editCatalogue, true),
            ("POST /api/v1/catalogues/{id}/submit", .post, "submit", nil, .editCatalogue, true),
            ("POST /api/v1/catalogues/{id}/return", .post, "return", nil, .publishCatalogue, false),
            ("POST /api/v1/catalogues/{id}/publish", .post, "publish", nil, .publishCatalogue, false),
            ("POST /api/v1/catalogues/{id}/draft", .post, "draft", nil, .editCatalogue, true),
        ] as [(String, HTTPRequest.Method, String, String?, Permission, Bool)] {
            api(route, .scoped(permission, hidden: true, departmentBound: bound)) { variant, objects in
                guard let id = objects.catalogue[variant] else { return nil }
                let region = switch variant { case .inScope: "130522"; case .outOfScope: "510904"; case .otherDepartment: "130523" }
                let lead = variant == .otherDepartment ? "邢台市卫生健康委员会" : "邢台市教育局"
                return (json(method, "/api/v1/catalogues/\(id)/\(suffix)", body?.replacingOccurrences(of: "LEAD", with: lead)), region)
            }
        }

        // Tasks, in Anju: the in-scope task is led by Anju's education bureau, the other
        // department's by another bureau.
        @Sendable func task(_ variant: Variant, _ objects: Objects) -> (Int64, String)? {
            objects.task[variant].map { ($0, variant == .outOfScope ? "130522" : "510904") }
        }
        api("POST /api/v1/tasks/ledger/preview", in: .anju, .scoped(.manageTasks, rowChecked: true)) { _, _ in nil }
        api("POST /api/v1/tasks/ledger/apply", in: .anju, .scoped(.manageTasks, rowChecked: true)) { _, _ in nil }
        for (route, method, suffix, body) in [
            ("PATCH /api/v1/tasks/{id}", HTTPRequest.Method.patch, "", #"{"description":"矩阵"}"#),
            ("POST /api/v1/tasks/{id}/subtasks", .post, "/subtasks", #"{"title":"矩阵子任务"}"#),
            ("POST /api/v1/tasks/{id}/colour", .post, "/colour", #"{"colour":null,"reason":"矩阵"}"#),
        ] {
            // The supervising office, too, sets a task's colour by hand.
            api(route, in: .anju, .scoped(.manageTasks, or: route.hasSuffix("colour") ? .superviseTasks : nil)) { variant, objects in
                guard variant != .otherDepartment, let found = task(variant, objects) else { return nil }
                return (json(method, "/api/v1/tasks/\(found.0)\(suffix)", body), found.1)
            }
        }
        api("PUT /api/v1/tasks/{id}/reports/{period}", in: .anju, .scoped(.reportTasks, departmentBound: true)) { variant, objects in
            guard let found = task(variant, objects), let period = objects.anjuPeriodKey[variant] else { return nil }
            return (json(.put, "/api/v1/tasks/\(found.0)/reports/\(period)", #"{"step":"save","progressText":"矩阵"}"#), found.1)
        }
        api("POST /api/v1/task-periods", in: .anju, .scoped(.manageTasks)) { variant, _ in
            guard let region = scopeOnly(variant, "510904", "130522") else { return nil }
            return (json(.post, "/api/v1/task-periods", #"{"region":"\#(region)","frequency":"quarterly"}"#), region)
        }
        for (route, suffix, body) in [
            ("POST /api/v1/task-periods/{id}/close", "close", nil),
            ("POST /api/v1/task-periods/{id}/reopen", "reopen", nil),
            ("POST /api/v1/task-periods/{id}/unlock", "unlock", #"{"departmentId":1,"reason":"矩阵"}"#),
        ] as [(String, String, String?)] {
            api(route, in: .anju, .scoped(.manageTasks)) { variant, objects in
                guard variant != .otherDepartment, let id = objects.period[variant] else { return nil }
                return (json(.post, "/api/v1/task-periods/\(id)/\(suffix)", body), variant == .inScope ? "510904" : "130522")
            }
        }
        api("POST /api/v1/task-reports/{id}/review", in: .anju, .scoped(.superviseTasks)) { variant, objects in
            guard variant != .otherDepartment, let id = objects.report[variant] else { return nil }
            return (json(.post, "/api/v1/task-reports/\(id)/review", #"{"step":"return","comment":"矩阵"}"#),
                    variant == .inScope ? "510904" : "130522")
        }
        api("POST /api/v1/task-reports/{id}/contributions", in: .anju, .scoped(.reportTasks, hidden: true, departmentBound: true)) { _, _ in nil }
        api("POST /api/v1/task-reports/{id}/files", in: .anju, .scoped(.reportTasks, hidden: true, departmentBound: true)) { _, _ in nil }
        api("POST /api/v1/task-departments/map", in: .anju, .scoped(.manageTasks)) { variant, _ in
            guard let region = scopeOnly(variant, "510904", "130522") else { return nil }
            return (json(.post, "/api/v1/task-departments/map", #"{"region":"\#(region)","name":"矩阵局","departmentId":null}"#), region)
        }
        api("PUT /api/v1/task-settings", in: .anju, .scoped(.manageTasks)) { variant, _ in
            guard let region = scopeOnly(variant, "510904", "130522") else { return nil }
            return (json(.put, "/api/v1/task-settings?region=\(region)", "{}"), region)
        }

        // Monitoring reports: drafts of Lincheng (in scope) and Anju (out of scope). The rows that
        // change a draft come before the publish, and the delete last (a published report is kept).
        api("POST /api/v1/reports", .scoped(.writeReports)) { variant, _ in
            guard let region = scopeOnly(variant, "130522", "510904") else { return nil }
            return (json(.post, "/api/v1/reports", #"{"kind":"annual","regionCode":"\#(region)","year":2020}"#), region)
        }
        @Sendable func monitoringReport(_ variant: Variant, _ objects: Objects) -> (Int64, String)? {
            objects.monitoringReport[variant].map { ($0, variant == .outOfScope ? "510904" : "130522") }
        }
        for (route, method, suffix, body) in [
            ("PATCH /api/v1/reports/{id}", HTTPRequest.Method.patch, "", #"{"title":"矩阵报告"}"#),
            ("POST /api/v1/reports/{id}/publish", .post, "/publish", nil),
            ("POST /api/v1/reports/{id}/editions", .post, "/editions", nil),
            ("DELETE /api/v1/reports/{id}", .delete, "", nil),
        ] as [(String, HTTPRequest.Method, String, String?)] {
            api(route, .scoped(.writeReports)) { variant, objects in
                guard let found = monitoringReport(variant, objects) else { return nil }
                return (json(method, "/api/v1/reports/\(found.0)\(suffix)", body), found.1)
            }
        }

        // Citizens' feedback (issue 13): sending a message and rating its answer are open to
        // anyone; handling needs `handleFeedback` over the message's region. Here an Anju message
        // is out of every Xingtai account's scope; handling in scope, by department, is pinned by
        // FeedbackUseCasesTests and FeedbackFlowTests.
        api("POST /api/v1/feedback", .public_) { _, _ in nil }
        api("POST /api/v1/feedback/receipts/{receipt}/rating", .public_) { _, _ in nil }
        for (route, suffix) in [("POST /api/v1/feedback/cases/{id}/steps", "/steps"), ("POST /api/v1/feedback/cases/{id}/route", "/route"),
                                ("POST /api/v1/feedback/cases/{id}/notes", "/notes")] {
            api(route, .scoped(.handleFeedback)) { variant, objects in
                guard variant == .outOfScope else { return nil }
                let body = switch suffix {
                case "/steps": #"{"step":"accept"}"#
                case "/route": #"{"departmentId":\#(objects.anjuEducation)}"#
                default: #"{"text":"矩阵备注"}"#
                }
                return (json(.post, "/api/v1/feedback/cases/\(objects.anjuFeedback)\(suffix)", body), "510904")
            }
        }

        // Pages: the same use cases behind forms, held to the same outcome as their API
        // equivalents (refused: the 403 page, the 404 of a hidden draft, or the form shown again
        // with its error; the database unchanged either way). Sent with the role's session and
        // CSRF token; nobody signed in gets the CSRF refusal.
        func page(_ route: String, in world: World = .xingtai, _ rule: Rule,
                  _ build: @escaping @Sendable (Variant, Objects) -> (call: Call, region: String)?) {
            rows.append(Row(route: route, world: world, rule: rule, build: build))
        }
        page("POST /feedback", .public_) { _, _ in nil }
        page("POST /feedback/receipt", .public_) { _, _ in nil }
        page("POST /feedback/cases/{id}", .scoped(.handleFeedback)) { variant, objects in
            guard variant == .outOfScope else { return nil }
            return (form("/feedback/cases/\(objects.anjuFeedback)", ["action": "note", "note": "矩阵备注"]), "510904")
        }
        page("POST /plans", .scoped(.managePlans)) { variant, _ in
            guard let region = scopeOnly(variant, "130522", "510904") else { return nil }
            return (multipart("/plans", ["region": region],
                              file: "\(region == "130522" ? "临城县" : "安居区")“十四五”规划\n到2025年，学前三年毛入园率达到90%。", filename: "m.txt"),
                    region)
        }
        for (route, suffix, fields) in [
            ("POST /plans/{id}/extractions/{extraction}", "extractions", ["decision": "reset"]),
            ("POST /plans/{id}/extractions", "extractions/new", ["add": "task", "start": "0", "end": "4", "title": "矩阵任务"]),
            ("POST /plans/{id}/accept-pending", "accept-pending", [:]),
            ("POST /plans/{id}/publish", "publish", ["confirm": "yes"]),
        ] {
            page(route, .scoped(.managePlans, hidden: true)) { variant, objects in
                guard variant != .otherDepartment, let plan = objects.plan[variant] else { return nil }
                let path = suffix == "extractions" ? "/plans/\(plan.id)/extractions/\(plan.extraction)"
                    : suffix == "extractions/new" ? "/plans/\(plan.id)/extractions" : "/plans/\(plan.id)/\(suffix)"
                return (form(path, fields), variant == .inScope ? "130500" : "510904")
            }
        }
        page("POST /indicators/{id}", .scoped(.manageIndicators)) { variant, objects in
            switch variant {
            case .inScope: (form("/indicators/\(objects.eduIndicator)", ["binding": "expected"]), "130500")
            case .outOfScope: (form("/indicators/\(objects.anjuIndicator)", ["unit": "个"]), "510904")
            case .otherDepartment: nil
            }
        }
        page("POST /data", .scoped(.submitData, rowChecked: true, departmentBound: true)) { variant, objects in
            let id = switch variant {
            case .inScope: objects.eduIndicator
            case .outOfScope: objects.anjuIndicator
            case .otherDepartment: objects.healthIndicator
            }
            let region = uploadRow(variant, objects).region
            return (form("/data", ["region": region, "year": "2033", "value-\(id)": "50"]), region)
        }
        page("POST /data/upload", .scoped(.submitData, rowChecked: true, departmentBound: true)) { variant, objects in
            let (region, indicator) = uploadRow(variant, objects)
            return (multipart("/data/upload", [:], file: "地区,指标,年份,数值\n\(region),\(indicator),2034,50\n", filename: "m.csv"), region)
        }
        page("POST /submissions/{id}/review", .scoped(.reviewData)) { variant, objects in
            guard variant != .otherDepartment, let id = objects.submission[variant] else { return nil }
            return (form("/submissions/\(id)/review", ["decision": "return", "comment": "矩阵"]), variant == .inScope ? "130522" : "510904")
        }
        // Users: a throwaway account per region, so no password reset ends a session the matrix uses.
        page("POST /admin/users", .scoped(.manageUsers)) { variant, _ in
            guard let region = scopeOnly(variant, "130522", "510904") else { return nil }
            return (form("/admin/users", ["username": "p\(region)", "password": "long-enough-pw", "role": "region_reporter",
                                          "regionCode": region]), region)
        }
        for (route, suffix, fields) in [
            ("POST /admin/users/{username}", "", ["role": "region_reporter", "displayName": "矩阵"]),
            ("POST /admin/users/{username}/active", "/active", ["active": "true"]),
            ("POST /admin/users/{username}/password", "/password", ["password": "another-long-pw"]),
        ] {
            page(route, .scoped(.manageUsers)) { variant, _ in
                guard let region = scopeOnly(variant, "130522", "510904") else { return nil }
                var fields = fields
                if suffix.isEmpty { fields["regionCode"] = region }
                return (form("/admin/users/m-spare-\(region)\(suffix)", fields), region)
            }
        }
        page("POST /regions/groups", .scoped(.manageRegions)) { variant, _ in
            guard let scope = scopeOnly(variant, "130500", "510904") else { return nil }
            return (form("/regions/groups", ["code": "p\(scope)", "name": "矩阵", "scope": scope, "groups": "a 甲\nb 乙"]), scope)
        }
        page("POST /regions/groups/{set}", .scoped(.manageRegions)) { variant, _ in
            switch variant {
            case .inScope: (form("/regions/groups/demo-urban-districts", ["group-130522": "county"]), "130500")
            case .outOfScope: (form("/regions/groups/anju-set", ["group-510904": "a"]), "510904")
            case .otherDepartment: nil
            }
        }
        page("POST /maps", .scoped(.manageRegions)) { variant, _ in
            guard let county = scopeOnly(variant, "130522", "510904") else { return nil }
            return (multipart("/maps", ["crs": "wgs84", "source": "m", "vintage": "2024"], file: boundaryFile(county),
                              filename: "b.geojson"), county)
        }
        page("POST /maps/facilities/import", .scoped(.submitData, rowChecked: true)) { variant, _ in
            guard let county = scopeOnly(variant, "130522", "510904") else { return nil }
            return (multipart("/maps/facilities/import", ["register": "facilities", "crs": "wgs84", "region": county],
                              file: facilityFile(county), filename: "f.csv"), county)
        }
        page("POST /maps/facilities/submissions", .scoped(.submitData, rowChecked: true)) { variant, objects in
            guard let county = scopeOnly(variant, "130522", "510904") else { return nil }
            let indicator = variant == .inScope ? objects.eduIndicatorCode : objects.anjuIndicatorCode
            return (form("/maps/facilities/submissions", ["region": county, "kind": "village-clinic", "radius": "1km", "minutes": "",
                                                          "indicator": indicator, "year": "2034"]), county)
        }
        page("POST /surveys", .scoped(.runSurveys)) { variant, _ in
            guard let region = scopeOnly(variant, "130522", "510904") else { return nil }
            return (form("/surveys", ["region": region, "title": "矩阵调查"]), region)
        }
        page("POST /surveys/{id}/status", .scoped(.runSurveys)) { variant, objects in
            guard let id = objects.survey[variant] else { return nil }
            return (form("/surveys/\(id)/status", ["status": "closed"]), variant == .inScope ? "130522" : "510904")
        }
        page("POST /surveys/{id}/responses", .scoped(.runSurveys, rowChecked: true)) { variant, objects in
            guard let id = objects.survey[variant] else { return nil }
            let region = variant == .inScope ? "130522" : "510904"
            return (multipart("/surveys/\(id)/responses", [:], file: surveyFile(region), filename: "s.csv"), region)
        }
        page("POST /surveys/{id}/margins", .scoped(.runSurveys)) { variant, objects in
            guard let id = objects.survey[variant] else { return nil }
            return (multipart("/surveys/\(id)/margins", ["source": "普查"], file: marginsFile, filename: "m.csv"),
                    variant == .inScope ? "130522" : "510904")
        }
        page("POST /surveys/{id}/margins/population-points", .scoped(.runSurveys)) { variant, objects in
            guard let id = objects.survey[variant] else { return nil }
            return (form("/surveys/\(id)/margins/population-points", [:]), variant == .inScope ? "130522" : "510904")
        }
        page("POST /surveys/{id}/margins/clear", .scoped(.runSurveys)) { variant, objects in
            guard let id = objects.survey[variant] else { return nil }
            return (form("/surveys/\(id)/margins/clear", [:]), variant == .inScope ? "130522" : "510904")
        }
        page("POST /surveys/{id}/interview", .scoped(.interviewRespondents)) { variant, objects in
            guard let id = objects.survey[variant] else { return nil }
            let region = variant == .inScope ? "130522" : "510904"
            return (form("/surveys/\(id)/interview", answerFields(region)), region)
        }
        page("POST /surveys/{id}/invitations", .scoped(.runSurveys)) { variant, objects in
            guard let id = objects.survey[variant] else { return nil }
            return (form("/surveys/\(id)/invitations", ["count": "1"]), variant == .inScope ? "130522" : "510904")
        }
        page("POST /s/{token}", .public_) { _, _ in nil }
        page("POST /hotline/import", .scoped(.manageHotline, rowChecked: true)) { variant, _ in
            guard let region = scopeOnly(variant, "130522", "510904") else { return nil }
            return (multipart("/hotline/import", [:], file: hotlineFile(region), filename: "h.csv"), region)
        }
        page("POST /hotline/keywords", .scoped(.manageHotline)) { variant, _ in
            guard variant == .inScope else { return nil }
            return (form("/hotline/keywords", ["keywords": ""]), "130522")
        }
        page("POST /hotline/orders/{number}/item", .scoped(.manageHotline, rowChecked: true)) { variant, _ in
            guard variant == .inScope else { return nil }
            return (form("/hotline/orders/M130522/item", ["itemCode": "NONE"]), "130522")
        }
        page("POST /surveys/{id}/questionnaire", .scoped(.runSurveys)) { variant, objects in
            guard let id = objects.survey[variant] else { return nil }
            return (form("/surveys/\(id)/questionnaire", ["title": "矩阵问卷", "count": "1", "q0.code": "Q1", "q0.text": "意见",
                                                            "q0.kind": "text"]), variant == .inScope ? "130522" : "510904")
        }
        page("POST /regions/{code}/townships", .scoped(.manageTownships)) { variant, _ in
            guard let county = scopeOnly(variant, "130522", "510904") else { return nil }
            return (form("/regions/\(county)/townships", ["code": "\(county)196", "name": "矩阵镇"]), county)
        }
        page("POST /catalogues/import", .scoped(.editCatalogue, departmentBound: true)) { variant, _ in
            let (region, department) = switch variant {
            case .inScope: ("130522", "邢台市教育局")
            case .outOfScope: ("510904", "安居区教育局")
            case .otherDepartment: ("130522", "邢台市卫生健康委员会")
            }
            return (multipart("/catalogues/import", ["region": region],
                              file: "项目编码,领域,服务项目,牵头负责单位\nP1,幼有所育,矩阵项目,\(department)\n", filename: "m.csv"), region)
        }
        for (route, suffix) in [("POST /catalogues/{id}/items", "items"), ("POST /catalogues/{id}/{step}", "submit")] {
            page(route, .scoped(.editCatalogue, hidden: true, departmentBound: true)) { variant, objects in
                guard let id = objects.catalogue[variant] else { return nil }
                let region = switch variant { case .inScope: "130522"; case .outOfScope: "510904"; case .otherDepartment: "130523" }
                let lead = variant == .otherDepartment ? "邢台市卫生健康委员会" : "邢台市教育局"
                let fields = suffix == "items" ? ["key": "P2", "domain": "幼有所育", "name": "矩阵项目", "leadDepartment": lead] : [:]
                return (form("/catalogues/\(id)/\(suffix)", fields), region)
            }
        }
        // Tasks, in Anju, as their API equivalents (the ledger import, contributions and
        // attachments are checked for sign-in only, as theirs are).
        page("POST /tasks/periods", in: .anju, .scoped(.manageTasks)) { variant, _ in
            guard let region = scopeOnly(variant, "510904", "130522") else { return nil }
            return (form("/tasks/periods", ["region": region, "year": "2031", "quarter": "1"]), region)
        }
        page("POST /tasks/periods/{id}/status", in: .anju, .scoped(.manageTasks)) { variant, objects in
            guard variant == .inScope, let id = objects.period[variant] else { return nil }
            return (form("/tasks/periods/\(id)/status", ["status": "open", "region": "510904"]), "510904")
        }
        page("POST /tasks/periods/{id}/unlock", in: .anju, .scoped(.manageTasks)) { variant, objects in
            guard variant == .inScope, let id = objects.period[variant] else { return nil }
            return (form("/tasks/periods/\(id)/unlock", ["department": String(objects.anjuEducation), "reason": "矩阵", "region": "510904"]),
                    "510904")
        }
        page("POST /tasks/settings", in: .anju, .scoped(.manageTasks)) { variant, _ in
            guard let region = scopeOnly(variant, "510904", "130522") else { return nil }
            var fields = ["region": region, "yellowLag": "10", "redLag": "25", "dueSoonDays": "30", "settingsFrequency": "quarterly"]
            for (status, percent) in zip(TaskStatus.allCases, ["0", "50", "90", "100"]) { fields["percent_\(status.rawValue)"] = percent }
            return (form("/tasks/settings", fields), region)
        }
        page("POST /tasks/departments", in: .anju, .scoped(.manageTasks)) { variant, _ in
            guard let region = scopeOnly(variant, "510904", "130522") else { return nil }
            return (form("/tasks/departments", ["region": region, "name": "矩阵局", "department": "none"]), region)
        }
        page("POST /tasks/ledger/import", in: .anju, .scoped(.manageTasks, rowChecked: true)) { _, _ in nil }
        page("POST /tasks/{id}/report", in: .anju, .scoped(.reportTasks, departmentBound: true)) { variant, objects in
            guard let found = task(variant, objects), let period = objects.anjuPeriodKey[variant] else { return nil }
            return (form("/tasks/\(found.0)/report", ["period": period, "step": "save", "progress": "矩阵"]), found.1)
        }
        page("POST /tasks/{id}/review", in: .anju, .scoped(.superviseTasks)) { variant, objects in
            guard variant == .inScope, let id = objects.report[variant], let found = task(variant, objects) else { return nil }
            return (form("/tasks/\(found.0)/review", ["report": String(id), "decision": "return", "comment": "矩阵"]), found.1)
        }
        page("POST /tasks/{id}/contribution", in: .anju, .scoped(.reportTasks, hidden: true, departmentBound: true)) { _, _ in nil }
        page("POST /tasks/{id}/attachments", in: .anju, .scoped(.reportTasks, hidden: true, departmentBound: true)) { _, _ in nil }
        for (route, suffix, fields) in [
            ("POST /tasks/{id}/colour", "colour", ["colour": "", "reason": "矩阵"]),
            ("POST /tasks/{id}/edit", "edit", ["weight": "1"]),
        ] {
            page(route, in: .anju, .scoped(.manageTasks, or: suffix == "colour" ? .superviseTasks : nil)) { variant, objects in
                guard variant != .otherDepartment, let found = task(variant, objects) else { return nil }
                return (form("/tasks/\(found.0)/\(suffix)", fields), found.1)
            }
        }
        page("POST /reports", .scoped(.writeReports)) { variant, _ in
            guard let region = scopeOnly(variant, "130522", "510904") else { return nil }
            return (form("/reports", ["kind": "annual", "region": region, "year": "2019"]), region)
        }
        for (route, suffix, fields) in [
            ("POST /reports/{id}", "", ["title": "矩阵报告", "nextSteps": "矩阵"]),
            ("POST /reports/{id}/publish", "/publish", [:]),
            ("POST /reports/{id}/edition", "/edition", [:]),
            ("POST /reports/{id}/delete", "/delete", [:]),
        ] as [(String, String, [String: String])] {
            page(route, .scoped(.writeReports)) { variant, objects in
                guard let found = monitoringReport(variant, objects) else { return nil }
                return (form("/reports/\(found.0)\(suffix)", fields), found.1)
            }
        }
        rows.append(Row(route: "POST /login", world: .xingtai, rule: .public_) { _, _ in nil })
        rows.append(Row(route: "POST /logout", world: .xingtai, rule: .public_) { _, _ in nil })
        return rows
    }()

    /// The write routes the router serves, as "METHOD /path/{param}".
    static func servedWriteRoutes(_ router: Router<AppContext>) -> Set<String> {
        Set(router.routes.compactMap { route -> String? in
            guard [.post, .put, .patch, .delete].contains(route.method) else { return nil }
            let path = "/" + route.path.description.split(separator: "/").map { component in
                component.hasPrefix(":") ? "{\(component.dropFirst())}" : String(component)
            }.joined(separator: "/")
            return "\(route.method.rawValue) \(path)"
        })
    }

    @Test func everyWriteRouteIsClassified() async throws {
        try await TestDatabase.with(.sqlite) { (database) async throws -> Void in
            let services = try await JunhengServices.make(database: database,
                                                          configuration: ServerConfiguration(database: database.location))
            let served = Self.servedWriteRoutes(buildRouter(services: services))
            let classified = Set(Self.rows.map(\.route))
            #expect(served.subtracting(classified).sorted() == [], "write routes without a row in the authorization matrix")
            #expect(classified.subtracting(served).sorted() == [], "rows for routes the router does not serve")
            #expect(Self.rows.count == classified.count, "a route classified twice")
        }
    }

    // MARK: running it

    /// What `role` must get for `variant` of a row: nil when the row says nothing for it.
    static func expectation(_ row: Row, role: Role, variant: Variant, objectRegion: String, tokens: [Role: String]) -> Set<Int>? {
        let refused: Set<Int>
        switch row.rule {
        case .public_: return nil
        case .signedIn: return role == .anonymous ? [401] : []
        case .scoped(let permission, let hidden, let rowChecked, let departmentBound, let alternative):
            if role == .anonymous { return [401] }
            guard tokens[role] != nil, let core = role.core else { return nil }
            refused = hidden ? [403, 404] : (rowChecked ? [403, 422] : [403])
            let scope = Self.scope(of: role, world: row.world)
            let covers = scope == nil || objectRegion.hasPrefix(Self.prefix(scope!))
            let inDepartment = !(departmentBound && core == .departmentEditor && variant == .otherDepartment)
            if let override = overrides["\(row.route) \(variant) \(role)"] { return override }
            let permitted = core.permissions.contains(permission) || alternative.map(core.permissions.contains) == true
            if permitted && covers && inDepartment { return [] }
            return refused
        }
    }

    /// Where the general rule does not tell: the administrator submitted the out-of-scope drafts
    /// (nobody else could), so the four-eyes rule refuses them their own publishing and returning.
    static let overrides: [String: Set<Int>] = [
        "POST /api/v1/catalogues/{id}/publish outOfScope admin": [403],
        "POST /api/v1/catalogues/{id}/return outOfScope admin": [403],
    ]

    /// The region code a scoped role covers, by its prefix: 130500 covers 1305…, 130522 covers 130522….
    static func prefix(_ code: String) -> String {
        var code = Substring(code)
        while code.hasSuffix("00") { code = code.dropLast(2) }
        return String(code)
    }

    static func scope(of role: Role, world: World) -> String? {
        switch (role, world) {
        case (.admin, _), (.anonymous, _): nil
        case (.regionReporter, .xingtai), (.countyPlanner, .xingtai): "130522"
        case (_, .xingtai): "130500"
        case (_, .anju): "510904"
        }
    }

    @Test func everyRoleGetsWhatItsScopeAllows() async throws {
        try await TestDatabase.with(.sqlite, holding: .demo()) { (database) async throws -> Void in
            let (tokens, objects) = try await Self.makeObjects(database)
            let services = try await JunhengServices.make(
                database: database, configuration: ServerConfiguration(port: 0, database: database.location))
            let app = buildApplication(services: services, logger: TestDatabase.logger)
            let jobs = services.jobWorker(number: 1, logger: TestDatabase.logger)
            try await app.test(.router) { client in
                // Each account's browser session and the CSRF token its pages carry, for the page rows.
                var sessions: [String: (headers: HTTPFields, csrf: String)] = [:]
                for username in Set(Self.usernames.values.flatMap(\.values)) {
                    let session = try await client.browserLogin(username: username, password: TestServer.password)
                    let home = try await client.execute(uri: "/", method: .get, headers: session.headers)
                    sessions[username] = (session.headers, try #require(home.bodyText.csrfToken))
                }
                let audit = AuditLog(database.sql)
                var checked = 0
                var pagesChecked = 0
                // Refusals first, so an allowed change (a publish, a move) does not change what the others see.
                for row in Self.rows {
                    for variant in Variant.allCases {
                        guard let built = row.build(variant, objects) else { continue }
                        let (call, region) = (built.call, built.region)
                        for role in [Role.anonymous, .reviewer, .regionReporter, .departmentEditor, .countyPlanner, .planner, .admin] {
                            let worldTokens = tokens[row.world] ?? [:]
                            guard var expected = Self.expectation(row, role: role, variant: variant, objectRegion: region,
                                                                  tokens: worldTokens) else { continue }
                            var headers: HTTPFields
                            var body = call.body
                            if call.isPage {
                                // A form from nobody signed in has no session to bind a CSRF token to: refused as forged.
                                if role == .anonymous { expected = [403] }
                                let session = Self.usernames[row.world]?[role].flatMap { sessions[$0] }
                                headers = session?.headers ?? [.accept: "text/html"]
                                body = body?.replacingOccurrences(of: Self.csrfPlaceholder, with: session?.csrf ?? "")
                                pagesChecked += 1
                            } else {
                                headers = [.accept: "application/json"]
                                if role != .anonymous, let token = worldTokens[role] { headers[.authorization] = "Bearer \(token)" }
                            }
                            headers[.contentType] = call.contentType
                            let changesBefore = try await audit.count()
                            let response = try await client.execute(uri: call.path, method: call.method, headers: headers,
                                                                    body: body.map { ByteBuffer(string: $0) })
                            let status = Int(response.status.code)
                            checked += 1
                            // A request that queued a job (publishing) is followed by its job, as a
                            // server's worker would run it, so later rows meet the published report.
                            if response.status == .accepted { while try await jobs.runNext() != nil {} }
                            if expected.isEmpty {
                                // A hidden object answers 404 naming it; a missing item of a visible one is no refusal.
                                let hiddenRefusal = status == 404 && ["清单版本", "规划"].contains { response.bodyText.contains($0) }
                                #expect(![401, 403].contains(status) && !hiddenRefusal,
                                        "\(row.route) \(variant) as \(role): allowed, got \(status) \(response.bodyText.prefix(200))")
                            } else {
                                #expect(expected.contains(status),
                                        "\(row.route) \(variant) as \(role): expected \(expected.sorted()), got \(status) \(response.bodyText.prefix(200))")
                                // Refused means nothing was written: every change writes an audit row.
                                #expect(try await audit.count() == changesBefore, "\(row.route) \(variant) as \(role): refused, yet changed")
                            }
                        }
                    }
                }
                // Every route answers an anonymous write with 401, objects or not.
                for row in Self.rows {
                    if case .public_ = row.rule { continue }
                    guard row.build(.inScope, objects) == nil else { continue }
                    let parts = row.route.split(separator: " ")
                    let path = String(parts[1]).replacingOccurrences(of: #"\{[a-z]+\}"#, with: "1", options: .regularExpression)
                    let response = try await client.execute(uri: path, method: HTTPRequest.Method(String(parts[0]))!,
                                                            headers: [.accept: "application/json", .contentType: "application/json"],
                                                            body: ByteBuffer(string: "{}"))
                    #expect(response.status == .unauthorized, "\(row.route) anonymous: got \(response.status)")
                }
                #expect(checked > 500)
                #expect(pagesChecked > 200)
            }
        }
    }

    /// The login name of each world's account per role (made by `makeObjects`).
    static let usernames: [World: [Role: String]] = Dictionary(uniqueKeysWithValues: [World.xingtai, .anju].map { world in
        (world, Dictionary(uniqueKeysWithValues: Role.allCases.compactMap { role -> (Role, String)? in
            switch (world, role) {
            case (_, .anonymous), (.anju, .countyPlanner): nil
            case (_, .admin): (role, "m-admin")
            default: (role, "m-\(world)-\(role)")
            }
        }))
    })

    /// Accounts per world and role, and the objects each row acts on.
    static func makeObjects(_ database: JunhengDatabase) async throws -> ([World: [Role: String]], Objects) {
        let app = JunhengApp(database: database)
        let system = Actor.system("matrix setup")
        let departments = DepartmentStore(database.sql)
        let xingtai = try await departments.departments(in: DemoData.city)
        let anju = try await departments.departments(in: RegionCode(rawValue: "510904")!)
        let education = try #require(xingtai.first { $0.name == "邢台市教育局" })
        let health = try #require(xingtai.first { $0.name == "邢台市卫生健康委员会" })
        let anjuEducation = try #require(anju.first { $0.name == "安居区教育局" })

        var tokens: [World: [Role: String]] = [.xingtai: [:], .anju: [:]]
        let admin = try await TestServer.addUser("m-admin", role: .admin, region: nil, database: database)
        for (world, role, region, department) in [
            (World.xingtai, Role.planner, "130500", nil), (.xingtai, .countyPlanner, "130522", nil),
            (.xingtai, .departmentEditor, "130500", education.id), (.xingtai, .regionReporter, "130522", nil),
            (.xingtai, .reviewer, "130500", nil),
            (.anju, .planner, "510904", nil), (.anju, .departmentEditor, "510904", anjuEducation.id),
            (.anju, .regionReporter, "510904", nil), (.anju, .reviewer, "510904", nil),
        ] as [(World, Role, String, Int64?)] {
            tokens[world]![role] = try await TestServer.addUser("m-\(world)-\(role)", role: role.core!, region: region,
                                                                department: department, database: database)
            tokens[world]![.admin] = admin
        }

        // Accounts the user pages change (a password reset would end the session of one the matrix uses).
        for region in ["130522", "510904"] {
            _ = try await TestServer.addUser("m-spare-\(region)", role: .regionReporter, region: region, database: database)
        }

        var objects = Objects()
        let indicators = try await IndicatorStore(database.sql).indicators().filter { !$0.isDerived }
        let edu = try #require(indicators.first { $0.departmentID == education.id })
        let hea = try #require(indicators.first { $0.departmentID == health.id })
        objects.eduIndicator = edu.id
        objects.eduIndicatorCode = edu.code
        objects.healthIndicator = hea.id
        objects.healthIndicatorCode = hea.code
        let anjuIndicator = try await app.monitoring.createIndicator(IndicatorRecord(code: "M-ANJU", name: "安居矩阵指标", unit: "个"),
                                                                     actor: system)
        _ = try await app.monitoring.setTarget(TargetRecord(indicatorID: anjuIndicator.id, regionCode: RegionCode(rawValue: "510904")!,
                                                            baselineYear: nil, baselineValue: nil, targetYear: 2025, targetValue: 9),
                                               actor: system)
        objects.anjuIndicator = anjuIndicator.id
        objects.anjuIndicatorCode = anjuIndicator.code

        for (variant, region, code) in [(Variant.inScope, "130522", edu.code), (.outOfScope, "510904", anjuIndicator.code)] {
            let outcome = try await app.monitoring.importFile(Data("地区,指标,年份,数值\n\(region),\(code),2030,5\n".utf8), filename: "m.csv",
                                                              scope: nil, approvalComment: nil, actor: system)
            objects.submission[variant] = outcome.submission.id
        }

        // Townships to move, and a grouping of Anju's.
        for county in ["130522", "510904"] {
            _ = try await app.regions.addRegion(code: RegionCode(rawValue: "\(county)198")!, name: "矩阵乡", level: .township,
                                                parent: RegionCode(rawValue: county)!, validFrom: nil, actor: system)
        }
        _ = try await app.regions.createGroupSet(RegionGroupSet(code: "anju-set", name: "安居", scopeRegionCode: RegionCode(rawValue: "510904")!,
                                                                groups: [RegionGroup(code: "a", name: "甲"), RegionGroup(code: "b", name: "乙")]), actor: system)

        for (variant, region, lead) in [(Variant.inScope, "130522", "邢台市教育局"), (.otherDepartment, "130523", "邢台市卫生健康委员会"),
                                        (.outOfScope, "510904", "安居区教育局")] {
            let version = try await app.catalogue.importDraft(Data("项目编码,领域,服务项目,牵头负责单位\nM1,幼有所育,矩阵项目,\(lead)\n".utf8),
                                                              filename: "m.csv", region: RegionCode(rawValue: region)!, title: nil, actor: system)
            objects.catalogue[variant] = version.id
        }

        for (variant, region) in [(Variant.inScope, "130500"), (.outOfScope, "510904")] {
            let (plan, _) = try await app.plans.ingest(PlanUseCases.Upload(
                filename: "m.txt", data: Data("矩阵规划\n到2025年，学前三年毛入园率达到90%。\n".utf8), region: RegionCode(rawValue: region)!),
                actor: system)
            let extraction = try await app.plans.extractions(of: plan).first?.id ?? 999_999
            objects.plan[variant] = (plan.id, extraction)
        }

        let tasks = try await TaskStore(database.sql).tasks(TaskFilter(regions: [RegionCode(rawValue: "510904")!]))
        objects.task[.inScope] = tasks.first { $0.lead?.departmentID == anjuEducation.id }?.id
        objects.task[.otherDepartment] = tasks.first { $0.lead?.departmentID != nil && $0.lead?.departmentID != anjuEducation.id }?.id
        let periods = try await TaskReportStore(database.sql).periods(in: [RegionCode(rawValue: "510904")!])
        objects.period[.inScope] = periods.first?.id
        objects.anjuPeriodKey[.inScope] = periods.first.map { String($0.id) }
        objects.anjuPeriodKey[.otherDepartment] = objects.anjuPeriodKey[.inScope]
        let reports = try await TaskReportStore(database.sql).reports(status: .submitted)
        objects.report[.inScope] = reports.first?.id
        objects.anjuEducation = anjuEducation.id
        for (variant, region) in [(Variant.inScope, "130522"), (.outOfScope, "510904")] {
            objects.monitoringReport[variant] = try await app.reports.createDraft(
                kind: .annual, region: RegionCode(rawValue: region)!, planID: nil, year: 2020, title: nil, actor: system).id
        }
        objects.anjuFeedback = try await app.feedback.submit(
            FeedbackSubmission(kind: .request, regionCode: "510904", text: "矩阵留言：希望社区增加普惠托育服务。"),
            clientAddress: "198.51.100.9", actor: Actor(.anonymous)).id
        for (variant, region) in [(Variant.inScope, "130522"), (.outOfScope, "510904")] {
            let survey = try await app.surveys.create(region: RegionCode(rawValue: region)!, questionnaire: .standard(title: "矩阵调查"),
                                                      actor: system)
            objects.survey[variant] = try await app.surveys.setStatus(String(survey.id), to: .fielded, actor: system).id
        }
        return (tokens, objects)
    }
}

import Foundation
import JunhengApp
import JunhengCore
import JunhengTestSupport
import Storage
import Testing

/// The access rules as the use cases apply them: who must sign in, whose scope ends where, and
/// what the system (the `junheng` command) may do.
@Suite("Access rules in the use cases")
struct AccessRuleTests {
    static let linCheng = RegionCode(rawValue: "130522")!
    static let neiQiu = RegionCode(rawValue: "130523")!
    static let xingtai = RegionCode(rawValue: "130500")!
    static let system = Actor.system("test setup")
    static let anonymous = Actor(.anonymous)

    /// A user created by the system, as the actor they sign in as.
    static func user(_ app: JunhengApp, _ username: String, role: Role, region: RegionCode?,
                     department: Int64? = nil) async throws -> Actor {
        let record = try await app.accounts.createUser(username: username, displayName: "", password: "test-password", role: role,
                                                       regionCode: region?.rawValue, departmentID: department, actor: system)
        return Actor.user(record, requestID: nil)
    }

    static func indicator(_ app: JunhengApp) async throws -> IndicatorRecord {
        try await app.monitoring.createIndicator(IndicatorRecord(code: "T-ENROL", name: "学前三年毛入园率", unit: "%"), actor: system)
    }

    @Test(arguments: TestEngine.all)
    func anonymousActorsMustSignIn(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let app = JunhengApp(database: database)
            _ = try await Self.user(app, "reporter", role: .regionReporter, region: Self.linCheng)
            let unauthorized = JunhengError.unauthorized("需要登录")
            await #expect(throws: unauthorized) {
                try await app.regions.addRegion(code: RegionCode(rawValue: "130522100")!, name: "临城镇", level: .township,
                                                parent: Self.linCheng, validFrom: nil, actor: Self.anonymous)
            }
            await #expect(throws: unauthorized) {
                try await app.accounts.setPassword(username: "reporter", password: "another-password", actor: Self.anonymous)
            }
            await #expect(throws: unauthorized) {
                try await app.accounts.createToken(username: "reporter", name: "x", days: 1, actor: Self.anonymous)
            }
            await #expect(throws: unauthorized) {
                try await app.monitoring.importFile(Data("地区,指标,年份,数值\n".utf8), filename: "a.csv", scope: nil,
                                                    approvalComment: nil, actor: Self.anonymous)
            }
            await #expect(throws: unauthorized) {
                try await app.catalogue.importDraft(Data("领域,服务项目\n教育,助学\n".utf8), filename: "a.csv", region: Self.xingtai,
                                                    title: nil, actor: Self.anonymous)
            }
        }
    }

    @Test(arguments: TestEngine.all)
    func aRegionReporterActsOnlyInTheirOwnCounty(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let app = JunhengApp(database: database)
            let reporter = try await Self.user(app, "linchen", role: .regionReporter, region: Self.linCheng)
            _ = try await Self.indicator(app)
            let outsideScope = JunhengError.forbidden("地区 130523 不在用户管辖范围 130522 内")
            await #expect(throws: outsideScope) {
                try await app.regions.addRegion(code: RegionCode(rawValue: "130523100")!, name: "内丘镇", level: .township,
                                                parent: Self.neiQiu, validFrom: nil, actor: reporter)
            }
            await #expect(throws: outsideScope) {
                try await app.monitoring.importFile(Data("地区,指标,年份,数值\n130523,T-ENROL,2020,88\n".utf8), filename: "a.csv",
                                                    scope: Self.neiQiu, approvalComment: nil, actor: reporter)
            }
            let town = try await app.regions.addRegion(code: RegionCode(rawValue: "130522100")!, name: "临城镇", level: .township,
                                                       parent: Self.linCheng, validFrom: nil, actor: reporter)
            #expect(town.parentCode == Self.linCheng)
            let outcome = try await app.monitoring.importFile(Data("地区,指标,年份,数值\n130522,T-ENROL,2020,91\n".utf8), filename: "a.csv",
                                                              scope: nil, approvalComment: nil, actor: reporter)
            #expect(outcome.submission.regionCode == Self.linCheng)
            #expect(outcome.submission.status == .submitted)
        }
    }

    @Test(arguments: TestEngine.all)
    func aDepartmentEditorChangesOnlyTheirDepartmentsItems(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let app = JunhengApp(database: database)
            let education = try await app.accounts.createDepartment(region: Self.xingtai, name: "邢台市教育局", shortName: "教育局",
                                                                    actor: Self.system)
            _ = try await app.accounts.createDepartment(region: Self.xingtai, name: "邢台市卫生健康委员会", shortName: "卫健委",
                                                        actor: Self.system)
            let editor = try await Self.user(app, "edu-editor", role: .departmentEditor, region: Self.xingtai, department: education.id)
            let version = try await app.catalogue.importDraft(Data("""
                项目编码,领域,服务项目,牵头负责单位
                A1,幼有所育,学前教育幼儿资助,邢台市教育局
                A3,病有所医,健康教育,邢台市卫生健康委员会
                """.utf8), filename: "city.csv", region: Self.xingtai, title: nil, actor: Self.system)
            var items = try await app.catalogue.items(of: version)
            items[1].targetPopulation = "城乡居民"
            await #expect(throws: JunhengError.forbidden("部门填报员只能修改本部门（邢台市教育局）牵头的项目")) {
                try await app.catalogue.saveItem(items[1], versionID: String(version.id), actor: editor)
            }
            items[0].targetPopulation = "在园幼儿"
            #expect(try await app.catalogue.saveItem(items[0], versionID: String(version.id), actor: editor).targetPopulation == "在园幼儿")
        }
    }

    @Test(arguments: TestEngine.all)
    func theSystemPassesEveryCheck(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let app = JunhengApp(database: database)
            _ = try await Self.indicator(app)
            let town = try await app.regions.addRegion(code: RegionCode(rawValue: "130523100")!, name: "内丘镇", level: .township,
                                                       parent: Self.neiQiu, validFrom: nil, actor: Self.system)
            #expect(town.code.rawValue == "130523100")
            let admin = try await app.accounts.createUser(username: "root", displayName: "", password: "test-password", role: .admin,
                                                          regionCode: nil, departmentID: nil, actor: Self.system)
            #expect(admin.role == .admin)
            #expect(try await app.accounts.createToken(username: "root", name: "ci", days: 30, actor: Self.system).token.hasPrefix("jh_"))
            let outcome = try await app.monitoring.importFile(Data("地区,指标,年份,数值\n130523,T-ENROL,2020,88\n".utf8), filename: "a.csv",
                                                              scope: nil, approvalComment: "已核对", actor: Self.system)
            #expect(outcome.submission.status == .approved)
            let draft = try await app.catalogue.importDraft(Data("领域,服务项目\n幼有所育,学前教育幼儿资助\n".utf8), filename: "a.csv",
                                                            region: Self.xingtai, title: nil, actor: Self.system)
            #expect(try await app.catalogue.readable(String(draft.id), actor: Self.system).id == draft.id)
            #expect(try await app.accounts.deactivate(username: "root", actor: Self.system).active == false)
        }
    }

    @Test(arguments: TestEngine.all)
    func anUnpublishedCatalogueVersionIsNotFoundForAnonymousVisitors(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let app = JunhengApp(database: database)
            let draft = try await app.catalogue.importDraft(Data("领域,服务项目\n幼有所育,学前教育幼儿资助\n".utf8), filename: "a.csv",
                                                            region: Self.xingtai, title: nil, actor: Self.system)
            await #expect(throws: JunhengError.notFound("清单版本 \(draft.id)")) {
                try await app.catalogue.readable(String(draft.id), actor: Self.anonymous)
            }
            #expect(try await app.catalogue.versions(actor: Self.anonymous).isEmpty)
        }
    }

    @Test(arguments: TestEngine.all)
    func nobodyReviewsTheirOwnSubmission(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let app = JunhengApp(database: database)
            _ = try await Self.indicator(app)
            let admin = try await Self.user(app, "admin", role: .admin, region: nil)
            let reviewer = try await Self.user(app, "reviewer", role: .reviewer, region: Self.xingtai)
            let ownReview = JunhengError.forbidden("不能审核自己提交的数据")
            let upload = Data("地区,指标,年份,数值\n130522,T-ENROL,2020,91\n".utf8)
            await #expect(throws: ownReview) {
                try await app.monitoring.importFile(upload, filename: "a.csv", scope: nil, approvalComment: "自己批准", actor: admin)
            }
            let submission = try await app.monitoring.importFile(upload, filename: "a.csv", scope: nil, approvalComment: nil, actor: admin).submission
            await #expect(throws: ownReview) {
                try await app.monitoring.review(submission: String(submission.id), approve: true, comment: "", actor: admin)
            }
            let reviewed = try await app.monitoring.review(submission: String(submission.id), approve: true, comment: "", actor: reviewer)
            #expect(reviewed.status == .approved)
        }
    }

    @Test(arguments: TestEngine.all)
    func onlyAnAdministratorWithTheRoleInScopeManagesAnAccount(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let app = JunhengApp(database: database)
            let cityAdmin = try await Self.user(app, "city-admin", role: .admin, region: Self.xingtai)
            let planner = try await Self.user(app, "planner", role: .planner, region: Self.xingtai)
            _ = try await Self.user(app, "neiqiu", role: .regionReporter, region: Self.neiQiu)
            _ = try await Self.user(app, "root", role: .admin, region: nil)
            await #expect(throws: JunhengError.forbidden("角色“规划管理员”没有“管理用户”的权限")) {
                try await app.accounts.deactivate(username: "neiqiu", actor: planner)
            }
            await #expect(throws: JunhengError.forbidden("全国范围 不在用户管辖范围 130500 内")) {
                try await app.accounts.setPassword(username: "root", password: "another-password", actor: cityAdmin)
            }
            await #expect(throws: JunhengError.notFound("用户 nobody")) {
                try await app.accounts.deactivate(username: "nobody", actor: cityAdmin)
            }
            #expect(try await app.accounts.deactivate(username: "neiqiu", actor: cityAdmin).active == false)
        }
    }
}

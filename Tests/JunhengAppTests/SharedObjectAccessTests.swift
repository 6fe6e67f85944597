import Foundation
import JunhengApp
import JunhengCore
import JunhengTestSupport
import SQLKit
import Storage
import Testing

/// Issue 16, items 5 and 6: objects several regions share belong to the region above them all,
/// department editors write only their department's things, and nobody reviews their own work.
@Suite("Shared objects, departments and four eyes")
struct SharedObjectAccessTests {
    static let linCheng = AccessRuleTests.linCheng
    static let neiQiu = AccessRuleTests.neiQiu
    static let xingtai = AccessRuleTests.xingtai
    static let system = AccessRuleTests.system

    static func target(_ indicator: IndicatorRecord, _ region: RegionCode) -> TargetRecord {
        TargetRecord(indicatorID: indicator.id, regionCode: region, baselineYear: nil, baselineValue: nil, targetYear: 2025,
                     targetValue: 90)
    }

    @Test(arguments: TestEngine.all)
    func aCountyPlannerDoesNotChangeTheCitysIndicator(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let app = JunhengApp(database: database)
            let county = try await AccessRuleTests.user(app, "linchen-planner", role: .planner, region: Self.linCheng)
            let neighbour = try await AccessRuleTests.user(app, "neiqiu-planner", role: .planner, region: Self.neiQiu)
            let city = try await AccessRuleTests.user(app, "city-planner", role: .planner, region: Self.xingtai)
            // The city's indicator: its plan set the city's target, and the county its own.
            let shared = try await app.monitoring.createIndicator(IndicatorRecord(code: "C-1", name: "学前三年毛入园率", unit: "%"),
                                                                  actor: Self.system)
            _ = try await app.monitoring.setTarget(Self.target(shared, Self.xingtai), actor: city)
            _ = try await app.monitoring.setTarget(Self.target(shared, Self.linCheng), actor: county)
            #expect(try await app.monitoring.owningRegion(of: shared) == .region(Self.xingtai))

            let refused = JunhengError.forbidden("地区 130500 不在用户管辖范围 130522 内")
            await #expect(throws: refused) {
                try await app.monitoring.updateIndicator(shared, .init(name: "改名"), actor: county)
            }
            var bound = MonitoringUseCases.IndicatorChanges()
            bound.maximum = 1
            await #expect(throws: refused) { try await app.monitoring.updateIndicator(shared, bound, actor: county) }
            #expect(try await IndicatorStore(database.sql).indicator(id: shared.id)?.name == "学前三年毛入园率")

            // The city changes it, and the audit row carries the city so its reviewers see it.
            #expect(try await app.monitoring.updateIndicator(shared, .init(name: "学前教育毛入园率"), actor: city).name == "学前教育毛入园率")
            let update = try #require(try await AuditLog(database.sql).entries(
                matching: AuditFilter(action: "update", entity: "indicator", entityID: String(shared.id)), limit: 1).first)
            #expect(update.regionCode == "130500")

            // A county's own indicator is the county's; its neighbour may neither change it nor,
            // by setting a target of its own, lift it to the city.
            let own = try await app.monitoring.createIndicator(IndicatorRecord(code: "L-1", name: "临城特色指标", unit: "个"), actor: county)
            #expect(try await app.monitoring.owningRegion(of: own) == .region(Self.linCheng))
            #expect(try await app.monitoring.updateIndicator(own, .init(unit: "所"), actor: county).unit == "所")
            await #expect(throws: JunhengError.forbidden("地区 130522 不在用户管辖范围 130523 内")) {
                try await app.monitoring.updateIndicator(own, .init(name: "x"), actor: neighbour)
            }
            await #expect(throws: JunhengError.forbidden("地区 130522 不在用户管辖范围 130523 内")) {
                try await app.monitoring.setTarget(Self.target(own, Self.neiQiu), actor: neighbour)
            }
            // The city, above both, may.
            _ = try await app.monitoring.setTarget(Self.target(own, Self.neiQiu), actor: city)
            #expect(try await app.monitoring.owningRegion(of: own) == .region(Self.xingtai))
        }
    }

    @Test(arguments: TestEngine.all)
    func anIndicatorOfUnknownOwnerIsChangedOnlyByANationwideAdmin(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let app = JunhengApp(database: database)
            let county = try await AccessRuleTests.user(app, "linchen-planner", role: .planner, region: Self.linCheng)
            let city = try await AccessRuleTests.user(app, "city-planner", role: .planner, region: Self.xingtai)
            let cityAdmin = try await AccessRuleTests.user(app, "city-admin", role: .admin, region: Self.xingtai)
            let admin = try await AccessRuleTests.user(app, "root", role: .admin, region: nil)
            // Defined by the system, no targets, no plan: nobody's scope is known to own it.
            let orphan = try await app.monitoring.createIndicator(IndicatorRecord(code: "O-1", name: "无主指标", unit: "个"),
                                                                  actor: Self.system)
            #expect(try await app.monitoring.owningRegion(of: orphan) == .unknown)
            for (actor, scope) in [(county, "130522"), (city, "130500"), (cityAdmin, "130500")] {
                await #expect(throws: JunhengError.forbidden("全国范围 不在用户管辖范围 \(scope) 内")) {
                    try await app.monitoring.updateIndicator(orphan, .init(name: "改名"), actor: actor)
                }
            }
            #expect(try await IndicatorStore(database.sql).indicator(id: orphan.id)?.name == "无主指标")
            #expect(try await app.monitoring.updateIndicator(orphan, .init(name: "改名"), actor: admin).name == "改名")
        }
    }

    @Test(arguments: TestEngine.all)
    func anIndicatorOfUnknownOwnerFromAPlanIsChangedOnlyFromTheRootOfThePlansRegion(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let app = JunhengApp(database: database)
            let city = try await AccessRuleTests.user(app, "city-planner", role: .planner, region: Self.xingtai)
            let province = try await AccessRuleTests.user(app, "hebei-planner", role: .planner, region: RegionCode(rawValue: "130000")!)
            let (plan, _) = try await app.plans.ingest(PlanUseCases.Upload(
                filename: "p.txt", data: Data("邢台市规划\n到2025年，学前三年毛入园率达到90%。\n".utf8), region: Self.xingtai), actor: Self.system)
            _ = try await app.plans.acceptPending(of: plan, actor: Self.system)
            _ = try await app.plans.publish(plan, actor: Self.system)
            let indicator = try #require(try await IndicatorStore(database.sql).indicators().first)
            // Its target gone (no use case removes one; a database repair could), the plan is all that says whose it is.
            try await database.sql.delete(from: "targets").where("indicator_id", .equal, indicator.id).run()
            #expect(try await app.monitoring.owningRegion(of: indicator) == .unknown)
            await #expect(throws: JunhengError.forbidden("地区 130000 不在用户管辖范围 130500 内")) {
                try await app.monitoring.updateIndicator(indicator, .init(unit: "个"), actor: city)
            }
            #expect(try await app.monitoring.updateIndicator(indicator, .init(unit: "%"), actor: province).unit == "%")
        }
    }

    @Test(arguments: TestEngine.all)
    func aCountyDoesNotRegroupItsCitysCounties(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let app = JunhengApp(database: database)
            let county = try await AccessRuleTests.user(app, "linchen-planner", role: .planner, region: Self.linCheng)
            let city = try await AccessRuleTests.user(app, "city-planner", role: .planner, region: Self.xingtai)
            _ = try await app.regions.createGroupSet(RegionGroupSet(code: "ur", name: "城乡", scopeRegionCode: Self.xingtai,
                                                                    groups: [RegionGroup(code: "u", name: "城"), RegionGroup(code: "r", name: "乡")]),
                                                     actor: city)
            await #expect(throws: JunhengError.forbidden("地区 130500 不在用户管辖范围 130522 内")) {
                try await app.regions.assign(Self.linCheng, toGroup: "u", inSet: "ur", actor: county)
            }
            await #expect(throws: JunhengError.forbidden("地区 130500 不在用户管辖范围 130522 内")) {
                try await app.regions.assign([(Self.linCheng, "u")], inSet: "ur", actor: county)
            }
            try await app.regions.assign(Self.linCheng, toGroup: "r", inSet: "ur", actor: city)
            #expect(try await app.regions.members(ofSet: "ur").count == 1)
        }
    }

    @Test(arguments: TestEngine.all)
    func aDepartmentEditorSubmitsOnlyTheirDepartmentsFigures(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let app = JunhengApp(database: database)
            let education = try await app.accounts.createDepartment(region: Self.xingtai, name: "邢台市教育局", shortName: "教育局",
                                                                    actor: Self.system)
            let health = try await app.accounts.createDepartment(region: Self.xingtai, name: "邢台市卫生健康委员会", shortName: "卫健委",
                                                                 actor: Self.system)
            let editor = try await AccessRuleTests.user(app, "edu-editor", role: .departmentEditor, region: Self.xingtai,
                                                        department: education.id)
            _ = try await app.monitoring.createIndicator(IndicatorRecord(code: "EDU", name: "入园率", unit: "%", departmentID: education.id),
                                                         actor: Self.system)
            _ = try await app.monitoring.createIndicator(IndicatorRecord(code: "HEA", name: "床位数", unit: "张", departmentID: health.id),
                                                         actor: Self.system)
            _ = try await app.monitoring.createIndicator(IndicatorRecord(code: "NONE", name: "无主指标", unit: "个"), actor: Self.system)
            for code in ["HEA", "NONE"] {
                let table = UploadTable(sheet: nil, header: ["region", "indicator", "year", "value"],
                                        rows: [["130522", "EDU", "2020", "90"], ["130522", code, "2020", "10"]], headerRow: 1)
                do {
                    _ = try await app.monitoring.submit([table], source: "api", actor: editor)
                    Issue.record("another department's figures were accepted")
                } catch JunhengError.invalid(let issues) {
                    #expect(issues.map(\.reason) == ["无权填报指标“\(code == "HEA" ? "床位数" : "无主指标")”：该指标不由本部门牵头"])
                    #expect(issues.map(\.row) == [3])
                }
                await #expect(throws: JunhengError.self) {
                    try await app.monitoring.importFile(Data("地区,指标,年份,数值\n130522,\(code),2020,10\n".utf8), filename: "a.csv",
                                                        scope: nil, approvalComment: nil, actor: editor)
                }
            }
            let own = try await app.monitoring.importFile(Data("地区,指标,年份,数值\n130522,EDU,2020,91\n".utf8), filename: "a.csv",
                                                          scope: nil, approvalComment: nil, actor: editor)
            #expect(own.submission.status == .submitted)

        }
    }

    @Test(arguments: TestEngine.all)
    func aDepartmentEditorImportsAndSubmitsOnlyTheirDepartmentsCatalogue(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let app = JunhengApp(database: database)
            let education = try await app.accounts.createDepartment(region: Self.xingtai, name: "邢台市教育局", shortName: "教育局",
                                                                    actor: Self.system)
            let editor = try await AccessRuleTests.user(app, "edu-editor", role: .departmentEditor, region: Self.xingtai,
                                                        department: education.id)
            let mixed = Data("""
                项目编码,领域,服务项目,牵头负责单位
                A1,幼有所育,学前教育幼儿资助,邢台市教育局
                A3,病有所医,健康教育,邢台市卫生健康委员会
                """.utf8)
            await #expect(throws: JunhengError.forbidden("部门填报员只能处理本部门（邢台市教育局）牵头的项目，而其中有邢台市卫生健康委员会牵头的项目")) {
                try await app.catalogue.importDraft(mixed, filename: "city.csv", region: Self.xingtai, title: nil, actor: editor)
            }
            // The county's draft holds the county's departments' items: not the city editor's to send for review.
            let county = try await app.catalogue.importDraft(Data("""
                项目编码,领域,服务项目,牵头负责单位
                A1,幼有所育,学前教育幼儿资助,临城县教育局
                """.utf8), filename: "county.csv", region: Self.linCheng, title: nil, actor: Self.system)
            await #expect(throws: JunhengError.forbidden("部门填报员只能处理本部门（邢台市教育局）牵头的项目，而其中有临城县教育局牵头的项目")) {
                try await app.catalogue.perform(.submit, on: String(county.id), actor: editor)
            }
            #expect(try await app.catalogue.versions(region: Self.linCheng, actor: Self.system).first?.status == .draft)
            // Their own department's file is theirs.
            let own = try await app.catalogue.importDraft(Data("项目编码,领域,服务项目,牵头负责单位\nA1,幼有所育,学前教育幼儿资助,邢台市教育局\n".utf8),
                                                          filename: "edu.csv", region: Self.xingtai, title: nil, actor: editor)
            #expect(try await app.catalogue.perform(.submit, on: String(own.id), actor: editor).status == .underReview)
        }
    }

    @Test(arguments: TestEngine.all)
    func nobodyPublishesOrReturnsACatalogueTheySubmitted(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let app = JunhengApp(database: database)
            let admin = try await AccessRuleTests.user(app, "root", role: .admin, region: nil)
            let reviewer = try await AccessRuleTests.user(app, "reviewer", role: .reviewer, region: Self.xingtai)
            let draft = try await app.catalogue.importDraft(Data("领域,服务项目\n幼有所育,学前教育幼儿资助\n".utf8), filename: "a.csv",
                                                            region: Self.xingtai, title: nil, actor: admin)
            _ = try await app.catalogue.perform(.submit, on: String(draft.id), actor: admin)
            for step in [CatalogueStep.publish, .returnToDraft] {
                await #expect(throws: JunhengError.forbidden("不能审核自己提交的内容")) {
                    try await app.catalogue.perform(step, on: String(draft.id), actor: admin)
                }
            }
            #expect(try await app.catalogue.perform(.publish, on: String(draft.id), actor: reviewer).status == .published)
        }
    }
}

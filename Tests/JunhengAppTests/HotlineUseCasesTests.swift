import Foundation
import JunhengApp
import JunhengCore
import JunhengTestSupport
import Storage
import Testing

/// Issue 13, item 7: 12345 hotline work orders imported all or nothing without the caller's
/// details, mapped to catalogue items by the planner's keywords (a person choosing the rest), and
/// reported per 10,000 residents with resolution and satisfaction rates and their Wilson intervals.
@Suite("12345 hotline work orders")
struct HotlineUseCasesTests {
    static let xingtai = RegionCode(rawValue: "130500")!

    /// Xingtai's published catalogue: three items in two domains.
    static func publishCatalogue(_ database: JunhengDatabase) async throws {
        let store = CatalogueStore(database.sql)
        let draft = try await store.createDraft(regionCode: xingtai, title: "邢台市基本公共服务清单（测试）", items: [
            CatalogueItem(key: "A03", domain: "幼有所育", name: "普惠托育服务"),
            CatalogueItem(key: "B10", domain: "病有所医", name: "基本医疗服务"),
            CatalogueItem(key: "B12", domain: "病有所医", name: "家庭医生签约服务"),
        ], actor: .system("test"))
        _ = try await store.submit(draft.id, actor: .system("test"))
        _ = try await store.publish(draft.id, actor: .system("test"))
    }

    static let header = "工单编号,受理日期,区划代码,来电人,联系电话,诉求内容,承办单位,办理状态,满意度\n"

    @Test(arguments: TestEngine.all)
    func ordersAreMappedByKeywordsReviewedAndReportedWithWilsonIntervals(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, holding: .demo(maps: true)) { database in
            try await Self.publishCatalogue(database)
            let app = JunhengApp(database: database)
            let planner = try await MapUseCasesTests.planner(database)
            _ = try await app.hotline.setKeywordMap(HotlineKeywordMap(rules: [
                .init(itemCode: "A03", keywords: ["托育", "托儿所"]), .init(itemCode: "B12", keywords: ["家庭医生"]),
                .init(itemCode: "B10", keywords: ["看病", "医院"]),
            ]), actor: planner)
            await #expect(throws: JunhengError.invalid(field: "itemCode", "服务项目 Z99 不在适用的基本公共服务清单中")) {
                try await app.hotline.setKeywordMap(HotlineKeywordMap(rules: [.init(itemCode: "Z99", keywords: ["路灯"])]), actor: planner)
            }

            // A bad file stores nothing and names each cell; the caller's columns are never read.
            let bad = Self.header + "H1,2026-13-01,130522,张三,13800000000,托育太贵,县卫健局,已办结,满意\n"
                + "H2,2026-03-02,510904,李四,13900000000,看病难,县医院,处理中,不满意\n"
                + "H1,2026-03-03,130522,,,托儿所少,县卫健局,已办结,好评\n"
            do {
                _ = try await app.hotline.importOrders(upload: .data(Data(bad.utf8)), filename: "12345.csv", actor: planner)
                Issue.record("a bad export was imported")
            } catch JunhengError.invalid(let issues) {
                #expect(issues.map(\.description) == [
                    "第 2 行 列 B：受理日期应为日期（如 2026-03-01），而不是“2026-13-01”",
                    "第 4 行 列 I：满意度应为“满意”“基本满意”“不满意”或“未评价”，而不是“好评”",
                ])
            }
            #expect(try await HotlineStore(database.sql).unmapped(in: ["130522"]).isEmpty)

            var rows: [String] = []
            // Lincheng: 20 orders, 16 resolved of 20, 9 satisfied of 12 rated; one about street lights (no item).
            for index in 0..<20 {
                let text = index == 19 ? "路灯不亮，电话13800138000" : index % 2 == 0 ? "希望增加托育名额" : "家庭医生联系不上"
                rows.append("L\(index),2026-03-\(String(format: "%02d", index + 1)),130522,王五,13800138000,\(text),"
                            + "\(index % 2 == 0 ? "县卫健局" : "县医院"),\(index < 16 ? "已办结" : "办理中"),\(index < 9 ? "满意" : index < 12 ? "不满意" : "")")
            }
            rows.append("N1,2026-03-05,130523,,,县医院看病排队太久,县医院,已办结,基本满意")
            let imported = try await app.hotline.importOrders(upload: .data(Data((Self.header + rows.joined(separator: "\n")).utf8)),
                                                              filename: "12345.csv", actor: planner)
            #expect(imported.added == 21 && imported.updated == 0 && imported.mapped == 20 && imported.unmapped == 1)
            #expect(imported.ignoredColumns == ["来电人", "联系电话"])
            let stored = try await HotlineStore(database.sql).order(number: "L19")
            #expect(stored?.order.text == "路灯不亮，电话138****8000" && stored?.itemCode == nil)

            // The review queue: a person chooses the item, and a later import keeps the choice.
            #expect(try await app.hotline.unmapped(actor: planner).map(\.order.number) == ["L19"])
            try await app.hotline.assign(number: "L19", itemCode: "B10", actor: planner)
            let again = try await app.hotline.importOrders(upload: .data(Data((Self.header + rows.joined(separator: "\n")).utf8)),
                                                           filename: "12345.csv", actor: planner)
            #expect(again.added == 0 && again.updated == 21)
            #expect(try await HotlineStore(database.sql).order(number: "L19")?.itemCode == "B10")
            #expect(try await app.hotline.unmapped(actor: planner).isEmpty)

            let report = try await app.hotline.report(region: Self.xingtai, from: CalendarDay("2026-03-01")!, to: CalendarDay("2026-03-31")!)
            #expect(report.total.orders == 21 && report.unmapped == 0 && report.children == 18)
            let lincheng = try #require(report.byRegion.first { $0.key == "130522" })
            #expect(lincheng.orders == 20 && lincheng.resolution.successes == 16 && lincheng.resolution.trials == 20)
            #expect(lincheng.satisfaction.successes == 9 && lincheng.satisfaction.trials == 12)
            // Wilson 95 % for 16/20: 0.5840 to 0.9193 (statsmodels' proportion_confint, method="wilson").
            #expect(abs(try #require(lincheng.resolution.lowerBound) - 0.583_983) < 1e-5)
            #expect(abs(try #require(lincheng.resolution.upperBound) - 0.919_338) < 1e-5)
            let residents = Double(try await FacilityStore(database.sql).populationPoints(in: ["130522"]).reduce(0) { $0 + $1.population })
            #expect(abs(try #require(lincheng.perTenThousand) - 20 / residents * 10_000) < 1e-9)
            #expect(report.byRegion.first { $0.key == "130502" }?.orders == 0)
            #expect(report.byRegion.first { $0.key == "130502" }?.resolution.rate == nil)
            #expect(report.byDomain.map(\.name) == ["幼有所育", "病有所医"] && report.byDomain.map(\.orders) == [10, 11])
            #expect(report.byDepartment.map(\.name) == ["县医院", "县卫健局"] && report.byDepartment.map(\.orders) == [11, 10])
            #expect(report.childrenWithPopulation == 18 && report.populationYear == 2020 && report.total.perTenThousand != nil)

            // Only those who manage the hotline import it.
            let linchen = try await MapUseCasesTests.user("linchen", in: database)
            await #expect(throws: JunhengError.self) {
                try await app.hotline.importOrders(upload: .data(Data((Self.header + rows[0]).utf8)), filename: "x.csv", actor: linchen)
            }
        }
    }
}

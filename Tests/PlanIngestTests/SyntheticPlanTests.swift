import Foundation
import PlanIngest
import Testing

/// Hand-made plans in the styles of other provinces and levels, each with the results a reader would write down.
@Suite("Synthetic plans of other provinces and levels")
struct SyntheticPlanTests {
    struct Expected: CustomStringConvertible {
        var indicator: String, value: Double, unit: String, comparator: String, year: Int?
        var description: String { "\(indicator) \(comparator) \(value)\(unit) (\(year.map(String.init) ?? "-"))" }
    }

    static func ingest(_ name: String) throws -> IngestResult {
        try PlanIngester.ingest(try Fixtures.data(name), regions: Fixtures.regions).result
    }

    /// Every expected target is found with its indicator, comparator and year, and nothing else is a target.
    static func expectTargets(_ r: IngestResult, _ expected: [Expected]) {
        let targets = r.targets(kind: "target")
        for e in expected {
            #expect(targets.contains { $0.indicator == e.indicator && $0.value == e.value && $0.unit == e.unit && $0.comparator == e.comparator && $0.year == e.year },
                    "missing \(e); got \(targets.map { "\($0.indicator) \($0.comparator) \($0.value)\($0.unit) (\($0.year.map(String.init) ?? "-"))" })")
        }
        #expect(targets.count == expected.count, "extra: \(targets.filter { t in !expected.contains { $0.indicator == t.indicator && $0.value == t.value } }.map(\.indicator))")
    }

    @Test("a GBK county plan: an item table one cell per line, amounts in Chinese numerals, goals for the period end")
    func countyItemTable() throws {
        let r = try Self.ingest("synthetic_county_gbk.txt")
        #expect(r.document.encoding == "gb18030")
        #expect(r.document.level == "county")
        #expect(r.document.basedOn.map(\.title) == ["省“十四五”公共服务规划", "永州市基本公共服务实施标准"])
        #expect(r.domains.map(\.name) == ["幼有所育", "学有所教", "病有所医"])
        #expect(r.domains.map(\.items.count) == [2, 3, 1])
        let aid = try #require(r.domains[1].items.first)
        #expect(aid.name == "学前教育幼儿资助")
        #expect(aid.itemDetails?.standard?.text == "每生每年1000元")
        #expect(aid.itemDetails?.leadDepartment?.text == "县教育局")
        #expect(aid.itemDetails?.funding?.text == "中央与地方按比例分担")
        #expect(aid.itemDetails?.targetPopulation?.text.hasSuffix("家庭经济困难儿童") == true)
        #expect(aid.itemDetails?.content == nil)
        Self.expectTargets(r, [
            Expected(indicator: "城乡居民基本医疗保险参保率", value: 95, unit: "%", comparator: ">=", year: 2025),
            Expected(indicator: "公办幼儿园", value: 2, unit: "所", comparator: "=", year: 2025),
            Expected(indicator: "村级综合文化服务中心", value: 10, unit: "个", comparator: "=", year: 2025),
            Expected(indicator: "村卫生室达到甲级标准", value: 3, unit: "成", comparator: ">=", year: 2025),
            Expected(indicator: "农村义务教育学生营养改善计划覆盖率", value: 100, unit: "%", comparator: ">=", year: 2025),
            Expected(indicator: "每千人口拥有3岁以下婴幼儿托位数", value: 3, unit: "个", comparator: ">=", year: nil),
            Expected(indicator: "标准化托育机构", value: 1, unit: "所", comparator: ">=", year: nil),
            Expected(indicator: "义务教育巩固率", value: 97, unit: "%", comparator: ">=", year: nil),
            Expected(indicator: "学前教育毛入园率", value: 5, unit: "个百分点", comparator: "=", year: nil),
            Expected(indicator: "村卫生室乡村医生配备", value: 2, unit: "名", comparator: ">=", year: nil),
        ])
        #expect(r.targets.first { $0.unit == "所" && $0.value == 2 }?.per == "每个乡镇")
    }

    @Test("a provincial 14th plan: an indicator table with tab-separated columns, growth phrases, shared suffixes")
    func provincialIndicatorTable() throws {
        let r = try Self.ingest("synthetic_province_indicators.txt")
        #expect(r.document.level == "province")
        #expect(r.document.basedOn.map(\.title) == ["国家“十四五”公共服务规划", "甘肃省国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要"])
        let table = r.targets.filter { $0.attribute != nil }
        #expect(table.map(\.indicator) == ["每千人口拥有3岁以下婴幼儿托位数", "学前教育毛入园率", "九年义务教育巩固率", "孕产妇死亡率", "人均预期寿命", "养老机构护理型床位占比"])
        #expect(table.map(\.comparator) == ["=", ">=", ">=", "<=", "=", "="])
        #expect(table.map(\.attribute) == ["expected", "expected", "binding", "expected", "expected", "binding"])
        #expect(table.allSatisfy { $0.year == 2025 && $0.baseline?.year == 2020 })
        #expect(table[3].unit == "1/10万" && table[3].value == 18 && table[3].baseline?.value == 21.3)
        let growth = try #require(r.targets.first { $0.value == 31.1 })
        #expect(growth.kind == "achievement" && growth.indicator == "每千人口执业(助理)医师数")
        Self.expectTargets(r, [
            Expected(indicator: "基本养老保险参保率", value: 95, unit: "%", comparator: ">=", year: 2025),
            Expected(indicator: "城镇新增就业人数", value: 150, unit: "万人", comparator: ">=", year: 2025),
            Expected(indicator: "失业保险参保人数", value: 180, unit: "万人", comparator: ">=", year: 2025),
            Expected(indicator: "工伤保险参保人数", value: 250, unit: "万人", comparator: ">=", year: 2025),
            Expected(indicator: "婴儿死亡率", value: 6, unit: "‰", comparator: "<=", year: 2025),
            Expected(indicator: "人均预期寿命", value: 1, unit: "岁", comparator: "=", year: 2025),
            Expected(indicator: "每千人口拥有3岁以下婴幼儿托位数", value: 4.5, unit: "个", comparator: "=", year: 2025),
            Expected(indicator: "学前教育毛入园率", value: 93, unit: "%", comparator: ">=", year: 2025),
            Expected(indicator: "九年义务教育巩固率", value: 96.5, unit: "%", comparator: ">=", year: 2025),
            Expected(indicator: "孕产妇死亡率", value: 18, unit: "1/10万", comparator: "<=", year: 2025),
            Expected(indicator: "人均预期寿命", value: 1, unit: "岁", comparator: "=", year: 2025),
            Expected(indicator: "养老机构护理型床位占比", value: 55, unit: "%", comparator: "=", year: 2025),
            Expected(indicator: "综合性托育服务机构", value: 1, unit: "所", comparator: ">=", year: 2025),
            Expected(indicator: "普惠性幼儿园覆盖率", value: 85, unit: "%", comparator: ">=", year: 2025),
            Expected(indicator: "县中标准化建设达标率", value: 90, unit: "%", comparator: ">=", year: 2025),
        ])
        // The item table's columns are separated by wide gaps.
        #expect(r.domains.map(\.name) == ["幼有所育", "学有所教"])
        #expect(r.domains[0].items.map(\.name) == ["预防接种", "儿童健康管理"])
        #expect(r.domains[0].items[1].itemDetails?.content?.text == "提供新生儿访视、健康检查")
        #expect(r.domains[1].items[0].itemDetails?.leadDepartment?.text == "省教育厅")
    }

    @Test("a city plan: 幼有所育 domains with numbered item lines, an indicator table one cell per line")
    func cityDomainsAndItems() throws {
        let r = try Self.ingest("synthetic_city_domains.txt")
        #expect(r.document.title?.text == "赣州市“十四五”基本公共服务规划")
        #expect(r.document.documentNumber == "赣市府发〔2021〕21号")
        #expect(r.domains.map(\.name) == ["幼有所育", "学有所教", "病有所医"])
        #expect(r.domains.map(\.items.count) == [3, 4, 2])
        #expect(r.domains[2].items.map(\.name) == ["居民健康档案", "预防接种"])
        #expect(r.claimedTotalItems?.items == 9 && r.claimedTotalItems?.domains == 3)
        #expect(!r.warnings.contains { $0.code.contains("Mismatch") })
        Self.expectTargets(r, [
            Expected(indicator: "区域性养老服务中心", value: 10, unit: "个", comparator: "=", year: 2025),
            Expected(indicator: "公办托育机构", value: 2, unit: "所", comparator: "=", year: 2025),
            Expected(indicator: "乡镇卫生院达到国家推荐标准", value: 3, unit: "成", comparator: ">=", year: 2025),
            Expected(indicator: "农村自来水普及率", value: 95, unit: "%", comparator: ">=", year: 2025),
            Expected(indicator: "义务教育巩固率", value: 97.5, unit: "%", comparator: "=", year: 2025),
            Expected(indicator: "每千名老年人拥有养老床位数", value: 35, unit: "张", comparator: ">=", year: 2025),
            Expected(indicator: "督导检查", value: 2, unit: "次", comparator: ">=", year: nil),
            Expected(indicator: "用于基本公共服务补短板", value: 5000, unit: "万元", comparator: ">=", year: nil),
        ])
        let beds = try #require(r.targets.first { $0.unit == "张" })
        #expect(beds.baseline?.value == 32 && beds.attribute == "expected" && beds.per == "每千名老年人")
    }

    @Test("an indicator table with row numbers and units in the names; counts after their noun")
    func numberedIndicatorTable() throws {
        let r = try Fixtures.ingest("""
        某县“十四五”公共服务规划
        一、主要指标
        序号
        指标名称
        2020年
        2025年
        指标属性
        学有所教
        1.
        学前教育毛入园率(%)
        88
        ≥92
        约束性
        2.
        每千人口医疗卫生机构床位数(张)
        5.1
        6.3
        预期性
        二、重点任务
        新建幼儿园十所，社区养老服务设施覆盖率达到90%。
        """).result
        let table = r.targets.filter { $0.attribute != nil }
        try #require(table.count == 2)
        #expect(table.map(\.indicator) == ["学前教育毛入园率", "每千人口医疗卫生机构床位数"])
        #expect(table.map(\.unit) == ["%", "张"])
        #expect(table.map(\.comparator) == [">=", "="])
        #expect(table.map(\.baseline?.value) == [88, 5.1])
        #expect(table[1].per == "每千人口")
        #expect(r.targets.contains { $0.value == 10 && $0.unit == "所" && $0.indicator == "新建幼儿园" })
        #expect(r.targets.count == 4)
    }

    @Test("every span is in bounds and every quote is the text at its span", arguments: Fixtures.syntheticNames)
    func provenance(name: String) throws {
        let ingestion = try PlanIngester.ingest(try Fixtures.data(name))
        let count = ingestion.repairedText.unicodeScalars.count
        for span in ingestion.allSpans { #expect(0 <= span.start && span.start <= span.end && span.end <= count) }
        for target in ingestion.result.targets { #expect(ingestion.repaired(target.sentenceSpan) == target.quote) }
        for item in ingestion.result.domains.flatMap(\.items) {
            #expect(ingestion.repaired(item.quote.span) == item.name)
            if let standard = item.itemDetails?.standard { #expect(ingestion.repaired(standard.span) == standard.text) }
        }
    }

    @Test("labels, ordinals and positional numerals in Chinese are not amounts")
    func spelledLabels() throws {
        let r = try Fixtures.ingest("""
        邢台市“十四五”规划
        到2025年，落实“两项补贴”，实施“三支一扶”计划，开展第三次普查，完成二〇三五年远景目标，实施无障碍环境建设三年行动，实现一个窗口对外，建立一人一档，提高百分之的比例，每个社区配备两名社工。
        """).result
        #expect(r.targets.map(\.value) == [2])
        #expect(r.targets.first?.indicator == "社工")
    }
}

extension IngestResult {
    func targets(kind: String) -> [Target] { targets.filter { $0.kind == kind } }
}

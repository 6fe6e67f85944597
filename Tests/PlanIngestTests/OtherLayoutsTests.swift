import Foundation
import PlanIngest
import Testing

/// Layouts met in the second, untuned batch of the corpus, one small document each.
@Suite("Other layouts: label lines, two-level and project tables, numbered goals, one-year plans")
struct OtherLayoutsTests {
    static func ingest(_ text: String) throws -> IngestResult {
        try PlanIngester.ingest(Data(text.utf8)).result
    }

    @Test("责任领导：…　责任单位：… under a task, and 【责任单位：X牵头，Y参与】 at the end of a paragraph")
    func labelLines() throws {
        let r = try Self.ingest("""
            某旗基本公共服务三年行动计划（2023—2025年）
            三、重点任务
            1、提升妇幼健康服务水平。实施母婴安全行动。
            责任领导：分管副旗长　　责任单位：旗卫生健康委、旗妇联
            2、推进学前教育普惠发展。新建幼儿园。【责任单位：旗教育体育局牵头，旗财政局、旗妇联参与】
            """)
        #expect(r.tasks.map(\.title) == ["提升妇幼健康服务水平", "推进学前教育普惠发展"])
        #expect(r.tasks.map(\.lead) == ["旗卫生健康委", "旗教育体育局"])
        #expect(r.tasks[1].cooperating == ["旗财政局", "旗妇联"])
    }

    @Test("a two-level indicator table (一级指标 | 二级指标) with the first level named once")
    func twoLevelIndicatorTable() throws {
        let r = try Self.ingest("""
            某州“十四五”基本公共服务实施方案
            二、主要指标
            一级指标\t二级指标\t单位\t2020年\t2025年\t属性
            幼有所育\t孕产妇死亡率\t1/10万\t18\t≤15\t约束性
            \t5岁以下儿童死亡率\t‰\t8\t≤7\t约束性
            学有所教\t九年义务教育巩固率\t%\t96\t≥98\t约束性
            """)
        let table = r.targets.filter { $0.rule == "target.indicatorTable" }
        #expect(table.map(\.indicator) == ["孕产妇死亡率", "5岁以下儿童死亡率", "九年义务教育巩固率"])
        #expect(table.map(\.value) == [15, 7, 98] && table.map(\.comparator) == ["<=", "<=", ">="])
    }

    @Test("a project table: each project a task with its lead and a target of its investment; its 建设内容 read as sentences")
    func projectTable() throws {
        let r = try Self.ingest("""
            某市“十四五”基本公共服务规划
            附件 重点项目表
            序号\t项目名称\t建设内容及规模\t总投资（万元）\t建设期限\t责任单位
            1\t市妇幼保健院迁建工程\t新建业务用房3.2万平方米，设置床位300张\t68000\t2022—2024年\t市卫生健康委
            2\t市残疾人康复中心\t新建康复用房1.2万平方米\t15000\t2023—2025年\t市残联
            """)
        #expect(r.tasks.map(\.title) == ["市妇幼保健院迁建工程", "市残疾人康复中心"] && r.tasks.map(\.lead) == ["市卫生健康委", "市残联"])
        #expect(r.targets.filter { $0.unit == "万元" }.map(\.value) == [68000, 15000])
        #expect(r.targets.contains { $0.value == 300 && $0.unit == "张" } && r.targets.contains { $0.value == 1.2 && $0.unit == "万平方米" })
        #expect(r.domains.isEmpty)
    }

    @Test("numbered goals in headings, 约 as about, a 15分钟…圈 as a name")
    func numberedGoals() throws {
        let r = try Self.ingest("""
            某县“十四五”基本公共服务均等化规划
            二、主要目标
            1、基本公共卫生服务经费占比保持在80%以上
            2、建设15分钟健康服务圈
            3、老旧小区改造面积约15万平方米
            """)
        #expect(r.targets.map { "\($0.comparator) \($0.value)\($0.unit)" } == [">= 80.0%", "~ 15.0万平方米"])
    }

    @Test("a one-year plan has its year as its period; the issuer and a date in numerals stay off the title")
    func oneYearPlanAndTitleLines() throws {
        let r = try Self.ingest("沁源县2023年基本公共服务均等化工作要点\n正文。\n")
        #expect(r.document.periodStart == 2023 && r.document.periodEnd == 2023)
        let hainan = try Self.ingest("海南省基本公共服务均等化“十四五”规划\n海南省人民政府\n二〇二一年九月\n第一篇 发展基础\n正文。\n")
        #expect(hainan.document.title?.text == "海南省基本公共服务均等化“十四五”规划" && hainan.document.issuer?.text == "海南省人民政府")
    }

    @Test("items listed after 以下…项目：①…；②… and after 幼有所育（4项）：")
    func numberedItemLists() throws {
        let r = try Self.ingest("""
            某旗基本公共服务实施方案
            （一）幼有所育
            本领域落实以下基本公共服务项目：①孕产妇健康服务；②儿童健康管理；③预防接种。
            （二）学有所教
            加强教育。
            （三）病有所医
            加强卫生。
            专栏 基本公共服务项目
            学有所教（2项）：学前教育幼儿资助；义务教育免费教科书。
            """)
        #expect(r.domains.first { $0.name == "幼有所育" }?.items.map(\.name) == ["孕产妇健康服务", "儿童健康管理", "预防接种"])
        #expect(r.domains.first { $0.name == "学有所教" }?.items.map(\.name) == ["学前教育幼儿资助", "义务教育免费教科书"])
    }
}

/// Layouts met in the third, blind batch.
@Suite("Other layouts: the blind third batch")
struct ThirdBatchLayoutTests {
    static func ingest(_ text: String) throws -> IngestResult { try OtherLayoutsTests.ingest(text) }

    @Test("an indicator table with 2025年 and 2035年 columns reads the plan's end year; units written in the cells")
    func yearColumnsAndUnitsInCells() throws {
        let r = try Self.ingest("""
            某市基本公共服务实施意见
            实施期为2022—2025年。
            附件2 主要指标
            指标名称\t2021年\t2025年\t2035年\t属性
            每千人口拥有3岁以下婴幼儿托位数\t0.6个\t3个\t4.5个\t预期性
            人均预期寿命\t74.9岁\t76岁左右\t78岁\t预期性
            """)
        #expect(r.document.periodStart == 2022 && r.document.periodEnd == 2025)
        let table = r.targets.filter { $0.rule == "target.indicatorTable" }
        #expect(table.map { "\($0.comparator) \($0.value)\($0.unit) \($0.year ?? 0)" } == ["= 3.0个 2025", "~ 76.0岁 2025"])
    }

    @Test("责任单位：A、B（牵头）、C names B as the lead; 责任主体 as a label and as a column")
    func markedLead() throws {
        let r = try Self.ingest("""
            某区“十四五”基本公共服务规划
            3.2 重点任务
            推进医共体建设。
            责任单位：区妇联、区卫生健康局（牵头）、区财政局
            加强养老服务。（责任主体：区民政局、区财政局）
            """)
        #expect(r.tasks.map(\.lead) == ["区卫生健康局", "区民政局"])
        #expect(r.tasks[0].cooperating == ["区妇联", "区财政局"])
    }

    @Test("a service list with 责任主体 and group rows counting their items (（一）幼有所育（3项）)")
    func serviceListWithCounts() throws {
        let r = try Self.ingest("""
            某市基本公共服务实施清单
            序号\t服务项目\t服务对象\t服务内容及标准\t支出责任\t责任主体
            （一）幼有所育（2项）
            1\t孕前优生健康检查\t计划怀孕夫妇\t每孩次提供1次免费检查\t中央、自治区、县按比例分担\t市卫生健康委
            2\t儿童健康管理\t0—6岁儿童\t健康检查13次\t中央、自治区、县按比例分担\t市卫生健康委
            （二）学有所教（1项）
            3\t学前教育幼儿资助\t家庭经济困难儿童\t每生每年补助1000元\t中央、自治区、县按比例分担\t市教育局
            """)
        #expect(r.domains.map(\.name) == ["幼有所育", "学有所教"])
        #expect(r.domains.flatMap(\.items).map(\.name) == ["孕前优生健康检查", "儿童健康管理", "学前教育幼儿资助"])
        #expect(r.domains[1].items.first?.itemDetails?.leadDepartment?.text == "市教育局")
    }

    @Test("the issuer signs after the body, before the annexes")
    func signatureBeforeAnnexes() throws {
        let r = try Self.ingest("固原市基本公共服务实施意见\n一、总体要求\n正文。\n固原市人民政府\n2022年6月8日\n附件1\n清单。\n附件2\n指标。\n")
        #expect(r.document.issuer?.text == "固原市人民政府")
    }
}

import Foundation
import PlanIngest
import Testing

/// Responsible departments as other provinces write them.
@Suite("Tasks and departments as written")
struct TaskPhrasingTests {
    static func tasks(_ body: String) throws -> [PlanTask] {
        let plan = "某县“十四五”基本公共服务均等化实施方案\n第三章 重点任务\n\(body)\n"
        return try PlanIngester.ingest(Data(plan.utf8)).result.tasks
    }

    @Test("names containing 和 or 与 are whole names; 和 between two names separates them")
    func namesWithHe() throws {
        let t = try #require(try Self.tasks("（一）推进智慧服务。建设数字平台。（区科技和信息化局牵头，区财政局配合）").first)
        #expect(t.lead == "区科技和信息化局" && t.cooperating == ["区财政局"])
        let both = try #require(try Self.tasks("（二）完善救助。健全分层分类救助体系。（市民政局和市财政局）").first)
        #expect(both.lead == "市民政局" && both.cooperating == ["市财政局"])
    }

    @Test("牵头单位：…；配合单位：… keeps the lead and every cooperating unit, the first included")
    func leadAndCooperationLabels() throws {
        let t = try #require(try Self.tasks("（二）完善就业服务。健全公共就业服务体系。牵头单位：市人力资源和社会保障局；配合单位：市委编办、市财政局、市民政局。").first)
        #expect(t.lead == "市人力资源和社会保障局" && t.cooperating == ["市委编办", "市财政局", "市民政局"])
        #expect(t.rule == "task.labelledClause")
    }

    @Test("labels on lines of their own belong to the task above them")
    func labelLines() throws {
        let t = try #require(try Self.tasks("（五）加强文化服务。实施文化惠民工程。\n牵头单位：市文化广电和旅游局\n配合单位：市财政局、自然资源与规划局").first)
        #expect(t.title == "加强文化服务" && t.lead == "市文化广电和旅游局" && t.cooperating == ["市财政局", "自然资源与规划局"])
    }

    @Test("各县（市、区）人民政府 is one responsible party, brackets and all")
    func countyGovernments() throws {
        let t = try #require(try Self.tasks("（四）落实属地责任。各地要把基本公共服务纳入议事日程。（各县（市、区）人民政府负责）").first)
        #expect(t.lead == "各县(市、区)人民政府" && t.cooperating.isEmpty)
    }

    @Test("由X牵头，Y、Z配合 in a sentence")
    func relationSentence() throws {
        let t = try #require(try Self.tasks("（六）由市卫生健康委牵头，市医保局、市财政局配合，推进紧密型县域医共体建设。").first)
        #expect(t.lead == "市卫生健康委" && t.cooperating == ["市医保局", "市财政局"] && t.rule == "task.relationVerb")
    }

    @Test("a task table: 重点任务 | 牵头单位 | 责任单位, the second column of units cooperating")
    func taskTable() throws {
        let tasks = try Self.tasks("""
            表1 重点任务分工表
            序号\t重点任务\t牵头单位\t责任单位\t完成时限
            1\t建设标准化村卫生室\t县卫生健康局\t各乡镇人民政府\t2023年
            2\t实施农村饮水安全巩固提升工程\t县水利局\t县财政局、县发展和改革局\t2025年
            """)
        #expect(tasks.map(\.title) == ["建设标准化村卫生室", "实施农村饮水安全巩固提升工程"])
        #expect(tasks.map(\.lead) == ["县卫生健康局", "县水利局"])
        #expect(tasks[1].cooperating == ["县财政局", "县发展和改革局"] && tasks[1].rule == "task.taskTable")
    }

    @Test("a parenthesis of prose is not a list of departments")
    func proseParenthesis() throws {
        #expect(try Self.tasks("（七）提高服务质量。推进服务标准化（含服务流程和评价办法）。").isEmpty)
    }

    @Test("one paragraph, two tasks: X会同Y…，Z负责… each with its own lead and its own quote")
    func twoTasksInOneSentence() throws {
        let tasks = try Self.tasks("（一）加强组织实施。市发展改革局会同市有关部门做好规划实施的统筹协调，各县（市、区）人民政府负责本地区基本公共服务的组织实施。")
        #expect(tasks.map(\.lead) == ["市发展改革局", "各县(市、区)人民政府"])
        #expect(tasks[1].quote.text.hasPrefix("各县(市、区)人民政府负责") && !tasks[0].quote.text.contains("组织实施"))
    }

    @Test("按职责分工负责, 督查室, and 各市（地）、县（市、区）人民政府 as one party")
    func dutiesAndGovernments() throws {
        let shared = try #require(try Self.tasks("（二）兜底保障。城乡低保标准动态调整。（县民政局、县住房城乡建设局按职责分工负责）").first)
        #expect(shared.lead == "县民政局" && shared.cooperating == ["县住房城乡建设局"])
        let office = try #require(try Self.tasks("（三）加强监督。纳入年度考核。（区政府督查室牵头，区统计局配合）").first)
        #expect(office.lead == "区政府督查室")
        let governments = try #require(try Self.tasks("（四）属地管理。医疗卫生机构纳入属地规划。（各市（地）、县（市、区）人民政府负责）").first)
        #expect(governments.lead == "各市(地)、县(市、区)人民政府")
    }
}

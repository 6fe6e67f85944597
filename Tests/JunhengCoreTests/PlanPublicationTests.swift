import JunhengCore
import Testing

@Suite struct PlanPublicationTests {
    var nextID: Int64 = 0

    mutating func fact(_ kind: ExtractionKind, _ fields: [String: String], status: ExtractionStatus = .accepted,
                       quote: String = "原文") -> Extraction {
        nextID += 1
        return Extraction(id: nextID, planID: 9, kind: kind, sortOrder: Int(nextID) - 1, fields: fields, status: status,
                          edited: false, span: TextSpan(repairedStart: 0, repairedEnd: 2, originalStart: 0, originalEnd: 2),
                          quote: quote)
    }

    func publish(_ facts: [Extraction], periodEnd: Int? = 2025) throws(JunhengError) -> PlanPublication {
        try PlanPublication(planID: 9, title: "十四五规划", periodEnd: periodEnd, extractions: facts)
    }

    @Test mutating func serviceItemsBecomeADraftCatalogueWithDomainsInFirstMentionOrder() throws {
        let facts = [fact(.item, ["domain": "教育", "name": "学前教育"]), fact(.item, ["domain": "医疗", "name": "家庭医生"]),
                     fact(.item, ["domain": "教育", "name": "义务教育"])]
        let catalogue = try #require(try publish(facts).catalogue)
        #expect(catalogue.domains == ["教育", "医疗"])
        #expect(catalogue.items.map(\.key) == ["I001", "I002", "I003"])
        #expect(catalogue.items.map(\.name) == ["学前教育", "家庭医生", "义务教育"])
        #expect(catalogue.sources == facts)
        #expect(catalogue.title == "十四五规划")
    }

    @Test mutating func aPlanWithoutServiceItemsMakesNoCatalogue() throws {
        #expect(try publish([fact(.task, ["title": "建设学校"])]).catalogue == nil)
    }

    @Test mutating func aTargetBecomesAnIndicatorNamedWithItsDenominator() throws {
        let target = fact(.target, ["indicator": "执业(助理)医师数", "per": "每千人口", "comparator": "<=", "value": "3.2",
                                    "unit": "人", "kind": "target", "attribute": "binding", "baselineYear": "2020",
                                    "baselineValue": "2.6"], quote: "每千人口执业(助理)医师数达到3.2人")
        let planned = try #require(try publish([target]).targets.first)
        #expect(planned.code == "P9-T1")
        #expect(planned.name == "每千人口执业(助理)医师数")
        #expect(planned.direction == .lower)  // implied by "at most"
        #expect(planned.isBinding)
        #expect(planned.definition == "摘自《十四五规划》：每千人口执业(助理)医师数达到3.2人")
        #expect(planned.targetYear == 2025)  // the period's end when the plan names no year
        #expect(planned.targetValue == 3.2)
        #expect(planned.comparator == .atMost)
        #expect(planned.baselineYear == 2020 && planned.baselineValue == 2.6)
    }

    @Test mutating func aTargetWithAnUpperValueIsARange() throws {
        let target = fact(.target, ["indicator": "入园率", "comparator": ">=", "value": "85", "valueHigh": "90",
                                    "kind": "target", "year": "2030"])
        let planned = try #require(try publish([target]).targets.first)
        #expect(planned.comparator == .range)
        #expect(planned.targetValueHigh == 90)
        #expect(planned.targetYear == 2030)
    }

    @Test mutating func achievementsAreCountedButNotTurnedIntoTargets() throws {
        let publication = try publish([fact(.target, ["indicator": "入园率", "comparator": ">=", "value": "80", "kind": "achievement"])])
        #expect(publication.targets.isEmpty)
        #expect(publication.achievementsKept == 1)
    }

    @Test mutating func aTargetWithoutAnyYearIsRefused() {
        let target = fact(.target, ["indicator": "入园率", "comparator": ">=", "value": "85", "kind": "target"])
        #expect(throws: JunhengError.invalid(field: "extraction 1.year", "目标年份未知：请填写目标年份")) {
            try publish([target], periodEnd: nil)
        }
    }

    @Test mutating func aTaskListsItsLeadThenEachCooperatingDepartmentOnce() throws {
        let task = fact(.task, ["title": "推进医联体", "lead": "卫健委", "cooperating": "财政局、卫健委、 医保局、财政局"],
                        quote: "推进医联体建设")
        let planned = try #require(try publish([task]).tasks.first)
        #expect(planned.departments == [.init(name: "卫健委", role: .lead), .init(name: "财政局", role: .cooperating),
                                        .init(name: "医保局", role: .cooperating)])
        #expect(planned.description == "推进医联体建设")
    }

    @Test mutating func aProjectIsDueByThePeriodsEnd() throws {
        let project = fact(.project, ["name": "县医院提标", "targetValue": "5", "targetUnit": "所", "quantities": "新建5所"])
        let planned = try #require(try publish([project]).projects.first)
        #expect(planned.targetYear == 2025)
        #expect(planned.targetValue == 5)
        #expect(planned.description == "新建5所")
    }

    @Test mutating func droppedFactsCreateNothing() throws {
        let publication = try publish([fact(.item, ["domain": "教育", "name": "学前教育"], status: .dropped),
                                       fact(.task, ["title": "建设学校"], status: .dropped)])
        #expect(publication.catalogue == nil && publication.tasks.isEmpty)
    }

    @Test mutating func nothingIsPublishedWhileFactsArePending() {
        let facts = [fact(.item, ["domain": "教育", "name": "学前教育"], status: .pending), fact(.task, ["title": ""], status: .pending)]
        #expect(throws: JunhengError.conflict("还有 2 项未审核，请先采纳或舍弃")) { try publish(facts) }
    }

    @Test mutating func anInvalidAcceptedFactIsRefusedNamingIt() {
        let facts = [fact(.task, ["title": "建设学校"]), fact(.project, ["name": "", "targetValue": "五"])]
        #expect(throws: JunhengError.invalid([ValidationIssue(field: "extraction 2.name", reason: "工程名称不能为空"),
                                              ValidationIssue(field: "extraction 2.targetValue", reason: "目标数量“五”不是数字")])) {
            try publish(facts)
        }
    }

    @Test func aHugeEditedValueIsQuotedByItsFirstFortyCharacters() {
        let huge = String(repeating: "五", count: 10_000)
        let quoted = String(repeating: "五", count: 40) + "…"
        #expect(PlanReviewRules.problems(kind: .project, fields: ["name": "工程", "targetValue": huge])
            == [ValidationIssue(field: "targetValue", reason: "目标数量“\(quoted)”不是数字")])
        #expect(PlanReviewRules.problems(kind: .target, fields: ["indicator": "入园率", "value": "90", "comparator": ">=", "kind": "target",
                                                                 "year": huge])
            == [ValidationIssue(field: "year", reason: "目标年份“\(quoted)”不是 1949–2100 之间的年份")])
    }
}

import JunhengCore
import Testing

@Suite struct DirectionProposalTests {
    @Test("a service radius or time is lower-is-better whatever the verb", arguments: [
        ("基层医疗卫生服务圈", "分钟", TargetComparator.atLeast),
        ("15分钟健身圈覆盖时间", "分钟", .equal),
        ("城市社区养老服务设施服务半径", "米", .about),
        ("到最近卫生院的平均距离", "公里", .atLeast),
    ])
    func timeAndDistanceAreLowerIsBetter(indicator: String, unit: String, comparator: TargetComparator) {
        #expect(DirectionProposal.proposed(indicator: indicator, unit: unit, comparator: comparator) == .lower)
    }

    @Test func harmsAreLowerIsBetterEvenWhenThePlanSaysReach() {
        #expect(DirectionProposal.proposed(indicator: "孕产妇死亡率", unit: "/10万", comparator: .equal) == .lower)
        #expect(DirectionProposal.proposed(indicator: "城镇登记失业率", unit: "%", comparator: .about) == .lower)
        #expect(DirectionProposal.proposed(indicator: "个人卫生支出占卫生总费用的比重", unit: "%", comparator: .atLeast) == .lower)
    }

    @Test func otherwiseTheComparatorDecides() {
        #expect(DirectionProposal.proposed(indicator: "九年义务教育巩固率", unit: "%", comparator: .atLeast) == .higher)
        #expect(DirectionProposal.proposed(indicator: "每千人口执业医师数", unit: "人", comparator: .atMost) == .lower)
        #expect(DirectionProposal.proposed(indicator: "每千名老年人拥有养老床位", unit: "张", comparator: .equal) == .higher)
    }

    @Test func rangesReadAsRanges() {
        #expect(TargetComparator.range.describe("2", high: "3") == "2–3")
        #expect(TargetComparator.atMost.describe("4.5", high: nil) == "≤ 4.5")
        #expect(TargetComparator.atLeast.chineseName == "不低于")
        #expect(Direction.lower.chineseName == "越低越好")
    }
}

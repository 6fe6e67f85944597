import JunhengCore
import Testing

@Suite struct DepartmentMatchingTests {
    private let departments = [
        DepartmentCandidate(id: 1, name: "安居区教育局"),
        DepartmentCandidate(id: 2, name: "安居区人力资源和社会保障局"),
        DepartmentCandidate(id: 3, name: "安居区卫生健康局"),
        DepartmentCandidate(id: 4, name: "安居区残疾人联合会"),
        DepartmentCandidate(id: 5, name: "安居区市场监督管理局"),
        DepartmentCandidate(id: 6, name: "安居区发展和改革局"),
        DepartmentCandidate(id: 7, name: "安居区农业农村局"),
        DepartmentCandidate(id: 8, name: "安居区住房和城乡建设局", shortName: "区住建局"),
    ]
    private let regions = ["四川省", "遂宁市", "安居区"]

    private func match(_ name: String, aliases: [String: Int64] = [:]) -> DepartmentMatch {
        DepartmentMatching.match(name, among: departments, regionNames: regions, aliases: aliases)
    }

    @Test func theRegionPrefixDoesNotCount() {
        #expect(match("区教育局") == .department(1))
        #expect(match("遂宁市安居区教育局") == .department(1))
        #expect(match("教育局") == .department(1))
    }

    @Test func shortNamesMatchTheirFullNames() {
        #expect(match("区人社局") == .department(2))
        #expect(match("区残联") == .department(4))
        #expect(match("区市场监管局") == .department(5))
        #expect(match("区农业局") == .department(7))
        #expect(match("区发改局") == .department(6))
        #expect(match("住建局") == .department(8))
    }

    @Test func aNameThatFitsNothingOrSeveralIsLeftForThePlanner() {
        #expect(match("区民政局") == .unmatched)
        #expect(match("各乡镇人民政府") == .unmatched)
        let two = [DepartmentCandidate(id: 1, name: "区文化广电旅游局"), DepartmentCandidate(id: 2, name: "区文物保护局")]
        #expect(DepartmentMatching.match("区文局", among: two, regionNames: regions) == .ambiguous([1, 2]))
    }

    @Test func aRememberedMappingWinsOverTheRules() {
        #expect(match("区民政局", aliases: ["区民政局": 3]) == .department(3))
    }

    @Test func committeeAndFederationEndingsReadAsTheirShortForms() {
        let city = [DepartmentCandidate(id: 9, name: "邢台市卫生健康委员会"), DepartmentCandidate(id: 10, name: "邢台市发展和改革委员会")]
        #expect(DepartmentMatching.match("市卫健委", among: city, regionNames: ["河北省", "邢台市"]) == .department(9))
        #expect(DepartmentMatching.match("市发改委", among: city, regionNames: ["河北省", "邢台市"]) == .department(10))
    }
}

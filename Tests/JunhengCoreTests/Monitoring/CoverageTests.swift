import JunhengCore
import Testing

@Suite struct CoverageTests {
    @Test func countsTheChildrenWithAValueAndTheirPopulation() {
        let coverage = Coverage(values: [1, nil, 3, nil], population: [10, 20, 30, 40])
        #expect(coverage == Coverage(covered: 2, total: 4, populationShare: 0.4))
        #expect(coverage.chineseDescription == "覆盖 2/4 个地区，人口 40%")
        #expect(coverage.englishDescription == "covers 2 of 4 regions, 40% of the population")
    }

    @Test func populationShareIsUnknownUnlessEveryPopulationIsKnown() {
        #expect(Coverage(values: [1, 2], population: [10, nil]).populationShare == nil)
        #expect(Coverage(values: [1, 2]).chineseDescription == "覆盖 2/2 个地区")
    }

    @Test func oneRegionIsNeverAnInequalityMeasure() {
        let rule = CoverageRule(minimumShare: 0)
        #expect(!rule.isComplete(Coverage(covered: 1, total: 1)))
        #expect(!rule.isComplete(Coverage(covered: 1, total: 18)))
        #expect(rule.isComplete(Coverage(covered: 2, total: 18)))
    }

    @Test func byDefaultEveryChildIsNeeded() {
        let rule = CoverageRule()
        #expect(rule.isComplete(Coverage(covered: 18, total: 18)))
        #expect(!rule.isComplete(Coverage(covered: 17, total: 18)))
        #expect(CoverageRule(minimumShare: 0.9).isComplete(Coverage(covered: 17, total: 18)))
        #expect(!CoverageRule(minimumShare: 0.95).isComplete(Coverage(covered: 17, total: 18)))
    }

    @Test func theDefaultYearIsTheLatestCompleteOne() {
        let byYear = [2019: Coverage(covered: 18, total: 18), 2020: Coverage(covered: 18, total: 18),
                      2021: Coverage(covered: 1, total: 18)]
        #expect(CoverageRule().latestCompleteYear(byYear) == 2020)
        #expect(CoverageRule().latestCompleteYear([2021: Coverage(covered: 1, total: 18)]) == nil)
    }
}

import Testing

@testable import Surveys

@Test func rakingNHANESToRegionAndRaceMatchesSamplics() throws {
    let nhanes = NHANES.shared
    let margins = [
        RakingMargin(name: "region", categories: nhanes.regions,
                     populations: ["1": 2.5e7, "2": 3.0e7, "3": 3.5e7, "4": 2.0e7]),
        RakingMargin(name: "race", categories: nhanes.races, populations: ["1": 9.0e7, "2": 1.5e7, "3": 0.5e7]),
    ]
    let raked = try Raking.rake(weights: nhanes.weights, margins: margins, tolerance: 1e-13)
    let reference = [0: 9322.524524540142, 1: 26909.39708228575, 500: 11896.1800462017, 10336: 12384.496611039574]
    for (respondent, weight) in reference {
        #expect(abs(raked.weights[respondent] - weight) < 1e-6, "respondent \(respondent): \(raked.weights[respondent])")
    }
    #expect(raked.largestRelativeGap <= 1e-13)
    let zinc = try nhanes.design(weights: raked.weights).mean(of: nhanes.zinc)
    #expect(abs(zinc.value - 86.88957365735743) < 1e-9)
    #expect(abs(zinc.standardError - 0.45504803254658066) < 1e-9)
}

@Test func rakingOneRespondentPerCellGivesTheProductOfMargins() throws {
    // With one respondent in each cell of a 2 × 3 table and equal starting weights, the raked
    // weight of cell (r, c) is row_r · column_c / N: the independence fit, reached exactly.
    let rows = ["a", "a", "a", "b", "b", "b"]
    let columns = ["x", "y", "z", "x", "y", "z"]
    let raked = try Raking.rake(
        weights: Array(repeating: 1, count: 6),
        margins: [
            RakingMargin(name: "row", categories: rows, populations: ["a": 40, "b": 60]),
            RakingMargin(name: "column", categories: columns, populations: ["x": 20, "y": 30, "z": 50]),
        ])
    let expected = [8.0, 12, 20, 12, 18, 30]
    for (weight, target) in zip(raked.weights, expected) { #expect(abs(weight - target) < 1e-9) }
    #expect(raked.iterations <= 2)
}

@Test func rakingRefusesMarginsOfDifferentTotals() {
    #expect(throws: SurveyError.marginTotalsDisagree(first: "县", firstTotal: 100, second: "性别", secondTotal: 90)) {
        try Raking.rake(weights: [1, 1], margins: [
            RakingMargin(name: "县", categories: ["A", "B"], populations: ["A": 50, "B": 50]),
            RakingMargin(name: "性别", categories: ["男", "女"], populations: ["男": 45, "女": 45]),
        ])
    }
}

@Test func rakingSaysItCannotConvergeWhenTheSampleForbidsTheMargins() {
    // Everyone in county A is a man and everyone in B a woman, so the county margin fixes the sex
    // margin at 50/50 while the population asks for 30/70: no weights satisfy both, and each cycle
    // ends with the county margin 20 of 50 off.
    #expect(throws: SurveyError.rakingDidNotConverge(iterations: 100, largestRelativeGap: 0.4)) {
        try Raking.rake(
            weights: [1, 1, 1, 1],
            margins: [
                RakingMargin(name: "县", categories: ["A", "A", "B", "B"], populations: ["A": 50, "B": 50]),
                RakingMargin(name: "性别", categories: ["男", "男", "女", "女"], populations: ["男": 30, "女": 70]),
            ],
            maximumIterations: 100)
    }
}

@Test func rakingNamesEmptyAndUnknownCategories() {
    #expect(throws: SurveyError.categoryWithoutRespondents(margin: "年龄段", category: "60+")) {
        try Raking.rake(weights: [1, 1], margins: [
            RakingMargin(name: "年龄段", categories: ["18-59", "18-59"], populations: ["18-59": 10, "60+": 5]),
        ])
    }
    #expect(throws: SurveyError.categoryWithoutPopulation(margin: "年龄段", category: "0-17", respondent: 1)) {
        try Raking.rake(weights: [1, 1], margins: [
            RakingMargin(name: "年龄段", categories: ["18-59", "0-17"], populations: ["18-59": 10]),
        ])
    }
}

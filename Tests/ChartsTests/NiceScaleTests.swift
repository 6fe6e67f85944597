import Testing

@testable import Charts

@Test(arguments: [
    (0.0, 100.0, 6, [0.0, 20, 40, 60, 80, 100]),
    (93.1, 96.5, 6, [93.0, 94, 95, 96, 97]),
    (0, 1, 6, [0, 0.2, 0.4, 0.6, 0.8, 1]),
    (-3.2, 7.9, 6, [-5, 0, 5, 10]),
    (0.0012, 0.0047, 6, [0.001, 0.002, 0.003, 0.004, 0.005]),
    (1e12, 5e12, 6, [1e12, 2e12, 3e12, 4e12, 5e12]),
    (0, 100, 3, [0, 50, 100]),
    (-120, -30, 6, [-120, -100, -80, -60, -40, -20]),
    (0.3, 0.7, 5, [0.3, 0.4, 0.5, 0.6, 0.7]),
])
func niceTicks(low: Double, high: Double, maxTicks: Int, expected: [Double]) {
    let scale = NiceScale(from: low, to: high, maxTicks: maxTicks)
    #expect(scale.ticks == expected)
    #expect(scale.lower == expected.first && scale.upper == expected.last)
}

@Test func ticksAreExactDecimalsSoTheyPrintShort() {
    let scale = NiceScale(from: 0, to: 0.7, maxTicks: 8)
    let labels = scale.ticks.map(NumberStyle(ticks: scale).format)
    #expect(scale.step == 0.1 && scale.fractionDigits == 1)
    #expect(labels == ["0.0", "0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7"])
}

@Test func boundsMayComeInEitherOrder() {
    #expect(NiceScale(from: 96.5, to: 93.1) == NiceScale(from: 93.1, to: 96.5))
}

@Test func equalEndsAreWidenedAroundTheValue() {
    let scale = NiceScale(from: 5, to: 5)
    #expect(scale.lower < 5 && scale.upper > 5 && scale.ticks.contains(5))
    #expect(NiceScale(from: 0, to: 0).ticks == [0, 0.2, 0.4, 0.6, 0.8, 1])
    let negative = NiceScale(from: -0.25, to: -0.25)
    #expect(negative.lower < -0.25 && negative.upper > -0.25)
}

@Test func nonFiniteEndsGiveTheUnitInterval() {
    #expect(NiceScale(from: .nan, to: 3).ticks == NiceScale(from: 0, to: 1).ticks)
    #expect(NiceScale(from: 0, to: .infinity).ticks == NiceScale(from: 0, to: 1).ticks)
}

@Test(
    arguments: [
        (-1e300, 1e300), (0, .leastNonzeroMagnitude), (1, 1 + 1e-15), (1e-101, 2e-101),
        (-1e99, 1e99),
    ] as [(Double, Double)])
func extremeEndsStillGiveAFewFiniteTicks(low: Double, high: Double) {
    let scale = NiceScale(from: low, to: high)
    #expect(scale.ticks.allSatisfy { $0.isFinite })
    #expect((2...12).contains(scale.ticks.count))
    #expect(zip(scale.ticks, scale.ticks.dropFirst()).allSatisfy { $0 < $1 })
}

@Test func yearAxisLabelsEveryYearWhenThereIsRoom() {
    let wide = Rect(x: 0, y: 0, width: 640, height: 300)
    #expect(YearAxis(first: 2016, last: 2020, plot: wide).ticks == [2016, 2017, 2018, 2019, 2020])
    #expect(YearAxis(first: 2015, last: 2030, plot: wide).ticks == Array(2015...2030))
    let narrow = Rect(x: 0, y: 0, width: 200, height: 300)
    #expect(YearAxis(first: 2015, last: 2030, plot: narrow).ticks == [2015, 2020, 2025, 2030])
    #expect(YearAxis(first: 2020, last: 2020, plot: narrow).ticks == [2020])
}

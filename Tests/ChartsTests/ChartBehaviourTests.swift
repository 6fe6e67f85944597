import Testing

@testable import Charts

private func document(_ svg: String) throws -> SVGDocument { try SVGDocument(svg) }

private func description(_ svg: String) throws -> String { try document(svg).elements[2].text }

private func number(_ element: ParsedElement, _ key: String) -> Double {
    Double(element.attributes[key] ?? "") ?? .nan
}

// MARK: line chart

@Test func trajectoryRunsFromTheBaselineRingToTheTargetDiamond() throws {
    let baseline = YearValue(year: 2015, value: 60)
    let target = YearValue(year: 2030, value: 90)
    let chart = LineChart(
        title: "指标", series: [TrendSeries(label: "全市", values: [2015: 60, 2020: 70])],
        references: TrendReference.plan(baseline: baseline, target: target))
    let svg = try document(chart.svg())
    let trajectory = try #require(
        svg.marks("line").first { $0.attributes["stroke-dasharray"] == "2 3" })
    let ring = try #require(svg.marks("circle").first { $0.attributes["fill"] == "#FFFFFF" })
    #expect(
        number(trajectory, "x1") == number(ring, "cx")
            && number(trajectory, "y1") == number(ring, "cy"))
    let diamond = try #require(svg.marks("polygon").last)
    let corners = diamond.attributes["points", default: ""].split(separator: " ").map {
        $0.split(separator: ",").map { Double($0)! }
    }
    // The diamond's top and bottom corners share the target's x; its side corners, the target's y.
    #expect(corners[0][0] == number(trajectory, "x2") && corners[1][1] == number(trajectory, "y2"))
    let text = try description(chart.svg())
    #expect(text.contains("基期值：2015年 60") && text.contains("目标值：2030年 90"))
    #expect(text.contains("规划路径：2015年 60 至 2030年 90"))
}

@Test func missingYearsAreBridgedWithADashedSegment() throws {
    let chart = LineChart(
        title: "指标",
        series: [TrendSeries(label: "甲", values: [2016: 1, 2017: 2, 2019: 3, 2020: 4])])
    let svg = try document(chart.svg())
    #expect(svg.marks("polyline").count == 2)
    #expect(svg.marks("line").filter { $0.attributes["stroke-dasharray"] == "4 4" }.count == 1)
    #expect(svg.marks("circle").count == 4)
}

@Test func undrawableValuesAreLeftOutAndOwnedUpTo() throws {
    let chart = LineChart(
        title: "指标",
        series: [
            TrendSeries(label: "甲", values: [2016: .nan, 2017: 2, 2018: .infinity, 2019: 1e200])
        ],
        references: [.target(YearValue(year: 2020, value: -.infinity))])
    let text = try description(chart.svg())
    #expect(text.contains("甲：2017年 2。"))
    #expect(text.contains("已略去4个无法绘制的数值"))
    #expect(!text.contains("目标值"))
}

@Test func everyPointOfASingleShortSeriesIsLabelled() throws {
    let single = LineChart(
        title: "t", series: [TrendSeries(label: "甲", values: [2016: 93.1, 2017: 94, 2018: 95.25])])
    let labels = try document(single.svg()).marks("text").map(\.text)
    #expect(labels.contains("93.10") && labels.contains("94.00") && labels.contains("95.25"))
    let two = LineChart(
        title: "t",
        series: [
            TrendSeries(label: "甲", values: [2016: 1, 2017: 2]),
            TrendSeries(label: "乙", values: [2016: 3, 2017: 4]),
        ])
    let ends = try document(two.svg()).marks("text").map(\.text)
    #expect(ends == ["2", "4"])
}

@Test func zeroIsOnTheAxisOnlyWhenAsked() throws {
    let series = [TrendSeries(label: "甲", values: [2016: 93, 2020: 96])]
    func axisLabels(_ chart: LineChart) throws -> [String] {
        try document(chart.svg()).all("text").filter { $0.groups == ["axis"] }.map(\.text)
    }
    let tight = try axisLabels(LineChart(title: "t", series: series))
    let fromZero = try axisLabels(LineChart(title: "t", series: series, includesZero: true))
    #expect(!tight.contains("0") && fromZero.contains("0"))
}

// MARK: bar chart

@Test func barsSortStablyWithMissingDataLast() throws {
    let chart = BarChart(
        title: "t",
        bars: [
            Bar(label: "甲", value: 2), Bar(label: "乙", value: nil), Bar(label: "丙", value: 5),
            Bar(label: "丁", value: 2),
        ], order: .descending)
    #expect(try description(chart.svg()).contains("甲 2，乙 无数据，丙 5，丁 2") == false)
    #expect(try description(chart.svg()).contains("丙 5，甲 2，丁 2，乙 无数据"))
    var ascending = chart
    ascending.order = .ascending
    #expect(try description(ascending.svg()).contains("甲 2，丁 2，丙 5，乙 无数据"))
}

@Test func barsTakeTheirStatusColourAndTheLegendNamesOnlyStatusesUsed() throws {
    let chart = BarChart(
        title: "t",
        bars: [
            Bar(label: "甲", value: 3, status: .met), Bar(label: "乙", value: 2, status: .offTrack),
            Bar(label: "丙", value: 1),
        ])
    let svg = try document(chart.svg())
    let fills = svg.marks("rect").compactMap(\.attributes["fill"])
    #expect(fills.contains(ChartStatus.met.colour) && fills.contains(ChartStatus.offTrack.colour))
    #expect(fills.contains("#8C8C8C"))  // the bar without a status is not mistaken for 已达标
    let texts = svg.all("text").filter { $0.groups == ["legend"] }.map(\.text)
    #expect(texts.contains("已达标") && texts.contains("进度滞后") && !texts.contains("存在风险"))
}

@Test func negativeBarsGrowLeftFromZero() throws {
    let chart = BarChart(title: "t", bars: [Bar(label: "甲", value: 4), Bar(label: "乙", value: -2)])
    let svg = try document(chart.svg())
    let bars = svg.marks("rect").filter { $0.attributes["fill"] == Palette.series(0) }
    try #require(bars.count == 2)
    let (positive, negative) = (bars[0], bars[1])
    #expect(number(negative, "x") + number(negative, "width") == number(positive, "x"))
    #expect(abs(number(negative, "width") * 2 - number(positive, "width")) < 0.02)
}

@Test func aSelfSizingBarChartGrowsWithItsBars() throws {
    let few = BarChart(title: "t", bars: (0..<3).map { Bar(label: "县\($0)", value: Double($0)) })
    let many = BarChart(title: "t", bars: (0..<18).map { Bar(label: "县\($0)", value: Double($0)) })
    let (fewHeight, manyHeight) = (
        try document(few.svg()).size.height, try document(many.svg()).size.height
    )
    #expect(manyHeight - fewHeight == Double(15 * BarChart.rowHeight))
    #expect(try document(many.svg(width: 720, height: 300)).size.height == 300)
}

@Test func referenceLinesAreNamedWithTheirValues() throws {
    let chart = BarChart(
        title: "t", bars: [Bar(label: "甲", value: 90), Bar(label: "乙", value: 97)],
        references: [ValueLine(label: "全市平均", value: 93.5), ValueLine(label: "基准", value: 96)])
    let svg = try document(chart.svg())
    #expect(svg.all("text").map(\.text).contains("全市平均 93.5"))
    let dashes = svg.marks("line").compactMap(\.attributes["stroke-dasharray"])
    #expect(dashes == ["6 4", "2 3"])
}

// MARK: Lorenz curve

@Test func lorenzCurvesRunFromCornerToCornerWithTheirGini() throws {
    let chart = LorenzChart(
        title: "t",
        curves: [
            LorenzCurve(
                label: "2020年",
                points: [
                    LorenzPoint(populationShare: 0.5, valueShare: 0.3),
                    LorenzPoint(populationShare: 0.2, valueShare: 1.4),
                ], gini: 0.26667)
        ])
    let text = try description(chart.svg())
    #expect(text.contains("2020年（基尼系数 0.267）：(0%, 0%) (20%, 100%) (50%, 30%) (100%, 100%)"))
    let svg = try document(chart.svg())
    let curve = try #require(svg.marks("polyline").first)
    #expect(curve.attributes["points"]?.split(separator: " ").count == 4)
}

// MARK: column chart

@Test func stackedSegmentsSitOnOneAnotherWithTheTotalOnTop() throws {
    let chart = ColumnChart(
        title: "t", categories: ["2016年", "2020年"],
        series: [
            ColumnSeries(label: "组内", values: [0.0821, 0.06]),
            ColumnSeries(label: "组间", values: [0.0312, nil]),
        ])
    let svg = try document(chart.svg())
    let segments = svg.marks("rect").dropFirst()  // the first is the background
    try #require(segments.count == 3)
    let (within, between) = (segments[1], segments[2])
    #expect(abs(number(between, "y") + number(between, "height") - number(within, "y")) < 0.02)
    let text = try description(chart.svg())
    #expect(text.contains("2016年：组内 0.0821，组间 0.0312，合计 0.1133。"))
    #expect(text.contains("2020年：组内 0.0600，组间 无数据，合计 0.0600。"))
}

@Test func groupedColumnsStandSideBySideFromZero() throws {
    let chart = ColumnChart(
        title: "t", categories: ["城镇"],
        series: [
            ColumnSeries(label: "2016年", values: [3]), ColumnSeries(label: "2020年", values: [-1]),
        ], layout: .grouped)
    let svg = try document(chart.svg())
    let columns = Array(svg.marks("rect").dropFirst())
    try #require(columns.count == 2)
    #expect(number(columns[0], "x") + number(columns[0], "width") == number(columns[1], "x"))
    #expect(number(columns[0], "y") + number(columns[0], "height") == number(columns[1], "y"))
}

// MARK: sparklines and small multiples

@Test func sparklineDotTakesTheStatusColourOnATransparentBackground() throws {
    let svg = try document(
        Sparkline(label: "威县", points: points([2016: 1, 2017: 2]), status: .offTrack).svg())
    #expect(svg.all("circle").first?.attributes["fill"] == ChartStatus.offTrack.colour)
    #expect(svg.all("rect").isEmpty && svg.all("text").isEmpty)
}

@Test func aSharedScalePutsEqualValuesAtEqualHeights() throws {
    let panels = [
        TrendPanel(label: "甲", points: points([2016: 1, 2020: 5])),
        TrendPanel(label: "乙", points: points([2016: 1, 2020: 10])),
    ]
    func lastDotHeights(_ chart: SmallMultiples) throws -> [Double] {
        try document(chart.svg()).marks("circle").map { number($0, "cy") }
    }
    let own = try lastDotHeights(SmallMultiples(title: "t", panels: panels, columns: 2))
    let shared = try lastDotHeights(
        SmallMultiples(title: "t", panels: panels, columns: 2, sharesScale: true))
    #expect(own[0] == own[1])  // each panel's maximum at its top
    #expect(shared[0] > shared[1])  // 5 sits lower than 10
}

// MARK: palette

@Test func statusColoursAreDistinctAndNamed() {
    let colours = ChartStatus.allCases.map(\.colour)
    #expect(Set(colours).count == colours.count)
    #expect(Set(ChartStatus.allCases.map(\.label)).count == ChartStatus.allCases.count)
    #expect(
        Palette.series(0) == ChartStatus.met.colour
            && Palette.series(Palette.series.count) == Palette.series(0))
}

@Suite struct StatusChipContrastTests {
    @Test func contrastFollowsWCAG() {
        #expect(abs(ContrastRatio.between("#000000", "#FFFFFF") - 21) < 1e-9)
        #expect(abs(ContrastRatio.between("#777777", "#FFFFFF") - 4.48) < 0.01)
    }

    /// Every status chip's text reads at 4.5:1 or better on its colour.
    @Test(arguments: ChartStatus.allCases)
    func everyChipIsReadable(status: ChartStatus) {
        #expect(ContrastRatio.between(status.textColour, status.colour) >= 4.5, "\(status)")
    }
}

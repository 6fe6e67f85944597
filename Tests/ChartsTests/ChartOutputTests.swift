import Testing

@testable import Charts

@Test(arguments: edgeCases + hostileCases + sampleCases)
func outputIsWellFormedAccessibleSVG(_ chart: RenderCase) throws {
    let document = try SVGDocument(chart.render())
    let root = document.root
    #expect(root.name == "svg" && root.attributes["xmlns"] == "http://www.w3.org/2000/svg")
    #expect(root.attributes["role"] == "img")
    #expect(root.attributes["aria-label"] != nil)
    let (width, height) = document.size
    #expect(width > 0 && height > 0)
    #expect(root.attributes["viewBox"] == "0 0 \(Digits.compact(width)) \(Digits.compact(height))")
    #expect(
        root.attributes["font-family"]?.hasPrefix("'WenQuanYi Micro Hei', 'Noto Sans CJK SC'")
            == true)
    #expect(document.elements[1].name == "title" && document.elements[2].name == "desc")
    #expect(!document.elements[2].text.isEmpty)
}

@Test(arguments: edgeCases + sampleCases)
func noNonFiniteNumberIsEverWritten(_ chart: RenderCase) {
    let svg = chart.render().lowercased()
    #expect(!svg.contains("nan") && !svg.contains("inf"))
}

@Test(arguments: edgeCases + hostileCases + sampleCases)
func everyCoordinateLiesInsideTheViewBox(_ chart: RenderCase) throws {
    let document = try SVGDocument(chart.render())
    #expect(document.coordinatesOutsideViewBox() == [])
}

@Test(arguments: edgeCases + sampleCases)
func renderingTwiceGivesTheSameBytes(_ chart: RenderCase) {
    #expect(chart.render() == chart.render())
}

@Test(arguments: hostileCases)
func userTextIsEscapedEverywhere(_ chart: RenderCase) throws {
    let svg = chart.render()
    #expect(!svg.contains("<script>") && !svg.contains("\u{1}"))
    #expect(svg.contains("&lt;script&gt;") && svg.contains("&amp;"))
    let document = try SVGDocument(svg)
    // The parser gives the text back as written, less what XML cannot carry.
    #expect(document.root.attributes["aria-label"] == "县<script>alert(\"x\")</script> & 'q' 二")
    #expect(document.elements[1].text == "县<script>alert(\"x\")</script> & 'q' 二")
}

@Test func theSameDataInAnotherOrderDrawsTheSameChart() {
    let forward = TrendSeries(label: "甲", values: [2016: 1, 2017: 2, 2018: 3, 2019: 4])
    let backward = TrendSeries(label: "甲", points: forward.points.reversed())
    #expect(
        LineChart(title: "t", series: [forward]).svg()
            == LineChart(title: "t", series: [backward]).svg())
}

/// The exact bytes of a small chart, so that any change to the output is a visible decision.
@Test func sparklineOutputIsPinned() {
    let svg = Sparkline(
        label: "威县", points: [YearValue(year: 2016, value: 1), YearValue(year: 2018, value: 3)],
        target: 2,
        status: .met
    ).svg(width: 60, height: 20)
    #expect(
        svg == """
            <svg xmlns="http://www.w3.org/2000/svg" width="60" height="20" viewBox="0 0 60 20" role="img" aria-label="威县" font-family="'WenQuanYi Micro Hei', 'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', sans-serif" font-size="12">
            <title>威县</title>
            <desc>迷你趋势图：威县。2016年 1，2018年 3；目标值 2；已达标。</desc>
            <line x1="4" y1="10" x2="56" y2="10" stroke="#333333" stroke-width="1" stroke-dasharray="3 2"/>
            <line x1="4" y1="16" x2="56" y2="4" stroke="#1F5FA8" stroke-width="0.98" stroke-dasharray="4 4"/>
            <circle cx="56" cy="4" r="3" fill="#1F5FA8" stroke="#FFFFFF" stroke-width="1"/>
            </svg>

            """)
}

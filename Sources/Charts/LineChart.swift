/// A year and the value observed or planned in it.
public struct YearValue: Sendable, Equatable {
    public var year: Int
    public var value: Double

    public init(year: Int, value: Double) {
        self.year = year
        self.value = value
    }
}

/// One line of a trend chart: a region's or a group's observations.
public struct TrendSeries: Sendable, Equatable {
    public var label: String
    /// In any order. A year with no observation is simply absent; the line bridges it with a
    /// dashed segment so that the reader sees the gap.
    public var points: [YearValue]

    public init(label: String, points: [YearValue]) {
        self.label = label
        self.points = points
    }

    /// From a year → value dictionary: `TrendSeries(label: "全市", values: [2015: 93.1, 2016: 94])`.
    public init(label: String, values: [Int: Double]) {
        self.init(label: label, points: values.map { YearValue(year: $0.key, value: $0.value) })
    }
}

/// The lower and upper edge of a band in one year.
public struct BandPoint: Sendable, Equatable {
    public var year: Int
    public var lower: Double
    public var upper: Double

    public init(year: Int, lower: Double, upper: Double) {
        self.year = year
        self.lower = lower
        self.upper = upper
    }
}

/// What a trend chart draws besides the observations.
public enum TrendReference: Sendable, Equatable {
    /// The plan's starting point (基期值): a ring around that year's value.
    case baseline(YearValue, label: String = "基期值")
    /// The target (目标值): a dashed line across the chart at its value and a diamond in its year.
    case target(YearValue, label: String = "目标值")
    /// The straight path from baseline to target (规划路径) that a region on schedule follows.
    case trajectory(from: YearValue, to: YearValue, label: String = "规划路径")
    /// Any other level across the chart: a national average, a standard (国家标准).
    case level(Double, label: String)
    /// A shaded band, straight between the given years: e.g. the values that count as on track.
    case band([BandPoint], label: String = "正常进度区间")

    /// Baseline, target and the trajectory between them: what an indicator page shows.
    public static func plan(baseline: YearValue, target: YearValue, language: ChartLanguage = .chinese)
        -> [TrendReference]
    {
        let words = language.words
        return [.baseline(baseline, label: words.baseline), .target(target, label: words.target),
                .trajectory(from: baseline, to: target, label: words.trajectory)]
    }
}

/// A trend chart (折线图) for an indicator: observed series over the years against the plan's
/// baseline, target and trajectory.
///
/// ```swift
/// let chart = LineChart(
///     title: "义务教育巩固率", unit: "%",
///     series: [TrendSeries(label: "全市", values: [2015: 93.1, 2016: 93.8, 2018: 94.6])],
///     references: TrendReference.plan(
///         baseline: YearValue(year: 2015, value: 93.1),
///         target: YearValue(year: 2020, value: 96.5)))
/// let svg = chart.svg(width: 720, height: 400)
/// ```
public struct LineChart: Sendable, Equatable {
    public var title: String
    /// Printed as "单位：…" above the plot; empty for none.
    public var unit: String
    public var series: [TrendSeries]
    public var references: [TrendReference]
    /// Whether the value axis must reach 0. Off by default: a rate moving between 93% and 97%
    /// would be a flat line on a 0–100 axis.
    public var includesZero: Bool
    /// Decimals of the value labels; nil chooses them from the data.
    public var valueFractionDigits: Int?
    /// A line at the foot: the data source, or 示例数据 for demo data.
    public var note: String?
    /// The language of the words the chart writes itself (descriptions, status names, unit line).
    public var language: ChartLanguage

    public init(
        title: String, unit: String = "", series: [TrendSeries], references: [TrendReference] = [],
        includesZero: Bool = false, valueFractionDigits: Int? = nil, note: String? = nil,
        language: ChartLanguage = .chinese
    ) {
        self.language = language
        self.title = title
        self.unit = unit
        self.series = series
        self.references = references
        self.includesZero = includesZero
        self.valueFractionDigits = valueFractionDigits
        self.note = note
    }

    /// The chart as an `<svg>` element `width` × `height` user units large.
    ///
    /// Values that are not finite or beyond ±10¹⁰⁰, and years outside 1–9999, are left out (a
    /// reference with any such number is left out whole) and the description says how many.
    public func svg(width: Int = 720, height: Int = 400) -> String {
        var filter = ValueFilter()
        let lines = series.map { filter.accept($0.points) }
        let references = references.compactMap { $0.accepted(by: &filter) }
        let valuesForLabels =
            lines.flatMap { $0.map(\.value) } + references.flatMap(\.extent.values)
        let style = NumberStyle(values: valuesForLabels, fractionDigits: valueFractionDigits)
        let description = describe(
            lines: lines, references: references, style: style, filter: filter)

        var canvas = SVGCanvas(width: width, height: height, label: title, description: description)
        let legend =
            zip(series, lines.indices).map { line, index in
                LegendItem(
                    label: line.label, symbol: .line(colour: Palette.series(index), marker: .dot))
            } + references.map { $0.legendItem(style: style, words: language.words) }
        let chrome = ChartChrome(title: title, unit: unit, legend: legend, note: note, language: language)
        let body = chrome.draw(on: &canvas)
        let years = lines.flatMap { $0.map(\.year) } + references.flatMap(\.extent.years)
        guard let firstYear = years.min(), let lastYear = years.max(), !valuesForLabels.isEmpty
        else {
            drawNoData(on: &canvas, in: body, language: language)
            return canvas.svg
        }

        let values = valuesForLabels + (includesZero ? [0] : [])
        let axis = ValueAxis(
            from: values.min()!, to: values.max()!, maxTicks: max(3, Int(body.height / 45)))
        let left = axis.labelWidth + 8
        let right = Self.endLabelRoom(lines, style: style)
        let plot = Rect(
            x: body.x + left, y: body.y + 14, width: max(body.width - left - right, 1),
            height: max(body.height - 14 - 22, 1))
        let valueMap = axis.draw(.up, on: &canvas, plot: plot)
        let yearAxis = YearAxis(first: firstYear, last: lastYear, plot: plot)
        yearAxis.draw(on: &canvas)
        let position = { (point: YearValue) in
            Point(x: yearAxis.map(Double(point.year)), y: valueMap(point.value))
        }

        for reference in references where reference.isBackground {
            reference.draw(on: &canvas, plot: plot, position: position, valueMap: valueMap)
        }
        for (index, line) in lines.enumerated() {
            canvas.trendLine(line, colour: Palette.series(index), width: 2.25, position: position)
            for point in line {
                canvas.marker(.dot, at: position(point), size: 7, colour: Palette.series(index))
            }
        }
        for reference in references where !reference.isBackground {
            reference.draw(on: &canvas, plot: plot, position: position, valueMap: valueMap)
        }
        drawValueLabels(lines: lines, style: style, on: &canvas, position: position)
        return canvas.svg
    }

    /// Every value above its dot for a single series of up to 12 points; otherwise each series'
    /// last value right of its last dot, spread apart so that close values stay legible.
    private func drawValueLabels(
        lines: [[YearValue]], style: NumberStyle, on canvas: inout SVGCanvas,
        position: (YearValue) -> Point
    ) {
        if Self.labelsEveryPoint(lines) {
            for point in lines[0] {
                let dot = position(point)
                canvas.text(
                    style.format(point.value), at: Point(x: dot.x, y: dot.y - 11), size: 11,
                    anchor: .middle,
                    fill: Palette.series(0), halo: true)
            }
            return
        }
        let ends = lines.enumerated().compactMap { index, line in line.last.map { (index, $0) } }
        let middles = spreadApart(ends.map { position($0.1).y }, gap: 13)
        for ((index, point), y) in zip(ends, middles) {
            canvas.text(
                style.format(point.value), at: Point(x: position(point).x + 9, y: y), size: 11,
                fill: Palette.series(index), centredVertically: true, halo: true)
        }
    }

    private static func labelsEveryPoint(_ lines: [[YearValue]]) -> Bool {
        lines.count == 1 && lines[0].count <= 12
    }

    /// Room right of the plot for the end labels, where there are any.
    private static func endLabelRoom(_ lines: [[YearValue]], style: NumberStyle) -> Double {
        guard !labelsEveryPoint(lines) else { return 0 }
        let widths = lines.compactMap {
            $0.last.map { TextMetrics.width(style.format($0.value), size: 11) }
        }
        return widths.max().map { $0 - 4 } ?? 0
    }

    private func describe(
        lines: [[YearValue]], references: [TrendReference], style: NumberStyle, filter: ValueFilter
    ) -> String {
        let words = language.words
        var sentences = [descriptionOpening(words.lineChart, title: title, unit: unit, words: words)]
        for (line, points) in zip(series, lines) {
            let values = points.map { "\(words.year($0.year)) \(style.format($0.value))" }
            sentences.append(
                line.label + words.colon + (values.isEmpty ? words.noData : values.joined(separator: words.comma))
                    + words.stop)
        }
        sentences += references.map { $0.describe(style: style, words: words) + words.stop }
        if let notice = filter.notice(in: language) { sentences.append(notice) }
        return sentences.joined()
    }
}

extension ValueFilter {
    /// The drawable points sorted by year, one per year (the last given wins).
    mutating func accept(_ points: [YearValue]) -> [YearValue] {
        var byYear = [Int: Double]()
        for point in points {
            if let year = accept(year: point.year), let value = accept(point.value) {
                byYear[year] = value
            }
        }
        return byYear.sorted { $0.key < $1.key }.map { YearValue(year: $0.key, value: $0.value) }
    }

    mutating func accept(_ point: YearValue) -> YearValue? {
        guard let year = accept(year: point.year), let value = accept(point.value) else {
            return nil
        }
        return YearValue(year: year, value: value)
    }
}

extension TrendReference {
    /// This reference if every number in it can be drawn.
    fileprivate func accepted(by filter: inout ValueFilter) -> TrendReference? {
        switch self {
        case .baseline(let point, let label):
            filter.accept(point).map { .baseline($0, label: label) }
        case .target(let point, let label):
            filter.accept(point).map { .target($0, label: label) }
        case .trajectory(let from, let to, let label):
            filter.accept(from).flatMap { from in
                filter.accept(to).map { .trajectory(from: from, to: $0, label: label) }
            }
        case .level(let value, let label):
            filter.accept(value).map { .level($0, label: label) }
        case .band(let points, let label):
            band(points, label: label, filter: &filter)
        }
    }

    private func band(_ points: [BandPoint], label: String, filter: inout ValueFilter)
        -> TrendReference?
    {
        var accepted = [BandPoint]()
        for point in points {
            guard let year = filter.accept(year: point.year),
                let lower = filter.accept(point.lower),
                let upper = filter.accept(point.upper)
            else { return nil }
            accepted.append(
                BandPoint(year: year, lower: min(lower, upper), upper: max(lower, upper)))
        }
        accepted.sort { $0.year < $1.year }
        return accepted.isEmpty ? nil : .band(accepted, label: label)
    }

    /// The years and values the axes must show.
    fileprivate var extent: (years: [Int], values: [Double]) {
        switch self {
        case .baseline(let point, _), .target(let point, _): ([point.year], [point.value])
        case .trajectory(let from, let to, _): ([from.year, to.year], [from.value, to.value])
        case .level(let value, _): ([], [value])
        case .band(let points, _): (points.map(\.year), points.flatMap { [$0.lower, $0.upper] })
        }
    }

    /// Bands, paths and levels go under the data; markers go over it.
    fileprivate var isBackground: Bool {
        switch self {
        case .baseline, .target: false
        case .trajectory, .level, .band: true
        }
    }

    private static let targetDash = "6 4"
    private static let trajectoryDash = "2 3"
    private static let levelDash = "8 3 2 3"
    private static let bandOpacity = 0.22

    fileprivate func legendItem(style: NumberStyle, words: ChartWords) -> LegendItem {
        switch self {
        case .baseline(let point, let label):
            LegendItem(
                label: "\(label) \(style.format(point.value))\(words.open)\(words.year(point.year))\(words.close)",
                symbol: .marker(.ring, colour: Palette.reference))
        case .target(let point, let label):
            LegendItem(
                label: "\(label) \(style.format(point.value))\(words.open)\(words.year(point.year))\(words.close)",
                symbol: .line(
                    colour: Palette.reference, width: 1.5, dash: Self.targetDash, marker: .diamond))
        case .trajectory(_, _, let label):
            LegendItem(
                label: label,
                symbol: .line(colour: Palette.trajectory, width: 1.5, dash: Self.trajectoryDash))
        case .level(let value, let label):
            LegendItem(
                label: "\(label) \(style.format(value))",
                symbol: .line(colour: Palette.secondaryText, width: 1.5, dash: Self.levelDash))
        case .band(_, let label):
            LegendItem(
                label: label,
                symbol: .swatch(colour: ChartStatus.onTrack.colour, opacity: Self.bandOpacity))
        }
    }

    fileprivate func draw(
        on canvas: inout SVGCanvas, plot: Rect, position: (YearValue) -> Point,
        valueMap: LinearScale
    ) {
        switch self {
        case .baseline(let point, _):
            canvas.marker(.ring, at: position(point), size: 14, colour: Palette.reference)
        case .target(let point, _):
            let y = valueMap(point.value)
            canvas.line(
                Point(x: plot.x, y: y), Point(x: plot.maxX, y: y), stroke: Palette.reference,
                width: 1.5,
                dash: Self.targetDash)
            canvas.marker(.diamond, at: position(point), size: 10, colour: Palette.reference)
        case .trajectory(let from, let to, _):
            canvas.line(
                position(from), position(to), stroke: Palette.trajectory, width: 1.5,
                dash: Self.trajectoryDash)
        case .level(let value, _):
            let y = valueMap(value)
            canvas.line(
                Point(x: plot.x, y: y), Point(x: plot.maxX, y: y), stroke: Palette.secondaryText,
                width: 1.5,
                dash: Self.levelDash)
        case .band(let points, _):
            let upper = points.map { position(YearValue(year: $0.year, value: $0.upper)) }
            let lower = points.reversed().map {
                position(YearValue(year: $0.year, value: $0.lower))
            }
            canvas.polygon(
                upper + lower, fill: ChartStatus.onTrack.colour, opacity: Self.bandOpacity)
        }
    }

    fileprivate func describe(style: NumberStyle, words: ChartWords) -> String {
        let at = { (point: YearValue) in "\(words.year(point.year)) \(style.format(point.value))" }
        return switch self {
        case .baseline(let point, let label), .target(let point, let label): label + words.colon + at(point)
        case .trajectory(let from, let to, let label): "\(label)\(words.colon)\(at(from)) \(words.to) \(at(to))"
        case .level(let value, let label): label + words.colon + style.format(value)
        case .band(let points, let label):
            label + words.colon
                + points.map { "\(words.year($0.year)) \(style.format($0.lower))–\(style.format($0.upper))" }
                .joined(separator: words.comma)
        }
    }
}

extension SVGCanvas {
    /// A series over the years (sorted, one point a year): solid between consecutive years, a
    /// thinner dashed bridge across missing ones so that the gap shows.
    mutating func trendLine(
        _ points: [YearValue], colour: String, width: Double, position: (YearValue) -> Point
    ) {
        var run = [Point]()
        for (index, point) in points.enumerated() {
            run.append(position(point))
            let next = index + 1 < points.count ? points[index + 1] : nil
            if let next, next.year == point.year + 1 { continue }
            if run.count > 1 { polyline(run, stroke: colour, width: width) }
            if let next {
                line(
                    position(point), position(next), stroke: colour, width: width * 0.65,
                    dash: "4 4")
            }
            run = []
        }
    }
}

/// The year axis: integer years spread over the plot with a little room at either end for markers,
/// labelled every 1, 2, 5, 10… years, whichever is the first to fit. Years are within 1–9999.
struct YearAxis {
    let map: LinearScale
    let ticks: [Int]
    let plot: Rect

    init(first: Int, last: Int, plot: Rect) {
        let domain =
            first == last ? (Double(first) - 1, Double(last) + 1) : (Double(first), Double(last))
        map = LinearScale(domain: domain, range: (plot.x + 16, plot.maxX - 16))
        let room = max(2, Int(plot.width / 40))
        var step = 1
        search: for decade in [1, 10, 100, 1000, 10000] {
            for multiple in [1, 2, 5] {
                step = multiple * decade
                if (last - first) / step + 1 <= room { break search }
            }
        }
        let start = (first + step - 1) / step * step
        ticks = Array(stride(from: start, through: last, by: step))
        self.plot = plot
    }

    func draw(on canvas: inout SVGCanvas) {
        canvas.group("axis") { canvas in
            canvas.line(
                Point(x: plot.x, y: plot.maxY), Point(x: plot.maxX, y: plot.maxY),
                stroke: Palette.axis)
            for year in ticks {
                let x = map(Double(year))
                canvas.line(
                    Point(x: x, y: plot.maxY), Point(x: x, y: plot.maxY + 4), stroke: Palette.axis)
                canvas.text(
                    String(year), at: Point(x: x, y: plot.maxY + 17), size: ValueAxis.fontSize,
                    anchor: .middle,
                    fill: Palette.secondaryText)
            }
        }
    }
}

/// A sparkline (迷你趋势图): a trend with no axes or text, small enough for a table cell.
///
/// ```swift
/// let cell = Sparkline(
///     label: "威县 义务教育巩固率",
///     points: [YearValue(year: 2016, value: 92.4), YearValue(year: 2020, value: 94.1)],
///     target: 95, status: .atRisk
/// ).svg(width: 120, height: 32)
/// ```
public struct Sparkline: Sendable, Equatable {
    /// The accessible name (`aria-label`, `<title>`), shown as a tooltip.
    public var label: String
    public var points: [YearValue]
    /// Drawn as a thin dashed line when given.
    public var target: Double?
    /// Colours the dot on the last value; nil draws it in the line's colour.
    public var status: ChartStatus?
    /// The language of the words the chart writes itself (descriptions, status names, unit line).
    public var language: ChartLanguage

    public init(
        label: String, points: [YearValue], target: Double? = nil, status: ChartStatus? = nil,
        language: ChartLanguage = .chinese
    ) {
        self.language = language
        self.label = label
        self.points = points
        self.target = target
        self.status = status
    }

    /// The sparkline as an `<svg>` element `width` × `height` user units large, on a transparent
    /// background so that it sits on the table's own. Points and a target that cannot be drawn are
    /// left out and the description says how many.
    public func svg(width: Int = 120, height: Int = 32) -> String {
        var filter = ValueFilter()
        let trend = MiniTrend(
            points: filter.accept(points), target: target.flatMap { filter.accept($0) },
            status: status)
        let words = language.words
        let description = words.sparkline + words.colon + label + words.stop + trend.describe(in: language)
            + (filter.notice(in: language) ?? "")
        var canvas = SVGCanvas(
            width: width, height: height, label: label, description: description, background: false)
        let area = Rect(
            x: 4, y: 4, width: max(canvas.width - 8, 1), height: max(canvas.height - 8, 1))
        trend.draw(on: &canvas, in: area, domain: trend.domain)
        return canvas.svg
    }
}

/// One indicator's panel in ``SmallMultiples``.
public struct TrendPanel: Sendable, Equatable {
    public var label: String
    /// Printed after the latest value.
    public var unit: String
    public var points: [YearValue]
    public var target: Double?
    /// Colours the latest value's dot; also named in the chart's legend.
    public var status: ChartStatus?

    public init(
        label: String, unit: String = "", points: [YearValue], target: Double? = nil,
        status: ChartStatus? = nil
    ) {
        self.label = label
        self.unit = unit
        self.points = points
        self.target = target
        self.status = status
    }
}

/// Small multiples (小多图): a grid of panels, each an indicator's or a region's trend with its
/// latest value, so that a region page shows every indicator at a glance.
///
/// ```swift
/// let chart = SmallMultiples(
///     title: "威县主要指标", panels: [
///         TrendPanel(label: "义务教育巩固率", unit: "%", points: rates, target: 96.5, status: .onTrack),
///         TrendPanel(label: "每千人口床位数", unit: "张", points: beds, target: 5.5, status: .atRisk),
///     ])
/// let svg = chart.svg(width: 720)
/// ```
public struct SmallMultiples: Sendable, Equatable {
    public var title: String
    public var panels: [TrendPanel]
    /// Panels per row, at least 1.
    public var columns: Int
    /// One value scale for all panels (the same indicator in several regions) instead of one per
    /// panel (several indicators with their own units).
    public var sharesScale: Bool
    public var note: String?
    /// The language of the words the chart writes itself (descriptions, status names, unit line).
    public var language: ChartLanguage

    public init(
        title: String, panels: [TrendPanel], columns: Int = 3, sharesScale: Bool = false,
        note: String? = nil, language: ChartLanguage = .chinese
    ) {
        self.language = language
        self.title = title
        self.panels = panels
        self.columns = columns
        self.sharesScale = sharesScale
        self.note = note
    }

    /// Height of each row of panels when the chart sizes itself.
    public static let panelHeight = 96

    /// The chart as an `<svg>` element `width` wide and `height` high, or, with `height` nil, as
    /// high as ``panelHeight`` per row of panels needs.
    public func svg(width: Int = 720, height: Int? = nil) -> String {
        var filter = ValueFilter()
        let trends = panels.map { panel in
            MiniTrend(
                points: filter.accept(panel.points),
                target: panel.target.flatMap { filter.accept($0) }, status: panel.status)
        }
        let words = language.words
        var sentences = [words.smallMultiples + words.colon + title + words.stop]
        sentences += zip(panels, trends).map {
            $0.label + ($0.unit.isEmpty ? "" : words.open + $0.unit + words.close) + words.colon
                + $1.describe(in: language)
        }
        if let notice = filter.notice(in: language) { sentences.append(notice) }

        let statuses = ChartStatus.allCases.filter { status in
            panels.contains { $0.status == status }
        }
        var legend = statuses.map {
            LegendItem(label: $0.label(in: language), symbol: .marker(.dot, colour: $0.colour))
        }
        if trends.contains(where: { $0.target != nil }) {
            legend.append(
                LegendItem(
                    label: words.target,
                    symbol: .line(colour: Palette.reference, width: 1, dash: MiniTrend.targetDash)))
        }
        let chrome = ChartChrome(title: title, legend: legend, note: note, language: language)
        let columns = max(1, min(columns, max(panels.count, 1)))
        let rows = (panels.count + columns - 1) / columns
        let fullHeight =
            height ?? chrome.height(width: width, body: Double(max(rows, 1) * Self.panelHeight))
        var canvas = SVGCanvas(
            width: width, height: fullHeight, label: title, description: sentences.joined())
        let body = chrome.draw(on: &canvas)
        guard !panels.isEmpty else {
            drawNoData(on: &canvas, in: body, language: language)
            return canvas.svg
        }

        let shared = trends.flatMap(\.values)
        let cell = (width: body.width / Double(columns), height: body.height / Double(rows))
        for (index, (panel, trend)) in zip(panels, trends).enumerated() {
            let frame = Rect(
                x: body.x + cell.width * Double(index % columns),
                y: body.y + cell.height * Double(index / columns),
                width: max(cell.width - 8, 1), height: max(cell.height - 8, 1))
            let domain = sharesScale ? (shared.min() ?? 0, shared.max() ?? 0) : trend.domain
            drawPanel(panel, trend: trend, domain: domain, in: frame, on: &canvas)
        }
        return canvas.svg
    }

    /// A bordered cell: the label and latest value on top, the trend in the middle, the first and
    /// last year under it.
    private func drawPanel(
        _ panel: TrendPanel, trend: MiniTrend, domain: (Double, Double), in frame: Rect,
        on canvas: inout SVGCanvas
    ) {
        canvas.rect(frame, fill: "none", stroke: Palette.grid)
        let inner = Rect(
            x: frame.x + 8, y: frame.y + 6, width: max(frame.width - 16, 1),
            height: max(frame.height - 12, 1))
        var latest = ChartStatus.noData.label(in: language)
        if let last = trend.points.last {
            latest = NumberStyle(values: trend.points.map(\.value)).format(last.value) + panel.unit
        }
        let latestWidth = TextMetrics.width(latest, size: 13)
        canvas.text(
            latest, at: Point(x: inner.maxX, y: inner.y + 12), size: 13, anchor: .end,
            fill: Palette.title, bold: true)
        let label = TextMetrics.fitted(
            panel.label, maxWidth: max(inner.width - latestWidth - 8, 0), size: 12)
        canvas.text(label, at: Point(x: inner.x, y: inner.y + 12))
        let plot = Rect(
            x: inner.x + 4, y: inner.y + 22, width: max(inner.width - 8, 1),
            height: max(inner.height - 36, 1))
        trend.draw(on: &canvas, in: plot, domain: domain)
        guard let first = trend.points.first?.year, let last = trend.points.last?.year else {
            return
        }
        canvas.text(
            String(first), at: Point(x: inner.x, y: inner.maxY), size: 10,
            fill: Palette.secondaryText)
        if last != first {
            canvas.text(
                String(last), at: Point(x: inner.maxX, y: inner.maxY), size: 10, anchor: .end,
                fill: Palette.secondaryText)
        }
    }
}

/// A trend drawn small: the line, the target as a thin dashed line and a dot on the latest value.
struct MiniTrend {
    var points: [YearValue]
    var target: Double?
    var status: ChartStatus?

    static let targetDash = "3 2"

    /// Every value the scale must hold.
    var values: [Double] { points.map(\.value) + (target.map { [$0] } ?? []) }

    /// The values' own range.
    var domain: (Double, Double) { (values.min() ?? 0, values.max() ?? 0) }

    func draw(on canvas: inout SVGCanvas, in area: Rect, domain: (Double, Double)) {
        guard let first = points.first?.year, let last = points.last?.year else { return }
        let xMap = LinearScale(domain: (Double(first), Double(last)), range: (area.x, area.maxX))
        let yMap = LinearScale(domain: domain, range: (area.maxY, area.y))
        let position = { (point: YearValue) in
            Point(x: xMap(Double(point.year)), y: yMap(point.value))
        }
        if let target {
            canvas.line(
                Point(x: area.x, y: yMap(target)), Point(x: area.maxX, y: yMap(target)),
                stroke: Palette.reference,
                width: 1, dash: Self.targetDash)
        }
        canvas.trendLine(points, colour: Palette.series(0), width: 1.5, position: position)
        let colour = status?.colour ?? Palette.series(0)
        canvas.marker(.dot, at: position(points[points.count - 1]), size: 6, colour: colour)
    }

    func describe(in language: ChartLanguage) -> String {
        let words = language.words
        let style = NumberStyle(values: values)
        var text =
            points.isEmpty
            ? words.noData
            : points.map { "\(words.year($0.year)) \(style.format($0.value))" }.joined(separator: words.comma)
        if let target { text += "\(words.semicolon)\(words.target) \(style.format(target))" }
        if let status { text += words.semicolon + status.label(in: language) }
        return text + words.stop
    }
}

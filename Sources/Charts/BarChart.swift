/// One category of a bar chart: a county, a group.
public struct Bar: Sendable, Equatable {
    public var label: String
    /// nil when the category has no data: it keeps its row, marked 无数据.
    public var value: Double?
    /// Colours the bar by ``ChartStatus/colour``; nil draws it in the plain colour.
    public var status: ChartStatus?

    public init(label: String, value: Double?, status: ChartStatus? = nil) {
        self.label = label
        self.value = value
        self.status = status
    }
}

/// The order of the bars, top to bottom.
public enum BarOrder: Sendable, Equatable {
    case given
    /// Largest first; ties keep their given order and categories without data go last.
    case descending
    /// Smallest first; ties keep their given order and categories without data go last.
    case ascending
}

/// A labelled value drawn as a line across the chart: a mean, a benchmark region's level.
public struct ValueLine: Sendable, Equatable {
    public var label: String
    public var value: Double

    public init(label: String, value: Double) {
        self.label = label
        self.value = value
    }
}

/// A horizontal bar chart (条形图): categories such as the counties of a city against their mean
/// and a benchmark, bars coloured by status.
///
/// ```swift
/// let chart = BarChart(
///     title: "各县（市、区）义务教育巩固率", unit: "%",
///     bars: [Bar(label: "威县", value: 94.2, status: .onTrack), Bar(label: "临城县", value: nil)],
///     order: .descending,
///     references: [ValueLine(label: "全市平均", value: 95.1), ValueLine(label: "基准（桥西区）", value: 97)])
/// let svg = chart.svg(width: 720)
/// ```
public struct BarChart: Sendable, Equatable {
    public var title: String
    public var unit: String
    public var bars: [Bar]
    public var order: BarOrder
    /// Dashed lines across the bars, told apart by their dash pattern and named in the legend.
    public var references: [ValueLine]
    /// Decimals of the value labels; nil chooses them from the data.
    public var valueFractionDigits: Int?
    public var note: String?
    /// The language of the words the chart writes itself (descriptions, status names, unit line).
    public var language: ChartLanguage

    public init(
        title: String, unit: String = "", bars: [Bar], order: BarOrder = .given,
        references: [ValueLine] = [],
        valueFractionDigits: Int? = nil, note: String? = nil, language: ChartLanguage = .chinese
    ) {
        self.language = language
        self.title = title
        self.unit = unit
        self.bars = bars
        self.order = order
        self.references = references
        self.valueFractionDigits = valueFractionDigits
        self.note = note
    }

    /// Height of each bar's row when the chart sizes itself.
    public static let rowHeight = 24

    /// Bars in plain colour when no bar has a status, and in neutral grey beside status-coloured
    /// ones so that they are not read as 已达标.
    private static let plainColour = Palette.series(0)
    private static let unratedColour = "#8C8C8C"
    private static let referenceDashes = ["6 4", "2 3", "8 3 2 3"]
    /// Room under the bars for the value axis' labels.
    private static let axisHeight = 22.0

    /// The chart as an `<svg>` element `width` wide and `height` high, or, with `height` nil, as
    /// high as ``rowHeight`` per bar needs. Non-finite values and those beyond ±10¹⁰⁰ count as no
    /// data, a reference with one is left out, and the description says how many.
    public func svg(width: Int = 720, height: Int? = nil) -> String {
        var filter = ValueFilter()
        let rows = sorted(
            bars.map {
                Bar(
                    label: $0.label, value: $0.value.flatMap { filter.accept($0) },
                    status: $0.status)
            })
        let lines = references.compactMap { line in
            filter.accept(line.value).map { ValueLine(label: line.label, value: $0) }
        }
        let style = NumberStyle(
            values: rows.compactMap(\.value) + lines.map(\.value),
            fractionDigits: valueFractionDigits)
        let description = describe(rows: rows, lines: lines, style: style, filter: filter)

        let chrome = ChartChrome(
            title: title, unit: unit, legend: legend(rows: rows, lines: lines, style: style),
            note: note, language: language)
        let fullHeight =
            height
            ?? chrome.height(
                width: width, body: Double(max(rows.count, 1) * Self.rowHeight) + Self.axisHeight)
        var canvas = SVGCanvas(
            width: width, height: fullHeight, label: title, description: description)
        let body = chrome.draw(on: &canvas)
        guard !rows.isEmpty else {
            drawNoData(on: &canvas, in: body, language: language)
            return canvas.svg
        }

        drawBars(rows, lines: lines, style: style, in: body, on: &canvas)
        return canvas.svg
    }

    /// The category labels, value axis, bars, reference lines and value labels, in `body`.
    private func drawBars(
        _ rows: [Bar], lines: [ValueLine], style: NumberStyle, in body: Rect,
        on canvas: inout SVGCanvas
    ) {
        let labelColumn =
            min(rows.map { TextMetrics.width($0.label, size: 12) }.max()!, body.width * 0.3) + 10
        let values = rows.compactMap(\.value)
        let ends = values + lines.map(\.value) + [0]
        let labelRoom = { (side: [Double]) in
            side.map { TextMetrics.width(style.format($0), size: 11) + 6 }.max() ?? 0
        }
        let rightRoom = labelRoom(values.filter { $0 > 0 })
        let leftRoom = labelRoom(values.filter { $0 < 0 })
        let plot = Rect(
            x: body.x + labelColumn + leftRoom, y: body.y,
            width: max(body.width - labelColumn - leftRoom - rightRoom, 1),
            height: max(body.height - Self.axisHeight, 1))
        let axis = ValueAxis(
            from: ends.min()!, to: ends.max()!, maxTicks: max(3, Int(plot.width / 90)))
        let map = axis.draw(.across, on: &canvas, plot: plot)

        let band = plot.height / Double(rows.count)
        let middle = { (index: Int) in plot.y + band * (Double(index) + 0.5) }
        canvas.group("axis") { canvas in
            for (index, row) in rows.enumerated() {
                let name = TextMetrics.fitted(row.label, maxWidth: labelColumn - 10, size: 12)
                canvas.text(
                    name, at: Point(x: body.x + labelColumn - 10, y: middle(index)), anchor: .end,
                    centredVertically: true)
            }
        }
        let thickness = min(band * 0.68, 26)
        let usesStatus = rows.contains { $0.status != nil }
        var labels = [(value: Double, point: Point)]()
        for (index, row) in rows.enumerated() {
            let middle = middle(index)
            guard let value = row.value else {
                canvas.text(
                    ChartStatus.noData.label(in: language), at: Point(x: map(0) + 6, y: middle), size: 11,
                    fill: Palette.secondaryText, centredVertically: true)
                continue
            }
            let (zero, end) = (map(0), map(value))
            let colour = row.status?.colour ?? (usesStatus ? Self.unratedColour : Self.plainColour)
            canvas.rect(
                Rect(
                    x: min(zero, end), y: middle - thickness / 2, width: abs(end - zero),
                    height: thickness),
                fill: colour, tooltip: "\(row.label)\(language.words.colon)\(style.format(value))\(unit)")
            labels.append((value, Point(x: value < 0 ? end - 5 : end + 5, y: middle)))
        }
        // Reference lines over the bars, value labels over the lines.
        for (index, line) in lines.enumerated() {
            let x = map(line.value)
            canvas.line(
                Point(x: x, y: plot.y), Point(x: x, y: plot.maxY), stroke: Palette.reference,
                width: 1.5, dash: Self.referenceDashes[index % Self.referenceDashes.count])
        }
        for (value, point) in labels {
            canvas.text(
                style.format(value), at: point, size: 11, anchor: value < 0 ? .end : .start,
                centredVertically: true, halo: true)
        }
    }

    /// The rows in the chosen order; a stable sort by value, rows without data last.
    private func sorted(_ rows: [Bar]) -> [Bar] {
        guard order != .given else { return rows }
        let descending = order == .descending
        return rows.enumerated().sorted { a, b in
            switch (a.element.value, b.element.value) {
            case (let x?, let y?) where x != y: descending ? x > y : x < y
            case (nil, _?): false
            case (_?, nil): true
            default: a.offset < b.offset
            }
        }.map(\.element)
    }

    private func legend(rows: [Bar], lines: [ValueLine], style: NumberStyle) -> [LegendItem] {
        let statuses = ChartStatus.allCases.filter { status in rows.contains { $0.status == status }
        }
        return statuses.map { LegendItem(label: $0.label(in: language), symbol: .swatch(colour: $0.colour)) }
            + lines.enumerated().map { index, line in
                LegendItem(
                    label: "\(line.label) \(style.format(line.value))",
                    symbol: .line(
                        colour: Palette.reference, width: 1.5,
                        dash: Self.referenceDashes[index % Self.referenceDashes.count]))
            }
    }

    private func describe(rows: [Bar], lines: [ValueLine], style: NumberStyle, filter: ValueFilter)
        -> String
    {
        let words = language.words
        let orderWords =
            switch order {
            case .given: ""
            case .descending: words.descending
            case .ascending: words.ascending
            }
        var sentences = [descriptionOpening(words.barChart, title: title, unit: unit, words: words) + orderWords]
        let items = rows.map { row in
            row.label + " " + (row.value.map(style.format) ?? ChartStatus.noData.label(in: language))
                + (row.status.map { words.open + $0.label(in: language) + words.close } ?? "")
        }
        sentences.append(items.joined(separator: words.comma) + words.stop)
        sentences += lines.map { "\($0.label)\(words.colon)\(style.format($0.value))\(words.stop)" }
        if let notice = filter.notice(in: language) { sentences.append(notice) }
        return sentences.joined()
    }
}

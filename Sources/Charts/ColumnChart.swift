/// One component of a column chart, with a value per category.
public struct ColumnSeries: Sendable, Equatable {
    public var label: String
    /// Aligned with the chart's categories; nil (or a missing entry at the end) is no data.
    public var values: [Double?]

    public init(label: String, values: [Double?]) {
        self.label = label
        self.values = values
    }
}

/// How a column chart puts its series together in a category.
public enum ColumnLayout: Sendable, Equatable {
    /// On top of one another, positive values up from 0 and negative down, with the total on top:
    /// parts of a whole, such as the within- and between-group parts of a Theil index.
    case stacked
    /// Side by side: values to compare, such as each group's contribution.
    case grouped
}

/// A vertical column chart (柱形图), stacked or grouped: an inequality decomposition per year, or
/// each group's contribution.
///
/// ```swift
/// let chart = ColumnChart(
///     title: "泰尔指数T的组内与组间分解", categories: ["2016年", "2018年", "2020年"],
///     series: [
///         ColumnSeries(label: "组内差距", values: [0.082, 0.071, 0.060]),
///         ColumnSeries(label: "组间差距", values: [0.031, 0.024, 0.018]),
///     ],
///     layout: .stacked)
/// let svg = chart.svg(width: 720, height: 400)
/// ```
public struct ColumnChart: Sendable, Equatable {
    public var title: String
    public var unit: String
    /// Along the x axis, in this order.
    public var categories: [String]
    public var series: [ColumnSeries]
    public var layout: ColumnLayout
    /// Decimals of the value labels; nil chooses them from the data.
    public var valueFractionDigits: Int?
    public var note: String?
    /// The language of the words the chart writes itself (descriptions, status names, unit line).
    public var language: ChartLanguage

    public init(
        title: String, unit: String = "", categories: [String], series: [ColumnSeries],
        layout: ColumnLayout = .stacked, valueFractionDigits: Int? = nil, note: String? = nil,
        language: ChartLanguage = .chinese
    ) {
        self.language = language
        self.title = title
        self.unit = unit
        self.categories = categories
        self.series = series
        self.layout = layout
        self.valueFractionDigits = valueFractionDigits
        self.note = note
    }

    /// One drawn column or column segment, in data units.
    private struct Segment {
        var category: Int
        var series: Int
        var from: Double
        var to: Double
        var value: Double
    }

    /// The chart as an `<svg>` element `width` × `height` user units large. Non-finite values and
    /// those beyond ±10¹⁰⁰ count as no data and the description says how many.
    public func svg(width: Int = 720, height: Int = 400) -> String {
        var filter = ValueFilter()
        let table = series.map { column in
            categories.indices.map { index in
                index < column.values.count
                    ? column.values[index].flatMap { filter.accept($0) } : nil
            }
        }
        let segments = layOut(table)
        let totals = layout == .stacked && series.count > 1 ? stackTotals(table) : []
        let style = NumberStyle(
            values: segments.map(\.value) + totals.compactMap { $0 },
            fractionDigits: valueFractionDigits)

        var canvas = SVGCanvas(
            width: width, height: height, label: title,
            description: describe(table, totals: totals, style: style, filter: filter))
        let legend = series.enumerated().map { index, column in
            LegendItem(label: column.label, symbol: .swatch(colour: Palette.series(index)))
        }
        let body = ChartChrome(title: title, unit: unit, legend: legend, note: note, language: language).draw(
            on: &canvas)
        guard !segments.isEmpty, !categories.isEmpty else {
            drawNoData(on: &canvas, in: body, language: language)
            return canvas.svg
        }

        let ends: [Double] = segments.flatMap { [$0.from, $0.to] } + [0]
        let axis = ValueAxis(
            from: ends.min()!, to: ends.max()!, maxTicks: max(3, Int(body.height / 45)))
        let left = axis.labelWidth + 8
        let plot = Rect(
            x: body.x + left, y: body.y + 16, width: max(body.width - left, 1),
            height: max(body.height - 16 - 22, 1))
        let map = axis.draw(.up, on: &canvas, plot: plot)

        let band = plot.width / Double(categories.count)
        for segment in segments {
            drawSegment(segment, band: band, plot: plot, map: map, style: style, on: &canvas)
        }
        for (category, total) in totals.enumerated() {
            guard let total else { continue }
            let stackTop = segments.filter { $0.category == category }.map { max($0.from, $0.to) }
            canvas.text(
                style.format(total),
                at: Point(x: plot.x + band * (Double(category) + 0.5), y: map(stackTop.max()!) - 5),
                size: 11, anchor: .middle, bold: true, halo: true)
        }
        drawCategoryAxis(on: &canvas, plot: plot, band: band)
        return canvas.svg
    }

    /// Stacked: each series' segment starts where the previous one of the same sign ended.
    /// Grouped: every column starts at 0.
    private func layOut(_ table: [[Double?]]) -> [Segment] {
        var segments = [Segment]()
        for category in categories.indices {
            var (up, down) = (0.0, 0.0)
            for (index, values) in table.enumerated() {
                guard let value = values[category] else { continue }
                let start = layout == .grouped ? 0 : value >= 0 ? up : down
                segments.append(
                    Segment(
                        category: category, series: index, from: start, to: start + value,
                        value: value))
                if value >= 0 { up += value } else { down += value }
            }
        }
        return segments
    }

    /// One column or column segment with its value: inside a stacked segment tall and wide
    /// enough for it, above (below, if negative) a grouped column wide enough.
    private func drawSegment(
        _ segment: Segment, band: Double, plot: Rect, map: LinearScale, style: NumberStyle,
        on canvas: inout SVGCanvas
    ) {
        let columnWidth = min(band * 0.6, 64)
        let slot = layout == .stacked ? columnWidth : columnWidth / Double(series.count)
        let offset = layout == .stacked ? 0 : slot * Double(segment.series)
        let left = plot.x + band * (Double(segment.category) + 0.5) - columnWidth / 2 + offset
        let (top, bottom) = (map(max(segment.from, segment.to)), map(min(segment.from, segment.to)))
        let colour = Palette.series(segment.series)
        let label = style.format(segment.value)
        let name = "\(categories[segment.category]) \(series[segment.series].label)"
        canvas.rect(
            Rect(x: left, y: top, width: slot, height: bottom - top), fill: colour,
            tooltip: "\(name)\(language.words.colon)\(label)\(unit)")
        guard TextMetrics.width(label, size: 11) + 4 <= slot else { return }
        let centre = left + slot / 2
        switch layout {
        case .stacked where bottom - top >= 16:
            canvas.text(
                label, at: Point(x: centre, y: (top + bottom) / 2), size: 11, anchor: .middle,
                fill: Self.textColour(on: colour), centredVertically: true)
        case .grouped:
            let y = segment.value < 0 ? bottom + 12 : top - 4
            canvas.text(label, at: Point(x: centre, y: y), size: 11, anchor: .middle, halo: true)
        default:
            break
        }
    }

    /// Each category's sum, nil where no series has a value.
    private func stackTotals(_ table: [[Double?]]) -> [Double?] {
        categories.indices.map { category in
            let values = table.compactMap { $0[category] }
            return values.isEmpty ? nil : values.reduce(0, +)
        }
    }

    private func drawCategoryAxis(on canvas: inout SVGCanvas, plot: Rect, band: Double) {
        canvas.group("axis") { canvas in
            canvas.line(
                Point(x: plot.x, y: plot.maxY), Point(x: plot.maxX, y: plot.maxY),
                stroke: Palette.axis)
            for (index, category) in categories.enumerated() {
                let name = TextMetrics.fitted(
                    category, maxWidth: band - 4, size: ValueAxis.fontSize)
                canvas.text(
                    name, at: Point(x: plot.x + band * (Double(index) + 0.5), y: plot.maxY + 17),
                    size: ValueAxis.fontSize, anchor: .middle, fill: Palette.secondaryText)
            }
        }
    }

    /// White on dark fills, near-black on light ones (relative luminance of the "#RRGGBB" colour).
    private static func textColour(on fill: String) -> String {
        let hex = fill.dropFirst()
        let channels = stride(from: 0, to: 6, by: 2).map { offset -> Double in
            let start = hex.index(hex.startIndex, offsetBy: offset)
            return Double(Int(hex[start..<hex.index(start, offsetBy: 2)], radix: 16) ?? 0) / 255
        }
        let luminance = 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]
        return luminance < 0.5 ? Palette.background : Palette.title
    }

    private func describe(
        _ table: [[Double?]], totals: [Double?], style: NumberStyle, filter: ValueFilter
    ) -> String {
        let words = language.words
        let kind = layout == .stacked ? words.stackedColumns : words.groupedColumns
        var sentences = [descriptionOpening(kind, title: title, unit: unit, words: words)]
        for (index, category) in categories.enumerated() {
            var parts = zip(series, table).map { column, values in
                "\(column.label) " + (values[index].map(style.format) ?? ChartStatus.noData.label(in: language))
            }
            if let total = totals.isEmpty ? nil : totals[index] {
                parts.append(words.total + " " + style.format(total))
            }
            sentences.append(category + words.colon + parts.joined(separator: words.comma) + words.stop)
        }
        if let notice = filter.notice(in: language) { sentences.append(notice) }
        return sentences.joined()
    }
}

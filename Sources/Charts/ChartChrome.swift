/// What a legend entry shows before its words.
enum LegendSymbol {
    case line(colour: String, width: Double = 2, dash: String? = nil, marker: Marker? = nil)
    case swatch(colour: String, opacity: Double? = nil)
    case marker(Marker, colour: String)
}

struct LegendItem {
    var label: String
    var symbol: LegendSymbol
}

/// The parts every chart shares, top to bottom: title, legend, the unit line ("单位：%") and, at the
/// foot, a note such as the data source or 示例数据. Each is a `<g>` of its own class (`title`,
/// `legend`, `unit`, `note`), so that a page that prints its own heading can hide the chart's.
struct ChartChrome {
    /// A legend entry with its text as it fits and its place: `x` and the row from the top.
    private struct PlacedLegendItem {
        var item: LegendItem
        var text: String
        var x: Double
        var row: Int
    }

    var title: String
    var unit = ""
    var legend: [LegendItem] = []
    var note: String?
    var language: ChartLanguage = .chinese

    static let padding = 16.0
    private static let legendRowHeight = 20.0
    private static let symbolWidth = 24.0

    /// Draws the chrome and returns the rectangle left for the chart itself.
    func draw(on canvas: inout SVGCanvas) -> Rect {
        let padding = Self.padding
        let usable = canvas.width - 2 * padding
        var top = padding
        if !title.isEmpty {
            let fitted = TextMetrics.fitted(title, maxWidth: usable, size: 16)
            canvas.group("title") { canvas in
                canvas.text(
                    fitted, at: Point(x: padding, y: top + 14), size: 16, fill: Palette.title,
                    bold: true)
            }
            top += Self.titleHeight
        }
        let entries = legendEntries(usable: usable)
        if !entries.isEmpty {
            canvas.group("legend") { canvas in
                for entry in entries {
                    let middle =
                        top + Double(entry.row) * Self.legendRowHeight + Self.legendRowHeight / 2
                    drawSymbol(entry.item.symbol, on: &canvas, x: entry.x, middle: middle)
                    canvas.text(
                        entry.text, at: Point(x: entry.x + Self.symbolWidth + 6, y: middle),
                        centredVertically: true)
                }
            }
        }
        top += legendHeight(entries)
        if !unit.isEmpty {
            let text = TextMetrics.fitted(language.words.unit + language.words.colon + unit, maxWidth: usable, size: 12)
            canvas.group("unit") { canvas in
                canvas.text(text, at: Point(x: padding, y: top + 12), fill: Palette.secondaryText)
            }
            top += Self.unitHeight
        }
        var bottom = canvas.height - padding
        if let note, !note.isEmpty {
            let text = TextMetrics.fitted(note, maxWidth: usable, size: 11)
            canvas.group("note") { canvas in
                canvas.text(
                    text, at: Point(x: padding, y: bottom), size: 11, fill: Palette.secondaryText)
            }
            bottom -= Self.noteHeight
        }
        return Rect(x: padding, y: top, width: usable, height: max(bottom - top, 0))
    }

    /// The height of a chart `width` wide whose body (what ``draw(on:)`` leaves) is `body` high:
    /// for charts that size themselves to their data.
    func height(width: Int, body: Double) -> Int {
        let entries = legendEntries(usable: Double(width) - 2 * Self.padding)
        let chrome =
            2 * Self.padding + (title.isEmpty ? 0 : Self.titleHeight) + legendHeight(entries)
            + (unit.isEmpty ? 0 : Self.unitHeight) + ((note ?? "").isEmpty ? 0 : Self.noteHeight)
        return Int((chrome + body).rounded(.up))
    }

    private static let titleHeight = 28.0
    private static let unitHeight = 22.0
    private static let noteHeight = 20.0

    /// The legend laid out left to right, wrapping into rows.
    private func legendEntries(usable: Double) -> [PlacedLegendItem] {
        let left = Self.padding
        var (x, row) = (left, 0)
        return legend.map { item in
            let text = TextMetrics.fitted(
                item.label, maxWidth: usable - Self.symbolWidth - 6, size: 12)
            let itemWidth = Self.symbolWidth + 6 + TextMetrics.width(text, size: 12)
            if x > left && x + itemWidth > left + usable {
                (x, row) = (left, row + 1)
            }
            defer { x += itemWidth + 18 }
            return PlacedLegendItem(item: item, text: text, x: x, row: row)
        }
    }

    private func legendHeight(_ entries: [PlacedLegendItem]) -> Double {
        entries.last.map { Double($0.row + 1) * Self.legendRowHeight + 6 } ?? 0
    }

    private func drawSymbol(
        _ symbol: LegendSymbol, on canvas: inout SVGCanvas, x: Double, middle: Double
    ) {
        let centre = Point(x: x + Self.symbolWidth / 2, y: middle)
        switch symbol {
        case .line(let colour, let width, let dash, let marker):
            canvas.line(
                Point(x: x, y: middle), Point(x: x + Self.symbolWidth, y: middle), stroke: colour,
                width: width,
                dash: dash)
            if let marker { canvas.marker(marker, at: centre, size: 7, colour: colour) }
        case .swatch(let colour, let opacity):
            let square = Rect(x: centre.x - 7, y: middle - 6, width: 14, height: 12)
            canvas.rect(square, fill: colour, opacity: opacity)
        case .marker(let shape, let colour):
            canvas.marker(shape, at: centre, size: 8, colour: colour)
        }
    }
}

/// Keeps the values a chart can draw and counts the rest, so that the description can own up to
/// what the picture leaves out.
struct ValueFilter {
    private(set) var dropped = 0

    /// `value` when it is finite and within ±``Digits/limit`` (tiny magnitudes become 0), else nil.
    mutating func accept(_ value: Double) -> Double? {
        guard value.isFinite, abs(value) <= Digits.limit else {
            dropped += 1
            return nil
        }
        return Digits.clamped(value)
    }

    /// `year` when it is within 1–9999, else nil.
    mutating func accept(year: Int) -> Int? {
        guard (1...9999).contains(year) else {
            dropped += 1
            return nil
        }
        return year
    }

    /// The description's sentence about dropped values, if any were.
    func notice(in language: ChartLanguage) -> String? {
        dropped == 0 ? nil : language.words.dropped(dropped)
    }
}

/// Maps a data interval onto a pixel interval (either may run backwards), clamping so that nothing
/// lands outside the plot.
struct LinearScale {
    var domain: (lower: Double, upper: Double)
    var range: (start: Double, end: Double)

    func callAsFunction(_ value: Double) -> Double {
        let span = domain.upper - domain.lower
        let fraction = span > 0 ? (value - domain.lower) / span : 0.5
        return range.start + min(max(fraction, 0), 1) * (range.end - range.start)
    }
}

/// A value axis at nice ticks: light gridlines across the plot, labels outside it, and a darker
/// line at zero.
struct ValueAxis {
    let scale: NiceScale
    let labels: [String]
    static let fontSize = 11.0

    init(from low: Double, to high: Double, maxTicks: Int) {
        scale = NiceScale(from: low, to: high, maxTicks: maxTicks)
        labels = scale.ticks.map(NumberStyle(ticks: scale).format)
    }

    /// An axis whose labels are written another way, such as percentages.
    init(scale: NiceScale, labels: [String]) {
        self.scale = scale
        self.labels = labels
    }

    /// The widest tick label.
    var labelWidth: Double {
        labels.map { TextMetrics.width($0, size: Self.fontSize) }.max() ?? 0
    }

    /// Which way the values run.
    enum Direction {
        /// Up the y axis: horizontal gridlines, labels left of the plot.
        case up
        /// Along the x axis: vertical gridlines, labels under the plot.
        case across
    }

    /// Draws the gridlines and labels over `plot` and returns the map from values to positions.
    func draw(_ direction: Direction, on canvas: inout SVGCanvas, plot: Rect) -> LinearScale {
        let up = direction == .up
        let map = LinearScale(
            domain: (scale.lower, scale.upper),
            range: up ? (plot.maxY, plot.y) : (plot.x, plot.maxX))
        canvas.group("axis") { canvas in
            for (tick, label) in zip(scale.ticks, labels) {
                let at = map(tick)
                let (from, to) =
                    up
                    ? (Point(x: plot.x, y: at), Point(x: plot.maxX, y: at))
                    : (Point(x: at, y: plot.y), Point(x: at, y: plot.maxY))
                canvas.line(from, to, stroke: tick == 0 ? Palette.axis : Palette.grid)
                canvas.text(
                    label, at: up ? Point(x: plot.x - 6, y: at) : Point(x: at, y: plot.maxY + 15),
                    size: Self.fontSize, anchor: up ? .end : .middle, fill: Palette.secondaryText,
                    centredVertically: up)
            }
        }
        return map
    }
}

/// The description's first sentence: the kind of chart, its title and unit.
func descriptionOpening(_ kind: String, title: String, unit: String, words: ChartWords) -> String {
    "\(kind)\(words.colon)\(title)"
        + (unit.isEmpty ? "" : "\(words.open)\(words.unit)\(words.colon)\(unit)\(words.close)") + words.stop
}

/// Draws "暂无数据" in the middle of `area`, for charts with nothing to plot.
func drawNoData(on canvas: inout SVGCanvas, in area: Rect, language: ChartLanguage) {
    canvas.text(
        language == .chinese ? "暂无数据" : "No data yet", at: Point(x: area.x + area.width / 2, y: area.midY), size: 14,
        anchor: .middle, fill: Palette.secondaryText, centredVertically: true)
}

/// Moves label positions (sorted or not) apart so that neighbours are at least `gap` apart,
/// keeping their order and staying as close to where they were as a single downward sweep allows.
func spreadApart(_ positions: [Double], gap: Double) -> [Double] {
    let order = positions.indices.sorted { (positions[$0], $0) < (positions[$1], $1) }
    var spread = positions
    var previous = -Double.infinity
    for index in order {
        spread[index] = max(positions[index], previous + gap)
        previous = spread[index]
    }
    return spread
}

/// A point of a Lorenz curve: the poorest `populationShare` of the population holds `valueShare`
/// of the total, both from 0 to 1.
public struct LorenzPoint: Sendable, Equatable {
    public var populationShare: Double
    public var valueShare: Double

    public init(populationShare: Double, valueShare: Double) {
        self.populationShare = populationShare
        self.valueShare = valueShare
    }
}

/// One Lorenz curve, such as one year's distribution.
public struct LorenzCurve: Sendable, Equatable {
    public var label: String
    /// From (0, 0) to (1, 1) in order of population share; missing ends are added, shares are
    /// clamped to 0…1 and the points sorted.
    public var points: [LorenzPoint]
    /// Shown in the legend beside the label when given.
    public var gini: Double?

    public init(label: String, points: [LorenzPoint], gini: Double? = nil) {
        self.label = label
        self.points = points
        self.gini = gini
    }
}

/// A Lorenz curve chart (洛伦兹曲线): how unequally a service is spread over the population, against
/// the line of perfect equality, with a second curve for comparison (2016 against 2020). The area
/// between the first curve and the diagonal — half the Gini coefficient — is shaded.
///
/// ```swift
/// let chart = LorenzChart(
///     title: "每千人口床位数的洛伦兹曲线",
///     curves: [
///         LorenzCurve(label: "2020年", points: points2020, gini: 0.182),
///         LorenzCurve(label: "2016年", points: points2016, gini: 0.241),
///     ])
/// let svg = chart.svg(width: 560, height: 520)
/// ```
public struct LorenzChart: Sendable, Equatable {
    public var title: String
    public var curves: [LorenzCurve]
    /// The x axis' title.
    public var populationLabel: String
    /// The y axis' title.
    public var valueLabel: String
    public var note: String?
    /// The language of the words the chart writes itself (descriptions, status names, unit line).
    public var language: ChartLanguage

    /// The axes' titles default to the cumulative shares in `language`.
    public init(
        title: String, curves: [LorenzCurve], populationLabel: String? = nil,
        valueLabel: String? = nil, note: String? = nil, language: ChartLanguage = .chinese
    ) {
        self.language = language
        self.title = title
        self.curves = curves
        self.populationLabel = populationLabel ?? language.words.populationShare
        self.valueLabel = valueLabel ?? language.words.valueShare
        self.note = note
    }

    /// Later curves are dashed as well as coloured, so that they differ in grey print too.
    private static let dashes: [String?] = [nil, "6 4", "2 3", "8 3 2 3"]

    /// The chart as an `<svg>` element `width` × `height` user units large, its plot square.
    /// Points and Gini coefficients that are not finite are left out and the description says how
    /// many.
    public func svg(width: Int = 560, height: Int = 520) -> String {
        let words = language.words
        var filter = ValueFilter()
        let paths = curves.map { filter.accept($0.points) }
        let ginis = curves.map { $0.gini.flatMap { filter.accept($0) } }
        let labels = zip(curves, ginis).map { curve, gini in
            curve.label
                + (gini.map { "\(words.open)\(words.gini) \(Digits.fixed($0, fractionDigits: 3))\(words.close)" } ?? "")
        }
        var sentences = [words.lorenzCurve + words.colon + title + words.stop + words.axes(populationLabel, valueLabel)]
        sentences += zip(labels, paths).map { label, path in
            label + words.colon
                + path.map {
                    "(\(Self.percent($0.populationShare)), \(Self.percent($0.valueShare)))"
                }
                .joined(separator: " ") + words.stop
        }
        if let notice = filter.notice(in: language) { sentences.append(notice) }

        var canvas = SVGCanvas(
            width: width, height: height, label: title, description: sentences.joined())
        let legend =
            labels.enumerated().map { index, label in
                LegendItem(
                    label: label,
                    symbol: .line(
                        colour: Palette.series(index), dash: Self.dashes[index % Self.dashes.count])
                )
            } + [LegendItem(label: words.equalityLine, symbol: .line(colour: Palette.axis, width: 1))]
        let body = ChartChrome(title: title, legend: legend, note: note, language: language).draw(on: &canvas)

        guard !paths.isEmpty else {
            drawNoData(on: &canvas, in: body, language: language)
            return canvas.svg
        }

        // Room left of the plot for the tick labels and the axis title, under it for both again.
        let left = TextMetrics.width("100%", size: ValueAxis.fontSize) + 8 + 18
        let side = max(min(body.width - left, body.height - 8 - 40), 1)
        let plot = Rect(x: body.x + left, y: body.y + 8, width: side, height: side)
        let (xMap, yMap) = drawAxes(on: &canvas, plot: plot)
        let position = { (point: LorenzPoint) in
            Point(x: xMap(point.populationShare), y: yMap(point.valueShare))
        }

        // Closing the polygon runs back along the diagonal: the area is half the Gini.
        canvas.polygon(paths[0].map(position), fill: Palette.series(0), opacity: 0.12)
        canvas.line(
            Point(x: plot.x, y: plot.maxY), Point(x: plot.maxX, y: plot.y), stroke: Palette.axis)
        for (index, path) in paths.enumerated().reversed() {
            canvas.polyline(
                path.map(position), stroke: Palette.series(index), width: 2.25,
                dash: Self.dashes[index % Self.dashes.count])
        }
        return canvas.svg
    }

    /// Both axes from 0% to 100% with gridlines and titles; returns the x and y maps.
    private func drawAxes(
        on canvas: inout SVGCanvas, plot: Rect
    ) -> (x: LinearScale, y: LinearScale) {
        let scale = NiceScale(from: 0, to: 1)  // 0, 0.2, …, 1
        let axis = ValueAxis(scale: scale, labels: scale.ticks.map(Self.percent))
        let yMap = axis.draw(.up, on: &canvas, plot: plot)
        let xMap = axis.draw(.across, on: &canvas, plot: plot)
        canvas.group("axis") { canvas in
            canvas.rect(plot, fill: "none", stroke: Palette.axis)
            canvas.text(
                populationLabel, at: Point(x: plot.x + plot.width / 2, y: plot.maxY + 32),
                anchor: .middle, fill: Palette.secondaryText)
            let titleX = plot.x - TextMetrics.width("100%", size: ValueAxis.fontSize) - 14
            canvas.text(
                valueLabel, at: Point(x: titleX, y: plot.midY), anchor: .middle,
                fill: Palette.secondaryText, vertical: true)
        }
        return (xMap, yMap)
    }

    private static func percent(_ share: Double) -> String {
        Digits.compact(share * 100, fractionDigits: 1) + "%"
    }
}

extension ValueFilter {
    /// A curve's drawable points, clamped to 0…1, sorted, from (0, 0) to (1, 1).
    fileprivate mutating func accept(_ points: [LorenzPoint]) -> [LorenzPoint] {
        var kept = points.compactMap { point -> LorenzPoint? in
            guard let x = accept(point.populationShare), let y = accept(point.valueShare) else {
                return nil
            }
            return LorenzPoint(populationShare: min(max(x, 0), 1), valueShare: min(max(y, 0), 1))
        }
        kept.sort { ($0.populationShare, $0.valueShare) < ($1.populationShare, $1.valueShare) }
        if kept.first != LorenzPoint(populationShare: 0, valueShare: 0) {
            kept.insert(LorenzPoint(populationShare: 0, valueShare: 0), at: 0)
        }
        if kept.last?.populationShare != 1 {
            kept.append(LorenzPoint(populationShare: 1, valueShare: 1))
        }
        return kept
    }
}

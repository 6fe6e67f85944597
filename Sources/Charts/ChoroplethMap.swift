import Foundation
import Geography

/// One region on a choropleth: its boundary (simplified for the map's scale) and its value.
public struct ChoroplethRegion: Sendable, Equatable {
    public var code: String
    public var name: String
    public var polygons: [Polygon]
    /// nil when the region has no data: it is drawn hatched and the legend says so.
    public var value: Double?

    public init(code: String, name: String, polygons: [Polygon], value: Double?) {
        self.code = code
        self.name = name
        self.polygons = polygons
        self.value = value
    }
}

/// Points drawn over a map's regions — facilities of one kind, or where people live — with one
/// legend entry. Symbols differ in shape as well as colour, so that layers stay apart printed in grey.
public struct MapPointLayer: Sendable, Equatable {
    /// A mark's shape. `dot` is a small square without a tooltip, for thousands of points.
    public enum Symbol: String, Sendable, CaseIterable {
        case circle, square, triangle, diamond, dot
    }

    public var name: String
    public var symbol: Symbol
    public var colour: String
    /// Drawn as an outline: what is planned or being built rather than in use.
    public var hollow: Bool
    /// Each point's position and its tooltip (ignored for `dot`).
    public var points: [(coordinate: Coordinate, title: String)]

    public init(name: String, symbol: Symbol, colour: String, hollow: Bool = false, points: [(coordinate: Coordinate, title: String)]) {
        self.name = name
        self.symbol = symbol
        self.colour = colour
        self.hollow = hollow
        self.points = points
    }

    public static func == (a: MapPointLayer, b: MapPointLayer) -> Bool {
        (a.name, a.symbol, a.colour, a.hollow) == (b.name, b.symbol, b.colour, b.hollow)
            && a.points.map(\.coordinate) == b.points.map(\.coordinate) && a.points.map(\.title) == b.points.map(\.title)
    }
}

/// A choropleth (分级统计地图) drawn as one self-contained SVG in the Charts library's style:
/// `role="img"` with `<title>` and `<desc>`, a title, a unit line, a legend with each class's
/// range and the no-data symbol, and a `<title>` tooltip (name and value) on every region. The
/// colours are ColorBrewer's single-hue Blues, whose lightness falls class by class, so that the
/// map also reads printed in grey; regions without data are hatched.
///
/// ```swift
/// let map = ChoroplethMap(title: "每千人口执业（助理）医师数", unit: "人", regions: counties,
///                         method: .naturalBreaks, classes: 5)
/// let svg = try map.svg(width: 720)
/// ```
public struct ChoroplethMap: Sendable, Equatable {
    public var title: String
    public var unit: String
    public var regions: [ChoroplethRegion]
    public var method: ClassificationMethod
    /// At most 7: more shades cannot be told apart, least of all in grey.
    public var classes: Int
    public var note: String?
    public var language: ChartLanguage
    /// Prefixes the ids inside the SVG (the hatch pattern), so that several maps can share a page.
    public var idPrefix: String
    /// Points over the regions, drawn in order (the last on top). With layers and no values at
    /// all, the regions are a plain base map rather than hatched as 无数据.
    public var layers: [MapPointLayer]

    public init(
        title: String, unit: String = "", regions: [ChoroplethRegion],
        method: ClassificationMethod = .quantiles, classes: Int = 5, note: String? = nil,
        language: ChartLanguage = .chinese, idPrefix: String = "map", layers: [MapPointLayer] = []
    ) {
        self.layers = layers
        self.title = title
        self.unit = unit
        self.regions = regions
        self.method = method
        self.classes = classes
        self.note = note
        self.language = language
        self.idPrefix = idPrefix
    }

    /// ColorBrewer Blues for 1–7 classes (the 1- and 2-class rows taken from the 3- and 5-class
    /// ones), light to dark.
    public static func colours(classes: Int) -> [String] {
        switch classes {
        case 1: ["#6BAED6"]
        case 2: ["#BDD7E7", "#3182BD"]
        case 3: ["#DEEBF7", "#9ECAE1", "#3182BD"]
        case 4: ["#EFF3FF", "#BDD7E7", "#6BAED6", "#2171B5"]
        case 5: ["#EFF3FF", "#BDD7E7", "#6BAED6", "#3182BD", "#08519C"]
        case 6: ["#EFF3FF", "#C6DBEF", "#9ECAE1", "#6BAED6", "#3182BD", "#08519C"]
        default: ["#EFF3FF", "#C6DBEF", "#9ECAE1", "#6BAED6", "#4292C6", "#2171B5", "#084594"]
        }
    }

    /// The classes of the regions that have values, or nil when none has.
    public func classification() throws -> Classification? {
        guard (1...7).contains(classes) else {
            throw GeographyError.invalidParameter("classes is \(classes); a map shows 1 to 7")
        }
        let values = regions.compactMap(\.value)
        guard !values.isEmpty else { return nil }
        return try Classification(values: values, method: method, classes: classes)
    }

    /// The SVG document, `width` wide and as tall as the regions' shape needs (the map itself at
    /// most as tall as it is wide).
    public func svg(width: Int) throws -> String {
        if let bad = regions.first(where: { !($0.value?.isFinite ?? true) }) {
            throw GeographyError.invalidParameter("region \(bad.code) has a value that is not a finite number")
        }
        let classification = try classification()
        let words = language == .chinese ? MapWords.chinese : .english
        let chart = language.words
        let colours = classification.map { Self.colours(classes: $0.upperBounds.count) } ?? []
        let format = LegendNumbers(classification.map { [$0.minimum] + $0.upperBounds } ?? [])
        let hatch = "url(#\(xmlEscaped(idPrefix))-nodata)"

        let padding = 16.0
        let mapWidth = Double(max(width, 100)) - 2 * padding
        let projection = Projection(regions.flatMap(\.polygons), width: mapWidth)
        var legend: [(fill: String, text: String)] = []
        if let classification {
            for (i, upper) in classification.upperBounds.enumerated() {
                let lower = i == 0 ? classification.minimum : classification.upperBounds[i - 1]
                let count = classification.counts[i]
                legend.append((colours[i], "\(format(lower))–\(format(upper))\(chart.open)\(words.regions(count))\(chart.close)"))
            }
        }
        let basemap = classification == nil && !layers.isEmpty
        let missing = basemap ? 0 : regions.filter { $0.value == nil }.count
        if missing > 0 { legend.append((hatch, "\(chart.noData)\(chart.open)\(words.regions(missing))\(chart.close)")) }

        var top = padding
        var body = ""
        // Classes as the Charts library names its parts, so that a page can hide the map's own title.
        body += "<g class=\"title\"><text x=\"\(position(padding))\" y=\"\(position(top + 14))\" font-size=\"16\" font-weight=\"bold\" fill=\"#1A1A1A\">\(xmlEscaped(title))</text></g>\n"
        top += 28
        if !unit.isEmpty {
            body += "<g class=\"unit\"><text x=\"\(position(padding))\" y=\"\(position(top + 12))\" fill=\"#666666\">\(xmlEscaped(chart.unit + chart.colon + unit))</text></g>\n"
            top += 22
        }
        body += "<g class=\"regions\" stroke=\"#595959\" stroke-width=\"0.6\" stroke-linejoin=\"round\" fill-rule=\"evenodd\" transform=\"translate(\(position(padding)) \(position(top)))\">\n"
        var valueIndex = 0
        for region in regions {
            let fill: String
            let valueText: String
            if let value = region.value {
                fill = colours[classification!.classIndices[valueIndex]]
                valueText = format(value) + unit
                valueIndex += 1
            } else if basemap {
                (fill, valueText) = ("#F7F7F7", "")
            } else {
                (fill, valueText) = (hatch, chart.noData)
            }
            body += "<path data-code=\"\(xmlEscaped(region.code))\" fill=\"\(fill)\" d=\"\(projection.path(region.polygons))\">"
            body += "<title>\(xmlEscaped(valueText.isEmpty ? region.name : region.name + chart.colon + valueText))</title></path>\n"
        }
        body += "</g>\n"
        for layer in layers {
            body += "<g class=\"points\" data-layer=\"\(xmlEscaped(layer.name))\" transform=\"translate(\(position(padding)) \(position(top)))\" \(Self.paint(layer))>\n"
            if layer.symbol == .dot {
                // One path for every dot: thousands of points stay a few bytes each.
                body += "<path d=\"" + layer.points.map { Self.mark(.dot, at: projection.point($0.coordinate)) }.joined() + "\"/>\n"
            } else {
                for point in layer.points {
                    body += Self.element(layer.symbol, at: projection.point(point.coordinate), title: point.title)
                }
            }
            body += "</g>\n"
        }
        top += projection.height + 12
        body += "<g class=\"legend\">\n"
        for item in legend {
            body += "<rect x=\"\(position(padding))\" y=\"\(position(top + 4))\" width=\"18\" height=\"12\" fill=\"\(item.fill)\" stroke=\"#595959\" stroke-width=\"0.6\"/>"
            body += "<text x=\"\(position(padding + 26))\" y=\"\(position(top + 14))\">\(xmlEscaped(item.text))</text>\n"
            top += 20
        }
        for layer in layers {
            body += "<g \(Self.paint(layer))>" + Self.element(layer.symbol == .dot ? .square : layer.symbol, at: (padding + 9, top + 10), title: nil) + "</g>"
            body += "<text x=\"\(position(padding + 26))\" y=\"\(position(top + 14))\">\(xmlEscaped("\(layer.name)\(chart.open)\(layer.points.count)\(chart.close)"))</text>\n"
            top += 20
        }
        body += "</g>\n"
        if let note, !note.isEmpty {
            top += 8
            body += "<g class=\"note\"><text x=\"\(position(padding))\" y=\"\(position(top + 11))\" font-size=\"11\" fill=\"#666666\">\(xmlEscaped(note))</text></g>\n"
            top += 20
        }
        let height = Int((top + padding).rounded(.up))

        let description = describe(classification, format: format, words: words, missing: missing)
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"\(xmlEscaped(title))\" font-family=\"'WenQuanYi Micro Hei', 'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', sans-serif\" font-size=\"12\">\n"
        svg += "<title>\(xmlEscaped(title))</title>\n<desc>\(xmlEscaped(description))</desc>\n"
        // Grey hatching rather than a colour, so that "no data" is never read as a class.
        svg += "<defs><pattern id=\"\(xmlEscaped(idPrefix))-nodata\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#F2F2F2\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#8C8C8C\" stroke-width=\"2\"/></pattern></defs>\n"
        svg += "<rect x=\"0\" y=\"0\" width=\"\(width)\" height=\"\(height)\" fill=\"#FFFFFF\"/>\n"
        return svg + body + "</svg>\n"
    }

    /// A layer's fill and outline: hollow marks are white with the colour as their outline.
    private static func paint(_ layer: MapPointLayer) -> String {
        layer.hollow ? "fill=\"#FFFFFF\" stroke=\"\(layer.colour)\" stroke-width=\"1.5\""
            : "fill=\"\(layer.colour)\" stroke=\"#FFFFFF\" stroke-width=\"0.6\""
    }

    /// One mark as path data, centred on `at` (map units).
    private static func mark(_ symbol: MapPointLayer.Symbol, at p: (x: Double, y: Double)) -> String {
        switch symbol {
        case .dot: "M\(position(p.x - 0.8)) \(position(p.y - 0.8))h1.6v1.6h-1.6z"
        case .triangle: "M\(position(p.x)) \(position(p.y - 4))l3.5 6.5h-7z"
        case .diamond: "M\(position(p.x)) \(position(p.y - 4))l4 4l-4 4l-4-4z"
        case .square: "M\(position(p.x - 3)) \(position(p.y - 3))h6v6h-6z"
        case .circle: "M\(position(p.x - 3)) \(position(p.y))a3 3 0 1 0 6 0a3 3 0 1 0-6 0z"
        }
    }

    private static func element(_ symbol: MapPointLayer.Symbol, at p: (x: Double, y: Double), title: String?) -> String {
        let shape = symbol == .circle
            ? "<circle cx=\"\(position(p.x))\" cy=\"\(position(p.y))\" r=\"3\""
            : "<path d=\"\(mark(symbol, at: p))\""
        guard let title else { return shape + "/>" }
        return shape + "><title>\(xmlEscaped(title))</title>" + (symbol == .circle ? "</circle>" : "</path>") + "\n"
    }

    private func describe(
        _ classification: Classification?, format: LegendNumbers, words: MapWords, missing: Int
    ) -> String {
        let chart = language.words
        var text = words.kind + chart.colon + title
        if !unit.isEmpty { text += chart.open + chart.unit + chart.colon + unit + chart.close }
        text += chart.stop
        let valued = regions.filter { $0.value != nil }
        if let classification, let high = valued.max(by: { $0.value! < $1.value! }),
            let low = valued.min(by: { $0.value! < $1.value! })
        {
            text += words.classes(words.method(method), classification.upperBounds.count) + chart.stop
            text += words.highest + chart.colon + high.name + " " + format(high.value!) + unit + chart.comma
            text += words.lowest + chart.colon + low.name + " " + format(low.value!) + unit + chart.stop
        }
        if missing > 0 { text += chart.noData + chart.colon + words.regions(missing) + chart.stop }
        for layer in layers { text += layer.name + chart.colon + "\(layer.points.count)" + chart.stop }
        return text
    }
}

/// Equirectangular projection with longitudes shrunk by the cosine of the middle latitude (true
/// to shape at the scale of a city), fitted to a width; coordinates are rounded to tenths of a
/// unit and written relative to the previous vertex, which keeps a county map small.
private struct Projection {
    private let west: Double
    private let north: Double
    private let scale: Double
    private let xScale: Double
    let height: Double

    init(_ polygons: [Polygon], width: Double) {
        let points = polygons.flatMap { $0.rings.joined() }
        let longitudes = points.map(\.longitude)
        let latitudes = points.map(\.latitude)
        let (west, east) = (longitudes.min() ?? 0, longitudes.max() ?? 1)
        let (south, north) = (latitudes.min() ?? 0, latitudes.max() ?? 1)
        xScale = cos((south + north) / 2 * .pi / 180)
        let (spanX, spanY) = (max((east - west) * xScale, 1e-9), max(north - south, 1e-9))
        // The map is at most as tall as it is wide.
        scale = min(width / spanX, width / spanY)
        height = (spanY * scale).rounded(.up)
        (self.west, self.north) = (west, north)
    }

    /// A position in map units.
    func point(_ c: Coordinate) -> (x: Double, y: Double) {
        ((c.longitude - west) * xScale * scale, (north - c.latitude) * scale)
    }

    /// One path for all polygons of a region: `M` absolute, then `l` in tenths, closed with `z`.
    func path(_ polygons: [Polygon]) -> String {
        var d = ""
        for ring in polygons.flatMap(\.rings) {
            var tenths: [(Int, Int)] = []
            for point in ring {
                let p = (
                    Int((((point.longitude - west) * xScale * scale) * 10).rounded()),
                    Int((((north - point.latitude) * scale) * 10).rounded())
                )
                if tenths.last.map({ $0 != p }) ?? true { tenths.append(p) }
            }
            if tenths.count > 1 && tenths.first! == tenths.last! { tenths.removeLast() }
            // A ring that rounds to less than a triangle is too small to see.
            guard tenths.count >= 3 else { continue }
            d += "M"
            Self.append(tenths[0].0, to: &d)
            Self.append(tenths[0].1, to: &d)
            d += "l"
            for (previous, point) in zip(tenths, tenths.dropFirst()) {
                Self.append(point.0 - previous.0, to: &d)
                Self.append(point.1 - previous.1, to: &d)
            }
            d += "z"
        }
        return d
    }

    /// Appends a number of tenths, with a space only where neither a command letter nor a minus
    /// sign already separates it from the one before.
    private static func append(_ tenths: Int, to d: inout String) {
        if tenths >= 0 && !(d.last?.isLetter ?? true) { d += " " }
        d += number(tenths)
    }
}

/// Tenths as a decimal: 1234 → "123.4", 1230 → "123", -5 → "-0.5".
private func number(_ tenths: Int) -> String {
    let magnitude = abs(tenths)
    let text = magnitude % 10 == 0 ? "\(magnitude / 10)" : "\(magnitude / 10).\(magnitude % 10)"
    return tenths < 0 ? "-" + text : text
}

/// A layout position to one decimal: "16", "42.5".
private func position(_ x: Double) -> String { number(Int((x * 10).rounded())) }

/// Legend numbers with one count of decimals for the whole map: enough for three significant
/// digits on the smallest non-zero bound (at most 6), less the trailing zeros every bound can
/// lose (3.00, 7.00 → 3, 7), as the Charts library's value labels do.
private struct LegendNumbers {
    let decimals: Int

    init(_ bounds: [Double]) {
        let smallest = bounds.map(abs).filter { $0 > 0 }.min() ?? 1
        var decimals = min(max(2 - Int(log10(smallest).rounded(.down)), 0), 6)
        while decimals > 0
            && bounds.allSatisfy({ Self.format($0, decimals: decimals).hasSuffix("0") })
        {
            decimals -= 1
        }
        self.decimals = decimals
    }

    func callAsFunction(_ value: Double) -> String { Self.format(value, decimals: decimals) }

    private static func format(_ value: Double, decimals: Int) -> String {
        Digits.fixed(value, fractionDigits: decimals, grouping: false)
    }
}

/// The words only a map writes, in one language (punctuation, unit and no-data come from
/// ``ChartWords``, as every chart says them).
private struct MapWords: Sendable {
    var kind: String
    var highest: String
    var lowest: String
    var regions: @Sendable (Int) -> String
    var classes: @Sendable (String, Int) -> String
    var method: @Sendable (ClassificationMethod) -> String

    static let chinese = MapWords(
        kind: "分级统计地图", highest: "最高", lowest: "最低", regions: { "\($0)个地区" },
        classes: { "按\($0)分为\($1)级" },
        method: {
            switch $0 {
            case .quantiles: "分位数"
            case .equalIntervals: "等间距"
            case .naturalBreaks: "自然断点"
            }
        })

    static let english = MapWords(
        kind: "Choropleth map", highest: "Highest", lowest: "Lowest",
        regions: { $0 == 1 ? "1 region" : "\($0) regions" },
        classes: { "\($1) classes by \($0)" },
        method: {
            switch $0 {
            case .quantiles: "quantiles"
            case .equalIntervals: "equal intervals"
            case .naturalBreaks: "natural breaks"
            }
        })
}

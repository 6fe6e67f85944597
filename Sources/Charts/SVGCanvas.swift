/// A point in SVG user units (y grows downwards).
struct Point: Equatable {
    var x: Double
    var y: Double
}

struct Rect: Equatable {
    var x: Double
    var y: Double
    var width: Double
    var height: Double

    var maxX: Double { x + width }
    var maxY: Double { y + height }
    var midY: Double { y + height / 2 }
}

enum TextAnchor: String {
    case start, middle, end
}

/// The shapes that mark data points and reference values.
enum Marker {
    case dot, diamond, ring
}

/// Writes one SVG document element by element. Every number goes through ``x(_:)``, ``y(_:)`` or
/// ``length(_:)``, which clamp to the viewBox and print at most two decimals, so that no
/// coordinate can leave the picture or print as NaN; every string goes through ``xmlEscaped(_:)``.
struct SVGCanvas {
    let width: Double
    let height: Double
    private var output = ""

    /// Opens the document: root element with its accessible name, `<title>`, `<desc>` and, unless
    /// turned off, a white background (so that dark pages and PDFs show the chart as drawn).
    init(width: Int, height: Int, label: String, description: String, background: Bool = true) {
        self.width = Double(max(width, 1))
        self.height = Double(max(height, 1))
        let (w, h) = (Digits.compact(self.width), Digits.compact(self.height))
        output = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(w)\" height=\"\(h)\""
        output += " viewBox=\"0 0 \(w) \(h)\" role=\"img\" aria-label=\"\(xmlEscaped(label))\""
        output += " font-family=\"\(Palette.fontFamily)\" font-size=\"12\">\n"
        output += "<title>\(xmlEscaped(label))</title>\n<desc>\(xmlEscaped(description))</desc>\n"
        if background {
            rect(Rect(x: 0, y: 0, width: self.width, height: self.height), fill: Palette.background)
        }
    }

    /// The finished document.
    var svg: String { output + "</svg>\n" }

    private func x(_ value: Double) -> String { Digits.compact(clamp(value, 0, width)) }
    private func y(_ value: Double) -> String { Digits.compact(clamp(value, 0, height)) }
    private func length(_ value: Double) -> String {
        Digits.compact(clamp(value, 0, max(width, height)))
    }

    private func clamp(_ value: Double, _ low: Double, _ high: Double) -> Double {
        value.isFinite ? min(max(value, low), high) : low
    }

    // MARK: elements

    /// `<name attributes/>`, or `<name attributes>inner</name>` with `inner` already escaped.
    private mutating func element(
        _ name: String, _ attributes: [(String, String)], inner: String? = nil
    ) {
        output += "<\(name)" + attributes.map { " \($0)=\"\($1)\"" }.joined()
        output += inner.map { ">\($0)</\(name)>\n" } ?? "/>\n"
    }

    /// Draws `body` inside `<g class="…">`, so that pages (and tests) can tell a chart's legend and
    /// axes from its data.
    mutating func group(_ className: String, _ body: (inout SVGCanvas) -> Void) {
        output += "<g class=\"\(className)\">\n"
        body(&self)
        output += "</g>\n"
    }

    mutating func rect(
        _ r: Rect, fill: String, opacity: Double? = nil, stroke: String? = nil,
        tooltip: String? = nil
    ) {
        // Clamping the corners, not the sizes, keeps the whole rectangle inside.
        let (left, right) = (clamp(r.x, 0, width), clamp(r.maxX, 0, width))
        let (top, bottom) = (clamp(r.y, 0, height), clamp(r.maxY, 0, height))
        var attributes = [
            ("x", x(left)), ("y", y(top)), ("width", x(right - left)), ("height", y(bottom - top)),
            ("fill", fill),
        ]
        if let opacity { attributes.append(("fill-opacity", Digits.compact(opacity))) }
        if let stroke { attributes.append(("stroke", stroke)) }
        // A <title> child is the tooltip browsers show on hover.
        element("rect", attributes, inner: tooltip.map { "<title>\(xmlEscaped($0))</title>" })
    }

    mutating func line(
        _ a: Point, _ b: Point, stroke: String, width: Double = 1, dash: String? = nil
    ) {
        var attributes = [("x1", x(a.x)), ("y1", y(a.y)), ("x2", x(b.x)), ("y2", y(b.y))]
        attributes += strokeAttributes(stroke, width: width, dash: dash)
        element("line", attributes)
    }

    mutating func polyline(
        _ points: [Point], stroke: String, width: Double = 1, dash: String? = nil
    ) {
        let attributes = [("points", pointList(points)), ("fill", "none")]
        element("polyline", attributes + strokeAttributes(stroke, width: width, dash: dash))
    }

    mutating func polygon(_ points: [Point], fill: String, opacity: Double? = nil) {
        var attributes = [("points", pointList(points)), ("fill", fill)]
        if let opacity { attributes.append(("fill-opacity", Digits.compact(opacity))) }
        element("polygon", attributes)
    }

    /// A data or reference marker of about `size` across, white-edged so that it stands out from
    /// the lines it sits on.
    mutating func marker(_ shape: Marker, at centre: Point, size: Double, colour: String) {
        let r = size / 2
        switch shape {
        case .dot, .ring:
            element(
                "circle",
                [
                    ("cx", x(centre.x)), ("cy", y(centre.y)), ("r", length(r)),
                    ("fill", shape == .dot ? colour : Palette.background),
                    ("stroke", shape == .dot ? Palette.background : colour),
                    ("stroke-width", shape == .dot ? "1" : "2"),
                ])
        case .diamond:
            let corners = [
                Point(x: centre.x, y: centre.y - r * 1.2),
                Point(x: centre.x + r * 1.2, y: centre.y),
                Point(x: centre.x, y: centre.y + r * 1.2),
                Point(x: centre.x - r * 1.2, y: centre.y),
            ]
            element(
                "polygon",
                [("points", pointList(corners)), ("fill", colour), ("stroke", Palette.background)])
        }
    }

    /// Text at `point`; `centredVertically` puts the middle of the glyphs, not the baseline, there,
    /// `halo` outlines the glyphs in white so that value labels stay legible over lines, and
    /// `vertical` turns the text to read upwards (a y axis' title).
    mutating func text(
        _ content: String, at point: Point, size: Double = 12, anchor: TextAnchor = .start,
        fill: String = Palette.text, bold: Bool = false, centredVertically: Bool = false,
        halo: Bool = false, vertical: Bool = false
    ) {
        var attributes = [("x", x(point.x)), ("y", y(point.y))]
        if size != 12 { attributes.append(("font-size", Digits.compact(size))) }
        if anchor != .start { attributes.append(("text-anchor", anchor.rawValue)) }
        if fill != Palette.text { attributes.append(("fill", fill)) }
        if bold { attributes.append(("font-weight", "bold")) }
        // dy rather than dominant-baseline: PDF printers and older viewers honour it alike.
        if centredVertically { attributes.append(("dy", "0.35em")) }
        if vertical { attributes.append(("transform", "rotate(-90 \(x(point.x)) \(y(point.y)))")) }
        if halo {
            attributes += [
                ("stroke", Palette.background), ("stroke-width", "3"), ("stroke-linejoin", "round"),
                ("paint-order", "stroke"),
            ]
        }
        element("text", attributes, inner: xmlEscaped(content))
    }

    private func strokeAttributes(
        _ stroke: String, width: Double, dash: String?
    ) -> [(String, String)] {
        var attributes = [("stroke", stroke), ("stroke-width", length(width))]
        if let dash { attributes.append(("stroke-dasharray", dash)) }
        return attributes
    }

    private func pointList(_ points: [Point]) -> String {
        points.map { "\(x($0.x)),\(y($0.y))" }.joined(separator: " ")
    }
}

/// Text safe in XML character data and in double- or single-quoted attributes: markup characters
/// become entities, characters XML 1.0 forbids (most controls, U+FFFE, U+FFFF) are dropped and line
/// breaks and tabs become spaces, since chart labels are one line.
func xmlEscaped(_ text: String) -> String {
    var result = ""
    result.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
    for scalar in text.unicodeScalars {
        switch scalar {
        case "&": result += "&amp;"
        case "<": result += "&lt;"
        case ">": result += "&gt;"
        case "\"": result += "&quot;"
        case "'": result += "&apos;"
        case "\t", "\n", "\r": result += " "
        case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF:
            continue
        default: result.unicodeScalars.append(scalar)
        }
    }
    return result
}

/// Text widths estimated without a font: the server cannot measure glyphs, and a slight
/// overestimate only costs a little margin.
enum TextMetrics {
    /// Width in user units of `text` at font `size`.
    static func width(_ text: String, size: Double) -> Double {
        text.unicodeScalars.reduce(0) { $0 + em($1) } * size
    }

    /// `text`, cut with "…" when wider than `maxWidth`.
    static func fitted(_ text: String, maxWidth: Double, size: Double) -> String {
        guard width(text, size: size) > maxWidth else { return text }
        var kept = ""
        var used = em("…") * size
        for character in text {
            let next = width(String(character), size: size)
            if used + next > maxWidth { break }
            kept.append(character)
            used += next
        }
        return kept + "…"
    }

    private static func em(_ scalar: Unicode.Scalar) -> Double {
        switch scalar.value {
        case 0x20, 0x21, 0x27, 0x2C, 0x2E, 0x3A, 0x3B, 0x49, 0x69, 0x6A, 0x6C, 0x7C: 0.3
        case 0x4D, 0x57, 0x6D, 0x77: 0.85
        case 0x41...0x5A: 0.65
        case 0..<0x80: 0.56
        case 0x300..<0x370, 0x200B...0x200D, 0xFE00...0xFE0F: 0  // combining marks, joiners
        case 0x1100...: 1  // CJK, fullwidth punctuation (，：（）), Hangul, emoji
        default: 0.6
        }
    }
}

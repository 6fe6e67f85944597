import Foundation

#if canImport(FoundationXML)
    import FoundationXML  // XMLParser lives here on Linux
#endif

/// One element of a parsed SVG document, with the text directly inside it.
struct ParsedElement {
    var name: String
    var attributes: [String: String]
    /// The classes of the `<g>` elements it is in ("legend", "axis").
    var groups: [String]
    var text = ""
}

/// An SVG string parsed with Foundation's XMLParser: parsing at all proves it well-formed XML.
struct SVGDocument {
    struct NotWellFormed: Error, CustomStringConvertible {
        var description: String
    }

    /// Every element in document order, the root first.
    let elements: [ParsedElement]

    init(_ svg: String) throws {
        let collector = Collector()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = collector
        guard parser.parse() else {
            throw NotWellFormed(
                description: parser.parserError.map { "\($0)" } ?? "unknown parser error")
        }
        elements = collector.elements
    }

    var root: ParsedElement { elements[0] }

    func all(_ name: String) -> [ParsedElement] {
        elements.filter { $0.name == name }
    }

    /// The `name` elements that draw data: those outside the legend and the axes.
    func marks(_ name: String) -> [ParsedElement] {
        all(name).filter { $0.groups.isEmpty }
    }

    /// The root's width and height.
    var size: (width: Double, height: Double) {
        (
            Double(root.attributes["width"] ?? "") ?? -1,
            Double(root.attributes["height"] ?? "") ?? -1
        )
    }

    /// Each coordinate or length that lies outside the viewBox, described for the failure message.
    func coordinatesOutsideViewBox() -> [String] {
        let (width, height) = size
        var problems = [String]()
        func check(_ element: ParsedElement, _ key: String, _ value: Double, limit: Double) {
            if !(0...limit).contains(value) { problems.append("\(element.name) \(key)=\(value)") }
        }
        for element in elements.dropFirst() {
            for (key, raw) in element.attributes {
                switch key {
                case "x", "x1", "x2", "cx", "width":
                    check(element, key, Double(raw) ?? .nan, limit: width)
                case "y", "y1", "y2", "cy", "height":
                    check(element, key, Double(raw) ?? .nan, limit: height)
                case "r":
                    check(element, key, Double(raw) ?? .nan, limit: min(width, height))
                case "points":
                    for pair in raw.split(separator: " ") {
                        let xy = pair.split(separator: ",").map { Double($0) ?? .nan }
                        check(element, "points.x", xy.first ?? .nan, limit: width)
                        check(element, "points.y", xy.count == 2 ? xy[1] : .nan, limit: height)
                    }
                default: continue
                }
            }
            if element.name == "rect", let x = Double(element.attributes["x"] ?? "0"),
                let w = Double(element.attributes["width"] ?? "0"), x + w > width + 0.01
            {
                problems.append("rect x + width = \(x + w)")
            }
        }
        return problems
    }

    private final class Collector: NSObject, XMLParserDelegate {
        var elements = [ParsedElement]()
        private var open = [Int]()

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
            qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
        ) {
            let groups =
                open.last.map {
                    elements[$0].groups + [elements[$0].attributes["class"]].compactMap { $0 }
                } ?? []
            open.append(elements.count)
            elements.append(
                ParsedElement(name: elementName, attributes: attributeDict, groups: groups))
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if let current = open.last { elements[current].text += string }
        }

        func parser(
            _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
            qualifiedName qName: String?
        ) {
            open.removeLast()
        }
    }
}

import Foundation
import TextFormats

/// The text of a web page as a reader sees it, in the shape the plan reader expects of text:
/// one block (paragraph, heading, list item) per line, each table row on one line with its cells
/// separated by a tab, and the page's scripts, styles, comments, hidden parts, navigation, site
/// header and footer left out.
///
/// The charset comes from a byte-order mark, else the page's `<meta charset>` (GBK pages are
/// common), else the bytes themselves. Merged cells are read as in a DOCX: a cell spanning columns
/// (`colspan`) is followed by empty cells, a cell spanning rows (`rowspan`) repeats its text in
/// each row. Numbered lists (`<ol>`) get the numbers a browser shows.
enum HTMLReader {
    static func text(of data: Data) throws(IngestError) -> (text: String, encoding: DetectedEncoding) {
        let (source, encoding) = try decode(data)
        let scalars = Array(source.unicodeScalars)
        var extractor = HTMLTextExtractor(source: scalars, skipsChrome: true)
        let text = extractor.run()
        // Chrome is recognised by its class or id; on a page whose content sits inside such an
        // element (an unclosed `<div class="header">`), that would lose the plan: read it all.
        if extractor.skippedChromeCharacters > text.unicodeScalars.count {
            var everything = HTMLTextExtractor(source: scalars, skipsChrome: false)
            return (everything.run(), encoding)
        }
        return (text, encoding)
    }

    /// The page's characters: a byte-order mark decides, then a `<meta charset>` naming UTF-8 or
    /// a GB encoding (when the bytes agree), then the plain-text decoder's guess.
    static func decode(_ data: Data) throws(IngestError) -> (String, DetectedEncoding) {
        let bytes = [UInt8](data)
        if TextDecoding.byteOrderMark(of: bytes) == nil, let label = declaredCharset(bytes) {
            if ["utf-8", "utf8"].contains(label), let text = String(validating: bytes, as: UTF8.self) {
                return (text, .utf8)
            }
            if ["gb2312", "gbk", "gb18030", "x-gbk", "cp936", "euc-cn", "csgb2312", "chinese"].contains(label),
                let text = GBKCodec.decode(bytes)
            {
                return (text, .gb18030)
            }
        }
        return try TextDecoder.decode(data)
    }

    /// The charset named by a `<meta charset="gbk">` or `<meta http-equiv="Content-Type"
    /// content="text/html; charset=gb2312">` in the first 4 KB, lowercased.
    static func declaredCharset(_ bytes: [UInt8]) -> String? {
        let head = String(decoding: bytes.prefix(4096).map { $0 < 0x80 ? $0 : 0x20 }, as: UTF8.self).lowercased()
        var rest = Substring(head)
        while let meta = rest.range(of: "<meta") {
            let tag = rest[meta.upperBound...].prefix { $0 != ">" }
            rest = rest[meta.upperBound...]
            guard let charset = tag.range(of: "charset") else { continue }
            let value = tag[charset.upperBound...].drop { $0 == " " || $0 == "=" || $0 == "\"" || $0 == "'" }
                .prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
            if !value.isEmpty { return String(value) }
        }
        return nil
    }
}

/// One pass over a page's characters, from tags to lines.
struct HTMLTextExtractor {
    private let source: [Unicode.Scalar]
    private let skipsChrome: Bool
    private var index = 0
    private var lines: [String] = []
    private var line = TextRun()
    private var tables: [TableBuild] = []
    private var lists: [(ordered: Bool, next: Int, format: String)] = []
    /// The element whose content is being left out, and how deep in same-named elements we are.
    private var skipping: (name: String, depth: Int, isChrome: Bool)?
    /// A list item's number, written before the item's first character (which may sit in a `<p>`).
    private var pendingListLabel: String?
    private var articleDepth = 0
    private var preformattedDepth = 0
    /// Characters left out as chrome (navigation, header, footer): see `HTMLReader.text(of:)`.
    private(set) var skippedChromeCharacters = 0

    init(source: [Unicode.Scalar], skipsChrome: Bool) {
        self.source = source
        self.skipsChrome = skipsChrome
    }

    /// Text with collapsed white space, built up to the end of a line or cell.
    private struct TextRun {
        var scalars = String.UnicodeScalarView()
        var pendingSpace = false

        mutating func append(_ scalar: Unicode.Scalar, preformatted: Bool) {
            if !preformatted, scalar == " " || scalar == "\n" || scalar == "\t" || scalar == "\r" || scalar == "\u{0C}"
                || scalar == "\u{00A0}"
            {
                pendingSpace = !scalars.isEmpty
                return
            }
            if pendingSpace { scalars.append(" ") }
            pendingSpace = false
            scalars.append(scalar)
        }

        mutating func take() -> String {
            defer { self = TextRun() }
            return String(scalars)
        }
    }

    private struct Cell {
        var text: String
        var columnSpan: Int
        var rowSpan: Int
    }

    private struct TableBuild {
        var rows: [[Cell]] = []
        var row: [Cell]?
        var cell: TextRun?
        var columnSpan = 1
        var rowSpan = 1
        /// Text inside the table but in no cell (a caption): lines before the rows.
        var outside = TextRun()
        var outsideLines: [String] = []
    }

    private static let rawText: Set<String> = ["script", "style", "textarea", "title", "xmp", "noscript", "noembed", "noframes"]
    private static let skipped: Set<String> = [
        "head", "nav", "aside", "select", "button", "svg", "math", "iframe", "object", "template", "datalist",
        "map", "canvas", "audio", "video", "embed",
    ]
    private static let void: Set<String> = [
        "br", "hr", "img", "meta", "link", "input", "wbr", "area", "base", "col", "embed", "source", "track",
        "param", "keygen",
    ]
    private static let blocks: Set<String> = [
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "address", "section", "article", "main",
        "center", "dl", "dt", "dd", "figure", "figcaption", "form", "fieldset", "legend", "details", "summary",
        "body", "html", "header", "footer", "hr", "menu", "dir", "pre", "caption",
    ]
    /// Class and id words of site navigation and footers (`<div class="nav">`, `<div id="footer">`).
    private static let chromeWords: Set<String> = [
        "nav", "navbar", "nav-bar", "navigation", "menu", "topmenu", "mainmenu", "breadcrumb", "breadcrumbs",
        "crumb", "crumbs", "footer", "foot", "header", "sidebar", "side-bar", "copyright", "share", "toolbar",
        "bdsharebuttonbox", "skip-link",
    ]

    mutating func run() -> String {
        let count = source.count
        while index < count {
            if source[index] == "<", index + 1 < count {
                let next = source[index + 1]
                if next == "!" || next == "?" {
                    skipDeclaration()
                    continue
                }
                if next == "/" || CharClass.isLatin(next) {
                    readTag()
                    continue
                }
            }
            readText()
        }
        while !tables.isEmpty { finishTable() }
        breakLine()
        while lines.last == "" { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    // MARK: tokens

    /// A comment, a doctype, an XML declaration or a conditional comment marker (`<![if !supportLists]>`
    /// in pages Word saved, whose content is visible): skipped, content of comments included.
    private mutating func skipDeclaration() {
        if source.matches(Array("<!--".unicodeScalars), at: index) {
            index = source.find(Array("-->".unicodeScalars), from: index + 4).map { $0 + 3 } ?? source.count
        } else {
            index = source.find([">"], from: index + 2).map { $0 + 1 } ?? source.count
        }
    }

    private mutating func readText() {
        let start = index
        while index < source.count {
            if source[index] == "<", index + 1 < source.count,
                source[index + 1] == "/" || source[index + 1] == "!" || source[index + 1] == "?"
                    || CharClass.isLatin(source[index + 1]), index > start
            {
                break
            }
            let scalar = source[index]
            if scalar == "&", let reference = HTMLEntities.reference(in: source, at: index) {
                emit(reference.scalar)
                index = reference.end
            } else {
                emit(scalar)
                index += 1
            }
        }
    }

    private mutating func readTag() {
        let closing = source[index + 1] == "/"
        var position = index + (closing ? 2 : 1)
        var name = ""
        while position < source.count, !isTagSpace(source[position]), source[position] != ">", source[position] != "/" {
            name.unicodeScalars.append(source[position])
            position += 1
        }
        name = name.lowercased()
        if let colon = name.lastIndex(of: ":") { name = String(name[name.index(after: colon)...]) }  // `o:p` of Word pages
        var attributes: [String: String] = [:]
        var selfClosing = false
        while position < source.count, source[position] != ">" {
            if isTagSpace(source[position]) || source[position] == "/" {
                selfClosing = source[position] == "/"
                position += 1
                continue
            }
            var attribute = ""
            while position < source.count, !isTagSpace(source[position]), source[position] != "=", source[position] != ">" {
                attribute.unicodeScalars.append(source[position])
                position += 1
            }
            while position < source.count, isTagSpace(source[position]) { position += 1 }
            var value = ""
            if position < source.count, source[position] == "=" {
                position += 1
                while position < source.count, isTagSpace(source[position]) { position += 1 }
                if position < source.count, source[position] == "\"" || source[position] == "'" {
                    let quote = source[position]
                    position += 1
                    while position < source.count, source[position] != quote {
                        value.unicodeScalars.append(source[position])
                        position += 1
                    }
                    position += 1
                } else {
                    while position < source.count, !isTagSpace(source[position]), source[position] != ">" {
                        value.unicodeScalars.append(source[position])
                        position += 1
                    }
                }
            }
            if !attribute.isEmpty { attributes[attribute.lowercased()] = Self.decodeReferences(value) }
            selfClosing = false
        }
        index = min(position + 1, source.count)
        if closing {
            end(name)
        } else {
            start(name, attributes: attributes, selfClosing: selfClosing)
        }
    }

    private func isTagSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\n" || scalar == "\t" || scalar == "\r" || scalar == "\u{0C}"
    }

    private static func decodeReferences(_ value: String) -> String {
        let scalars = Array(value.unicodeScalars)
        var result = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            if scalars[index] == "&", let reference = HTMLEntities.reference(in: scalars, at: index) {
                result.append(reference.scalar)
                index = reference.end
            } else {
                result.append(scalars[index])
                index += 1
            }
        }
        return String(result)
    }

    // MARK: elements

    private mutating func start(_ name: String, attributes: [String: String], selfClosing: Bool) {
        if var skip = skipping {
            if name == skip.name, !selfClosing, !Self.void.contains(name) {
                skip.depth += 1
                skipping = skip
            }
            return
        }
        if Self.rawText.contains(name) {
            if !selfClosing { skipRawText(name) }
            return
        }
        let isVoid = Self.void.contains(name) || selfClosing
        if !isVoid, let isChrome = skipReason(name, attributes) {
            skipping = (name, 1, isChrome)
            return
        }
        switch name {
        case "br":
            if tables.last?.cell != nil { tables[tables.count - 1].cell?.pendingSpace = true } else { breakLine(keepingBlank: true) }
        case "article", "main":
            articleDepth += 1
            breakLine()
        case "pre":
            preformattedDepth += 1
            breakLine()
        case "ol", "ul":
            let format = switch attributes["type"] ?? "1" {
            case "a": "lowerLetter"
            case "A": "upperLetter"
            case "i": "lowerRoman"
            case "I": "upperRoman"
            default: "decimal"
            }
            let hidesNumbers = (attributes["style"] ?? "").replacingOccurrences(of: " ", with: "").contains("list-style:none")
                || (attributes["style"] ?? "").replacingOccurrences(of: " ", with: "").contains("list-style-type:none")
            lists.append((name == "ol" && !hidesNumbers, attributes["start"].flatMap(Int.init) ?? 1, format))
            breakLine()
        case "li":
            breakLine()
            if let list = lists.last, list.ordered {
                let number = attributes["value"].flatMap(Int.init) ?? list.next
                lists[lists.count - 1].next = number + 1
                pendingListLabel = DocxNumbering.format(number, as: list.format) + "."
            }
        case "table":
            if tables.last?.cell == nil { breakLine() }
            tables.append(TableBuild())
        case "tr" where !tables.isEmpty:
            finishCell()
            finishRow()
            tables[tables.count - 1].row = []
        case "td" where !tables.isEmpty, "th" where !tables.isEmpty:
            finishCell()
            if tables[tables.count - 1].row == nil { tables[tables.count - 1].row = [] }
            tables[tables.count - 1].cell = TextRun()
            tables[tables.count - 1].columnSpan = min(max(attributes["colspan"].flatMap(Int.init) ?? 1, 1), 100)
            tables[tables.count - 1].rowSpan = min(max(attributes["rowspan"].flatMap(Int.init) ?? 1, 1), 1_000)
        default:
            if Self.blocks.contains(name) { breakLine() }
        }
    }

    private mutating func end(_ name: String) {
        if var skip = skipping {
            if name == skip.name {
                skip.depth -= 1
                skipping = skip.depth == 0 ? nil : skip
            }
            return
        }
        switch name {
        case "article", "main":
            articleDepth = max(0, articleDepth - 1)
            breakLine()
        case "pre":
            preformattedDepth = max(0, preformattedDepth - 1)
            breakLine()
        case "ol", "ul":
            _ = lists.popLast()
            breakLine()
        case "li": breakLine()
        case "td", "th": finishCell()
        case "tr": finishCell(); finishRow()
        case "table" where !tables.isEmpty: finishTable()
        default:
            if Self.blocks.contains(name) { breakLine() }
        }
    }

    /// Why an element's content is left out: nil to read it, `true` for site chrome recognised by
    /// its class, id or place (counted, see `skippedChromeCharacters`), `false` for what never
    /// shows or is never the document (hidden parts, controls, the head, `<nav>`, `<aside>`).
    private func skipReason(_ name: String, _ attributes: [String: String]) -> Bool? {
        let style = (attributes["style"] ?? "").lowercased().replacingOccurrences(of: " ", with: "")
        if attributes["hidden"] != nil || style.contains("display:none") || style.contains("visibility:hidden") {
            return false
        }
        if Self.skipped.contains(name) { return false }
        guard skipsChrome, articleDepth == 0 else { return nil }
        if name == "header" || name == "footer" { return true }
        let words = ((attributes["class"] ?? "") + " " + (attributes["id"] ?? "")).lowercased()
            .split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" })
        return words.contains { Self.chromeWords.contains(String($0)) } ? true : nil
    }

    private mutating func skipRawText(_ name: String) {
        let closing = Array("</\(name)".unicodeScalars)
        var position = index
        while position < source.count {
            if source[position] == "<", position + closing.count <= source.count,
                String(String.UnicodeScalarView(source[position..<position + closing.count])).lowercased() == "</\(name)"
            {
                index = source.find([">"], from: position).map { $0 + 1 } ?? source.count
                return
            }
            position += 1
        }
        index = source.count
    }

    // MARK: output

    private mutating func emit(_ scalar: Unicode.Scalar) {
        if let skip = skipping {
            if skip.isChrome, !CharClass.isSpace(scalar), scalar != "\n" { skippedChromeCharacters += 1 }
            return
        }
        if let label = pendingListLabel, !scalar.properties.isWhitespace {
            pendingListLabel = nil
            for character in label.unicodeScalars { emit(character) }
        }
        let preformatted = preformattedDepth > 0
        if !tables.isEmpty {
            if tables[tables.count - 1].cell != nil {
                tables[tables.count - 1].cell!.append(scalar == "\n" ? " " : scalar, preformatted: false)
            } else {
                tables[tables.count - 1].outside.append(scalar, preformatted: false)
            }
        } else if preformatted && scalar == "\n" {
            breakLine(keepingBlank: true)
        } else {
            line.append(scalar, preformatted: preformatted)
        }
    }

    /// Ends the line being built; a cell's blocks are joined by a space instead.
    private mutating func breakLine(keepingBlank: Bool = false) {
        if !tables.isEmpty {
            if tables[tables.count - 1].cell != nil {
                tables[tables.count - 1].cell!.pendingSpace = !(tables[tables.count - 1].cell!.scalars.isEmpty)
            } else {
                let text = tables[tables.count - 1].outside.take()
                if !text.isEmpty { tables[tables.count - 1].outsideLines.append(text) }
            }
            return
        }
        let text = line.take()
        if !text.isEmpty {
            lines.append(text)
        } else if keepingBlank, let last = lines.last, !last.isEmpty {
            lines.append("")
        }
    }

    private mutating func finishCell() {
        guard !tables.isEmpty, var cell = tables[tables.count - 1].cell else { return }
        let table = tables[tables.count - 1]
        tables[tables.count - 1].row = (table.row ?? []) + [Cell(text: cell.take(), columnSpan: table.columnSpan, rowSpan: table.rowSpan)]
        tables[tables.count - 1].cell = nil
    }

    private mutating func finishRow() {
        guard !tables.isEmpty, let row = tables[tables.count - 1].row else { return }
        if !row.isEmpty { tables[tables.count - 1].rows.append(row) }
        tables[tables.count - 1].row = nil
    }

    /// Lays the rows out on the table's grid and writes them as lines (or, for a table inside a
    /// cell, into that cell).
    private mutating func finishTable() {
        finishCell()
        finishRow()
        var table = tables.removeLast()
        let caption = table.outside.take()
        if !caption.isEmpty { table.outsideLines.append(caption) }
        var rows: [String] = []
        var carried: [Int: (text: String, rows: Int)] = [:]
        for row in table.rows {
            var cells: [String] = []
            func fillCarried() {
                while let carry = carried[cells.count] {
                    cells.append(carry.text)
                    carried[cells.count - 1] = carry.rows > 1 ? (carry.text, carry.rows - 1) : nil
                }
            }
            for cell in row {
                fillCarried()
                for column in 0..<cell.columnSpan {
                    let text = column == 0 ? cell.text : ""
                    if cell.rowSpan > 1 { carried[cells.count] = (text, cell.rowSpan - 1) }
                    cells.append(text)
                }
            }
            while let last = carried.keys.max(), last >= cells.count { fillCarried(); if cells.count <= last { cells.append("") } }
            while cells.last?.isEmpty == true { cells.removeLast() }
            if !cells.isEmpty { rows.append(cells.joined(separator: "\t")) }
        }
        if tables.isEmpty {
            breakLine()
            lines.append(contentsOf: table.outsideLines)
            lines.append(contentsOf: rows)
        } else {
            // A table inside a cell: its text joins that cell, set apart by spaces.
            let text = (table.outsideLines + rows).joined(separator: " ").replacingOccurrences(of: "\t", with: " ")
            breakLine()
            for scalar in text.unicodeScalars { emit(scalar) }
            breakLine()
        }
    }
}

import Foundation
import OfficePackage

/// The text of a Word document (DOCX) as a reader sees it, in the shape the plan reader expects
/// of text: one paragraph per line, headings with their automatic numbers (`一、`, `（一）`,
/// `第三章`), and each table row on one line with its cells separated by a tab.
///
/// Merged cells: a cell spanning columns (`gridSpan`) is followed by empty cells, so a group row
/// (`一、幼有所育` across the table) stays one short line; a cell merged down rows (`vMerge`)
/// repeats its text in every row it covers, because the table reader reads a row whose cells are
/// missing as missing its first cells, and a `支出责任` merged over three items belongs to each.
/// Footnotes, headers, footers, comments, deleted revisions, field codes, a table of contents and
/// ruby readings are left out.
enum DocxReader {
    /// - Parameter maxUncompressedBytes: how much the XML parts may decompress to (zip bombs stop here).
    static func text(of data: Data, maxUncompressedBytes: Int, budget: IngestBudget) throws(IngestError) -> String {
        do {
            let archive = try ZipArchive(data: data)
            var bytes = ByteBudget(limit: maxUncompressedBytes)
            let styles = try archive.contains("word/styles.xml")
                ? parse("word/styles.xml", in: archive, with: DocxStylesHandler(), bytes: &bytes, budget: budget).styles
                : [:]
            let numbering = try archive.contains("word/numbering.xml")
                ? parse("word/numbering.xml", in: archive, with: DocxNumberingHandler(), bytes: &bytes, budget: budget).numbering
                : DocxNumbering()
            let document = try parse(
                "word/document.xml", in: archive, with: DocxDocumentHandler(styles: styles, numbering: numbering),
                bytes: &bytes, budget: budget)
            return document.lines.joined(separator: "\n")
        } catch let error as IngestError {
            throw error
        } catch let error as ZipArchiveError {
            if case .sizeLimitExceeded = error { throw .tooMuchText(bytes: maxUncompressedBytes, limit: maxUncompressedBytes) }
            throw .damaged(format: .docx, detail: error.description)
        } catch let error as XMLSyntaxError {
            throw .damaged(format: .docx, detail: "broken XML at byte \(error.offset): \(error.detail)")
        } catch {
            throw .damaged(format: .docx, detail: "\(error)")
        }
    }

    /// Streams one part through `handler`, checking the ingestion's deadline after every chunk.
    private static func parse<Handler: XMLHandler>(
        _ path: String, in archive: ZipArchive, with handler: Handler, bytes: inout ByteBudget, budget: IngestBudget
    ) throws -> Handler {
        var tokenizer = XMLTokenizer(handler: handler)
        try archive.read(path, budget: &bytes) { chunk in
            try tokenizer.feed(chunk)
            try budget.check()
        }
        try tokenizer.finish()
        return tokenizer.handler
    }
}

/// What a paragraph style contributes: its numbering and whether it is a table-of-contents entry.
struct DocxParagraphStyle {
    var basedOn: String?
    var numberingInstance: String?
    var numberingLevel: Int?
    /// `toc 1` … `toc 9` and `TOC Heading`: a table of contents repeats the headings, which the
    /// outline would read twice.
    var isTableOfContents = false
}

/// Reads the paragraph styles of `word/styles.xml`.
struct DocxStylesHandler: XMLHandler {
    var styles: [String: DocxParagraphStyle] = [:]
    private var id: String?
    private var style = DocxParagraphStyle()
    private var inParagraphProperties = false

    mutating func start(_ element: XMLElement) throws {
        let name = element.name
        if name == "style" {
            id = element.string("type") == "paragraph" ? element.string("styleId") : nil
            style = DocxParagraphStyle()
        } else if id != nil {
            if name == "name" {
                let styleName = (element.string("val") ?? "").lowercased()
                style.isTableOfContents = styleName.hasPrefix("toc ") || styleName == "toc heading"
            } else if name == "basedOn" {
                style.basedOn = element.string("val")
            } else if name == "pPr" {
                inParagraphProperties = true
            } else if inParagraphProperties, name == "numId" {
                style.numberingInstance = element.string("val")
            } else if inParagraphProperties, name == "ilvl" {
                style.numberingLevel = element.string("val").flatMap(Int.init)
            }
        }
    }

    mutating func end(_ name: XMLName) throws {
        if name == "pPr" {
            inParagraphProperties = false
        } else if name == "style", let id {
            styles[id] = style
            self.id = nil
        }
    }
}

/// Reads `word/document.xml` into lines.
struct DocxDocumentHandler: XMLHandler {
    private(set) var lines: [String] = []
    private let styles: [String: DocxParagraphStyle]
    private var numbering: DocxNumbering

    /// A paragraph being read; text boxes put paragraphs inside paragraphs.
    private struct Paragraph {
        var text: [UInt8] = []
        var style: String?
        var numberingInstance: String?
        var numberingLevel: Int?
    }

    /// A table being read; a table in a cell goes into that cell's text.
    private struct Table {
        var row: [String] = []
        var rowHasText = false
        var cell: [String] = []
        var columnSpan = 1
        var merge: Merge = .none
        /// The grid column the next cell starts at.
        var column = 0
        /// Text of the cell that starts a vertical merge, by grid column.
        var mergedText: [Int: String] = [:]
    }

    private enum Merge { case none, restart, continuation }

    private var paragraphs: [Paragraph] = []
    private var tables: [Table] = []
    private var depth = 0
    /// Set while inside an element whose content is not part of the text (deleted text, field
    /// codes, the fallback copy of a drawing, ruby readings, revision records): the depth to leave.
    private var skippingUntil: Int?
    private var inText = false
    private var runDepth = 0
    private var inParagraphProperties = false

    init(styles: [String: DocxParagraphStyle], numbering: DocxNumbering) {
        self.styles = styles
        self.numbering = numbering
    }

    var wantsText: Bool { inText && skippingUntil == nil }

    private static func skips(_ name: XMLName) -> Bool {
        name == "Fallback" || name == "del" || name == "delText" || name == "instrText" || name == "rt"
            || name == "pPrChange" || name == "rPrChange" || name == "sectPr" || name == "sdtPr"
            || name == "numberingChange" || name == "tblPrChange" || name == "trPrChange" || name == "tcPrChange"
            || name == "moveFrom" || name == "footnoteReference" || name == "endnoteReference"
    }

    mutating func start(_ element: XMLElement) throws {
        depth += 1
        guard skippingUntil == nil else { return }
        let name = element.name
        if Self.skips(name) {
            skippingUntil = depth
            return
        }
        if name == "p" {
            paragraphs.append(Paragraph())
        } else if name == "pPr" {
            inParagraphProperties = true
        } else if inParagraphProperties, !paragraphs.isEmpty {
            if name == "pStyle" { paragraphs[paragraphs.count - 1].style = element.string("val") }
            else if name == "numId" { paragraphs[paragraphs.count - 1].numberingInstance = element.string("val") }
            else if name == "ilvl" { paragraphs[paragraphs.count - 1].numberingLevel = element.string("val").flatMap(Int.init) }
        } else if name == "r" {
            runDepth += 1
        } else if name == "t" {
            inText = runDepth > 0 && !paragraphs.isEmpty
        } else if runDepth > 0, !paragraphs.isEmpty {
            if name == "tab" { paragraphs[paragraphs.count - 1].text.append(ASCII.tab) }
            else if name == "br" || name == "cr" { paragraphs[paragraphs.count - 1].text.append(ASCII.lineFeed) }
            else if name == "noBreakHyphen" { paragraphs[paragraphs.count - 1].text.append(UInt8(ascii: "-")) }
        }
        if name == "tbl" {
            tables.append(Table())
        } else if !tables.isEmpty {
            if name == "tr" {
                tables[tables.count - 1].row = []
                tables[tables.count - 1].rowHasText = false
                tables[tables.count - 1].column = 0
            } else if name == "gridBefore" {
                let count = element.string("val").flatMap(Int.init) ?? 0
                for _ in 0..<min(max(count, 0), 63) { tables[tables.count - 1].row.append("") }
                tables[tables.count - 1].column += max(count, 0)
            } else if name == "tc" {
                tables[tables.count - 1].cell = []
                tables[tables.count - 1].columnSpan = 1
                tables[tables.count - 1].merge = .none
            } else if name == "gridSpan" {
                tables[tables.count - 1].columnSpan = min(max(element.string("val").flatMap(Int.init) ?? 1, 1), 63)
            } else if name == "vMerge" {
                tables[tables.count - 1].merge = element.string("val") == "restart" ? .restart : .continuation
            }
        }
    }

    mutating func end(_ name: XMLName) throws {
        defer { depth -= 1 }
        if let until = skippingUntil {
            if depth == until { skippingUntil = nil }
            return
        }
        if name == "t" {
            inText = false
        } else if name == "r" {
            runDepth = max(0, runDepth - 1)
        } else if name == "pPr" {
            inParagraphProperties = false
        } else if name == "p" {
            finishParagraph()
        } else if name == "tc" {
            finishCell()
        } else if name == "tr" {
            finishRow()
        } else if name == "tbl" {
            _ = tables.popLast()
        }
    }

    mutating func text(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        guard !paragraphs.isEmpty else { return }
        paragraphs[paragraphs.count - 1].text.append(contentsOf: bytes)
    }

    // MARK: paragraphs and tables

    private mutating func finishParagraph() {
        guard let paragraph = paragraphs.popLast() else { return }
        let style = paragraph.style.flatMap { styles[$0] }
        if style?.isTableOfContents == true { return }
        var line = String(decoding: paragraph.text, as: UTF8.self)
        if let label = numberLabel(of: paragraph) { line = label + line }
        // A text box's paragraphs end inside the paragraph that anchors it: outside tables they
        // become lines of their own, just before it.
        if tables.isEmpty {
            lines.append(line)
        } else {
            tables[tables.count - 1].cell.append(line)
        }
    }

    /// The paragraph's automatic number: its own numbering, else its style's (following
    /// `basedOn`); `numId` 0 switches numbering off.
    private mutating func numberLabel(of paragraph: Paragraph) -> String? {
        var instance = paragraph.numberingInstance
        var level = paragraph.numberingLevel
        var styleID = paragraph.style
        var seen = Set<String>()
        while (instance == nil || level == nil), let id = styleID, let style = styles[id], seen.insert(id).inserted {
            instance = instance ?? style.numberingInstance
            level = level ?? style.numberingLevel
            styleID = style.basedOn
        }
        guard let instance, instance != "0" else { return nil }
        let resolvedLevel = level ?? paragraph.style.flatMap { numbering.level(ofStyle: $0, instance: instance) } ?? 0
        return numbering.label(instance: instance, level: resolvedLevel)
    }

    private mutating func finishCell() {
        guard !tables.isEmpty else { return }
        var table = tables.removeLast()
        // Paragraphs and nested tables of a cell become one cell; a tab or line break inside it
        // would split the row.
        let parts = table.cell.map(Self.flattened).filter { !$0.isEmpty }
        var text = parts.joined(separator: " ")
        switch table.merge {
        case .restart: table.mergedText[table.column] = text
        case .continuation: text = table.mergedText[table.column] ?? text
        case .none: table.mergedText[table.column] = nil
        }
        table.row.append(text)
        table.row.append(contentsOf: repeatElement("", count: table.columnSpan - 1))
        table.column += table.columnSpan
        table.rowHasText = table.rowHasText || !text.isEmpty
        table.cell = []
        tables.append(table)
    }

    private mutating func finishRow() {
        guard let table = tables.last, table.rowHasText else { return }
        var cells = table.row
        while cells.last?.isEmpty == true { cells.removeLast() }
        if tables.count > 1 {
            // A table inside a cell: each row joins the text of the cell around it.
            tables[tables.count - 2].cell.append(cells.filter { !$0.isEmpty }.joined(separator: " "))
        } else {
            lines.append(cells.joined(separator: "\t"))
        }
    }


    private static func flattened(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0 == "\t" || $0 == "\n" ? " " : $0 }))
            .trimmingCharacters(in: .whitespaces)
    }
}

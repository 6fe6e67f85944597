/// Writes `word/document.xml` and collects the hyperlinks it needs as relationships.
struct BodyWriter {
    /// Distinct link targets in order of first use; the n-th is relationship `rIdLink<n>`.
    private(set) var hyperlinks: [String] = []
    private var linkIDs: [String: Int] = [:]
    private var xml = ""
    private var headingCount = 0

    static func write(_ blocks: [DocxBlock]) -> (xml: String, hyperlinks: [String]) {
        var writer = BodyWriter()
        writer.xml += """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <w:document xmlns:w="\(Namespace.w)" xmlns:r="\(Namespace.r)"><w:body>
            """
        let contents = tableOfContents(blocks)
        for block in blocks { writer.append(block, contents: contents) }
        writer.xml += """
            <w:sectPr><w:footerReference w:type="default" r:id="\(PackageParts.footerRelationship)"/>\
            <w:pgSz w:w="\(Page.width)" w:h="\(Page.height)"/>\
            <w:pgMar w:top="\(Page.margin)" w:right="\(Page.margin)" w:bottom="\(Page.margin)" w:left="\(Page.margin)" \
            w:header="851" w:footer="992" w:gutter="0"/><w:cols w:space="425"/>\
            <w:docGrid w:type="lines" w:linePitch="312"/></w:sectPr></w:body></w:document>
            """
        return (writer.xml, writer.hyperlinks)
    }

    /// The level 1–2 headings with the bookmark each one gets, numbered as `append` numbers them.
    private static func tableOfContents(_ blocks: [DocxBlock]) -> [(level: Int, text: String, bookmark: Int)] {
        var entries: [(level: Int, text: String, bookmark: Int)] = []
        var count = 0
        for case .heading(let level, let text) in blocks {
            count += 1
            let level = Page.clampHeading(level)
            if level <= 2 { entries.append((level, text, count)) }
        }
        return entries
    }

    private mutating func append(_ block: DocxBlock, contents: [(level: Int, text: String, bookmark: Int)]) {
        switch block {
        case .title(let text):
            paragraph(style: "Title", runs: [DocxRun(text)])
        case .heading(let level, let text):
            headingCount += 1
            // Bookmarks named as Word names them let the pre-filled contents link to each heading.
            xml += "<w:p><w:pPr><w:pStyle w:val=\"Heading\(Page.clampHeading(level))\"/></w:pPr>"
            xml += "<w:bookmarkStart w:id=\"\(headingCount)\" w:name=\"_Toc\(headingCount)\"/>"
            runs([DocxRun(text)])
            xml += "<w:bookmarkEnd w:id=\"\(headingCount)\"/></w:p>"
        case .paragraph(let content):
            paragraph(style: "BodyText", runs: content)
        case .bulletList(let items):
            for item in items {
                xml += "<w:p><w:pPr><w:pStyle w:val=\"ListBullet\"/>"
                xml += "<w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr>"
                runs(item)
                xml += "</w:p>"
            }
        case .table(let table):
            self.table(table)
        case .pageBreak:
            xml += "<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>"
        case .tableOfContents(let title):
            tableOfContents(title: title, entries: contents)
        case .note(let text):
            paragraph(style: "Note", runs: [DocxRun(text)])
        }
    }

    private mutating func paragraph(style: String, alignment: DocxCell.Alignment? = nil, runs content: [DocxRun]) {
        xml += "<w:p><w:pPr><w:pStyle w:val=\"\(style)\"/>"
        if let alignment { xml += "<w:jc w:val=\"\(alignment.rawValue)\"/>" }
        xml += "</w:pPr>"
        runs(content)
        xml += "</w:p>"
    }

    private mutating func runs(_ content: [DocxRun]) {
        for run in content {
            guard let link = run.link else {
                xml += Self.run(run, style: nil)
                continue
            }
            xml += "<w:hyperlink r:id=\"\(PackageParts.linkRelationship(linkID(link)))\" w:history=\"1\">"
            xml += Self.run(run, style: "Hyperlink")
            xml += "</w:hyperlink>"
        }
    }

    private mutating func linkID(_ link: String) -> Int {
        if let id = linkIDs[link] { return id }
        hyperlinks.append(link)
        linkIDs[link] = hyperlinks.count
        return hyperlinks.count
    }

    /// One `w:r`; line breaks and tabs become Word's own elements because Word shows a raw newline
    /// or tab inside `w:t` as a space.
    static func run(_ run: DocxRun, style: String?) -> String {
        var properties = style.map { "<w:rStyle w:val=\"\($0)\"/>" } ?? ""
        if run.bold { properties += "<w:b/><w:bCs/>" }
        if run.italic { properties += "<w:i/><w:iCs/>" }
        var out = "<w:r>" + (properties.isEmpty ? "" : "<w:rPr>\(properties)</w:rPr>")
        let lines = run.text.replacingOccurrences(of: "\r\n", with: "\n").split(
            omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r" })
        for (lineIndex, line) in lines.enumerated() {
            if lineIndex > 0 { out += "<w:br/>" }
            for (pieceIndex, piece) in line.split(separator: "\t", omittingEmptySubsequences: false).enumerated() {
                if pieceIndex > 0 { out += "<w:tab/>" }
                let text = XMLText.escape(String(piece))
                if !text.isEmpty { out += "<w:t xml:space=\"preserve\">\(text)</w:t>" }
            }
        }
        return out + "</w:r>"
    }

    // MARK: table of contents

    private mutating func tableOfContents(title: String, entries: [(level: Int, text: String, bookmark: Int)]) {
        paragraph(style: "TOCHeading", runs: [DocxRun(title)])
        let begin = """
            <w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>\
            <w:r><w:instrText xml:space="preserve"> TOC \\o "1-2" \\h \\z \\u </w:instrText></w:r>\
            <w:r><w:fldChar w:fldCharType="separate"/></w:r>
            """
        let end = "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
        guard !entries.isEmpty else {
            xml += "<w:p><w:pPr><w:pStyle w:val=\"TOC1\"/></w:pPr>\(begin)\(end)</w:p>"
            return
        }
        // The field's result is the entries themselves; Word replaces them (adding page numbers)
        // when it updates the field.
        for (index, entry) in entries.enumerated() {
            xml += "<w:p><w:pPr><w:pStyle w:val=\"TOC\(entry.level)\"/></w:pPr>"
            if index == 0 { xml += begin }
            xml += "<w:hyperlink w:anchor=\"_Toc\(entry.bookmark)\" w:history=\"1\">"
            xml += Self.run(DocxRun(entry.text), style: nil)
            xml += "</w:hyperlink>"
            if index == entries.count - 1 { xml += end }
            xml += "</w:p>"
        }
    }

    // MARK: tables

    private mutating func table(_ table: DocxTable) {
        if let caption = table.caption { paragraph(style: "Caption", runs: [DocxRun(caption)]) }
        let allRows = table.header + table.rows
        let columnCount = max(1, allRows.map { $0.reduce(0) { $0 + $1.columnSpan } }.max() ?? 1)
        let grid = Self.gridWidths(columnCount: columnCount, relative: table.columnWidths)
        xml += """
            <w:tbl><w:tblPr><w:tblStyle w:val="\(PackageParts.tableStyle)"/><w:tblW w:w="5000" w:type="pct"/>\
            <w:tblLayout w:type="autofit"/>\
            <w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>\
            </w:tblPr><w:tblGrid>
            """
        for width in grid { xml += "<w:gridCol w:w=\"\(width)\"/>" }
        xml += "</w:tblGrid>"
        for (index, row) in allRows.enumerated() {
            let isHeader = index < table.header.count
            xml += isHeader ? "<w:tr><w:trPr><w:tblHeader/></w:trPr>" : "<w:tr>"
            var column = 0
            // Short rows are filled with empty cells: Word draws a ragged edge otherwise.
            let filler = (0..<max(0, columnCount - row.reduce(0) { $0 + $1.columnSpan })).map { _ in DocxCell("") }
            for cell in row + filler {
                let width = grid[column..<column + cell.columnSpan].reduce(0, +)
                column += cell.columnSpan
                xml += "<w:tc><w:tcPr><w:tcW w:w=\"\(width)\" w:type=\"dxa\"/>"
                if cell.columnSpan > 1 { xml += "<w:gridSpan w:val=\"\(cell.columnSpan)\"/>" }
                if isHeader { xml += "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"F2F2F2\"/>" }
                xml += "<w:vAlign w:val=\"center\"/></w:tcPr>"
                paragraph(
                    style: "TableText", alignment: cell.alignment,
                    runs: [DocxRun(cell.text, bold: cell.bold || isHeader)])
                xml += "</w:tc>"
            }
            xml += "</w:tr>"
        }
        xml += "</w:tbl>"
    }

    /// Column widths in twentieths of a point that add up to the text width.
    static func gridWidths(columnCount: Int, relative: [Double]) -> [Int] {
        let usable = relative.count == columnCount && relative.allSatisfy { $0.isFinite && $0 > 0 }
        let weights = usable ? relative : Array(repeating: 1, count: columnCount)
        let total = weights.reduce(0, +)
        var widths = weights.map { Int(Double(Page.textWidth) * $0 / total) }
        widths[widths.count - 1] += Page.textWidth - widths.reduce(0, +)
        return widths
    }
}

/// The A4 page with 2.5 cm margins, in twentieths of a point.
enum Page {
    static let width = 11906
    static let height = 16838
    static let margin = 1417
    static let textWidth = width - 2 * margin

    static func clampHeading(_ level: Int) -> Int { min(4, max(1, level)) }
}

enum Namespace {
    static let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    static let r = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let relationships = "http://schemas.openxmlformats.org/package/2006/relationships"
}

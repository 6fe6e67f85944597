import Foundation
import OfficePackage

/// A Word document (DOCX, Office Open XML) built from a list of blocks, written without Word,
/// LibreOffice or pandoc. The file opens in Word and WPS with real heading styles (navigation pane
/// and table of contents see them), bordered tables and a "第 X 页" page number in the footer.
public struct DocxDocument: Sendable, Hashable {
    /// The document's title in its properties (File → Info); the body shows it only as a `.title` block.
    public var title: String
    public var subject: String
    public var creator: String
    /// A BCP 47 tag for the document properties and the East Asian proofing language.
    public var language: String
    public var blocks: [DocxBlock]

    public init(
        title: String, subject: String = "", creator: String = "", language: String = "zh-CN",
        blocks: [DocxBlock] = []
    ) {
        self.title = title
        self.subject = subject
        self.creator = creator
        self.language = language
        self.blocks = blocks
    }

    /// The DOCX file; equal documents give equal bytes.
    /// - Throws: only if the zip archive cannot be written.
    public func data() throws -> Data {
        let body = BodyWriter.write(blocks)
        let parts: [(path: String, bytes: [UInt8])] = [
            ("[Content_Types].xml", Array(PackageParts.contentTypes.utf8)),
            ("_rels/.rels", Array(PackageParts.rootRelationships.utf8)),
            ("docProps/core.xml", Array(PackageParts.coreProperties(self).utf8)),
            ("docProps/app.xml", Array(PackageParts.appProperties.utf8)),
            ("word/document.xml", Array(body.xml.utf8)),
            ("word/_rels/document.xml.rels", Array(PackageParts.documentRelationships(hyperlinks: body.hyperlinks).utf8)),
            ("word/styles.xml", Array(PackageParts.styles(language: language).utf8)),
            ("word/settings.xml", Array(PackageParts.settings(language: language).utf8)),
            ("word/numbering.xml", Array(PackageParts.numbering.utf8)),
            ("word/footer1.xml", Array(PackageParts.footer.utf8)),
        ]
        return try ZipWriter.zip(parts)
    }
}

/// One block of the document body, in reading order.
public enum DocxBlock: Sendable, Hashable {
    /// The document title, centred in the "Title" style.
    case title(String)
    /// A heading in the styles "heading 1" … "heading 4"; levels outside 1...4 are clamped.
    case heading(level: Int, text: String)
    /// A body paragraph (first line indented two characters, as Chinese reports are set).
    case paragraph([DocxRun])
    /// One bulleted paragraph per item.
    case bulletList([[DocxRun]])
    case table(DocxTable)
    case pageBreak
    /// A table of contents over the level 1 and 2 headings: a Word TOC field that Word and WPS
    /// update when the file opens, already listing the headings so it is not empty before that.
    case tableOfContents(title: String)
    /// A small grey paragraph, for a data source or a footnote-like remark.
    case note(String)

    /// A body paragraph of plain text.
    public static func text(_ text: String) -> DocxBlock { .paragraph([DocxRun(text)]) }
}

/// A stretch of text with one formatting; newlines become line breaks and tabs tab characters.
public struct DocxRun: Sendable, Hashable {
    public var text: String
    public var bold: Bool
    public var italic: Bool
    /// An absolute URL (or one relative to the file) the run links to.
    public var link: String?

    public init(_ text: String, bold: Bool = false, italic: Bool = false, link: String? = nil) {
        self.text = text
        self.bold = bold
        self.italic = italic
        self.link = link
    }
}

/// A bordered table as wide as the page, with header rows that repeat on every page it spans.
public struct DocxTable: Sendable, Hashable {
    /// A paragraph in the "Caption" style above the table (e.g. "表 1 基本公共服务指标").
    public var caption: String?
    /// Rows set in bold on a grey ground and repeated at the top of each page.
    public var header: [[DocxCell]]
    public var rows: [[DocxCell]]
    /// Relative column widths (any positive numbers, scaled to the page width); empty, or a count
    /// that does not match the columns, gives equal columns.
    public var columnWidths: [Double]

    public init(caption: String? = nil, header: [[DocxCell]] = [], rows: [[DocxCell]], columnWidths: [Double] = []) {
        self.caption = caption
        self.header = header
        self.rows = rows
        self.columnWidths = columnWidths
    }
}

/// One table cell.
public struct DocxCell: Sendable, Hashable, ExpressibleByStringLiteral {
    /// How a cell's text sits between its borders.
    public enum Alignment: String, Sendable, Hashable {
        case left, center, right
    }

    public var text: String
    public var alignment: Alignment
    public var bold: Bool
    /// How many grid columns the cell covers (at least 1).
    public var columnSpan: Int

    /// Without an alignment, text that reads as a number (`1,234.5`, `-3%`, `+0.2`) is right-aligned
    /// so digits line up, anything else left-aligned.
    public init(_ text: String, alignment: Alignment? = nil, bold: Bool = false, columnSpan: Int = 1) {
        self.text = text
        self.alignment = alignment ?? (Self.readsAsNumber(text) ? .right : .left)
        self.bold = bold
        self.columnSpan = max(1, columnSpan)
    }

    public init(stringLiteral value: String) { self.init(value) }

    static func readsAsNumber(_ text: String) -> Bool {
        var digits = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: "")
        if digits.hasSuffix("%") || digits.hasSuffix("‰") { digits.removeLast() }
        if digits.hasPrefix("+") || digits.hasPrefix("-") || digits.hasPrefix("−") { digits.removeFirst() }
        return !digits.isEmpty && digits.allSatisfy { $0.isASCII && ($0.isNumber || $0 == ".") }
            && digits.filter { $0 == "." }.count <= 1 && digits != "."
    }
}

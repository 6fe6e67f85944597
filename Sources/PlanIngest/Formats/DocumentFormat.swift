import Foundation
import OfficePackage

/// The kind of file a plan arrives as, told from its bytes (never from its name: a saved web page
/// called `.doc` or a DOCX renamed `.txt` is read as what it is).
public enum DocumentFormat: String, Codable, Sendable, CaseIterable {
    /// Plain text: UTF-8, UTF-16 or GB18030/GBK.
    case text
    /// A Word document (Office Open XML), as Word and WPS save by default.
    case docx
    /// A PDF; its text is read by `pdftotext` outside this library.
    case pdf
    /// A web page, as a browser saves it (`.html`, `.htm`; often GBK).
    case html
    /// A legacy Word or WPS document (`.doc`, `.wps`: an OLE2 compound file); converted to DOCX by
    /// LibreOffice outside this library.
    case doc

    /// The format's name in a message to the person who uploaded the file.
    public var chineseName: String {
        switch self {
        case .text: "文本"
        case .docx: "Word（.docx）"
        case .pdf: "PDF "
        case .html: "网页"
        case .doc: "Word 或 WPS（.doc、.wps）"
        }
    }

    /// The format of `data`.
    /// - Throws: `IngestError.unsupportedFormat` for other Office files (workbooks, slides, an
    ///   OpenDocument text, any other ZIP archive) and encrypted documents; `IngestError.damaged`
    ///   for a ZIP archive too broken to say what it holds.
    public static func detect(_ data: Data) throws(IngestError) -> DocumentFormat {
        if data.starts(with: Array("%PDF-".utf8)) { return .pdf }
        if data.starts(with: ZipArchive.compoundFileSignature) { return try compoundFileFormat(data) }
        if data.starts(with: [0x50, 0x4B, 0x03, 0x04]) || data.starts(with: [0x50, 0x4B, 0x05, 0x06]) {
            return try zipFormat(data)
        }
        if HTMLSniffer.looksLikeHTML(data) { return .html }
        return .text
    }

    /// A ZIP archive is a DOCX when it has a Word main part; other packages are named so that the
    /// message can say what the file is.
    private static func zipFormat(_ data: Data) throws(IngestError) -> DocumentFormat {
        let archive: ZipArchive
        do { archive = try ZipArchive(data: data) } catch { throw .damaged(format: .docx, detail: error.description) }
        if archive.contains("word/document.xml") { return .docx }
        if archive.contains("xl/workbook.xml") { throw .unsupportedFormat(.spreadsheet) }
        if archive.contains("ppt/presentation.xml") { throw .unsupportedFormat(.presentation) }
        if archive.contains("content.xml") && archive.contains("mimetype") { throw .unsupportedFormat(.openDocument) }
        throw .unsupportedFormat(.otherArchive)
    }

    /// An OLE2 compound file names its streams in UTF-16 in its directory; the stream names tell a
    /// Word or WPS document from a workbook, slides or an encrypted OOXML document. Without any of
    /// them the file is handed to LibreOffice as a document, which knows more of these formats.
    private static func compoundFileFormat(_ data: Data) throws(IngestError) -> DocumentFormat {
        func hasStream(_ name: String) -> Bool {
            let pattern = name.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
            return data.range(of: Data(pattern)) != nil
        }
        if hasStream("EncryptedPackage") { throw .unsupportedFormat(.encrypted) }
        if hasStream("WordDocument") { return .doc }
        if hasStream("Workbook") || hasStream("Book") { throw .unsupportedFormat(.spreadsheet) }
        if hasStream("PowerPoint Document") { throw .unsupportedFormat(.presentation) }
        return .doc
    }
}

/// What the first bytes of a web page look like.
enum HTMLSniffer {
    /// Tags a saved page or a fragment of one starts with, after a byte-order mark, white space,
    /// an XML declaration or comments.
    private static let openings = [
        "<!doctype html", "<html", "<head", "<body", "<meta", "<title", "<link", "<style", "<script", "<p",
        "<div", "<table", "<h1", "<h2", "<h3", "<span", "<font", "<center", "<br", "<article", "<section",
    ]

    /// Whether `data` is markup in an ASCII-compatible encoding (UTF-8, GBK…) or in UTF-16.
    static func looksLikeHTML(_ data: Data) -> Bool {
        var head = [UInt8](data.prefix(4096))
        if head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) {
            // UTF-16 with its mark: keep the low (or high) bytes, which are the ASCII of the markup.
            let littleEndian = head[0] == 0xFF
            head = stride(from: 2, to: head.count - 1, by: 2).map { littleEndian ? head[$0] : head[$0 + 1] }
        } else if head.starts(with: [0xEF, 0xBB, 0xBF]) {
            head.removeFirst(3)
        }
        let text = String(decoding: head.map { $0 < 0x80 ? $0 : 0x20 }, as: UTF8.self).lowercased()
        var rest = Substring(text)
        while true {
            rest = rest.drop { $0.isWhitespace }
            if rest.hasPrefix("<?xml") || rest.hasPrefix("<!--") {
                // An XML declaration or a comment (`<!-- saved from url=… -->`): skip it.
                let close = rest.hasPrefix("<!--") ? "-->" : "?>"
                guard let end = rest.range(of: close) else { return false }
                rest = rest[end.upperBound...]
                continue
            }
            break
        }
        return openings.contains { opening in
            guard rest.hasPrefix(opening) else { return false }
            // `<p>`, `<p class=…>` but not `<pre>`… unless listed: the character after the name ends it.
            let after = rest.dropFirst(opening.count).first
            return opening == "<!doctype html" || after == nil || after == ">" || after == "/" || after!.isWhitespace
        }
    }
}

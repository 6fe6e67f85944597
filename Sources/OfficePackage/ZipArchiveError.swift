/// Why a ZIP package (an XLSX workbook, a DOCX document) could not be read. The readers that use
/// `ZipArchive` say it again in their own words: "这是旧版 .xls 文件" for a workbook, "这是 .doc
/// 文件" for a plan.
public enum ZipArchiveError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What the bytes look like when they are not a ZIP archive at all.
    public enum NotAnArchive: Sendable, Hashable {
        /// An OLE2 compound file: a legacy .doc, .xls or .wps, or an encrypted OOXML document.
        case compoundFile
        /// It starts like a ZIP archive but its directory is missing: a truncated download.
        case truncatedArchive
        /// HTML or XML, as some systems save under an Office extension.
        case markup
        case unknown
    }

    case notAnArchive(NotAnArchive)
    case damaged(detail: String)
    /// A ZIP feature Office does not write (encryption, other compression methods).
    case unsupported(detail: String)
    /// Decompressing went past the caller's `ByteBudget` (the declared sizes may lie: a zip bomb).
    case sizeLimitExceeded(bytes: Int)
    case missingPart(String)

    public var description: String {
        switch self {
        case .notAnArchive(.compoundFile): "an OLE2 compound file (a legacy Office file or an encrypted one), not a ZIP archive"
        case .notAnArchive(.truncatedArchive): "end of central directory not found (truncated file?)"
        case .notAnArchive(.markup): "HTML or XML, not a ZIP archive"
        case .notAnArchive(.unknown): "not a ZIP archive"
        case .damaged(let detail): "damaged ZIP archive (\(detail))"
        case .unsupported(let detail): "unsupported ZIP feature (\(detail))"
        case .sizeLimitExceeded(let bytes): "uncompressed content exceeds the \(bytes >> 20) MB limit"
        case .missingPart(let part): "the archive lacks the part \(part)"
        }
    }
}

/// Counts decompressed bytes against a limit for one operation, so that a zip bomb stops at the
/// limit whatever sizes its directory declares.
public struct ByteBudget: Sendable {
    public let limit: Int
    public private(set) var remaining: Int

    public init(limit: Int) {
        self.limit = limit
        remaining = limit
    }

    public mutating func spend(_ count: Int) throws(ZipArchiveError) {
        remaining -= count
        guard remaining >= 0 else { throw .sizeLimitExceeded(bytes: limit) }
    }
}

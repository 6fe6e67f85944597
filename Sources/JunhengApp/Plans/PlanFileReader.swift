import ExternalPrograms
import Foundation
import PlanIngest

/// Reads a plan file as planners hold it: plain text, DOCX and web pages in the pure reader; a PDF
/// through `pdftotext -layout` and a .doc or .wps through LibreOffice first (see
/// `DocumentConverter`), the format told from the bytes, never from the file's name.
public enum PlanFileReader {
    /// - Throws: `IngestError` for a file that is not a readable plan or passes a limit (`.cancelled`
    ///   when `isCancelled` turns true while the reader runs); `DocumentConversionError` when
    ///   pdftotext or LibreOffice is missing or fails; `CancellationError` when cancelled during a
    ///   conversion.
    public static func ingest(
        _ data: Data, regions: (any RegionResolver)? = nil, limits: IngestLimits = IngestLimits(),
        converter: DocumentConverter = DocumentConverter(), isCancelled: @escaping @Sendable () -> Bool = { false }
    ) throws -> Ingestion {
        // The file's own size first: a conversion of an oversized file is work for nothing.
        guard data.count <= limits.maxFileBytes else { throw IngestError.tooLarge(bytes: data.count, limit: limits.maxFileBytes) }
        switch try DocumentFormat.detect(data) {
        case .pdf:
            let layout = try converter.pdfLayoutText(data, isCancelled: { isCancelled() || Task.isCancelled })
            return try PlanIngester.ingest(layout, from: .pdfLayoutText, regions: regions, limits: limits, isCancelled: isCancelled)
        case .doc:
            let docx = try converter.docx(fromDoc: data, isCancelled: { isCancelled() || Task.isCancelled })
            return try PlanIngester.ingest(docx, from: .docxFromDoc, regions: regions, limits: limits, isCancelled: isCancelled)
        case .text, .docx, .html:
            return try PlanIngester.ingest(data, regions: regions, limits: limits, isCancelled: isCancelled)
        }
    }

    /// Whether reading the file runs an outside program (a PDF, a .doc or .wps file): seconds,
    /// not milliseconds, so uploads of such files are read in a background job.
    public static func needsConversion(_ data: Data) -> Bool {
        switch try? DocumentFormat.detect(data) {
        case .pdf, .doc: true
        case .text, .docx, .html, nil: false
        }
    }

    /// What to tell the person who uploaded the file, for an error `ingest` threw; nil for others.
    public static func chineseDescription(of error: any Error) -> String? {
        switch error {
        case let error as IngestError: error.chineseDescription
        case let error as DocumentConversionError: error.chineseDescription
        default: nil
        }
    }
}

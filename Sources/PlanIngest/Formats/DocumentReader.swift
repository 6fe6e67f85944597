import Foundation

/// The text read from a plan file, which becomes the ingestion's original text: every span's
/// `originalStart`/`originalEnd` index it, and a table cell's span points at that cell in it.
struct ReadDocument {
    var text: String
    var format: DocumentFormat
    var encoding: DetectedEncoding
    /// False when the format marks paragraphs (a DOCX): its lines are never joined as broken lines.
    var linesMayBeBroken: Bool
}

/// Reads the text out of a text file, a DOCX, a web page, or what an outside program made of a
/// PDF or a .doc file, within the limits.
enum DocumentReader {
    static func read(
        _ data: Data, conversion: PlanIngester.Conversion?, limits: IngestLimits, budget: IngestBudget
    ) throws(IngestError) -> ReadDocument {
        let document: ReadDocument
        switch conversion {
        case .pdfLayoutText?:
            guard !data.isEmpty else { throw .scannedPDF(pages: 0) }
            let layout = String(decoding: data, as: UTF8.self)
            document = ReadDocument(text: try PDFLayoutText.text(of: layout), format: .pdf, encoding: .utf8, linesMayBeBroken: true)
        case .docxFromDoc?:
            document = try docx(data, limits: limits, budget: budget, as: .doc)
        case nil:
            let format = try DocumentFormat.detect(data)
            switch format {
            case .text:
                // The file is the text: its size is the text's.
                guard data.count <= limits.maxDocumentBytes else { throw .tooLarge(bytes: data.count, limit: limits.maxDocumentBytes) }
                let (text, encoding) = try TextDecoder.decode(data)
                return ReadDocument(text: text, format: .text, encoding: encoding, linesMayBeBroken: true)
            case .docx:
                guard data.count <= limits.maxFileBytes else { throw .tooLarge(bytes: data.count, limit: limits.maxFileBytes) }
                document = try docx(data, limits: limits, budget: budget, as: .docx)
            case .html:
                guard data.count <= limits.maxFileBytes else { throw .tooLarge(bytes: data.count, limit: limits.maxFileBytes) }
                let (text, encoding) = try HTMLReader.text(of: data)
                document = ReadDocument(text: text, format: .html, encoding: encoding, linesMayBeBroken: true)
            case .pdf, .doc:
                throw .needsConversion(format)
            }
        }
        let textBytes = document.text.utf8.count
        guard textBytes <= limits.maxDocumentBytes else { throw .tooMuchText(bytes: textBytes, limit: limits.maxDocumentBytes) }
        guard document.text.unicodeScalars.contains(where: { !$0.properties.isWhitespace }) else { throw .empty }
        return document
    }

    private static func docx(
        _ data: Data, limits: IngestLimits, budget: IngestBudget, as format: DocumentFormat
    ) throws(IngestError) -> ReadDocument {
        // Word's XML is about ten times the text it holds; twenty leaves room for heavy formatting.
        let xmlLimit = limits.maxDocumentBytes.multipliedReportingOverflow(by: 20)
        let text = try DocxReader.text(of: data, maxUncompressedBytes: xmlLimit.overflow ? .max : xmlLimit.partialValue, budget: budget)
        return ReadDocument(text: text, format: format, encoding: .utf8, linesMayBeBroken: false)
    }
}

import Foundation
import OfficePackage
import Testing

@testable import PlanIngest

/// Issue 15, point 1: plans arrive as DOCX, PDF, saved web pages and .doc/.wps files. The format
/// is told from the bytes; files that are not plans are refused with a message that says what
/// they are.
@Suite struct DocumentFormatTests {
    @Test(arguments: [
        ("qinghe-plan.txt", DocumentFormat.text), ("qinghe-plan.docx", .docx), ("qinghe-plan.html", .html),
        ("qinghe-plan.pdf", .pdf), ("scanned.pdf", .pdf), ("qinghe-plan.doc", .doc),
    ])
    func theFormatIsToldFromTheBytes(name: String, format: DocumentFormat) throws {
        #expect(try DocumentFormat.detect(Fixtures.format(name)) == format)
    }

    @Test func webPagesAreRecognisedAfterAMarkCommentsOrAnXMLDeclaration() throws {
        let pages = [
            "\u{FEFF}  <!DOCTYPE html><html><body><p>规划</p></body></html>",
            "<!-- saved from url=(0042)http://www.example.gov.cn/ -->\n<HTML><BODY>规划</BODY></HTML>",
            #"<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml"><p>规划</p></html>"#,
            "<p class=MsoNormal>规划</p>",
        ]
        for page in pages { #expect(try DocumentFormat.detect(Data(page.utf8)) == .html, "\(page)") }
        // 规划 in GBK.
        let gbk = Data("<html><head><meta charset=\"gbk\"></head><body>".utf8) + Data([0xB9, 0xE6, 0xBB, 0xAE])
        #expect(try DocumentFormat.detect(gbk) == .html)
        #expect(try DocumentFormat.detect(Data("规划<目标>：到2025年".utf8)) == .text)
        #expect(try DocumentFormat.detect(Data("<preamble> is not a tag we know".utf8)) == .text)
    }

    @Test func aDocxNamedTxtIsReadAsADocx() throws {
        // The pure reader never sees a name: what decides is the ZIP with word/document.xml.
        let ingestion = try PlanIngester.ingest(Fixtures.format("qinghe-plan.docx"))
        #expect(ingestion.result.document.format == .docx)
        #expect(ingestion.originalText.hasPrefix("青禾县人民政府办公室文件\n青政办发〔2022〕8号"))
    }

    @Test func workbooksSlidesOpenDocumentsAndOtherArchivesAreRefusedSayingWhatTheyAre() throws {
        let cases: [([String], IngestError.UnsupportedFormat, String)] = [
            (["xl/workbook.xml"], .spreadsheet, "这是电子表格，不是规划文件"),
            (["ppt/presentation.xml"], .presentation, "这是演示文稿"),
            (["mimetype", "content.xml"], .openDocument, "请在 WPS 或 Word 中另存为 .docx 后上传"),
            (["photos/1.jpg"], .otherArchive, "这是压缩包"),
        ]
        for (paths, kind, message) in cases {
            let data = try ZipWriter.zip(paths.map { ($0, Array("<x/>".utf8)) })
            let error = #expect(throws: IngestError.self) { try PlanIngester.ingest(data) }
            #expect(error == .unsupportedFormat(kind))
            #expect(error?.chineseDescription.contains(message) == true, "\(String(describing: error?.chineseDescription))")
        }
    }

    @Test func compoundFilesAreDocumentsUnlessTheyAreEncryptedOrWorkbooks() throws {
        func compoundFile(streams: [String]) -> Data {
            var data = Data(ZipArchive.compoundFileSignature + Array(repeating: 0, count: 504))
            for name in streams { data.append(contentsOf: name.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] } + [0, 0]) }
            return data
        }
        #expect(try DocumentFormat.detect(compoundFile(streams: ["Root Entry", "WordDocument", "1Table"])) == .doc)
        #expect(throws: IngestError.unsupportedFormat(.encrypted)) {
            try DocumentFormat.detect(compoundFile(streams: ["Root Entry", "EncryptionInfo", "EncryptedPackage"]))
        }
        #expect(throws: IngestError.unsupportedFormat(.spreadsheet)) {
            try DocumentFormat.detect(compoundFile(streams: ["Root Entry", "Workbook"]))
        }
        #expect(IngestError.unsupportedFormat(.encrypted).chineseDescription == "文件设有密码，无法读取；请取消密码后重新上传")
    }

    @Test func aBrokenDocxIsRefusedAsDamaged() throws {
        let docx = try Fixtures.format("qinghe-plan.docx")
        let truncated = docx.prefix(docx.count / 2)
        let error = #expect(throws: IngestError.self) { try PlanIngester.ingest(truncated) }
        guard case .damaged(.docx, let detail)? = error else {
            Issue.record("expected a damaged DOCX, got \(String(describing: error))")
            return
        }
        #expect(detail.contains("truncated"))
        #expect(error?.chineseDescription == "Word 文件已损坏，无法打开；请在 WPS 或 Word 中打开后重新另存为 .docx 再上传")

        // A main part that is not well-formed XML.
        let broken = try ZipWriter.zip([("word/document.xml", Array("<w:document><w:body><w:p>规划".utf8))])
        let xmlError = #expect(throws: IngestError.self) { try PlanIngester.ingest(broken) }
        guard case .damaged(.docx, let xmlDetail)? = xmlError else { Issue.record("\(String(describing: xmlError))"); return }
        #expect(xmlDetail.hasSuffix("the document ends inside an element"))
    }

    @Test func aPDFOrADocHandedToThePureReaderAsksForItsConversion() throws {
        #expect(throws: IngestError.needsConversion(.pdf)) { try PlanIngester.ingest(Fixtures.format("qinghe-plan.pdf")) }
        #expect(throws: IngestError.needsConversion(.doc)) { try PlanIngester.ingest(Fixtures.format("qinghe-plan.doc")) }
    }

    @Test func theFileSizeAndTheTextSizeHaveTheirOwnLimits() throws {
        let docx = try Fixtures.format("qinghe-plan.docx")
        #expect(throws: IngestError.tooLarge(bytes: docx.count, limit: 1_000)) {
            try PlanIngester.ingest(docx, limits: IngestLimits(maxFileBytes: 1_000))
        }
        // The DOCX is 10 KB; its text, 6 KB of UTF-8, passes a 5 KB limit on text only if it is smaller.
        let error = #expect(throws: IngestError.self) { try PlanIngester.ingest(docx, limits: IngestLimits(maxDocumentBytes: 5_000)) }
        guard case .tooMuchText(let bytes, 5_000)? = error else {
            Issue.record("expected too much text, got \(String(describing: error))")
            return
        }
        #expect(bytes > 5_000)
        #expect(error?.chineseDescription.hasPrefix("文件中的文字有") == true)
    }

}

import ExternalPrograms
import Foundation
import JunhengApp
import JunhengCore
import PlanIngest
import Testing

/// Issue 15, point 1, at the application's edge: a PDF goes through pdftotext and a .doc or .wps
/// through LibreOffice before the plan reader, the format is told from the bytes whatever the
/// file is called, and what cannot be read is refused with a message saying what to upload instead.
@Suite struct PlanFormatsTests {
    /// The plan of scripts/make-format-fixtures.sh, kept with the plan reader's tests.
    static func fixture(_ name: String) throws -> Data {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("PlanIngestTests/Fixtures/formats")
        return try Data(contentsOf: directory.appendingPathComponent(name))
    }

    static let hasPdftotext = ChildProcess.locate(nil, environmentVariable: "JUNHENG_PDFTOTEXT", names: ["pdftotext"]) != nil
    static let hasLibreOffice = ChildProcess.locate(nil, environmentVariable: "JUNHENG_SOFFICE", names: ["soffice", "libreoffice"]) != nil
    static let qinghe = RegionCode(rawValue: "360000")!

    /// The targets (indicator, value, unit, comparator), items (domain, name) and tasks (title, lead) a reviewer checks.
    static func reviewed(_ result: IngestResult) -> [String] {
        result.targets.map { "target \($0.indicator) \($0.comparator) \($0.value) \($0.unit)" }
            + result.domains.flatMap { domain in domain.items.map { "item \(domain.name)/\($0.name)" } }
            + result.tasks.map { "task \($0.title) ← \($0.lead ?? "-")" }
    }

    @Test(.enabled(if: hasPdftotext)) func aPDFIsReadThroughPdftotextLikeItsPlainText() throws {
        let text = try PlanFileReader.ingest(Self.fixture("qinghe-plan.txt"))
        let pdf = try PlanFileReader.ingest(Self.fixture("qinghe-plan.pdf"))
        #expect(pdf.result.document.format == .pdf)
        #expect(Self.reviewed(pdf.result) == Self.reviewed(text.result))
        #expect(Self.reviewed(text.result).count == 38)
    }

    @Test(.enabled(if: hasLibreOffice)) func aDocIsConvertedByLibreOfficeAndReadLikeItsPlainText() throws {
        let text = try PlanFileReader.ingest(Self.fixture("qinghe-plan.txt"))
        let doc = try PlanFileReader.ingest(Self.fixture("qinghe-plan.doc"))
        #expect(doc.result.document.format == .doc)
        #expect(Self.reviewed(doc.result) == Self.reviewed(text.result))
    }

    @Test func aDocxNamedTxtIsStillReadAsADocx() throws {
        let draft = try PlanDraftBuilder.draft(document: Self.fixture("qinghe-plan.docx"), filename: "规划.txt", region: Self.qinghe)
        #expect(draft.extractionJSON.contains(#""format" : "docx""#))
        #expect(draft.document.originalText.contains("1\t优孕优生服务\t农村计划怀孕夫妇\t"))
        #expect(draft.extractions.contains { $0.kind == .item && $0.fields["name"] == "优孕优生服务" })
    }

    @Test(.enabled(if: hasPdftotext)) func aScannedPDFIsRefusedAskingForTheWordFile() throws {
        let error = #expect(throws: JunhengError.self) {
            try PlanDraftBuilder.draft(document: Self.fixture("scanned.pdf"), filename: "扫描件.pdf", region: Self.qinghe)
        }
        guard case .invalid(let issues) = error else { Issue.record("\(String(describing: error))"); return }
        #expect(issues.first?.field == "file")
        #expect(issues.first?.reason == "无法读取文件“扫描件.pdf”：这是扫描版 PDF，没有文字层（共 1 页图片），无法读取文字；请提供 Word 版或可复制文字的 PDF")
    }

    @Test func withoutLibreOfficeADocIsRefusedAskingForADocx() throws {
        let converter = DocumentConverter(libreOffice: "/nonexistent/soffice")
        let error = #expect(throws: JunhengError.self) {
            try PlanDraftBuilder.draft(document: Self.fixture("qinghe-plan.doc"), filename: "规划.wps", region: Self.qinghe, converter: converter)
        }
        guard case .invalid(let issues) = error else { Issue.record("\(String(describing: error))"); return }
        #expect(issues.first?.reason == "无法读取文件“规划.wps”：无法转换这个 .doc/.wps 文件；请在 WPS 或 Word 中另存为 .docx 后上传")
    }

    @Test func aConverterThatHangsIsKilledAtItsTimeout() throws {
        try ChildProcess.withScratchDirectory(prefix: "junheng-test") { directory in
            let program = try Self.script("sleep 600", in: directory)
            let converter = DocumentConverter(pdftotext: program.path, timeout: .seconds(1))
            let clock = ContinuousClock()
            let started = clock.now
            #expect(throws: DocumentConversionError.timedOut(.pdftotext, .seconds(1))) {
                try converter.pdfLayoutText(Self.fixture("qinghe-plan.pdf"))
            }
            #expect(clock.now - started < .seconds(10))
        }
    }

    @Test func aPasswordProtectedPDFIsRefusedSayingSo() throws {
        try ChildProcess.withScratchDirectory(prefix: "junheng-test") { directory in
            // What pdftotext prints for a PDF with an open password.
            let program = try Self.script("echo 'Command Line Error: Incorrect password'; exit 1", in: directory)
            let error = #expect(throws: DocumentConversionError.self) {
                try DocumentConverter(pdftotext: program.path).pdfLayoutText(Data("%PDF-1.7".utf8))
            }
            #expect(error == .encryptedPDF)
            #expect(error?.chineseDescription == "PDF 文件设有打开密码，无法读取；请取消密码或提供 Word 版")
        }
    }

    static func script(_ body: String, in directory: URL) throws -> URL {
        let url = directory.appendingPathComponent("fake-tool")
        try Data("#!/bin/sh\n\(body)\n".utf8).write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        return url
    }
}

import Foundation
import Testing

@testable import PlanIngest

/// One plan (scripts/make-format-fixtures.sh) as LibreOffice writes it to text, DOCX, a saved web
/// page and PDF: every format must give the reviewer the same targets, items and tasks as the plain
/// text. The .doc and the PDF through pdftotext itself are read in JunhengAppTests.
@Suite struct FormatEquivalenceTests {
    static let formats: [(file: String, conversion: PlanIngester.Conversion?, format: DocumentFormat)] = [
        ("qinghe-plan.docx", nil, .docx), ("qinghe-plan.html", nil, .html),
        ("qinghe-plan.pdf-layout.txt", .pdfLayoutText, .pdf),
    ]

    static func read(_ file: String, _ conversion: PlanIngester.Conversion? = nil) throws -> Ingestion {
        try PlanIngester.ingest(Fixtures.format(file), from: conversion)
    }

    @Test func thePlainTextReadsRight() throws {
        let facts = ReviewedFacts(try Self.read("qinghe-plan.txt").result)
        // The indicator table (its 6 rows), the goals in prose, the achievements of 发展基础, and the tasks' numbers.
        #expect(facts.targets.count == 25)
        #expect(facts.targets.contains("孕产妇系统管理率 >= 90.0 %"))
        #expect(facts.targets.contains("每千人口执业(助理)医师数 = 3.0 人"))
        #expect(facts.targets.contains("孕产妇死亡率 <= 10.0 /10万"))
        #expect(facts.items == [
            "幼有所育/优孕优生服务", "幼有所育/儿童健康管理", "学有所教/学前教育幼儿资助", "学有所教/义务教育免费教科书",
            "病有所医/居民健康档案", "老有所养/城乡居民基本养老保险",
        ])
        #expect(Array(facts.tasks.prefix(6)) == [
            "发展普惠托育服务 ← 县卫生健康局", "加强妇幼健康服务 ← 县卫生健康局", "扩大普惠性学前教育资源 ← 县教育局",
            "推进义务教育优质均衡发展 ← 县教育局", "提升基层医疗卫生服务能力 ← 县卫生健康局", "完善养老服务体系 ← 县民政局",
        ])
    }

    @Test(arguments: formats.map(\.file))
    func everyFormatGivesTheSameTargetsItemsAndTasksAsThePlainText(file: String) throws {
        let entry = try #require(Self.formats.first { $0.file == file })
        let text = ReviewedFacts(try Self.read("qinghe-plan.txt").result)
        let ingestion = try Self.read(entry.file, entry.conversion)
        let facts = ReviewedFacts(ingestion.result)
        #expect(facts.targets == text.targets)
        #expect(facts.items == text.items)
        #expect(facts.tasks == text.tasks)
        #expect(ingestion.result.document.format == entry.format)
        #expect(ingestion.result.outline.map(\.title) == (try Self.read("qinghe-plan.txt")).result.outline.map(\.title))
    }

    @Test(arguments: ["qinghe-plan.txt"] + formats.map(\.file))
    func everySpanIndexesTheTextReadFromTheFile(file: String) throws {
        let entry = Self.formats.first { $0.file == file }
        let ingestion = try Self.read(file, entry?.conversion)
        let original = Array(ingestion.originalText.unicodeScalars), repaired = Array(ingestion.repairedText.unicodeScalars)
        for span in ingestion.allSpans {
            #expect(span.originalStart <= span.originalEnd && span.originalEnd <= original.count, "\(span)")
            #expect(span.start <= span.end && span.end <= repaired.count, "\(span)")
        }
        for item in ingestion.result.domains.flatMap(\.items) { #expect(ingestion.original(item.quote.span) == item.quote.original) }
        for task in ingestion.result.tasks { #expect(ingestion.original(task.quote.span) == task.quote.original) }
    }

    @Test(arguments: formats.map(\.file))
    func aTableCellsSpanPointsAtThatCellInTheTextReadFromTheFile(file: String) throws {
        let entry = try #require(Self.formats.first { $0.file == file })
        let ingestion = try Self.read(entry.file, entry.conversion)
        let item = try #require(ingestion.result.domains.flatMap(\.items).first { $0.name == "优孕优生服务" })
        // The item's name is its cell of the catalogue's row, and that row is one line of the original.
        #expect(ingestion.original(item.quote.span) == "优孕优生服务")
        let original = ingestion.originalText
        let row = original.components(separatedBy: "\n").first { $0.contains("优孕优生服务") } ?? ""
        #expect(row.split(separator: "\t").map { $0.trimmingCharacters(in: .whitespaces) }.prefix(2) == ["1", "优孕优生服务"])
        let lead = try #require(item.itemDetails?.leadDepartment)
        #expect(ingestion.original(lead.span) == "县卫生健康局")
        let target = try #require(ingestion.result.targets.first { $0.indicator == "孕产妇系统管理率" })
        #expect(ingestion.original(target.span).hasSuffix("90"))
    }

    @Test func aRealPlanSetAsAPDFReadsLikeItsText() throws {
        // The Anju seed, set as a PDF by LibreOffice: its long paragraphs wrap at the margin, often
        // right before a `（责任单位：…）` that the text's repair alone would take for a new line.
        let text = ReviewedFacts(try PlanIngester.ingest(Fixtures.seed("anju-district-13th")).result)
        let pdf = ReviewedFacts(try Self.read("anju-district-13th.pdf-layout.txt", .pdfLayoutText).result)
        #expect(pdf.tasks == text.tasks)
        #expect(pdf.targets == text.targets)
        #expect(pdf.items == text.items)
        #expect(text.tasks.count == 34)
    }

    @Test func theDocumentFactsSayTheFormatAndTheJSONCarriesIt() throws {
        let ingestion = try Self.read("qinghe-plan.docx")
        let json = String(decoding: try ingestion.result.jsonData(), as: UTF8.self)
        #expect(json.contains(#""format" : "docx""#))
        #expect(try Self.read("qinghe-plan.txt").result.document.format == .text)
        // The saved page names its charset (GBK, declared gb2312) and shows its date in the chrome.
        let page = try Self.read("qinghe-plan.html").result.document
        #expect(page.encoding == "gb18030")
        #expect(page.publishedDate == "2022-03-18")
    }
}

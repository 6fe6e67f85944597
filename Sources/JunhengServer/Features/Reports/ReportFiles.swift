import Foundation
import JunhengApp
import JunhengCore
import Mustache
import Printing
import Spreadsheet
import Storage
import TextFormats
import WordDocument

/// Writes a report's four files from one ``ReportDocument``: a standalone HTML page (styles inline,
/// page numbers in the print margins), the PDF Chromium prints from that page, a DOCX with real
/// headings and tables, and the annex tables as XLSX. Reports are written in Chinese, as published.
struct ReportFiles: ReportRendering {
    let services: JunhengServices
    var language: Language = .chinese

    func files(for report: ReportRecord, figures: ReportFigures) async throws -> [ReportFormat: Data] {
        let document = ReportDocument(ReportWithFigures(report: report, figures: figures), language: language,
                                      shapes: try await Self.shapes(figures, services: services))
        let html = try self.html(document)
        return [.html: Data(html.utf8), .pdf: try await pdf(html), .docx: try docx(document), .xlsx: try xlsx(document)]
    }

    /// One format only (a draft's preview, the command line).
    func file(_ format: ReportFormat, for view: ReportWithFigures) async throws -> Data {
        let document = ReportDocument(view, language: language, shapes: try await Self.shapes(view.figures, services: services))
        switch format {
        case .html: return Data(try html(document).utf8)
        case .pdf: return try await pdf(try html(document))
        case .docx: return try docx(document)
        case .xlsx: return try xlsx(document)
        }
    }

    /// The boundaries of the children of the report's region, for the composite index's map; nil
    /// when none of them has one.
    static func shapes(_ figures: ReportFigures, services: JunhengServices) async throws -> MapShapes? {
        guard figures.composite != nil, let region = RegionCode(rawValue: figures.region.code) else { return nil }
        let shapes = try await services.app.maps.childShapes(of: region)
        return shapes.boundaries.isEmpty ? nil : shapes
    }

    /// What the standalone page template reads. It answers Mustache's look-ups itself, as the
    /// document does (ReportDocument.swift): every name a table cell lacks reaches this page.
    private struct PrintPage: MustacheParent {
        let document: ReportDocument
        let lang: String
        let css: String
        let contentsTitle: String
        let pageNumberBefore: String
        let pageNumberMiddle: String
        let pageNumberAfter: String

        func child(named name: String) -> Any? {
            switch name {
            case "document": return document
            case "lang": return lang
            case "css": return css
            case "contentsTitle": return contentsTitle
            case "pageNumberBefore": return pageNumberBefore
            case "pageNumberMiddle": return pageNumberMiddle
            case "pageNumberAfter": return pageNumberAfter
            default: return nil
            }
        }
    }

    func html(_ document: ReportDocument) throws -> String {
        let page = PrintPage(document: document, lang: language.htmlCode, css: Self.stylesheet,
                             contentsTitle: language.text("report.contents"),
                             pageNumberBefore: language == .chinese ? "第 " : "Page ",
                             pageNumberMiddle: language == .chinese ? " 页 / 共 " : " of ",
                             pageNumberAfter: language == .chinese ? " 页" : "")
        guard let html = services.pages.library.render(page, withTemplate: "Reports/print") else {
            throw JunhengError.notFound("页面模板 Reports/print")
        }
        return html
    }

    /// The site's stylesheet and the report's, inlined: the printed page has no server to ask.
    static let stylesheet: String = ["app.css", "report.css"].map { name in
        (try? String(contentsOfFile: PageRenderer.publicDirectory + "/" + name, encoding: .utf8)) ?? ""
    }.joined(separator: "\n")

    func pdf(_ html: String) async throws -> Data {
        do {
            return try await services.printer.pdf(fromHTML: html)
        } catch let error as PrintingError {
            switch error {
            case .browserNotFound:
                throw JunhengError.unavailable("无法生成 PDF：服务器未安装 Chromium（apt-get install chromium fonts-wqy-microhei，或设置 JUNHENG_CHROMIUM）")
            case .timedOut(let seconds):
                throw JunhengError.unavailable("生成 PDF 超时（\(Int(seconds)) 秒），请稍后重试")
            case .failed(let code, _):
                throw JunhengError.unavailable("生成 PDF 失败（Chromium 退出码 \(code)），请查看服务器日志")
            }
        }
    }

    func docx(_ document: ReportDocument) throws -> Data {
        var blocks: [DocxBlock] = [.title(document.title)]
        blocks += document.subtitle.map { DocxBlock.note($0) }
        if let demo = document.demoNote { blocks.append(.note(demo)) }
        blocks.append(.tableOfContents(title: language.text("report.contents")))
        blocks.append(.pageBreak)
        for section in document.sections {
            blocks.append(.heading(level: 1, text: section.number + section.title))
            for block in section.blocks { blocks += docxBlocks(block) }
        }
        return try DocxDocument(title: document.title, subject: document.subtitle.joined(separator: " "), creator: "均衡 Junheng",
                                language: language.htmlCode, blocks: blocks).data()
    }

    private func docxBlocks(_ block: ReportDocument.Block) -> [DocxBlock] {
        if let paragraph = block.paragraph { return [.text(paragraph)] }
        if let note = block.note { return [.note(note)] }
        if let items = block.list { return [.bulletList(items.map { [DocxRun($0.text)] })] }
        if let table = block.table { return [.table(docxTable(table))] }
        if let chart = block.chart { return [.table(docxTable(chart.data))] }
        if let markdown = block.markdown {
            return markdown.map { block in
                switch block {
                case .heading(let level, let spans): .heading(level: 1 + level, text: Markdown.plainText(spans))
                case .paragraph(let spans): .paragraph(runs(spans))
                case .bullets(let items), .numbered(let items): .bulletList(items.map(runs))
                }
            }
        }
        return []
    }

    private func runs(_ spans: [MarkdownInline]) -> [DocxRun] {
        spans.map { span in
            switch span {
            case .text(let text): DocxRun(text)
            case .bold(let text): DocxRun(text, bold: true)
            case .italic(let text): DocxRun(text, italic: true)
            }
        }
    }

    private func docxTable(_ table: ReportDocument.Table) -> DocxTable {
        DocxTable(caption: table.caption, header: [table.columns.map { DocxCell($0, bold: true) }],
                  rows: table.rows.map { row in row.map { DocxCell($0.text, alignment: $0.numeric ? .right : nil) } })
    }

    /// Every annex table as a sheet, with numbers as numbers.
    func xlsx(_ document: ReportDocument) throws -> Data {
        let tables = document.sections.flatMap(\.blocks).compactMap(\.table).filter { $0.sheetName != nil }
        return try XLSXWriter.write(tables.map { table in
            SheetContent(name: table.sheetName!, rows: [[.string(table.caption)], table.columns.map(CellValue.string)]
                + table.rows.map { row in row.map { cell in cell.value.map(CellValue.number) ?? (cell.text == "—" ? .empty : .string(cell.text)) } },
                         headerRowCount: 2)
        })
    }
}

extension JunhengServices {
    /// A report of the figures as they stand now, in one format: what `junheng report` writes.
    /// Nothing is stored; the report carries the usual title unless one is given.
    public func currentReport(kind: ReportKind, region: RegionCode, planID: Int64?, year: Int, title: String? = nil,
                              format: ReportFormat) async throws -> Data {
        let figures = try await app.reports.currentFigures(kind: kind, region: region, planID: planID, year: year)
        let report = ReportRecord(regionCode: region, planID: planID, kind: kind, year: year,
                                  title: title ?? ReportUseCases.defaultTitle(kind: kind, regionName: figures.region.name, year: year))
        return try await ReportFiles(services: self).file(format, for: ReportWithFigures(report: report, figures: figures))
    }
}

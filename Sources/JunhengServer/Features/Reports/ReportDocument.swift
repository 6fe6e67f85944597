import Charts
import Foundation
import JunhengApp
import JunhengCore
import Mustache
import Storage
import TextFormats

/// A report laid out once in sections of blocks — paragraphs, tables, charts with their data,
/// lists, the planner's Markdown — from which the page, the printed PDF, the DOCX and the XLSX
/// annex are all written, so that the four never disagree.
struct ReportDocument {
    /// A paragraph, a table, a chart or a list: exactly one of the fields is set (Mustache renders
    /// the one that is).
    struct Block {
        var paragraph: String?
        /// Small print under a table or chart (a data source, a coverage note).
        var note: String?
        /// The planner's Markdown, parsed; `markdownHTML` is it rendered with every text escaped.
        var markdown: [MarkdownBlock]?
        var markdownHTML: String?
        var table: Table?
        var chart: Chart?
        var list: [Item]?

        static func text(_ text: String) -> Block { Block(paragraph: text) }
        static func small(_ text: String) -> Block { Block(note: text) }
        static func items(_ items: [Item]) -> Block { Block(list: items) }
        static func markdown(_ source: String) -> Block {
            let blocks = Markdown.parse(source)
            return Block(markdown: blocks, markdownHTML: Markdown.html(blocks, headingLevel: 3))
        }
    }

    /// A table with a caption; numbers right-aligned, each linking to where it came from.
    struct Table {
        let caption: String
        let columns: [String]
        let rows: [[Cell]]
        /// Annex tables also become sheets of the XLSX.
        var sheetName: String?
    }

    struct Cell {
        let text: String
        var link: String?
        var numeric = false
        /// An inline SVG (a sparkline), rendered unescaped; `text` is its words for DOCX and XLSX.
        var svg: String?
        var colour: String?
        var textColour: String?
        /// The raw number, for the XLSX annex.
        var value: Double?

        static func number(_ value: Double?, link: String? = nil) -> Cell {
            Cell(text: MonitoringPages.number(value), link: value == nil ? nil : link, numeric: true, value: value)
        }
    }

    /// A chart and the table of its data right below it. (Not named `svg`: Mustache would find it
    /// from the data table's cells, which look up their own optional `svg`.)
    struct Chart {
        let image: String
        let data: Table
        /// The same data on a map of the lower-level regions, drawn above the chart (the HTML page
        /// and the PDF; the DOCX keeps the table).
        var map: String?
    }

    struct Item {
        let text: String
        var link: String?
    }

    struct Section {
        let anchor: String
        let number: String
        let title: String
        let blocks: [Block]
    }

    let title: String
    /// Region, plan, year and edition, one line each.
    let subtitle: [String]
    let demoNote: String?
    let sections: [Section]
}

// Mustache looks names up with `Mirror` unless an object answers them itself, and a name an
// object lacks or holds as nil is looked up again in every object above it on the stack. For a
// report of a few thousand cells that reflection was most of the time it took to write the HTML
// (1.6 s for 20 counties × 50 indicators, Benchmarks/reports). These answer the same names with
// the same values, nil for an absent optional as `Mirror` reads it; and Reports/table.mustache
// asks a cell's own optional fields with a leading dot (`{{#.link}}`), which does not climb. A
// field the templates read must be named here too (the page snapshots would show it missing).
extension ReportDocument: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": return title
        case "subtitle": return subtitle
        case "demoNote": return demoNote
        case "sections": return sections
        default: return nil
        }
    }
}

extension ReportDocument.Block: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "paragraph": return paragraph
        case "note": return note
        case "markdown": return markdown
        case "markdownHTML": return markdownHTML
        case "table": return table
        case "chart": return chart
        case "list": return list
        default: return nil
        }
    }
}

extension ReportDocument.Table: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "caption": return caption
        case "columns": return columns
        case "rows": return rows
        case "sheetName": return sheetName
        default: return nil
        }
    }
}

extension ReportDocument.Cell: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "text": return text
        case "link": return link
        case "numeric": return numeric
        case "svg": return svg
        case "colour": return colour
        case "textColour": return textColour
        case "value": return value
        default: return nil
        }
    }
}

extension ReportDocument.Chart: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "image": return image
        case "data": return data
        case "map": return map
        default: return nil
        }
    }
}

extension ReportDocument.Item: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "text": return text
        case "link": return link
        default: return nil
        }
    }
}

extension ReportDocument.Section: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "anchor": return anchor
        case "number": return number
        case "title": return title
        case "blocks": return blocks
        default: return nil
        }
    }
}

extension ReportDocument {
    /// Lays out `view` in `language`. `linkBase` prefixes every link (empty on the site; the
    /// site's address in files that leave it); `shapes`, the boundaries of the region's children,
    /// add the map of the composite index.
    init(_ view: ReportWithFigures, language: Language, linkBase: String = "", shapes: MapShapes? = nil) {
        let builder = ReportDocumentBuilder(report: view.report, figures: view.figures, language: language, linkBase: linkBase,
                                            shapes: shapes)
        self = builder.document()
    }
}

/// Writes the sections of a ``ReportDocument``: the rules of what a Chinese monitoring report says,
/// in the page's language.
private struct ReportDocumentBuilder {
    let report: ReportRecord
    let figures: ReportFigures
    let language: Language
    let linkBase: String
    let shapes: MapShapes?

    private var p: Punctuation { language.punctuation }
    private func t(_ key: String) -> String { language.text("report." + key) }
    private func fill(_ key: String, _ values: [String: String]) -> String { language.fill("report." + key, values) }
    private func number(_ value: Double?) -> String { MonitoringPages.number(value) }
    private func percent(_ share: Double?) -> String { share.map { String(format: "%.1f%%", $0 * 100) } ?? "—" }
    private func measure(_ value: Double?) -> String { value.map { String(format: "%.4f", $0) } ?? "—" }
    private func indicatorLink(_ id: Int64, region: String? = nil) -> String {
        "\(linkBase)/indicators/\(id)?region=\(region ?? figures.region.code)"
    }

    func document() -> ReportDocument {
        var sections: [ReportDocument.Section] = []
        func add(_ title: String, _ blocks: [ReportDocument.Block]) {
            sections.append(.init(anchor: "s\(sections.count + 1)", number: ReportDocumentBuilder.chineseOrdinal(sections.count + 1, language),
                                  title: title, blocks: blocks))
        }
        add(t("overview"), overview())
        for domain in figures.domains {
            add(domain.isEmpty ? t("otherIndicators") : domain, domainBlocks(domain))
        }
        if report.kind == .midterm { add(t("midtermProgress"), midtermBlocks()) }
        add(t("equalization"), equalizationBlocks())
        if let tasks = figures.tasks { add(t("tasks"), taskBlocks(tasks)) }
        add(t("problems"), problemBlocks())
        if report.kind == .midterm {
            add(t("selfAssessment"), textBlocks(.selfAssessment))
            add(t("evaluatorFindings"), textBlocks(.evaluatorFindings))
        }
        add(t("nextSteps"), textBlocks(.nextSteps))
        add(t("annex"), annexBlocks())

        var subtitle = [fill("regionYear", ["region": figures.region.name, "year": String(figures.year)])]
        if let plan = figures.plan { subtitle.append(t("plan") + p.colon + plan.title) }
        switch report.stage {
        case .draft: subtitle.append(fill("draftLine", ["date": figures.readOn]))
        case .published, .superseded:
            subtitle.append(fill("publishedLine", ["edition": String(report.edition),
                                                   "date": String((report.publishedAt ?? "").prefix(10)), "read": figures.readOn]))
        }
        return ReportDocument(title: report.title, subtitle: subtitle, demoNote: figures.demoData ? language.text("demoDataNote") : nil,
                              sections: sections)
    }

    /// 一、二、… in Chinese, 1. 2. … in English.
    static func chineseOrdinal(_ n: Int, _ language: Language) -> String {
        guard language == .chinese else { return "\(n)." }
        let digits = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"]
        let word = n < 10 ? digits[n] : n < 20 ? "十" + digits[n - 10] : digits[n / 10] + "十" + digits[n % 10]
        return word + "、"
    }

    // MARK: 总体情况

    private func overview() -> [ReportDocument.Block] {
        let summary = ReportSummary(figures)
        var blocks: [ReportDocument.Block] = []
        if !report.texts.introduction.isEmpty { blocks.append(.markdown(report.texts.introduction)) }
        blocks.append(.text(fill("headline", [
            "year": String(figures.year), "region": figures.region.name, "count": String(summary.indicatorCount),
            "met": String(summary.count(.targetAchieved)), "substantial": String(summary.count(.substantialProgress)),
            "moderate": String(summary.count(.moderateProgress)), "limited": String(summary.count(.limitedProgress)),
            "deterioration": String(summary.count(.deterioration)), "insufficient": String(summary.count(.insufficientData)),
        ])))
        blocks.append(.text(fill("bindingHeadline", ["binding": String(summary.bindingCount), "met": String(summary.bindingMet),
                                                     "atRisk": String(summary.bindingAtRisk)])))
        if summary.withoutFigure > 0 {
            blocks.append(.text(fill("withoutFigure", ["count": String(summary.withoutFigure), "year": String(figures.year)])))
        }
        let rows = ProgressStatus.allCases.map { status -> [ReportDocument.Cell] in
            let chart = MonitoringPages.chartStatus(status)
            return [ReportDocument.Cell(text: status.name(in: language), colour: chart.colour, textColour: chart.textColour),
                    .number(Double(summary.count(status))),
                    .number(Double(figures.indicators.filter { $0.binding && $0.status == status }.count))]
        }
        blocks.append(ReportDocument.Block(table: .init(caption: fill("statusTable", ["year": String(figures.year)]),
                                                        columns: [t("status"), t("indicators"), t("bindingIndicators")], rows: rows)))
        blocks.append(.small(fill("approvedOnly", ["date": figures.readOn])))
        return blocks
    }

    // MARK: one section per domain

    private func domainBlocks(_ domain: String) -> [ReportDocument.Block] {
        let indicators = figures.indicators.filter { $0.domain == domain }
        var blocks: [ReportDocument.Block] = []
        let rows = indicators.map { indicator -> [ReportDocument.Cell] in
            let chart = MonitoringPages.chartStatus(indicator.status)
            let link = indicatorLink(indicator.id)
            let target = indicator.target.map { "\(number($0.value))\(p.open)\($0.year)\(p.close)" } ?? "—"
            let baseline = indicator.baselineYear.map { "\(number(indicator.baselineValue))\(p.open)\($0)\(p.close)" } ?? "—"
            return [
                ReportDocument.Cell(text: indicator.name, link: link),
                ReportDocument.Cell(text: indicator.unit),
                ReportDocument.Cell(text: indicator.binding ? Binding.binding.name(in: language) : Binding.expected.name(in: language)),
                ReportDocument.Cell(text: baseline, numeric: true, value: indicator.baselineValue),
                .number(indicator.value(in: figures.year), link: link),
                ReportDocument.Cell(text: target, numeric: true, value: indicator.target?.value),
                ReportDocument.Cell(text: indicator.status.name(in: language), colour: chart.colour, textColour: chart.textColour),
                ReportDocument.Cell(text: indicator.values.map { "\($0.year): \(number($0.value))" }.joined(separator: "; "),
                                    svg: Sparkline(label: indicator.name,
                                                   points: indicator.values.map { Charts.YearValue(year: $0.year, value: $0.value) },
                                                   target: indicator.target?.value, status: chart, language: language.chart).svg()),
            ]
        }
        blocks.append(ReportDocument.Block(table: .init(
            caption: fill("domainTable", ["domain": domain.isEmpty ? t("otherIndicators") : domain]),
            columns: [t("indicator"), t("unit"), t("attribute"), t("baseline"), String(figures.year), t("target"), t("status"), t("trend")],
            rows: rows)))

        for indicator in indicators where indicator.children.contains(where: { $0.value != nil }) && figures.children.count > 1 {
            blocks.append(ReportDocument.Block(chart: childrenChart(indicator)))
        }
        let changes = notableChanges(indicators)
        if !changes.isEmpty {
            blocks.append(.text(t("notableChanges")))
            blocks.append(.items(changes))
        }
        return blocks
    }

    /// The children's figures in the year against the region's own, and the same as a table.
    private func childrenChart(_ indicator: IndicatorFigures) -> ReportDocument.Chart {
        let title = fill("childrenChart", ["indicator": indicator.name, "year": String(figures.year)])
        let regionValue = indicator.value(in: figures.year)
        let svg = BarChart(title: title, unit: indicator.unit,
                           bars: indicator.children.map { Bar(label: $0.place.name, value: $0.value,
                                                              status: MonitoringPages.chartStatus($0.status)) },
                           order: indicator.direction == .higher ? .descending : .ascending,
                           references: regionValue.map { [ValueLine(label: figures.region.name, value: $0)] } ?? [],
                           note: figures.demoData ? language.text("demoDataNote") : nil, language: language.chart).svg(width: 640)
        let rows = indicator.children.map { child -> [ReportDocument.Cell] in
            [ReportDocument.Cell(text: child.place.name), .number(child.value, link: indicatorLink(indicator.id, region: child.place.code)),
             ReportDocument.Cell(text: child.status.name(in: language))]
        }
        let coverage = indicator.childCoverage
        return ReportDocument.Chart(image: svg, data: .init(
            caption: title + p.open + fill("coverage", ["covered": String(coverage.covered), "total": String(coverage.total)]) + p.close,
            columns: [t("region"), "\(figures.year)\(indicator.unit.isEmpty ? "" : p.open + indicator.unit + p.close)", t("status")],
            rows: rows))
    }

    /// Year-on-year changes of 5 % or more, largest first, at most five per domain.
    private func notableChanges(_ indicators: [IndicatorFigures]) -> [ReportDocument.Item] {
        let changes = indicators.compactMap { indicator -> (IndicatorFigures, YearFigure, YearFigure, Double)? in
            guard indicator.values.count >= 2 else { return nil }
            let latest = indicator.values[indicator.values.count - 1], previous = indicator.values[indicator.values.count - 2]
            guard latest.year == figures.year, previous.value != 0 else { return nil }
            let change = (latest.value - previous.value) / abs(previous.value)
            return abs(change) >= 0.05 ? (indicator, previous, latest, change) : nil
        }.sorted { abs($0.3) > abs($1.3) }.prefix(5)
        return changes.map { indicator, previous, latest, change in
            let better = indicator.direction.sign * change > 0
            return ReportDocument.Item(text: fill(better ? "improved" : "worsened", [
                "indicator": indicator.name, "from": number(previous.value), "fromYear": String(previous.year),
                "to": number(latest.value), "unit": indicator.unit, "change": String(format: "%+.1f%%", change * 100),
            ]), link: indicatorLink(indicator.id))
        }
    }

    // MARK: 中期评估

    private func midtermBlocks() -> [ReportDocument.Block] {
        let assessed = figures.indicators.compactMap { indicator in ReportRules.midterm(indicator).map { (indicator, $0) } }
        var blocks: [ReportDocument.Block] = [.text(t("midtermIntro"))]
        let rows = assessed.map { indicator, assessment -> [ReportDocument.Cell] in
            let atRisk = !assessment.projectedToMeet && indicator.status != .targetAchieved
            let verdict = ChartStatus.offTrack
            return [
                ReportDocument.Cell(text: indicator.name, link: indicatorLink(indicator.id)),
                .number(indicator.baselineValue),
                .number(indicator.latest?.value, link: indicatorLink(indicator.id)),
                ReportDocument.Cell(text: indicator.target.map { "\(number($0.value))\(p.open)\($0.year)\(p.close)" } ?? "—", numeric: true,
                                    value: indicator.target?.value),
                ReportDocument.Cell(text: percent(assessment.elapsedShare), numeric: true, value: assessment.elapsedShare),
                ReportDocument.Cell(text: percent(assessment.completedShare), numeric: true, value: assessment.completedShare),
                .number(assessment.expected),
                ReportDocument.Cell(text: number(assessment.projected) + p.open + String(assessment.endYear) + p.close, numeric: true,
                                    value: assessment.projected),
                atRisk ? ReportDocument.Cell(text: t("projectedMiss"), colour: verdict.colour, textColour: verdict.textColour)
                       : ReportDocument.Cell(text: indicator.status == .targetAchieved ? t("alreadyMet") : t("projectedMeet")),
            ]
        }
        blocks.append(ReportDocument.Block(table: .init(
            caption: fill("midtermTable", ["year": String(figures.year)]),
            columns: [t("indicator"), t("baseline"), t("latest"), t("target"), t("timeElapsed"), t("wayCovered"),
                      t("straightLine"), t("projected"), t("verdict")], rows: rows)))
        blocks.append(.small(t("projectionMethod")))
        let atRisk = assessed.filter { !$0.1.projectedToMeet && $0.0.status != .targetAchieved }
        if atRisk.isEmpty {
            blocks.append(.text(t("noTargetsAtRisk")))
        } else {
            blocks.append(.text(fill("targetsAtRisk", ["count": String(atRisk.count)])))
            blocks.append(.items(atRisk.map { indicator, assessment in
                ReportDocument.Item(text: fill("atRiskItem", [
                    "indicator": indicator.name, "projected": number(assessment.projected), "unit": indicator.unit,
                    "year": String(assessment.endYear), "target": number(indicator.target?.value),
                ]), link: indicatorLink(indicator.id))
            }))
        }
        return blocks
    }

    // MARK: 均等化

    private func equalizationBlocks() -> [ReportDocument.Block] {
        guard !figures.equalization.isEmpty else { return [.text(t("noChildren"))] }
        var blocks: [ReportDocument.Block] = [.text(fill("equalizationIntro", [
            "region": figures.region.name, "children": String(figures.children.count), "year": String(figures.year)]))]
        let rows = figures.equalization.map { item -> [ReportDocument.Cell] in
            let coverage = fill("coverage", ["covered": String(item.coverage.covered), "total": String(item.coverage.total)])
                + (item.coverage.populationShare.map { p.open + fill("populationShare", ["share": percent($0)]) + p.close } ?? "")
            let link = "\(linkBase)/equalization?region=\(figures.region.code)&indicator=\(item.indicatorID)&year=\(item.year)"
            guard item.complete else {
                return [ReportDocument.Cell(text: item.name, link: link), ReportDocument.Cell(text: coverage),
                        ReportDocument.Cell(text: t("incomplete"))] + Array(repeating: ReportDocument.Cell(text: "—"), count: 7)
            }
            let decomposition = item.theilTWithin.map { within in
                "\(measure(within)) / \(measure(item.theilTBetween))"
            } ?? "—"
            let trend: String = switch (item.gini, item.previousGini) {
            case let (gini?, previous?) where gini < previous - 1e-9: t("narrowing")
            case let (gini?, previous?) where gini > previous + 1e-9: t("widening")
            case (_?, _?): t("unchanged")
            default: "—"
            }
            return [
                ReportDocument.Cell(text: item.name, link: link), ReportDocument.Cell(text: coverage),
                ReportDocument.Cell(text: item.weighted ? t("weighted") : t("unweighted")),
                ReportDocument.Cell(text: measure(item.cv), numeric: true, value: item.cv),
                ReportDocument.Cell(text: measure(item.gini), link: link, numeric: true, value: item.gini),
                ReportDocument.Cell(text: measure(item.theilT), numeric: true, value: item.theilT),
                ReportDocument.Cell(text: measure(item.theilL), numeric: true, value: item.theilL),
                ReportDocument.Cell(text: decomposition, numeric: true),
                ReportDocument.Cell(text: item.reachingBenchmark.map { "\($0)/\(item.coverage.covered)" } ?? "—", numeric: true,
                                    value: item.reachingBenchmark.map(Double.init)),
                ReportDocument.Cell(text: trend),
            ]
        }
        let groupSet = figures.equalization.compactMap(\.groupSet).first
        blocks.append(ReportDocument.Block(table: .init(
            caption: fill("equalizationTable", ["year": String(figures.year)]),
            columns: [t("indicator"), t("coverageColumn"), t("weighting"), t("cv"), t("gini"), t("theilT"), t("theilL"),
                      fill("decomposition", ["groups": groupSet ?? "—"]), t("reachingBenchmark"), t("giniTrend")],
            rows: rows, sheetName: t("equalizationSheet"))))
        blocks.append(.small(t("equalizationNote")))
        if let composite = figures.composite {
            blocks.append(.text(fill("compositeIntro", [
                "count": String(composite.indicatorCount), "gini": measure(composite.gini),
                "covered": String(composite.coverage.covered), "total": String(composite.coverage.total)])))
            let title = fill("compositeChart", ["year": String(composite.year)])
            let svg = BarChart(title: title, bars: composite.scores.map { Bar(label: $0.place.name, value: $0.score) },
                               order: .descending, valueFractionDigits: 3,
                               note: figures.demoData ? language.text("demoDataNote") : nil, language: language.chart).svg(width: 640)
            let map = shapes.flatMap { shapes in
                try? MapViews.choropleth(title: fill("compositeMap", ["year": String(composite.year)]), unit: "", shapes: shapes,
                                         values: Dictionary(composite.scores.map { ($0.place.code, $0.score) }, uniquingKeysWith: { a, _ in a }),
                                         note: figures.demoData ? language.text("demoDataNote") : nil, language: language,
                                         idPrefix: "report-composite-map")
            }
            blocks.append(ReportDocument.Block(chart: .init(image: svg, data: .init(
                caption: title, columns: [t("rank"), t("region"), t("score")],
                rows: composite.scores.enumerated().map { index, score in
                    [.number(Double(index + 1)), ReportDocument.Cell(text: score.place.name),
                     ReportDocument.Cell(text: String(format: "%.3f", score.score), numeric: true, value: score.score)]
                }), map: map)))
        }
        return blocks
    }

    // MARK: 重点任务与工程

    private func taskBlocks(_ tasks: TaskFigures) -> [ReportDocument.Block] {
        let all = tasks.all
        var blocks: [ReportDocument.Block] = [.text(fill("tasksIntro", [
            "date": tasks.asOf, "total": String(all.total), "red": String(all.red), "yellow": String(all.yellow),
            "green": String(all.green), "blue": String(all.blue)]))]
        func row(_ counts: TaskFigures.ColourCounts) -> [ReportDocument.Cell] {
            [ReportDocument.Cell(text: counts.name == "合计" ? t("total") : counts.name), .number(Double(counts.red)),
             .number(Double(counts.yellow)), .number(Double(counts.green)), .number(Double(counts.blue)), .number(Double(counts.total))]
        }
        blocks.append(ReportDocument.Block(table: .init(
            caption: t("tasksByDepartment"),
            columns: [t("department"), TaskColour.red.name(in: language), TaskColour.yellow.name(in: language),
                      TaskColour.green.name(in: language), TaskColour.blue.name(in: language), t("total")],
            rows: tasks.departments.map(row) + [row(all)])))
        if !tasks.late.isEmpty {
            blocks.append(ReportDocument.Block(table: .init(
                caption: t("lateTasks"), columns: [t("task"), t("department"), t("progress"), t("expected"), t("due")],
                rows: tasks.late.map { task in
                    [ReportDocument.Cell(text: task.title, link: "\(linkBase)/tasks/\(task.id)"), ReportDocument.Cell(text: task.department),
                     ReportDocument.Cell(text: task.progress.map { String(format: "%.0f%%", $0) } ?? "—", numeric: true, value: task.progress),
                     ReportDocument.Cell(text: task.expected.map { String(format: "%.0f%%", $0) } ?? "—", numeric: true, value: task.expected),
                     ReportDocument.Cell(text: task.due ?? "—")]
                })))
        }
        return blocks
    }

    // MARK: 存在问题

    private func problemBlocks() -> [ReportDocument.Block] {
        let problems = ReportRules.problems(figures)
        guard !problems.isEmpty else { return [.text(t("noProblems"))] }
        return [.items(problems.map { problem in
            ReportDocument.Item(text: describe(problem), link: indicatorLink(problem.indicatorID))
        })]
    }

    private func describe(_ problem: ReportProblem) -> String {
        switch problem {
        case .bindingOffTrajectory(_, let name, let unit, let latest, let expected):
            fill("problem.offTrajectory", ["indicator": name, "value": number(latest.value), "year": String(latest.year),
                                          "expected": number(expected), "unit": unit])
        case .deteriorating(_, let name, let unit, let previous, let latest):
            fill("problem.deteriorating", ["indicator": name, "from": number(previous.value), "fromYear": String(previous.year),
                                          "to": number(latest.value), "toYear": String(latest.year), "unit": unit])
        case .missingData(_, let name, let regionMissing, let children):
            fill("problem.missing", [
                "indicator": name, "year": String(figures.year),
                "where": ((regionMissing ? [figures.region.name] : []) + children.prefix(6)).joined(separator: p.listSeparator)
                    + (children.count > 6 ? fill("andMore", ["count": String(children.count)]) : ""),
            ])
        case .weakerThanUpperTarget(_, let name, let unit, let own, let upper):
            fill("problem.weaker", ["indicator": name, "own": number(own), "upper": number(upper), "unit": unit])
        }
    }

    // MARK: the planner's sections and the annex

    private func textBlocks(_ section: ReportTextSection) -> [ReportDocument.Block] {
        let text = report.texts[section]
        return text.isEmpty ? [.small(report.stage == .draft ? t("toBeWritten") : t("none"))] : [.markdown(text)]
    }

    private func annexBlocks() -> [ReportDocument.Block] {
        let years = Array(Set(figures.indicators.flatMap { $0.values.map(\.year) })).sorted()
        let series = ReportDocument.Table(
            caption: fill("annexSeries", ["region": figures.region.name]),
            columns: [t("indicator"), t("unit")] + years.map(String.init) + [t("target")],
            rows: figures.indicators.map { indicator in
                [ReportDocument.Cell(text: indicator.name, link: indicatorLink(indicator.id)), ReportDocument.Cell(text: indicator.unit)]
                    + years.map { .number(indicator.value(in: $0), link: indicatorLink(indicator.id)) }
                    + [.number(indicator.target?.value)]
            }, sheetName: t("seriesSheet"))
        var blocks = [ReportDocument.Block(table: series)]
        if !figures.children.isEmpty {
            let children = ReportDocument.Table(
                caption: fill("annexChildren", ["year": String(figures.year)]),
                columns: [t("indicator"), t("unit")] + figures.children.map(\.name),
                rows: figures.indicators.map { indicator in
                    [ReportDocument.Cell(text: indicator.name), ReportDocument.Cell(text: indicator.unit)]
                        + indicator.children.map { .number($0.value, link: indicatorLink(indicator.id, region: $0.place.code)) }
                }, sheetName: t("childrenSheet"))
            blocks.append(ReportDocument.Block(table: children))
        }
        return blocks
    }
}

import Foundation
import JunhengApp
import JunhengCore
import Storage

/// One report in a list: title, kind, year, edition and stage, linked to its page.
struct ReportListItem {
    let id: Int64
    let title: String
    let kind: String
    let year: Int
    let edition: String
    let stage: String
    let isDraft: Bool
    let publishedOn: String?
    let pdfLink: String?

    init(_ report: ReportRecord, language: Language) {
        id = report.id
        title = report.title
        kind = language.text("report.kind." + report.kind.rawValue)
        year = report.year
        edition = language.fill("report.edition", ["edition": String(report.edition)])
        stage = language.text("report.stage." + report.stage.rawValue)
        isDraft = report.stage == .draft
        publishedOn = report.publishedAt.map { String($0.prefix(10)) }
        pdfLink = report.stage == .draft ? nil : "/reports/\(report.id)/pdf"
    }
}

/// `Reports/reports`: published reports for everyone; drafts and the form that starts one for
/// those who may write reports.
struct ReportsPage {
    struct Option {
        let value: String
        let name: String
        let selected: Bool
    }

    /// What the form to start a report keeps when it comes back with an error.
    struct Typed {
        var region = ""
        var year = ""
        var kind = "annual"
        var plan = ""
        var title = ""
    }

    let published: [ReportListItem]
    let drafts: [ReportListItem]
    let mayWrite: Bool
    let kinds: [Option]
    let plans: [Option]
    let typed: Typed
    let words: [String: String]

    init(reports: [ReportRecord], mayWrite: Bool, plans: [PlanRecord], typed: Typed, language: Language) {
        published = reports.filter { $0.stage != .draft }.map { ReportListItem($0, language: language) }
        drafts = reports.filter { $0.stage == .draft }.map { ReportListItem($0, language: language) }
        self.mayWrite = mayWrite
        kinds = ReportKind.allCases.map { Option(value: $0.rawValue, name: language.text("report.kind." + $0.rawValue),
                                                  selected: typed.kind == $0.rawValue) }
        self.plans = plans.filter { $0.status == "published" }.map {
            Option(value: String($0.id), name: $0.title, selected: typed.plan == String($0.id))
        }
        self.typed = typed
        words = ReportStrings.words(language)
    }
}

/// `Reports/report`: the report itself, its downloads, the changes from the previous edition, and
/// for a draft the editor of its text sections and the publish button.
struct ReportPage {
    /// One of the planner's text sections in the editor.
    struct TextField {
        let name: String
        let label: String
        let text: String
    }

    struct Download {
        let href: String
        let label: String
    }

    let id: Int64
    let document: ReportDocument
    let lang: String
    let contentsTitle: String
    let stage: String
    let isDraft: Bool
    let isPublished: Bool
    let isSuperseded: Bool
    let mayWrite: Bool
    let downloads: [Download]
    let title: String
    let fields: [TextField]
    let changes: [String]
    let showChanges: Bool
    let words: [String: String]

    init(_ view: ReportWithFigures, mayWrite: Bool, typed: FormFields? = nil, shapes: MapShapes? = nil, language: Language) {
        let report = view.report
        id = report.id
        document = ReportDocument(view, language: language, shapes: shapes)
        lang = language.htmlCode
        contentsTitle = language.text("report.contents")
        stage = language.text("report.stage." + report.stage.rawValue)
        isDraft = report.stage == .draft
        isPublished = report.stage == .published
        isSuperseded = report.stage == .superseded
        self.mayWrite = mayWrite
        downloads = [("pdf", "report.printPDF"), ("docx", "report.wordDOCX"), ("xlsx", "report.annexXLSX")].map {
            Download(href: "/reports/\(report.id)/\($0.0)", label: language.text($0.1))
        }
        title = typed?["title"] ?? report.title
        fields = ReportTextSection.sections(of: report.kind).map { section in
            TextField(name: section.rawValue, label: language.text("report.section." + section.rawValue),
                      text: typed?[section.rawValue] ?? report.texts[section])
        }
        changes = report.changes.map { Self.describe($0, language: language) }
        showChanges = report.supersedesID != nil && report.stage != .draft
        words = ReportStrings.words(language)
    }

    static func describe(_ change: ReportChange, language: Language) -> String {
        switch change {
        case .valueChanged(let indicator, let region, let year, let old, let new):
            language.fill("report.change.value", ["indicator": indicator, "region": region, "year": String(year),
                                                  "old": MonitoringPages.number(old), "new": MonitoringPages.number(new)])
        case .statusChanged(let indicator, let old, let new):
            language.fill("report.change.status", ["indicator": indicator, "old": old.name(in: language), "new": new.name(in: language)])
        case .indicatorAdded(let name): language.fill("report.change.added", ["indicator": name])
        case .indicatorRemoved(let name): language.fill("report.change.removed", ["indicator": name])
        case .textChanged(let section):
            language.fill("report.change.text", ["section": language.text("report.section." + section.rawValue)])
        }
    }
}

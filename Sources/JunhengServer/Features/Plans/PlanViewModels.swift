import JunhengCore
import Storage

/// `Plans/plans`: the plans the user may see, and the upload form for those who may ingest one.
struct PlansPage {
    struct Row {
        let id: Int64
        let title: String
        let region: String
        let documentNumber: String
        let period: String
        let status: String
        let isDraft: Bool

        init(_ plan: PlanRecord, language: Language) {
            id = plan.id
            title = plan.title
            region = plan.regionCode.rawValue
            documentNumber = plan.documentNumber
            period = plan.periodText
            status = language.text(plan.status == "published" ? "published" : "planDraft")
            isDraft = plan.status == "draft"
        }
    }

    let plans: [Row]
    let mayUpload: Bool
}

/// `Plans/plan`: a plan's repaired text with what was read from it highlighted, and the extractions
/// by kind, as review forms while the plan is a draft the user may edit.
struct PlanPage {
    struct Plan {
        let id: Int64
        let title: String
        let issuer: String
        let documentNumber: String
        let region: String
        let signedOn: String
        let status: String
        let isDraft: Bool
        let period: String

        init(_ plan: PlanRecord) {
            id = plan.id
            title = plan.title
            issuer = plan.issuer
            documentNumber = plan.documentNumber
            region = plan.regionCode.rawValue
            signedOn = plan.signedOn ?? ""
            status = plan.status
            isDraft = plan.status == "draft"
            period = plan.periodText
        }
    }

    /// The extractions of one kind.
    struct Group {
        let kind: String
        let name: String
        let count: Int
        let pending: Int
        let extractions: [Row]

        /// `counts` are the kind's facts on all pages by status; `extractions` those on this page.
        init(_ kind: ExtractionKind, _ extractions: [Extraction], counts: [ExtractionStatus: Int], language: Language) {
            self.kind = kind.rawValue
            name = kind.name(in: language)
            count = counts.values.reduce(0, +)
            pending = counts[.pending] ?? 0
            self.extractions = extractions.map { Row($0, language: language) }
        }
    }

    /// One extraction, with its quote, a one-line summary and its fields for the review form.
    struct Row {
        struct Field {
            /// One choice of a select, in the reviewer's words.
            struct Choice {
                let value: String
                let text: String
                let selected: Bool
            }

            let name: String
            let label: String
            let value: String
            /// A select instead of a text box (comparator, direction, attribute, kind).
            let isChoice: Bool
            let choices: [Choice]

            init(name: String, value: String, language: Language) {
                self.name = name
                label = ExtractionKind.fieldLabel(name, english: language == .english)
                self.value = value
                let options = ExtractionKind.fieldChoices(name, english: language == .english)
                isChoice = options != nil
                // An unknown stored value stays selectable, so saving the form never changes it silently.
                let known = options?.contains { $0.value == value } ?? true
                choices = (known ? [] : [Choice(value: value, text: value.isEmpty ? "—" : value, selected: true)])
                    + (options ?? []).map { Choice(value: $0.value, text: $0.label, selected: $0.value == value) }
            }
        }

        let id: Int64
        let status: String
        let statusName: String
        let edited: Bool
        let quote: String
        let summary: String
        let fields: [Field]

        init(_ extraction: Extraction, language: Language) {
            id = extraction.id
            status = extraction.status.rawValue
            statusName = extraction.status.name(in: language)
            edited = extraction.edited
            quote = extraction.quote
            summary = PlanPages.summary(extraction, language: language)
            fields = extraction.kind.fieldNames.map {
                Field(name: $0, value: extraction.fields[$0] ?? "", language: language)
            }
        }
    }

    /// What publishing just created, shown once after it.
    struct Published {
        let indicators: Int
        let targets: Int
        let serviceItems: Int
        let domains: Int
        let catalogueVersionID: Int64?
        let tasks: Int
        let projects: Int

        init(_ summary: PublishSummary) {
            indicators = summary.indicators
            targets = summary.targets
            serviceItems = summary.serviceItems
            domains = summary.domains
            catalogueVersionID = summary.catalogueVersionID
            tasks = summary.tasks
            projects = summary.projects
        }
    }

    let plan: Plan
    let groups: [Group]
    let pending: Int
    let mayEdit: Bool
    let mayPublish: Bool
    /// Why the publish button is not there for someone who may edit: facts left to review, or
    /// (the four-eyes rule) the reader uploaded the draft, so someone else publishes it.
    let publishNote: String?
    /// The region the document names when the plan was filed under another one: "内蒙古自治区（150000）".
    var documentRegion: String?
    var published: Published?
    let encoding: String
    let filename: String
    /// The repaired text as HTML, extractions marked; rendered unescaped.
    let text: String

    /// Facts shown at once; the rest are on further pages (`?offset=`).
    static let pageSize = 500

    /// "第 1–500 条，共 4,000 条" and the links to the pages around, when the facts take more than one.
    let range: String?
    let previous: String?
    let next: String?
    /// "?offset=500" on a later page, so a review form returns to it; empty on the first.
    let offsetQuery: String

    /// `extractions` are one page of the plan's facts, from `offset`, of `total`; `counts` are
    /// all its facts by kind and status; `mayApprove` is false for the draft's uploader.
    init(_ plan: PlanRecord, extractions: [Extraction], counts: [ExtractionKind: [ExtractionStatus: Int]], offset: Int,
         total: Int, source: SourceDocument?, mayEdit: Bool, mayApprove: Bool, language: Language) {
        let pending = counts.values.reduce(0) { $0 + ($1[.pending] ?? 0) }
        self.plan = Plan(plan)
        groups = ExtractionKind.allCases.map { kind in
            Group(kind, extractions.filter { $0.kind == kind }, counts: counts[kind] ?? [:], language: language)
        }
        let paged = offset > 0 || total > extractions.count
        range = paged ? language.format("auditRange", offset + 1, offset + extractions.count, total) : nil
        previous = offset > 0 ? "/plans/\(plan.id)?offset=\(max(0, offset - Self.pageSize))" : nil
        next = offset + extractions.count < total ? "/plans/\(plan.id)?offset=\(offset + extractions.count)" : nil
        offsetQuery = offset > 0 ? "?offset=\(offset)" : ""
        self.pending = pending
        self.mayEdit = mayEdit
        mayPublish = mayEdit && mayApprove && pending == 0
        publishNote = !mayEdit || mayPublish ? nil : language.text(mayApprove ? "publishAfterReview" : "publishByAnother")
        encoding = source?.encoding ?? ""
        filename = source?.filename ?? ""
        text = source.map { HighlightedText.html(text: $0.repairedText, extractions: extractions) } ?? ""
    }
}

private extension PlanRecord {
    /// "2021–2025", or the one year known, or empty.
    var periodText: String {
        [periodStart, periodEnd].compactMap { $0.map(String.init) }.joined(separator: "–")
    }
}

/// `Plans/publish`: what publishing the plan will create, and the button that does it.
struct PublishConfirmationPage {
    let id: Int64
    let title: String
    let targets: Int
    let serviceItems: Int
    let domains: Int
    let tasks: Int
    let projects: Int
    let achievementsKept: Int

    init(_ plan: PlanRecord, _ publication: PlanPublication) {
        id = plan.id
        title = plan.title
        targets = publication.targets.count
        serviceItems = publication.catalogue?.items.count ?? 0
        domains = publication.catalogue?.domains.count ?? 0
        tasks = publication.tasks.count
        projects = publication.projects.count
        achievementsKept = publication.achievementsKept
    }
}

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
            /// Why the value was refused, on a form shown again after an error.
            let problem: String?

            init(name: String, value: String, problem: String? = nil, language: Language) {
                self.name = name
                label = ExtractionKind.fieldLabel(name, english: language == .english)
                self.value = value
                self.problem = problem
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
        /// Why it was proposed, in the reviewer's words (nil for facts read before rules were
        /// recorded); `ruleID` is the rule's id, shown on hover.
        let rule: String?
        let ruleID: String
        /// "85%".
        let confidence: String
        /// Below ``PlanPage/doubtfulBelow``: marked for a closer look.
        let doubtful: Bool
        /// A service item read from a sentence, which the reviewer confirms.
        let fromProse: Bool

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
            rule = PlanPage.ruleLabel(extraction.rule, language: language)
            ruleID = extraction.rule
            confidence = "\(Int((extraction.confidence * 100).rounded()))%"
            doubtful = extraction.confidence < PlanPage.doubtfulBelow
            fromProse = extraction.isFromProse
        }
    }

    /// Facts less sure than this are marked 存疑 (doubtful).
    static let doubtfulBelow = 0.6

    /// The words for a rule id: those of the longest prefix (`target.table` before `target`)
    /// that has a `rule.<prefix>` string; an id without words is shown as it is, an empty one not at all.
    static func ruleLabel(_ rule: String, language: Language) -> String? {
        guard !rule.isEmpty else { return nil }
        let key = ExtractionRule.families(of: rule).map { "rule." + $0 }.first { UIStrings.table[$0] != nil }
        return key.map(language.text) ?? rule
    }

    /// Which facts the page lists and how: `?order=confidence`, `?status=pending`, `?offset=`.
    struct Listing: Equatable {
        var order: ExtractionOrder = .document
        var status: ExtractionStatus?
        var offset = 0

        /// The query that shows this listing, or another page of it (`offset`, then always
        /// written): "?order=confidence&offset=500"; empty for the first page in document order of all facts.
        func query(offset page: Int? = nil) -> String {
            let offset = page ?? self.offset
            let parts = [order == .document ? nil : "order=\(order.rawValue)", status.map { "status=\($0.rawValue)" },
                         offset > 0 || page != nil ? "offset=\(offset)" : nil].compactMap { $0 }
            return parts.isEmpty ? "" : "?" + parts.joined(separator: "&")
        }
    }

    /// A link among the page's orders and filters; `current` is the one shown.
    struct ListingLink {
        let text: String
        let href: String
        let current: Bool
    }

    /// The small form beside the text: the selection's offsets (filled in by the page's script
    /// from the reader's selection, or typed) and a button per kind of fact to add from it.
    struct SelectionForm {
        struct Kind {
            let value: String
            let name: String
        }

        let start: String
        let end: String
        let kinds: [Kind]
        /// The listing's order and filter, kept when the form is sent (hidden fields).
        let keptOrder: String?
        let keptStatus: String?
    }

    /// The form that completes a fact added from a selection: proposed from the passage, or as
    /// the reviewer typed it when saving failed.
    struct AddForm {
        let kind: String
        let title: String
        let start: String
        let end: String
        /// The passage, when the offsets name one.
        let quote: String?
        let fields: [Row.Field]

        /// What the reviewer adds: `kind` over `start`–`end` (as typed), the passage's text if it
        /// could be read, the fields, and the refused fields' reasons by field name.
        init(kind: ExtractionKind, start: String, end: String, quote: String, fields: [String: String],
             problems: [String: String] = [:], language: Language) {
            self.kind = kind.rawValue
            title = language.format("newFact", kind.name(in: language))
            self.start = start
            self.end = end
            self.quote = quote.isEmpty ? nil : quote
            self.fields = kind.fieldNames.map { Row.Field(name: $0, value: fields[$0] ?? "", problem: problems[$0], language: language) }
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
    /// The repaired text's length in Unicode scalars (`data-length` for the page's script).
    let textLength: Int
    /// The orders and status filters of the facts, as links.
    let orderLinks: [ListingLink]
    let statusLinks: [ListingLink]
    /// For those who may edit a draft with its document: the form to add from a selection, and
    /// the form completing an addition once a passage is chosen.
    var selectionForm: SelectionForm?
    var addForm: AddForm?

    /// Facts shown at once; the rest are on further pages (`?offset=`).
    static let pageSize = 500

    /// "第 1–500 条，共 4,000 条" and the links to the pages around, when the facts take more than one.
    let range: String?
    let previous: String?
    let next: String?
    /// The listing's query ("?order=confidence&offset=500"), so a review form returns to the
    /// same facts; empty for the first page in document order.
    let listingQuery: String

    /// `extractions` are one page of the plan's facts as `listing` asks, of `total`; `counts` are
    /// all its facts by kind and status; `mayApprove` is false for the draft's uploader.
    init(_ plan: PlanRecord, extractions: [Extraction], counts: [ExtractionKind: [ExtractionStatus: Int]], listing: Listing,
         total: Int, source: SourceDocument?, mayEdit: Bool, mayApprove: Bool, language: Language) {
        let pending = counts.values.reduce(0) { $0 + ($1[.pending] ?? 0) }
        let offset = listing.offset
        self.plan = Plan(plan)
        groups = ExtractionKind.allCases.map { kind in
            Group(kind, extractions.filter { $0.kind == kind }, counts: counts[kind] ?? [:], language: language)
        }
        let paged = offset > 0 || total > extractions.count
        range = paged ? language.format("rowRange", offset + 1, offset + extractions.count, total) : nil
        previous = offset > 0 ? "/plans/\(plan.id)\(listing.query(offset: max(0, offset - Self.pageSize)))" : nil
        next = offset + extractions.count < total ? "/plans/\(plan.id)\(listing.query(offset: offset + extractions.count))" : nil
        listingQuery = listing.query()
        func link(_ key: String, _ other: Listing) -> ListingLink {
            ListingLink(text: language.text(key), href: "/plans/\(plan.id)\(other.query())", current: other == listing)
        }
        orderLinks = [(ExtractionOrder.document, "orderDocument"), (.confidence, "orderConfidence")].map { order, key in
            link(key, Listing(order: order, status: listing.status))
        }
        statusLinks = [(nil as ExtractionStatus?, "allStatuses"), (.pending, "onlyPending")].map { status, key in
            link(key, Listing(order: listing.order, status: status))
        }
        self.pending = pending
        self.mayEdit = mayEdit
        mayPublish = mayEdit && mayApprove && pending == 0
        publishNote = !mayEdit || mayPublish ? nil : language.text(mayApprove ? "publishAfterReview" : "publishByAnother")
        encoding = source?.encoding ?? ""
        filename = source?.filename ?? ""
        text = source.map { HighlightedText.html(text: $0.repairedText, extractions: extractions) } ?? ""
        textLength = source?.repairedText.unicodeScalars.count ?? 0
        selectionForm = mayEdit && source != nil
            ? SelectionForm(start: "", end: "", kinds: ExtractionKind.allCases.map { .init(value: $0.rawValue, name: $0.name(in: language)) },
                            keptOrder: listing.order == .document ? nil : listing.order.rawValue, keptStatus: listing.status?.rawValue)
            : nil
    }

    /// The selection form with the offsets as the reviewer typed them.
    mutating func keepSelection(start: String, end: String) {
        guard let form = selectionForm else { return }
        selectionForm = SelectionForm(start: start, end: end, kinds: form.kinds, keptOrder: form.keptOrder, keptStatus: form.keptStatus)
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

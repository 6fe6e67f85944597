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

        init(_ plan: PlanRecord) {
            id = plan.id
            title = plan.title
            region = plan.regionCode.rawValue
            documentNumber = plan.documentNumber
            period = plan.periodText
            status = plan.status == "published" ? "已发布" : "草稿"
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

        init(_ kind: ExtractionKind, _ extractions: [Extraction]) {
            self.kind = kind.rawValue
            name = kind.chineseName
            count = extractions.count
            pending = extractions.filter { $0.status == .pending }.count
            self.extractions = extractions.map { Row($0) }
        }
    }

    /// One extraction, with its quote, a one-line summary and its fields for the review form.
    struct Row {
        struct Field {
            let name: String
            let label: String
            let value: String
        }

        let id: Int64
        let status: String
        let statusName: String
        let edited: Bool
        let quote: String
        let summary: String
        let fields: [Field]

        init(_ extraction: Extraction) {
            id = extraction.id
            status = extraction.status.rawValue
            statusName = extraction.status.chineseName
            edited = extraction.edited
            quote = extraction.quote
            summary = PlanPages.summary(extraction)
            fields = extraction.kind.fieldNames.map {
                Field(name: $0, label: ExtractionKind.fieldLabel($0), value: extraction.fields[$0] ?? "")
            }
        }
    }

    let plan: Plan
    let groups: [Group]
    let pending: Int
    let mayEdit: Bool
    let mayPublish: Bool
    let encoding: String
    let filename: String
    /// The repaired text as HTML, extractions marked; rendered unescaped.
    let text: String

    init(_ plan: PlanRecord, extractions: [Extraction], source: SourceDocument?, mayEdit: Bool) {
        let pending = extractions.filter { $0.status == .pending }.count
        self.plan = Plan(plan)
        groups = ExtractionKind.allCases.map { kind in Group(kind, extractions.filter { $0.kind == kind }) }
        self.pending = pending
        self.mayEdit = mayEdit
        mayPublish = mayEdit && pending == 0
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

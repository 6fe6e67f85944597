import Foundation
import Hummingbird
import JunhengApp
import JunhengCore
import Storage

/// `/api/v1/plans`: ingest a plan document into a draft, review its facts, publish it;
/// `/api/v1/provenance`: the sentence a stored fact came from.
struct PlansAPI {
    let services: JunhengServices
    private var plans: PlanUseCases { services.app.plans }

    func register(on api: RouterGroup<AppContext>) {
        api.post("plans/ingest", use: ingest)
        api.get("plans", use: list)
        api.get("plans/:id", use: show)
        api.get("plans/:id/document", use: document)
        api.get("plans/:id/extractions", use: extractions)
        api.post("plans/:id/extractions", use: add)
        api.patch("plans/:id/extractions/:extraction", use: review)
        api.post("plans/:id/accept-pending", use: acceptPending)
        api.post("plans/:id/publish", use: publish)
        api.get("provenance", use: provenance)
    }

    struct IngestResponse: Encodable, Sendable {
        let plan: PlanRecord
        let extractions: [String: Int]
        let reviewURL: String
    }

    /// The body is the file itself (DOCX, PDF, .doc/.wps, a web page or text in any encoding: the
    /// format is told from the bytes), or a multipart form with `file` and `region`. Text, DOCX
    /// and web pages are read at once (201 with the draft); a PDF or .doc/.wps is read by a
    /// background job (202 with the job, followed at `/api/v1/jobs/{id}`).
    @Sendable func ingest(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        var request = request
        let upload = try await PlanUseCases.Upload(request: &request, context: context)
        switch try await plans.submit(upload, actor: context.actor) {
        case .stored(let plan, let counts):
            return try JSON(IngestResponse(plan: plan, extractions: counts, reviewURL: "/plans/\(plan.id)"), status: .created)
                .response(from: request, context: context)
        case .queued(let job):
            return try JobsAPI.accepted(job, request: request, context: context)
        }
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> JSON<ItemList<PlanRecord>> {
        let region = try request.uri.queryParameters["region"].map { try regionCode(String($0), field: "region") }
        return JSON(ItemList(try await plans.plans(region: region, actor: context.actor)))
    }

    struct PlanDetail: Encodable, Sendable {
        let plan: PlanRecord
        /// Counts by kind, then status: {"target": {"pending": 12, …}, …}.
        let extractions: [String: [String: Int]]
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> JSON<PlanDetail> {
        let plan = try await plans.readable(context.parameters.get("id"), actor: context.actor)
        var counts: [String: [String: Int]] = [:]
        for (kind, byStatus) in try await plans.extractionCounts(of: plan) {
            for (status, count) in byStatus { counts[kind.rawValue, default: [:]][status.rawValue] = count }
        }
        return JSON(PlanDetail(plan: plan, extractions: counts))
    }

    /// The plan's document: the repaired text every fact's `repairedStart`/`repairedEnd` and a
    /// new fact's `start`/`end` count in (Unicode scalars), and the original as decoded.
    struct DocumentText: Encodable, Sendable {
        let filename: String
        let encoding: String
        let repairedText: String
        let originalText: String
        /// The repaired text's length in Unicode scalars.
        let repairedLength: Int
    }

    @Sendable func document(_ request: Request, context: AppContext) async throws -> JSON<DocumentText> {
        let plan = try await plans.readable(context.parameters.get("id"), actor: context.actor)
        guard let source = try await plans.sourceDocument(of: plan) else { throw JunhengError.notFound("原文 规划 \(plan.id)") }
        return JSON(DocumentText(filename: source.filename, encoding: source.encoding, repairedText: source.repairedText,
                                 originalText: source.originalText, repairedLength: source.repairedText.unicodeScalars.count))
    }

    /// A page of facts: `items` and `count` as every list has them, and where the page lies.
    struct ExtractionPage: Encodable, Sendable {
        let items: [Extraction]
        /// Facts on this page.
        let count: Int
        /// Facts matching the filters on all pages.
        let total: Int
        let offset: Int
        let limit: Int
    }

    /// `?kind=&status=&order=&offset=&limit=`: `order=confidence` lists the most doubtful first;
    /// `limit` defaults to 500 and may be at most 1,000.
    @Sendable func extractions(_ request: Request, context: AppContext) async throws -> JSON<ExtractionPage> {
        let plan = try await plans.readable(context.parameters.get("id"), actor: context.actor)
        let query = request.uri.queryParameters
        let kind = try query["kind"].map { try ExtractionKind(parameter: String($0)) }
        let status = try query["status"].map { try ExtractionStatus(parameter: String($0)) }
        let order = try query["order"].map { try ExtractionOrder(parameter: String($0)) } ?? .document
        func integer(_ name: String, default value: Int, in range: ClosedRange<Int>) throws -> Int {
            guard let raw = query[Substring(name)], !raw.isEmpty else { return value }
            guard let number = Int(raw), range.contains(number) else {
                throw JunhengError.invalid(field: name, "\(name) 应为 \(range.lowerBound) 至 \(range.upperBound) 之间的整数")
            }
            return number
        }
        let offset = try integer("offset", default: 0, in: 0...Int(Int32.max))
        let limit = try integer("limit", default: PlanUseCases.defaultExtractionPage, in: 1...PlanUseCases.maxExtractionPage)
        let page = try await plans.extractions(of: plan, kind: kind, status: status, order: order, offset: offset, limit: limit)
        return JSON(ExtractionPage(items: page.items, count: page.items.count, total: page.total, offset: offset, limit: limit))
    }

    struct ReviewRequest: Decodable {
        let status: ExtractionStatus?
        let fields: [String: String]?
    }

    @Sendable func review(_ request: Request, context: AppContext) async throws -> JSON<Extraction> {
        let plan = try await plans.editable(context.parameters.get("id"), actor: context.actor)
        guard let id = context.parameters.get("extraction", as: Int64.self) else { throw APIError.notFound("提取项") }
        let body = try await request.decode(as: ReviewRequest.self, context: context)
        return JSON(try await plans.review(id, of: plan, status: body.status, fields: body.fields, actor: context.actor))
    }

    /// A fact the ingester missed, made from a passage of the repaired text.
    struct AddRequest: Decodable {
        let kind: String?
        /// Unicode-scalar offsets of the passage in the repaired text, end exclusive.
        let start: Int?
        let end: Int?
        let fields: [String: String]?
        /// `accepted` (the default) or `pending`.
        let status: String?
    }

    /// `POST /api/v1/plans/{id}/extractions`: 201 with the new fact (rule `manual`).
    @Sendable func add(_ request: Request, context: AppContext) async throws -> JSON<Extraction> {
        let plan = try await plans.editable(context.parameters.get("id"), actor: context.actor)
        let body = try await request.decode(as: AddRequest.self, context: context)
        let kind = try ExtractionKind(parameter: body.kind)
        let status = try body.status.map { try ExtractionStatus(parameter: $0) } ?? .accepted
        let added = try await plans.addExtraction(to: plan, kind: kind, start: body.start, end: body.end, fields: body.fields ?? [:],
                                                  status: status, actor: context.actor)
        return JSON(added, status: .created)
    }

    struct AcceptPendingResult: Encodable, Sendable {
        let accepted: Int
        let needsEdit: [Int64]
    }

    @Sendable func acceptPending(_ request: Request, context: AppContext) async throws -> JSON<AcceptPendingResult> {
        let plan = try await plans.editable(context.parameters.get("id"), actor: context.actor)
        let result = try await plans.acceptPending(of: plan, actor: context.actor)
        return JSON(AcceptPendingResult(accepted: result.accepted, needsEdit: result.needsEdit))
    }

    @Sendable func publish(_ request: Request, context: AppContext) async throws -> JSON<PublishSummary> {
        let plan = try await plans.editable(context.parameters.get("id"), actor: context.actor)
        return JSON(try await plans.publish(plan, actor: context.actor))
    }

    @Sendable func provenance(_ request: Request, context: AppContext) async throws -> JSON<ItemList<ProvenanceRecord>> {
        let query = request.uri.queryParameters
        guard let entity = query["entity"].map(String.init), let id = query["id"].flatMap({ Int64(String($0)) }) else {
            throw JunhengError.invalid(field: "entity", "请给出 entity（如 target、service_item、task）和 id")
        }
        return JSON(ItemList(try await plans.provenance(entity: entity, id: id)))
    }
}

extension PlanUseCases.Upload {
    /// The document of an API call (the raw body) or a page form (field `file`), and `region`.
    init(request: inout Request, context: AppContext) async throws {
        let file = try await UploadedFile(request: &request, context: context)
        self.init(filename: file.filename == "upload" ? "plan.txt" : file.filename, data: file.data,
                  region: try optionalRegionCode(file.fields["region"], field: "region"))
    }
}

extension ExtractionKind {
    /// The kind a request names (`?kind=`, a body's `kind`, a form's choice).
    /// - Throws: `invalid` on `kind` for a missing or unknown one.
    init(parameter raw: String?) throws {
        guard let kind = raw.flatMap(ExtractionKind.init(rawValue:)) else {
            throw JunhengError.invalid(field: "kind", "类型应为 item、target、task 或 project")
        }
        self = kind
    }
}

extension ExtractionStatus {
    /// The status a request names. - Throws: `invalid` on `status` for an unknown one.
    init(parameter raw: String) throws {
        guard let status = ExtractionStatus(rawValue: raw) else {
            throw JunhengError.invalid(field: "status", "状态应为 pending、accepted 或 dropped")
        }
        self = status
    }
}

extension ExtractionOrder {
    /// The order a request asks for (`?order=`). - Throws: `invalid` on `order` for an unknown one.
    init(parameter raw: String) throws {
        guard let order = ExtractionOrder(rawValue: raw) else {
            throw JunhengError.invalid(field: "order", "排序应为 document（原文顺序）或 confidence（最可疑的在前）")
        }
        self = order
    }
}

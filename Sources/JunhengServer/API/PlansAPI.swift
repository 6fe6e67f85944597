import Foundation
import Hummingbird
import JunhengCore
import Storage

/// `/api/v1/plans`: ingest a plan document into a draft, review its facts, publish it;
/// `/api/v1/provenance`: the sentence a stored fact came from.
struct PlansAPI {
    let services: JunhengServices

    func register(on api: RouterGroup<AppContext>) {
        api.post("plans/ingest", use: ingest)
        api.get("plans", use: list)
        api.get("plans/:id", use: show)
        api.get("plans/:id/extractions", use: extractions)
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

    /// The body is the file itself (any text encoding), or a multipart form with `file` and `region`.
    @Sendable func ingest(_ request: Request, context: AppContext) async throws -> JSON<IngestResponse> {
        _ = try services.requireUser(context)
        var request = request
        let upload = try await PlanUpload(request: &request, context: context)
        let (plan, counts) = try await services.ingestPlan(upload, context: context)
        return JSON(IngestResponse(plan: plan, extractions: counts, reviewURL: "/plans/\(plan.id)"), status: .created)
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> JSON<ItemList<PlanRecord>> {
        let region = try request.uri.queryParameters["region"].map { try regionCode(String($0), field: "region") }
        let plans = try await PlanStore(services.database.sql).plans(regionCodes: region.map { [$0] })
        var visible: [PlanRecord] = []
        for plan in plans where try await services.mayRead(plan, context: context) { visible.append(plan) }
        return JSON(ItemList(visible))
    }

    struct PlanDetail: Encodable, Sendable {
        let plan: PlanRecord
        /// Counts by kind, then status: {"target": {"pending": 12, …}, …}.
        let extractions: [String: [String: Int]]
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> JSON<PlanDetail> {
        let plan = try await services.readablePlan(context.parameters.get("id"), context: context)
        let all = try await PlanStore(services.database.sql).extractions(planID: plan.id)
        var counts: [String: [String: Int]] = [:]
        for extraction in all { counts[extraction.kind.rawValue, default: [:]][extraction.status.rawValue, default: 0] += 1 }
        return JSON(PlanDetail(plan: plan, extractions: counts))
    }

    @Sendable func extractions(_ request: Request, context: AppContext) async throws -> JSON<ItemList<Extraction>> {
        let plan = try await services.readablePlan(context.parameters.get("id"), context: context)
        let kind = try request.uri.queryParameters["kind"].map { raw -> ExtractionKind in
            guard let kind = ExtractionKind(rawValue: String(raw)) else {
                throw JunhengError.invalid(field: "kind", "类型应为 item、target、task 或 project")
            }
            return kind
        }
        var list = try await PlanStore(services.database.sql).extractions(planID: plan.id, kind: kind)
        if let status = request.uri.queryParameters["status"] { list = list.filter { $0.status.rawValue == status } }
        return JSON(ItemList(list))
    }

    struct ReviewRequest: Decodable {
        let status: ExtractionStatus?
        let fields: [String: String]?
    }

    @Sendable func review(_ request: Request, context: AppContext) async throws -> JSON<Extraction> {
        let plan = try await services.editablePlan(context.parameters.get("id"), context: context)
        guard let id = context.parameters.get("extraction", as: Int64.self) else { throw APIError.notFound("提取项") }
        let body = try await request.decode(as: ReviewRequest.self, context: context)
        let actor = context.auditActor
        return JSON(try await services.database.transaction { db in
            try await PlanStore(db).review(id, planID: plan.id, status: body.status, fields: body.fields, actor: actor)
        })
    }

    struct AcceptPendingResult: Encodable, Sendable {
        let accepted: Int
        let needsEdit: [Int64]
    }

    @Sendable func acceptPending(_ request: Request, context: AppContext) async throws -> JSON<AcceptPendingResult> {
        let plan = try await services.editablePlan(context.parameters.get("id"), context: context)
        let actor = context.auditActor
        let result = try await services.database.transaction { db in
            try await PlanStore(db).acceptPending(planID: plan.id, actor: actor)
        }
        return JSON(AcceptPendingResult(accepted: result.accepted, needsEdit: result.needsEdit))
    }

    @Sendable func publish(_ request: Request, context: AppContext) async throws -> JSON<PublishSummary> {
        let plan = try await services.editablePlan(context.parameters.get("id"), context: context)
        let actor = context.auditActor
        return JSON(try await services.database.transaction { db in
            try await PlanStore(db).publish(planID: plan.id, actor: actor)
        })
    }

    @Sendable func provenance(_ request: Request, context: AppContext) async throws -> JSON<ItemList<ProvenanceRecord>> {
        let query = request.uri.queryParameters
        guard let entity = query["entity"].map(String.init), let id = query["id"].flatMap({ Int64(String($0)) }) else {
            throw JunhengError.invalid(field: "entity", "请给出 entity（如 target、service_item、task）和 id")
        }
        return JSON(ItemList(try await ProvenanceStore(services.database.sql).records(entity: entity, entityID: id)))
    }
}

/// A file from either an API call (the raw body, named by `?filename=`) or a page form
/// (multipart, field `file`), with the form's other fields.
struct UploadedFile {
    let filename: String
    let data: Data
    let fields: [String: String]

    init(request: inout Request, context: AppContext) async throws {
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        if contentType.hasPrefix("multipart/form-data") {
            let form = try await MultipartForm(request: &request, context: context)
            guard let file = form.files["file"] else { throw JunhengError.invalid(field: "file", "请选择要上传的文件") }
            filename = file.filename
            data = file.data
            fields = form.fields
        } else {
            let query = request.uri.queryParameters
            filename = query["filename"].map(String.init) ?? "upload"
            data = Data(buffer: try await request.collectBody(upTo: context.maxUploadSize))
            fields = Dictionary(query.map { (String($0.key), String($0.value)) }, uniquingKeysWith: { first, _ in first })
        }
    }
}

/// A plan document and, when the document does not name it, its region.
struct PlanUpload {
    let filename: String
    let data: Data
    let region: RegionCode?

    init(request: inout Request, context: AppContext) async throws {
        let file = try await UploadedFile(request: &request, context: context)
        filename = file.filename == "upload" ? "plan.txt" : file.filename
        data = file.data
        region = try file.fields["region"].flatMap { $0.isEmpty ? nil : $0 }.map { try regionCode($0, field: "region") }
    }
}

extension JunhengServices {
    /// Reads the document, stores the draft and its facts; the caller must plan for the region.
    func ingestPlan(_ upload: PlanUpload, context: AppContext) async throws -> (PlanRecord, [String: Int]) {
        let draft = try PlanDraftBuilder.draft(document: upload.data, filename: upload.filename, region: upload.region)
        try await authorize(.managePlans, region: draft.regionCode, context: context)
        let actor = context.auditActor
        let plan = try await database.transaction { db in try await PlanStore(db).createDraft(draft, actor: actor) }
        var counts: [String: Int] = [:]
        for extraction in draft.extractions { counts[extraction.kind.rawValue, default: 0] += 1 }
        return (plan, counts)
    }

    /// Published plans are public; drafts only to those who may manage plans for the region.
    func mayRead(_ plan: PlanRecord, context: AppContext) async throws -> Bool {
        if plan.status == "published" { return true }
        guard let user = context.user else { return false }
        let path = try await regionPath(plan.regionCode)
        return policy.decide(role: user.role, scope: user.scope, permission: .managePlans, targetRegionPath: path).isAllowed
    }

    func readablePlan(_ idText: String?, context: AppContext) async throws -> PlanRecord {
        guard let id = idText.flatMap(Int64.init),
              let plan = try await PlanStore(database.sql).plan(id), try await mayRead(plan, context: context)
        else { throw APIError.notFound("规划 \(idText ?? "")") }
        return plan
    }

    func editablePlan(_ idText: String?, context: AppContext) async throws -> PlanRecord {
        _ = try requireUser(context)
        let plan = try await readablePlan(idText, context: context)
        try await authorize(.managePlans, region: plan.regionCode, context: context)
        return plan
    }
}

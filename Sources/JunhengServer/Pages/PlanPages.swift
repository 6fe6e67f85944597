import Foundation
import Hummingbird
import JunhengCore
import Storage

/// Plan pages: the list with an upload form, and the review page of a draft.
struct PlanPages {
    let services: JunhengServices

    func register(on router: Router<AppContext>) {
        router.get("plans", use: list)
        router.post("plans", use: upload)
        router.get("plans/:id", use: show)
        router.post("plans/:id/extractions/:extraction", use: review)
        router.post("plans/:id/accept-pending", use: acceptPending)
        router.post("plans/:id/publish", use: publish)
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        try await renderList(request: request, context: context)
    }

    private func renderList(request: Request, context: AppContext, formError: String? = nil,
                            status: HTTPResponse.Status = .ok) async throws -> Response {
        var visible: [PlanRecord] = []
        for plan in try await PlanStore(services.database.sql).plans() where try await services.mayRead(plan, context: context) {
            visible.append(plan)
        }
        let mayUpload = context.user.map { $0.role.permissions.contains(.managePlans) } ?? false
        return try services.pages.render("plans", title: context.language.strings["plans"]!, values: [
            "plans": visible.map { plan in [
                "id": plan.id, "title": plan.title, "region": plan.regionCode.rawValue, "documentNumber": plan.documentNumber,
                "period": [plan.periodStart, plan.periodEnd].compactMap { $0.map(String.init) }.joined(separator: "–"),
                "status": plan.status == "published" ? "已发布" : "草稿", "isDraft": plan.status == "draft",
            ] as [String: Any] },
            "mayUpload": mayUpload,
        ], request: request, context: context, status: status, formError: formError)
    }

    @Sendable func upload(_ request: Request, context: AppContext) async throws -> Response {
        _ = try services.requireUser(context)
        var request = request
        do {
            let upload = try await PlanUpload(request: &request, context: context)
            let (plan, _) = try await services.ingestPlan(upload, context: context)
            return Response.redirect(to: "/plans/\(plan.id)", type: .found)
        } catch let error as JunhengError {
            let apiError = APIError.from(error)
            return try await renderList(request: request, context: context, formError: apiError.message, status: apiError.status)
        }
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let plan = try await services.readablePlan(context.parameters.get("id"), context: context)
        return try await renderPlan(plan, request: request, context: context)
    }

    private func renderPlan(_ plan: PlanRecord, request: Request, context: AppContext, formError: String? = nil,
                            status: HTTPResponse.Status = .ok) async throws -> Response {
        let store = PlanStore(services.database.sql)
        let extractions = try await store.extractions(planID: plan.id)
        var source: SourceDocument?
        if let sourceID = plan.sourceDocumentID { source = try await store.sourceDocument(sourceID) }
        var mayEdit = false
        if plan.status == "draft", let user = context.user {
            let path = try await services.regionPath(plan.regionCode)
            mayEdit = services.policy.decide(role: user.role, scope: user.scope, permission: .managePlans,
                                             targetRegionPath: path).isAllowed
        }
        let groups = ExtractionKind.allCases.map { kind in Self.group(kind, extractions.filter { $0.kind == kind }) }
        let pending = extractions.filter { $0.status == .pending }.count
        let planValues: [String: Any] = [
            "id": plan.id, "title": plan.title, "issuer": plan.issuer, "documentNumber": plan.documentNumber,
            "region": plan.regionCode.rawValue, "signedOn": plan.signedOn ?? "", "status": plan.status,
            "isDraft": plan.status == "draft",
            "period": [plan.periodStart, plan.periodEnd].compactMap { $0.map(String.init) }.joined(separator: "–"),
        ]
        let values: [String: Any] = [
            "plan": planValues, "groups": groups, "pending": pending, "mayEdit": mayEdit,
            "mayPublish": mayEdit && pending == 0, "encoding": source?.encoding ?? "", "filename": source?.filename ?? "",
            "text": source.map { HighlightedText.html(text: $0.repairedText, extractions: extractions) } ?? "",
        ]
        return try services.pages.render("plan", title: plan.title, values: values, request: request, context: context,
                                         status: status, formError: formError)
    }

    private static func group(_ kind: ExtractionKind, _ extractions: [Extraction]) -> [String: Any] {
        let rows: [[String: Any]] = extractions.map { extraction in
            [
                "id": extraction.id, "status": extraction.status.rawValue, "statusName": extraction.status.chineseName,
                "edited": extraction.edited, "quote": extraction.quote, "summary": summary(extraction),
                "fields": kind.fieldNames.map {
                    ["name": $0, "label": ExtractionKind.fieldLabel($0), "value": extraction.fields[$0] ?? ""]
                },
            ]
        }
        return ["kind": kind.rawValue, "name": kind.chineseName, "count": extractions.count,
                "pending": extractions.filter { $0.status == .pending }.count, "extractions": rows]
    }

    /// One line a reviewer can read at a glance, e.g. "≥ 96.5 % （2025年）".
    static func summary(_ extraction: Extraction) -> String {
        let f = extraction.fields
        switch extraction.kind {
        case .item: return "\(f["domain"] ?? "")：\(f["name"] ?? "")"
        case .target:
            let value = [f["value"], f["valueHigh"]].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "–")
            let year = (f["year"] ?? "").isEmpty ? "" : "（\(f["year"]!)年）"
            let kind = f["kind"] == "achievement" ? "［已取得］" : ""
            return "\(kind)\(f["per"] ?? "")\(f["indicator"] ?? "") \(f["comparator"] ?? "") \(value)\(f["unit"] ?? "")\(year)"
        case .task: return "\(f["title"] ?? "")｜牵头：\(f["lead"] ?? "—")｜配合：\(f["cooperating"] ?? "—")"
        case .project: return "\(f["name"] ?? "")｜\(f["quantities"] ?? "")"
        }
    }

    @Sendable func review(_ request: Request, context: AppContext) async throws -> Response {
        let plan = try await services.editablePlan(context.parameters.get("id"), context: context)
        guard let id = context.parameters.get("extraction", as: Int64.self) else { throw APIError.notFound("提取项") }
        var request = request
        let form = FormFields(String(buffer: try await request.collectBody(upTo: 256 * 1024)))
        let current = try await PlanStore(services.database.sql).extraction(id, planID: plan.id)
        let decision = form["decision"] ?? "save"
        let status: ExtractionStatus? = switch decision {
        case "accept": .accepted
        case "drop": .dropped
        case "reset": .pending
        default: nil
        }
        let fields = decision == "drop" || decision == "reset" ? nil
            : Dictionary(uniqueKeysWithValues: current.kind.fieldNames.compactMap { name in form[name].map { (name, $0) } })
        let actor = context.auditActor
        do {
            _ = try await services.database.transaction { db in
                try await PlanStore(db).review(id, planID: plan.id, status: status, fields: fields, actor: actor)
            }
        } catch let error as JunhengError {
            let apiError = APIError.from(error)
            return try await renderPlan(plan, request: request, context: context,
                                        formError: "#\(id)：\(apiError.message)", status: apiError.status)
        }
        return Response.redirect(to: "/plans/\(plan.id)#x\(id)", type: .found)
    }

    @Sendable func acceptPending(_ request: Request, context: AppContext) async throws -> Response {
        let plan = try await services.editablePlan(context.parameters.get("id"), context: context)
        let actor = context.auditActor
        _ = try await services.database.transaction { db in try await PlanStore(db).acceptPending(planID: plan.id, actor: actor) }
        return Response.redirect(to: "/plans/\(plan.id)", type: .found)
    }

    @Sendable func publish(_ request: Request, context: AppContext) async throws -> Response {
        let plan = try await services.editablePlan(context.parameters.get("id"), context: context)
        let actor = context.auditActor
        do {
            _ = try await services.database.transaction { db in try await PlanStore(db).publish(planID: plan.id, actor: actor) }
        } catch let error as JunhengError {
            let apiError = APIError.from(error)
            return try await renderPlan(plan, request: request, context: context, formError: apiError.message, status: apiError.status)
        }
        return Response.redirect(to: "/plans/\(plan.id)", type: .found)
    }
}

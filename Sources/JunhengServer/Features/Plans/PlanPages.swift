import Foundation
import Hummingbird
import JunhengApp
import JunhengCore
import Storage

/// Plan pages: the list with an upload form, and the review page of a draft.
struct PlanPages {
    let services: JunhengServices
    private var plans: PlanUseCases { services.app.plans }

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

    private func renderList(request: Request, context: AppContext, formError: FormError? = nil) async throws -> Response {
        let visible = try await plans.plans(actor: context.actor)
        let mayUpload = context.user.map { $0.role.permissions.contains(.managePlans) } ?? false
        return try services.pages.render("Plans/plans", title: context.language.strings["plans"]!, values: [
            "plans": visible.map { plan in [
                "id": plan.id, "title": plan.title, "region": plan.regionCode.rawValue, "documentNumber": plan.documentNumber,
                "period": [plan.periodStart, plan.periodEnd].compactMap { $0.map(String.init) }.joined(separator: "–"),
                "status": plan.status == "published" ? "已发布" : "草稿", "isDraft": plan.status == "draft",
            ] as [String: Any] },
            "mayUpload": mayUpload,
        ], request: request, context: context, formError: formError)
    }

    @Sendable func upload(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        var request = request
        let outcome = try await FormError.catching {
            let upload = try await PlanUseCases.Upload(request: &request, context: context)
            return try await plans.ingest(upload, actor: context.actor).plan
        }
        switch outcome {
        case .success(let plan): return Response.redirect(to: "/plans/\(plan.id)", type: .found)
        case .failure(let error): return try await renderList(request: request, context: context, formError: error)
        }
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let plan = try await plans.readable(context.parameters.get("id"), actor: context.actor)
        return try await renderPlan(plan, request: request, context: context)
    }

    private func renderPlan(_ plan: PlanRecord, request: Request, context: AppContext, formError: FormError? = nil) async throws -> Response {
        let extractions = try await plans.extractions(of: plan)
        let source = try await plans.sourceDocument(of: plan)
        let mayEdit = try await plans.mayEdit(plan, actor: context.actor)
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
        return try services.pages.render("Plans/plan", title: plan.title, values: values, request: request, context: context,
                                         formError: formError)
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
        let plan = try await plans.editable(context.parameters.get("id"), actor: context.actor)
        guard let id = context.parameters.get("extraction", as: Int64.self) else { throw APIError.notFound("提取项") }
        var request = request
        let form = try await FormFields.read(&request, limit: 256 * 1024)
        let current = try await plans.extraction(id, of: plan)
        let decision = form["decision"] ?? "save"
        let status: ExtractionStatus? = switch decision {
        case "accept": .accepted
        case "drop": .dropped
        case "reset": .pending
        default: nil
        }
        let fields = decision == "drop" || decision == "reset" ? nil
            : Dictionary(uniqueKeysWithValues: current.kind.fieldNames.compactMap { name in form[name].map { (name, $0) } })
        let outcome = try await FormError.catching(prefix: "#\(id)：") {
            try await plans.review(id, of: plan, status: status, fields: fields, actor: context.actor)
        }
        if case .failure(let error) = outcome { return try await renderPlan(plan, request: request, context: context, formError: error) }
        return Response.redirect(to: "/plans/\(plan.id)#x\(id)", type: .found)
    }

    @Sendable func acceptPending(_ request: Request, context: AppContext) async throws -> Response {
        let plan = try await plans.editable(context.parameters.get("id"), actor: context.actor)
        _ = try await plans.acceptPending(of: plan, actor: context.actor)
        return Response.redirect(to: "/plans/\(plan.id)", type: .found)
    }

    @Sendable func publish(_ request: Request, context: AppContext) async throws -> Response {
        let plan = try await plans.editable(context.parameters.get("id"), actor: context.actor)
        let outcome = try await FormError.catching { try await plans.publish(plan, actor: context.actor) }
        if case .failure(let error) = outcome { return try await renderPlan(plan, request: request, context: context, formError: error) }
        return Response.redirect(to: "/plans/\(plan.id)", type: .found)
    }
}

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
        router.post("plans/:id/extractions", use: add)
        router.post("plans/:id/extractions/:extraction", use: review)
        router.post("plans/:id/accept-pending", use: acceptPending)
        router.get("plans/:id/publish", use: confirmPublish)
        router.post("plans/:id/publish", use: publish)
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        try await renderList(request: request, context: context)
    }

    private func renderList(request: Request, context: AppContext, formError: FormError? = nil) async throws -> Response {
        // `?region=CODE` (the region page's link) lists only that region's plans.
        let region = try optionalRegionCode(request.uri.queryParameters["region"].map(String.init), field: "region")
        let visible = try await plans.plans(region: region, actor: context.actor)
        let mayUpload = context.user.map { $0.role.permissions.contains(.managePlans) } ?? false
        return try services.pages.render("Plans/plans", title: context.language.strings["plans"]!,
                                         page: PlansPage(plans: visible.map { PlansPage.Row($0, language: context.language) }, mayUpload: mayUpload),
                                         request: request, context: context, formError: formError)
    }

    @Sendable func upload(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        var request = request
        let outcome: Result<PlanUseCases.Submission, FormError>
        do {
            outcome = try await FormError.catching {
                let upload = try await PlanUseCases.Upload(request: &request, context: context)
                return try await plans.submit(upload, actor: context.actor)
            }
        } catch JunhengError.forbidden(let reason) where context.user?.role.permissions.contains(.managePlans) == true {
            // A planner's file for a region outside their scope: say so on the form, which stays.
            outcome = .failure(FormError(message: reason, details: [], status: .forbidden))
        }
        switch outcome {
        case .success(.stored(let plan, _)): return Response.redirect(to: "/plans/\(plan.id)", type: .found)
        // A PDF or .doc file is read in the background: its job's page follows it to the draft.
        case .success(.queued(let job)): return JobPages.redirect(to: job)
        case .failure(let error): return try await renderList(request: request, context: context, formError: error)
        }
    }

    /// The plan; with `?add=<kind>&start=&end=` (the selection form) also the form that adds a
    /// fact of that kind from the selected passage, proposed from it, for someone who may edit.
    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let plan = try await plans.readable(context.parameters.get("id"), actor: context.actor)
        let query = request.uri.queryParameters
        guard let kindName = query["add"].map(String.init), try await plans.mayEdit(plan, actor: context.actor) else {
            return try await renderPlan(plan, request: request, context: context)
        }
        let (start, end) = (query["start"].map(String.init) ?? "", query["end"].map(String.init) ?? "")
        let outcome = try await FormError.catching {
            let kind = try ExtractionKind(parameter: kindName)
            return try await plans.selection(of: plan, kind: kind, start: try Self.offset(start, field: "start"),
                                             end: try Self.offset(end, field: "end"))
        }
        switch outcome {
        case .success(let selection):
            let (start, end) = (String(selection.span.repairedStart), String(selection.span.repairedEnd))
            let form = PlanPage.AddForm(kind: selection.kind, start: start, end: end, quote: selection.quote,
                                        fields: selection.fields, language: context.language)
            return try await renderPlan(plan, request: request, context: context, addition: Addition(start: start, end: end, form: form))
        case .failure(let error):
            return try await renderPlan(plan, request: request, context: context, formError: error,
                                        addition: Addition(start: start, end: end, form: nil))
        }
    }

    /// What the reviewer is adding, shown on the page: the selection's offsets as typed and,
    /// once a passage is chosen, the form of the fact.
    private struct Addition {
        var start: String
        var end: String
        var form: PlanPage.AddForm?
    }

    /// Which facts a request lists: `?order=confidence` (most doubtful first), `?status=`,
    /// `?offset=`; values the page does not know fall back to the defaults.
    static func listing(_ request: Request) -> PlanPage.Listing {
        let query = request.uri.queryParameters
        return PlanPage.Listing(order: query["order"].flatMap { ExtractionOrder(rawValue: String($0)) } ?? .document,
                                status: query["status"].flatMap { ExtractionStatus(rawValue: String($0)) },
                                offset: query["offset"].flatMap { Int(String($0)) }.map { max(0, $0) } ?? 0)
    }

    /// A selection offset as typed: nil when blank.
    /// - Throws: `invalid` on `field` for anything but a whole number.
    static func offset(_ raw: String, field: String) throws -> Int? {
        let text = raw.trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return nil }
        guard let value = Int(text) else {
            throw JunhengError.invalid(field: field, "\(field == "start" ? "起始" : "结束")位置“\(text.prefix(20))”不是整数")
        }
        return value
    }

    private func renderPlan(_ plan: PlanRecord, request: Request, context: AppContext, formError: FormError? = nil,
                            published: PublishSummary? = nil, addition: Addition? = nil) async throws -> Response {
        // Facts are shown a page at a time (`?offset=`), so a draft of thousands stays readable.
        let listing = Self.listing(request)
        let shown = try await plans.extractions(of: plan, status: listing.status, order: listing.order, offset: listing.offset,
                                                limit: PlanPage.pageSize)
        let counts = try await plans.extractionCounts(of: plan)
        let source = try await plans.sourceDocument(of: plan)
        let mayEdit = try await plans.mayEdit(plan, actor: context.actor)
        var page = PlanPage(plan, extractions: shown.items, counts: counts, listing: listing, total: shown.total,
                            source: source, mayEdit: mayEdit, mayApprove: try await plans.mayApprove(plan, actor: context.actor),
                            language: context.language)
        let punctuation = context.language.punctuation
        page.documentRegion = try await plans.mismatchedDocumentRegion(of: plan)
            .map { "\($0.name)\(punctuation.open)\($0.code.rawValue)\(punctuation.close)" }
        page.published = published.map(PlanPage.Published.init)
        if let addition, page.selectionForm != nil {
            page.keepSelection(start: addition.start, end: addition.end)
            page.addForm = addition.form
        }
        return try services.pages.render("Plans/plan", title: plan.title, page: page,
                                         request: request, context: context, formError: formError)
    }

    /// Adds the fact the form completes (`add`: its kind, as the selection form names it, since a
    /// target has a field `kind` of its own; `start`, `end`, the kind's fields; `decision`
    /// `pending` or, by default, accepted), then shows it on the last page of the listing, where
    /// facts added by hand come. A refusal shows both forms again as typed, the refused fields
    /// marked, and stores nothing.
    @Sendable func add(_ request: Request, context: AppContext) async throws -> Response {
        let plan = try await plans.editable(context.parameters.get("id"), actor: context.actor)
        var request = request
        let form = try await FormFields.read(&request, limit: 256 * 1024)
        let (start, end) = (form["start"] ?? "", form["end"] ?? "")
        let kind = try? ExtractionKind(parameter: form["add"])
        let typed = Dictionary(uniqueKeysWithValues: (kind?.fieldNames ?? []).compactMap { name in form[name].map { (name, $0) } })
        let outcome = try await FormError.catching {
            try await plans.addExtraction(to: plan, kind: try ExtractionKind(parameter: form["add"]),
                                          start: try Self.offset(start, field: "start"), end: try Self.offset(end, field: "end"),
                                          fields: typed, status: form["decision"] == "pending" ? .pending : .accepted,
                                          actor: context.actor)
        }
        switch outcome {
        case .success(let added):
            var listing = Self.listing(request)
            let total = try await plans.extractions(of: plan, status: listing.status, order: listing.order, offset: 0, limit: 1).total
            listing.offset = total > PlanPage.pageSize ? (total - 1) / PlanPage.pageSize * PlanPage.pageSize : 0
            return Response.redirect(to: "/plans/\(plan.id)\(listing.query())#fact-\(added.id)", type: .found)
        case .failure(let error):
            var addForm: PlanPage.AddForm?
            if let kind {
                let quote = try? await plans.selection(of: plan, kind: kind, start: Int(start), end: Int(end)).quote
                addForm = PlanPage.AddForm(kind: kind, start: start, end: end, quote: quote ?? "", fields: typed,
                                           problems: Dictionary(error.details.map { ($0.field, $0.reason) }) { first, _ in first },
                                           language: context.language)
            }
            return try await renderPlan(plan, request: request, context: context, formError: error,
                                        addition: Addition(start: start, end: end, form: addForm))
        }
    }

    /// One line a reviewer can read at a glance, e.g. "≥ 96.5 % （2025年）" ("≥ 96.5 % (2025)").
    static func summary(_ extraction: Extraction, language: Language = .chinese) -> String {
        let f = extraction.fields
        let chinese = language == .chinese
        let colon = language.punctuation.colon
        let bar = chinese ? "｜" : " | "
        switch extraction.kind {
        case .item: return "\(f["domain"] ?? "")\(colon)\(f["name"] ?? "")"
        case .target:
            let value = [f["value"], f["valueHigh"]].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "–")
            let year = (f["year"] ?? "").isEmpty ? "" : language.format("summaryYear", f["year"]!)
            let kind = f["kind"] == "achievement" ? language.text("summaryAchieved") : ""
            // Chinese runs the base into the indicator (每千名儿童…); English keeps them apart.
            let per = (f["per"] ?? "").isEmpty || chinese ? f["per"] ?? "" : f["per"]! + " "
            return "\(kind)\(per)\(f["indicator"] ?? "") \(f["comparator"] ?? "") \(value)\(f["unit"] ?? "")\(year)"
        case .task:
            return "\(f["title"] ?? "")\(bar)\(language.text("summaryLead"))\(colon)\(f["lead"] ?? "—")"
                + "\(bar)\(language.text("summaryCooperating"))\(colon)\(f["cooperating"] ?? "—")"
        case .project: return "\(f["name"] ?? "")\(bar)\(f["quantities"] ?? "")"
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
        let outcome = try await FormError.catching(prefix: "#\(id)" + context.language.punctuation.colon) {
            try await plans.review(id, of: plan, status: status, fields: fields, actor: context.actor)
        }
        if case .failure(let error) = outcome { return try await renderPlan(plan, request: request, context: context, formError: error) }
        // Back to the page of facts the form was on, in its order.
        return Response.redirect(to: "/plans/\(plan.id)\(Self.listing(request).query())#x\(id)", type: .found)
    }

    @Sendable func acceptPending(_ request: Request, context: AppContext) async throws -> Response {
        let plan = try await plans.editable(context.parameters.get("id"), actor: context.actor)
        _ = try await plans.acceptPending(of: plan, actor: context.actor)
        return Response.redirect(to: "/plans/\(plan.id)", type: .found)
    }

    /// What publishing will create, with the button that does it: publishing cannot be undone.
    @Sendable func confirmPublish(_ request: Request, context: AppContext) async throws -> Response {
        let plan = try await plans.editable(context.parameters.get("id"), actor: context.actor)
        try await plans.requireApprover(of: plan, actor: context.actor)
        return try await renderConfirmation(plan, request: request, context: context)
    }

    private func renderConfirmation(_ plan: PlanRecord, request: Request, context: AppContext) async throws -> Response {
        let outcome = try await FormError.catching { try await plans.preview(plan) }
        switch outcome {
        case .success(let publication):
            return try services.pages.render("Plans/publish", title: context.language.strings["confirmPublish"]!,
                                             page: PublishConfirmationPage(plan, publication), request: request, context: context)
        case .failure(var error):
            // The refusal for unreviewed facts is worded in Chinese by the rules; say it in the page's language.
            if context.language == .english, error.status == .conflict {
                let pending = try await plans.extractions(of: plan).filter { $0.status == .pending }.count
                if pending > 0 {
                    error = FormError(message: context.language.format("pendingBeforePublish", pending), details: error.details,
                                      status: error.status)
                }
            }
            return try await renderPlan(plan, request: request, context: context, formError: error)
        }
    }

    /// Publishes once confirmed (`confirm=yes` from the confirmation page), then shows the plan
    /// with what was created.
    @Sendable func publish(_ request: Request, context: AppContext) async throws -> Response {
        let plan = try await plans.editable(context.parameters.get("id"), actor: context.actor)
        var request = request
        let form = try await FormFields.read(&request)
        guard form["confirm"] == "yes" else { return try await renderConfirmation(plan, request: request, context: context) }
        let outcome = try await FormError.catching { try await plans.publish(plan, actor: context.actor) }
        switch outcome {
        case .success(let summary):
            let published = try await plans.readable(String(plan.id), actor: context.actor)
            return try await renderPlan(published, request: request, context: context, published: summary)
        case .failure(let error):
            return try await renderPlan(plan, request: request, context: context, formError: error)
        }
    }
}


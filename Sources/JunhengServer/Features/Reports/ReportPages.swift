import Foundation
import Hummingbird
import JunhengApp
import JunhengCore
import Storage

/// Pages for annual monitoring reports and mid-term evaluations: the public list, a report (a
/// draft's preview with its editor, or a published edition), and its PDF, DOCX and XLSX files —
/// a published edition's exactly as stored, a draft's written on request for its authors.
struct ReportPages {
    let services: JunhengServices
    private var reports: ReportUseCases { services.app.reports }

    func register(on router: Router<AppContext>) {
        router.get("reports", use: list)
        router.post("reports", use: create)
        router.get("reports/:id", use: report)
        router.post("reports/:id", use: save)
        router.post("reports/:id/publish", use: publish)
        router.post("reports/:id/edition", use: newEdition)
        router.post("reports/:id/delete", use: delete)
        router.get("reports/:id/:format", use: file)
    }

    private func mayWrite(_ context: AppContext) -> Bool {
        context.user?.role.permissions.contains(.writeReports) == true
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        try await renderList(request: request, context: context)
    }

    private func renderList(request: Request, context: AppContext, typed: ReportsPage.Typed = .init(),
                            formError: FormError? = nil) async throws -> Response {
        var typed = typed
        if typed.region.isEmpty, mayWrite(context) {
            typed.region = try await services.app.regions.region(nil, orHomeOf: context.actor).rawValue
        }
        if typed.year.isEmpty { typed.year = String(Int(services.app.tasks.today.description.prefix(4))! - 1) }
        let page = ReportsPage(reports: try await reports.reports(actor: context.actor), mayWrite: mayWrite(context),
                               plans: mayWrite(context) ? try await services.app.plans.plans(actor: context.actor) : [],
                               typed: typed, language: context.language)
        return try services.pages.render("Reports/reports", title: context.language.text("reports"), page: page,
                                         request: request, context: context, formError: formError)
    }

    /// Starts a draft; a mistake shows the list again with what was typed.
    @Sendable func create(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        var request = request
        let form = try await FormFields.read(&request)
        let typed = ReportsPage.Typed(region: form["region"] ?? "", year: form["year"] ?? "", kind: form["kind"] ?? "annual",
                                      plan: form["plan"] ?? "", title: form["title"] ?? "")
        let language = context.language
        let outcome = try await FormError.catching {
            guard let kind = ReportKind(rawValue: typed.kind) else { throw JunhengError.invalid(field: "kind", typed.kind) }
            guard let year = Int(typed.year.trimmingCharacters(in: .whitespaces)) else {
                throw JunhengError.invalid(field: "year", language.format("notInteger", typed.year))
            }
            let plan: Int64? = typed.plan.isEmpty ? nil : Int64(typed.plan)
            return try await reports.createDraft(kind: kind, region: try regionCode(typed.region.trimmingCharacters(in: .whitespaces),
                                                                                     field: "region"),
                                                 planID: plan, year: year, title: typed.title, actor: context.actor)
        }
        switch outcome {
        case .success(let report): return Response.redirect(to: "/reports/\(report.id)", type: .found)
        case .failure(let error): return try await renderList(request: request, context: context, typed: typed, formError: error)
        }
    }

    /// A published edition reads the same for everyone not signed in (a draft is refused to
    /// them), so theirs comes from the public cache; a new edition or publication empties it.
    @Sendable func report(_ request: Request, context: AppContext) async throws -> Response {
        guard context.user == nil else { return try await renderReport(context.parameters.get("id"), request: request, context: context) }
        return try await services.pages.publicPage("Reports/report", request: request, context: context) {
            let view = try await reports.report(context.parameters.get("id"), actor: context.actor)
            return (view.report.title, ReportPage(view, mayWrite: false, typed: nil, shapes: try await shapes(view),
                                                  language: context.language))
        }
    }

    private func renderReport(_ id: String?, request: Request, context: AppContext, typed: FormFields? = nil,
                              formError: FormError? = nil) async throws -> Response {
        let view = try await reports.report(id, actor: context.actor)
        let page = ReportPage(view, mayWrite: mayWrite(context), typed: typed, shapes: try await shapes(view), language: context.language)
        var response = try services.pages.render("Reports/report", title: view.report.title, page: page, request: request,
                                                 context: context, formError: formError)
        if view.report.stage == .draft { response.headers[.cacheControl] = "no-store" }
        return response
    }

    /// The boundaries of the report's region's children, for its map.
    private func shapes(_ view: ReportWithFigures) async throws -> MapShapes? {
        try await ReportFiles.shapes(view.figures, services: services)
    }

    /// Saves the title and text sections; an error shows the page again with what was typed.
    @Sendable func save(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let id = context.parameters.get("id")
        var request = request
        let form = try await FormFields.read(&request, limit: 256 * 1024)
        var texts = ReportTexts()
        for section in ReportTextSection.allCases { texts[section] = form[section.rawValue] ?? "" }
        let outcome = try await FormError.catching {
            try await reports.updateDraft(id, title: form["title"] ?? "", texts: texts, actor: context.actor)
        }
        switch outcome {
        case .success(let report): return Response.redirect(to: "/reports/\(report.id)#editor", type: .found)
        case .failure(let error): return try await renderReport(id, request: request, context: context, typed: form, formError: error)
        }
    }

    /// Publishing prints the PDF, which takes seconds: it runs as a background job, whose page
    /// opens the published report when it is done.
    @Sendable func publish(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let id = context.parameters.get("id")
        var request = request
        _ = try await FormFields.read(&request)
        switch try await FormError.catching({ try await reports.requestPublish(id, actor: context.actor) }) {
        case .success(let job): return JobPages.redirect(to: job)
        case .failure(let error): return try await renderReport(id, request: request, context: context, formError: error)
        }
    }

    @Sendable func newEdition(_ request: Request, context: AppContext) async throws -> Response {
        try await act(request, context: context) { id in try await reports.newEdition(of: id, actor: context.actor).id }
    }

    @Sendable func delete(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        try await reports.deleteDraft(context.parameters.get("id"), actor: context.actor)
        return Response.redirect(to: "/reports", type: .found)
    }

    /// A button's action, then the resulting report's page, or this one's with the error.
    private func act(_ request: Request, context: AppContext, _ action: (String?) async throws -> Int64) async throws -> Response {
        _ = try context.requireUser()
        let id = context.parameters.get("id")
        var request = request
        _ = try await FormFields.read(&request)
        switch try await FormError.catching({ try await action(id) }) {
        case .success(let target): return Response.redirect(to: "/reports/\(target)", type: .found)
        case .failure(let error): return try await renderReport(id, request: request, context: context, formError: error)
        }
    }

    /// `/reports/ID/pdf|docx|xlsx|html`: a published edition's stored file; a draft's written now.
    @Sendable func file(_ request: Request, context: AppContext) async throws -> Response {
        guard let format = context.parameters.get("format").flatMap(ReportFormat.init(rawValue:)) else {
            throw JunhengError.notFound("报告文件格式 \(context.parameters.get("format") ?? "")")
        }
        let view = try await reports.report(context.parameters.get("id"), actor: context.actor)
        guard view.report.stage != .draft else {
            return ReportsAPI.download(try await ReportFiles(services: services).file(format, for: view), format: format,
                                       report: view.report, request: request)
        }
        let stored = try await reports.file(String(view.report.id), format: format, actor: context.actor).1
        return ReportsAPI.download(stored.bytes, format: format, report: view.report, sha256: stored.sha256, request: request)
    }
}

import Foundation
import Hummingbird
import JunhengApp
import JunhengCore
import Storage

/// Pages of citizens' feedback: the public form, the receipt and its lookup (with the rating of
/// an answer), and for handlers the list of messages and one message's handling.
struct FeedbackPages {
    let services: JunhengServices
    private var feedback: FeedbackUseCases { services.app.feedback }

    func register(on router: Router<AppContext>) {
        router.get("feedback", use: form)
        router.post("feedback", use: submit)
        router.get("feedback/receipt", use: receipt)
        router.post("feedback/receipt", use: rate)
        router.get("feedback/cases", use: inbox)
        router.get("feedback/cases/:id", use: feedbackCase)
        router.post("feedback/cases/:id", use: act)
    }

    @Sendable func form(_ request: Request, context: AppContext) async throws -> Response {
        try await renderForm(request: request, context: context)
    }

    private func renderForm(request: Request, context: AppContext, typed: FeedbackFormPage.Typed = .init(),
                            formError: FormError? = nil) async throws -> Response {
        let choices = try await feedback.formChoices(actor: context.actor)
        var typed = typed
        if typed.region.isEmpty { typed.region = choices.regions.first?.code.rawValue ?? "" }
        let page = FeedbackFormPage(choices: choices, answers: try await feedback.publishedAnswers(limit: 20), typed: typed,
                                    language: context.language)
        return try services.pages.render("Feedback/form", title: context.language.text("feedback"), page: page,
                                         request: request, context: context, formError: formError)
    }

    /// Stores the message and shows its receipt; a refusal shows the form again with what was typed.
    @Sendable func submit(_ request: Request, context: AppContext) async throws -> Response {
        var request = request
        let form = try await FormFields.read(&request)
        let typed = FeedbackFormPage.Typed(
            kind: form["kind"] ?? "", region: form["region"] ?? "", item: form["item"] ?? "", text: form["text"] ?? "",
            contactName: form["contactName"] ?? "", contactPhone: form["contactPhone"] ?? "")
        let address = services.clientAddress(request, context)
        let outcome = try await FormError.catching {
            guard let kind = FeedbackKind(rawValue: typed.kind) else {
                throw JunhengError.invalid(field: "kind", context.language.text("fb.kind"))
            }
            let submission = FeedbackSubmission(
                kind: kind, regionCode: typed.region, itemCode: typed.item.isEmpty ? nil : typed.item, text: typed.text,
                contactName: typed.contactName, contactPhone: typed.contactPhone, website: form["website"])
            return try await feedback.submit(submission, clientAddress: address, actor: context.actor)
        }
        switch outcome {
        case .success(let stored):
            let found = try await feedback.lookup(receipt: stored.receipt)
            let page = FeedbackReceiptPage(found: found, number: stored.receipt, justReceived: true, language: context.language)
            return try services.pages.render("Feedback/receipt", title: context.language.text("fb.received"), page: page,
                                             request: request, context: context, status: .created)
        case .failure(let error):
            return try await renderForm(request: request, context: context, typed: typed, formError: error)
        }
    }

    @Sendable func receipt(_ request: Request, context: AppContext) async throws -> Response {
        let number = request.uri.queryParameters["number"].map(String.init) ?? ""
        return try await renderReceipt(number: number, request: request, context: context)
    }

    private func renderReceipt(number: String, request: Request, context: AppContext,
                               formError: FormError? = nil) async throws -> Response {
        var found: PublicFeedback?
        var error = formError
        if !number.isEmpty, error == nil {
            switch try await FormError.catching({ try await feedback.lookup(receipt: number) }) {
            case .success(let value): found = value
            case .failure(let failure): error = failure
            }
        }
        let page = FeedbackReceiptPage(found: found, number: number, justReceived: false, language: context.language)
        return try services.pages.render("Feedback/receipt", title: context.language.text("fb.lookup"), page: page,
                                         request: request, context: context, formError: error)
    }

    /// The sender's rating of an answer, by receipt number.
    @Sendable func rate(_ request: Request, context: AppContext) async throws -> Response {
        var request = request
        let form = try await FormFields.read(&request)
        let number = form["number"] ?? ""
        let outcome = try await FormError.catching {
            try await feedback.rate(receipt: number, rating: Int(form["rating"] ?? "") ?? 0, actor: context.actor)
        }
        if case .failure(let error) = outcome {
            return try await renderReceipt(number: number, request: request, context: context, formError: error)
        }
        return try await renderReceipt(number: number, request: request, context: context)
    }

    @Sendable func inbox(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let status = request.uri.queryParameters["status"].map(String.init) ?? ""
        let statuses = FeedbackStatus(rawValue: status).map { [$0] }
        let page = FeedbackInboxPage(cases: try await feedback.inbox(actor: context.actor, statuses: statuses), status: status,
                                     language: context.language)
        return try services.pages.render("Feedback/inbox", title: context.language.text("fb.inbox"), page: page,
                                         request: request, context: context)
    }

    @Sendable func feedbackCase(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        return try await renderCase(try await feedback.detail(context.parameters.get("id"), actor: context.actor),
                                    request: request, context: context)
    }

    private func renderCase(_ item: FeedbackCase, request: Request, context: AppContext, typedAnswer: String? = nil,
                            formError: FormError? = nil) async throws -> Response {
        let mayRoute = context.user.map { $0.role != .departmentEditor } ?? false
        let departments = mayRoute ? try await feedback.routableDepartments(for: item.record) : []
        let page = FeedbackCasePage(item, departments: departments, mayRoute: mayRoute, typedAnswer: typedAnswer,
                                    language: context.language)
        return try services.pages.render("Feedback/case", title: item.record.receipt, page: page, request: request,
                                         context: context, formError: formError)
    }

    /// One handling step from the case page: `action` is accept, answer, close, merge, route or note.
    @Sendable func act(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let id = context.parameters.get("id")
        var request = request
        let form = try await FormFields.read(&request)
        let action = form["action"] ?? ""
        let outcome = try await FormError.catching { () -> FeedbackCase in
            switch action {
            case "route":
                guard let department = form["department"].flatMap({ Int64($0) }) else {
                    throw JunhengError.invalid(field: "department", context.language.text("fb.routeTo"))
                }
                return try await feedback.route(id, departmentID: department, actor: context.actor)
            case "note":
                return try await feedback.addNote(id, text: form["note"] ?? "", actor: context.actor)
            default:
                guard let step = FeedbackStep(rawValue: action) else {
                    throw JunhengError.invalid(field: "action", action)
                }
                return try await feedback.handle(id, step: step, answer: form["answer"], mergeInto: form["mergeInto"],
                                                 actor: context.actor)
            }
        }
        switch outcome {
        case .success(let item): return Response.redirect(to: "/feedback/cases/\(item.record.id)", type: .found)
        case .failure(let error):
            return try await renderCase(try await feedback.detail(id, actor: context.actor), request: request, context: context,
                                        typedAnswer: form["answer"], formError: error)
        }
    }
}

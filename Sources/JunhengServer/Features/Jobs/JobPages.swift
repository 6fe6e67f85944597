import Foundation
import Hummingbird
import JunhengApp
import JunhengCore
import Storage

/// `/jobs/{id}`: the page a PDF or .doc upload and a report's publishing lead to. It says whether
/// the job waits, runs, or failed (with why), and reloads itself every few seconds until the job
/// ends; a done job's page sends the reader on to what it made (the plan draft, the report).
struct JobPages {
    let services: JunhengServices

    func register(on router: Router<AppContext>) {
        router.get("jobs/:id", use: show)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let job = try await services.app.jobs.job(context.parameters.get("id"), actor: context.actor)
        if let outcome = JobUseCases.outcome(of: job) { return Response.redirect(to: outcome.path, type: .found) }
        let page = JobPage(job, language: context.language)
        var response = try services.pages.render("Jobs/job", title: page.title, page: page, request: request, context: context)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    /// The redirect after a form queued a job: to the job's page.
    static func redirect(to job: JobRecord) -> Response {
        Response.redirect(to: "/jobs/\(job.id)", type: .found)
    }
}

/// The job page's view model.
struct JobPage: Sendable {
    let id: Int64
    let title: String
    let statusName: String
    let statusClass: String
    /// Seconds until the page reloads itself: set while the job waits or runs.
    let refreshSeconds: Int?
    let attemptsText: String
    let error: String?
    let backURL: String
    let waiting: Bool

    init(_ job: JobRecord, language: Language) {
        id = job.id
        title = language.text(job.kind == .planIngest ? "jobPlanIngest" : "jobReportPublish")
        statusName = language.text("jobStatus.\(job.status.rawValue)")
        statusClass = job.status.rawValue
        refreshSeconds = job.status.isFinal ? nil : 2
        attemptsText = language.fill("jobAttempts", ["attempts": String(job.attempts), "max": String(job.maxAttempts)])
        error = job.error
        backURL = JobUseCases.originPath(of: job)
        waiting = !job.status.isFinal
    }
}

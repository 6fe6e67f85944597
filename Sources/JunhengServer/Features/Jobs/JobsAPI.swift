import Foundation
import Hummingbird
import JunhengApp
import JunhengCore
import Storage

/// `/api/v1/jobs/{id}`: where a background job stands (a PDF or .doc plan being read, a report
/// being published), for the user who queued it.
struct JobsAPI {
    let services: JunhengServices

    func register(on api: RouterGroup<AppContext>) {
        api.get("jobs/:id", use: job)
    }

    /// A job as the API shows it: times as ISO-8601, and what it made once done.
    struct JobJSON: Encodable, Sendable {
        let id: Int64
        let kind: JobKind
        let status: JobStatus
        let attempts: Int
        let maxAttempts: Int
        let error: String?
        /// The plan draft read (plan-ingest), with its facts by kind.
        let planId: Int64?
        let extractions: [String: Int]?
        /// The report published (report-publish).
        let reportId: Int64?
        /// The page of what the job made, once done.
        let resultURL: String?
        /// The process that ran (or runs) it: host, process id and worker number.
        let worker: String?
        let createdAt: String
        let startedAt: String?
        let finishedAt: String?

        init(_ job: JobRecord) {
            func time(_ seconds: Double?) -> String? { seconds.map { Timestamp.string(from: Date(timeIntervalSince1970: $0)) } }
            id = job.id
            kind = job.kind
            status = job.status
            attempts = job.attempts
            maxAttempts = job.maxAttempts
            error = job.error
            let outcome = JobUseCases.outcome(of: job)
            if case .plan(let id, let counts) = outcome {
                planId = id
                extractions = counts
            } else {
                planId = nil
                extractions = nil
            }
            if case .report(let id) = outcome { reportId = id } else { reportId = nil }
            resultURL = outcome?.path
            worker = job.worker
            createdAt = time(job.createdAt) ?? ""
            startedAt = time(job.startedAt)
            finishedAt = time(job.finishedAt)
        }
    }

    @Sendable func job(_ request: Request, context: AppContext) async throws -> JSON<JobJSON> {
        _ = try context.requireUser()
        return JSON(JobJSON(try await services.app.jobs.job(context.parameters.get("id"), actor: context.actor)))
    }

    /// The answer to a request that queued a job: 202 with the job, `Location` where to follow it.
    static func accepted(_ job: JobRecord, request: Request, context: AppContext) throws -> Response {
        var response = try JSON(JobJSON(job), status: .accepted).response(from: request, context: context)
        response.headers[.location] = "/api/v1/jobs/\(job.id)"
        return response
    }
}

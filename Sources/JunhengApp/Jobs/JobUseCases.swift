import Foundation
import JunhengCore
import Storage

/// Background jobs as people see them: queued by a use case for slow work (a PDF or .doc plan,
/// publishing a report), run by whichever server process claims them (``JobWorker``), and
/// followed on their own page until they are done or failed.
public struct JobUseCases: Sendable {
    let app: JunhengApp
    private var store: JobStore { JobStore(app.database) }

    /// Queues a job on behalf of `actor`, with its parameters as JSON and its input bytes.
    func enqueue(_ kind: JobKind, parameters: some Encodable, input: Data? = nil, actor: Actor) async throws -> JobRecord {
        let json = String(decoding: try JSONEncoder().encode(parameters), as: UTF8.self)
        return try await store.enqueue(kind: kind, parameters: json, input: input, createdBy: actor.user?.id,
                                       policy: app.settings.jobPolicy)
    }

    /// The job, for the user who queued it, an administrator or the system; `notFound` for anyone
    /// else, who is not told it exists.
    public func job(_ idText: String?, actor: Actor) async throws -> JobRecord {
        guard let id = idText.flatMap(Int64.init), let job = try await store.job(id) else {
            throw JunhengError.notFound("任务 \(idText ?? "")")
        }
        let mayRead = actor.isSystem || actor.user?.role == .admin || (actor.user != nil && actor.user?.id == job.createdBy)
        guard mayRead else { throw JunhengError.notFound("任务 \(id)") }
        return job
    }

    /// What a done job made.
    public enum Outcome: Sendable, Equatable {
        /// A plan draft read from the uploaded file, with its facts by kind.
        case plan(id: Int64, extractions: [String: Int])
        /// The report published.
        case report(id: Int64)

        /// The page that shows it.
        public var path: String {
            switch self {
            case .plan(let id, _): "/plans/\(id)"
            case .report(let id): "/reports/\(id)"
            }
        }
    }

    /// What the job made, once it is done.
    public static func outcome(of job: JobRecord) -> Outcome? {
        guard job.status == .done, let data = job.result?.data(using: .utf8) else { return nil }
        switch job.kind {
        case .planIngest:
            return (try? JSONDecoder().decode(PlanIngestResult.self, from: data)).map { .plan(id: $0.planID, extractions: $0.extractions) }
        case .reportPublish:
            return (try? JSONDecoder().decode(ReportPublishParameters.self, from: data)).map { .report(id: $0.reportID) }
        }
    }

    /// Where to go back to when the job failed: the form it came from.
    public static func originPath(of job: JobRecord) -> String {
        switch job.kind {
        case .planIngest: "/plans"
        case .reportPublish:
            (try? JSONDecoder().decode(ReportPublishParameters.self, from: Data(job.parameters.utf8))).map { "/reports/\($0.reportID)" }
                ?? "/reports"
        }
    }
}

/// What a plan-ingest job reads: the uploaded file is the job's input.
struct PlanIngestParameters: Codable, Sendable {
    var filename: String
    var region: String?
}

/// What a plan-ingest job made: the draft and its facts by kind.
struct PlanIngestResult: Codable, Sendable, Equatable {
    var planID: Int64
    var extractions: [String: Int]
}

/// The report a report-publish job publishes; also its result.
struct ReportPublishParameters: Codable, Sendable {
    var reportID: Int64
}

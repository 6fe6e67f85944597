import Foundation
import JunhengCore
import Logging
import Storage

/// Runs background jobs in this process: claims one at a time from the `jobs` table (every
/// process on the database may run workers; a job goes to exactly one), renews its lease while it
/// works, and stores what came of it. A job whose lease this worker loses (it stalled past the
/// lease and another process took over) is cancelled here and its outcome dropped.
public struct JobWorker: Sendable {
    let app: JunhengApp
    let renderer: any ReportRendering
    /// This worker in `jobs.worker`: host, process id and a number, unique across processes.
    public let name: String
    let logger: Logger
    /// Told of every job that finished its work here: the server empties its page cache, since
    /// a job (a report published) changes what public pages show without an HTTP write.
    let finished: @Sendable (JobRecord) -> Void

    public init(app: JunhengApp, renderer: any ReportRendering, name: String, logger: Logger,
                finished: @escaping @Sendable (JobRecord) -> Void = { _ in }) {
        self.app = app
        self.renderer = renderer
        self.name = name
        self.logger = logger
        self.finished = finished
    }

    /// `host:pid:number`, for the `number`-th worker of this process.
    public static func name(number: Int) -> String {
        "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier):\(number)"
    }

    private var policy: JobPolicy { app.settings.jobPolicy }
    private var store: JobStore { JobStore(app.database) }

    /// Claims and runs one job; returns it as it ended (done, failed, or queued again for a
    /// retry), or nil when no job was waiting.
    @discardableResult
    public func runNext(now: Date = Date()) async throws -> JobRecord? {
        guard let job = try await store.claim(kinds: JobKind.allCases, worker: name, policy: policy, now: now) else { return nil }
        logger.info("job started", metadata: ["job": "\(job.id)", "kind": "\(job.kind.rawValue)", "attempt": "\(job.attempts)"])
        do {
            try await withLease(job) { try await perform(job) }
            finished(job)
        } catch is CancellationError where !Task.isCancelled {
            logger.warning("job lease lost to another process", metadata: ["job": "\(job.id)"])
            return try await store.job(job.id)
        } catch {
            let (message, permanent) = Self.describe(error)
            let status = try await store.fail(job.id, worker: name, error: message, permanent: permanent, policy: policy)
            logger.warning("job failed", metadata: ["job": "\(job.id)", "status": "\(status?.rawValue ?? "taken over")",
                                                    "error": "\(message)"])
        }
        return try await store.job(job.id)
    }

    /// Runs jobs until the calling task is cancelled, waiting `pollInterval` whenever the queue is
    /// empty (or the database failed).
    public func run(pollInterval: Duration = .seconds(1)) async {
        while !Task.isCancelled {
            do {
                if try await runNext() != nil { continue }
            } catch {
                logger.error("job worker could not reach the jobs table", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: pollInterval)
        }
    }

    /// Runs `work` while renewing the job's lease every `heartbeatInterval`; cancels the work
    /// (throwing `CancellationError`) when the lease is no longer this worker's.
    private func withLease(_ job: JobRecord, _ work: @escaping @Sendable () async throws -> Void) async throws {
        let (store, name, policy) = (store, name, policy)
        try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await work()
                return true
            }
            group.addTask {
                while true {
                    try await Task.sleep(for: .seconds(policy.heartbeatInterval))
                    if try await !store.heartbeat(job.id, worker: name, policy: policy) { return false }
                }
            }
            let first = try await group.next()
            group.cancelAll()
            if first != true { throw CancellationError() }
        }
    }

    private func perform(_ job: JobRecord) async throws {
        guard let userID = job.createdBy, let user = try await UserStore(app.database.sql).user(id: userID), user.active else {
            throw JunhengError.forbidden("提交任务的用户已不存在或已停用")
        }
        let actor = Actor.user(user, requestID: "job-\(job.id)")
        switch job.kind {
        case .planIngest:
            guard let input = try await store.input(of: job.id) else { throw JunhengError.notFound("任务 \(job.id) 的上传文件") }
            try await app.plans.ingest(job: job, input: input, worker: name, actor: actor)
        case .reportPublish:
            try await app.reports.publish(job: job, worker: name, renderer: renderer, actor: actor)
        }
    }

    /// What the job's page says went wrong, and whether trying again could help: a refusal of
    /// the input or of the actor cannot; a missing or failing outside program or database can.
    static func describe(_ error: any Error) -> (message: String, permanent: Bool) {
        switch error {
        case let error as JunhengError:
            switch error {
            case .invalid(let issues): (issues.map(\.reason).joined(separator: "；"), true)
            case .notFound, .conflict, .forbidden, .unauthorized: (error.description, true)
            case .unavailable(let message), .rateLimited(let message, _): (message, false)
            }
        case is CancellationError: ("处理进程已停止，稍后由其他进程重试", false)
        default: ("\(error)", false)
        }
    }
}

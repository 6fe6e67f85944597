import Foundation

/// Where a background job stands. A job is `queued` until a worker claims it, `running` while a
/// worker holds its lease, and ends `done` (its result stored) or `failed` (its error stored).
public enum JobStatus: String, Sendable, Codable, CaseIterable {
    case queued
    case running
    case done
    case failed

    /// Done or failed: nothing happens to the job any more.
    public var isFinal: Bool { self == .done || self == .failed }
}

/// The kinds of work that run as background jobs: the slow ones, which call an outside program.
public enum JobKind: String, Sendable, Codable, CaseIterable {
    /// A plan uploaded as PDF or .doc/.wps: converted (pdftotext, LibreOffice), read into a draft.
    case planIngest = "plan-ingest"
    /// A report draft published: its PDF printed by Chromium, with the HTML, DOCX and XLSX.
    case reportPublish = "report-publish"
}

/// What happened to a job, as the worker or the clock reports it.
public enum JobEvent: Sendable, Equatable {
    /// A worker took the job (a queued one, or a running one whose lease ran out).
    case claim
    /// The work finished and its result is stored.
    case complete
    /// The work threw. `permanent` errors (the input is bad, the actor may not) are never retried.
    case fail(permanent: Bool)
    /// The worker holding the job stopped renewing its lease (it crashed or lost the database).
    case leaseExpired
}

/// A move the state machine does not allow, e.g. completing a job that is not running.
public struct JobTransitionError: Error, Equatable, CustomStringConvertible, Sendable {
    public let status: JobStatus
    public let event: JobEvent

    public init(status: JobStatus, event: JobEvent) {
        self.status = status
        self.event = event
    }

    public var description: String { "a \(status.rawValue) job cannot take \(event)" }
}

/// The rules of background jobs, shared by every process that runs them: how long a lease lasts
/// and how often it is renewed, how many attempts a job gets and how long it waits between them.
///
/// A worker claims a job by taking its lease (`leaseDuration` from now) and renews it every
/// `heartbeatInterval` while it works. A lease that runs out means the worker is gone: the job
/// is claimable again if it has attempts left, else it fails. A failure that is not permanent
/// puts the job back in the queue after `retryDelay(afterAttempt:)`.
public struct JobPolicy: Sendable, Equatable {
    public var leaseDuration: TimeInterval
    public var heartbeatInterval: TimeInterval
    public var maxAttempts: Int
    /// The wait after the first failed attempt; each further attempt waits four times longer.
    public var firstRetryDelay: TimeInterval
    public var maxRetryDelay: TimeInterval

    /// A minute's lease renewed every 20 s (two renewals can be missed before another process
    /// takes over), three attempts, 10 s then 40 s between them.
    public init(leaseDuration: TimeInterval = 60, heartbeatInterval: TimeInterval = 20, maxAttempts: Int = 3,
                firstRetryDelay: TimeInterval = 10, maxRetryDelay: TimeInterval = 600) {
        precondition(heartbeatInterval < leaseDuration, "a lease must outlive the interval between its renewals")
        precondition(maxAttempts >= 1)
        self.leaseDuration = leaseDuration
        self.heartbeatInterval = heartbeatInterval
        self.maxAttempts = maxAttempts
        self.firstRetryDelay = firstRetryDelay
        self.maxRetryDelay = maxRetryDelay
    }

    /// Seconds a job waits after its `attempt`-th attempt failed: 10, 40, 160 … at most `maxRetryDelay`.
    public func retryDelay(afterAttempt attempt: Int) -> TimeInterval {
        min(maxRetryDelay, firstRetryDelay * pow(4, Double(max(0, attempt - 1))))
    }

    /// The status after `event` for a job in `status` that has been claimed `attempts` times
    /// (counting a claim being made now as one more).
    /// - Throws: `JobTransitionError` for a move that is not allowed.
    public func next(after status: JobStatus, _ event: JobEvent, attempts: Int) throws -> JobStatus {
        switch (status, event) {
        case (.queued, .claim):
            return .running
        case (.running, .claim):
            // Only a job whose lease ran out is claimed while running; the store checks the lease.
            return .running
        case (.running, .complete):
            return .done
        case (.running, .fail(let permanent)):
            return permanent || attempts >= maxAttempts ? .failed : .queued
        case (.running, .leaseExpired):
            return attempts >= maxAttempts ? .failed : .queued
        default:
            throw JobTransitionError(status: status, event: event)
        }
    }

    /// Whether a worker may claim the job now: queued and due, or running with its lease run out
    /// and attempts left.
    public func isClaimable(status: JobStatus, attempts: Int, runAfter: Date, leaseExpiresAt: Date?, now: Date) -> Bool {
        switch status {
        case .queued: runAfter <= now
        case .running: (leaseExpiresAt.map { $0 < now } ?? true) && attempts < maxAttempts
        case .done, .failed: false
        }
    }

    /// The error kept for a job whose worker vanished `attempts` times.
    public static func abandonedMessage(attempts: Int) -> String {
        "处理进程中断（已尝试 \(attempts) 次），任务未完成"
    }
}

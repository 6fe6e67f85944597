import Foundation
import JunhengCore
import SQLKit

/// A background job as stored: what to do (`kind`, `parameters` as JSON, `input` bytes such as an
/// uploaded file), where it stands, and what came of it (`result` JSON or `error` text). Times
/// are seconds since 1970 (UTC).
public struct JobRecord: Sendable, Equatable, Codable {
    public var id: Int64
    public var kind: JobKind
    public var status: JobStatus
    public var parameters: String
    public var result: String?
    public var error: String?
    public var attempts: Int
    public var maxAttempts: Int
    public var runAfter: Double
    /// The process that holds (or last held) the job: `host:pid:n`.
    public var worker: String?
    public var leaseExpiresAt: Double?
    public var createdBy: Int64?
    public var createdAt: Double
    public var startedAt: Double?
    public var finishedAt: Double?
}

/// The `jobs` table: queueing, claiming under a lease, heartbeats, and the end of a job. The
/// decisions (may it be claimed, what a failure leads to) are `JobPolicy`'s; the store makes
/// them atomic. On PostgreSQL a claim locks the row it takes with `FOR UPDATE SKIP LOCKED`, so
/// workers in many processes never take the same job and never wait for each other; on SQLite
/// the claim runs under `BEGIN IMMEDIATE` (one writer at a time).
public struct JobStore: Sendable {
    let database: JunhengDatabase

    public init(_ database: JunhengDatabase) { self.database = database }

    private static let columns = """
        id, kind, status, parameters, result, error, attempts, max_attempts, run_after, worker, lease_expires_at,
        created_by, created_at, started_at, finished_at
        """

    private static func job(from row: any SQLRow) throws -> JobRecord {
        let kindText = try row.decode(column: "kind", as: String.self)
        let statusText = try row.decode(column: "status", as: String.self)
        guard let kind = JobKind(rawValue: kindText), let status = JobStatus(rawValue: statusText) else {
            throw JunhengError.invalid(field: "kind", "数据库中的任务类型或状态无效：\(kindText) \(statusText)")
        }
        return JobRecord(
            id: try row.decode(column: "id", as: Int64.self), kind: kind, status: status,
            parameters: try row.decode(column: "parameters", as: String.self),
            result: try row.decode(column: "result", as: String?.self), error: try row.decode(column: "error", as: String?.self),
            attempts: try row.decode(column: "attempts", as: Int.self), maxAttempts: try row.decode(column: "max_attempts", as: Int.self),
            runAfter: try row.decode(column: "run_after", as: Double.self), worker: try row.decode(column: "worker", as: String?.self),
            leaseExpiresAt: try row.decode(column: "lease_expires_at", as: Double?.self),
            createdBy: try row.decode(column: "created_by", as: Int64?.self), createdAt: try row.decode(column: "created_at", as: Double.self),
            startedAt: try row.decode(column: "started_at", as: Double?.self), finishedAt: try row.decode(column: "finished_at", as: Double?.self))
    }

    /// Queues a job, due at once.
    public func enqueue(kind: JobKind, parameters: String, input: Data?, createdBy: Int64?, policy: JobPolicy,
                        now: Date = Date()) async throws -> JobRecord {
        let row = try await database.sql.raw("""
            INSERT INTO jobs (kind, status, parameters, input, attempts, max_attempts, run_after, created_by, created_at)
            VALUES (\(bind: kind.rawValue), 'queued', \(bind: parameters), \(bind: input), 0, \(bind: policy.maxAttempts),
                    \(bind: now.timeIntervalSince1970), \(bind: createdBy), \(bind: now.timeIntervalSince1970))
            RETURNING \(unsafeRaw: Self.columns)
            """).first()
        guard let row else { throw JunhengError.conflict("任务未能加入队列") }
        return try Self.job(from: row)
    }

    public func job(_ id: Int64) async throws -> JobRecord? {
        try await database.sql.raw("SELECT \(unsafeRaw: Self.columns) FROM jobs WHERE id = \(bind: id)").first().map(Self.job(from:))
    }

    /// The bytes the job was queued with (an uploaded file), if any.
    public func input(of id: Int64) async throws -> Data? {
        try await database.sql.raw("SELECT input FROM jobs WHERE id = \(bind: id)").first()?.decode(column: "input", as: Data?.self)
    }

    /// Takes the oldest claimable job of `kinds` for `worker`: status `running`, one more attempt,
    /// a lease until `now + policy.leaseDuration`. Jobs whose worker vanished with no attempts
    /// left are failed on the way. Nil when there is nothing to do.
    public func claim(kinds: [JobKind], worker: String, policy: JobPolicy, now: Date = Date()) async throws -> JobRecord? {
        let time = now.timeIntervalSince1970
        let kindNames: [any Encodable & Sendable] = kinds.map(\.rawValue)
        let lock = database.engine == .postgres ? "FOR UPDATE SKIP LOCKED" : ""
        return try await database.transaction { db in
            // A running job whose lease ran out and has no attempts left fails for good.
            try await db.raw("""
                UPDATE jobs SET status = 'failed', error = \(bind: JobPolicy.abandonedMessage(attempts: policy.maxAttempts)),
                       finished_at = \(bind: time), lease_expires_at = NULL
                WHERE status = 'running' AND lease_expires_at < \(bind: time) AND attempts >= max_attempts AND kind IN (\(binds: kindNames))
                """).run()
            guard let candidate = try await db.raw("""
                SELECT id FROM jobs
                WHERE kind IN (\(binds: kindNames))
                  AND ((status = 'queued' AND run_after <= \(bind: time))
                       OR (status = 'running' AND lease_expires_at < \(bind: time) AND attempts < max_attempts))
                ORDER BY run_after, id LIMIT 1 \(unsafeRaw: lock)
                """).first() else { return nil }
            let id = try candidate.decode(column: "id", as: Int64.self)
            return try await db.raw("""
                UPDATE jobs SET status = 'running', attempts = attempts + 1, worker = \(bind: worker),
                       lease_expires_at = \(bind: time + policy.leaseDuration), started_at = \(bind: time), error = NULL
                WHERE id = \(bind: id)
                RETURNING \(unsafeRaw: Self.columns)
                """).first().map(Self.job(from:))
        }
    }

    /// Renews the lease of a job `worker` holds; false when it no longer holds it (another
    /// process took it over after the lease ran out), and the worker should stop.
    public func heartbeat(_ id: Int64, worker: String, policy: JobPolicy, now: Date = Date()) async throws -> Bool {
        let renewed = try await database.sql.raw("""
            UPDATE jobs SET lease_expires_at = \(bind: now.timeIntervalSince1970 + policy.leaseDuration)
            WHERE id = \(bind: id) AND status = 'running' AND worker = \(bind: worker)
            RETURNING id
            """).first()
        return renewed != nil
    }

    /// Marks the job done with its result, in `db` (the transaction that stored what the job
    /// made, so that the work and its completion commit together).
    /// - Throws: `conflict` when `worker` no longer holds the job: nothing of the work may commit.
    public static func complete(_ id: Int64, worker: String, result: String, in db: any SQLDatabase, now: Date = Date()) async throws {
        let done = try await db.raw("""
            UPDATE jobs SET status = 'done', result = \(bind: result), error = NULL, lease_expires_at = NULL,
                   finished_at = \(bind: now.timeIntervalSince1970), input = NULL
            WHERE id = \(bind: id) AND status = 'running' AND worker = \(bind: worker)
            RETURNING id
            """).first()
        guard done != nil else { throw JunhengError.conflict("任务 \(id) 已由其他进程接手") }
    }

    /// Records a failed attempt of a job `worker` holds: back to the queue after the policy's
    /// delay, or failed for good (permanent errors, or no attempts left). Returns the new status,
    /// nil when the worker no longer held the job.
    @discardableResult
    public func fail(_ id: Int64, worker: String, error: String, permanent: Bool, policy: JobPolicy,
                     now: Date = Date()) async throws -> JobStatus? {
        let time = now.timeIntervalSince1970
        return try await database.transaction { db in
            guard let row = try await db.raw("""
                SELECT attempts FROM jobs WHERE id = \(bind: id) AND status = 'running' AND worker = \(bind: worker)
                """).first() else { return nil }
            let attempts = try row.decode(column: "attempts", as: Int.self)
            let next = try policy.next(after: .running, .fail(permanent: permanent), attempts: attempts)
            if next == .failed {
                try await db.raw("""
                    UPDATE jobs SET status = 'failed', error = \(bind: error), lease_expires_at = NULL, finished_at = \(bind: time),
                           input = NULL
                    WHERE id = \(bind: id)
                    """).run()
            } else {
                try await db.raw("""
                    UPDATE jobs SET status = 'queued', error = \(bind: error), lease_expires_at = NULL,
                           run_after = \(bind: time + policy.retryDelay(afterAttempt: attempts))
                    WHERE id = \(bind: id)
                    """).run()
            }
            return next
        }
    }
}

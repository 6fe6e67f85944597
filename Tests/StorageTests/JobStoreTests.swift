import Foundation
import JunhengCore
import JunhengTestSupport
import Storage
import Testing

/// Issue 17, part 5: the `jobs` table on both engines — a job goes to exactly one worker, a lease
/// that runs out hands the job to another, and failures are retried or kept as the policy says.
@Suite("Job store")
struct JobStoreTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    let policy = JobPolicy()

    @Test(arguments: TestEngine.all)
    func aQueuedJobIsClaimedOnceWithItsInputAndCompletedWithItsResult(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, holding: .schema) { database in
            let store = JobStore(database)
            let queued = try await store.enqueue(kind: .planIngest, parameters: #"{"filename":"plan.pdf"}"#, input: Data("%PDF-1.4".utf8),
                                                 createdBy: nil, policy: policy, now: Self.start)
            #expect(queued.status == .queued && queued.attempts == 0 && queued.maxAttempts == 3 && queued.runAfter == 1_800_000_000)
            #expect(try await store.claim(kinds: [.reportPublish], worker: "a", policy: policy, now: Self.start) == nil,
                    "a worker takes only the kinds it asks for")
            let claimed = try #require(try await store.claim(kinds: JobKind.allCases, worker: "a", policy: policy, now: Self.start))
            #expect(claimed.id == queued.id && claimed.status == .running && claimed.attempts == 1 && claimed.worker == "a")
            #expect(claimed.leaseExpiresAt == 1_800_000_060 && claimed.startedAt == 1_800_000_000)
            #expect(try await store.input(of: queued.id) == Data("%PDF-1.4".utf8))
            #expect(try await store.claim(kinds: JobKind.allCases, worker: "b", policy: policy, now: Self.start + 1) == nil)
            #expect(try await store.heartbeat(queued.id, worker: "a", policy: policy, now: Self.start + 30))
            #expect(try await store.job(queued.id)?.leaseExpiresAt == 1_800_000_090)
            try await database.transaction { db in
                try await JobStore.complete(queued.id, worker: "a", result: #"{"planID":7}"#, in: db, now: Self.start + 40)
            }
            let done = try #require(try await store.job(queued.id))
            #expect(done.status == .done && done.result == #"{"planID":7}"# && done.finishedAt == 1_800_000_040 && done.leaseExpiresAt == nil)
            #expect(try await store.input(of: queued.id) == nil, "a finished job lets go of its upload")
            #expect(try await store.claim(kinds: JobKind.allCases, worker: "b", policy: policy, now: Self.start + 10_000) == nil)
        }
    }

    /// Four claimers at once, each claiming until the queue is empty: on PostgreSQL in two
    /// processes (two pools), on SQLite in one (SQLite serves a single process).
    @Test(arguments: TestEngine.all)
    func claimersRunningAtOnceNeverGetTheSameJob(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, holding: .schema) { database in
            // SQLite serves one process: a second pool there only adds threads to a loaded run.
            try await TestDatabase.withSecondProcess(on: database, opening: engine == .postgres) { other in
                for index in 0..<40 {
                    _ = try await JobStore(database).enqueue(kind: .reportPublish, parameters: #"{"reportID":\#(index)}"#, input: nil,
                                                             createdBy: nil, policy: policy, now: Self.start)
                }
                let second = other
                let claims = try await withThrowingTaskGroup(of: [Int64].self) { group in
                    for (number, handle) in [database, second, database, second].enumerated() {
                        group.addTask {
                            var mine: [Int64] = []
                            while let job = try await JobStore(handle).claim(kinds: JobKind.allCases, worker: "w\(number)",
                                                                             policy: policy, now: Self.start) {
                                mine.append(job.id)
                            }
                            return mine
                        }
                    }
                    var all: [[Int64]] = []
                    for try await ids in group { all.append(ids) }
                    return all
                }
                let ids = claims.flatMap { $0 }
                #expect(ids.count == 40 && Set(ids).count == 40, "every job claimed exactly once")
                for id in ids { #expect(try await JobStore(database).job(id)?.attempts == 1) }
            }
        }
    }

    @Test(arguments: TestEngine.all)
    func aJobWhoseWorkerStoppedIsTakenOverAndTheOldWorkerCannotFinishIt(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, holding: .schema) { database in
            let store = JobStore(database)
            let job = try await store.enqueue(kind: .planIngest, parameters: "{}", input: nil, createdBy: nil, policy: policy, now: Self.start)
            _ = try await store.claim(kinds: JobKind.allCases, worker: "crashed", policy: policy, now: Self.start)
            // The lease holds to its last instant …
            #expect(try await store.claim(kinds: JobKind.allCases, worker: "b", policy: policy, now: Self.start + 60) == nil)
            // … and after it another worker takes the job, as its second attempt.
            let taken = try #require(try await store.claim(kinds: JobKind.allCases, worker: "b", policy: policy, now: Self.start + 61))
            #expect(taken.id == job.id && taken.attempts == 2 && taken.worker == "b")
            #expect(try await !store.heartbeat(job.id, worker: "crashed", policy: policy, now: Self.start + 62))
            await #expect(throws: JunhengError.conflict("任务 \(job.id) 已由其他进程接手")) {
                try await database.transaction { db in try await JobStore.complete(job.id, worker: "crashed", result: "{}", in: db) }
            }
            #expect(try await store.fail(job.id, worker: "crashed", error: "x", permanent: false, policy: policy) == nil)
            // Its third worker vanishes too: with no attempts left the job fails, saying why.
            _ = try await store.claim(kinds: JobKind.allCases, worker: "c", policy: policy, now: Self.start + 200)
            #expect(try await store.claim(kinds: JobKind.allCases, worker: "d", policy: policy, now: Self.start + 300) == nil)
            let failed = try #require(try await store.job(job.id))
            #expect(failed.status == .failed && failed.attempts == 3 && failed.error == "处理进程中断（已尝试 3 次），任务未完成")
            #expect(failed.finishedAt == 1_800_000_300)
        }
    }

    @Test(arguments: TestEngine.all)
    func aFailedAttemptWaitsForItsRetryAndAPermanentFailureEndsTheJob(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, holding: .schema) { database in
            let store = JobStore(database)
            let job = try await store.enqueue(kind: .reportPublish, parameters: "{}", input: nil, createdBy: nil, policy: policy, now: Self.start)
            _ = try await store.claim(kinds: JobKind.allCases, worker: "a", policy: policy, now: Self.start)
            #expect(try await store.fail(job.id, worker: "a", error: "Chromium 未安装", permanent: false, policy: policy,
                                         now: Self.start + 5) == .queued)
            let waiting = try #require(try await store.job(job.id))
            #expect(waiting.status == .queued && waiting.error == "Chromium 未安装" && waiting.runAfter == 1_800_000_015)
            #expect(try await store.claim(kinds: JobKind.allCases, worker: "a", policy: policy, now: Self.start + 14) == nil)
            let again = try #require(try await store.claim(kinds: JobKind.allCases, worker: "a", policy: policy, now: Self.start + 15))
            #expect(again.attempts == 2 && again.error == nil)
            #expect(try await store.fail(job.id, worker: "a", error: "报告已经发布", permanent: true, policy: policy,
                                         now: Self.start + 16) == .failed)
            let failed = try #require(try await store.job(job.id))
            #expect(failed.status == .failed && failed.error == "报告已经发布" && failed.attempts == 2)
        }
    }
}

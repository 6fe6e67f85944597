import Foundation
import JunhengCore
import Testing

/// Issue 17, part 5: the state machine of background jobs, their leases and retries.
@Suite("Job rules")
struct JobRulesTests {
    let policy = JobPolicy()
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func aJobRunsOnceClaimedAndEndsDoneWhenItsWorkIsStored() throws {
        #expect(try policy.next(after: .queued, .claim, attempts: 1) == .running)
        #expect(try policy.next(after: .running, .complete, attempts: 1) == .done)
    }

    @Test func aFailureThatMayPassIsRetriedUntilTheAttemptsRunOut() throws {
        #expect(try policy.next(after: .running, .fail(permanent: false), attempts: 1) == .queued)
        #expect(try policy.next(after: .running, .fail(permanent: false), attempts: 2) == .queued)
        #expect(try policy.next(after: .running, .fail(permanent: false), attempts: 3) == .failed)
    }

    @Test func aPermanentFailureIsNeverRetried() throws {
        #expect(try policy.next(after: .running, .fail(permanent: true), attempts: 1) == .failed)
    }

    @Test func aWorkerThatVanishesCostsAnAttempt() throws {
        #expect(try policy.next(after: .running, .leaseExpired, attempts: 2) == .queued)
        #expect(try policy.next(after: .running, .leaseExpired, attempts: 3) == .failed)
        #expect(JobPolicy.abandonedMessage(attempts: 3) == "处理进程中断（已尝试 3 次），任务未完成")
    }

    @Test func finishedJobsTakeNoFurtherEvents() {
        for status in [JobStatus.done, .failed] {
            for event in [JobEvent.claim, .complete, .fail(permanent: false), .leaseExpired] {
                #expect(throws: JobTransitionError(status: status, event: event)) {
                    try policy.next(after: status, event, attempts: 1)
                }
            }
        }
        #expect(throws: JobTransitionError(status: .queued, event: .complete)) { try policy.next(after: .queued, .complete, attempts: 0) }
        #expect(JobTransitionError(status: .queued, event: .complete).description == "a queued job cannot take complete")
    }

    @Test func retriesWaitFourTimesLongerEachTimeUpToTheCap() {
        #expect((1...6).map(policy.retryDelay(afterAttempt:)) == [10, 40, 160, 600, 600, 600])
        #expect(JobPolicy(firstRetryDelay: 1, maxRetryDelay: 1_000).retryDelay(afterAttempt: 3) == 16)
    }

    @Test func onlyDueQueuedJobsAndRunningJobsWithAnExpiredLeaseAndAttemptsLeftAreClaimable() {
        let later = now.addingTimeInterval(5)
        let earlier = now.addingTimeInterval(-5)
        #expect(policy.isClaimable(status: .queued, attempts: 0, runAfter: earlier, leaseExpiresAt: nil, now: now))
        #expect(policy.isClaimable(status: .queued, attempts: 1, runAfter: now, leaseExpiresAt: nil, now: now))
        #expect(!policy.isClaimable(status: .queued, attempts: 1, runAfter: later, leaseExpiresAt: nil, now: now), "waiting for its retry")
        #expect(!policy.isClaimable(status: .running, attempts: 1, runAfter: earlier, leaseExpiresAt: later, now: now), "its worker holds it")
        #expect(!policy.isClaimable(status: .running, attempts: 1, runAfter: earlier, leaseExpiresAt: now, now: now),
                "a lease holds up to its last instant")
        #expect(policy.isClaimable(status: .running, attempts: 2, runAfter: earlier, leaseExpiresAt: earlier, now: now))
        #expect(!policy.isClaimable(status: .running, attempts: 3, runAfter: earlier, leaseExpiresAt: earlier, now: now),
                "no attempts left: it fails instead")
        #expect(!policy.isClaimable(status: .done, attempts: 1, runAfter: earlier, leaseExpiresAt: nil, now: now))
        #expect(!policy.isClaimable(status: .failed, attempts: 1, runAfter: earlier, leaseExpiresAt: nil, now: now))
    }

    @Test func theDefaultLeaseSurvivesTwoMissedHeartbeats() {
        #expect(policy.leaseDuration == 60 && policy.heartbeatInterval == 20 && policy.maxAttempts == 3)
        #expect(policy.leaseDuration / policy.heartbeatInterval == 3)
        #expect(JobStatus.allCases.filter(\.isFinal) == [.done, .failed])
    }
}

import Foundation
import Synchronization
import Testing

@testable import PlanIngest

/// Issue 16, item 1: a 6 MB text of one repeated sentence took 63 s and proposed 157,287 facts.
/// Documents are now bounded in size, in the facts they may propose and in time, and reading
/// stops when the caller goes away.
@Suite struct IngestLimitsTests {
    static let sentence = "到2020年，全市学前三年毛入园率达到90%以上。"

    /// `sentence` repeated to about `bytes` bytes of UTF-8.
    static func repeated(bytes: Int) -> Data {
        let one = Data(sentence.utf8)
        var data = Data(capacity: bytes + one.count)
        while data.count < bytes { data.append(one) }
        return data
    }

    @Test func sixMegabytesOfOneSentenceAreRefusedAtOnce() throws {
        let data = Self.repeated(bytes: 6 << 20)
        // Refused by its size before a byte is decoded: the caller is never asked whether to go on.
        let asked = Mutex(0)
        let error = IngestError.tooLarge(bytes: data.count, limit: 5 << 20)
        #expect(throws: error) { try PlanIngester.ingest(data, isCancelled: { asked.withLock { $0 += 1 }; return false }) }
        #expect(asked.withLock { $0 } == 0)
        #expect(error.chineseDescription == "文件大小 6.0 MB，超过规划文件 5 MB 的上限；请确认上传的是规划正文")
    }

    @Test func oneSentenceRepeatedUnderTheSizeLimitStopsAtTheFactLimit() throws {
        // 1 MB would propose about 17,000 targets; it stops at the 5,000th instead. The time limit is
        // out of reach here (a loaded machine once took longer than the default 10 s), so only the
        // fact limit can stop it.
        let data = Self.repeated(bytes: 1 << 20)
        #expect(throws: IngestError.tooManyExtractions(limit: 5_000)) {
            try PlanIngester.ingest(data, limits: IngestLimits(timeLimit: .seconds(600)))
        }
        #expect(IngestError.tooManyExtractions(limit: 5_000).chineseDescription.contains("超过 5000 条的上限"))
    }

    @Test func readingStopsAtTheTimeLimit() throws {
        let limits = IngestLimits(maxExtractions: .max, timeLimit: .milliseconds(1))
        let error = #expect(throws: IngestError.self) { try PlanIngester.ingest(Self.repeated(bytes: 1 << 20), limits: limits) }
        #expect(error == .timedOut(.milliseconds(1)))
        #expect(IngestError.timedOut(.seconds(10)).chineseDescription.hasPrefix("读取文件超过 10 秒的时限"))
    }

    @Test func readingStopsWhenTheTaskIsCancelled() async throws {
        let data = Self.repeated(bytes: 4 << 20)
        let limits = IngestLimits(maxExtractions: .max, timeLimit: .seconds(600))
        let task = Task.detached { try PlanIngester.ingest(data, limits: limits) }
        try await Task.sleep(for: .milliseconds(200))
        task.cancel()
        let result = await task.result
        // Only a reading that saw the cancellation ends in `.cancelled`: one that ran to the end
        // would return the facts (no time bound here: a loaded machine only makes it slower).
        #expect(throws: IngestError.cancelled) { try result.get() }
    }

    @Test func readingStopsWhenTheCallerSaysSo() throws {
        #expect(throws: IngestError.cancelled) {
            try PlanIngester.ingest(try Fixtures.seed("anju-district-13th"), isCancelled: { true })
        }
    }

    /// The limits leave real plans ample room.
    @Test(arguments: Fixtures.seedNames) func seedsAreFarInsideTheLimits(name: String) throws {
        let data = try Fixtures.seed(name)
        let limits = IngestLimits()
        #expect(data.count * 50 < limits.maxDocumentBytes)
        let result = try PlanIngester.ingest(data, regions: Fixtures.regions, limits: limits).result
        let facts = result.domains.reduce(0) { $0 + $1.items.count } + result.targets.count + result.tasks.count
            + result.projects.count
        #expect(facts * 25 < limits.maxExtractions, "\(name): \(facts) facts")
    }
}

import Foundation
import JunhengTestSupport
import SQLKit
import Storage
import Testing

/// A write transaction held open, for tests: it writes `key`, then waits until released.
private struct HeldTransaction {
    let task: Task<Void, any Error>
    private let release: AsyncStream<Void>.Continuation

    static func start(_ database: JunhengDatabase, key: String) async -> HeldTransaction {
        let (started, startedSignal) = AsyncStream<Void>.makeStream()
        let (released, release) = AsyncStream<Void>.makeStream()
        let task = Task {
            try await database.transaction { db in
                try await db.raw("INSERT INTO settings (key, value) VALUES (\(bind: key), 'held')").run()
                startedSignal.yield()
                for await _ in released { break }
            }
        }
        for await _ in started { break }
        return HeldTransaction(task: task, release: release)
    }

    func finish() async throws {
        release.yield()
        try await task.value
    }
}

/// Runs `body`, or gives up after `seconds` with nil (the body is left to finish on its own).
private func within<T: Sendable>(seconds: Double, _ body: @escaping @Sendable () async throws -> T) async throws -> T? {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: .seconds(seconds))
            return nil
        }
        let first = try await group.next() ?? nil
        group.cancelAll()
        return first
    }
}

@Suite struct DatabaseConcurrencyTests {
    /// Page reads go to reader connections (SQLite in WAL mode; PostgreSQL's MVCC), which see the
    /// last committed state: a long write transaction, such as a large upload, does not hold them up.
    @Test(arguments: TestEngine.all)
    func readsCompleteWhileAWriteTransactionIsHeldOpen(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { (database) async throws -> Void in
            let held = await HeldTransaction.start(database, key: "held-open")
            // More reads at once than there are connections per event loop: under the shared pool
            // some of them queued behind the connection the transaction holds.
            let results = try await within(seconds: 30) {
                try await withThrowingTaskGroup(of: (Int, String?).self) { group in
                    for _ in 0..<8 {
                        group.addTask {
                            (try await RegionStore(database.sql).count(), try await SettingsStore(database.sql).value("held-open"))
                        }
                    }
                    return try await group.reduce(into: [(Int, String?)]()) { $0.append($1) }
                }
            }
            try await held.finish()
            let reads = try #require(results, "reads waited for the write transaction")
            #expect(reads.count == 8)
            #expect(reads.allSatisfy { $0.0 == 3210 })
            // Nothing of the open transaction is visible until it commits.
            #expect(reads.allSatisfy { $0.1 == nil })
            #expect(try await SettingsStore(database.sql).value("held-open") == "held")
        }
    }

    /// Writers queue for each other (SQLite: the one writer connection, `BEGIN IMMEDIATE`) instead
    /// of failing halfway. On SQLite a second transaction waits for the first and then sees its
    /// write; PostgreSQL runs it at once (read committed, no row in common), before the first commits.
    @Test(arguments: TestEngine.all)
    func aSecondWriteTransactionQueuesBehindTheFirstOnSQLite(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { (database) async throws -> Void in
            let held = await HeldTransaction.start(database, key: "first")
            let second = Task {
                try await database.transaction { db -> String? in
                    let seen = try await SettingsStore(db).value("first")
                    try await db.raw("INSERT INTO settings (key, value) VALUES ('second', 'after first')").run()
                    return seen
                }
            }
            if engine == .sqlite {
                try await Task.sleep(for: .milliseconds(200))
                #expect(try await SettingsStore(database.sql).value("second") == nil)
                try await held.finish()
                #expect(try await second.value == "held")
            } else {
                let seen = try await within(seconds: 30) { try await second.value ?? "nothing" }
                #expect(seen == "nothing")
                try await held.finish()
            }
            #expect(try await SettingsStore(database.sql).value("second") == "after first")
            #expect(try await SettingsStore(database.sql).value("first") == "held")
        }
    }

    /// Every statement through the database — reads, and a transaction's `BEGIN`, statements and
    /// `COMMIT` — counts once into the bound count, and into an outer one around it.
    @Test(arguments: TestEngine.all)
    func everyStatementIsCountedIntoTheBoundCounts(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { (database) async throws -> Void in
            let (inner, outer) = try await StatementCount.counting { () async throws -> Int in
                _ = try await RegionStore(database.sql).count()
                return try await StatementCount.counting {
                    try await database.transaction { db in
                        try await db.raw("INSERT INTO settings (key, value) VALUES ('k', 'v')").run()
                    }
                }.statements
            }
            #expect(inner == 3)
            #expect(outer == 4)
            // Nothing is counted without a binding.
            #expect(StatementCount.current == nil)
        }
    }
}

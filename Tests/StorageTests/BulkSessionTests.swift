import JunhengTestSupport
import SQLKit
@testable import Storage
import Testing

/// A bulk load's transaction gets its own memory settings, and gives them back: SQLite's page
/// cache is smaller while it runs (it sorts in as much again), PostgreSQL sorts in more memory.
@Suite struct BulkSessionTests {
    @Test(arguments: TestEngine.all)
    func aBulkTransactionSetsItsMemoryAndTheNextTransactionHasTheUsualSettings(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, holding: .schema) { (database) async throws -> Void in
            switch database.engine {
            case .sqlite:
                let during = try await database.bulkTransaction { session in
                    try await session.sql.raw("PRAGMA cache_size").first()?.decode(column: "cache_size", as: Int.self)
                }
                #expect(during == -SQLiteConnectionSourceWithPragmas.bulkCacheKiB)
                let after = try await database.transaction { db in
                    try await db.raw("PRAGMA cache_size").first()?.decode(column: "cache_size", as: Int.self)
                }
                #expect(after == -SQLiteConnectionSourceWithPragmas.cacheKiB)
            case .postgres:
                let during = try await database.bulkTransaction { session in
                    try await session.sql.raw("SHOW work_mem").first()?.decode(column: "work_mem", as: String.self)
                }
                #expect(during == JunhengDatabase.bulkWorkMemory)
                let after = try await database.transaction { db in
                    try await db.raw("SHOW work_mem").first()?.decode(column: "work_mem", as: String.self)
                }
                #expect(after != JunhengDatabase.bulkWorkMemory)
            }
        }
    }
}

import Logging
import NIOConcurrencyHelpers
import NIOCore
import SQLKit

/// How many SQL statements some work issued: bind one with ``counting(_:)`` (the server binds one
/// per request) and every statement sent through a ``JunhengDatabase`` — pooled reads, and each
/// statement of a transaction including its `BEGIN` and `COMMIT` — adds one, whatever task or
/// connection it runs on below the binding. A count bound inside another adds to both, so that a
/// test can count what a request's own count sees.
public final class StatementCount: Sendable {
    private let value = NIOLockedValueBox(0)
    private let outer: StatementCount?

    /// A count at zero, inside the one currently bound, if any.
    public init() { outer = Self.current }

    /// The statements counted so far.
    public var total: Int { value.withLockedValue { $0 } }

    func increment() {
        value.withLockedValue { $0 += 1 }
        outer?.increment()
    }

    /// The count the current task adds to; nil outside ``counting(_:)``.
    @TaskLocal public static var current: StatementCount?

    /// Runs `body` with a fresh count bound, returning what it returned and how many statements it issued.
    public static func counting<Result: Sendable>(
        _ body: () async throws -> Result
    ) async rethrows -> (result: Result, statements: Int) {
        let count = StatementCount()
        let result = try await $current.withValue(count) { try await body() }
        return (result, count.total)
    }
}

/// The seam every statement passes: it counts the statement into the task's ``StatementCount``
/// and hands it on, and wraps the connection a session (a transaction) runs on the same way.
/// Sessions run on `sessions` when given: SQLite's one writer beside its readers.
struct CountingSQLDatabase: SQLDatabase {
    let base: any SQLDatabase
    var sessions: (any SQLDatabase)?

    var logger: Logger { base.logger }
    var eventLoop: any EventLoop { base.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { base.version }
    var dialect: any SQLDialect { base.dialect }
    var queryLogLevel: Logger.Level? { base.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) -> EventLoopFuture<Void> {
        StatementCount.current?.increment()
        return base.execute(sql: query, onRow)
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) async throws {
        StatementCount.current?.increment()
        try await base.execute(sql: query, onRow)
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        // PostgresKit runs the session's closure in a task of its own, which task-locals do not
        // reach: the count is carried over by hand.
        let count = StatementCount.current
        return try await (sessions ?? base).withSession { session in
            try await StatementCount.$current.withValue(count) { try await closure(CountingSQLDatabase(base: session, sessions: nil)) }
        }
    }
}

@preconcurrency import AsyncKit
import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresKit
import SQLKit
import SQLiteKit

/// Which engine a database runs on. The schema and queries are shared; only a few type names
/// and statements differ, and those differences live in `Migrations` and here.
public enum DatabaseEngine: String, Sendable, Codable {
    case sqlite
    case postgres
}

/// Where the database is: parsed from `--database`, `JUNHENG_DATABASE_URL`, or the default file.
public enum DatabaseLocation: Sendable, Equatable, CustomStringConvertible {
    case sqliteFile(path: String)
    case postgres(url: String)

    public struct InvalidLocation: Error, CustomStringConvertible {
        public let description: String
    }

    /// Accepts `postgres://…` / `postgresql://…`, `sqlite:///abs/path`, `sqlite://relative/path`,
    /// or a plain file path.
    public init(parsing text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { throw InvalidLocation(description: "数据库地址为空 (empty database location)") }
        if trimmed.hasPrefix("postgres://") || trimmed.hasPrefix("postgresql://") {
            self = .postgres(url: trimmed)
        } else if trimmed.hasPrefix("sqlite://") {
            let path = String(trimmed.dropFirst("sqlite://".count))
            guard !path.isEmpty else { throw InvalidLocation(description: "sqlite:// 地址缺少文件路径") }
            self = .sqliteFile(path: path)
        } else if trimmed.contains("://") {
            throw InvalidLocation(description: "不支持的数据库地址 '\(trimmed)'：请使用 postgres://… 或 SQLite 文件路径")
        } else {
            self = .sqliteFile(path: trimmed)
        }
    }

    /// The default: `junheng.sqlite` inside the data directory.
    public static func defaultLocation(dataDirectory: String) -> DatabaseLocation {
        .sqliteFile(path: (dataDirectory as NSString).appendingPathComponent("junheng.sqlite"))
    }

    public var engine: DatabaseEngine {
        switch self {
        case .sqliteFile: .sqlite
        case .postgres: .postgres
        }
    }

    /// A form safe for logs: the PostgreSQL password is masked.
    public var description: String {
        switch self {
        case .sqliteFile(let path):
            return "sqlite://\(path)"
        case .postgres(let url):
            guard var components = URLComponents(string: url) else { return "postgres://…" }
            if components.password != nil { components.password = "***" }
            return components.string ?? "postgres://…"
        }
    }
}

/// An open database: a connection pool for one engine behind SQLKit's single query layer.
public final class JunhengDatabase: Sendable {
    public let engine: DatabaseEngine
    public let location: DatabaseLocation
    /// Queries outside a transaction go through this pooled handle (SQLite: to the readers);
    /// every statement is counted into the task's ``StatementCount``.
    public let sql: any SQLDatabase
    /// The pool again, for a transaction that needs its connection's own API (`bulkTransaction`).
    private let connections: Connections
    private let shutdownPool: @Sendable () async throws -> Void

    enum Connections: Sendable {
        case sqlite(PooledSQLiteDatabase)
        case postgres(SharedPool<PostgresConnectionSource>, Logger)
    }

    private init(
        engine: DatabaseEngine, location: DatabaseLocation, sql: any SQLDatabase, connections: Connections,
        shutdown: @escaping @Sendable () async throws -> Void
    ) {
        self.engine = engine
        self.location = location
        self.sql = sql
        self.connections = connections
        self.shutdownPool = shutdown
    }

    /// How many connections a database keeps open for `connections` of `nil`: two per core on
    /// PostgreSQL (the server does the work; a connection waiting on the network costs little),
    /// one reader per core on SQLite (readers run on threads of this process), never fewer than two.
    public static func defaultConnections(for engine: DatabaseEngine, cores: Int = System.coreCount) -> Int {
        max(2, engine == .postgres ? 2 * cores : cores)
    }

    /// Opens the pool of `connections` (``defaultConnections(for:cores:)`` when nil): on
    /// PostgreSQL that many in all, spread over the event loops; on SQLite that many readers and
    /// one writer. Nothing is created or migrated here; call `Migrator.migrate` next.
    public static func open(_ location: DatabaseLocation, connections: Int? = nil,
                            logger: Logger) async throws -> JunhengDatabase {
        let eventLoopGroup = MultiThreadedEventLoopGroup.singleton
        let connections = max(1, connections ?? defaultConnections(for: location.engine))
        switch location {
        case .sqliteFile(let path):
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            return try await openSQLite(path: path, location: location, readers: connections, logger: logger,
                                        group: eventLoopGroup)
        case .postgres(let url):
            var configuration: SQLPostgresConfiguration
            do {
                let (plainURL, searchPath) = splitSearchPath(url)
                configuration = try SQLPostgresConfiguration(url: plainURL)
                configuration.searchPath = searchPath
            } catch {
                throw DatabaseLocation.InvalidLocation(description: "无法解析 PostgreSQL 地址 \(location): \(error)")
            }
            let pool = EventLoopGroupConnectionPool(
                source: PostgresConnectionSource(sqlConfiguration: configuration),
                maxConnectionsPerEventLoop: perEventLoop(connections, group: eventLoopGroup),
                logger: logger,
                on: eventLoopGroup)
            let sql = CountingSQLDatabase(base: pool.database(logger: logger).sql(queryLogLevel: .trace), sessions: nil)
            let shared = SharedPool(pool: pool)
            let database = JunhengDatabase(engine: .postgres, location: location, sql: sql, connections: .postgres(shared, logger)) {
                try await shared.pool.shutdownAsync()
            }
            do {
                // Fail at start-up, not on the first request, when the server is unreachable.
                try await sql.raw("SELECT 1").run()
            } catch {
                try? await pool.shutdownAsync()
                throw DatabaseUnavailable(location: location, underlying: error)
            }
            return database
        }
    }

    /// A pool per event loop with `connections` in all, rounded up.
    private static func perEventLoop(_ connections: Int, group: any EventLoopGroup) -> Int {
        let loops = max(1, Array(group.makeIterator()).count)
        return max(1, (connections + loops - 1) / loops)
    }

    /// `?search_path=schema` (ours, not libpq's) puts all tables in one schema: for sharing a
    /// database between installations, and for tests that each get a throwaway schema.
    static func splitSearchPath(_ url: String) -> (url: String, searchPath: [String]?) {
        guard var components = URLComponents(string: url),
              let item = components.queryItems?.first(where: { $0.name == "search_path" }), let value = item.value
        else { return (url, nil) }
        components.queryItems = components.queryItems?.filter { $0.name != "search_path" }
        if components.queryItems?.isEmpty == true { components.queryItems = nil }
        return (components.string ?? url, value.split(separator: ",").map(String.init))
    }

    /// SQLite in WAL mode with one writer and `readers` readers: statements outside a transaction
    /// go to the readers, which read the last committed state while a transaction is open, and
    /// every transaction queues for the one writer connection (SQLite lets one write at a time
    /// anyway). The connections run on threads of their own, so that a long write statement does
    /// not hold up reads behind it on a shared pool.
    private static func openSQLite(
        path: String, location: DatabaseLocation, readers: Int, logger: Logger, group: any EventLoopGroup
    ) async throws -> JunhengDatabase {
        let threads = NIOThreadPool(numberOfThreads: readers + 1)
        threads.start()
        let source = SQLiteConnectionSourceWithPragmas(storage: .file(path: path), threadPool: threads)
        // A transaction waits for the writer as long as SQLite's busy timeout lets a second writer wait.
        let writer = SharedPool(pool: EventLoopGroupConnectionPool(
            source: source, maxConnectionsPerEventLoop: 1, requestTimeout: .seconds(Int64(SQLiteConnectionSourceWithPragmas.busyTimeoutSeconds)),
            pruneInterval: nil, logger: logger, on: group.next()))
        let reader = SharedPool(pool: EventLoopGroupConnectionPool(
            source: source, maxConnectionsPerEventLoop: perEventLoop(readers, group: group), logger: logger, on: group))
        let shutdown: @Sendable () async throws -> Void = {
            try await reader.pool.shutdownAsync()
            try await writer.pool.shutdownAsync()
            try await threads.shutdownGracefully()
        }
        // Statements to the readers, sessions (transactions) to the writer.
        let sql = CountingSQLDatabase(base: PooledSQLiteDatabase(shared: reader, logger: logger).sql(queryLogLevel: .trace),
                                      sessions: PooledSQLiteDatabase(shared: writer, logger: logger).sql(queryLogLevel: .trace))
        do {
            // WAL is a property of the file: set once, it holds for every connection.
            try await sql.withSession { try await $0.raw("PRAGMA journal_mode = WAL").run() }
        } catch {
            try? await shutdown()
            throw error
        }
        // A bulk load is a write: it takes the writer connection like any transaction.
        return JunhengDatabase(engine: .sqlite, location: location, sql: sql,
                               connections: .sqlite(PooledSQLiteDatabase(shared: writer, logger: logger)), shutdown: shutdown)
    }

    /// Runs `body` in one transaction on one connection: committed if it returns, rolled back if it
    /// throws. SQLite takes the write lock up front (`BEGIN IMMEDIATE`) so that two writers wait
    /// for each other instead of failing halfway with SQLITE_BUSY.
    public func transaction<Result: Sendable>(
        _ body: @escaping @Sendable (any SQLDatabase) async throws -> Result
    ) async throws -> Result {
        let begin = engine == .sqlite ? "BEGIN IMMEDIATE" : "BEGIN"
        return try await sql.withSession { session in
            try await Self.inTransaction(session, begin: begin, body)
        }
    }

    /// `transaction`, with the connection's bulk loading at hand (`BulkSession`): PostgreSQL's
    /// `COPY … FROM STDIN` and SQLite statements bound without SQLKit's encoders, for loading a
    /// million rows.
    public func bulkTransaction<Result: Sendable>(
        _ body: @escaping @Sendable (BulkSession) async throws -> Result
    ) async throws -> Result {
        switch connections {
        case .sqlite(let pooled):
            return try await pooled.withConnection { connection in
                let sql = connection.sql(queryLogLevel: .trace)
                func cache(_ kibibytes: Int) async throws {
                    try await sql.raw("PRAGMA cache_size = -\(unsafeRaw: String(kibibytes))").run()
                }
                try await cache(SQLiteConnectionSourceWithPragmas.bulkCacheKiB)
                let result: Result
                do {
                    result = try await Self.inTransaction(sql, begin: "BEGIN IMMEDIATE") { session in
                        try await body(BulkSession(sql: session, connection: .sqlite(connection)))
                    }
                } catch {
                    try? await cache(SQLiteConnectionSourceWithPragmas.cacheKiB)
                    throw error
                }
                try await cache(SQLiteConnectionSourceWithPragmas.cacheKiB)
                return result
            }
        case .postgres(let shared, let logger):
            let connection = try await shared.pool.requestConnection(logger: logger).get()
            defer { shared.pool.releaseConnection(connection, logger: logger) }
            return try await Self.inTransaction(connection.sql(queryLogLevel: .trace), begin: "BEGIN") { session in
                // For this transaction only: the staging table's checks join and sort a million
                // rows, which PostgreSQL's default 4 MB of sort memory would spill to disk.
                try await session.raw("SET LOCAL work_mem = '\(unsafeRaw: Self.bulkWorkMemory)'").run()
                try await session.raw("SET LOCAL maintenance_work_mem = '\(unsafeRaw: Self.bulkWorkMemory)'").run()
                return try await body(BulkSession(sql: session, connection: .postgres(connection)))
            }
        }
    }

    /// PostgreSQL's sort and hash memory for a bulk load's transaction (the server's memory, per
    /// sort or hash of that one connection).
    static let bulkWorkMemory = "64MB"

    private static func inTransaction<Result: Sendable>(
        _ session: any SQLDatabase, begin: String, _ body: (any SQLDatabase) async throws -> Result
    ) async throws -> Result {
        try await session.raw(SQLQueryString(begin)).run()
        do {
            let result = try await body(session)
            try await session.raw("COMMIT").run()
            return result
        } catch {
            try? await session.raw("ROLLBACK").run()
            throw error
        }
    }

    public func shutdown() async throws {
        try await shutdownPool()
    }
}

/// The transaction `JunhengDatabase.bulkTransaction` hands its body: SQLKit on it, and the
/// connection underneath for bulk loading (only stores use it).
public struct BulkSession: Sendable {
    public let sql: any SQLDatabase
    let connection: Connection

    public var engine: DatabaseEngine {
        switch connection {
        case .sqlite: .sqlite
        case .postgres: .postgres
        }
    }

    enum Connection: Sendable {
        case sqlite(SQLiteConnection)
        case postgres(PostgresConnection)
    }
}

/// A connection, or the transaction `JunhengDatabase.transaction` hands its body: what every store
/// is built on. Named here so that the layers above can pass one along without importing SQLKit.
public typealias DatabaseSession = any SQLDatabase

public struct DatabaseUnavailable: Error, CustomStringConvertible {
    public let location: DatabaseLocation
    public let underlying: any Error
    public var description: String { "无法连接数据库 \(location): \(String(reflecting: underlying))" }
}

/// Opens SQLite connections with the settings every connection needs: foreign keys enforced and a
/// busy timeout so that concurrent writers (another process: the CLI beside the server) queue
/// instead of erroring.
struct SQLiteConnectionSourceWithPragmas: ConnectionPoolSource {
    static let busyTimeoutSeconds = 15
    /// Each connection's page cache, in KiB.
    static let cacheKiB = 65536
    /// A bulk load's, in KiB: SQLite sorts (the staging table's index, its checks, the copies in
    /// key order) in as much memory again, so that a load holds about twice this whatever its
    /// size (at 32 MiB a million-row import peaked at 161 MB).
    static let bulkCacheKiB = 16384
    let storage: SQLiteConnection.Storage
    let threadPool: NIOThreadPool

    func makeConnection(logger: Logger, on eventLoop: any EventLoop) -> EventLoopFuture<SQLiteConnection> {
        SQLiteConnection.open(storage: storage, threadPool: threadPool, logger: logger, on: eventLoop)
            .flatMap { connection in
                connection.query("PRAGMA foreign_keys = ON")
                    .flatMap { _ in connection.query("PRAGMA busy_timeout = \(Self.busyTimeoutSeconds * 1000)") }
                    .flatMap { _ in connection.query("PRAGMA synchronous = NORMAL") }
                    // 64 MiB instead of 2: with less, a large upload keeps evicting and rereading
                    // the index pages it inserts into.
                    .flatMap { _ in connection.query("PRAGMA cache_size = -\(Self.cacheKiB)") }
                    .map { _ in connection }
            }
    }
}

/// Presents the pool as one `SQLiteDatabase`, so that SQLiteKit's `sql()` gives a pooled SQLKit
/// handle whose `withSession` keeps a transaction on a single connection.
struct PooledSQLiteDatabase: SQLiteDatabase {
    let shared: SharedPool<SQLiteConnectionSourceWithPragmas>
    let logger: Logger
    private var pool: EventLoopGroupConnectionPool<SQLiteConnectionSourceWithPragmas> { shared.pool }

    var eventLoop: any EventLoop { pool.eventLoopGroup.any() }

    func query(
        _ query: String, _ binds: [SQLiteData], logger: Logger,
        _ onRow: @escaping @Sendable (SQLiteRow) -> Void
    ) -> EventLoopFuture<Void> {
        pool.withConnection(logger: logger) { $0.query(query, binds, logger: logger, onRow) }
    }

    /// Rows are handed over on the connection's thread: the future-based `query` above submits
    /// every row to the event loop as a task of its own, which costs more than reading it.
    func query(_ query: String, _ binds: [SQLiteData], _ onRow: @escaping @Sendable (SQLiteRow) -> Void) async throws {
        try await withConnection { try await $0.query(query, binds, onRow) }
    }

    func withConnection<T>(
        _ closure: @escaping @Sendable (SQLiteConnection) -> EventLoopFuture<T>
    ) -> EventLoopFuture<T> {
        pool.withConnection(logger: logger, closure)
    }

    func withConnection<T>(
        _ closure: @escaping @Sendable (SQLiteConnection) async throws -> T
    ) async throws -> T {
        let connection = try await pool.requestConnection(logger: logger).get()
        defer { pool.releaseConnection(connection, logger: logger) }
        return try await closure(connection)
    }
}

/// AsyncKit's pool guards its state with a lock but predates `Sendable`; this box says so once
/// instead of at every capture.
struct SharedPool<Source: ConnectionPoolSource>: @unchecked Sendable {
    let pool: EventLoopGroupConnectionPool<Source>
}

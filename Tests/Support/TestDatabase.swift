import Foundation
import Logging
import SQLKit
import Storage

/// The engines a test run covers. SQLite always; PostgreSQL when `JUNHENG_TEST_POSTGRES_URL`
/// names a server — and `make test` / `.ci/run` always start one and set it. With
/// `JUNHENG_REQUIRE_POSTGRES=1` a missing URL makes the PostgreSQL cases fail, never skip.
public enum TestEngine: String, Sendable, CaseIterable {
    case sqlite
    case postgres

    public static var all: [TestEngine] {
        let environment = ProcessInfo.processInfo.environment
        let hasServer = !(environment["JUNHENG_TEST_POSTGRES_URL"] ?? "").isEmpty
        let required = environment["JUNHENG_REQUIRE_POSTGRES"] == "1"
        return hasServer || required ? [.sqlite, .postgres] : [.sqlite]
    }

    /// The test server's URL, or a failure naming the command that sets it.
    static func postgresURL() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["JUNHENG_TEST_POSTGRES_URL"], !url.isEmpty else {
            throw MissingPostgres()
        }
        return url
    }
}

public struct MissingPostgres: Error, CustomStringConvertible {
    public var description: String {
        "JUNHENG_REQUIRE_POSTGRES=1 but JUNHENG_TEST_POSTGRES_URL is not set: run the suite with `make test`"
    }
}

/// What a fresh test database holds when the test's body starts.
///
/// Each kind is built once per test process and copied for every test that asks for it (a SQLite
/// file's bytes, or a PostgreSQL `CREATE DATABASE … TEMPLATE`): migrating and loading the 3,000
/// regions takes about 0.5 s on SQLite and 1.5 s on PostgreSQL in a debug build, and the demo
/// several seconds more, where a copy takes milliseconds.
public struct TestDatabaseContents: Sendable {
    /// Databases built with the same key hold the same rows, so one copy serves them all.
    public let key: String
    let fill: @Sendable (JunhengDatabase) async throws -> Void

    /// Contents made by `fill`, run on a new empty database.
    public init(key: String, fill: @escaping @Sendable (JunhengDatabase) async throws -> Void) {
        self.key = key
        self.fill = fill
    }

    /// No tables at all, not even the migrations' own.
    public static let empty = TestDatabaseContents(key: "empty") { _ in }

    /// The schema, without rows.
    public static let schema = TestDatabaseContents(key: "schema") { database in
        try await Migrator(database: database, logger: TestDatabase.logger).migrate()
    }

    /// The schema and the GB/T 2260 region registry: what most tests start from.
    public static let regions = TestDatabaseContents.schema.then("regions") { database in
        try await RegionStore(database.sql).loadRegistryIfEmpty()
    }

    /// These contents followed by `fill`, under the key `self.key + "+" + step`.
    public func then(_ step: String, _ fill: @escaping @Sendable (JunhengDatabase) async throws -> Void) -> TestDatabaseContents {
        let first = self.fill
        return TestDatabaseContents(key: key + "+" + step) { database in
            try await first(database)
            try await fill(database)
        }
    }
}

public enum TestDatabase {
    public static let logger: Logger = {
        var logger = Logger(label: "junheng-tests")
        logger.logLevel = .warning
        return logger
    }()

    /// Runs `body` against a fresh database holding `contents`, then deletes it: a SQLite file in
    /// a temporary directory, or a throwaway PostgreSQL database.
    public static func with(
        _ engine: TestEngine, holding contents: TestDatabaseContents = .regions,
        _ body: (JunhengDatabase) async throws -> Void
    ) async throws {
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        let location: DatabaseLocation
        let drop: @Sendable () async throws -> Void
        switch engine {
        case .sqlite:
            let path = try Templates.directory().appendingPathComponent("\(name).sqlite").path
            try await Templates.shared.sqliteImage(of: contents).write(to: URL(fileURLWithPath: path))
            location = .sqliteFile(path: path)
            drop = { Templates.removeSQLite(at: path) }
        case .postgres:
            let url = try TestEngine.postgresURL()
            let template = try await Templates.shared.postgresTemplate(of: contents)
            try await Templates.withAdmin(url) {
                try await $0.sql.raw("CREATE DATABASE \(ident: String(name)) TEMPLATE \(ident: template)").run()
            }
            location = .postgres(url: Templates.url(url, database: String(name)))
            drop = { try await Templates.withAdmin(url) { try await $0.sql.raw("DROP DATABASE \(ident: String(name)) WITH (FORCE)").run() } }
        }
        let database = try await JunhengDatabase.open(location, logger: logger)
        do {
            try await body(database)
            try await database.shutdown()
            try await drop()
        } catch {
            try? await database.shutdown()
            try? await drop()
            throw error
        }
    }

    /// Runs `body` with a second pool on `database`'s location — another server process, as far
    /// as the database can tell — and always closes it.
    /// With `opening` false, `body` gets `database` itself (for an engine that serves one process).
    public static func withSecondProcess(on database: JunhengDatabase, opening: Bool = true,
                                         _ body: (JunhengDatabase) async throws -> Void) async throws {
        guard opening else { return try await body(database) }
        try await Templates.withOpened(database.location, body)
    }

    /// A SQLite file at `path` holding `contents`, for tests that drive the command line on a file.
    public static func writeSQLite(_ contents: TestDatabaseContents, to path: String) async throws {
        try await Templates.shared.sqliteImage(of: contents).write(to: URL(fileURLWithPath: path))
    }
}

/// The once-per-process databases that tests' databases are copied from.
private actor Templates {
    static let shared = Templates()

    private var sqliteImages: [String: Task<Data, any Error>] = [:]
    private var postgresTemplates: [String: Task<String, any Error>] = [:]
    private var sweptStaleTemplates = false

    /// The bytes of a SQLite file holding `contents`, built on first request.
    func sqliteImage(of contents: TestDatabaseContents) async throws -> Data {
        if let building = sqliteImages[contents.key] { return try await building.value }
        let building = Task { try await Self.buildSQLite(contents) }
        sqliteImages[contents.key] = building
        return try await building.value
    }

    /// The name of a PostgreSQL database holding `contents`, built on first request. Nothing stays
    /// connected to it, so `CREATE DATABASE … TEMPLATE` can copy it.
    func postgresTemplate(of contents: TestDatabaseContents) async throws -> String {
        if let building = postgresTemplates[contents.key] { return try await building.value }
        let url = try TestEngine.postgresURL()
        if !sweptStaleTemplates {
            sweptStaleTemplates = true
            try await Self.dropTemplatesOfEndedProcesses(url)
        }
        let name = Self.templatePrefix + "\(getpid())_\(postgresTemplates.count)"
        let building = Task {
            try await Self.withAdmin(url) { try await $0.sql.raw("CREATE DATABASE \(ident: name)").run() }
            try await Self.withOpened(.postgres(url: Self.url(url, database: name)), contents.fill)
            return name
        }
        postgresTemplates[contents.key] = building
        return try await building.value
    }

    private static func buildSQLite(_ contents: TestDatabaseContents) async throws -> Data {
        let path = try directory().appendingPathComponent("template-\(UUID().uuidString).sqlite").path
        defer { removeSQLite(at: path) }
        try await withOpened(.sqliteFile(path: path)) { database in
            try await contents.fill(database)
            // Everything into the main file, so that its bytes alone are the whole database.
            try await database.sql.raw("PRAGMA wal_checkpoint(TRUNCATE)").run()
        }
        return try Data(contentsOf: URL(fileURLWithPath: path))
    }

    /// Templates are named for the process that made them; those of processes that have ended
    /// (a run stopped half-way, or an earlier run on a server the developer keeps) are dropped.
    private static let templatePrefix = "jh_template_"

    private static func dropTemplatesOfEndedProcesses(_ url: String) async throws {
        try await withAdmin(url) { admin in
            let names = try await admin.sql.raw("SELECT datname FROM pg_database WHERE datname LIKE \(literal: templatePrefix + "%")")
                .all().map { try $0.decode(column: "datname", as: String.self) }
            for name in names {
                guard let pid = Int32(name.dropFirst(templatePrefix.count).prefix { $0 != "_" }),
                      kill(pid, 0) != 0, errno == ESRCH else { continue }
                try await admin.sql.raw("DROP DATABASE IF EXISTS \(ident: name) WITH (FORCE)").run()
            }
        }
    }

    static func directory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("junheng-tests")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    static func removeSQLite(at path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    /// `url` with its database name replaced by `database`.
    static func url(_ url: String, database: String) -> String {
        guard var components = URLComponents(string: url) else { return url }
        components.path = "/" + database
        return components.string ?? url
    }

    /// Runs `body` on a short-lived connection to the test server and always closes it, so that a
    /// refused statement (e.g. "too many clients") fails the test instead of crashing the run.
    static func withAdmin(_ url: String, _ body: (JunhengDatabase) async throws -> Void) async throws {
        try await withOpened(.postgres(url: url), body)
    }

    static func withOpened(_ location: DatabaseLocation, _ body: (JunhengDatabase) async throws -> Void) async throws {
        let opened = try await JunhengDatabase.open(location, logger: TestDatabase.logger)
        do {
            try await body(opened)
        } catch {
            try? await opened.shutdown()
            throw error
        }
        try await opened.shutdown()
    }
}

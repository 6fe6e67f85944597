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

}

public struct MissingPostgres: Error, CustomStringConvertible {
    public var description: String {
        "JUNHENG_REQUIRE_POSTGRES=1 but JUNHENG_TEST_POSTGRES_URL is not set: run the suite with `make test`"
    }
}

public enum TestDatabase {
    public static let logger: Logger = {
        var logger = Logger(label: "junheng-tests")
        logger.logLevel = .warning
        return logger
    }()

    /// Runs `body` against a fresh, migrated database with the region registry loaded, then
    /// deletes it: a SQLite file in a temporary directory, or a throwaway PostgreSQL schema.
    /// With `migrate: false` the database is left empty (and `loadRegions` does nothing).
    public static func with(
        _ engine: TestEngine, migrate: Bool = true, loadRegions: Bool = true,
        _ body: (JunhengDatabase) async throws -> Void
    ) async throws {
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        let location: DatabaseLocation
        var dropSchema: (@Sendable () async throws -> Void)?
        switch engine {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("junheng-tests")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let path = directory.appendingPathComponent("\(name).sqlite").path
            location = .sqliteFile(path: path)
            dropSchema = {
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            }
        case .postgres:
            guard let url = ProcessInfo.processInfo.environment["JUNHENG_TEST_POSTGRES_URL"], !url.isEmpty else {
                throw MissingPostgres()
            }
            try await withAdmin(url) { try await $0.sql.raw("CREATE SCHEMA \(unsafeRaw: String(name))").run() }
            let separator = url.contains("?") ? "&" : "?"
            location = .postgres(url: url + separator + "search_path=\(name)")
            dropSchema = {
                try await withAdmin(url) { try await $0.sql.raw("DROP SCHEMA \(unsafeRaw: String(name)) CASCADE").run() }
            }
        }
        let database = try await JunhengDatabase.open(location, logger: logger)
        do {
            if migrate {
                try await Migrator(database: database, logger: logger).migrate()
                if loadRegions { try await RegionStore(database.sql).loadRegistryIfEmpty() }
            }
            try await body(database)
            try await database.shutdown()
            try await dropSchema?()
        } catch {
            try? await database.shutdown()
            try? await dropSchema?()
            throw error
        }
    }

    /// Runs `body` on a short-lived connection to the test server and always closes it, so that a
    /// refused statement (e.g. "too many clients") fails the test instead of crashing the run.
    private static func withAdmin(_ url: String, _ body: (JunhengDatabase) async throws -> Void) async throws {
        try await withOpened(.postgres(url: url), body)
    }

    /// Runs `body` with a second pool on `database`'s location — another server process, as far
    /// as the database can tell — and always closes it.
    /// With `opening` false, `body` gets `database` itself (for an engine that serves one process).
    public static func withSecondProcess(on database: JunhengDatabase, opening: Bool = true,
                                         _ body: (JunhengDatabase) async throws -> Void) async throws {
        guard opening else { return try await body(database) }
        try await withOpened(database.location, body)
    }

    private static func withOpened(_ location: DatabaseLocation, _ body: (JunhengDatabase) async throws -> Void) async throws {
        let opened = try await JunhengDatabase.open(location, logger: logger)
        do {
            try await body(opened)
        } catch {
            try? await opened.shutdown()
            throw error
        }
        try await opened.shutdown()
    }
}

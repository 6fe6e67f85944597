import ArgumentParser
import Foundation
import JunhengApp
import Logging
import Storage

/// `--database` and `--data-dir`, shared by every command that touches the database.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Database: a SQLite file path or sqlite:// URL, or postgres://user:pass@host:port/db. Default: $JUNHENG_DATABASE_URL, else <data-dir>/junheng.sqlite.",
        valueName: "url"))
    var database: String?

    @Option(name: .long, help: ArgumentHelp("Directory for the SQLite file and uploads. Default: $JUNHENG_DATA_DIR, else ./data.", valueName: "dir"))
    var dataDir: String?

    @Option(name: .long, help: ArgumentHelp(
        "Database connections: on PostgreSQL in all, on SQLite the readers beside the one writer. Default: $JUNHENG_DATABASE_CONNECTIONS, else two per core on PostgreSQL and one per core on SQLite.",
        valueName: "n"))
    var databaseConnections: Int?

    /// The pool size asked for, or nil for the engine's default; a value that is not a positive
    /// number is refused rather than quietly replaced.
    var connections: Int? {
        get throws {
            if let databaseConnections {
                guard databaseConnections > 0 else { throw ValidationError("--database-connections must be at least 1") }
                return databaseConnections
            }
            guard let text = ProcessInfo.processInfo.environment["JUNHENG_DATABASE_CONNECTIONS"], !text.isEmpty else { return nil }
            guard let value = Int(text), value > 0 else {
                throw ValidationError("JUNHENG_DATABASE_CONNECTIONS must be a whole number of at least 1, not '\(text)'")
            }
            return value
        }
    }

    var location: DatabaseLocation {
        get throws {
            let environment = ProcessInfo.processInfo.environment
            if let text = database ?? environment["JUNHENG_DATABASE_URL"], !text.isEmpty {
                return try DatabaseLocation(parsing: text)
            }
            return .defaultLocation(dataDirectory: dataDir ?? environment["JUNHENG_DATA_DIR"] ?? "data")
        }
    }

    /// Opens the database, applies pending migrations and loads the region registry if empty.
    func open(logger: Logger) async throws -> JunhengDatabase {
        let database = try await JunhengDatabase.open(try location, connections: try connections, logger: logger)
        do {
            try await Migrator(database: database, logger: logger).migrate()
            let loaded = try await JunhengApp(database: database).regions.loadRegistryIfEmpty()
            if loaded > 0 { logger.info("loaded GB/T 2260 region registry", metadata: ["regions": "\(loaded)"]) }
        } catch {
            try? await database.shutdown()
            throw error
        }
        return database
    }
}

/// Runs `body` with an open database and always closes it.
private func withDatabase<T>(_ options: DatabaseOptions, logger: Logger = CLILog.logger,
                     _ body: (JunhengDatabase) async throws -> T) async throws -> T {
    let database = try await options.open(logger: logger)
    do {
        let result = try await body(database)
        try await database.shutdown()
        return result
    } catch {
        try? await database.shutdown()
        throw error
    }
}

/// Runs `body` with the application layer over an open database and always closes it; commands
/// call its use cases as `Actor.system("<command name>")`.
func withApp<T>(_ options: DatabaseOptions, settings: AppSettings = AppSettings(), logger: Logger = CLILog.logger,
                _ body: (JunhengApp) async throws -> T) async throws -> T {
    try await withDatabase(options, logger: logger) { try await body(JunhengApp(database: $0, settings: settings)) }
}

enum CLILog {
    static let logger: Logger = {
        var logger = Logger(label: "junheng")
        logger.logLevel = ProcessInfo.processInfo.environment["JUNHENG_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        return logger
    }()
}

/// Prints values as pretty JSON (`--json`) for scripts.
func printJSON<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}

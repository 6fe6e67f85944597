import ArgumentParser
import Foundation
import JunhengApp
import JunhengCLI
import JunhengTestSupport
import Logging
import Storage
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Parses arguments as the `junheng` executable does and runs the command in this process.
func junheng(_ arguments: [String]) async throws {
    var command = try JunhengCommand.parseAsRoot(arguments)
    if var asyncCommand = command as? AsyncParsableCommand {
        try await asyncCommand.run()
    } else {
        try command.run()
    }
}

/// Every command test runs one at a time, so that no command prints while another's output is captured.
@Suite("junheng commands", .serialized)
struct CommandTests {}

/// What `junheng` writes to standard output while `body` runs. The descriptor itself is
/// redirected, so `print` and `FileHandle.standardOutput` are both caught. Tests of other targets
/// run meanwhile, and the test library reports them on standard output too: its lines, which
/// start with a symbol such as ✔ or ◇, are left out.
func standardOutput(of body: () async throws -> Void) async throws -> String {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("junheng-stdout-\(UUID().uuidString)")
    fflush(nil)
    let saved = dup(STDOUT_FILENO)
    let capture = open(file.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    dup2(capture, STDOUT_FILENO)
    close(capture)
    func restore() {
        fflush(nil)
        dup2(saved, STDOUT_FILENO)
        close(saved)
    }
    do {
        try await body()
    } catch {
        restore()
        try? FileManager.default.removeItem(at: file)
        throw error
    }
    restore()
    defer { try? FileManager.default.removeItem(at: file) }
    return try String(contentsOf: file, encoding: .utf8)
        .split(separator: "\n", omittingEmptySubsequences: false)
        .filter { line in !(line.unicodeScalars.first.map(isTestLibrarySymbol) ?? false) }
        .joined(separator: "\n")
}

/// The marks the test library starts its lines with: symbols (✔ ✘ ◇ ↳) or, on macOS, SF Symbols
/// from the private use area.
private func isTestLibrarySymbol(_ scalar: Unicode.Scalar) -> Bool {
    [.otherSymbol, .mathSymbol, .privateUse].contains(scalar.properties.generalCategory)
}

/// The message `junheng` prints for an error thrown while parsing (a `ValidationError` from
/// `validate()` comes back wrapped).
func parseMessage(_ arguments: [String]) -> String? {
    do {
        _ = try JunhengCommand.parseAsRoot(arguments)
        return nil
    } catch {
        return JunhengCommand.message(for: error)
    }
}

/// A temporary directory for one test with a SQLite file in it: passed to commands as
/// `--database`, and opened through JunhengApp to check what they stored.
struct CommandDatabase {
    let directory: URL
    var path: String { directory.appendingPathComponent("junheng.sqlite").path }

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("junheng-cli-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    /// `--database PATH`, to append to a command's arguments.
    var option: [String] { ["--database", path] }

    /// Runs `body` with the application layer over the same file, as a command would see it.
    func app<T>(_ body: (JunhengApp) async throws -> T) async throws -> T {
        let database = try await JunhengDatabase.open(.sqliteFile(path: path), logger: TestDatabase.logger)
        do {
            try await Migrator(database: database, logger: TestDatabase.logger).migrate()
            try await JunhengApp(database: database).regions.loadRegistryIfEmpty()
            let result = try await body(JunhengApp(database: database))
            try await database.shutdown()
            return result
        } catch {
            try? await database.shutdown()
            throw error
        }
    }

    /// The path of a file in the test's directory.
    func path(of name: String) -> String { directory.appendingPathComponent(name).path }

    /// Writes `text` to a file in the test's directory and returns its path.
    func file(_ name: String, _ text: String) throws -> String {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path(of: name)))
        return path(of: name)
    }

    /// Removes the directory with the database and every file the test wrote.
    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }
}

extension CommandDatabase {
    /// Runs `body` with a fresh temporary database and removes it afterwards.
    /// With `contents`, the file starts as a copy of a test database holding them (e.g. the demo);
    /// without, there is no file until the first command creates it.
    static func with(holding contents: TestDatabaseContents? = nil, _ body: (CommandDatabase) async throws -> Void) async throws {
        let database = try CommandDatabase()
        defer { database.remove() }
        if let contents { try await TestDatabase.writeSQLite(contents, to: database.path) }
        try await body(database)
    }
}

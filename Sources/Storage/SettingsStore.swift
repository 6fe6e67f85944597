import SQLKit

/// Small installation-wide values, such as the server's signing secret.
public struct SettingsStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) { self.db = db }

    public func value(_ key: String) async throws -> String? {
        try await db.select().column("value").from("settings").where("key", .equal, key)
            .first()?.decode(column: "value", as: String.self)
    }

    /// Returns the stored value, or stores and returns `make()` when there is none. Two processes
    /// racing here both end up with the first value written.
    public func valueOrInsert(_ key: String, make: () -> String) async throws -> String {
        if let existing = try await value(key) { return existing }
        let candidate = make()
        try await db.raw("INSERT INTO settings (key, value) VALUES (\(bind: key), \(bind: candidate)) ON CONFLICT (key) DO NOTHING").run()
        return try await value(key) ?? candidate
    }
}

import Foundation
import SQLKit

/// Failed sign-ins and the addresses accounts signed in from, kept in the database so that every
/// server process on it counts together (`LoginThrottle` holds the rules). Times are seconds
/// since 1970. A counter is a string such as `pair|203.0.113.1|planner`; the store does not
/// interpret it.
public struct LoginThrottleStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) { self.db = db }

    /// The newest `limit` failures of `counter` at or after `since`, oldest first.
    public func failures(counter: String, since: Double, limit: Int) async throws -> [Double] {
        try await db.raw("""
            SELECT failed_at FROM login_failures WHERE counter = \(bind: counter) AND failed_at > \(bind: since)
            ORDER BY failed_at DESC, id DESC LIMIT \(bind: limit)
            """).all().map { try $0.decode(column: "failed_at", as: Double.self) }.reversed()
    }

    /// Records one failure under each counter.
    public func recordFailure(counters: [String], at time: Double) async throws {
        let insert = db.insert(into: "login_failures").columns("counter", "failed_at")
        for counter in counters { insert.values(SQLBind(counter), SQLBind(time)) }
        try await insert.run()
    }

    public func clear(counter: String) async throws {
        try await db.delete(from: "login_failures").where("counter", .equal, counter).run()
    }

    /// When the account last signed in from the address, if it ever did.
    public func lastSignIn(account: String, address: String) async throws -> Double? {
        try await db.raw("""
            SELECT signed_in_at FROM login_known_addresses WHERE account = \(bind: account) AND address = \(bind: address)
            """).first()?.decode(column: "signed_in_at", as: Double.self)
    }

    public func rememberSignIn(account: String, address: String, at time: Double) async throws {
        try await db.raw("""
            INSERT INTO login_known_addresses (account, address, signed_in_at) VALUES (\(bind: account), \(bind: address), \(bind: time))
            ON CONFLICT (account, address) DO UPDATE SET signed_in_at = excluded.signed_in_at
            """).run()
    }

    /// Deletes failures at or before `failuresBefore` and addresses last used at or before
    /// `addressesBefore`, so that many distinct addresses and names do not grow the tables forever.
    public func sweep(failuresBefore: Double, addressesBefore: Double) async throws {
        try await db.delete(from: "login_failures").where("failed_at", .lessThanOrEqual, failuresBefore).run()
        try await db.delete(from: "login_known_addresses").where("signed_in_at", .lessThanOrEqual, addressesBefore).run()
    }

    /// How many failure rows are kept (for tests of the sweep).
    public func failureCount() async throws -> Int {
        try await db.raw("SELECT COUNT(*) AS n FROM login_failures").first()?.decode(column: "n", as: Int.self) ?? 0
    }
}

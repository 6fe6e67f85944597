import Foundation
import Storage

/// Limits password guessing without letting a guesser lock other people out. Three counters of
/// failed sign-ins within `window` (15 minutes), each checked before a password is verified:
///
/// 1. **one account from one address** — `maxFailuresPerAccountAndAddress` (5): that address may
///    not try that account again until its oldest failure leaves the window;
/// 2. **one address** — `maxFailuresPerAddress` (20) over any accounts: that address is refused
///    (for every account) until its oldest failure leaves the window. Other addresses are not
///    affected, so twenty failures from one place do not lock anyone else out;
/// 3. **one account from all addresses** — `maxFailuresPerAccount` (10), against guessing spread
///    over many addresses: the account then refuses sign-ins for `accountLockout` (1 minute)
///    after each further failure. The lock is short, so a guesser cannot hold it for long
///    without trying (and being counted), and it does not apply to an address the account signed
///    in from successfully within `knownAddressMemory` (30 days): the owner keeps getting in from
///    their usual place while someone else guesses from elsewhere.
///
/// A refused attempt is not counted and its password is not checked. A success clears the
/// account's counter for that address and remembers the address. The failures and known
/// addresses are kept in the database (`LoginThrottleStore`), so every server process on it
/// counts together and a restart forgets nothing. The address is what
/// `TrustedProxies.clientAddress` finds.
public actor LoginThrottle {
    public let window: TimeInterval
    public let maxFailuresPerAccountAndAddress: Int
    public let maxFailuresPerAddress: Int
    public let maxFailuresPerAccount: Int
    public let accountLockout: TimeInterval
    public let knownAddressMemory: TimeInterval

    private let database: JunhengDatabase
    private var recordedSinceSweep = 0

    /// Kept failures per counter: enough to decide, so a flood of failures cannot make one
    /// decision read more.
    private var keptPerKey: Int { max(maxFailuresPerAccountAndAddress, maxFailuresPerAddress, maxFailuresPerAccount) }

    public init(database: JunhengDatabase, window: TimeInterval = 15 * 60, maxFailuresPerAccountAndAddress: Int = 5,
                maxFailuresPerAddress: Int = 20, maxFailuresPerAccount: Int = 10, accountLockout: TimeInterval = 60,
                knownAddressMemory: TimeInterval = 30 * 86_400) {
        self.database = database
        self.window = window
        self.maxFailuresPerAccountAndAddress = maxFailuresPerAccountAndAddress
        self.maxFailuresPerAddress = maxFailuresPerAddress
        self.maxFailuresPerAccount = maxFailuresPerAccount
        self.accountLockout = accountLockout
        self.knownAddressMemory = knownAddressMemory
    }

    private struct Keys {
        let account: String
        let address: String
        var pair: String { "pair|\(address)|\(account)" }
        var addressCounter: String { "addr|\(address)" }
        var accountCounter: String { "acct|\(account)" }
    }

    private func keys(address: String, username: String) -> Keys {
        // Login names are compared without case here (more throttling, never less); an absurdly
        // long name or address does not make an absurdly long key.
        Keys(account: String(username.lowercased().prefix(200)), address: String(address.prefix(100)))
    }

    private var store: LoginThrottleStore { LoginThrottleStore(database.sql) }

    private func recent(_ counter: String, now: Date) async throws -> [Date] {
        try await store.failures(counter: counter, since: now.timeIntervalSince1970 - window, limit: keptPerKey)
            .map(Date.init(timeIntervalSince1970:))
    }

    private func isKnown(_ key: Keys, now: Date) async throws -> Bool {
        guard let when = try await store.lastSignIn(account: key.account, address: key.address) else { return false }
        return now.timeIntervalSince1970 - when < knownAddressMemory
    }

    /// Seconds to wait before trying again, or nil when an attempt is allowed now.
    public func retryAfter(address: String, username: String, now: Date = Date()) async throws -> Int? {
        let key = keys(address: address, username: username)
        var waits: [TimeInterval] = []
        for (counter, limit) in [(key.pair, maxFailuresPerAccountAndAddress), (key.addressCounter, maxFailuresPerAddress)] {
            let times = try await recent(counter, now: now)
            // Wait until enough old failures leave the window to allow one more attempt.
            if times.count >= limit { waits.append(window - now.timeIntervalSince(times[times.count - limit])) }
        }
        let accountFailures = try await recent(key.accountCounter, now: now)
        if accountFailures.count >= maxFailuresPerAccount, let latest = accountFailures.last, try await !isKnown(key, now: now) {
            let wait = accountLockout - now.timeIntervalSince(latest)
            if wait > 0 { waits.append(wait) }
        }
        return waits.max().map { max(1, Int($0.rounded(.up))) }
    }

    public func recordFailure(address: String, username: String, now: Date = Date()) async throws {
        let key = keys(address: address, username: username)
        try await store.recordFailure(counters: [key.pair, key.addressCounter, key.accountCounter], at: now.timeIntervalSince1970)
        recordedSinceSweep += 1
        if recordedSinceSweep >= 1000 {
            // Forget failures that left the window and addresses not used for `knownAddressMemory`.
            recordedSinceSweep = 0
            try await store.sweep(failuresBefore: now.timeIntervalSince1970 - window,
                                  addressesBefore: now.timeIntervalSince1970 - knownAddressMemory)
        }
    }

    public func recordSuccess(address: String, username: String, now: Date = Date()) async throws {
        let key = keys(address: address, username: username)
        try await store.clear(counter: key.pair)
        try await store.rememberSignIn(account: key.account, address: key.address, at: now.timeIntervalSince1970)
    }
}

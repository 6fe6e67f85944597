import Foundation

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
/// account's counter for that address and remembers the address. In memory: a restart forgets,
/// and each process counts alone. The address is what `TrustedProxies.clientAddress` finds.
public actor LoginThrottle {
    public let window: TimeInterval
    public let maxFailuresPerAccountAndAddress: Int
    public let maxFailuresPerAddress: Int
    public let maxFailuresPerAccount: Int
    public let accountLockout: TimeInterval
    public let knownAddressMemory: TimeInterval

    private var failures: [String: [Date]] = [:]
    /// Account → address → when it last signed in from there.
    private var knownAddresses: [String: [String: Date]] = [:]
    private var recordedSinceSweep = 0

    /// Kept failures per key: enough to decide, so a flood of failures cannot grow one entry.
    private var keptPerKey: Int { max(maxFailuresPerAccountAndAddress, maxFailuresPerAddress, maxFailuresPerAccount) }

    public init(window: TimeInterval = 15 * 60, maxFailuresPerAccountAndAddress: Int = 5, maxFailuresPerAddress: Int = 20,
                maxFailuresPerAccount: Int = 10, accountLockout: TimeInterval = 60, knownAddressMemory: TimeInterval = 30 * 86_400) {
        self.window = window
        self.maxFailuresPerAccountAndAddress = maxFailuresPerAccountAndAddress
        self.maxFailuresPerAddress = maxFailuresPerAddress
        self.maxFailuresPerAccount = maxFailuresPerAccount
        self.accountLockout = accountLockout
        self.knownAddressMemory = knownAddressMemory
    }

    private struct Keys {
        let account: String
        let pair: String
        let address: String
    }

    private func keys(address: String, username: String) -> Keys {
        // Login names are compared without case here (more throttling, never less); an absurdly
        // long name or address does not make an absurdly long key.
        let account = String(username.lowercased().prefix(200))
        let address = String(address.prefix(100))
        return Keys(account: account, pair: "pair|\(address)|\(account)", address: "addr|\(address)")
    }

    private func recent(_ key: String, now: Date) -> [Date] {
        let kept = (failures[key] ?? []).filter { now.timeIntervalSince($0) < window }
        failures[key] = kept.isEmpty ? nil : kept
        return kept
    }

    private func isKnown(address: String, account: String, now: Date) -> Bool {
        guard let when = knownAddresses[account]?[address] else { return false }
        return now.timeIntervalSince(when) < knownAddressMemory
    }

    /// Seconds to wait before trying again, or nil when an attempt is allowed now.
    public func retryAfter(address: String, username: String, now: Date = Date()) -> Int? {
        let key = keys(address: address, username: username)
        var waits: [TimeInterval] = []
        for (times, limit) in [(recent(key.pair, now: now), maxFailuresPerAccountAndAddress),
                               (recent(key.address, now: now), maxFailuresPerAddress)] where times.count >= limit {
            // Wait until enough old failures leave the window to allow one more attempt.
            waits.append(window - now.timeIntervalSince(times[times.count - limit]))
        }
        let accountFailures = recent("acct|\(key.account)", now: now)
        if accountFailures.count >= maxFailuresPerAccount, let latest = accountFailures.last,
           !isKnown(address: String(address.prefix(100)), account: key.account, now: now) {
            let wait = accountLockout - now.timeIntervalSince(latest)
            if wait > 0 { waits.append(wait) }
        }
        return waits.max().map { max(1, Int($0.rounded(.up))) }
    }

    public func recordFailure(address: String, username: String, now: Date = Date()) {
        let key = keys(address: address, username: username)
        for name in [key.pair, key.address, "acct|\(key.account)"] {
            var times = failures[name, default: []]
            times.append(now)
            if times.count > keptPerKey { times.removeFirst(times.count - keptPerKey) }
            failures[name] = times
        }
        recordedSinceSweep += 1
        if recordedSinceSweep >= 1000 { sweep(now: now) }
    }

    public func recordSuccess(address: String, username: String, now: Date = Date()) {
        let key = keys(address: address, username: username)
        failures[key.pair] = nil
        knownAddresses[key.account, default: [:]][String(address.prefix(100))] = now
    }

    /// Forgets failures that left the window and addresses not used for `knownAddressMemory`, so
    /// that many distinct addresses and names do not grow memory without bound.
    private func sweep(now: Date) {
        recordedSinceSweep = 0
        failures = failures.compactMapValues { times in
            let kept = times.filter { now.timeIntervalSince($0) < window }
            return kept.isEmpty ? nil : kept
        }
        knownAddresses = knownAddresses.compactMapValues { addresses in
            let kept = addresses.filter { now.timeIntervalSince($0.value) < knownAddressMemory }
            return kept.isEmpty ? nil : kept
        }
    }

    /// How many keys are held (for tests of the sweep).
    var trackedKeyCount: Int { failures.count }
}

import Foundation

/// Limits password guessing: after `maxFailuresPerAccount` failed logins for one account from one
/// address, or `maxFailuresPerAddress` from one address in total, within `window`, further attempts
/// are refused until the oldest failure leaves the window. In memory: a restart forgets.
public actor LoginThrottle {
    public let window: TimeInterval
    public let maxFailuresPerAccount: Int
    public let maxFailuresPerAddress: Int
    private var failures: [String: [Date]] = [:]

    public init(window: TimeInterval = 15 * 60, maxFailuresPerAccount: Int = 5, maxFailuresPerAddress: Int = 20) {
        self.window = window
        self.maxFailuresPerAccount = maxFailuresPerAccount
        self.maxFailuresPerAddress = maxFailuresPerAddress
    }

    private func keys(address: String, username: String) -> (account: String, address: String) {
        ("acct|\(address)|\(username.lowercased())", "addr|\(address)")
    }

    private func recent(_ key: String, now: Date) -> [Date] {
        let kept = (failures[key] ?? []).filter { now.timeIntervalSince($0) < window }
        failures[key] = kept.isEmpty ? nil : kept
        return kept
    }

    /// Seconds to wait before trying again, or nil when an attempt is allowed now.
    public func retryAfter(address: String, username: String, now: Date = Date()) -> Int? {
        let key = keys(address: address, username: username)
        let checks = [(recent(key.account, now: now), maxFailuresPerAccount),
                      (recent(key.address, now: now), maxFailuresPerAddress)]
        let waits = checks.compactMap { times, limit -> Int? in
            guard times.count >= limit, let oldest = times.first else { return nil }
            return max(1, Int((window - now.timeIntervalSince(oldest)).rounded(.up)))
        }
        return waits.max()
    }

    public func recordFailure(address: String, username: String, now: Date = Date()) {
        let key = keys(address: address, username: username)
        failures[key.account, default: []].append(now)
        failures[key.address, default: []].append(now)
    }

    public func recordSuccess(address: String, username: String) {
        failures[keys(address: address, username: username).account] = nil
    }
}

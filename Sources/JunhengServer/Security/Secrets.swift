import Crypto
import Foundation

/// Random tokens, their stored hashes, and HMAC-bound CSRF tokens.
public enum Secrets {
    /// 32 random bytes, URL-safe base64 without padding, with a prefix saying what it is.
    public static func randomToken(prefix: String = "") -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return prefix + base64URL(Data(bytes))
    }

    /// What the database stores for a session or API token: its SHA-256, hex.
    public static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}

/// CSRF tokens are an HMAC of the thing they protect (a session, or before login a pre-session
/// cookie) under the server's secret: nothing to store, and useless to anyone without the cookie.
public struct CSRFProtection: Sendable {
    private let key: SymmetricKey

    public init(secret: String) {
        key = SymmetricKey(data: SHA256.hash(data: Data(("junheng-csrf:" + secret).utf8)))
    }

    public func token(boundTo binding: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(binding.utf8), using: key)
        return Secrets.base64URL(Data(mac))
    }

    public func isValid(_ candidate: String?, boundTo binding: String?) -> Bool {
        guard let candidate, let binding, !binding.isEmpty else { return false }
        let expected = Data(token(boundTo: binding).utf8)
        let given = Data(candidate.utf8)
        // Constant-time comparison: a timing difference must not reveal the expected token.
        guard expected.count == given.count else { return false }
        return zip(expected, given).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

import Crypto
import Foundation
import JunhengApp

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

import Crypto
import Foundation

/// Random tokens, their stored hashes, and HMAC-bound CSRF tokens.
public enum Secrets {
    /// 32 random bytes, URL-safe base64 without padding, with a prefix saying what it is.
    /// Every anonymous request is given one (the pre-session cookie), so it is drawn as four
    /// 64-bit words, four system calls rather than thirty-two.
    public static func randomToken(prefix: String = "") -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        for _ in 0..<4 {
            withUnsafeBytes(of: generator.next() as UInt64) { bytes.append(contentsOf: $0) }
        }
        return prefix + base64URL(bytes)
    }

    /// What the database stores for a session or API token: its SHA-256, hex.
    public static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// `bytes` in URL-safe base64 (RFC 4648 §5) without padding, encoded directly rather than by
    /// rewriting Foundation's base64: this runs on every anonymous request.
    public static func base64URL(_ bytes: some Collection<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count * 4 + 2) / 3)
        var iterator = bytes.makeIterator()
        while let first = iterator.next() {
            let second = iterator.next()
            let third = iterator.next()
            let group = UInt32(first) << 16 | UInt32(second ?? 0) << 8 | UInt32(third ?? 0)
            out.append(base64URLAlphabet[Int(group >> 18 & 63)])
            out.append(base64URLAlphabet[Int(group >> 12 & 63)])
            if second != nil { out.append(base64URLAlphabet[Int(group >> 6 & 63)]) }
            if third != nil { out.append(base64URLAlphabet[Int(group & 63)]) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static let base64URLAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
}

import Foundation
import HummingbirdBcrypt
import JunhengCore
import NIOPosix

/// Password hashing for logins, tokens and the `junheng user` commands. bcrypt runs on the
/// thread pool: it is deliberately slow and must not block an event loop.
public enum Passwords {
    /// Work factor; `JUNHENG_BCRYPT_COST` lowers it for test runs (bcrypt allows 4…31).
    public static var cost: UInt8 {
        let configured = ProcessInfo.processInfo.environment["JUNHENG_BCRYPT_COST"].flatMap(UInt8.init) ?? 12
        return min(max(configured, 4), 31)
    }

    public static func hash(_ password: String, cost: UInt8 = Passwords.cost) async throws -> String {
        if let problem = PasswordPolicy.problem(with: password) { throw JunhengError.invalid(field: "password", problem) }
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    /// A hash of a random password at the configured cost, checked when a login name is unknown
    /// so that an unknown name takes as long as a wrong password. Made once, on first use.
    private static let dummyHash: String = Bcrypt.hash(Secrets.randomToken(), cost: cost)

    /// `dummyHash`, made on the thread pool the first time (it takes as long as a check).
    static func dummy() async throws -> String {
        try await NIOThreadPool.singleton.runIfActive { dummyHash }
    }

    public static func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }
}

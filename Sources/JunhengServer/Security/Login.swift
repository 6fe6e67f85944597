import Foundation
import Hummingbird
import HummingbirdBcrypt
import JunhengCore
import NIOPosix
import Storage

/// Password checks shared by the login page and the token endpoint, with rate limiting.
/// bcrypt runs on the thread pool: it is deliberately slow and must not block an event loop.
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

    public static func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }
}

extension JunhengServices {
    /// The user whose password this is, or a 401 that does not say which part was wrong;
    /// a 429 with `Retry-After` once too many attempts failed.
    func verifyLogin(username: String, password: String, address: String) async throws -> UserRecord {
        if let wait = await throttle.retryAfter(address: address, username: username) {
            throw APIError(.tooManyRequests, code: "rate_limited", message: "登录失败次数过多，请 \(wait) 秒后再试",
                           headers: [.retryAfter: String(wait)])
        }
        let found = try await UserStore(database.sql).credentials(username: username)
        var matches = false
        if let found { matches = try await Passwords.verify(password, hash: found.passwordHash) }
        guard let user = found?.user, matches, user.active else {
            await throttle.recordFailure(address: address, username: username)
            throw APIError.unauthorized("用户名或密码错误")
        }
        await throttle.recordSuccess(address: address, username: username)
        return user
    }

    /// The client address for rate limiting; `X-Forwarded-For` only when configured to trust a proxy.
    func clientAddress(_ request: Request, _ context: AppContext) -> String {
        if configuration.trustProxy, let forwarded = request.headers[.forwardedFor]?.split(separator: ",").first {
            return forwarded.trimmingCharacters(in: .whitespaces)
        }
        return context.remoteAddress ?? "unknown"
    }
}

import HTTPTypes

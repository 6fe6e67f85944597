import JunhengCore
import Storage

/// Who asks for a use case: a signed-in user, an anonymous visitor, or the system itself (the
/// `junheng` command run by an operator, the demo loader). Carries what the audit log records.
public struct Actor: Sendable {
    public enum Kind: Sendable {
        case user(UserRecord)
        case anonymous
        /// An operator at the server's console: every check passes, the audit log names the tool.
        case system(String)
    }

    public let kind: Kind
    /// The request the action belongs to, quoted in the audit log and in error pages.
    public let requestID: String?

    public init(_ kind: Kind, requestID: String? = nil) {
        self.kind = kind
        self.requestID = requestID
    }

    public static func user(_ user: UserRecord?, requestID: String?) -> Actor {
        Actor(user.map(Kind.user) ?? .anonymous, requestID: requestID)
    }

    public static func system(_ tool: String) -> Actor { Actor(.system(tool)) }

    /// The signed-in user, if any.
    public var user: UserRecord? {
        if case .user(let user) = kind { return user }
        return nil
    }

    public var isSystem: Bool {
        if case .system = kind { return true }
        return false
    }

    /// The audit log's "who".
    public var audit: AuditActor {
        switch kind {
        case .user(let user): AuditActor(userID: user.id, username: user.username, requestID: requestID)
        case .anonymous: AuditActor(userID: nil, username: "anonymous", requestID: requestID)
        case .system(let tool): .system(tool)
        }
    }
}

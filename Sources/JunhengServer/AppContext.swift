import Hummingbird
import JunhengApp
import JunhengCore
import NIOCore
import Storage

/// Per-request state: who is calling and how they authenticated, the language of pages,
/// and the values CSRF protection binds to.
public struct AppContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: String?

    public var user: UserRecord?
    public var authentication: Authentication = .anonymous
    public var language: Language = .chinese
    /// A pre-session cookie value issued on this very request (the browser has not sent it yet).
    public var preSessionValue: String?
    /// An upload's form as the CSRF check read it, so that the handler does not parse the body again.
    var multipartForm: MultipartForm?

    public enum Authentication: Sendable, Equatable {
        case anonymous
        /// Browser session; the raw token is kept so CSRF tokens can be bound to it.
        case session(rawToken: String)
        case bearer
    }

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress?.ipAddress
    }

    /// The most this request's body may hold, set by `RequestGateMiddleware` from the route and
    /// the caller before anything reads the body (the upload limit only on upload routes for a
    /// signed-in user); everything that collects a body (`request.decode`, forms, uploads) stops here.
    var bodyLimit = HTTPLimits.anonymousBodyLimit

    public var maxUploadSize: Int { bodyLimit }

    /// JSON bodies are decoded refusing NUL characters (see `JSONRequestDecoder`).
    public var requestDecoder: some RequestDecoder { JSONRequestDecoder() }

    /// The signed-in user, or 401 (before a handler reads a body it would refuse anyway).
    func requireUser() throws -> UserRecord {
        guard let user else { throw APIError.unauthorized() }
        return user
    }

    /// Who is asking, as the use cases of JunhengApp take it.
    public var actor: Actor { .user(user, requestID: id) }
}

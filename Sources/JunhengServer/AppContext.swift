import Hummingbird
import JunhengApp
import JunhengCore
import NIOConcurrencyHelpers
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
    /// For a visitor without a pre-session cookie: the value issued on this very request, made
    /// only if a page renders a form token bound to it (the browser has not sent it yet).
    var preSession: PreSessionIssuer?
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

/// Makes a visitor's pre-session value the first time a page needs one for a form token, and
/// remembers it so that the response can set the cookie. Most pages a visitor reads (published
/// catalogues and reports from the public cache) carry no form: they never pay for the random
/// value or send the cookie.
final class PreSessionIssuer: Sendable {
    private let issued = NIOLockedValueBox<String?>(nil)

    /// The value, made on first use.
    func value() -> String {
        issued.withLockedValue { issued in
            if let issued { return issued }
            let value = Secrets.randomToken()
            issued = value
            return value
        }
    }

    /// The value if a page asked for it.
    var issuedValue: String? { issued.withLockedValue { $0 } }
}

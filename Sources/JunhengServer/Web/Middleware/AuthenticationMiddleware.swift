import HTTPTypes
import Hummingbird
import JunhengApp
import JunhengCore
import Storage

/// Works out who is calling: a bearer token (API clients) or a session cookie (browsers).
/// A bearer token that does not check out is refused outright rather than treated as anonymous,
/// so a script with a revoked token fails loudly. Also settles the page language and issues
/// the pre-session cookie that login-form CSRF tokens bind to, when a page made one.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let services: JunhengServices

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        var context = context
        let accounts = services.app.accounts

        if let authorization = request.headers[.authorization] {
            guard authorization.lowercased().hasPrefix("bearer ") else {
                throw APIError.unauthorized("仅支持 Bearer 令牌")
            }
            let token = authorization.dropFirst("bearer ".count).trimmingCharacters(in: .whitespaces)
            guard let user = try await accounts.user(bearerToken: token) else {
                throw APIError.unauthorized("令牌无效、已过期或已撤销")
            }
            context.user = user
            context.authentication = .bearer
        } else if let session = request.cookies[Cookies.session]?.value, !session.isEmpty,
                  let user = try await accounts.user(sessionToken: session) {
            context.user = user
            context.authentication = .session(rawToken: session)
        }

        let requested = request.uri.queryParameters["lang"].flatMap { Language(rawValue: String($0)) }
        let remembered = request.cookies[Cookies.language].flatMap { Language(rawValue: $0.value) }
        context.language = requested ?? remembered ?? .chinese

        if request.cookies[Cookies.preSession] == nil, request.method == .get, ErrorMiddleware.wantsHTML(request),
           !request.uri.path.hasPrefix("/static/") {
            context.preSession = PreSessionIssuer()
        }

        var response = try await next(request, context)
        if let issuedPreSession = context.preSession?.issuedValue {
            response.setCookie(Cookies.make(Cookies.preSession, value: issuedPreSession, maxAge: nil,
                                            secure: services.configuration.secureCookies))
        }
        if let requested {
            response.setCookie(Cookies.make(Cookies.language, value: requested.rawValue, maxAge: 365 * 24 * 3600,
                                            secure: services.configuration.secureCookies, httpOnly: false))
        }
        return response
    }
}

/// Refuses state-changing requests that ride on ambient browser credentials without proof that
/// they came from our own pages: every form post, and every API write authenticated by the
/// session cookie, must carry the CSRF token (form field `_csrf` or header `X-CSRF-Token`).
/// Bearer-token requests carry no ambient authority and are exempt.
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let services: JunhengServices

    static let unsafeMethods: Set<HTTPRequest.Method> = [.post, .put, .patch, .delete]
    /// The largest url-encoded form a page posts (the data-entry form of every indicator); files go
    /// as multipart. The request's own body limit (`RequestGateMiddleware`) may be smaller.
    static let formLimit = 1 << 20
    static let refusal = APIError(.forbidden, code: "csrf_failed", message: "表单已过期或来源不明（CSRF 校验失败），请刷新页面后重试")

    static func isForm(_ request: Request) -> Bool {
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        return contentType.hasPrefix("application/x-www-form-urlencoded") || contentType.hasPrefix("multipart/form-data")
    }

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        guard Self.unsafeMethods.contains(request.method), context.authentication != .bearer else {
            return try await next(request, context)
        }
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        let isForm = Self.isForm(request)
        let binding: String?
        switch context.authentication {
        case .session(let rawToken): binding = rawToken
        case .anonymous:
            // Anonymous JSON calls are not CSRF-able (no credentials); the route answers 401.
            guard isForm else { return try await next(request, context) }
            binding = request.cookies[Cookies.preSession]?.value
        case .bearer: binding = nil
        }

        let refusal = Self.refusal
        // The token travels in a header or in the form's own fields, never in the URL (where it
        // would reach logs and the Referer header).
        var request = request
        var context = context
        var candidate = request.headers[.csrfToken]
        if candidate == nil, contentType.hasPrefix("application/x-www-form-urlencoded") {
            let body = try await request.collectBody(upTo: min(Self.formLimit, context.maxUploadSize))
            candidate = FormFields(String(buffer: body))["_csrf"]
        } else if contentType.hasPrefix("multipart/form-data") {
            // Uploads are for signed-in users only: an anonymous one is refused unread.
            guard case .session = context.authentication else { throw refusal }
            // Our forms put `_csrf` before the file: a form without it is refused when its file
            // begins, before the file is read.
            let csrf = services.csrf
            let header = candidate
            let form = try await MultipartForm(request: &request, context: context) { fields in
                guard csrf.isValid(header ?? fields["_csrf"], boundTo: binding) else { throw refusal }
            }
            candidate = candidate ?? form.fields["_csrf"]
            context.multipartForm = form
        }
        guard services.csrf.isValid(candidate, boundTo: binding) else { throw refusal }
        return try await next(request, context)
    }
}

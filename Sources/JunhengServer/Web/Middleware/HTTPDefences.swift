import HTTPTypes
import Hummingbird

/// Headers every response carries, and `Cache-Control: no-store` on everything but `/static/`:
/// pages and API answers are per-user (and pages carry CSRF tokens), so no cache keeps them.
/// Outermost, so that error pages, 404s and 405s carry them too.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = AppContext

    /// The pages have no script at all and no inline `<style>`; the colour chips set `style=""`
    /// attributes, hence `'unsafe-inline'` for styles only. Sparklines are inline SVG.
    static let contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        + "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

    static let headers: HTTPFields = [
        .contentSecurityPolicy: contentSecurityPolicy,
        .xContentTypeOptions: "nosniff",
        .xFrameOptions: "DENY",
        .referrerPolicy: "same-origin",
    ]

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        for field in Self.headers where response.headers[field.name] == nil {
            response.headers.append(field)
        }
        if response.headers[.cacheControl] == nil, !request.uri.path.hasPrefix("/static/") {
            response.headers[.cacheControl] = "no-store"
        }
        return response
    }
}

/// Answers 405 to any method the application does not use (`TRACE`, `OPTIONS`, `CONNECT`, WebDAV's…)
/// before anything else looks at the request. `HEAD` never gets here as such: `HeadResponder`
/// turns it into `GET` around the router.
struct MethodGuardMiddleware: RouterMiddleware {
    typealias Context = AppContext

    static let allowed: [HTTPRequest.Method] = [.get, .head, .post, .put, .patch, .delete]

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        guard Self.allowed.contains(request.method) else {
            throw APIError(.methodNotAllowed, code: "method_not_allowed", message: "不支持的请求方法：\(request.method.rawValue)",
                           headers: [.allow: Self.allowed.map(\.rawValue).joined(separator: ", ")])
        }
        return try await next(request, context)
    }
}

/// Decides, before anything reads a body, whether this caller may send one here and how large:
/// nobody signed in may write anywhere but the login form and the token call (401, or the CSRF
/// refusal for a form, unread); a signed-in caller gets the upload limit on the upload routes and
/// the small default elsewhere. A `Content-Length` past the limit is answered 413 at once; a
/// chunked body is cut off at the limit as it is collected (also 413).
struct RequestGateMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let limits: HTTPLimits

    /// The routes that take files, as the router names them (`POST` only).
    static let uploadRoutes: Set<String> = [
        "/api/v1/plans/ingest", "/api/v1/observations/upload", "/api/v1/catalogues/import",
        "/api/v1/tasks/ledger/preview", "/api/v1/tasks/ledger/apply", "/api/v1/task-reports/{id}/files",
        "/plans", "/data/upload", "/catalogues/import", "/tasks/ledger/import", "/tasks/{id}/attachments",
    ]
    /// The only writes open to someone not signed in.
    static let anonymousWrites: Set<String> = ["/login", "/logout", "/api/v1/auth/token"]

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        var context = context
        let route = context.endpointPath
        if context.user == nil {
            context.bodyLimit = HTTPLimits.anonymousBodyLimit
            // An unknown path (no route) is left to the router's 404, which reads nothing.
            if CSRFMiddleware.unsafeMethods.contains(request.method), let route, !Self.anonymousWrites.contains(route) {
                throw CSRFMiddleware.isForm(request) ? CSRFMiddleware.refusal : APIError.unauthorized()
            }
        } else if request.method == .post, let route, Self.uploadRoutes.contains(route) {
            context.bodyLimit = limits.maxUploadSize
        } else {
            context.bodyLimit = limits.maxBodySize
        }
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > context.bodyLimit {
            throw APIError.payloadTooLarge(limit: context.bodyLimit)
        }
        return try await next(request, context)
    }
}

extension HTTPField.Name {
    static let xFrameOptions = HTTPField.Name("X-Frame-Options")!
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
}

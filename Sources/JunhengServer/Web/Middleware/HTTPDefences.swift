import HTTPTypes
import Hummingbird
import NIOConcurrencyHelpers

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
/// before anything else looks at the request, and to a method a route's path does not have (`PUT`
/// on a read-only path). `Allow` lists the methods the path really has (`GET, HEAD` for
/// `/static/…`), and is empty on a path nobody serves (RFC 9110: the resource allows none).
/// `HEAD` never gets here as such: `HeadResponder` turns it into `GET` around the router.
struct MethodGuardMiddleware: RouterMiddleware {
    typealias Context = AppContext

    static let allowed: [HTTPRequest.Method] = [.get, .head, .post, .put, .patch, .delete]

    /// The router's routes, given once they are all registered (`buildRouter` does).
    let routes: RouteMethods

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        guard Self.allowed.contains(request.method) else {
            throw Self.refusal(request.method, allow: routes.methods(forPath: request.uri.path) ?? [])
        }
        // No route matched this method here (the router's not-found chain): a path that exists
        // with other methods is a 405, not a 404.
        if context.endpointPath == nil, let methods = routes.methods(forPath: request.uri.path), !methods.contains(request.method) {
            throw Self.refusal(request.method, allow: methods)
        }
        return try await next(request, context)
    }

    static func refusal(_ method: HTTPRequest.Method, allow: [HTTPRequest.Method]) -> APIError {
        APIError(.methodNotAllowed, code: "method_not_allowed", message: "不支持的请求方法：\(method.rawValue)",
                 headers: [.allow: allow.map(\.rawValue).joined(separator: ", ")])
    }
}

/// Which methods each route path has, to tell a 405 from a 404. A request path takes the route the
/// router would: at the first segment where two patterns differ, a literal beats a capture.
final class RouteMethods: Sendable {
    private let table = NIOLockedValueBox<[(pattern: [Substring], methods: [HTTPRequest.Method])]>([])

    func set(_ routes: [(path: String, method: HTTPRequest.Method)]) {
        let grouped = Dictionary(grouping: routes, by: \.path)
        table.withLockedValue { table in
            table = grouped.map { path, routes in
                var methods = MethodGuardMiddleware.allowed.filter { method in routes.contains { $0.method == method } }
                if methods.contains(.get), !methods.contains(.head) { methods.insert(.head, at: 1) }
                return (path.split(separator: "/"), methods)
            }
        }
    }

    /// The methods of the most specific route pattern matching `path`, or nil when none does.
    func methods(forPath path: String) -> [HTTPRequest.Method]? {
        let segments = path.split(separator: "/")
        let table = table.withLockedValue { $0 }
        var best: (specificity: [Bool], methods: [HTTPRequest.Method])?
        for (pattern, methods) in table {
            guard let specificity = Self.match(pattern, segments) else { continue }
            if best == nil || Self.moreSpecific(specificity, than: best!.specificity) { best = (specificity, methods) }
        }
        return best?.methods
    }

    /// Per segment whether the pattern matched it literally, or nil when it does not match.
    private static func match(_ pattern: [Substring], _ segments: [Substring]) -> [Bool]? {
        var specificity: [Bool] = []
        for (index, component) in pattern.enumerated() {
            if component == "**" { return specificity + Array(repeating: false, count: max(segments.count - index, 0)) }
            guard index < segments.count else { return nil }
            if (component.hasPrefix("{") && component.hasSuffix("}")) || component.hasPrefix(":") || component == "*" {
                specificity.append(false)
            } else if component == segments[index] {
                specificity.append(true)
            } else {
                return nil
            }
        }
        return pattern.count == segments.count ? specificity : nil
    }

    private static func moreSpecific(_ lhs: [Bool], than rhs: [Bool]) -> Bool {
        for (left, right) in zip(lhs, rhs) where left != right { return left }
        return false
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
        "/api/v1/boundaries", "/maps", "/api/v1/facilities", "/api/v1/population-points", "/maps/facilities/import",
        "/api/v1/surveys/{id}/responses", "/surveys/{id}/responses", "/api/v1/surveys/{id}/margins", "/surveys/{id}/margins",
        "/api/v1/hotline/orders", "/hotline/import",
    ]
    /// The only writes open to someone not signed in: signing in and out, citizens' feedback
    /// (sending a message, rating its answer), which has its own defences (`FeedbackPostingPolicy`),
    /// and an invited respondent's answers, which need their one-time link.
    static let anonymousWrites: Set<String> = [
        "/login", "/logout", "/api/v1/auth/token",
        "/feedback", "/feedback/receipt", "/api/v1/feedback", "/api/v1/feedback/receipts/{receipt}/rating",
        "/s/{token}", "/api/v1/invitations/{token}",
    ]

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

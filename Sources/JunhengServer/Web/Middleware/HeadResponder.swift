import HTTPTypes
import Hummingbird

/// Answers `HEAD` for every `GET` route: the same status and headers, no body (link checkers,
/// monitoring probes and caches ask with `HEAD`; the router knows only `GET`). It wraps the whole
/// router because the router matches the method before any of its middleware runs.
struct HeadResponder<Base: HTTPResponder>: HTTPResponder where Base.Context == AppContext {
    let base: Base

    func respond(to request: Request, context: AppContext) async throws -> Response {
        guard request.method == .head else { return try await base.respond(to: request, context: context) }
        var head = request.head
        head.method = .get
        var response = try await base.respond(to: Request(head: head, body: request.body), context: context)
        let length = response.body.contentLength
        response.body = .init()
        if let length { response.headers[.contentLength] = String(length) }
        return response
    }
}

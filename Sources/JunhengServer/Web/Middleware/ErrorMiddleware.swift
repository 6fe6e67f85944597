import Foundation
import HTTPTypes
import Hummingbird
import JunhengCore
import Logging
import NIOHTTP1

/// Turns every error into a response: the stable JSON shape for `/api/`, `/healthz` and clients
/// that ask for JSON; an HTML page for browsers. Adds `X-Request-Id` to every response so a user
/// can quote it and we can find the matching log line.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let services: JunhengServices

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        do {
            var response = try await next(request, context)
            response.headers[.requestID] = context.id
            return response
        } catch let error as HTTPParserError {
            // The connection broke mid-request (the client went, or a deadline closed it):
            // Hummingbird answers 400 and closes; there is nobody to show a page to.
            throw error
        } catch {
            let apiError = APIError.from(error)
            if apiError.status.code >= 500 {
                context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
            } else {
                context.logger.info("request refused", metadata: [
                    "status": "\(apiError.status.code)", "code": "\(apiError.code)", "reason": "\(apiError.message)"])
            }
            guard Self.wantsHTML(request) else { return apiError.jsonResponse(requestID: context.id) }
            if apiError.status == .unauthorized {
                let next = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
                return Response.redirect(to: "/login?next=\(next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/")", type: .found)
            }
            var response = try services.pages.render("error", title: context.language.strings["error"] ?? "错误",
                                                      page: ErrorPage(apiError, requestID: context.id,
                                                                      message: Self.pageMessage(for: error, language: context.language)),
                                                      request: request, context: context, status: apiError.status)
            response.headers.append(contentsOf: apiError.headers)
            return response
        }
    }

    /// The page's own wording of an error whose API message is Chinese, nil to show the API's.
    static func pageMessage(for error: any Error, language: Language) -> String? {
        guard language == .english, case JunhengError.notFound(let what) = error else { return nil }
        return language.notFound(what)
    }

    static func wantsHTML(_ request: Request) -> Bool {
        let path = request.uri.path
        if path.hasPrefix("/api/") || path == "/healthz" || path == "/metrics" { return false }
        let accept = request.headers[.accept] ?? ""
        return accept.isEmpty || accept.contains("text/html") || !accept.contains("application/json")
    }
}

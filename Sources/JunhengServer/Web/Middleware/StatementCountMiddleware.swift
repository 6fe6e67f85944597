import Hummingbird
import Logging
import Metrics
import NIOConcurrencyHelpers
import Storage

/// Counts the SQL statements each request issues: logged at debug level with the route, and
/// recorded per route as the `junheng_sql_statements_per_request` histogram on `/metrics`, so that a
/// page that starts querying per indicator or per region shows up before it is slow.
struct StatementCountMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The histogram's name on `/metrics`.
    static var metricLabel: String { "junheng_sql_statements_per_request" }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let count = StatementCount()
        do {
            let response = try await StatementCount.$current.withValue(count) { try await next(request, context) }
            record(count.total, request: request, context: context)
            return response
        } catch {
            record(count.total, request: request, context: context)
            throw error
        }
    }

    private func record(_ statements: Int, request: Request, context: Context) {
        // The route's pattern (`/api/v1/indicators/{id}`), not the path: one series per route.
        let route = context.endpointPath ?? "unmatched"
        RouteRecorders.shared.recorder(for: route).record(statements)
        context.logger.debug("SQL statements", metadata: [
            "route": .string(route), "method": .string(request.method.rawValue), "statements": .stringConvertible(statements),
        ])
    }
}

/// The histogram's recorder of each route, made once: making one looks it up in the metrics
/// registry under a lock and builds its dimensions, which cost more than recording.
final class RouteRecorders: Sendable {
    static let shared = RouteRecorders()
    private let recorders = NIOLockedValueBox<[String: Recorder]>([:])

    func recorder(for route: String) -> Recorder {
        recorders.withLockedValue { recorders in
            if let recorder = recorders[route] { return recorder }
            let recorder = Recorder(label: StatementCountMiddleware<AppContext>.metricLabel, dimensions: [("route", route)], aggregate: true)
            recorders[route] = recorder
            return recorder
        }
    }
}

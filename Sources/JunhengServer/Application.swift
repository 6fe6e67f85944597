import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import Storage

/// Builds the HTTP application around already-opened services. The CLI's `serve` and the tests
/// both go through here, so what is tested is what runs.
public func buildApplication(services: JunhengServices, logger: Logger) -> some ApplicationProtocol {
    Application(
        responder: HeadResponder(base: buildRouter(services: services).buildResponder()),
        server: .junheng(limits: services.configuration.limits, cache: services.publicCache, logger: logger),
        configuration: .init(address: .hostname(services.configuration.host, port: services.configuration.port),
                             serverName: "junheng"),
        logger: logger)
}

/// Runs the application until SIGTERM or SIGINT, then stops gracefully: it accepts nothing new,
/// closes idle connections and lets running requests finish, for at most `shutdownTimeout`;
/// past that the process exits with what is still running (its transactions roll back).
/// `background` services (the job workers) run beside the application and stop with it.
public func runServer(_ app: some ApplicationProtocol, limits: HTTPLimits, background: [any Service] = [],
                      logger: Logger) async throws {
    let group = ServiceGroup(configuration: .init(
        services: background + [app, ShutdownDeadline(timeout: limits.shutdownTimeout, logger: logger)],
        gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
    try await group.run()
}

/// Waits for the stop signal, then starts the clock on the graceful shutdown. Listed after the
/// application so that it hears the signal first (services are stopped in reverse order).
struct ShutdownDeadline: Service {
    let timeout: Duration
    let logger: Logger

    func run() async throws {
        do {
            try await gracefulShutdown()
        } catch {
            return // cancelled: the group is going down anyway
        }
        logger.info("stopping", metadata: ["deadline": "\(timeout)"])
        let (timeout, logger) = (timeout, logger)
        Task.detached {
            try? await Task.sleep(for: timeout)
            logger.warning("requests still running at the shutdown deadline; exiting", metadata: ["deadline": "\(timeout)"])
            exit(0)
        }
    }
}

public func buildRouter(services: JunhengServices) -> Router<AppContext> {
    _ = MetricsBootstrap.registry
    let router = Router(context: AppContext.self)
    let routeMethods = RouteMethods()
    router.addMiddleware {
        // First: every answer, error pages included, carries the security headers.
        SecurityHeadersMiddleware()
        // Outside everything that makes a body, so that error pages are compressed too.
        CompressionMiddleware()
        LogRequestsMiddleware(.info)
        MetricsMiddleware()
        StatementCountMiddleware()
        // Outside authentication: a refused bearer token still gets the error shape. Inside it:
        // every other error page knows who is signed in and shows their menu.
        ErrorMiddleware(services: services)
        MethodGuardMiddleware(routes: routeMethods)
        AuthenticationMiddleware(services: services)
        ErrorMiddleware(services: services)
        // Who may send a body here, and how large, is settled before anything reads one: the
        // CSRF check below reads forms, handlers read the rest.
        RequestGateMiddleware(limits: services.configuration.limits)
        CSRFMiddleware(services: services)
        // Inside the checks: only a write that was allowed and succeeded empties the cache.
        PublicCacheInvalidation(cache: services.publicCache)
    }
    SystemRoutes(services: services).register(on: router)
    services.assets.register(on: router)
    let api = router.group("api/v1")
    RegionsAPI(services: services).register(on: api)
    AccountsAPI(services: services).register(on: api)
    PlansAPI(services: services).register(on: api)
    MonitoringAPI(services: services).register(on: api)
    EqualizationAPI(services: services).register(on: api)
    CatalogueAPI(services: services).register(on: api)
    TasksAPI(services: services).register(on: api)
    ReportsAPI(services: services).register(on: api)
    FeedbackAPI(services: services).register(on: api)
    MapsAPI(services: services).register(on: api)
    FacilitiesAPI(services: services).register(on: api)
    SurveysAPI(services: services).register(on: api)
    HotlineAPI(services: services).register(on: api)
    JobsAPI(services: services).register(on: api)
    HomePages(services: services).register(on: router)
    AccountPages(services: services).register(on: router)
    RegionPages(services: services).register(on: router)
    PlanPages(services: services).register(on: router)
    MonitoringPages(services: services).register(on: router)
    EqualizationPages(services: services).register(on: router)
    CataloguePages(services: services).register(on: router)
    TaskPages(services: services).register(on: router)
    ReportPages(services: services).register(on: router)
    FeedbackPages(services: services).register(on: router)
    MapPages(services: services).register(on: router)
    FacilityPages(services: services).register(on: router)
    SurveyPages(services: services).register(on: router)
    SurveyAnswerPages(services: services).register(on: router)
    QuestionnairePages(services: services).register(on: router)
    HotlinePages(services: services).register(on: router)
    JobPages(services: services).register(on: router)
    routeMethods.set(router.routes.map { ("/" + $0.path.description.split(separator: "/").joined(separator: "/"), $0.method) })
    return router
}

import Hummingbird
import Logging
import Storage

/// Builds the HTTP application around already-opened services. The CLI's `serve` and the tests
/// both go through here, so what is tested is what runs.
public func buildApplication(services: JunhengServices, logger: Logger) -> some ApplicationProtocol {
    Application(
        responder: HeadResponder(base: buildRouter(services: services).buildResponder()),
        configuration: .init(address: .hostname(services.configuration.host, port: services.configuration.port),
                             serverName: "junheng"),
        logger: logger)
}

public func buildRouter(services: JunhengServices) -> Router<AppContext> {
    _ = MetricsBootstrap.registry
    let router = Router(context: AppContext.self)
    router.addMiddleware {
        LogRequestsMiddleware(.info)
        MetricsMiddleware()
        // Outside authentication: a refused bearer token still gets the error shape. Inside it:
        // every other error page knows who is signed in and shows their menu.
        ErrorMiddleware(services: services)
        AuthenticationMiddleware(services: services)
        ErrorMiddleware(services: services)
        CSRFMiddleware(services: services)
        // Last: it serves a file only where no route matched (the router's not-found error), so it
        // must see that error before an error middleware turns it into a page.
        FileMiddleware(PageRenderer.publicDirectory, urlBasePath: "/static",
                       cacheControl: .init([(MediaType(type: .text), [.maxAge(300)])]))
    }
    SystemRoutes(services: services).register(on: router)
    let api = router.group("api/v1")
    RegionsAPI(services: services).register(on: api)
    AccountsAPI(services: services).register(on: api)
    PlansAPI(services: services).register(on: api)
    MonitoringAPI(services: services).register(on: api)
    EqualizationAPI(services: services).register(on: api)
    CatalogueAPI(services: services).register(on: api)
    TasksAPI(services: services).register(on: api)
    AccountPages(services: services).register(on: router)
    RegionPages(services: services).register(on: router)
    PlanPages(services: services).register(on: router)
    MonitoringPages(services: services).register(on: router)
    EqualizationPages(services: services).register(on: router)
    CataloguePages(services: services).register(on: router)
    TaskPages(services: services).register(on: router)
    return router
}

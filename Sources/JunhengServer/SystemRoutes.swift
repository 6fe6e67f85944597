import Hummingbird
import Metrics
import Prometheus
import Storage

/// `/healthz` for load balancers and `/metrics` for Prometheus.
struct SystemRoutes {
    let services: JunhengServices

    func register(on router: Router<AppContext>) {
        router.get("healthz", use: health)
        router.get("metrics", use: metrics)
    }

    struct Health: Encodable, Sendable {
        let status: String
        let engine: String
        let schemaVersion: Int
        let regions: Int
    }

    @Sendable func health(_ request: Request, context: AppContext) async throws -> JSON<Health> {
        // A real query: a server whose database is gone is not healthy.
        let regions = try await services.app.regions.count()
        return JSON(Health(status: "ok", engine: services.database.engine.rawValue,
                           schemaVersion: Migrator.latestVersion, regions: regions))
    }

    @Sendable func metrics(_ request: Request, context: AppContext) async throws -> Response {
        Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(bytes: MetricsBootstrap.registry.emitToBuffer())))
    }
}

/// The process-wide Prometheus registry. `MetricsSystem.bootstrap` may run only once per process,
/// and tests build many applications, so it happens on first use.
enum MetricsBootstrap {
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        // Statements per request: a handful for a well-behaved page, hundreds when one queries per row.
        factory.valueHistogramBuckets[StatementCountMiddleware<AppContext>.metricLabel] = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]
        MetricsSystem.bootstrap(factory)
        return registry
    }()
}

import Foundation
import JunhengApp
import Logging
import ServiceLifecycle

/// The background job workers of one `junheng serve` process (`--job-workers`, default 1): each
/// claims jobs from the database in turn, so several processes share the work. On SIGTERM they
/// stop; a job they were running goes back to the queue for another attempt.
public struct JobWorkers: Service {
    let services: JunhengServices
    let logger: Logger

    public init(services: JunhengServices, logger: Logger) {
        self.services = services
        self.logger = logger
    }

    public func run() async throws {
        let count = services.configuration.jobWorkers
        guard count > 0 else {
            // A service that returns would stop the whole server: wait for the stop instead.
            try? await gracefulShutdown()
            return
        }
        let workers = (1...count).map { services.jobWorker(number: $0, logger: logger) }
        logger.info("job workers started", metadata: ["workers": "\(workers.map(\.name))"])
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                for worker in workers { group.addTask { await worker.run() } }
            }
        }
    }
}

extension JunhengServices {
    /// A worker of this process's jobs, rendering reports with the server's templates and printer;
    /// what a job publishes empties this process's page cache.
    public func jobWorker(number: Int, logger: Logger) -> JobWorker {
        let cache = publicCache
        return JobWorker(app: app, renderer: ReportFiles(services: self), name: JobWorker.name(number: number), logger: logger,
                         finished: { _ in cache.invalidateAll() })
    }
}

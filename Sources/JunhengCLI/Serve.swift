import ArgumentParser
import Foundation
import Hummingbird
import JunhengApp
import JunhengCore
import JunhengServer
import Logging
import Storage

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start the web server (JSON API under /api/v1, pages, /healthz, /metrics).")

    @OptionGroup var databaseOptions: DatabaseOptions

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080
    @Flag(help: "Load the demo data first (same as running `junheng demo`).") var demo = false
    @Flag(help: "Mark cookies Secure (use behind HTTPS).") var secureCookies = false
    @Flag(help: "Trust X-Forwarded-For for client addresses (only behind your own reverse proxy).") var trustProxy = false
    @Option(help: "Log level: trace, debug, info, notice, warning, error.") var logLevel = "info"
    @Option(help: "Flag uploaded figures that change by more than this fraction from the previous year (0.5 = ±50 %).")
    var jumpThreshold = ObservationImport.defaultJumpThreshold
    @Option(help: "Compute measures over a region's children only for years when at least this share of them have a figure (1 = every child).")
    var coverageThreshold = 1.0
    @Option(help: "The installation's own region code, where pages open when the address and the account name none. Default: the demo's city with --demo, else the region of the first published plan.")
    var homeRegion: String?

    func validate() throws {
        guard jumpThreshold > 0, jumpThreshold.isFinite else { throw ValidationError("--jump-threshold must be a positive fraction") }
        guard coverageThreshold > 0, coverageThreshold <= 1 else {
            throw ValidationError("--coverage-threshold must be a share above 0 and at most 1 (1 = every child)")
        }
        if let homeRegion, RegionCode(rawValue: homeRegion) == nil {
            throw ValidationError("--home-region must be a region code (6, 9 or 12 digits), e.g. 130500")
        }
    }

    func run() async throws {
        var logger = Logger(label: "junheng")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        let database = try await databaseOptions.open(logger: logger)
        if demo {
            Demo.printAccounts(try await DemoData.load(into: database))
        }
        let configuration = ServerConfiguration(host: host, port: port, database: try databaseOptions.location,
                                                secureCookies: secureCookies, trustProxy: trustProxy, jumpThreshold: jumpThreshold,
                                                coverageThreshold: coverageThreshold,
                                                homeRegion: homeRegion.flatMap(RegionCode.init(rawValue:)) ?? (demo ? DemoData.city : nil))
        let services = try await JunhengServices.make(database: database, configuration: configuration)
        logger.info("serving", metadata: ["url": "http://\(host):\(port)", "database": "\(configuration.database)"])
        let app = buildApplication(services: services, logger: logger)
        do {
            try await app.runService()
        } catch {
            try? await database.shutdown()
            throw error
        }
        try await database.shutdown()
    }
}

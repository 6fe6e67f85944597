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

    @Option(name: .customLong("read-database"), help: ArgumentHelp(
        "A read-only copy of the database (a PostgreSQL streaming replica) for public pages, analytics and published reports. Default: $JUNHENG_READ_DATABASE_URL, else the database itself.",
        valueName: "url"))
    var readDatabase: String?
    @Option(help: "Background job workers in this process (PDF and .doc plans, report publishing); 0 leaves the jobs to other processes on the same database.")
    var jobWorkers = 1

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080
    @Flag(help: "Load the demo data first (same as running `junheng demo`).") var demo = false
    @Flag(help: "Mark cookies Secure (use behind HTTPS).") var secureCookies = false
    @Option(name: .customLong("trusted-proxy"),
            help: "A reverse proxy (address or CIDR block, e.g. 10.0.0.5 or 10.0.0.0/8; repeat or separate with commas) whose X-Forwarded-For is believed. The client is the right-most hop that is not a trusted proxy.")
    var trustedProxies: [String] = []
    @Flag(help: "Trust X-Forwarded-For from a proxy on this machine (same as --trusted-proxy 127.0.0.0/8 --trusted-proxy ::1).")
    var trustProxy = false
    @Option(help: "Log level: trace, debug, info, notice, warning, error.") var logLevel = "info"
    @Option(help: "Flag uploaded figures that change by more than this fraction from the previous year (0.5 = ±50 %).")
    var jumpThreshold = ObservationImport.defaultJumpThreshold
    @Option(help: "Compute measures over a region's children only for years when at least this share of them have a figure (1 = every child).")
    var coverageThreshold = 1.0
    @Option(help: "The installation's own region code, where pages open when the address and the account name none. Default: the demo's city with --demo, else the region of the first published plan.")
    var homeRegion: String?

    @Option(help: "Largest request body outside the upload routes, e.g. 1M, 512K.") var maxBodySize = "1M"
    @Option(help: "Largest upload (plans, figures, catalogues, ledgers, attachments) for a signed-in user, e.g. 32M.")
    var maxUploadSize = "32M"
    @Option(help: "Seconds a connection may wait idle between requests.") var idleTimeout = 60.0
    @Option(help: "Seconds a request's head may take to arrive from its first byte.") var headerTimeout = 10.0
    @Option(help: "Seconds a request body may take, plus one second for every --body-min-rate bytes received.")
    var bodyTimeout = 20.0
    @Option(help: "Bytes per second that earn a slow body one more second (see --body-timeout).") var bodyMinRate = 1024
    @Option(help: "Open connections allowed from one client address (0 = no cap; behind a reverse proxy every client has the proxy's address).")
    var maxConnectionsPerAddress = 32
    @Option(help: "Seconds running requests get to finish after SIGTERM/SIGINT before the process exits.")
    var shutdownTimeout = 10.0
    @Option(help: "Memory for public pages and region lists kept ready to send, e.g. 64M (0 = keep none).")
    var pageCacheSize = "64M"
    @Option(help: "Seconds a kept public page is sent before it is made again (the most a change made outside this server, e.g. by another server on the same database, stays unseen).")
    var pageCacheMaxAge = 2.0

    /// `--page-cache-size` and `--page-cache-max-age` as the server takes them.
    var publicCache: PublicCacheSettings {
        get throws {
            let size = pageCacheSize.trimmingCharacters(in: .whitespaces) == "0" ? 0 : try Self.bytes(pageCacheSize, option: "--page-cache-size")
            return PublicCacheSettings(capacity: size, maxAge: .milliseconds(Int64(pageCacheMaxAge * 1000)))
        }
    }

    /// The `--max-…-size` values and timeouts as the server takes them.
    var limits: HTTPLimits {
        get throws {
            HTTPLimits(maxBodySize: try Self.bytes(maxBodySize, option: "--max-body-size"),
                       maxUploadSize: try Self.bytes(maxUploadSize, option: "--max-upload-size"),
                       idleTimeout: .milliseconds(Int64(idleTimeout * 1000)), headerTimeout: .milliseconds(Int64(headerTimeout * 1000)),
                       bodyTimeout: .milliseconds(Int64(bodyTimeout * 1000)), bodyMinRate: bodyMinRate,
                       maxConnectionsPerAddress: maxConnectionsPerAddress,
                       shutdownTimeout: .milliseconds(Int64(shutdownTimeout * 1000)))
        }
    }

    /// "1048576", "512K", "32M" as bytes.
    static func bytes(_ text: String, option: String) throws -> Int {
        let trimmed = text.trimmingCharacters(in: .whitespaces).uppercased()
        let (digits, unit): (Substring, Int) = switch trimmed.last {
        case "K": (trimmed.dropLast(), 1 << 10)
        case "M": (trimmed.dropLast(), 1 << 20)
        case "G": (trimmed.dropLast(), 1 << 30)
        default: (Substring(trimmed), 1)
        }
        guard let value = Int(digits), value > 0 else {
            throw ValidationError("\(option) must be a size in bytes, or with K or M, e.g. 1M")
        }
        return value * unit
    }

    func validate() throws {
        _ = try limits
        _ = try publicCache
        guard pageCacheMaxAge >= 0, pageCacheMaxAge.isFinite else { throw ValidationError("--page-cache-max-age must be 0 or more seconds") }
        for (value, option) in [(idleTimeout, "--idle-timeout"), (headerTimeout, "--header-timeout"),
                                (bodyTimeout, "--body-timeout"), (shutdownTimeout, "--shutdown-timeout")] {
            guard value > 0, value.isFinite else { throw ValidationError("\(option) must be a positive number of seconds") }
        }
        guard jobWorkers >= 0 else { throw ValidationError("--job-workers must be 0 or more") }
        _ = try readLocation
        guard bodyMinRate > 0 else { throw ValidationError("--body-min-rate must be a positive number of bytes per second") }
        guard maxConnectionsPerAddress >= 0 else { throw ValidationError("--max-connections-per-address must be 0 (no cap) or more") }
        guard jumpThreshold > 0, jumpThreshold.isFinite else { throw ValidationError("--jump-threshold must be a positive fraction") }
        guard coverageThreshold > 0, coverageThreshold <= 1 else {
            throw ValidationError("--coverage-threshold must be a share above 0 and at most 1 (1 = every child)")
        }
        do { _ = try TrustedProxies(trustedProxies) } catch let error as JunhengError {
            throw ValidationError("--trusted-proxy: \(error)")
        }
        if let homeRegion, RegionCode(rawValue: homeRegion) == nil {
            throw ValidationError("--home-region must be a region code (6, 9 or 12 digits), e.g. 130500")
        }
    }

    /// `--trusted-proxy` blocks, plus loopback with `--trust-proxy`.
    var proxies: TrustedProxies {
        get throws {
            let given = try TrustedProxies(trustedProxies)
            return TrustedProxies(networks: given.networks + (trustProxy ? TrustedProxies.loopback.networks : []))
        }
    }

    /// `--read-database`, else `JUNHENG_READ_DATABASE_URL`; nil when neither names one.
    var readLocation: DatabaseLocation? {
        get throws {
            guard let text = readDatabase ?? ProcessInfo.processInfo.environment["JUNHENG_READ_DATABASE_URL"], !text.isEmpty else {
                return nil
            }
            do { return try DatabaseLocation(parsing: text) } catch let error as DatabaseLocation.InvalidLocation {
                throw ValidationError("--read-database: \(error)")
            }
        }
    }

    func run() async throws {
        var logger = Logger(label: "junheng", factory: DeferredMetadataLogHandler.init)
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        let database = try await databaseOptions.open(logger: logger)
        if demo {
            Demo.printAccounts(try await DemoData.load(into: database, maps: true, survey: true))
        }
        // The replica is only read: never migrated (it follows the primary's schema).
        let readLocation = try readLocation
        var replica: JunhengDatabase?
        do {
            if let readLocation { replica = try await JunhengDatabase.open(readLocation, logger: logger) }
        } catch {
            try? await database.shutdown()
            throw error
        }
        let configuration = ServerConfiguration(host: host, port: port, database: try databaseOptions.location,
                                                readDatabase: readLocation, jobWorkers: jobWorkers, secureCookies: secureCookies, trustedProxies: try proxies, jumpThreshold: jumpThreshold,
                                                coverageThreshold: coverageThreshold,
                                                homeRegion: homeRegion.flatMap(RegionCode.init(rawValue:)) ?? (demo ? DemoData.city : nil),
                                                limits: try limits, publicCache: try publicCache)
        let services = try await JunhengServices.make(database: database, replica: replica, configuration: configuration)
        logger.info("serving", metadata: ["url": "http://\(host):\(port)", "database": "\(configuration.database)",
                                          "read-database": "\(readLocation.map(String.init(describing:)) ?? "the database")"])
        let app = buildApplication(services: services, logger: logger)
        do {
            try await runServer(app, limits: configuration.limits, background: [JobWorkers(services: services, logger: logger)],
                                logger: logger)
        } catch {
            try? await replica?.shutdown()
            try? await database.shutdown()
            throw error
        }
        try await replica?.shutdown()
        try await database.shutdown()
    }
}

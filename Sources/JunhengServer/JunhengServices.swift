import Foundation
import JunhengApp
import JunhengCore
import Logging
import Printing
import Storage

/// What request handlers share, built once at start-up: the application's use cases, the
/// server's settings, CSRF protection and the page renderer.
public struct JunhengServices: Sendable {
    public let app: JunhengApp
    public let configuration: ServerConfiguration
    let csrf: CSRFProtection
    let pages: PageRenderer
    /// Prints reports to PDF, one at a time for the whole server (each print is a browser).
    let printer = PDFPrinter()
    /// The files under `/static/`, held in memory.
    var assets: StaticAssets

    /// Public pages and the regions API's answers, made once (see `PublicCache`).
    var publicCache: PublicCache { pages.cache }

    public var database: JunhengDatabase { app.database }

    /// Reads (or on first start creates) the installation secret and loads the page templates.
    /// `replica`, when given, serves the reads that tolerate replication lag.
    public static func make(database: JunhengDatabase, replica: JunhengDatabase? = nil,
                            configuration: ServerConfiguration) async throws -> JunhengServices {
        let secret = try await SettingsStore(database.sql).valueOrInsert("server_secret") { Secrets.randomToken() }
        let csrf = CSRFProtection(secret: secret)
        return JunhengServices(
            app: JunhengApp(database: database, replica: replica, settings: AppSettings(
                jumpThreshold: configuration.jumpThreshold, coverageRule: CoverageRule(minimumShare: configuration.coverageThreshold),
                homeRegion: configuration.homeRegion)),
            configuration: configuration, csrf: csrf,
            pages: PageRenderer(library: try await PageRenderer.loadLibrary(), csrf: csrf,
                                cache: PublicCache(settings: configuration.publicCache)),
            assets: try StaticAssets(directory: PageRenderer.publicDirectory))
    }
}

import JunhengApp
import JunhengCore
import Storage

/// How `junheng serve` runs: address, database, cookies, proxies, sessions and the settings it
/// passes to the use cases.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var database: DatabaseLocation
    /// A read-only copy (a streaming replica) for reads that tolerate replication lag: public
    /// pages, analytics, published reports (docs/operations.md, "Read replica"). Nil: the primary.
    public var readDatabase: DatabaseLocation?
    /// Background job workers in this process; 0 leaves the jobs to other processes.
    public var jobWorkers: Int
    /// Send cookies with `Secure` (set when the server sits behind HTTPS).
    public var secureCookies: Bool
    /// The reverse proxies whose `X-Forwarded-For` is believed (see `TrustedProxies`); none by
    /// default, when the connection's own address is the client's.
    public var trustedProxies: TrustedProxies
    /// How long a browser session lasts.
    public var sessionHours: Int
    /// Uploaded figures changing by more than this fraction from the previous year are flagged.
    public var jumpThreshold: Double
    /// The share of a region's children (0 < x ≤ 1) that must have a figure before a measure over
    /// them is computed; 1 = every child.
    public var coverageThreshold: Double
    /// Where pages open when neither the address nor the reader names a region (see
    /// `RegionUseCases.homeRegion(for:)`).
    public var homeRegion: RegionCode?
    /// Body sizes, connection timeouts and caps, the shutdown deadline (docs/operations.md).
    public var limits: HTTPLimits
    /// The memory cap and the longest life of public pages kept in memory (docs/operations.md).
    public var publicCache: PublicCacheSettings

    public init(host: String = "127.0.0.1", port: Int = 8080, database: DatabaseLocation, readDatabase: DatabaseLocation? = nil,
                jobWorkers: Int = 1, secureCookies: Bool = false, trustedProxies: TrustedProxies = .none, sessionHours: Int = 12,
                jumpThreshold: Double = ObservationImport.defaultJumpThreshold, coverageThreshold: Double = 1,
                homeRegion: RegionCode? = nil, limits: HTTPLimits = HTTPLimits(),
                publicCache: PublicCacheSettings = PublicCacheSettings()) {
        self.homeRegion = homeRegion
        self.publicCache = publicCache
        self.limits = limits
        self.host = host
        self.port = port
        self.database = database
        self.readDatabase = readDatabase
        self.jobWorkers = jobWorkers
        self.secureCookies = secureCookies
        self.trustedProxies = trustedProxies
        self.sessionHours = sessionHours
        self.jumpThreshold = jumpThreshold
        self.coverageThreshold = coverageThreshold
    }
}

/// What one client may make the server hold: how large a body, how long a connection may sit idle
/// or trickle a request, how many connections at once; and how long a stop waits for running work.
/// The defaults are in docs/operations.md beside the `serve` flags that change them.
public struct HTTPLimits: Sendable, Equatable {
    /// Largest body of any request that is not an upload (forms, JSON), in bytes.
    public var maxBodySize: Int
    /// Largest body on the upload routes (plans, figures, catalogues, ledgers, report attachments)
    /// for a signed-in caller, in bytes.
    public var maxUploadSize: Int
    /// A connection with no request under way is closed after this long.
    public var idleTimeout: Duration
    /// A request's head (request line and headers) must arrive within this long of its first byte.
    public var headerTimeout: Duration
    /// A body must arrive within this long of its head, plus one second for every `bodyMinRate`
    /// bytes received: a fast upload of any allowed size passes, a trickle is cut off.
    public var bodyTimeout: Duration
    /// Bytes per second that earn a body one more second (see `bodyTimeout`).
    public var bodyMinRate: Int
    /// Open connections allowed from one client address (the TCP peer); 0 = no cap.
    public var maxConnectionsPerAddress: Int
    /// After SIGTERM or SIGINT, running requests get this long to finish before the process exits.
    public var shutdownTimeout: Duration

    /// The body of a request from nobody signed in (only the login form and the token call take
    /// one): enough for a username, a password and a CSRF token.
    public static let anonymousBodyLimit = 64 * 1024

    public init(maxBodySize: Int = 1 << 20, maxUploadSize: Int = 32 << 20,
                idleTimeout: Duration = .seconds(60), headerTimeout: Duration = .seconds(10),
                bodyTimeout: Duration = .seconds(20), bodyMinRate: Int = 1024,
                maxConnectionsPerAddress: Int = 32, shutdownTimeout: Duration = .seconds(10)) {
        self.maxBodySize = maxBodySize
        self.maxUploadSize = maxUploadSize
        self.idleTimeout = idleTimeout
        self.headerTimeout = headerTimeout
        self.bodyTimeout = bodyTimeout
        self.bodyMinRate = bodyMinRate
        self.maxConnectionsPerAddress = maxConnectionsPerAddress
        self.shutdownTimeout = shutdownTimeout
    }

    /// "1 MB", "32 MB", "64 KB": for messages.
    static func describe(bytes: Int) -> String {
        bytes >= 1 << 20 && bytes % (1 << 20) == 0 ? "\(bytes >> 20) MB"
            : bytes >= 1024 ? "\(bytes / 1024) KB" : "\(bytes) B"
    }
}

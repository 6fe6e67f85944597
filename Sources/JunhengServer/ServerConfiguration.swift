import JunhengApp
import JunhengCore
import Storage

/// How `junheng serve` runs: address, database, cookies, proxies, sessions and the settings it
/// passes to the use cases.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var database: DatabaseLocation
    /// Send cookies with `Secure` (set when the server sits behind HTTPS).
    public var secureCookies: Bool
    /// Take the client address from `X-Forwarded-For` (only behind a trusted reverse proxy).
    public var trustProxy: Bool
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

    public init(host: String = "127.0.0.1", port: Int = 8080, database: DatabaseLocation,
                secureCookies: Bool = false, trustProxy: Bool = false, sessionHours: Int = 12,
                jumpThreshold: Double = ObservationImport.defaultJumpThreshold, coverageThreshold: Double = 1,
                homeRegion: RegionCode? = nil) {
        self.homeRegion = homeRegion
        self.host = host
        self.port = port
        self.database = database
        self.secureCookies = secureCookies
        self.trustProxy = trustProxy
        self.sessionHours = sessionHours
        self.jumpThreshold = jumpThreshold
        self.coverageThreshold = coverageThreshold
    }
}

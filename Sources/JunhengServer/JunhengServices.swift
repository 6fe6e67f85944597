import Foundation
import JunhengCore
import Logging
import Storage

/// Everything a request handler needs, built once at start-up.
public struct JunhengServices: Sendable {
    public let database: JunhengDatabase
    public let configuration: ServerConfiguration
    let csrf: CSRFProtection
    let throttle: LoginThrottle
    let pages: PageRenderer
    let policy = AccessPolicy()

    /// Reads (or on first start creates) the installation secret and loads the page templates.
    public static func make(database: JunhengDatabase, configuration: ServerConfiguration) async throws -> JunhengServices {
        let secret = try await SettingsStore(database.sql).valueOrInsert("server_secret") { Secrets.randomToken() }
        let csrf = CSRFProtection(secret: secret)
        return JunhengServices(
            database: database, configuration: configuration, csrf: csrf,
            throttle: LoginThrottle(), pages: PageRenderer(library: try await PageRenderer.loadLibrary(), csrf: csrf))
    }

    /// The signed-in user, or 401.
    func requireUser(_ context: AppContext) throws -> UserRecord {
        guard let user = context.user else { throw APIError.unauthorized() }
        return user
    }

    /// The signed-in user, if they may exercise `permission` on `region` (and department); else 401/403.
    @discardableResult
    func authorize(_ permission: Permission, region: RegionCode?, department: Int64? = nil,
                   context: AppContext) async throws -> UserRecord {
        let user = try requireUser(context)
        let path = try await regionPath(region)
        let decision = policy.decide(role: user.role, scope: user.scope, permission: permission,
                                     targetRegionPath: path, targetDepartmentID: department)
        if case .denied(let reason) = decision { throw APIError.forbidden(reason) }
        return user
    }

    /// The region and its ancestors, or empty for "no region" (country-wide).
    func regionPath(_ region: RegionCode?) async throws -> [RegionCode] {
        guard let region else { return [] }
        return try await RegionStore(database.sql).path(of: region)
    }

    /// The regions a user may see records of: their scope's subtree, or nil for everything.
    func visibleRegions(for user: UserRecord) async throws -> [RegionCode]? {
        guard let scope = user.regionCode else { return nil }
        return try await RegionStore(database.sql).subtreeCodes(of: scope)
    }
}

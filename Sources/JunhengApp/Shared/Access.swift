import JunhengCore
import Storage

/// Applies the pure ``AccessPolicy`` to an actor and a stored region: the one place use cases
/// ask "may this actor do that here?". System actors (the console) pass every check.
struct Access: Sendable {
    let database: JunhengDatabase
    let policy = AccessPolicy()

    /// The signed-in user, or `unauthorized`.
    func requireUser(_ actor: Actor) throws -> UserRecord {
        guard let user = actor.user else { throw JunhengError.unauthorized("需要登录") }
        return user
    }

    /// Refuses (401 for nobody, 403 otherwise) unless `actor` may exercise `permission` on `region`
    /// (and `department`). Returns the user, or nil for a system actor.
    @discardableResult
    func authorize(_ permission: Permission, region: RegionCode?, department: Int64? = nil,
                   actor: Actor) async throws -> UserRecord? {
        if actor.isSystem { return nil }
        let user = try requireUser(actor)
        if case .denied(let reason) = try await decide(permission, region: region, department: department, user: user) {
            throw JunhengError.forbidden(reason)
        }
        return user
    }

    /// Whether `actor` may exercise `permission` on `region`, without refusing.
    func allows(_ permission: Permission, region: RegionCode?, actor: Actor) async throws -> Bool {
        if actor.isSystem { return true }
        guard let user = actor.user else { return false }
        return try await decide(permission, region: region, user: user).isAllowed
    }

    private func decide(_ permission: Permission, region: RegionCode?, department: Int64? = nil,
                        user: UserRecord) async throws -> AccessDecision {
        policy.decide(role: user.role, scope: user.scope, permission: permission,
                      targetRegionPath: try await regionPath(region), targetDepartmentID: department)
    }

    /// The region and its ancestors, or empty for "no region" (country-wide).
    func regionPath(_ region: RegionCode?) async throws -> [RegionCode] {
        guard let region else { return [] }
        return try await RegionStore(database.sql).path(of: region)
    }

    /// The regions whose records an actor may see: their scope's subtree, or nil for everything.
    func visibleRegions(for actor: Actor) async throws -> [RegionCode]? {
        guard let scope = actor.user?.regionCode else { return nil }
        return try await RegionStore(database.sql).subtreeCodes(of: scope)
    }
}

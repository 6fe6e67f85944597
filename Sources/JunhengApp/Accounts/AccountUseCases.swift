import Foundation
import JunhengCore
import Storage

/// Sign-in, sessions and API tokens, users, departments and the audit log.
public struct AccountUseCases: Sendable {
    let app: JunhengApp
    private var database: JunhengDatabase { app.database }

    // MARK: sign-in

    /// The user whose password this is, or `unauthorized` that does not say which part was wrong;
    /// `rateLimited` while `LoginThrottle` refuses this address or account.
    ///
    /// An unknown login name costs the same as a known one: its password is checked against a
    /// dummy bcrypt hash of the same cost, so the time taken does not tell which accounts exist.
    public func verifyLogin(username: String, password: String, address: String) async throws -> UserRecord {
        try await verifyLogin(username: username, password: password, address: address, verify: Passwords.verify)
    }

    /// `verifyLogin` with the password check given (tests count the bcrypt checks through it).
    func verifyLogin(username: String, password: String, address: String,
                     verify: @Sendable (String, String) async throws -> Bool) async throws -> UserRecord {
        if let wait = try await app.loginThrottle.retryAfter(address: address, username: username) {
            throw JunhengError.rateLimited("登录失败次数过多，请 \(wait) 秒后再试", retryAfterSeconds: wait)
        }
        let found = try await UserStore(database.sql).credentials(username: username)
        let hash: String
        if let found { hash = found.passwordHash } else { hash = try await Passwords.dummy() }
        let matches = try await verify(password, hash)
        guard let user = found?.user, matches, user.active else {
            try await app.loginThrottle.recordFailure(address: address, username: username)
            throw JunhengError.unauthorized("用户名或密码错误")
        }
        try await app.loginThrottle.recordSuccess(address: address, username: username)
        return user
    }

    /// Starts a browser session; returns the raw token for the cookie (only its hash is stored).
    /// Expired sessions are cleared on the way, so the table does not grow without bound.
    public func startSession(for user: UserRecord, hours: Int) async throws -> String {
        let token = Secrets.randomToken()
        let expiresAt = Timestamp.string(from: Date().addingTimeInterval(Double(hours) * 3600))
        let store = UserStore(database.sql)
        try await store.purgeExpiredSessions()
        try await store.createSession(tokenHash: Secrets.hash(token), userID: user.id, expiresAt: expiresAt)
        return token
    }

    public func endSession(rawToken: String) async throws {
        try await UserStore(database.sql).deleteSession(tokenHash: Secrets.hash(rawToken))
    }

    /// The user a session cookie or bearer token belongs to, if it is valid.
    public func user(sessionToken: String) async throws -> UserRecord? {
        try await UserStore(database.sql).user(sessionHash: Secrets.hash(sessionToken))
    }

    public func user(bearerToken: String) async throws -> UserRecord? {
        try await UserStore(database.sql).user(tokenHash: Secrets.hash(bearerToken))
    }

    /// A new API token for a user who has just proved their password; shown once.
    public struct IssuedToken: Encodable, Sendable {
        public let token: String
        public let tokenId: Int64
        public let expiresAt: String?
        public let user: UserRecord
    }

    public func issueToken(for user: UserRecord, name: String, days: Int, requestID: String?) async throws -> IssuedToken {
        guard (1...3650).contains(days) else {
            throw JunhengError.invalid(field: "expiresInDays", "有效期应为 1–3650 天")
        }
        let token = Secrets.randomToken(prefix: "jh_")
        let expiresAt = Timestamp.string(from: Date().addingTimeInterval(Double(days) * 86_400))
        let audit = Actor.user(user, requestID: requestID).audit
        let info = try await database.transaction { db in
            try await UserStore(db).createToken(userID: user.id, name: name, tokenHash: Secrets.hash(token),
                                                expiresAt: expiresAt, actor: audit)
        }
        return IssuedToken(token: token, tokenId: info.id, expiresAt: expiresAt, user: user)
    }

    /// Revokes one of the actor's own tokens.
    public func revokeToken(_ id: Int64, actor: Actor) async throws {
        let user = try app.access.requireUser(actor)
        let audit = actor.audit
        try await database.transaction { try await UserStore($0).revokeToken(id: id, userID: user.id, actor: audit) }
    }

    // MARK: users

    /// The users the actor may manage: those in their own subtree.
    public func users(actor: Actor) async throws -> [UserRecord] {
        try await app.access.authorize(.manageUsers, region: actor.user?.regionCode, actor: actor)
        return try await UserStore(database.sql).list(regionCodes: try await app.access.visibleRegions(for: actor))
    }

    /// Roles the actor may grant: never one with powers they lack.
    public func grantableRoles(actor: Actor) -> [Role] {
        guard let user = actor.user else { return actor.isSystem ? Role.allCases : [] }
        return Role.allCases.filter { $0.permissions.isSubset(of: user.role.permissions) }
    }

    /// Creates a user on behalf of the actor, who may grant only roles within their own powers
    /// and scopes within their own subtree.
    public func createUser(username: String, displayName: String, password: String, role: Role,
                           regionCode regionText: String?, departmentID: Int64?, actor: Actor) async throws -> UserRecord {
        let region = try optionalRegionCode(regionText, field: "regionCode")
        if !actor.isSystem {
            let actorUser = try app.access.requireUser(actor)
            let path = try await app.access.regionPath(region)
            if case .denied(let reason) = app.access.policy.mayGrant(actorRole: actorUser.role, actorScope: actorUser.scope,
                                                                     newRole: role, newScopePath: path) {
                throw JunhengError.forbidden(reason)
            }
        }
        let hash = try await Passwords.hash(password)
        let audit = actor.audit
        return try await database.transaction { db in
            try await UserStore(db).create(UserRecord(username: username, displayName: displayName,
                                                   role: role, regionCode: region, departmentID: departmentID), passwordHash: hash, actor: audit)
        }
    }

    public func userCount() async throws -> Int { try await UserStore(database.sql).count() }

    // MARK: departments

    public func departments(in region: RegionCode) async throws -> [Department] {
        try await DepartmentStore(database.sql).departments(in: region)
    }

    public func createDepartment(region: RegionCode, name: String, shortName: String, actor: Actor) async throws -> Department {
        try await app.access.authorize(.manageDepartments, region: region, actor: actor)
        let audit = actor.audit
        return try await database.transaction { db in
            try await DepartmentStore(db).create(regionCode: region, name: name, shortName: shortName, actor: audit)
        }
    }

    // MARK: audit

    /// One page of audit entries: which ones, where they start and how many match in all.
    public struct AuditPage: Sendable {
        public let entries: [AuditEntry]
        /// 0-based position of the first entry among all that match.
        public let offset: Int
        public let total: Int
        public let page: Int
        public let limit: Int

        public var hasPrevious: Bool { page > 1 }
        public var hasNext: Bool { offset + entries.count < total }
    }

    /// Audit filters as typed (page or API query); blank fields are left out. Dates are
    /// `yyyy-MM-dd` days in China Standard Time, both inclusive.
    public struct AuditQuery: Sendable {
        public var user: String?
        public var action: String?
        public var entity: String?
        public var entityID: String?
        public var from: String?
        public var to: String?

        public init(user: String? = nil, action: String? = nil, entity: String? = nil, entityID: String? = nil,
                    from: String? = nil, to: String? = nil) {
            func clean(_ value: String?) -> String? {
                guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
                return value
            }
            self.user = clean(user)
            self.action = clean(action)
            self.entity = clean(entity)
            self.entityID = clean(entityID)
            self.from = clean(from)
            self.to = clean(to)
        }
    }

    /// The stored filter for a query, limited to the regions the actor may see; `invalid` for a bad date.
    private func auditFilter(_ query: AuditQuery, actor: Actor) async throws -> AuditFilter {
        try await app.access.authorize(.viewAudit, region: actor.user?.regionCode, actor: actor)
        var issues: [ValidationIssue] = []
        let from = query.from.flatMap(ChinaTime.startOfDay)
        if let text = query.from, from == nil { issues.append(.init(field: "from", reason: "“\(text)”不是日期（如 2026-12-04）")) }
        let until = query.to.flatMap(ChinaTime.endOfDay)
        if let text = query.to, until == nil { issues.append(.init(field: "to", reason: "“\(text)”不是日期（如 2026-12-04）")) }
        if let from, let until, from >= until { issues.append(.init(field: "to", reason: "结束日期早于开始日期")) }
        guard issues.isEmpty else { throw JunhengError.invalid(issues) }
        let visible = try await app.access.visibleRegions(for: actor)
        return AuditFilter(username: query.user, action: query.action, entity: query.entity, entityID: query.entityID,
                           from: from, until: until, regionCodes: visible?.map(\.rawValue))
    }

    /// One page (1-based, `limit` 1–500) of the audit entries matching `query` in the regions the
    /// actor may see, newest first.
    public func auditEntries(_ query: AuditQuery, page: Int, limit: Int, actor: Actor) async throws -> AuditPage {
        guard page >= 1 else { throw JunhengError.invalid(field: "page", "页码应从 1 开始") }
        guard (1...500).contains(limit) else { throw JunhengError.invalid(field: "limit", "每页条数应为 1–500") }
        let filter = try await auditFilter(query, actor: actor)
        let log = AuditLog(database.sql)
        let offset = (page - 1) * limit
        return AuditPage(entries: try await log.entries(matching: filter, offset: offset, limit: limit), offset: offset,
                         total: try await log.count(matching: filter), page: page, limit: limit)
    }

    /// Every audit entry matching `query` that the actor may see (at most 100,000), as a spreadsheet.
    public func exportAudit(_ query: AuditQuery, format: ExportFormat, actor: Actor) async throws -> ExportFile {
        let filter = try await auditFilter(query, actor: actor)
        return try Exports.audit(try await AuditLog(database.sql).entries(matching: filter, limit: 100_000), format: format)
    }

    /// Audit entries about the regions the actor may see, newest first.
    public func auditEntries(entity: String? = nil, entityID: String? = nil, limit: Int, actor: Actor) async throws -> [AuditEntry] {
        try await app.access.authorize(.viewAudit, region: actor.user?.regionCode, actor: actor)
        let visible = try await app.access.visibleRegions(for: actor)
        return try await AuditLog(database.sql).entries(entity: entity, entityID: entityID,
                                                        regionCodes: visible?.map(\.rawValue), limit: limit)
    }
}

// MARK: accounts by login name (the `junheng user` commands)

extension AccountUseCases {
    /// The user with this login name, whom the actor must be allowed to manage: `manageUsers` over
    /// the user's region and a role within the actor's own powers. `notFound` for an unknown name.
    func managedUser(username: String, actor: Actor) async throws -> UserRecord {
        let actorUser = actor.isSystem ? nil : try app.access.requireUser(actor)
        guard let user = try await UserStore(database.sql).user(username: username) else {
            throw JunhengError.notFound("用户 \(username)")
        }
        if let actorUser, case .denied(let reason) = app.access.policy.mayGrant(
            actorRole: actorUser.role, actorScope: actorUser.scope,
            newRole: user.role, newScopePath: try await app.access.regionPath(user.regionCode)) {
            throw JunhengError.forbidden(reason)
        }
        return user
    }

    /// Sets a user's password (checked against the password policy), which ends their sessions and tokens.
    public func setPassword(username: String, password: String, actor: Actor) async throws {
        let user = try await managedUser(username: username, actor: actor)
        let hash = try await Passwords.hash(password)
        let audit = actor.audit
        try await database.transaction { try await UserStore($0).setPasswordHash(userID: user.id, hash: hash, actor: audit) }
    }

    /// The user with this login name, if the actor may manage them (see `managedUser`).
    public func manageableUser(username: String, actor: Actor) async throws -> UserRecord {
        try await managedUser(username: username, actor: actor)
    }

    /// Changes a user's display name, role, region and department. The actor must manage the user
    /// as they are and be allowed to grant the new role and scope (`AccessPolicy.mayGrant`).
    public func updateUser(username: String, displayName: String, role: Role, regionCode regionText: String?,
                           departmentID: Int64?, actor: Actor) async throws -> UserRecord {
        let user = try await managedUser(username: username, actor: actor)
        let region = try optionalRegionCode(regionText, field: "regionCode")
        // Said on the form rather than as a missing page, before the access check looks the region up.
        if let region, try await RegionStore(database.sql).region(region) == nil {
            throw JunhengError.invalid(field: "regionCode", "地区 \(region.rawValue) 不存在")
        }
        if !actor.isSystem {
            let actorUser = try app.access.requireUser(actor)
            if actorUser.id == user.id && role != user.role { throw JunhengError.forbidden("不能修改自己的角色") }
            if case .denied(let reason) = app.access.policy.mayGrant(
                actorRole: actorUser.role, actorScope: actorUser.scope, newRole: role,
                newScopePath: try await app.access.regionPath(region)) {
                throw JunhengError.forbidden(reason)
            }
        }
        let audit = actor.audit
        return try await database.transaction { db in
            try await UserStore(db).update(userID: user.id, displayName: displayName, role: role, regionCode: region,
                                           departmentID: departmentID, actor: audit)
        }
    }

    /// Lets a deactivated user sign in again.
    public func reactivate(username: String, actor: Actor) async throws -> UserRecord {
        let user = try await managedUser(username: username, actor: actor)
        let audit = actor.audit
        return try await database.transaction { try await UserStore($0).setActive(userID: user.id, active: true, actor: audit) }
    }

    /// Disables a user's login; their sessions end at once.
    public func deactivate(username: String, actor: Actor) async throws -> UserRecord {
        let user = try await managedUser(username: username, actor: actor)
        // An administrator locking themselves out would need the console to get back in.
        if actor.user?.id == user.id { throw JunhengError.forbidden("不能停用自己的账号") }
        let audit = actor.audit
        return try await database.transaction { try await UserStore($0).setActive(userID: user.id, active: false, actor: audit) }
    }

    /// Issues an API token for a user on the actor's behalf; the raw token is in the result and
    /// nowhere else (only its hash is stored).
    public func createToken(username: String, name: String, days: Int, actor: Actor) async throws -> IssuedToken {
        guard (1...3650).contains(days) else { throw JunhengError.invalid(field: "days", "有效期应为 1–3650 天") }
        let user = try await managedUser(username: username, actor: actor)
        let token = Secrets.randomToken(prefix: "jh_")
        let expiresAt = Timestamp.string(from: Date().addingTimeInterval(Double(days) * 86_400))
        let audit = actor.audit
        let info = try await database.transaction { db in
            try await UserStore(db).createToken(userID: user.id, name: name, tokenHash: Secrets.hash(token),
                                                expiresAt: expiresAt, actor: audit)
        }
        return IssuedToken(token: token, tokenId: info.id, expiresAt: expiresAt, user: user)
    }
}

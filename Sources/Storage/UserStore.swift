import Foundation
import JunhengCore
import SQLKit

/// A user as the rest of the system sees it: never carries the password hash.
public struct UserRecord: Codable, Sendable, Equatable {
    public var id: Int64
    public var username: String
    public var displayName: String
    public var role: Role
    public var regionCode: RegionCode?
    public var departmentID: Int64?
    public var active: Bool
    public var createdAt: String

    /// A user to create has `id` 0 until `UserStore.create` stores it (with its password hash,
    /// which no record carries).
    public init(id: Int64 = 0, username: String, displayName: String, role: Role, regionCode: RegionCode?,
                departmentID: Int64?, active: Bool = true, createdAt: String = "") {
        self.id = id
        self.username = username
        self.displayName = displayName
        self.role = role
        self.regionCode = regionCode
        self.departmentID = departmentID
        self.active = active
        self.createdAt = createdAt
    }

    public var scope: AccessScope { AccessScope(regionCode: regionCode, departmentID: departmentID) }
}

/// Users, their browser sessions and their API tokens. Session and token secrets are stored only
/// as hashes (the caller hashes), so a copy of the database cannot be used to log in.
public struct UserStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) { self.db = db }

    private static let userColumns = "u.id, u.username, u.display_name, u.role, u.region_code, u.department_id, u.active, u.created_at"

    private static func user(from row: any SQLRow) throws -> UserRecord {
        let roleText = try row.decode(column: "role", as: String.self)
        guard let role = Role(rawValue: roleText) else {
            throw JunhengError.invalid(field: "role", "数据库中的角色无效：\(roleText)")
        }
        return UserRecord(
            id: try row.decode(column: "id", as: Int64.self),
            username: try row.decode(column: "username", as: String.self),
            displayName: try row.decode(column: "display_name", as: String.self),
            role: role,
            regionCode: try row.decode(column: "region_code", as: String?.self).flatMap(RegionCode.init(rawValue:)),
            departmentID: try row.decode(column: "department_id", as: Int64?.self),
            active: try row.decode(column: "active", as: Bool.self),
            createdAt: try row.decode(column: "created_at", as: String.self))
    }

    private func users(_ condition: SQLQueryString, join: String = "") async throws -> [UserRecord] {
        try await db.raw("SELECT \(unsafeRaw: Self.userColumns) FROM users u \(unsafeRaw: join) WHERE \(condition) ORDER BY u.id")
            .all().map(Self.user(from:))
    }

    public func user(id: Int64) async throws -> UserRecord? {
        try await users("u.id = \(bind: id)").first
    }

    public func user(username: String) async throws -> UserRecord? {
        try await users("u.username = \(bind: username)").first
    }

    /// The user and stored bcrypt hash for a login attempt.
    public func credentials(username: String) async throws -> (user: UserRecord, passwordHash: String)? {
        guard let row = try await db.raw("""
            SELECT \(unsafeRaw: Self.userColumns), u.password_hash FROM users u WHERE u.username = \(bind: username)
            """).first() else { return nil }
        return (try Self.user(from: row), try row.decode(column: "password_hash", as: String.self))
    }

    /// All users, or those whose scope lies in `regionCodes` (a subtree).
    public func list(regionCodes: [RegionCode]? = nil) async throws -> [UserRecord] {
        guard let regionCodes else { return try await users("1 = 1") }
        if regionCodes.isEmpty { return [] }
        return try await users("u.region_code IN (\(binds: regionCodes.map(\.rawValue)))")
    }

    public func count() async throws -> Int {
        try await db.raw("SELECT COUNT(*) AS n FROM users").first()?.decode(column: "n", as: Int.self) ?? 0
    }

    public func create(_ new: UserRecord, passwordHash: String, actor: AuditActor) async throws -> UserRecord {
        var issues: [ValidationIssue] = []
        let username = new.username.trimmingCharacters(in: .whitespaces)
        if username.isEmpty || username.count > 64 || username.contains(where: \.isWhitespace) {
            issues.append(.init(field: "username", reason: "用户名须为 1–64 个字符且不含空格"))
        }
        if new.regionCode == nil && new.role != .admin {
            issues.append(.init(field: "regionCode", reason: "非管理员用户必须指定所属地区"))
        }
        if new.role == .departmentEditor && new.departmentID == nil {
            issues.append(.init(field: "departmentId", reason: "部门填报员必须指定所属部门"))
        }
        guard issues.isEmpty else { throw JunhengError.invalid(issues) }
        if let region = new.regionCode, try await RegionStore(db).region(region) == nil {
            throw JunhengError.invalid(field: "regionCode", "地区 \(region.rawValue) 不存在")
        }
        if let departmentID = new.departmentID {
            guard let department = try await DepartmentStore(db).department(id: departmentID) else {
                throw JunhengError.invalid(field: "departmentId", "部门 \(departmentID) 不存在")
            }
            if let region = new.regionCode, department.regionCode != region {
                throw JunhengError.invalid(field: "departmentId", "部门“\(department.name)”不属于地区 \(region.rawValue)")
            }
        }
        if try await user(username: username) != nil { throw JunhengError.conflict("用户名 \(username) 已存在") }

        let id = try await db.insert(into: "users")
            .columns("username", "display_name", "password_hash", "role", "region_code", "department_id", "active", "created_at")
            .values(SQLBind(username), SQLBind(new.displayName.isEmpty ? username : new.displayName),
                    SQLBind(passwordHash), SQLBind(new.role.rawValue), SQLBind(new.regionCode?.rawValue),
                    SQLBind(new.departmentID), SQLBind(true), SQLBind(Timestamp.now()))
            .returning("id").first()!.decode(column: "id", as: Int64.self)
        let created = try await user(id: id)!
        try await AuditLog(db).record(actor, action: "create", entity: "user", entityID: String(id),
                                      regionCode: created.regionCode?.rawValue, after: created)
        return created
    }

    public func setPasswordHash(userID: Int64, hash: String, actor: AuditActor) async throws {
        guard let before = try await user(id: userID) else { throw JunhengError.notFound("用户 \(userID)") }
        try await db.update("users").set("password_hash", to: hash).where("id", .equal, userID).run()
        // Changing a password ends every session and token of that user.
        try await db.delete(from: "sessions").where("user_id", .equal, userID).run()
        try await db.update("api_tokens").set("revoked_at", to: Timestamp.now())
            .where("user_id", .equal, userID).where("revoked_at", .is, SQLLiteral.null).run()
        try await AuditLog(db).record(actor, action: "change_password", entity: "user", entityID: String(userID),
                                      regionCode: before.regionCode?.rawValue)
    }

    /// Changes a user's display name, role, region and department, checked as on creation; audited
    /// with before and after. Nothing is written when nothing changed.
    public func update(userID: Int64, displayName: String, role: Role, regionCode: RegionCode?, departmentID: Int64?,
                       actor: AuditActor) async throws -> UserRecord {
        guard let before = try await user(id: userID) else { throw JunhengError.notFound("用户 \(userID)") }
        var issues: [ValidationIssue] = []
        let name = displayName.trimmingCharacters(in: .whitespaces)
        if name.isEmpty || name.count > 100 { issues.append(.init(field: "displayName", reason: "姓名须为 1–100 个字符")) }
        if regionCode == nil && role != .admin {
            issues.append(.init(field: "regionCode", reason: "非管理员用户必须指定所属地区"))
        }
        if role == .departmentEditor && departmentID == nil {
            issues.append(.init(field: "departmentId", reason: "部门填报员必须指定所属部门"))
        }
        guard issues.isEmpty else { throw JunhengError.invalid(issues) }
        if let region = regionCode, try await RegionStore(db).region(region) == nil {
            throw JunhengError.invalid(field: "regionCode", "地区 \(region.rawValue) 不存在")
        }
        if let departmentID {
            guard let department = try await DepartmentStore(db).department(id: departmentID) else {
                throw JunhengError.invalid(field: "departmentId", "部门 \(departmentID) 不存在")
            }
            if let region = regionCode, department.regionCode != region {
                throw JunhengError.invalid(field: "departmentId", "部门“\(department.name)”不属于地区 \(region.rawValue)")
            }
        }
        var after = before
        after.displayName = name
        after.role = role
        after.regionCode = regionCode
        after.departmentID = departmentID
        guard after != before else { return before }
        try await db.update("users").set("display_name", to: name).set("role", to: role.rawValue)
            .set("region_code", to: regionCode?.rawValue).set("department_id", to: departmentID)
            .where("id", .equal, userID).run()
        try await AuditLog(db).record(actor, action: "update", entity: "user", entityID: String(userID),
                                      regionCode: (regionCode ?? before.regionCode)?.rawValue, before: before, after: after)
        return after
    }

    public func setActive(userID: Int64, active: Bool, actor: AuditActor) async throws -> UserRecord {
        guard let before = try await user(id: userID) else { throw JunhengError.notFound("用户 \(userID)") }
        try await db.update("users").set("active", to: active).where("id", .equal, userID).run()
        if !active { try await db.delete(from: "sessions").where("user_id", .equal, userID).run() }
        var after = before
        after.active = active
        try await AuditLog(db).record(actor, action: active ? "activate" : "deactivate", entity: "user",
                                      entityID: String(userID), regionCode: before.regionCode?.rawValue,
                                      before: before, after: after)
        return after
    }

    // MARK: sessions

    public func createSession(tokenHash: String, userID: Int64, expiresAt: String) async throws {
        try await db.insert(into: "sessions").columns("token_hash", "user_id", "created_at", "expires_at")
            .values(SQLBind(tokenHash), SQLBind(userID), SQLBind(Timestamp.now()), SQLBind(expiresAt)).run()
    }

    /// The active user owning an unexpired session.
    public func user(sessionHash: String) async throws -> UserRecord? {
        try await users("s.token_hash = \(bind: sessionHash) AND s.expires_at > \(bind: Timestamp.now()) AND u.active = \(bind: true)",
                        join: "JOIN sessions s ON s.user_id = u.id").first
    }

    public func deleteSession(tokenHash: String) async throws {
        try await db.delete(from: "sessions").where("token_hash", .equal, tokenHash).run()
    }

    public func purgeExpiredSessions() async throws {
        try await db.delete(from: "sessions").where("expires_at", .lessThanOrEqual, Timestamp.now()).run()
    }

    // MARK: API tokens

    public struct TokenInfo: Codable, Sendable {
        public var id: Int64
        public var name: String
        public var createdAt: String
        public var expiresAt: String?
        public var lastUsedAt: String?
        public var revokedAt: String?
    }

    public func createToken(userID: Int64, name: String, tokenHash: String, expiresAt: String?, actor: AuditActor) async throws -> TokenInfo {
        let now = Timestamp.now()
        let id = try await db.insert(into: "api_tokens")
            .columns("user_id", "name", "token_hash", "created_at", "expires_at")
            .values(SQLBind(userID), SQLBind(name), SQLBind(tokenHash), SQLBind(now), SQLBind(expiresAt))
            .returning("id").first()!.decode(column: "id", as: Int64.self)
        let info = TokenInfo(id: id, name: name, createdAt: now, expiresAt: expiresAt)
        try await AuditLog(db).record(actor, action: "create", entity: "api_token", entityID: String(id), after: info)
        return info
    }

    /// The active user owning an unrevoked, unexpired token; records when it was last used.
    public func user(tokenHash: String) async throws -> UserRecord? {
        let now = Timestamp.now()
        guard let user = try await users("""
            t.token_hash = \(bind: tokenHash) AND t.revoked_at IS NULL \
            AND (t.expires_at IS NULL OR t.expires_at > \(bind: now)) AND u.active = \(bind: true)
            """, join: "JOIN api_tokens t ON t.user_id = u.id").first
        else { return nil }
        try await db.update("api_tokens").set("last_used_at", to: now).where("token_hash", .equal, tokenHash).run()
        return user
    }

    public func revokeToken(id: Int64, userID: Int64, actor: AuditActor) async throws {
        let updated = try await db.raw("""
            UPDATE api_tokens SET revoked_at = \(bind: Timestamp.now())
            WHERE id = \(bind: id) AND user_id = \(bind: userID) AND revoked_at IS NULL RETURNING id
            """).all()
        guard !updated.isEmpty else { throw JunhengError.notFound("令牌 \(id)") }
        try await AuditLog(db).record(actor, action: "revoke", entity: "api_token", entityID: String(id))
    }
}

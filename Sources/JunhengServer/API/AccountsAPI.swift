import Foundation
import Hummingbird
import JunhengCore
import Storage

/// `/api/v1/auth`, `/api/v1/me`, `/api/v1/users`, `/api/v1/departments`, `/api/v1/audit`.
struct AccountsAPI {
    let services: JunhengServices

    func register(on api: RouterGroup<AppContext>) {
        api.post("auth/token", use: issueToken)
        api.delete("auth/tokens/:id", use: revokeToken)
        api.get("me", use: me)
        api.get("users", use: listUsers)
        api.post("users", use: createUser)
        api.get("departments", use: listDepartments)
        api.post("departments", use: createDepartment)
        api.get("audit", use: audit)
    }

    struct TokenRequest: Decodable {
        let username: String
        let password: String
        let name: String?
        let expiresInDays: Int?
    }

    struct IssuedToken: Encodable, Sendable {
        /// Shown once; only its hash is stored.
        let token: String
        let tokenId: Int64
        let expiresAt: String?
        let user: UserRecord
    }

    @Sendable func issueToken(_ request: Request, context: AppContext) async throws -> JSON<IssuedToken> {
        let body = try await request.decode(as: TokenRequest.self, context: context)
        let user = try await services.verifyLogin(username: body.username, password: body.password,
                                                  address: services.clientAddress(request, context))
        let days = body.expiresInDays ?? 90
        guard (1...3650).contains(days) else {
            throw JunhengError.invalid(field: "expiresInDays", "有效期应为 1–3650 天")
        }
        let token = Secrets.randomToken(prefix: "jh_")
        let expiresAt = Timestamp.string(from: Date().addingTimeInterval(Double(days) * 86_400))
        let actor = AuditActor(userID: user.id, username: user.username, requestID: context.id)
        let info = try await services.database.transaction { db in
            try await UserStore(db).createToken(userID: user.id, name: body.name ?? "api", tokenHash: Secrets.hash(token),
                                                expiresAt: expiresAt, actor: actor)
        }
        return JSON(IssuedToken(token: token, tokenId: info.id, expiresAt: expiresAt, user: user), status: .created)
    }

    struct Revoked: Encodable, Sendable { let revoked: Int64 }

    @Sendable func revokeToken(_ request: Request, context: AppContext) async throws -> JSON<Revoked> {
        let user = try services.requireUser(context)
        guard let id = context.parameters.get("id", as: Int64.self) else { throw APIError.notFound("令牌") }
        let actor = context.auditActor
        try await services.database.transaction { db in
            try await UserStore(db).revokeToken(id: id, userID: user.id, actor: actor)
        }
        return JSON(Revoked(revoked: id))
    }

    struct Me: Encodable, Sendable {
        let user: UserRecord
        let permissions: [Permission]
    }

    @Sendable func me(_ request: Request, context: AppContext) async throws -> JSON<Me> {
        let user = try services.requireUser(context)
        return JSON(Me(user: user, permissions: Permission.allCases.filter(user.role.permissions.contains)))
    }

    @Sendable func listUsers(_ request: Request, context: AppContext) async throws -> JSON<ItemList<UserRecord>> {
        let user = try await services.authorize(.manageUsers, region: context.user?.regionCode, context: context)
        let visible = try await services.visibleRegions(for: user)
        return JSON(ItemList(try await UserStore(services.database.sql).list(regionCodes: visible)))
    }

    struct NewUserRequest: Decodable {
        let username: String
        let displayName: String?
        let password: String
        let role: Role
        let regionCode: String?
        let departmentId: Int64?
    }

    @Sendable func createUser(_ request: Request, context: AppContext) async throws -> JSON<UserRecord> {
        let body = try await request.decode(as: NewUserRequest.self, context: context)
        let created = try await services.createUser(
            username: body.username, displayName: body.displayName ?? "", password: body.password, role: body.role,
            regionCode: body.regionCode, departmentID: body.departmentId, context: context)
        return JSON(created, status: .created)
    }

    @Sendable func listDepartments(_ request: Request, context: AppContext) async throws -> JSON<ItemList<Department>> {
        let region = try regionCode(request.uri.queryParameters["region"].map(String.init), field: "region")
        return JSON(ItemList(try await DepartmentStore(services.database.sql).departments(in: region)))
    }

    struct NewDepartment: Decodable {
        let regionCode: String
        let name: String
        let shortName: String?
    }

    @Sendable func createDepartment(_ request: Request, context: AppContext) async throws -> JSON<Department> {
        _ = try services.requireUser(context)
        let body = try await request.decode(as: NewDepartment.self, context: context)
        let region = try regionCode(body.regionCode, field: "regionCode")
        try await services.authorize(.manageDepartments, region: region, context: context)
        let actor = context.auditActor
        let created = try await services.database.transaction { db in
            try await DepartmentStore(db).create(regionCode: region, name: body.name, shortName: body.shortName ?? "", actor: actor)
        }
        return JSON(created, status: .created)
    }

    @Sendable func audit(_ request: Request, context: AppContext) async throws -> JSON<ItemList<AuditEntry>> {
        let user = try await services.authorize(.viewAudit, region: context.user?.regionCode, context: context)
        let query = request.uri.queryParameters
        let visible = try await services.visibleRegions(for: user)
        let entries = try await AuditLog(services.database.sql).entries(
            entity: query["entity"].map(String.init), entityID: query["entityId"].map(String.init),
            regionCodes: visible?.map(\.rawValue), limit: query["limit"].flatMap { Int(String($0)) } ?? 100)
        return JSON(ItemList(entries))
    }
}

extension JunhengServices {
    /// Creates a user on behalf of the signed-in actor, who may grant only roles within their own
    /// powers and scopes within their own subtree. Shared by the API and the admin page.
    func createUser(username: String, displayName: String, password: String, role: Role,
                    regionCode regionText: String?, departmentID: Int64?, context: AppContext) async throws -> UserRecord {
        let actorUser = try requireUser(context)
        let region = try regionText.flatMap { $0.isEmpty ? nil : $0 }.map { try regionCode($0, field: "regionCode") }
        let path = try await regionPath(region)
        if case .denied(let reason) = policy.mayGrant(actorRole: actorUser.role, actorScope: actorUser.scope,
                                                      newRole: role, newScopePath: path) {
            throw APIError.forbidden(reason)
        }
        let hash = try await Passwords.hash(password)
        let actor = context.auditActor
        return try await database.transaction { db in
            try await UserStore(db).create(NewUser(username: username, displayName: displayName, passwordHash: hash,
                                                   role: role, regionCode: region, departmentID: departmentID), actor: actor)
        }
    }
}

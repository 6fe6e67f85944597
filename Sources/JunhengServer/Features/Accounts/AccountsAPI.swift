import Foundation
import Hummingbird
import JunhengApp
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

    /// The token is shown once; only its hash is stored.
    @Sendable func issueToken(_ request: Request, context: AppContext) async throws -> JSON<AccountUseCases.IssuedToken> {
        let body = try await request.decode(as: TokenRequest.self, context: context)
        let accounts = services.app.accounts
        let user = try await accounts.verifyLogin(username: body.username, password: body.password,
                                                  address: services.clientAddress(request, context))
        return JSON(try await accounts.issueToken(for: user, name: body.name ?? "api", days: body.expiresInDays ?? 90,
                                                  requestID: context.id), status: .created)
    }

    struct Revoked: Encodable, Sendable { let revoked: Int64 }

    @Sendable func revokeToken(_ request: Request, context: AppContext) async throws -> JSON<Revoked> {
        _ = try context.requireUser()
        guard let id = context.parameters.get("id", as: Int64.self) else { throw APIError.notFound("令牌") }
        try await services.app.accounts.revokeToken(id, actor: context.actor)
        return JSON(Revoked(revoked: id))
    }

    struct Me: Encodable, Sendable {
        let user: UserRecord
        let permissions: [Permission]
    }

    @Sendable func me(_ request: Request, context: AppContext) async throws -> JSON<Me> {
        let user = try context.requireUser()
        return JSON(Me(user: user, permissions: Permission.allCases.filter(user.role.permissions.contains)))
    }

    @Sendable func listUsers(_ request: Request, context: AppContext) async throws -> JSON<ItemList<UserRecord>> {
        JSON(ItemList(try await services.app.accounts.users(actor: context.actor)))
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
        let created = try await services.app.accounts.createUser(
            username: body.username, displayName: body.displayName ?? "", password: body.password, role: body.role,
            regionCode: body.regionCode, departmentID: body.departmentId, actor: context.actor)
        return JSON(created, status: .created)
    }

    @Sendable func listDepartments(_ request: Request, context: AppContext) async throws -> JSON<ItemList<Department>> {
        let region = try regionCode(request.uri.queryParameters["region"].map(String.init), field: "region")
        return JSON(ItemList(try await services.app.accounts.departments(in: region)))
    }

    struct NewDepartment: Decodable {
        let regionCode: String
        let name: String
        let shortName: String?
    }

    @Sendable func createDepartment(_ request: Request, context: AppContext) async throws -> JSON<Department> {
        _ = try context.requireUser()
        let body = try await request.decode(as: NewDepartment.self, context: context)
        let region = try regionCode(body.regionCode, field: "regionCode")
        return JSON(try await services.app.accounts.createDepartment(region: region, name: body.name, shortName: body.shortName ?? "",
                                                                    actor: context.actor), status: .created)
    }

    /// One page of audit entries, newest first, with the page's place among all that match.
    struct AuditList: Encodable, Sendable {
        let items: [AuditEntry]
        let count: Int
        let total: Int
        let page: Int
        let limit: Int
    }

    /// Filtered and paged as the audit page is: `user`, `action`, `entity`, `entityId`, `from`, `to`, `page`, `limit`.
    @Sendable func audit(_ request: Request, context: AppContext) async throws -> JSON<AuditList> {
        let result = try await services.app.accounts.auditEntries(
            AccountPages.auditQuery(request), page: try AccountPages.integer(request, "page", default: 1),
            limit: try AccountPages.integer(request, "limit", default: 100), actor: context.actor)
        return JSON(AuditList(items: result.entries, count: result.entries.count, total: result.total, page: result.page,
                              limit: result.limit))
    }
}

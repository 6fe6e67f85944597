import Foundation
import Hummingbird
import JunhengCore
import Storage

/// The HTML pages: home, login/logout, the region browser, user administration and the audit log.
struct PageRoutes {
    let services: JunhengServices
    private var pages: PageRenderer { services.pages }

    func register(on router: Router<AppContext>) {
        router.get("/", use: home)
        router.get("login", use: loginPage)
        router.post("login", use: login)
        router.post("logout", use: logout)
        router.get("regions", use: regions)
        router.get("regions/:code", use: region)
        router.post("regions/:code/townships", use: addTownship)
        router.get("admin/users", use: users)
        router.post("admin/users", use: createUser)
        router.get("admin/audit", use: audit)
        router.get("static/app.css", use: stylesheet)
    }

    private func strings(_ context: AppContext) -> [String: String] { context.language.strings }

    private static func regionValues(_ region: Region) -> [String: Any] {
        ["code": region.code.rawValue, "name": region.name, "level": region.level.chineseName]
    }

    @Sendable func home(_ request: Request, context: AppContext) async throws -> Response {
        let db = services.database.sql
        return try pages.render("home", title: strings(context)["home"]!, values: [
            "regionCount": try await RegionStore(db).count(),
            "userCount": try await UserStore(db).count(),
        ], request: request, context: context)
    }

    @Sendable func loginPage(_ request: Request, context: AppContext) async throws -> Response {
        try pages.render("login", title: strings(context)["login"]!, values: [
            "next": Self.safeNext(request.uri.queryParameters["next"].map(String.init)),
        ], request: request, context: context)
    }

    /// Only local paths: an open redirect after login would help phishing.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\") else { return "/" }
        return next
    }

    @Sendable func login(_ request: Request, context: AppContext) async throws -> Response {
        var request = request
        let form = FormFields(String(buffer: try await request.collectBody(upTo: 64 * 1024)))
        let next = Self.safeNext(form["next"])
        let username = form.nonEmpty("username") ?? ""
        let user: UserRecord
        do {
            user = try await services.verifyLogin(username: username, password: form["password"] ?? "",
                                                  address: services.clientAddress(request, context))
        } catch let error as APIError where error.status == .unauthorized || error.status == .tooManyRequests {
            var response = try pages.render("login", title: strings(context)["login"]!, values: [
                "next": next, "username": username,
                "error": error.status == .unauthorized ? strings(context)["loginFailed"]! : error.message,
            ], request: request, context: context, status: error.status)
            response.headers.append(contentsOf: error.headers.filter { $0.name != .wwwAuthenticate })
            return response
        }
        let token = Secrets.randomToken()
        let hours = services.configuration.sessionHours
        let expiresAt = Timestamp.string(from: Date().addingTimeInterval(Double(hours) * 3600))
        try await UserStore(services.database.sql).createSession(tokenHash: Secrets.hash(token), userID: user.id, expiresAt: expiresAt)
        var response = Response.redirect(to: next, type: .found)
        response.setCookie(Cookies.make(Cookies.session, value: token, maxAge: hours * 3600,
                                        secure: services.configuration.secureCookies))
        return response
    }

    @Sendable func logout(_ request: Request, context: AppContext) async throws -> Response {
        if case .session(let rawToken) = context.authentication {
            try await UserStore(services.database.sql).deleteSession(tokenHash: Secrets.hash(rawToken))
        }
        var response = Response.redirect(to: "/", type: .found)
        response.setCookie(Cookies.make(Cookies.session, value: "", maxAge: 0, secure: services.configuration.secureCookies))
        return response
    }

    @Sendable func regions(_ request: Request, context: AppContext) async throws -> Response {
        let store = RegionStore(services.database.sql)
        let query = request.uri.queryParameters["q"].map(String.init)?.trimmingCharacters(in: .whitespaces) ?? ""
        let found = query.isEmpty ? try await store.provinces() : try await store.search(query, limit: 200)
        return try pages.render("regions", title: strings(context)["regions"]!, values: [
            "q": query, "searching": !query.isEmpty, "regions": found.map(Self.regionValues),
        ], request: request, context: context)
    }

    @Sendable func region(_ request: Request, context: AppContext) async throws -> Response {
        let code = try regionCode(context.parameters.get("code"), field: "code")
        return try await renderRegion(code, request: request, context: context)
    }

    private func renderRegion(_ code: RegionCode, request: Request, context: AppContext,
                              formError: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let store = RegionStore(services.database.sql)
        let region = try await store.existingRegion(code)
        let path = try await store.path(of: code)
        let mayAddTownship = region.level == .county && context.user.map {
            services.policy.decide(role: $0.role, scope: $0.scope, permission: .manageTownships, targetRegionPath: path).isAllowed
        } == true
        return try pages.render("region", title: region.name, values: [
            "region": Self.regionValues(region),
            "ancestors": try await store.ancestors(of: code).reversed().map(Self.regionValues),
            "children": try await store.children(of: code).map(Self.regionValues),
            "mayAddTownship": mayAddTownship,
        ], request: request, context: context, status: status, formError: formError)
    }

    @Sendable func addTownship(_ request: Request, context: AppContext) async throws -> Response {
        var request = request
        let county = try regionCode(context.parameters.get("code"), field: "code")
        try await services.authorize(.manageTownships, region: county, context: context)
        let form = FormFields(String(buffer: try await request.collectBody(upTo: 64 * 1024)))
        let actor = context.auditActor
        do {
            let code = try regionCode(form.nonEmpty("code"), field: "code")
            _ = try await services.database.transaction { db in
                try await RegionStore(db).addRegion(code: code, name: form["name"] ?? "", level: .township,
                                                    parent: county, validFrom: form.nonEmpty("validFrom"), actor: actor)
            }
        } catch let error as JunhengError {
            let apiError = APIError.from(error)
            return try await renderRegion(county, request: request, context: context,
                                          formError: apiError.message, status: apiError.status)
        }
        return Response.redirect(to: "/regions/\(county.rawValue)", type: .found)
    }

    @Sendable func users(_ request: Request, context: AppContext) async throws -> Response {
        try await renderUsers(request: request, context: context)
    }

    private func renderUsers(request: Request, context: AppContext, formError: String? = nil,
                             status: HTTPResponse.Status = .ok) async throws -> Response {
        let user = try await services.authorize(.manageUsers, region: context.user?.regionCode, context: context)
        let visible = try await services.visibleRegions(for: user)
        let list = try await UserStore(services.database.sql).list(regionCodes: visible)
        let grantable = Role.allCases.filter { $0.permissions.isSubset(of: user.role.permissions) }
        return try pages.render("users", title: strings(context)["users"]!, values: [
            "users": list.map { [
                "username": $0.username, "displayName": $0.displayName, "role": $0.role.chineseName,
                "region": $0.regionCode?.rawValue ?? strings(context)["wholeCountry"]!,
                "department": $0.departmentID.map(String.init) ?? "", "active": $0.active ? "启用" : "停用",
            ] },
            "roles": grantable.map { ["value": $0.rawValue, "name": $0.chineseName] },
            "defaultRegion": user.regionCode?.rawValue ?? "",
        ], request: request, context: context, status: status, formError: formError)
    }

    @Sendable func createUser(_ request: Request, context: AppContext) async throws -> Response {
        var request = request
        let form = FormFields(String(buffer: try await request.collectBody(upTo: 64 * 1024)))
        do {
            guard let role = form["role"].flatMap(Role.init(rawValue:)) else {
                throw JunhengError.invalid(field: "role", "请选择角色")
            }
            _ = try await services.createUser(
                username: form["username"] ?? "", displayName: form["displayName"] ?? "", password: form["password"] ?? "",
                role: role, regionCode: form.nonEmpty("regionCode"), departmentID: form.nonEmpty("departmentId").flatMap { Int64($0) },
                context: context)
        } catch let error as JunhengError {
            let apiError = APIError.from(error)
            return try await renderUsers(request: request, context: context, formError: apiError.message, status: apiError.status)
        }
        return Response.redirect(to: "/admin/users", type: .found)
    }

    @Sendable func audit(_ request: Request, context: AppContext) async throws -> Response {
        let user = try await services.authorize(.viewAudit, region: context.user?.regionCode, context: context)
        let visible = try await services.visibleRegions(for: user)
        let entries = try await AuditLog(services.database.sql).entries(regionCodes: visible?.map(\.rawValue), limit: 200)
        return try pages.render("audit", title: strings(context)["audit"]!, values: [
            "entries": entries.map { [
                "when": $0.occurredAt, "who": $0.username ?? "", "action": $0.action,
                "entity": "\($0.entity) \($0.entityID)", "before": $0.before ?? "", "after": $0.after ?? "",
            ] },
        ], request: request, context: context)
    }

    @Sendable func stylesheet(_ request: Request, context: AppContext) async throws -> Response {
        guard let url = Bundle.module.url(forResource: "Public/app", withExtension: "css"),
              let css = try? Data(contentsOf: url) else { throw APIError.notFound("app.css") }
        return Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=300"],
                        body: .init(byteBuffer: ByteBuffer(bytes: css)))
    }
}

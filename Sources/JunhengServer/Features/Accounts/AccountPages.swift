import Foundation
import Hummingbird
import JunhengApp
import JunhengCore
import Storage

/// The home page, signing in and out, user administration and the audit log.
struct AccountPages {
    let services: JunhengServices
    private var pages: PageRenderer { services.pages }
    private var accounts: AccountUseCases { services.app.accounts }

    func register(on router: Router<AppContext>) {
        router.get("/", use: home)
        router.get("login", use: loginPage)
        router.post("login", use: login)
        router.post("logout", use: logout)
        router.get("admin/users", use: users)
        router.post("admin/users", use: createUser)
        router.get("admin/audit", use: audit)
    }

    private func strings(_ context: AppContext) -> [String: String] { context.language.strings }

    @Sendable func home(_ request: Request, context: AppContext) async throws -> Response {
        try pages.render("Accounts/home", title: strings(context)["home"]!,
                         page: HomePage(regionCount: try await services.app.regions.count(), userCount: try await accounts.userCount()),
                         request: request, context: context)
    }

    @Sendable func loginPage(_ request: Request, context: AppContext) async throws -> Response {
        try pages.render("Accounts/login", title: strings(context)["login"]!,
                         page: LoginPage(next: Self.safeNext(request.uri.queryParameters["next"].map(String.init))),
                         request: request, context: context)
    }

    /// Only local paths: an open redirect after login would help phishing.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\") else { return "/" }
        return next
    }

    @Sendable func login(_ request: Request, context: AppContext) async throws -> Response {
        var request = request
        let form = try await FormFields.read(&request)
        let next = Self.safeNext(form["next"])
        let username = form.nonEmpty("username") ?? ""
        let user: UserRecord
        do {
            user = try await accounts.verifyLogin(username: username, password: form["password"] ?? "",
                                                  address: services.clientAddress(request, context))
        } catch let error as JunhengError {
            let apiError = APIError.from(error)
            guard apiError.status == .unauthorized || apiError.status == .tooManyRequests else { throw error }
            let page = LoginPage(next: next, username: username,
                                 error: apiError.status == .unauthorized ? strings(context)["loginFailed"]! : apiError.message)
            var response = try pages.render("Accounts/login", title: strings(context)["login"]!, page: page,
                                            request: request, context: context, status: apiError.status)
            response.headers.append(contentsOf: apiError.headers.filter { $0.name != .wwwAuthenticate })
            return response
        }
        let hours = services.configuration.sessionHours
        let token = try await accounts.startSession(for: user, hours: hours)
        var response = Response.redirect(to: next, type: .found)
        response.setCookie(Cookies.make(Cookies.session, value: token, maxAge: hours * 3600,
                                        secure: services.configuration.secureCookies))
        return response
    }

    @Sendable func logout(_ request: Request, context: AppContext) async throws -> Response {
        if case .session(let rawToken) = context.authentication {
            try await accounts.endSession(rawToken: rawToken)
        }
        var response = Response.redirect(to: "/", type: .found)
        response.setCookie(Cookies.make(Cookies.session, value: "", maxAge: 0, secure: services.configuration.secureCookies))
        return response
    }

    @Sendable func users(_ request: Request, context: AppContext) async throws -> Response {
        try await renderUsers(request: request, context: context)
    }

    private func renderUsers(request: Request, context: AppContext, formError: FormError? = nil) async throws -> Response {
        let list = try await accounts.users(actor: context.actor)
        let page = UsersPage(
            users: list.map { UsersPage.Row($0, wholeCountry: strings(context)["wholeCountry"]!) },
            roles: accounts.grantableRoles(actor: context.actor).map { UsersPage.RoleOption(value: $0.rawValue, name: $0.chineseName) },
            defaultRegion: context.user?.regionCode?.rawValue ?? "")
        return try pages.render("Accounts/users", title: strings(context)["users"]!, page: page,
                                request: request, context: context, formError: formError)
    }

    @Sendable func createUser(_ request: Request, context: AppContext) async throws -> Response {
        var request = request
        let form = try await FormFields.read(&request)
        let outcome = try await FormError.catching {
            guard let role = form["role"].flatMap(Role.init(rawValue:)) else {
                throw JunhengError.invalid(field: "role", "请选择角色")
            }
            return try await accounts.createUser(
                username: form["username"] ?? "", displayName: form["displayName"] ?? "", password: form["password"] ?? "",
                role: role, regionCode: form.nonEmpty("regionCode"), departmentID: form.nonEmpty("departmentId").flatMap { Int64($0) },
                actor: context.actor)
        }
        if case .failure(let error) = outcome { return try await renderUsers(request: request, context: context, formError: error) }
        return Response.redirect(to: "/admin/users", type: .found)
    }

    @Sendable func audit(_ request: Request, context: AppContext) async throws -> Response {
        let entries = try await accounts.auditEntries(limit: 200, actor: context.actor)
        return try pages.render("Accounts/audit", title: strings(context)["audit"]!, page: AuditPage(entries: entries.map(AuditPage.Entry.init)),
                                request: request, context: context)
    }
}

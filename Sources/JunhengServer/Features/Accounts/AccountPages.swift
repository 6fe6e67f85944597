import Foundation
import Hummingbird
import JunhengApp
import JunhengCore
import Storage

/// Signing in and out, user administration and the audit log.
struct AccountPages {
    let services: JunhengServices
    private var pages: PageRenderer { services.pages }
    private var accounts: AccountUseCases { services.app.accounts }

    func register(on router: Router<AppContext>) {
        router.get("login", use: loginPage)
        router.post("login", use: login)
        router.post("logout", use: logout)
        router.get("admin/users", use: users)
        router.post("admin/users", use: createUser)
        router.get("admin/users/:username", use: user)
        router.post("admin/users/:username", use: updateUser)
        router.post("admin/users/:username/active", use: setActive)
        router.post("admin/users/:username/password", use: resetPassword)
        router.get("admin/audit", use: audit)
        router.get("admin/audit/export", use: exportAudit)
    }

    private func strings(_ context: AppContext) -> [String: String] { context.language.strings }

    @Sendable func loginPage(_ request: Request, context: AppContext) async throws -> Response {
        try pages.render("Accounts/login", title: strings(context)["login"]!,
                         page: LoginPage(next: Self.safeNext(request.uri.queryParameters["next"].map(String.init))),
                         request: request, context: context)
    }

    /// Only paths on this site: an open redirect after login would help phishing (`TextSafety.safeRedirectPath`).
    static func safeNext(_ next: String?) -> String { TextSafety.safeRedirectPath(next) }

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
            users: list.map { UsersPage.Row($0, wholeCountry: strings(context)["wholeCountry"]!, language: context.language) },
            roles: accounts.grantableRoles(actor: context.actor).map { UsersPage.RoleOption(value: $0.rawValue, name: $0.name(in: context.language)) },
            defaultRegion: context.user?.regionCode?.rawValue ?? "")
        return try pages.render("Accounts/users", title: strings(context)["users"]!, page: page,
                                request: request, context: context, formError: formError)
    }

    @Sendable func createUser(_ request: Request, context: AppContext) async throws -> Response {
        var request = request
        let form = try await FormFields.read(&request)
        let outcome = try await FormError.catching {
            guard let role = form["role"].flatMap(Role.init(rawValue:)) else {
                throw JunhengError.invalid(field: "role", context.language.text("chooseRole"))
            }
            return try await accounts.createUser(
                username: form["username"] ?? "", displayName: form["displayName"] ?? "", password: form["password"] ?? "",
                role: role, regionCode: form.nonEmpty("regionCode"), departmentID: form.nonEmpty("departmentId").flatMap { Int64($0) },
                actor: context.actor)
        }
        if case .failure(let error) = outcome { return try await renderUsers(request: request, context: context, formError: error) }
        return Response.redirect(to: "/admin/users", type: .found)
    }

    // MARK: one user

    private func username(_ context: AppContext) throws -> String {
        let raw = try context.parameters.require("username")
        return raw.removingPercentEncoding ?? raw
    }

    @Sendable func user(_ request: Request, context: AppContext) async throws -> Response {
        try await renderUser(try username(context), request: request, context: context)
    }

    /// The user's page; after a failed form, with what was typed and the error.
    private func renderUser(_ username: String, request: Request, context: AppContext, typed: FormFields? = nil,
                            formError: FormError? = nil) async throws -> Response {
        let user = try await accounts.manageableUser(username: username, actor: context.actor)
        let page = UserEditPage(user, grantable: accounts.grantableRoles(actor: context.actor), language: context.language, typed: typed)
        return try pages.render("Accounts/user", title: "\(strings(context)["editUser"]!) · \(user.username)", page: page,
                                request: request, context: context, formError: formError)
    }

    /// Runs a user form's action. Unlike other forms, a refusal (a role or region beyond the
    /// admin's powers) is shown on the form, since the admin can correct it there.
    private func userForm(_ request: Request, context: AppContext,
                          _ action: (String, FormFields) async throws -> Void) async throws -> Response {
        _ = try context.requireUser()
        let name = try username(context)
        var request = request
        let form = try await FormFields.read(&request)
        do {
            let outcome = try await FormError.catching { try await action(name, form) }
            if case .failure(let error) = outcome {
                return try await renderUser(name, request: request, context: context, typed: form, formError: error)
            }
        } catch JunhengError.forbidden(let reason) {
            return try await renderUser(name, request: request, context: context, typed: form,
                                        formError: FormError(message: reason, details: [], status: .forbidden))
        }
        return Response.redirect(to: "/admin/users/" + AuditPage.encoded(name), type: .found)
    }

    @Sendable func updateUser(_ request: Request, context: AppContext) async throws -> Response {
        try await userForm(request, context: context) { name, form in
            guard let role = form["role"].flatMap(Role.init(rawValue:)) else { throw JunhengError.invalid(field: "role", context.language.text("chooseRole")) }
            let departmentText = form.nonEmpty("departmentId")
            let department = departmentText.flatMap { Int64($0) }
            if let departmentText, department == nil {
                throw JunhengError.invalid(field: "departmentId", context.language.format("notDepartmentID", departmentText))
            }
            _ = try await accounts.updateUser(username: name, displayName: form["displayName"] ?? "", role: role,
                                              regionCode: form.nonEmpty("regionCode"), departmentID: department, actor: context.actor)
        }
    }

    @Sendable func setActive(_ request: Request, context: AppContext) async throws -> Response {
        try await userForm(request, context: context) { name, form in
            switch form["active"] {
            case "true": _ = try await accounts.reactivate(username: name, actor: context.actor)
            case "false": _ = try await accounts.deactivate(username: name, actor: context.actor)
            default: throw JunhengError.invalid(field: "active", context.language.text("chooseActive"))
            }
        }
    }

    /// The admin types the new password; it is hashed and never shown again.
    @Sendable func resetPassword(_ request: Request, context: AppContext) async throws -> Response {
        try await userForm(request, context: context) { name, form in
            try await accounts.setPassword(username: name, password: form["password"] ?? "", actor: context.actor)
        }
    }

    // MARK: audit

    static func auditQuery(_ request: Request) -> AccountUseCases.AuditQuery {
        let parameters = request.uri.queryParameters
        func text(_ name: String) -> String? { parameters[Substring(name)].map(String.init) }
        return AccountUseCases.AuditQuery(user: text("user"), action: text("action"), entity: text("entity"),
                                          entityID: text("entityId"), from: text("from"), to: text("to"))
    }

    /// A page number or page size from the query: the default when absent, `invalid` when not a number.
    static func integer(_ request: Request, _ name: String, default value: Int, language: Language = .chinese) throws -> Int {
        guard let text = request.uri.queryParameters[Substring(name)].map(String.init), !text.isEmpty else { return value }
        guard let number = Int(text) else { throw JunhengError.invalid(field: name, language.format("notInteger", text)) }
        return number
    }

    @Sendable func audit(_ request: Request, context: AppContext) async throws -> Response {
        let query = Self.auditQuery(request)
        let outcome = try await FormError.catching {
            try await accounts.auditEntries(query, page: try Self.integer(request, "page", default: 1, language: context.language),
                                            limit: try Self.integer(request, "limit", default: 50, language: context.language), actor: context.actor)
        }
        var formError: FormError?
        if case .failure(let error) = outcome { formError = error }
        let page = AuditPage(try? outcome.get(), query: query, language: context.language)
        return try pages.render("Accounts/audit", title: strings(context)["audit"]!, page: page,
                                request: request, context: context, formError: formError)
    }

    /// `/admin/audit/export?format=csv|xlsx` with the page's filters: every matching entry.
    @Sendable func exportAudit(_ request: Request, context: AppContext) async throws -> Response {
        let format = try ExportFormat.parse(request.uri.queryParameters["format"].map(String.init))
        return try await accounts.exportAudit(Self.auditQuery(request), format: format, actor: context.actor).response
    }
}

import Foundation
import JunhengApp
import JunhengCore
import Storage

/// `Accounts/login`: the form, again with the name typed and why it failed.
struct LoginPage {
    let next: String
    var username = ""
    var error: String?
}

/// `Accounts/users`: the users in the administrator's scope and the form for a new one.
struct UsersPage {
    struct Row {
        let username: String
        let displayName: String
        let role: String
        let region: String
        let department: String
        let active: String

        /// The user's own page, with the forms to change them.
        let editLink: String

        init(_ user: UserRecord, wholeCountry: String, language: Language) {
            editLink = "/admin/users/" + AuditPage.encoded(user.username)
            username = user.username
            displayName = user.displayName
            role = user.role.name(in: language)
            region = user.regionCode?.rawValue ?? wholeCountry
            department = user.departmentID.map(String.init) ?? ""
            active = language.text(user.active ? "activeState" : "inactiveState")
        }
    }

    struct RoleOption {
        let value: String
        let name: String
    }

    let users: [Row]
    let roles: [RoleOption]
    let defaultRegion: String
}

/// `Accounts/user`: one user's forms — name, role, region and department; deactivate or
/// reactivate; a new password. A failed form shows again with what was typed (`typed`) and why.
struct UserEditPage {
    struct RoleOption {
        let value: String
        let name: String
        let selected: Bool
    }

    let username: String
    let path: String
    let displayName: String
    let roles: [RoleOption]
    let regionCode: String
    let departmentId: String
    let active: Bool

    /// The form values: the stored user's, or what was typed into a form that failed.
    init(_ user: UserRecord, grantable: [Role], language: Language, typed: FormFields? = nil) {
        username = user.username
        path = "/admin/users/" + AuditPage.encoded(user.username)
        displayName = typed?["displayName"] ?? user.displayName
        let role = typed?["role"] ?? user.role.rawValue
        // The user's current role stays selectable even when the admin could not grant it anew.
        let choices = grantable.contains(user.role) ? grantable : [user.role] + grantable
        roles = choices.map { RoleOption(value: $0.rawValue, name: $0.name(in: language), selected: $0.rawValue == role) }
        regionCode = typed?["regionCode"] ?? user.regionCode?.rawValue ?? ""
        departmentId = typed?["departmentId"] ?? user.departmentID.map(String.init) ?? ""
        active = user.active
    }
}

/// `Accounts/audit`: one page of the changes in the viewer's regions matching the filter form,
/// newest first, each with its changed fields as "名称：A → B" and its time in China Standard Time.
struct AuditPage {
    struct Entry {
        let when: String
        let who: String
        let action: String
        let entity: String
        /// The changed fields, one line each.
        let changes: [String]

        init(_ entry: AuditEntry, language: Language) {
            when = ChinaTime.format(entry.occurredAt)
            who = entry.username ?? ""
            action = entry.action
            entity = "\(entry.entity) \(entry.entityID)"
            changes = AuditFieldDiff.changes(before: entry.before, after: entry.after)
                .map { language == .chinese ? $0.chineseDescription : $0.englishDescription }
        }
    }

    let entries: [Entry]
    /// The filters as typed, kept in the form.
    let user: String
    let action: String
    let entity: String
    let from: String
    let to: String
    /// "第 1–50 条，共 230 条"; empty when nothing matches.
    let range: String
    /// Links to the neighbouring pages (with the same filters), when there are any.
    let previous: String?
    let next: String?
    /// The filters as a query string, for the export links.
    let exportQuery: String

    init(_ result: AccountUseCases.AuditPage?, query: AccountUseCases.AuditQuery, language: Language) {
        entries = result?.entries.map { Entry($0, language: language) } ?? []
        user = query.user ?? ""
        action = query.action ?? ""
        entity = query.entity ?? ""
        from = query.from ?? ""
        to = query.to ?? ""
        let filters = [("user", query.user), ("action", query.action), ("entity", query.entity), ("from", query.from), ("to", query.to)]
            .compactMap { name, value in value.map { "\(name)=\(Self.encoded($0))" } }
        exportQuery = filters.joined(separator: "&")
        guard let result, result.total > 0, !result.entries.isEmpty else {
            range = ""
            previous = nil
            next = nil
            return
        }
        range = language.format("rowRange", result.offset + 1, result.offset + result.entries.count, result.total)
        func link(_ page: Int) -> String {
            "/admin/audit?" + (filters + ["page=\(page)", "limit=\(result.limit)"]).joined(separator: "&")
        }
        previous = result.hasPrevious ? link(result.page - 1) : nil
        next = result.hasNext ? link(result.page + 1) : nil
    }

    static func encoded(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? value
    }
}

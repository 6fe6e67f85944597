import JunhengCore
import Storage

/// `Accounts/home`: what is loaded, for a first look.
struct HomePage {
    let regionCount: Int
    let userCount: Int
}

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

        init(_ user: UserRecord, wholeCountry: String) {
            username = user.username
            displayName = user.displayName
            role = user.role.chineseName
            region = user.regionCode?.rawValue ?? wholeCountry
            department = user.departmentID.map(String.init) ?? ""
            active = user.active ? "启用" : "停用"
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

/// `Accounts/audit`: the newest changes in the viewer's regions.
struct AuditPage {
    struct Entry {
        let when: String
        let who: String
        let action: String
        let entity: String
        let before: String
        let after: String

        init(_ entry: AuditEntry) {
            when = entry.occurredAt
            who = entry.username ?? ""
            action = entry.action
            entity = "\(entry.entity) \(entry.entityID)"
            before = entry.before ?? ""
            after = entry.after ?? ""
        }
    }

    let entries: [Entry]
}

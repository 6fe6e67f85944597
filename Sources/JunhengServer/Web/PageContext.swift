import JunhengCore
import Mustache
import Storage

/// What the layout shows around every page: UI strings (`{{t.key}}`), the language and the link
/// to the other one, the title, the signed-in user's menu, the CSRF token for forms, and the
/// error of a form that failed.
struct PageChrome {
    struct SignedIn {
        let username: String
        let displayName: String
        let roleName: String
        let isAdmin: Bool
        let canViewAudit: Bool
        let canManageUsers: Bool
        /// The menu offers only what the role may open.
        let canSubmitData: Bool
        let canSeeSubmissions: Bool
        let canManageCatalogue: Bool
        let canHandleFeedback: Bool
    }

    let t: [String: String]
    let punctuation: Punctuation
    let lang: String
    let otherLanguage: String
    let title: String
    let currentPath: String
    let csrf: String
    let user: SignedIn?
    let formError: String?

    init(language: Language, title: String, currentPath: String, csrf: String, user: UserRecord?, formError: String?) {
        t = language.strings
        punctuation = language.punctuation
        lang = language.htmlCode
        otherLanguage = language == .chinese ? "en" : "zh"
        self.title = title
        self.currentPath = currentPath
        self.csrf = csrf
        self.user = user.map { user in
            SignedIn(username: user.username, displayName: user.displayName,
                     roleName: user.role.name(in: language),
                     isAdmin: user.role == .admin, canViewAudit: user.role.permissions.contains(.viewAudit),
                     canManageUsers: user.role.permissions.contains(.manageUsers),
                     canSubmitData: user.role.permissions.contains(.submitData),
                     canSeeSubmissions: !user.role.permissions.isDisjoint(with: [.submitData, .reviewData]),
                     canManageCatalogue: !user.role.permissions.isDisjoint(with: [.editCatalogue, .publishCatalogue]),
                     canHandleFeedback: user.role.permissions.contains(.handleFeedback))
        }
        self.formError = formError
    }
}

/// The object a template renders: a name is looked up in the page's own view model first, then in
/// the chrome, so templates write `{{name}}` for both.
struct PageContext<Content>: MustacheParent {
    let content: Content
    let chrome: PageChrome

    func child(named name: String) -> Any? {
        Self.value(named: name, in: content) ?? chrome.child(named: name)
    }

    /// A stored property's value by name, with an absent optional read as missing (so that a
    /// `{{#section}}` over nil renders nothing). A view model with a typed lookup answers itself.
    private static func value(named name: String, in object: Any) -> Any? {
        if let parent = object as? MustacheParent { return parent.child(named: name) }
        guard let value = Mirror(reflecting: object).children.first(where: { $0.label == name })?.value else { return nil }
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return value }
        return mirror.children.first?.value
    }
}

// Every page renders the chrome, so it answers by a switch rather than through `Mirror`.
extension PageChrome: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "t": t
        case "punctuation": punctuation
        case "lang": lang
        case "otherLanguage": otherLanguage
        case "title": title
        case "currentPath": currentPath
        case "csrf": csrf
        case "user": user
        case "formError": formError
        default: nil
        }
    }
}

extension PageChrome.SignedIn: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "username": username
        case "displayName": displayName
        case "roleName": roleName
        case "isAdmin": isAdmin
        case "canViewAudit": canViewAudit
        case "canManageUsers": canManageUsers
        case "canSubmitData": canSubmitData
        case "canSeeSubmissions": canSeeSubmissions
        case "canManageCatalogue": canManageCatalogue
        case "canHandleFeedback": canHandleFeedback
        default: nil
        }
    }
}

extension Punctuation: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "colon": colon
        case "open": open
        case "close": close
        case "listSeparator": listSeparator
        case "spacer": spacer
        default: nil
        }
    }
}

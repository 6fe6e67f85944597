import Hummingbird

enum Cookies {
    static let session = "jh_session"
    /// Set before login so that the login form's CSRF token has something to bind to.
    static let preSession = "jh_pre"
    static let language = "jh_lang"

    static func make(_ name: String, value: String, maxAge: Int?, secure: Bool, httpOnly: Bool = true) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: "/", secure: secure, httpOnly: httpOnly, sameSite: .lax)
    }
}

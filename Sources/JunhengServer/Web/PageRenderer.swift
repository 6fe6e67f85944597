import Foundation
import HTTPTypes
import Hummingbird
import JunhengApp
import JunhengCore
import Mustache

/// Renders the Mustache templates shipped in the bundle. Every page gets the layout's common
/// values: UI strings, language, the signed-in user and a CSRF token for its forms.
public struct PageRenderer: Sendable {
    let library: MustacheLibrary
    let csrf: CSRFProtection
    /// Public pages made once (`publicPage`), shared with the regions API.
    let cache: PublicCache

    /// The stylesheet and other static files, served under `/static/`.
    static var publicDirectory: String {
        Bundle.module.url(forResource: "Public", withExtension: nil)?.path ?? "Public"
    }

    static func loadLibrary() async throws -> MustacheLibrary {
        guard let directory = Bundle.module.url(forResource: "Templates", withExtension: nil) else {
            throw JunhengError.notFound("页面模板目录 Templates")
        }
        return try await MustacheLibrary(directory: directory.path)
    }

    /// Renders `template` with a page's typed view model and the layout's chrome. `formError`,
    /// when given, is shown above the page's form and sets the status.
    func render<Content>(_ template: String, title: String, page content: Content, request: Request,
                         context: AppContext, status: HTTPResponse.Status = .ok, formError: FormError? = nil) throws -> Response {
        let html = try self.html(template, title: title, page: content, request: request, context: context,
                                 csrf: csrfToken(request: request, context: context), formError: formError)
        var headers: HTTPFields = [.contentType: Self.htmlType]
        headers[.requestID] = context.id
        return Response(status: formError?.status ?? status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// A page that reads the same for everyone not signed in (a published catalogue or report):
    /// made by `page` (its title and view model) once per language and `variant` (what else in
    /// the request changes the bytes, such as a search), then answered from the public cache with
    /// its ETag and gzip. A signed-in reader's page carries their menu and a CSRF token, so it is
    /// rendered for them alone and never cached.
    func publicPage<Content>(_ template: String, request: Request, context: AppContext, variant: String = "",
                             page: () async throws -> (title: String, content: Content)) async throws -> Response {
        guard context.user == nil else {
            let (title, content) = try await page()
            return try render(template, title: title, page: content, request: request, context: context)
        }
        let key = PublicCache.Key(path: request.uri.path, variant: context.language.rawValue + "|" + variant)
        let body = try await cache.body(for: key) {
            let (title, content) = try await page()
            // No CSRF token: the anonymous chrome has no form, and a token is bound to one visitor.
            let html = try self.html(template, title: title, page: content, request: request, context: context, csrf: "", formError: nil)
            return CachedBody.Source(bytes: ByteBuffer(string: html), contentType: Self.htmlType, cacheControl: Self.publicCacheControl)
        }
        return body.response(to: request, context: context)
    }

    static let htmlType = "text/html; charset=utf-8"
    /// The browser keeps a public page but asks again each time (a 304 when nothing changed), and
    /// no shared cache keeps it: the language comes from a cookie, and the answer may set one.
    static let publicCacheControl = "private, no-cache"

    private func html<Content>(_ template: String, title: String, page content: Content, request: Request, context: AppContext,
                               csrf: String, formError: FormError?) throws -> String {
        let chrome = PageChrome(language: context.language, title: title, currentPath: request.uri.path,
                                csrf: csrf, user: context.user, formError: formError?.message)
        guard let html = library.render(PageContext(content: content, chrome: chrome), withTemplate: template) else {
            throw JunhengError.notFound("页面模板 \(template)")
        }
        return html
    }

    /// The token forms on this page must send back: bound to the session when signed in,
    /// otherwise to the pre-session cookie (made now for a visitor who has none).
    func csrfToken(request: Request, context: AppContext) -> String {
        switch context.authentication {
        case .session(let rawToken):
            return csrf.token(boundTo: rawToken)
        case .anonymous, .bearer:
            let binding = request.cookies[Cookies.preSession]?.value ?? context.preSession?.value() ?? ""
            return binding.isEmpty ? "" : csrf.token(boundTo: binding)
        }
    }
}

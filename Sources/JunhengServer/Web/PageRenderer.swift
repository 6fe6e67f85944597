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
        let chrome = PageChrome(language: context.language, title: title, currentPath: request.uri.path,
                                csrf: csrfToken(request: request, context: context), user: context.user,
                                formError: formError?.message)
        let status = formError?.status ?? status
        guard let html = library.render(PageContext(content: content, chrome: chrome), withTemplate: template) else {
            throw JunhengError.notFound("页面模板 \(template)")
        }
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8"]
        headers[.requestID] = context.id
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// The token forms on this page must send back: bound to the session when signed in,
    /// otherwise to the pre-session cookie that `PreSessionMiddleware` set.
    func csrfToken(request: Request, context: AppContext) -> String {
        switch context.authentication {
        case .session(let rawToken):
            return csrf.token(boundTo: rawToken)
        case .anonymous, .bearer:
            let binding = request.cookies[Cookies.preSession]?.value ?? context.preSessionValue ?? ""
            return binding.isEmpty ? "" : csrf.token(boundTo: binding)
        }
    }
}

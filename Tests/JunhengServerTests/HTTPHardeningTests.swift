import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JunhengApp
import JunhengCore
@testable import JunhengServer
import JunhengTestSupport
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Storage
import Testing

/// Issue 16, items 2, 4 and 10: bodies are limited before they are read, connections cannot be
/// held by trickling or by numbers, a stop is bounded, and every answer carries the security
/// headers, in-process; the tests that need a real loopback server and the clock are in
/// `LiveConnectionTests`.
@Suite struct HTTPHardeningTests {
    // MARK: bodies (item 2)

    @Test(arguments: TestEngine.all)
    func anOverLimitBodyIs413InTheErrorShapeOrPage(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            let big = String(repeating: "x", count: (1 << 20) + 1)
            let api = try await client.json(.post, "/api/v1/regions", token: fixture.plannerToken,
                                            body: #"{"code":"130522100","name":""# + big + #""}"#)
            #expect(api.status == .contentTooLarge)
            #expect(api.errorCode == "payload_too_large")

            // (A declared Content-Length past the limit is refused from the head: see
            // aDeclaredOverLimitBodyIsRefusedFromItsHeaders, on a real server.)

            // A page's form past the limit: the error page, 413, not 500.
            let session = try await client.browserLogin(username: "linchen", password: TestServer.password)
            var headers = session.headers
            headers[.contentType] = "application/x-www-form-urlencoded"
            let form = try await client.execute(uri: "/regions/130522/townships", method: .post, headers: headers,
                                                body: ByteBuffer(string: "_csrf=x&name=" + big))
            #expect(form.status == .contentTooLarge)
            #expect(form.headers[.contentType]?.hasPrefix("text/html") == true)
        }
    }

    @Test(arguments: TestEngine.all)
    func uploadRoutesTakeMoreOnlyFromSignedInCallers(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            let twoMB = String(repeating: "a,b\n", count: (2 << 20) / 4)
            // Past the 1 MB default, within the upload limit: read and judged on its content — on
            // every route that takes a file (a province's facility register passes 1 MB easily).
            for route in ["/api/v1/observations/upload", "/api/v1/facilities", "/api/v1/population-points",
                          "/api/v1/surveys/1/responses", "/api/v1/surveys/1/margins", "/api/v1/catalogues/import"] {
                let upload = try await client.execute(uri: "\(route)?filename=x.csv", method: .post,
                                                      headers: [.authorization: "Bearer \(fixture.plannerToken)", .accept: "application/json"],
                                                      body: ByteBuffer(string: twoMB))
                #expect(upload.status != .contentTooLarge && upload.status.code < 500, "\(route): \(upload.status)")
            }
            // The same on a route that is not an upload: 413.
            let other = try await client.json(.post, "/api/v1/regions", token: fixture.plannerToken, body: twoMB)
            #expect(other.status == .contentTooLarge)
            // Nobody signed in: 401 before the body is read.
            let anonymous = try await client.execute(uri: "/api/v1/observations/upload?filename=x.csv", method: .post,
                                                     headers: [.accept: "application/json"], body: ByteBuffer(string: twoMB))
            #expect(anonymous.status == .unauthorized)
        }
    }

    @Test(arguments: TestEngine.all)
    func anonymousWritesAreRefusedBeforeTheirBody(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, _ in
            let json = try await client.json(.post, "/api/v1/regions", body: "not even json")
            #expect(json.status == .unauthorized) // not 400: the body was never parsed
            let form = try await client.execute(uri: "/regions/130522/townships", method: .post,
                                                headers: [.contentType: "application/x-www-form-urlencoded", .accept: "text/html"],
                                                body: ByteBuffer(string: "code=130522100&name=x"))
            #expect(form.status == .forbidden)
            // The login form itself is open, and an unknown path is still 404.
            let (login, _) = try await client.postLoginForm(username: "linchen", password: TestServer.password)
            #expect(login.status == .found)
            #expect(try await client.json(.post, "/api/v1/no-such-thing", body: "{}").status == .notFound)
        }
    }

    @Test(arguments: TestEngine.all)
    func aMultipartFormWithoutItsTokenBeforeTheFileIsRefused(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            let planner = try await client.browserLogin(username: "planner", password: TestServer.password)
            let token = try #require(try await client.execute(uri: "/plans", method: .get, headers: planner.headers).bodyText.csrfToken)
            let boundary = "----hardening"
            func post(_ parts: [(name: String, filename: String?, value: String)]) async throws -> TestResponse {
                var body = ""
                for part in parts {
                    body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(part.name)\""
                        + (part.filename.map { "; filename=\"\($0)\"" } ?? "") + "\r\n\r\n\(part.value)\r\n"
                }
                body += "--\(boundary)--\r\n"
                var headers = planner.headers
                headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
                return try await client.execute(uri: "/plans", method: .post, headers: headers, body: ByteBuffer(string: body))
            }
            let plan = try Seeds.text("xingtai-city-13th")
            // The file before the token: refused when the file begins.
            #expect(try await post([("file", "p.txt", plan), ("_csrf", nil, token)]).status == .forbidden)
            #expect(try await post([("file", "p.txt", plan)]).status == .forbidden)
            #expect(try await PlanStore(fixture.database.sql).plans().isEmpty)
            #expect(try await post([("_csrf", nil, token), ("file", "p.txt", plan)]).status == .found)
        }
    }

    /// scripts/fuzz-api.sh found these: a non-ASCII byte where a part's header name belongs
    /// indexed past MultipartKit's table and trapped the whole server, as did an empty boundary.
    /// Both are now a 400 for the one request.
    @Test func aNonASCIIPartHeaderNameOrAnEmptyBoundaryIsASyntaxErrorNotACrash() throws {
        #expect(MultipartParser(boundary: "") == nil)
        let parser = try #require(MultipartParser(boundary: "b"))
        var body = ByteBuffer(string: "--b\r\nB")
        body.writeBytes([0xF1, 0x88, 0xB5, 0x8F])
        body.writeString("?: x\r\n\r\nv\r\n--b--\r\n")
        #expect(throws: (any Error).self) { try parser.execute(body) }
    }

    @Test(arguments: TestEngine.all)
    func malformedMultipartUploadsAre400(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            var fuzzed = ByteBuffer(string: "--c5025b\r\nB")
            fuzzed.writeBytes([0xF1, 0x88, 0xB5, 0x8F, 0x3F, 0xF3, 0xA8, 0x92, 0xB7, 0x21, 0xC2, 0x96])
            fuzzed.writeString("--c5025b--\r\n")
            for (contentType, body) in [("multipart/form-data; boundary=c5025b", fuzzed),
                                        ("multipart/form-data; boundary=", ByteBuffer(string: "--\r\n")),
                                        (#"multipart/form-data; boundary="""#, ByteBuffer(string: "--\r\n"))] {
                let response = try await client.execute(
                    uri: "/api/v1/observations/upload", method: .post,
                    headers: [.authorization: "Bearer \(fixture.adminToken)", .contentType: contentType, .accept: "application/json"],
                    body: body)
                #expect(response.status == .badRequest, "\(contentType): \(response.bodyText)")
                #expect(response.errorCode == "bad_request", "\(contentType)")
            }
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
        }
    }

    /// scripts/fuzz-api.sh found this: an indicator with a lead department that does not exist
    /// broke the foreign key and answered 500; it is a 422 naming `departmentId`, as on PATCH.
    @Test(arguments: TestEngine.all)
    func anIndicatorWithAnUnknownDepartmentIs422(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            let response = try await client.json(.post, "/api/v1/indicators", token: fixture.adminToken,
                                                 body: #"{"code":"FUZZ-1","name":"x","unit":"个","departmentId":-28152}"#)
            #expect(response.status == .unprocessableContent, "\(response.bodyText)")
            #expect(response.bodyText.contains("departmentId"))
        }
    }

    // MARK: headers and methods (item 10)

    @Test(arguments: TestEngine.all)
    func everyAnswerCarriesTheSecurityHeaders(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            let session = try await client.browserLogin(username: "linchen", password: TestServer.password)
            let answers: [(String, TestResponse)] = [
                ("login page", try await client.execute(uri: "/login", method: .get, headers: [.accept: "text/html"])),
                ("signed-in page", try await client.execute(uri: "/", method: .get, headers: session.headers)),
                ("API with a token", try await client.json(.get, "/api/v1/regions/130500", token: fixture.plannerToken)),
                ("API error", try await client.json(.get, "/api/v1/users", token: fixture.linchenToken)),
                ("404 page", try await client.execute(uri: "/no-such-page", method: .get, headers: [.accept: "text/html"])),
                ("healthz", try await client.execute(uri: "/healthz", method: .get)),
                ("405", try await client.execute(uri: "/", method: .trace)),
            ]
            for (what, response) in answers {
                let csp = response.headers[.contentSecurityPolicy] ?? ""
                #expect(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'")
                        && csp.contains("object-src 'none'"), "\(what): \(csp)")
                #expect(response.headers[.xContentTypeOptions] == "nosniff", "\(what)")
                #expect(response.headers[HTTPField.Name("X-Frame-Options")!] == "DENY", "\(what)")
                #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "same-origin", "\(what)")
                #expect(response.headers[.cacheControl] == "no-store", "\(what)")
            }
            // Static files stay cacheable.
            let css = try await client.execute(uri: "/static/app.css", method: .get)
            #expect(css.status == .ok)
            #expect(css.headers[.cacheControl]?.contains("max-age") == true)
            #expect(css.headers[.xContentTypeOptions] == "nosniff")
        }
    }

    @Test(arguments: TestEngine.all)
    func traceAndUnknownMethodsAre405ListingOnlyThePathsOwnMethods(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            // `Allow` lists what the path has (schemathesis's allow_header_conformance), not every
            // method the server knows; a path nobody serves allows none.
            for method in [HTTPRequest.Method.trace, .options, .connect, HTTPRequest.Method("PROPFIND")!, HTTPRequest.Method("FOO")!] {
                for (path, allow) in [("/", "GET, HEAD"), ("/api/v1/regions", "GET, HEAD, POST"),
                                      ("/api/v1/indicators/1", "GET, HEAD, PATCH"), ("/static/app.css", "GET, HEAD"),
                                      ("/no-such-path", "")] {
                    let response = try await client.execute(uri: path, method: method,
                                                            headers: [.authorization: "Bearer \(fixture.adminToken)", .accept: "application/json"])
                    #expect(response.status == .methodNotAllowed, "\(method) \(path)")
                    #expect(response.headers[.allow] == allow, "\(method) \(path)")
                    #expect(response.errorCode == "method_not_allowed")
                }
            }
            #expect(try await client.execute(uri: "/login", method: .trace, headers: [.accept: "text/html"]).status == .methodNotAllowed)
            // A method the path does not have is 405 too, with the path's own methods (found by
            // schemathesis's unsupported_method check); a path nobody serves stays 404.
            let headers: HTTPFields = [.authorization: "Bearer \(fixture.adminToken)", .accept: "application/json"]
            for (method, path, allow) in [(HTTPRequest.Method.put, "/api/v1/regions", "GET, HEAD, POST"),
                                          (.delete, "/api/v1/tasks/ledger.xlsx", "GET, HEAD"),
                                          (.put, "/api/v1/regions/130500", "GET, HEAD"),
                                          (.post, "/healthz", "GET, HEAD"),
                                          (.delete, "/", "GET, HEAD")] {
                let response = try await client.execute(uri: path, method: method, headers: headers)
                #expect(response.status == .methodNotAllowed, "\(method) \(path)")
                #expect(response.headers[.allow] == allow, "\(method) \(path)")
            }
            #expect(try await client.execute(uri: "/no-such-path", method: .put, headers: headers).status == .notFound)
            #expect(try await client.execute(uri: "/api/v1/tasks/999999", method: .patch, headers: headers).status != .methodNotAllowed)
            #expect(try await client.execute(uri: "/healthz", method: .head).status == .ok)
        }
    }

    /// The policy says `script-src 'self'` and allows inline styles only: nothing in a template may
    /// need more (an inline script, an event-handler attribute, a `javascript:` link).
    @Test func theTemplatesNeedNothingTheContentSecurityPolicyForbids() throws {
        let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Sources/JunhengServer/Templates").standardized
        let files = try #require(FileManager.default.enumerator(atPath: templates.path)).compactMap { $0 as? String }
            .filter { $0.hasSuffix(".mustache") }
        #expect(files.count > 20)
        let inlineScript = try Regex(#"<script(?![^>]*\bsrc=)[^>]*>"#).ignoresCase()
        let handler = try Regex(#"\son[a-z]+\s*="#).ignoresCase()
        for file in files {
            let text = try String(contentsOf: templates.appendingPathComponent(file), encoding: .utf8)
            #expect(text.firstMatch(of: inlineScript) == nil, "\(file) has an inline <script>")
            #expect(text.firstMatch(of: handler) == nil, "\(file) has an on…= handler")
            #expect(!text.lowercased().contains("javascript:"), "\(file) has a javascript: URL")
            #expect(!text.contains("<iframe") && !text.contains("<object"), "\(file)")
        }
        #expect(!SecurityHeadersMiddleware.contentSecurityPolicy.contains("unsafe-eval"))
    }

}

/// A plain TCP connection that records what comes back and whether the server closed it.
final class RawConnection: Sendable {
    let channel: any Channel
    private let collector: Collector

    static func open(port: Int, host: String = "localhost") async throws -> RawConnection {
        let collector = Collector()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in channel.pipeline.addHandler(collector) }
            .connect(host: host, port: port).get()
        return RawConnection(channel: channel, collector: collector)
    }

    private init(channel: any Channel, collector: Collector) {
        self.channel = channel
        self.collector = collector
    }

    var isOpen: Bool { channel.isActive }
    var received: String { collector.text }

    func send(_ text: String) async throws {
        try await channel.writeAndFlush(ByteBuffer(string: text)).get()
    }

    /// Writes up to `bytes` in 64 KB pieces until the connection refuses them; how many it took.
    func sendUntilRefused(bytes: Int) async -> Int {
        let piece = ByteBuffer(repeating: UInt8(ascii: "a"), count: 64 * 1024)
        var sent = 0
        while sent < bytes, channel.isActive {
            do { try await channel.writeAndFlush(piece).get() } catch { break }
            sent += piece.readableBytes
        }
        return sent
    }

    func waitUntilClosed(within limit: Duration) async -> Bool {
        let end = ContinuousClock.now + limit
        while channel.isActive, ContinuousClock.now < end {
            try? await Task.sleep(for: .milliseconds(20))
        }
        return !channel.isActive
    }

    final class Collector: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        private let buffer = NIOLockedValueBox(ByteBuffer())

        var text: String { buffer.withLockedValue { String(buffer: $0) } }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var incoming = unwrapInboundIn(data)
            buffer.withLockedValue { $0.writeBuffer(&incoming) }
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            context.close(promise: nil)
        }
    }
}

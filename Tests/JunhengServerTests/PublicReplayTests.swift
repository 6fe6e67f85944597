import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JunhengCore
@testable import JunhengServer
import JunhengTestSupport
import NIOCore
import Testing

/// Answers the router made for anonymous readers are written again by `PublicReplayHandler`
/// without the router (issue 17): these prove, over a real socket, that a replay is the router's
/// answer byte for byte, that a write ends every replay at once, that anything with credentials,
/// conditions or another language goes to the router, and that pipelined answers keep their order.
/// Serialized: the replay count on `/metrics` is the process's. On a real socket, so `make test`
/// runs them with the other live suites, after the parallel one (whose load can stall a server
/// past the test client's read timeout).
@Suite(.serialized) struct PublicReplayTests {
    static let anonymous: HTTPFields = [.accept: "text/html"]
    /// Long enough that only a write can end a replay while a test runs.
    static let settled = PublicCacheSettings(capacity: 8 << 20, maxAge: .seconds(3600))

    /// `junheng_public_cache_requests_total{result="replay"}` on `/metrics`.
    static func replays(_ client: any TestClientProtocol) async throws -> Int {
        let text = try await client.execute(uri: "/metrics", method: .get, headers: [:]).bodyText
        let line = text.split(separator: "\n").first { $0.hasPrefix("junheng_public_cache_requests_total{result=\"replay\"}") }
        return line.flatMap { $0.split(separator: " ").last }.flatMap { Int($0) } ?? 0
    }

    static func withServer(_ body: @escaping @Sendable (any TestClientProtocol, Fixture) async throws -> Void) async throws {
        try await TestServer.with(.sqlite, testing: .live, publicCache: settled, body)
    }

    @Test func anAnonymousPageAskedAgainIsReplayedWithTheRoutersBytesAndHeaders() async throws {
        try await Self.withServer { client, fixture in
            _ = try await PublicCacheTests.publishCityCatalogue(client, fixture)
            let before = try await Self.replays(client)
            let routed = try await client.execute(uri: "/catalogue/130500", method: .get, headers: Self.anonymous)
            let replayed = try await client.execute(uri: "/catalogue/130500", method: .get, headers: Self.anonymous)
            #expect(try await Self.replays(client) == before + 1)

            #expect(routed.status == .ok && replayed.status == .ok)
            #expect(replayed.bodyText.contains("小学每生每年1000元"))
            #expect(replayed.body == routed.body)
            // Every header the router wrote, but its own request id and today's date.
            let varying: Set<HTTPField.Name> = [.requestID, .date]
            #expect(replayed.headers.filter { !varying.contains($0.name) } == routed.headers.filter { !varying.contains($0.name) })
            #expect(replayed.headers[.requestID] != nil && replayed.headers[.requestID] != routed.headers[.requestID])
            #expect(replayed.headers[.date] != nil)
            #expect(routed.headers[ReplayStamp.headerName] == nil && replayed.headers[ReplayStamp.headerName] == nil)

            // gzip is a key of its own: the compressed bytes to a client that takes them.
            var gzip = Self.anonymous
            gzip[.acceptEncoding] = "gzip"
            let zipped = try await client.execute(uri: "/catalogue/130500", method: .get, headers: gzip)
            let zippedAgain = try await client.execute(uri: "/catalogue/130500", method: .get, headers: gzip)
            #expect(zipped.headers[.contentEncoding] == "gzip" && zippedAgain.headers[.contentEncoding] == "gzip")
            #expect(zippedAgain.body == zipped.body)
            #expect(try await Self.replays(client) == before + 2)

            // A static file is replayed too.
            _ = try await client.execute(uri: "/static/app.css", method: .get, headers: [:])
            let css = try await client.execute(uri: "/static/app.css", method: .get, headers: [:])
            #expect(css.status == .ok && css.headers[.contentType] == "text/css; charset=utf-8")
            #expect(try await Self.replays(client) == before + 3)
        }
    }

    @Test func aWriteEndsEveryReplayAtOnce() async throws {
        try await Self.withServer { client, fixture in
            _ = try await PublicCacheTests.publishCityCatalogue(client, fixture)
            _ = try await client.execute(uri: "/api/v1/regions?parent=130522", method: .get, headers: [:])
            let list = try await client.execute(uri: "/api/v1/regions?parent=130522", method: .get, headers: [:])
            #expect(list.status == .ok && !list.bodyText.contains("新试验镇"))
            let before = try await Self.replays(client)

            let added = try await client.json(.post, "/api/v1/regions", token: fixture.adminToken,
                                              body: #"{"code":"130522199","name":"新试验镇","parentCode":"130522"}"#)
            #expect(added.status == .created)
            let after = try await client.execute(uri: "/api/v1/regions?parent=130522", method: .get, headers: [:])
            #expect(after.bodyText.contains("新试验镇"))
            #expect(try await Self.replays(client) == before, "the old list was replayed after the write")
        }
    }

    @Test func credentialsConditionsAndAnotherLanguageReachTheRouter() async throws {
        try await Self.withServer { client, fixture in
            _ = try await PublicCacheTests.publishCityCatalogue(client, fixture)
            let page = try await client.execute(uri: "/catalogue/130500", method: .get, headers: Self.anonymous)
            _ = try await client.execute(uri: "/catalogue/130500", method: .get, headers: Self.anonymous)
            let before = try await Self.replays(client)

            // A signed-in reader gets their own page, never the anonymous one.
            var signedIn = Self.anonymous
            signedIn[.authorization] = "Bearer \(fixture.plannerToken)"
            let own = try await client.execute(uri: "/catalogue/130500", method: .get, headers: signedIn)
            #expect(own.status == .ok && own.headers[.eTag] == nil && own.headers[.cacheControl] == "no-store")
            // A revoked or made-up token is refused (a page sends the reader to log in), not
            // answered as anonymous.
            signedIn[.authorization] = "Bearer jh_made_up"
            let refused = try await client.execute(uri: "/catalogue/130500", method: .get, headers: signedIn)
            #expect(refused.status == .found && refused.headers[.location]?.hasPrefix("/login") == true)

            // A conditional request is answered 304 by the router.
            var conditional = Self.anonymous
            conditional[.ifNoneMatch] = try #require(page.headers[.eTag])
            #expect(try await client.execute(uri: "/catalogue/130500", method: .get, headers: conditional).status == .notModified)

            // HEAD: the same headers, no body.
            let head = try await client.execute(uri: "/catalogue/130500", method: .head, headers: Self.anonymous)
            #expect(head.status == .ok && head.body.readableBytes == 0)

            // ?lang=en sets a cookie, so it is never replayed; the English page under the cookie is,
            // and never for a Chinese reader.
            let english = try await client.execute(uri: "/catalogue/130500?lang=en", method: .get, headers: Self.anonymous)
            #expect(english.headers[.setCookie]?.contains("jh_lang=en") == true)
            #expect(try await Self.replays(client) == before)
            var withCookie = Self.anonymous
            withCookie[.cookie] = "jh_lang=en"
            let first = try await client.execute(uri: "/catalogue/130500", method: .get, headers: withCookie)
            let second = try await client.execute(uri: "/catalogue/130500", method: .get, headers: withCookie)
            #expect(try await Self.replays(client) == before + 1)
            #expect(first.body == second.body && second.bodyText.contains("lang=\"en\""))
            let chinese = try await client.execute(uri: "/catalogue/130500", method: .get, headers: Self.anonymous)
            #expect(chinese.bodyText.contains("lang=\"zh") && chinese.body == page.body)
        }
    }

    /// The router reads `jh_lang =en` (a space in the name) as no language, so Chinese: that
    /// answer must be kept as the Chinese one, never as what an English reader is sent.
    @Test func aLanguageCookieTheRouterDoesNotReadNeverReachesEnglishReaders() async throws {
        try await Self.withServer { client, fixture in
            _ = try await PublicCacheTests.publishCityCatalogue(client, fixture)
            for cookie in ["jh_lang =en", "jh_lang= en", "jh_lang =en"] {
                var odd = Self.anonymous
                odd[.cookie] = cookie
                let page = try await client.execute(uri: "/catalogue/130500", method: .get, headers: odd)
                #expect(page.bodyText.contains("lang=\"zh"), "\(cookie)")
            }
            var english = Self.anonymous
            english[.cookie] = "jh_lang=en"
            for _ in 0..<2 {
                let page = try await client.execute(uri: "/catalogue/130500", method: .get, headers: english)
                #expect(page.bodyText.contains("lang=\"en\""))
            }
        }
    }

    @Test func pipelinedRequestsAreAnsweredInTheirOrder() async throws {
        try await Self.withServer { client, fixture in
            _ = try await PublicCacheTests.publishCityCatalogue(client, fixture)
            _ = try await client.execute(uri: "/catalogue/130500", method: .get, headers: Self.anonymous)
            let port = try #require(client.port)
            let connection = try await RawConnection.open(port: port)
            // The first is replayed at once; the second goes to the router; the third, though
            // replayable, waits behind it.
            let get = { (path: String) in "GET \(path) HTTP/1.1\r\nHost: localhost\r\nAccept: text/html\r\n\r\n" }
            try await connection.send(get("/catalogue/130500") + get("/healthz") + get("/catalogue/130500"))
            let deadline = ContinuousClock.now + .seconds(20)
            while connection.received.components(separatedBy: "HTTP/1.1 200").count < 4, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            let text = connection.received
            let answers = text.components(separatedBy: "HTTP/1.1 200").dropFirst()
            #expect(answers.count == 3)
            #expect(answers.map { $0.contains("小学每生每年1000元") } == [true, false, true])
            #expect(answers.map { $0.contains("text/html") } == [true, false, true])
        }
    }

    // MARK: the rules, without a server

    @Test func onlyAPlainAnonymousGetHasAKey() throws {
        func key(_ method: HTTPRequest.Method = .get, _ path: String = "/catalogue/130500", _ fields: HTTPFields = [:]) -> String? {
            ReplayKey.of(HTTPRequest(method: method, scheme: nil, authority: nil, path: path, headerFields: fields))
        }
        #expect(key() == "/catalogue/130500\nzh\nidentity")
        #expect(key(.get, "/catalogue/130500?q=学前") == "/catalogue/130500?q=学前\nzh\nidentity")
        #expect(key(.get, "/", [.cookie: "jh_pre=abc; jh_lang=en", .acceptEncoding: "br, gzip;q=0.5"]) == "/\nen\ngzip")
        #expect(key(.get, "/", [.acceptEncoding: "gzip;q=0"]) == "/\nzh\nidentity")
        // The language as the router settles it: the first cookie of the name, its value as
        // written; anything it does not understand is Chinese.
        #expect(key(.get, "/", [.cookie: "jh_lang=en; jh_lang=zh"]) == "/\nen\nidentity")
        for chinese in ["jh_lang =en", "jh_lang= en", "jh_lang=fr", "jh_lang=zh; jh_lang=en", "xjh_lang=en"] {
            #expect(key(.get, "/", [.cookie: chinese]) == "/\nzh\nidentity", "\(chinese)")
        }
        // An empty session cookie (what logging out leaves) is not a credential.
        #expect(key(.get, "/", [.cookie: "jh_session="]) == "/\nzh\nidentity")
        #expect(key(.get, "/catalogue?q=" + String(repeating: "a", count: 2000)) == nil)
        #expect(key(.head) == nil)
        #expect(key(.post) == nil)
        for refusing: HTTPFields in [[.authorization: "Bearer x"], [.cookie: "jh_session=abc"], [.ifNoneMatch: "\"a\""],
                                     [.ifModifiedSince: "Sun, 06 Dec 2026 10:00:00 GMT"], [.range: "bytes=0-10"],
                                     [.contentLength: "0"], [.transferEncoding: "chunked"], [.expect: "100-continue"],
                                     [.connection: "close"], [.cookie: "a=1; jh_session = abc"]] {
            #expect(key(.get, "/", refusing) == nil, "\(refusing)")
        }
    }

    @Test func aStampTravelsInItsHeaderAndNothingElseParses() throws {
        let stamp = ReplayStamp(generation: 7, until: .uptimeNanoseconds(123_456_789))
        let parsed = try #require(ReplayStamp.parse(stamp.headerValue(route: "/catalogue/{region}")))
        #expect(parsed.stamp == stamp && parsed.route == "/catalogue/{region}")
        let unbound = try #require(ReplayStamp.parse(ReplayStamp.unbound.headerValue(route: "/static/{name}")))
        #expect(unbound.stamp == .unbound)
        for damaged in ["", "7", "7 x /a", "x 1 /a", "7 1"] {
            #expect(ReplayStamp.parse(damaged) == nil, "\(damaged)")
        }
    }

    @Test func aReplayIsKeptOnlyForItsGenerationAndUntilItsStampEnds() throws {
        let cache = PublicCache(settings: PublicCacheSettings(capacity: 10_000, maxAge: .seconds(3600)))
        func replay(_ generation: UInt64?, until: NIODeadline = .now() + .seconds(60), size: Int = 100) -> Replay {
            Replay(head: HTTPResponse(status: .ok), body: ByteBuffer(repeating: 0x61, count: size),
                   stamp: ReplayStamp(generation: generation, until: until), metrics: ReplayMetrics(route: "/t", status: .ok))
        }
        cache.record(replay(0), under: "a")
        #expect(cache.replay(for: "a") != nil)
        // Expired: not answered, and not kept when it comes in expired.
        #expect(cache.replay(for: "a", now: .now() + .seconds(61)) == nil)
        cache.record(replay(0, until: .now() - .seconds(1)), under: "b")
        #expect(cache.replay(for: "b") == nil)

        cache.invalidateAll()
        #expect(cache.replay(for: "a") == nil)
        // Made before the change: never kept.
        cache.record(replay(0), under: "a")
        #expect(cache.replay(for: "a") == nil)
        cache.record(replay(1), under: "a")
        cache.record(replay(nil), under: "css")
        #expect(cache.replay(for: "a") != nil && cache.replay(for: "css") != nil)

        // Counted with key, head and an entry's own cost; one may take a quarter of the cap.
        #expect(replay(1).byteCount(key: "a") == 1 + 100 + 256)
        cache.record(replay(1, size: 2_600), under: "huge")
        #expect(cache.replay(for: "huge") == nil)
        // Past the cap the least recently used go until a quarter is free.
        cache.invalidateAll()
        for index in 0..<27 { cache.record(replay(2), under: "k\(index)") }   // 27 × 358 bytes ≤ 10,000
        #expect(cache.replay(for: "k0") != nil)
        cache.record(replay(2), under: "k27")
        #expect(cache.replay(for: "k0") != nil && cache.replay(for: "k27") != nil)
        #expect(cache.replay(for: "k1") == nil && cache.replay(for: "k8") == nil)
        #expect(cache.replay(for: "k9") != nil)
    }
}

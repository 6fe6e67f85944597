import CompressNIO
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JunhengApp
import JunhengCore
@testable import JunhengServer
import JunhengTestSupport
import Testing

/// Published catalogues and reports, the regions API and static files are made once and answered
/// from memory (`PublicCache`, `CachedBody`): these prove the answers stay right — 304s on a
/// matching tag, a new version seen at once, one language never sent for the other, a signed-in
/// reader's page never shared — and that gzip is negotiated.
@Suite struct PublicCacheTests {
    static let anonymous: HTTPFields = [.accept: "text/html"]

    /// The city catalogue of `CatalogueFixtures`, published for 130500; its version id.
    static func publishCityCatalogue(_ client: any TestClientProtocol, _ fixture: Fixture) async throws -> Int {
        let id = try #require(try await client.importCatalogue(try CatalogueFixtures.json(CatalogueFixtures.city), filename: "city.json",
                                                               region: "130500", token: fixture.plannerToken).object["id"] as? Int)
        try await client.publishCatalogue(id, editor: fixture.plannerToken, reviewer: fixture.reviewerToken)
        return id
    }

    @Test(arguments: TestEngine.all)
    func aMatchingETagOrDateIsAnswered304WithoutABody(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            _ = try await Self.publishCityCatalogue(client, fixture)
            let page = try await client.execute(uri: "/catalogue/130500", method: .get, headers: Self.anonymous)
            #expect(page.status == .ok)
            #expect(page.bodyText.contains("小学每生每年1000元"))
            let etag = try #require(page.headers[.eTag])
            #expect(etag.hasPrefix("\"") && !etag.hasPrefix("W/"))
            #expect(page.headers[.cacheControl] == "private, no-cache")
            let lastModified = try #require(page.headers[.lastModified])

            let again = try await client.execute(uri: "/catalogue/130500", method: .get, headers: Self.anonymous)
            #expect(again.headers[.eTag] == etag)
            #expect(again.bodyText == page.bodyText)

            var conditional = Self.anonymous
            conditional[.ifNoneMatch] = "\"something-else\", \(etag)"
            let notModified = try await client.execute(uri: "/catalogue/130500", method: .get, headers: conditional)
            #expect(notModified.status == .notModified)
            #expect(notModified.body.readableBytes == 0)
            #expect(notModified.headers[.eTag] == etag)

            var byDate = Self.anonymous
            byDate[.ifModifiedSince] = lastModified
            #expect(try await client.execute(uri: "/catalogue/130500", method: .get, headers: byDate).status == .notModified)
            // If-None-Match decides when both are sent: a tag that does not match is a 200.
            byDate[.ifNoneMatch] = "\"stale\""
            #expect(try await client.execute(uri: "/catalogue/130500", method: .get, headers: byDate).status == .ok)
        }
    }

    /// A page from the public cache has no form, so a visitor reading it is given no pre-session
    /// value (nothing random is made); the login page, whose form token binds to one, sets it.
    @Test func onlyAPageWithAFormGivesAVisitorAPreSessionCookie() async throws {
        try await TestServer.with(.sqlite) { client, fixture in
            _ = try await Self.publishCityCatalogue(client, fixture)
            for _ in 0..<2 {
                let page = try await client.execute(uri: "/catalogue/130500", method: .get, headers: Self.anonymous)
                #expect(page.status == .ok)
                #expect(page.cookie(named: "jh_pre") == nil)
                #expect(page.headers[.setCookie] == nil)
            }
            let login = try await client.execute(uri: "/login", method: .get, headers: Self.anonymous)
            let issued = try #require(login.cookie(named: "jh_pre"))
            #expect(issued.count >= 40)
            #expect(try #require(login.bodyText.csrfToken).isEmpty == false)
        }
    }

    @Test(arguments: TestEngine.all)
    func aNewPublishedVersionChangesTheETagAndTheContentAtOnce(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            let first = try await Self.publishCityCatalogue(client, fixture)
            let before = try await client.execute(uri: "/catalogue/130500", method: .get, headers: Self.anonymous)
            let item = try await client.execute(uri: "/catalogue/130500/items/C01", method: .get, headers: Self.anonymous)
            #expect(item.bodyText.contains("小学每生每年1000元"))

            let draft = try #require(try await client.json(.post, "/api/v1/catalogues/\(first)/draft", token: fixture.plannerToken).object["id"] as? Int)
            let edit = #"{"key":"C01","domain":"基本公共教育","name":"义务教育公用经费保障","standardText":"小学每生每年1100元","fundingText":"","targetPopulation":"","content":"","leadDepartment":"市教育局","legalBasis":""}"#
            #expect(try await client.json(.put, "/api/v1/catalogues/\(draft)/items/C01", token: fixture.plannerToken, body: edit).status == .ok)
            // A draft is not public: the published page is still the same bytes.
            let unchanged = try await client.execute(uri: "/catalogue/130500", method: .get, headers: Self.anonymous)
            #expect(unchanged.headers[.eTag] == before.headers[.eTag])
            try await client.publishCatalogue(draft, editor: fixture.plannerToken, reviewer: fixture.reviewerToken)

            let firstTag = try #require(before.headers[.eTag])
            var conditional = Self.anonymous
            conditional[.ifNoneMatch] = firstTag
            let after = try await client.execute(uri: "/catalogue/130500", method: .get, headers: conditional)
            #expect(after.status == .ok)
            #expect(after.headers[.eTag] != before.headers[.eTag])
            #expect(after.bodyText.contains("小学每生每年1100元") && !after.bodyText.contains("小学每生每年1000元"))
            #expect(after.bodyText.contains("第 2 版"))
            let newItem = try await client.execute(uri: "/catalogue/130500/items/C01", method: .get, headers: Self.anonymous)
            #expect(newItem.bodyText.contains("小学每生每年1100元"))
        }
    }

    @Test(arguments: TestEngine.all)
    func theEnglishPageIsNeverServedForChineseNorTheReverse(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            _ = try await Self.publishCityCatalogue(client, fixture)
            var english = Self.anonymous
            english[.cookie] = "jh_lang=en"
            let en = try await client.execute(uri: "/catalogue/130500", method: .get, headers: english)
            let zh = try await client.execute(uri: "/catalogue/130500", method: .get, headers: Self.anonymous)
            let byQuery = try await client.execute(uri: "/catalogue/130500?lang=en", method: .get, headers: Self.anonymous)
            #expect(en.bodyText.contains(#"<html lang="en">"#))
            #expect(zh.bodyText.contains(#"<html lang="zh-CN">"#))
            #expect(byQuery.bodyText == en.bodyText)
            #expect(en.headers[.eTag] != zh.headers[.eTag])
            // The English tag does not validate the Chinese page.
            let englishTag = try #require(en.headers[.eTag])
            var conditional = Self.anonymous
            conditional[.ifNoneMatch] = englishTag
            let chinese = try await client.execute(uri: "/catalogue/130500", method: .get, headers: conditional)
            #expect(chinese.status == .ok && chinese.bodyText.contains(#"<html lang="zh-CN">"#))
        }
    }

    @Test(arguments: TestEngine.all)
    func aSignedInReadersPageNeverReachesTheAnonymousCacheNorTheReverse(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            _ = try await Self.publishCityCatalogue(client, fixture)
            let before = try await client.execute(uri: "/catalogue/130500", method: .get, headers: Self.anonymous)
            let planner = try await client.browserLogin(username: "planner", password: TestServer.password)
            let signedIn = try await client.execute(uri: "/catalogue/130500", method: .get, headers: planner.headers)
            let after = try await client.execute(uri: "/catalogue/130500", method: .get, headers: Self.anonymous)

            #expect(signedIn.bodyText.contains(#"<form method="post" action="/logout""#))
            #expect(signedIn.bodyText.contains(#"name="_csrf""#))
            #expect(signedIn.headers[.eTag] == nil)
            #expect(signedIn.headers[.cacheControl] == "no-store")
            for page in [before, after] {
                #expect(page.bodyText.contains(#"<a href="/login">"#))
                #expect(!page.bodyText.contains("/logout") && !page.bodyText.contains("_csrf"))
            }
            #expect(after.bodyText == before.bodyText)
        }
    }

    /// SQLite only, as `ReportFlowTests`: publishing prints a PDF with Chromium.
    @Test func aPublishedReportIsCachedAndANewEditionSupersedesItAtOnce() async throws {
        try await TestServer.with(.sqlite, demo: (maps: false, survey: false)) { client, fixture in
            let created = try await client.json(.post, "/api/v1/reports", token: fixture.plannerToken,
                                                body: #"{"kind":"annual","regionCode":"130500","year":2020}"#)
            let id = try #require(try created.object["id"] as? Int, "\(created.bodyText.prefix(300))")
            let published = try await client.json(.post, "/api/v1/reports/\(id)/publish", token: fixture.plannerToken)
            try #require(published.status == .accepted, "\(published.bodyText.prefix(300))")
            #expect(try await fixture.jobs.runNext()?.status == .done)
            let first = try await client.execute(uri: "/reports/\(id)", method: .get, headers: Self.anonymous)
            #expect(first.status == .ok && first.headers[.eTag] != nil)
            let cached = try await client.execute(uri: "/reports/\(id)", method: .get, headers: Self.anonymous)
            #expect(cached.headers[.eTag] == first.headers[.eTag])

            let edition = try await client.json(.post, "/api/v1/reports/\(id)/editions", token: fixture.plannerToken)
            let second = try #require(try edition.object["id"] as? Int, "\(edition.bodyText.prefix(300))")
            // The old edition's page is cached again while the new one waits for its job: the job,
            // not an HTTP write, is what changes the page (it empties the cache when done; printing
            // the PDF also outlasts the entries' maximum age, so this test cannot tell which).
            _ = try await client.execute(uri: "/reports/\(id)", method: .get, headers: Self.anonymous)
            let republished = try await client.json(.post, "/api/v1/reports/\(second)/publish", token: fixture.plannerToken)
            try #require(republished.status == .accepted, "\(republished.bodyText.prefix(300))")
            _ = try await client.execute(uri: "/reports/\(id)", method: .get, headers: Self.anonymous)
            #expect(try await fixture.jobs.runNext()?.status == .done)
            let old = try await client.execute(uri: "/reports/\(id)", method: .get, headers: Self.anonymous)
            #expect(old.status == .ok)
            #expect(old.headers[.eTag] != first.headers[.eTag])
            #expect(!first.bodyText.contains("本报告已被新版取代。") && old.bodyText.contains("本报告已被新版取代。"))
        }
    }

    @Test(arguments: TestEngine.all)
    func theRegionListIsRevalidatedByETagAndChangesWhenARegionIsAdded(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            let list = try await client.json(.get, "/api/v1/regions?parent=130522")
            let etag = try #require(list.headers[.eTag])
            #expect(list.headers[.contentType] == "application/json; charset=utf-8")
            let count = try #require(try list.object["count"] as? Int)
            #expect(try await client.json(.get, "/api/v1/regions?parent=130522", headers: [.ifNoneMatch: etag]).status == .notModified)
            // Another query is another entry.
            #expect(try await client.json(.get, "/api/v1/regions?parent=130500").headers[.eTag] != etag)

            let added = try await client.json(.post, "/api/v1/regions", token: fixture.linchenToken,
                                              body: #"{"code":"130522100","name":"临城镇","parentCode":"130522"}"#)
            #expect(added.status == .created)
            let after = try await client.json(.get, "/api/v1/regions?parent=130522", headers: [.ifNoneMatch: etag])
            #expect(after.status == .ok)
            #expect(try after.object["count"] as? Int == count + 1)
            #expect(after.bodyText.contains("临城镇"))
            // A bad query is refused, not cached.
            #expect(try await client.json(.get, "/api/v1/regions?parent=12").status == .unprocessableContent)
        }
    }

    @Test func gzipIsSentOnlyToClientsThatAcceptItAndOnlyWhereItPays() async throws {
        try await TestServer.with(.sqlite) { client, fixture in
            _ = try await Self.publishCityCatalogue(client, fixture)
            let plain = try await client.execute(uri: "/catalogue/130500", method: .get, headers: Self.anonymous)
            var accepting = Self.anonymous
            accepting[.acceptEncoding] = "br;q=1.0, gzip;q=0.8"
            let zipped = try await client.execute(uri: "/catalogue/130500", method: .get, headers: accepting)
            #expect(plain.headers[.contentEncoding] == nil)
            #expect(plain.headers[.vary] == "Accept-Encoding" && zipped.headers[.vary] == "Accept-Encoding")
            #expect(zipped.headers[.contentEncoding] == "gzip")
            #expect(zipped.body.readableBytes < plain.body.readableBytes / 2)
            var compressed = zipped.body
            #expect(String(buffer: try compressed.decompress(with: .gzip())) == plain.bodyText)
            // Each encoding has its own tag, and each validates itself.
            let zippedTag = try #require(zipped.headers[.eTag])
            #expect(zippedTag != plain.headers[.eTag])
            accepting[.ifNoneMatch] = zippedTag
            #expect(try await client.execute(uri: "/catalogue/130500", method: .get, headers: accepting).status == .notModified)

            // Refused explicitly, even with a wildcard.
            let refused = try await client.execute(uri: "/catalogue/130500", method: .get,
                                                   headers: [.accept: "text/html", .acceptEncoding: "gzip;q=0, *"])
            #expect(refused.headers[.contentEncoding] == nil)

            // A signed-in reader's page is compressed as it is made.
            let planner = try await client.browserLogin(username: "planner", password: TestServer.password)
            var headers = planner.headers
            headers[.acceptEncoding] = "gzip"
            let dynamic = try await client.execute(uri: "/catalogue/130500", method: .get, headers: headers)
            #expect(dynamic.headers[.contentEncoding] == "gzip" && dynamic.headers[.eTag] == nil)
            var dynamicBody = dynamic.body
            #expect(String(buffer: try dynamicBody.decompress(with: .gzip())).contains("/logout"))

            // Small bodies and files that are compressed already go as they are.
            let small = try await client.json(.get, "/healthz", headers: [.acceptEncoding: "gzip"])
            #expect(small.headers[.contentEncoding] == nil)
            let big = ByteBuffer(repeating: 0x61, count: 100_000)
            for type in ["application/pdf", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                         "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "image/png"] {
                #expect(Gzip.compressIfItPays(big, contentType: type) == nil, "\(type)")
            }
            #expect(Gzip.compressIfItPays(big, contentType: "text/csv; charset=utf-8") != nil)
        }
    }

    @Test func staticFilesComeFromMemoryWithAStrongETagAndGzip() async throws {
        try await TestServer.with(.sqlite) { client, _ in
            let css = try await client.execute(uri: "/static/app.css", method: .get, headers: [.acceptEncoding: "gzip"])
            #expect(css.status == .ok)
            #expect(css.headers[.contentType] == "text/css; charset=utf-8")
            #expect(css.headers[.contentEncoding] == "gzip")
            #expect(css.headers[.cacheControl] == "max-age=300")
            let etag = try #require(css.headers[.eTag])
            #expect(try await client.execute(uri: "/static/app.css", method: .get,
                                             headers: [.acceptEncoding: "gzip", .ifNoneMatch: etag]).status == .notModified)
            let onDisk = try String(contentsOfFile: PageRenderer.publicDirectory + "/app.css", encoding: .utf8)
            #expect(try await client.execute(uri: "/static/app.css", method: .get).bodyText == onDisk)
        }
    }
}

/// The cache itself: bounded, least recently used evicted first, entries made again after
/// `maxAge` or a change, errors never kept.
@Suite struct PublicCacheBehaviourTests {
    /// A body of `size` bytes that gzip leaves alone (an opaque type).
    static func source(_ size: Int, _ fill: UInt8 = 0x61) -> CachedBody.Source {
        CachedBody.Source(bytes: ByteBuffer(repeating: fill, count: size), contentType: "application/octet-stream", cacheControl: "no-cache")
    }

    final class Counter: @unchecked Sendable {
        var made = 0
    }

    static func fetch(_ cache: PublicCache, _ path: String, _ counter: Counter, size: Int = 1000) async throws -> CachedBody {
        try await cache.body(for: .init(path: path, variant: "zh")) {
            counter.made += 1
            return source(size)
        }
    }

    @Test func theLeastRecentlyUsedEntriesGoFirstAndTheCapHolds() async throws {
        let cache = PublicCache(settings: PublicCacheSettings(capacity: 10_000, maxAge: .seconds(3600)))
        let counter = Counter()
        for index in 0..<9 { _ = try await Self.fetch(cache, "/p\(index)", counter) }
        #expect(counter.made == 9)
        _ = try await Self.fetch(cache, "/p0", counter)     // used again: now the most recent
        #expect(counter.made == 9)
        _ = try await Self.fetch(cache, "/p9", counter)     // over the cap: /p1, the least recently used, goes
        #expect(cache.byteCount <= 10_000)
        _ = try await Self.fetch(cache, "/p0", counter)
        #expect(counter.made == 10)
        _ = try await Self.fetch(cache, "/p1", counter)
        #expect(counter.made == 11)
        // A body above a quarter of the cap is answered but not kept.
        _ = try await Self.fetch(cache, "/huge", counter, size: 3000)
        _ = try await Self.fetch(cache, "/huge", counter, size: 3000)
        #expect(counter.made == 13)
    }

    @Test func anEntryIsMadeAgainAfterMaxAgeOrAChangeAndKeepsItsDateWhenTheBytesAreEqual() async throws {
        let cache = PublicCache(settings: PublicCacheSettings(capacity: 1 << 20, maxAge: .milliseconds(50)))
        let counter = Counter()
        let first = try await Self.fetch(cache, "/p", counter)
        _ = try await Self.fetch(cache, "/p", counter)
        #expect(counter.made == 1)
        try await Task.sleep(for: .milliseconds(120))
        let remade = try await Self.fetch(cache, "/p", counter)
        #expect(counter.made == 2)
        #expect(remade.etag == first.etag && remade.lastModified == first.lastModified)
        cache.invalidateAll()
        #expect(cache.byteCount == 0)
        _ = try await Self.fetch(cache, "/p", counter)
        #expect(counter.made == 3)
    }

    @Test func whatFailsOrWasMadeBeforeAChangeIsNotKept() async throws {
        let cache = PublicCache(settings: PublicCacheSettings(capacity: 1 << 20, maxAge: .seconds(3600)))
        let counter = Counter()
        await #expect(throws: JunhengError.notFound("目录 999999")) {
            try await cache.body(for: .init(path: "/missing", variant: "zh")) { throw JunhengError.notFound("目录 999999") }
        }
        #expect(cache.byteCount == 0)
        // A change lands while the page is being made: that page is sent once, not kept.
        _ = try await cache.body(for: .init(path: "/p", variant: "zh")) {
            cache.invalidateAll()
            return Self.source(100)
        }
        _ = try await Self.fetch(cache, "/p", counter)
        #expect(counter.made == 1)
    }

    @Test func noCapacityKeepsNothing() async throws {
        let cache = PublicCache(settings: PublicCacheSettings(capacity: 0))
        let counter = Counter()
        _ = try await Self.fetch(cache, "/p", counter)
        _ = try await Self.fetch(cache, "/p", counter)
        #expect(counter.made == 2 && cache.byteCount == 0)
    }
}

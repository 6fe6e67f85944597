import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JunhengApp
import JunhengCore
import JunhengServer
import JunhengTestSupport
import Storage
import Testing

/// Only approved figures are public: a figure awaiting approval changes no page or API response
/// an anonymous visitor sees, reaches only readers whose scope covers its region (marked 待审核),
/// and counts once approved. A year with one county's figure is reported as incomplete, never as
/// perfect equality.
@Suite struct PublicFiguresTests {
    /// Linchen county (临城县), where the demo's `linchen` reports.
    static let county = "130522"
    /// Xingtai's children in the demo registry.
    static let childCount = 18

    /// What an anonymous visitor reads about the city, its counties and indicator 1.
    static let publicResponses: [(path: String, html: Bool)] = [
        ("/indicators/1?region=130500", true),
        ("/regions/130500/indicators", true),
        ("/regions/\(county)/indicators", true),
        ("/warnings?region=130500", true),
        ("/api/v1/warnings?region=130500", false),
        ("/equalization?region=130500&indicator=1", true),
        ("/equalization?region=130500&indicator=1&year=2020", true),
        ("/api/v1/equalization?region=130500&indicator=1", false),
        ("/equalization/overview?region=130500", true),
        ("/api/v1/equalization/overview?region=130500", false),
        ("/api/v1/indicators/1/progress?region=130500", false),
        ("/api/v1/regions/\(county)/progress", false),
        ("/api/v1/observations?indicator=1&region=\(county)", false),
        ("/api/v1/observations?indicator=1&region=130500", false),
    ]

    @Test(arguments: TestEngine.all)
    func aFigureAwaitingApprovalChangesNoPublicResponseUntilApproved(engine: TestEngine) async throws {
        try await Self.withDemo(engine) { client in
            let indicator = try await Self.indicatorCode(client)
            let before = try await Self.publicSnapshot(client)

            let linchen = try await client.token(username: "linchen")
            let correction = try await client.submit(token: linchen, indicator: indicator, year: 2020, value: 61.5)
            #expect(try await Self.publicSnapshot(client) == before, "a pending correction of an approved year")
            let newYear = try await client.submit(token: linchen, indicator: indicator, year: 2021, value: 72.5)
            let unchanged = try await Self.publicSnapshot(client)
            for (path, body) in before where unchanged[path] != body {
                Issue.record("\(path) changed while the figure for 2021 awaits approval")
            }

            let reviewer = try await client.token(username: "reviewer")
            for submission in [correction, newYear] {
                #expect(try await client.json(.post, "/api/v1/submissions/\(submission)/approve", token: reviewer).status == .ok)
            }
            let after = try await Self.publicSnapshot(client)
            let changed = Set(after.filter { before[$0.key] != $0.value }.keys)
            for path in ["/indicators/1?region=130500", "/regions/\(Self.county)/indicators", "/api/v1/equalization?region=130500&indicator=1",
                         "/api/v1/indicators/1/progress?region=130500", "/api/v1/regions/\(Self.county)/progress",
                         "/api/v1/observations?indicator=1&region=\(Self.county)", "/equalization?region=130500&indicator=1&year=2020"] {
                #expect(changed.contains(path), "\(path) should show the approved figures")
            }
            let observations = try await client.json(.get, "/api/v1/observations?indicator=1&region=\(Self.county)")
                .decoded(Items<ObservationPoint>.self).items
            #expect(observations.filter { $0.year >= 2020 }.map { "\($0.year) \($0.value) \($0.status)" }
                    == ["2020 61.5 approved", "2021 72.5 approved"])
        }
    }

    @Test(arguments: TestEngine.all)
    func aPendingFigureReachesOnlyReadersWhoseScopeCoversItsRegion(engine: TestEngine) async throws {
        try await Self.withDemo(engine) { client in
            let indicator = try await Self.indicatorCode(client)
            let linchen = try await client.token(username: "linchen")
            _ = try await client.submit(token: linchen, indicator: indicator, year: 2021, value: 72.5)

            let inScope = try await client.browserLogin(username: "linchen", password: DemoData.password)
            let page = try await client.execute(uri: "/indicators/1?region=130500", method: .get, headers: inScope.headers).bodyText
            #expect(page.contains("待审核：72.50（2021）"))
            let own = try await client.execute(uri: "/regions/\(Self.county)/indicators", method: .get, headers: inScope.headers).bodyText
            #expect(own.contains("待审核：72.50（2021）"))

            let otherCounty = try await client.browserLogin(username: "neiqiu", password: DemoData.password)
            let elsewhere = try await client.execute(uri: "/indicators/1?region=130500", method: .get, headers: otherCounty.headers).bodyText
            #expect(!elsewhere.contains("72.50"))
            #expect(!elsewhere.contains("待审核："))

            // The API: submitted rows to the county's reporter, approved ones only to anyone else.
            let path = "/api/v1/observations?indicator=1&region=\(Self.county)"
            let statuses = { (token: String?) in
                try await client.json(.get, path, token: token).decoded(Items<ObservationPoint>.self).items
                    .filter { $0.year == 2021 }.map(\.status)
            }
            #expect(try await statuses(linchen) == ["submitted"])
            #expect(try await statuses(try await client.token(username: "neiqiu")) == [])
            #expect(try await statuses(nil) == [])
            #expect(try await statuses(try await client.token(username: "reviewer")) == ["submitted"])
        }
    }

    @Test(arguments: TestEngine.all)
    func aYearWithOneCountysFigureIsIncompleteNotPerfectEquality(engine: TestEngine) async throws {
        try await Self.withDemo(engine) { client in
            let indicator = try await Self.indicatorCode(client)
            let submission = try await client.submit(token: try await client.token(username: "linchen"), indicator: indicator,
                                                     year: 2021, value: 72.5)
            #expect(try await client.json(.post, "/api/v1/submissions/\(submission)/approve",
                                          token: try await client.token(username: "reviewer")).status == .ok)

            let analysis = try await client.json(.get, "/api/v1/equalization?region=130500&indicator=1").object
            #expect(analysis["year"] as? Int == 2020)
            #expect(analysis["yearChoice"] as? String == "latestComplete")
            #expect(analysis["complete"] as? Bool == true)
            #expect((analysis["coverage"] as? [String: Any])?["covered"] as? Int == Self.childCount)
            let trend = try #require(analysis["trend"] as? [[String: Any]])
            #expect(trend.map { $0["year"] as? Int } == Array(2015...2021))
            let last = try #require(trend.last)
            #expect(last["complete"] as? Bool == false)
            let coverage = try #require(last["coverage"] as? [String: Any])
            #expect(coverage["covered"] as? Int == 1 && coverage["total"] as? Int == Self.childCount)
            #expect(last["gini"] == nil && last["theilT"] == nil && last["theilL"] == nil && last["mean"] == nil)
            #expect(trend.dropLast().allSatisfy { $0["complete"] as? Bool == true && $0["gini"] is Double })

            // Asked for explicitly, the year is incomplete and has no measures (not a Gini of 0).
            let year2021 = try await client.json(.get, "/api/v1/equalization?region=130500&indicator=1&year=2021").object
            #expect(year2021["complete"] as? Bool == false)
            let report = try #require(year2021["report"] as? [String: Any])
            #expect(report["unweighted"] is NSNull && report["weighted"] is NSNull)

            let page = try await client.execute(uri: "/equalization?region=130500&indicator=1", method: .get,
                                                headers: [.accept: "text/html"]).bodyText
            #expect(page.contains("2021</td><td>覆盖 1/18 个地区，人口 "))
            #expect(page.contains("数据不全（覆盖 1/18）"))
            #expect(page.contains("走势线不含数据不全的年份：2021（1/18）"))
            #expect(page.contains("覆盖 18/18 个地区，人口 100%"))
            let incompletePage = try await client.execute(uri: "/equalization?region=130500&indicator=1&year=2021", method: .get,
                                                          headers: [.accept: "text/html"]).bodyText
            #expect(incompletePage.contains(#"<tr class="incomplete"><td colspan="2">数据不全（覆盖 1/18）</td></tr>"#))
            #expect(!incompletePage.contains("基尼系数</td><td>0.0000"))

            let overview = try await client.json(.get, "/api/v1/equalization/overview?region=130500").object
            #expect(overview["year"] as? Int == 2020)
            #expect(overview["complete"] as? Bool == true)
        }
    }

    // MARK: helpers

    /// The demo loaded into a fresh database on `engine`, served in-process.
    static func withDemo(_ engine: TestEngine,
                         _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await TestDatabase.with(engine, holding: .demo()) { database in
            let services = try await JunhengServices.make(
                database: database, configuration: ServerConfiguration(port: 0, database: database.location))
            try await buildApplication(services: services, logger: TestDatabase.logger).test(.router) { client in
                try await body(client)
            }
        }
    }

    /// The code of indicator 1, the one every public response above is about.
    static func indicatorCode(_ client: any TestClientProtocol) async throws -> String {
        try #require(try await client.json(.get, "/api/v1/indicators/1").object["code"] as? String)
    }

    /// Every public response as an anonymous visitor reads it, normalised as the page snapshots are.
    static func publicSnapshot(_ client: any TestClientProtocol) async throws -> [String: String] {
        var bodies: [String: String] = [:]
        for (path, html) in publicResponses {
            let response = try await client.execute(uri: path, method: .get,
                                                    headers: [.accept: html ? "text/html" : "application/json"])
            #expect(response.status == .ok, "\(path): \(response.bodyText.prefix(200))")
            bodies[path] = PageSnapshotTests.normalised(response.bodyText)
        }
        return bodies
    }
}

/// A list response (`{"items": […], "count": n}`) as read back.
private struct Items<Item: Decodable>: Decodable {
    let items: [Item]
}

extension TestClientProtocol {
    /// An API token for a demo account.
    func token(username: String) async throws -> String {
        let response = try await json(.post, "/api/v1/auth/token", body: #"{"username":"\#(username)","password":"\#(DemoData.password)"}"#)
        return try #require(try response.object["token"] as? String, "\(response.bodyText)")
    }

    /// Submits one figure for Linchen county; returns the submission's id.
    func submit(token: String, indicator: String, year: Int, value: Double) async throws -> Int {
        let response = try await json(.post, "/api/v1/observations", token: token, body:
            #"{"rows":[{"region":"\#(PublicFiguresTests.county)","indicator":"\#(indicator)","year":\#(year),"value":\#(value)}]}"#)
        #expect(response.status == .created, "\(response.bodyText.prefix(300))")
        return try #require((try response.object["submission"] as? [String: Any])?["id"] as? Int)
    }
}

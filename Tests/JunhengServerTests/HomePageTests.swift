import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JunhengApp
import JunhengCore
import JunhengServer
import JunhengTestSupport
import Testing

/// The home page of each demo role (issue 12, item 5): its own cards, each count linked to the
/// page that lists what it counts, in both languages.
@Suite struct HomePageTests {
    /// The demo served as `junheng serve --demo` serves it, with a page fetcher per account (nil:
    /// the public).
    static func withDemo(_ body: @escaping @Sendable (_ get: @escaping @Sendable (String?, String) async throws -> TestResponse) async throws -> Void)
        async throws {
        try await TestDatabase.with(.sqlite, holding: .demo()) { database in
            let services = try await JunhengServices.make(
                database: database, configuration: ServerConfiguration(port: 0, database: database.location))
            try await buildApplication(services: services, logger: TestDatabase.logger).test(.router) { client in
                var sessions: [String: BrowserSession] = [:]
                for account in ["admin", "planner", "reviewer", "linchen", "anju-edu"] {
                    sessions[account] = try await client.browserLogin(username: account, password: DemoData.password)
                }
                let signedIn = sessions
                try await body { account, path in
                    try await client.execute(uri: path, method: .get,
                                             headers: account.flatMap { signedIn[$0]?.headers } ?? [.accept: "text/html"])
                }
            }
        }
    }

    @Test func eachRoleSeesItsOwnCards() async throws {
        try await Self.withDemo { get in
            let cards = ["headlines", "catalogue", "latest-report", "status", "warnings", "missing", "plan-drafts", "reports-due",
                         "submissions-to-review", "task-reports-to-review", "catalogues-to-review", "figures-due",
                         "returned-submissions", "task-reports-due"]
            let expected: [String?: Set<String>] = [
                nil: ["headlines", "catalogue", "latest-report"],
                "planner": ["status", "warnings", "missing", "plan-drafts", "reports-due"],
                "reviewer": ["submissions-to-review", "task-reports-to-review", "catalogues-to-review"],
                "admin": ["status", "warnings", "missing", "plan-drafts", "reports-due", "submissions-to-review",
                          "task-reports-to-review", "catalogues-to-review"],
                "linchen": ["figures-due", "returned-submissions", "task-reports-due"],
                "anju-edu": ["figures-due", "returned-submissions", "task-reports-due"],
            ]
            for (account, shown) in expected {
                let page = try await get(account, "/")
                #expect(page.status == .ok)
                let present = Set(cards.filter { page.bodyText.contains("class=\"card\" id=\"\($0)\"") })
                #expect(present == shown, "\(account ?? "public")")
            }
        }
    }

    @Test func countsLinkToTheirListsAndThePublicSeesHeadlineFigures() async throws {
        try await Self.withDemo { get in
            let planner = try await get("planner", "/").bodyText
            for status in ProgressStatus.allCases {
                #expect(planner.contains("href=\"/regions/130500/indicators?status=\(status.rawValue)\""))
            }
            #expect(planner.contains("href=\"/warnings?region=130500&amp;kind=missing_data\""))
            // The filtered lists the counts open.
            let missing = try await get("planner", "/warnings?region=130500&kind=missing_data").bodyText
            #expect(!missing.contains(WarningKind.offTrajectory.chineseName + "</td>"))
            let achieved = try await get(nil, "/regions/130500/indicators?status=target_achieved").bodyText
            #expect(!achieved.contains(">" + ProgressStatus.deterioration.chineseName + "</span></td>"))

            let reviewer = try await get("reviewer", "/").bodyText
            #expect(reviewer.contains("href=\"/submissions\""))

            let linchen = try await get("linchen", "/").bodyText
            #expect(linchen.contains("href=\"/data?region=130522\""))

            let anju = try await get("anju-edu", "/").bodyText
            #expect(anju.contains("href=\"/tasks/mine\""))
            #expect(anju.contains("#report\">"), "the department's demo reports due or returned are listed")

            let visitor = try await get(nil, "/").bodyText
            #expect(visitor.contains("<svg"), "headline figures carry a sparkline")
            #expect(visitor.contains("class=\"headline\""))
            #expect(!visitor.contains("待审核"), "nothing awaiting review reaches the public")
            let english = try await get(nil, "/?lang=en").bodyText
            #expect(english.contains("Headline figures") && english.contains("Latest monitoring report"))
        }
    }
}

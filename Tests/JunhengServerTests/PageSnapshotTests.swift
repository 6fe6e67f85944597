import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JunhengApp
import JunhengCore
@testable import JunhengServer
import JunhengTestSupport
import SnapshotTesting
import Storage
import Testing

/// The main pages of the demo, in Chinese and English, as each role sees them. A change to a
/// template, a view model or the data behind a page shows up as a diff of these files
/// (`__Snapshots__/PageSnapshotTests/`), to be reviewed and re-recorded with
/// `SNAPSHOT_TESTING_RECORD=failed swift test --filter PageSnapshotTests`.
///
/// Values that differ on every run (CSRF tokens, times, request ids) are replaced by
/// placeholders first; everything else must be identical.
@Suite struct PageSnapshotTests {
    struct Page: Sendable {
        let name: String
        let path: String
        /// The demo account to sign in as, or nil for an anonymous visitor.
        let account: String?
    }

    static let pages: [Page] = [
        Page(name: "home", path: "/", account: nil),
        Page(name: "home-planner", path: "/", account: "planner"),
        Page(name: "home-reviewer", path: "/", account: "reviewer"),
        Page(name: "home-linchen", path: "/", account: "linchen"),
        Page(name: "login", path: "/login", account: nil),
        Page(name: "regions", path: "/regions", account: nil),
        Page(name: "regions-search", path: "/regions?q=%E9%82%A2%E5%8F%B0", account: nil),
        Page(name: "region", path: "/regions/130500", account: nil),
        Page(name: "region-indicators", path: "/regions/130500/indicators", account: nil),
        Page(name: "plans", path: "/plans", account: "planner"),
        Page(name: "plan", path: "/plans/1", account: "planner"),
        Page(name: "catalogue-index", path: "/catalogue", account: nil),
        Page(name: "catalogue", path: "/catalogue/150000", account: nil),
        Page(name: "catalogue-search", path: "/catalogue/150000?q=%E5%85%BB%E8%80%81", account: nil),
        Page(name: "catalogue-item", path: "/catalogue/150000/items/I001", account: nil),
        Page(name: "finder", path: "/catalogue/150000/finder?age=70&area=rural", account: nil),
        Page(name: "catalogues", path: "/catalogues", account: "admin"),
        Page(name: "catalogue-version", path: "/catalogues/1", account: "admin"),
        Page(name: "indicators", path: "/indicators", account: nil),
        Page(name: "indicator", path: "/indicators/1", account: nil),
        Page(name: "indicator-planner", path: "/indicators/1?region=130500", account: "planner"),
        Page(name: "data", path: "/data?region=130522&year=2020", account: "linchen"),
        Page(name: "submissions", path: "/submissions", account: "reviewer"),
        Page(name: "warnings", path: "/warnings?region=130500", account: nil),
        Page(name: "equalization", path: "/equalization?region=130500&indicator=1&year=2020", account: nil),
        Page(name: "equalization-default", path: "/equalization", account: nil),
        Page(name: "equalization-overview", path: "/equalization/overview?region=130500&year=2020", account: nil),
        Page(name: "users", path: "/admin/users", account: "admin"),
        Page(name: "feedback", path: "/feedback", account: nil),
        Page(name: "feedback-cases", path: "/feedback/cases", account: "planner"),
        Page(name: "maps", path: "/maps", account: "planner"),
        Page(name: "facilities", path: "/maps/facilities?region=130500", account: "planner"),
        Page(name: "surveys", path: "/surveys", account: nil),
        Page(name: "survey", path: "/surveys/1", account: nil),
        Page(name: "not-found", path: "/regions/999999", account: nil),
    ]

    @Test func mainPagesMatchTheirSnapshotsInBothLanguages() async throws {
        try await TestDatabase.with(.sqlite, holding: .demo(maps: true, survey: true)) { database in
            let made = try await JunhengServices.make(
                database: database, configuration: ServerConfiguration(port: 0, database: database.location))
            // A fixed day, so that what falls due (figures, reports) does not move with the calendar.
            let services = JunhengServices(app: JunhengApp(database: database, settings: AppSettings(today: CalendarDay("2021-05-01"))),
                                           configuration: made.configuration, csrf: made.csrf, pages: made.pages, assets: made.assets)
            let app = buildApplication(services: services, logger: TestDatabase.logger)
            try await app.test(.router) { client in
                var sessions: [String: BrowserSession] = [:]
                for account in Set(Self.pages.compactMap(\.account)) {
                    sessions[account] = try await client.browserLogin(username: account, password: DemoData.password)
                }
                for page in Self.pages {
                    for language in ["zh", "en"] {
                        var headers: HTTPFields = sessions[page.account ?? ""]?.headers ?? [.accept: "text/html"]
                        headers[.cookie] = [headers[.cookie], "jh_lang=\(language)"].compactMap { $0 }.joined(separator: "; ")
                        let response = try await client.execute(uri: page.path, method: .get, headers: headers)
                        assertSnapshot(of: "\(response.status.code)\n" + Self.normalised(response.bodyText), as: .lines,
                                       named: "\(page.name)-\(language)")
                    }
                }
            }
        }
    }

    /// The key task pages on fixed test data (`TaskPagesTests.seed`), judged on a fixed day so
    /// that colours, 序时进度 and days overdue hold: the public ledger, and a task as its planner
    /// sees it (every form but the review's).
    @Test func taskPagesMatchTheirSnapshotsInBothLanguages() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let seeded = try await TaskPagesTests.seed(database)
            let made = try await JunhengServices.make(
                database: database, configuration: ServerConfiguration(port: 0, database: database.location))
            let services = JunhengServices(app: JunhengApp(database: database, settings: AppSettings(today: CalendarDay("2020-06-30"))),
                                           configuration: made.configuration, csrf: made.csrf, pages: made.pages, assets: made.assets)
            let app = buildApplication(services: services, logger: TestDatabase.logger)
            try await app.test(.router) { client in
                let planner = try await client.browserLogin(username: "planner", password: TestServer.password)
                let pages: [(name: String, path: String, session: BrowserSession?)] = [
                    ("task-ledger", "/tasks?region=130500", nil),
                    ("task", "/tasks/\(seeded.preschool)", planner),
                ]
                for page in pages {
                    for language in ["zh", "en"] {
                        var headers: HTTPFields = page.session?.headers ?? [.accept: "text/html"]
                        headers[.cookie] = [headers[.cookie], "jh_lang=\(language)"].compactMap { $0 }.joined(separator: "; ")
                        let response = try await client.execute(uri: page.path, method: .get, headers: headers)
                        assertSnapshot(of: "\(response.status.code)\n" + Self.normalised(response.bodyText), as: .lines,
                                       named: "\(page.name)-\(language)")
                    }
                }
            }
        }
    }

    /// Replaces what differs between runs by fixed placeholders.
    static func normalised(_ html: String) -> String {
        // Dates of this run (a record's creation, a publication) in China Standard Time; the
        // demo's own dates (plan years 2015–2020, signing dates) are data and stay.
        let year = Calendar(identifier: .gregorian).component(.year, from: Date())
        let runYears = [year - 1, year, year + 1].map(String.init).joined(separator: "|")
        let replacements: [(pattern: String, template: String)] = [
            (#"name="_csrf" value="[^"]*""#, #"name="_csrf" value="CSRF""#),
            (#"_csrf=[A-Za-z0-9_\-.%]+"#, "_csrf=CSRF"),
            (#"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?Z?)?"#, "TIMESTAMP"),
            ("(\(runYears))-\\d{2}-\\d{2}( \\d{2}:\\d{2})?", "DATE"),
            (#"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}"#, "UUID"),
            (#"Request ID[^<]*<code>[^<]*</code>"#, "Request ID <code>ID</code>"),
        ]
        return replacements.reduce(html) { text, replacement in
            text.replacingOccurrences(of: replacement.pattern, with: replacement.template, options: .regularExpression)
        }
    }
}

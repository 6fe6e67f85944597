import Foundation
@testable import JunhengApp
import JunhengCore
import JunhengTestSupport
import Spreadsheet
import Storage
import Testing

/// Issue 16, items 8 and 11 as the use cases apply them: the login throttle's three counters,
/// equal work for unknown login names, NUL characters and formula cells in uploads, and short
/// excerpts of bad cells in error messages.
@Suite("Login throttle and import defences")
struct LoginAndImportDefenceTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    // MARK: throttle

    @Test(arguments: TestEngine.all)
    func twentyFailuresFromOneAddressLockOnlyThatAddress(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, holding: .schema) { database in
            let throttle = LoginThrottle(database: database)
            for index in 0..<20 {
                #expect(try await throttle.retryAfter(address: "203.0.113.1", username: "user\(index)", now: Self.start) == nil)
                try await throttle.recordFailure(address: "203.0.113.1", username: "user\(index)", now: Self.start)
            }
            // That address is refused for every account, for the rest of the window …
            let wait = try await throttle.retryAfter(address: "203.0.113.1", username: "someone-else", now: Self.start)
            #expect(wait == 15 * 60)
            // … and nobody else is: the same accounts from other addresses still may sign in.
            for index in 0..<20 {
                #expect(try await throttle.retryAfter(address: "198.51.100.\(index)", username: "user\(index)", now: Self.start) == nil)
            }
            #expect(try await throttle.retryAfter(address: "203.0.113.1", username: "user0", now: Self.start + 15 * 60) == nil)
        }
    }

    @Test(arguments: TestEngine.all)
    func fiveFailuresForOneAccountFromOneAddressLockThatPair(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, holding: .schema) { database in
            let throttle = LoginThrottle(database: database)
            for _ in 0..<5 { try await throttle.recordFailure(address: "203.0.113.1", username: "Planner", now: Self.start) }
            #expect(try await throttle.retryAfter(address: "203.0.113.1", username: "planner", now: Self.start + 60) == 14 * 60)
            #expect(try await throttle.retryAfter(address: "203.0.113.1", username: "admin", now: Self.start + 60) == nil)
            #expect(try await throttle.retryAfter(address: "198.51.100.7", username: "planner", now: Self.start + 60) == nil)
        }
    }

    @Test(arguments: TestEngine.all)
    func guessingFromManyAddressesLocksTheAccountBrieflyButNotForItsOwner(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, holding: .schema) { database in
            let throttle = LoginThrottle(database: database)
            // The owner signed in from the office last week.
            try await throttle.recordSuccess(address: "192.0.2.10", username: "planner", now: Self.start - 7 * 86_400)
            // Ten guesses, each from another address: no pair and no address reaches its limit.
            for index in 0..<10 {
                #expect(try await throttle.retryAfter(address: "198.51.100.\(index)", username: "planner", now: Self.start) == nil)
                try await throttle.recordFailure(address: "198.51.100.\(index)", username: "planner", now: Self.start)
            }
            // The account is locked for a minute for everyone else …
            #expect(try await throttle.retryAfter(address: "198.51.100.99", username: "planner", now: Self.start) == 60)
            #expect(try await throttle.retryAfter(address: "198.51.100.99", username: "planner", now: Self.start + 30) == 30)
            // … but not for its owner's known address, nor for other accounts.
            #expect(try await throttle.retryAfter(address: "192.0.2.10", username: "planner", now: Self.start) == nil)
            #expect(try await throttle.retryAfter(address: "198.51.100.99", username: "admin", now: Self.start) == nil)
            // The lock is short: a minute after the last failure the account may be tried again, and
            // each further failure buys the guesser only another minute.
            #expect(try await throttle.retryAfter(address: "198.51.100.99", username: "planner", now: Self.start + 60) == nil)
            try await throttle.recordFailure(address: "198.51.100.50", username: "planner", now: Self.start + 60)
            #expect(try await throttle.retryAfter(address: "198.51.100.99", username: "planner", now: Self.start + 61) == 59)
            #expect(try await throttle.retryAfter(address: "198.51.100.99", username: "planner", now: Self.start + 120) == nil)
            // A known address is forgotten after 30 days without a sign-in.
            #expect(try await throttle.retryAfter(address: "192.0.2.10", username: "planner", now: Self.start - 7 * 86_400 + 31 * 86_400) == nil)
        }
    }

    @Test(arguments: TestEngine.all)
    func manyDistinctAddressesDoNotGrowTheThrottleForever(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, holding: .schema) { database in
            let throttle = LoginThrottle(database: database)
            let store = LoginThrottleStore(database.sql)
            for index in 0..<999 { try await throttle.recordFailure(address: "a\(index)", username: "u\(index)", now: Self.start) }
            #expect(try await store.failureCount() == 999 * 3)
            // The thousandth failure, after the window, sweeps everything that left it.
            try await throttle.recordFailure(address: "late", username: "late", now: Self.start + 16 * 60)
            #expect(try await store.failureCount() == 3)
        }
    }

    /// Two server processes on one database (two pools on it here) count failures together: four
    /// failures on one and one on the other lock the pair on both.
    @Test(arguments: TestEngine.all)
    func twoProcessesOnOneDatabaseCountFailuresTogether(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, holding: .schema) { database in
            try await TestDatabase.withSecondProcess(on: database) { other in
                let (first, second) = (LoginThrottle(database: database), LoginThrottle(database: other))
                for _ in 0..<4 { try await first.recordFailure(address: "203.0.113.1", username: "planner", now: Self.start) }
                #expect(try await second.retryAfter(address: "203.0.113.1", username: "planner", now: Self.start) == nil)
                try await second.recordFailure(address: "203.0.113.1", username: "planner", now: Self.start)
                #expect(try await first.retryAfter(address: "203.0.113.1", username: "planner", now: Self.start + 60) == 14 * 60)
                #expect(try await second.retryAfter(address: "203.0.113.1", username: "planner", now: Self.start + 60) == 14 * 60)
                // A success on one clears the pair for both.
                try await first.recordSuccess(address: "203.0.113.1", username: "planner", now: Self.start + 61)
                #expect(try await second.retryAfter(address: "203.0.113.1", username: "planner", now: Self.start + 61) == nil)
            }
        }
    }

    // MARK: equal work for unknown names

    actor CheckedHashes {
        var hashes: [String] = []
        func add(_ hash: String) { hashes.append(hash) }
    }

    @Test(arguments: TestEngine.all)
    func anUnknownNameCostsABcryptCheckOfTheSameCostAsAKnownOne(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let app = JunhengApp(database: database)
            _ = try await app.accounts.createUser(username: "planner", displayName: "", password: "test-password", role: .planner,
                                                  regionCode: "130500", departmentID: nil, actor: .system("test setup"))
            let checked = CheckedHashes()
            let verify: @Sendable (String, String) async throws -> Bool = { password, hash in
                await checked.add(hash)
                return try await Passwords.verify(password, hash: hash)
            }
            for username in ["planner", "nobody-by-this-name"] {
                await #expect(throws: JunhengError.unauthorized("用户名或密码错误")) {
                    try await app.accounts.verifyLogin(username: username, password: "wrong-password", address: "192.0.2.1", verify: verify)
                }
            }
            let hashes = await checked.hashes
            #expect(hashes.count == 2)
            // Both are bcrypt hashes of the same cost ("$2b$12$…"), so both checks take as long.
            #expect(Set(hashes.map { $0.prefix(7) }).count == 1)
            #expect(hashes[0] != hashes[1])
            // The right password still works through the same path.
            let user = try await app.accounts.verifyLogin(username: "planner", password: "test-password", address: "192.0.2.1",
                                                          verify: verify)
            #expect(user.username == "planner")
        }
    }

    // MARK: uploads

    @Test func aNULInACSVCellIsRefusedWithItsRowAndColumn() throws {
        let csv = Data("地区,数值\n临城县,1\n内丘县,2\u{0}3\n".utf8)
        #expect(throws: JunhengError.invalid([ValidationIssue(field: "file", reason: "单元格" + TextSafety.nulReason, row: 3, column: "B")])) {
            try UploadTables.read(csv, filename: "figures.csv")
        }
    }

    @Test func aNULInAnXLSXCellIsRefusedWithItsSheetRowAndColumn() throws {
        let workbook = try XLSXWriter.write([SheetContent(name: "数据", rows: [["地区", "数值"], ["临城\u{0}县", 1]], headerRowCount: 1)])
        #expect(throws: JunhengError.invalid([ValidationIssue(field: "file", reason: "单元格" + TextSafety.nulReason, sheet: "数据",
                                                              row: 2, column: "A")])) {
            try UploadTables.read(workbook, filename: "figures.xlsx")
        }
    }

    @Test func catalogueCSVExportsNeutraliseFormulasAndImportBackUnchanged() throws {
        let items = [
            CatalogueItem(key: "A1", domain: "幼有所育", name: "=HYPERLINK(\"http://evil.example\",\"点击\")", targetPopulation: "+86 儿童",
                          content: "-2+3+cmd|' /C calc'!A0", standardText: "@SUM(1,2)", leadDepartment: "-5", legalBasis: "=《法律》第3条"),
        ]
        let data = try CatalogueExchange.export(items, format: .csv)
        let cells = try CSVReader.read(data).sheet.rows[1].map(\.value.text)
        #expect(cells[3] == "'=HYPERLINK(\"http://evil.example\",\"点击\")")
        #expect(cells[4] == "'+86 儿童")
        #expect(cells[5] == "'-2+3+cmd|' /C calc'!A0")
        #expect(cells[6] == "'@SUM(1,2)")
        #expect(cells[8] == "'-5")
        #expect(cells[9] == "'=《法律》第3条")
        #expect(try CatalogueExchange.read(data, filename: "catalogue.csv") == items)
    }

    @Test func errorsQuoteOnlyAnExcerptOfABadCell() throws {
        let huge = String(repeating: "很长的列名", count: 2_000)
        do {
            _ = try CatalogueExchange.read(Data("项目编码,领域,服务项目,\(huge)\nA1,幼有所育,托育,x\n".utf8), filename: "c.csv")
            Issue.record("a bad header was accepted")
        } catch let JunhengError.invalid(issues) {
            let issue = try #require(issues.first)
            #expect(issue.reason == "无法识别的列名“\(String(huge.prefix(40)))…”")
            #expect(issue.field.count == 41)
        }
        #expect(throws: JunhengError.invalid(field: "region", "“\(String(repeating: "9", count: 40))…”不是有效的地区代码（6、9 或 12 位数字）")) {
            try regionCode(String(repeating: "9", count: 10_000), field: "region")
        }
    }

    @Test func anUnreadableUploadQuotesOnlyAnExcerptOfItsName() throws {
        // The bad cell's own excerpt is SpreadsheetError's (aHugeBadCellIsQuotedByItsFirstFortyCharacters).
        let name = String(repeating: "名", count: 5_000) + ".xlsx"
        let quoted = String(repeating: "名", count: 40) + "…"
        #expect(throws: JunhengError.invalid([ValidationIssue(field: "file", reason: "无法读取“\(quoted)”：不是 XLSX 文件（不是 ZIP 压缩包）")])) {
            try UploadTables.read(Data("地区,数值\n".utf8), filename: name)
        }
        #expect(throws: JunhengError.invalid(field: "file", "文件“\(quoted)”是空的")) { try UploadTables.read(Data(), filename: name) }
    }
}

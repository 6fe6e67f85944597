import Foundation
import JunhengApp
import JunhengCore
import JunhengTestSupport
import Spreadsheet
import Storage
import Testing

/// Issue 17, part 4: a file is read, checked and stored as a stream through a staging table,
/// and stays all or nothing with the errors of the in-memory validator — the first bad row of a
/// large file named by its number, duplicates caught across the batches it is loaded in.
@Suite("Streaming observation imports")
struct StreamingImportTests {
    static let system = Actor.system("test")

    /// A CSV file of `rows` data rows of one indicator for Lincheng (130522): 20 years × as many
    /// disaggregations as needed, every key distinct; `line` may replace a row's text.
    static func file(rows: Int, replacing line: (Int) -> String? = { _ in nil }) throws -> String {
        var text = "地区,指标,年份,数值,分组\n"
        text.reserveCapacity(rows * 32)
        for index in 0..<rows {
            // Data row `index` is file row `index + 2`.
            text += line(index + 2) ?? "130522,T-RATE,\(2000 + index % 20),\(index % 100),g\(index / 20)\n"
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("streaming-\(UUID().uuidString).csv").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func importFile(_ app: JunhengApp, _ path: String) async throws -> ObservationImport.Outcome {
        try await app.monitoring.importFile(.file(path: path), filename: "large.csv", scope: nil, approvalComment: nil,
                                            limits: .localFile, actor: system)
    }

    static func storedCount(_ database: JunhengDatabase) async throws -> (observations: Int, submissions: Int) {
        (try await ObservationStore(database.sql, engine: database.engine).count(),
         try await ObservationStore(database.sql, engine: database.engine).submissions(regionCodes: nil).count)
    }

    @Test(arguments: TestEngine.all)
    func aBadRowDeepInALargeFileRejectsItWholeByItsNumber(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let app = JunhengApp(database: database)
            _ = try await app.monitoring.createIndicator(IndicatorRecord(code: "T-RATE", name: "测试比率", unit: "%"), actor: Self.system)
            let path = try Self.file(rows: 200_000) { $0 == 150_001 ? "130522,T-RATE,2001,八十,g-bad\n" : nil }
            defer { try? FileManager.default.removeItem(atPath: path) }
            await #expect(throws: JunhengError.invalid([
                ValidationIssue(field: "value", reason: "数值“八十”不是数字", row: 150_001, column: "D"),
            ])) {
                try await Self.importFile(app, path)
            }
            #expect(try await Self.storedCount(database) == (0, 0))
        }
    }

    @Test(arguments: TestEngine.all)
    func aDuplicateInALaterBatchNamesTheFirstRowAndNothingIsStored(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let app = JunhengApp(database: database)
            _ = try await app.monitoring.createIndicator(IndicatorRecord(code: "T-RATE", name: "测试比率", unit: "%"), actor: Self.system)
            // Row 9,002 repeats row 2's key, two SQLite batches (4,000 rows) later; row 9,003 is bad too.
            let path = try Self.file(rows: 10_000) { row in
                switch row {
                case 9_002: "130522,T-RATE,2000,55,g0\n"
                case 9_003: "130599,T-RATE,2000,55,g0\n"
                default: nil
                }
            }
            defer { try? FileManager.default.removeItem(atPath: path) }
            await #expect(throws: JunhengError.invalid([
                ValidationIssue(field: "region", reason: "与第 2 行重复（同一地区、指标、年份和分组）", row: 9_002, column: "A"),
                ValidationIssue(field: "region", reason: "未知地区“130599”", row: 9_003, column: "A"),
            ])) {
                try await Self.importFile(app, path)
            }
            #expect(try await Self.storedCount(database) == (0, 0))
        }
    }

    @Test(arguments: TestEngine.all)
    func aLargeFileIsStoredWholeWithItsRowsAndFile(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let app = JunhengApp(database: database)
            _ = try await app.monitoring.createIndicator(IndicatorRecord(code: "T-RATE", name: "测试比率", unit: "%"), actor: Self.system)
            let path = try Self.file(rows: 50_000)
            defer { try? FileManager.default.removeItem(atPath: path) }
            var reports: [ObservationImport.Progress] = []
            let outcome = try await app.monitoring.importFile(.file(path: path), filename: "large.csv", scope: nil, approvalComment: nil,
                                                              limits: .localFile, progress: { reports.append($0) }, actor: Self.system)
            #expect(outcome.submission.rowCount == 50_000)
            #expect(outcome.submission.regionCode.rawValue == "130522")
            #expect(outcome.submission.year == 2019)
            #expect(reports.count == 50_001)
            #expect(reports.suffix(2) == [.reading(row: 50_001), .storing(rows: 50_000)])
            #expect(try await Self.storedCount(database) == (50_000, 1))
            // The file is kept in parts of a megabyte and comes back byte for byte.
            let kept = try #require(try await ObservationStore(database.sql, engine: database.engine).submissionFile(outcome.submission.id))
            #expect(kept.bytes == (try Data(contentsOf: URL(fileURLWithPath: path))))
            #expect(kept.bytes.count > 1 << 20)
        }
    }

    @Test(arguments: TestEngine.all)
    func yearOnYearJumpsAreWarnedAgainstStagedAndStoredValues(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let app = JunhengApp(database: database)
            _ = try await app.monitoring.createIndicator(IndicatorRecord(code: "T-RATE", name: "测试比率", unit: "%"), actor: Self.system)
            _ = try await app.monitoring.importFile(Data("地区,指标,年份,数值\n130522,T-RATE,2018,10\n".utf8), filename: "a.csv",
                                                    scope: nil, approvalComment: nil, actor: Self.system)
            let outcome = try await app.monitoring.importFile(
                Data("地区,指标,年份,数值\n130522,T-RATE,2019,30\n130522,T-RATE,2020,31\n130522,T-RATE,2021,3\n".utf8),
                filename: "b.csv", scope: nil, approvalComment: nil, actor: Self.system)
            #expect(outcome.warnings == [
                ValidationIssue(field: "value", reason: "比上年（10）变化 +200.0%，超过 ±50% 的提示阈值，请核实", row: 2, column: "D"),
                ValidationIssue(field: "value", reason: "比上年（31）变化 -90.3%，超过 ±50% 的提示阈值，请核实", row: 4, column: "D"),
            ])
            #expect(outcome.submission.warnings == outcome.warnings)
        }
    }
}

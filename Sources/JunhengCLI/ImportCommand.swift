import ArgumentParser
import Foundation
import JunhengCore
import JunhengApp
import Spreadsheet

struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Load data files from the shell.",
        subcommands: [Observations.self])

    struct Observations: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import yearly figures from a CSV or XLSX file as one submission.",
            discussion: """
                One row per region × indicator × year (× disaggregation). Columns (Chinese or English headers):
                region/地区 (code or name), indicator/指标 (code or name), year/年份, value/数值, and optionally
                disaggregation/分组 and unit/单位. Every row is checked first; any error rejects the whole file
                with sheet, row, column and reason, and nothing is stored. Year-on-year jumps are warnings.
                Example:
                  junheng import observations data/2020.csv --region 130522
                """)

        @Argument(help: "The CSV or XLSX file.") var file: String
        @Option(help: "Only allow rows for this region's subtree (as a reporter of that region would be).") var region: String?
        @Flag(help: "Approve the submission at once (for loading figures already checked elsewhere).") var approve = false
        @Option(help: "Flag figures that change by more than this fraction from the previous year (0.5 = ±50 %).")
        var jumpThreshold = ObservationImport.defaultJumpThreshold
        @Flag(help: "Print the outcome as JSON.") var json = false
        @Flag(help: "No progress bar (there is none either when standard error is not a terminal).") var quiet = false
        @OptionGroup var databaseOptions: DatabaseOptions

        func validate() throws {
            guard jumpThreshold > 0, jumpThreshold.isFinite else { throw ValidationError("--jump-threshold must be a positive fraction") }
        }

        func run() async throws {
            let scope = try region.map(Regions.code)
            guard FileManager.default.isReadableFile(atPath: file) else {
                throw ValidationError("cannot read \(file): no such readable file")
            }
            let name = URL(fileURLWithPath: file).lastPathComponent
            // A CSV file's lines are its rows (bar quoted line breaks): the bar's total. A
            // workbook's rows are known only once read.
            let lines = name.lowercased().hasSuffix(".csv") ? try Self.lineCount(of: file) : nil
            let reading = ProgressBar("import \(name)", total: lines, unit: "rows", quiet: quiet)
            let storing = ProgressBar("store", unit: "rows", quiet: quiet)
            // Streamed from the disk: memory stays the same whatever the file's length.
            let outcome = try await withApp(databaseOptions, settings: AppSettings(jumpThreshold: jumpThreshold)) { app in
                try await app.monitoring.importFile(
                    .file(path: file), filename: name, scope: scope, approvalComment: approve ? "命令行导入" : nil, limits: .localFile,
                    progress: { progress in
                        switch progress {
                        case .reading(let row): reading.update(row)
                        case .storing(let rows):
                            reading.finish(lines ?? rows)
                            storing.update(rows)
                        }
                    },
                    actor: .system("import observations"))
            }
            storing.finish(outcome.submission.rowCount)
            if json { return try printJSON(outcome) }
            print("submission \(outcome.submission.id): \(outcome.submission.rowCount) rows, \(outcome.submission.status.rawValue)")
            for warning in outcome.warnings { print("warning: \(warning)") }
        }

        /// Line feeds in a file, read a megabyte at a time.
        static func lineCount(of path: String) throws -> Int {
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            var count = 0
            while let data = try handle.read(upToCount: 1 << 20), !data.isEmpty {
                count += data.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            }
            return count
        }
    }
}

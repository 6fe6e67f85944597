import ArgumentParser
import Foundation
import JunhengCore
import JunhengApp

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
        @OptionGroup var databaseOptions: DatabaseOptions

        func validate() throws {
            guard jumpThreshold > 0, jumpThreshold.isFinite else { throw ValidationError("--jump-threshold must be a positive fraction") }
        }

        func run() async throws {
            let scope = try region.map(Regions.code)
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: file))
            } catch {
                throw ValidationError("cannot read \(file): \(error.localizedDescription)")
            }
            let outcome = try await withApp(databaseOptions, settings: AppSettings(jumpThreshold: jumpThreshold)) { app in
                try await app.monitoring.importFile(data, filename: URL(fileURLWithPath: file).lastPathComponent, scope: scope,
                                                    approvalComment: approve ? "命令行导入" : nil, actor: .system("import observations"))
            }
            if json { return try printJSON(outcome) }
            print("submission \(outcome.submission.id): \(outcome.submission.rowCount) rows, \(outcome.submission.status.rawValue)")
            for warning in outcome.warnings { print("warning: \(warning)") }
        }
    }
}

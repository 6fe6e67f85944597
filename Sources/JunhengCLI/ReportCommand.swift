import ArgumentParser
import Foundation
import JunhengApp
import JunhengCore
import JunhengServer
import Storage

/// `junheng report annual|midterm`: a region's report of the figures approved now, written as
/// HTML, PDF (headless Chromium), DOCX, XLSX (annex tables) or JSON (the figures), to a file or stdout.
struct Report: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the annual monitoring report or the mid-term evaluation of a region (HTML, PDF, DOCX, XLSX, JSON).",
        subcommands: [Annual.self, Midterm.self])

    struct Options: ParsableArguments {
        @Option(help: "Region code, e.g. 130500.") var region: String
        @Option(help: "The year the report is about (figures of later years are left out).") var year: Int
        @Option(help: "Only the indicators of this plan (its ID).") var plan: Int64?
        @Option(help: "html, pdf, docx, xlsx or json.") var format: String = "pdf"
        @Option(name: .shortAndLong, help: "Output file; default: standard output.") var output: String?
        @Option(help: "The report's title; default: the usual one.") var title: String?
        @Flag(help: "No progress bar (there is none either when standard error is not a terminal).") var quiet = false
        @OptionGroup var databaseOptions: DatabaseOptions

        func write(_ kind: ReportKind) async throws {
            let code = try Regions.code(region)
            // Assembling the figures and printing a PDF take seconds: the bar shows it is working.
            let progress = ProgressBar("report \(kind.rawValue) \(code.rawValue) \(year) \(format)", total: 1, unit: "reports", quiet: quiet)
            progress.update(0)
            let bytes: Data
            if format == "json" {
                let figures = try await withApp(databaseOptions) {
                    try await $0.reports.currentFigures(kind: kind, region: code, planID: plan, year: year)
                }
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                bytes = try encoder.encode(figures)
            } else {
                guard let format = ReportFormat(rawValue: format) else {
                    throw ValidationError("--format is html, pdf, docx, xlsx or json")
                }
                let database = try await databaseOptions.open(logger: CLILog.logger)
                do {
                    let services = try await JunhengServices.make(database: database,
                                                                  configuration: ServerConfiguration(database: try databaseOptions.location))
                    bytes = try await services.currentReport(kind: kind, region: code, planID: plan, year: year, title: title, format: format)
                    try await database.shutdown()
                } catch {
                    try? await database.shutdown()
                    throw error
                }
            }
            progress.finish(1)
            if let output {
                try bytes.write(to: URL(fileURLWithPath: output))
            } else {
                FileHandle.standardOutput.write(bytes)
            }
        }
    }

    struct Annual: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The annual monitoring report (年度监测报告).")
        @OptionGroup var options: Options
        func run() async throws { try await options.write(.annual) }
    }

    struct Midterm: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The mid-term evaluation (中期评估报告).")
        @OptionGroup var options: Options
        func run() async throws { try await options.write(.midterm) }
    }
}

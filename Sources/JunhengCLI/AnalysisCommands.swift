import ArgumentParser
import Equalization
import Foundation
import JunhengCore
import JunhengApp
import PlanIngest

struct Progress: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Assess progress towards a target (Statistics Canada / Open SDG method) and print JSON.",
        discussion: """
            Prints {"status", "ratio", "trajectory", …}. Statuses: target_achieved, substantial_progress
            (ratio ≥ 0.95), moderate_progress (≥ 0.6), limited_progress (≥ 0), deterioration, insufficient_data.
            Without --target the observed growth rate is judged alone (1.5 % / 0.5 % / 0 a year).
            Example:
              junheng progress --base 60 --base-year 2015 --current 70 --current-year 2020 \\
                --target 90 --target-year 2030 --direction higher
            """)

    @Option(help: "Baseline value.") var base: Double
    @Option(help: "Baseline year.") var baseYear: Int
    @Option(help: "Latest observed value.") var current: Double
    @Option(help: "Year of the latest value.") var currentYear: Int
    @Option(help: "Target value.") var target: Double?
    @Option(help: "Target year (required with --target).") var targetYear: Int?
    @Option(help: "higher or lower: which direction is better.") var direction: Direction = .higher

    func validate() throws {
        if (target == nil) != (targetYear == nil) { throw ValidationError("--target and --target-year go together") }
    }

    func run() throws {
        try printJSON(ProgressMethod.assess(ProgressInput(
            baseYear: baseYear, baseValue: base, currentYear: currentYear, currentValue: current,
            targetYear: targetYear, targetValue: target, direction: direction)))
    }
}

extension Direction: ExpressibleByArgument {}

struct Ingest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read plan documents (Word .docx/.doc/.wps, PDF, web pages or text) and print their structure as JSON, or store them as draft plans.",
        discussion: """
            The format is told from the file's bytes: DOCX and web pages (any charset, GBK included) and text
            (UTF-8, GB18030/GBK or UTF-16) are read directly; a PDF is read with pdftotext (poppler-utils) and a
            .doc or .wps file is converted with LibreOffice (libreoffice-writer-nogui) first. A scanned PDF has no
            text to read. Repairs the text (pinyin readings, mojibake, private-use characters, broken lines, page chrome,
            traditional → simplified) and extracts the document facts, outline, domains and service items,
            targets, tasks, projects and departments, each with its quote and offsets. The format is in
            docs/ingest-format.md. One file prints one JSON object; several print an array.

            With --import each file becomes a draft plan for review at /plans/ID; publishing it there (or with
            POST /api/v1/plans/ID/publish) creates its indicators and targets, a draft catalogue and its tasks.
            """)

    @Argument(help: "Plan files to read.") var files: [String]
    @Flag(help: "Print the extraction as JSON (the default unless --import).") var json = false
    @Flag(name: .customLong("import"), help: "Store each file as a draft plan for review.") var importDraft = false
    @Option(help: "Region code of the plans when the documents do not name it.") var region: String?
    @Flag(help: "No progress bar (there is none either when standard error is not a terminal).") var quiet = false
    @OptionGroup var databaseOptions: DatabaseOptions

    func run() async throws {
        let override = try region.map(Regions.code)
        var outputs: [String] = []
        var failures: [String] = []
        var uploads: [(file: String, upload: PlanUseCases.Upload)] = []
        // One file is quick; many take long enough to show how far the reading has come.
        let reading = ProgressBar("read", total: files.count, unit: "files", quiet: quiet || files.count < 2)
        for (index, file) in files.enumerated() {
            defer { reading.update(index + 1) }
            do {
                let data = try Data(contentsOf: URL(fileURLWithPath: file))
                if importDraft {
                    uploads.append((file, PlanUseCases.Upload(filename: URL(fileURLWithPath: file).lastPathComponent, data: data, region: override)))
                }
                if json || !importDraft {
                    let ingestion = try PlanFileReader.ingest(data, regions: PlanIngestSupport.regionTable)
                    outputs.append(String(decoding: try ingestion.result.jsonData(), as: UTF8.self))
                }
            } catch {
                failures.append("\(file): \(error)")
            }
        }
        reading.finish(files.count)
        if !outputs.isEmpty { print(outputs.count == 1 && files.count == 1 ? outputs[0] : "[\n" + outputs.joined(separator: ",\n") + "\n]") }
        if !uploads.isEmpty {
            let storing = ProgressBar("store", total: uploads.count, unit: "plans", quiet: quiet || uploads.count < 2)
            try await withApp(databaseOptions) { app in
                for (index, (file, upload)) in uploads.enumerated() {
                    defer { storing.update(index + 1) }
                    do {
                        let (plan, counts) = try await app.plans.ingest(upload, actor: .system("ingest --import"))
                        let facts = counts.values.reduce(0, +)
                        let line = "\(file): draft plan \(plan.id) for \(plan.regionCode.rawValue) with \(facts) facts to review at /plans/\(plan.id)"
                        storing.log(line)
                    } catch {
                        failures.append("\(file): \(error)")
                    }
                }
            }
            storing.finish(uploads.count)
        }
        for failure in failures { FileHandle.standardError.write(Data("junheng ingest: \(failure)\n".utf8)) }
        if !failures.isEmpty { throw ExitCode.failure }
    }
}

struct Equalize: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Inequality measures (mean, CV, Gini, Theil T and L, GE(α), Atkinson, ratios, Lorenz) as JSON.",
        discussion: """
            From a file: --input FILE.csv with columns region,value[,weight][,group] (any order).
            From the database: --region CODE --indicator ID [--year Y], over the region's children, weighted
            by the 常住人口 indicator (or --weight-indicator), decomposed by --groups SET when given.
            Prints `unweighted` and, with weights, `weighted` measures; with groups, the within/between
            decomposition of Theil T and L. Missing values are listed under dataQuality, never silently
            dropped. --details adds the regions, the benchmark and the yearly trend. See docs/equalization.md.
            """)

    @Option(help: "CSV file with columns region,value[,weight][,group].") var input: String?
    @Option(help: "Parent region code: its children are compared.") var region: String?
    @Option(help: "Indicator ID.") var indicator: Int64?
    @Option(help: "Year (default: the latest with figures).") var year: Int?
    @Option(help: "Weight indicator ID (default: the indicator named 常住人口…).") var weightIndicator: Int64?
    @Option(help: "Region group set code for the decomposition.") var groups: String?
    @Option(help: "Benchmark region code (default: the parent region).") var benchmark: String?
    @Flag(help: "With --region: print regions, benchmark and trend as well as the measures.") var details = false
    @OptionGroup var databaseOptions: DatabaseOptions

    func validate() throws {
        if (input == nil) == (region == nil) { throw ValidationError("give either --input FILE or --region CODE --indicator ID") }
        if region != nil && indicator == nil { throw ValidationError("--region needs --indicator") }
    }

    func run() async throws {
        if let input {
            let text: String
            do {
                text = try String(contentsOfFile: input, encoding: .utf8)
            } catch {
                throw ValidationError("cannot read \(input) as UTF-8 text: \(error.localizedDescription)")
            }
            do {
                return try printJSON(try EqualizationReport(csv: text))
            } catch {
                throw ValidationError("\(input): \(error)")
            }
        }
        let request = EqualizationAnalysis.Request(
            indicatorID: indicator!, parent: try Regions.code(region!), year: year, weightIndicatorID: weightIndicator,
            groupSet: groups, benchmark: try benchmark.map(Regions.code))
        let result = try await withApp(databaseOptions) { try await $0.equalization.analyse(request) }
        if details { try printJSON(result) } else { try printJSON(result.report) }
    }
}

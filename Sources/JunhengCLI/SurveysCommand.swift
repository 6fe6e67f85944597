import ArgumentParser
import Foundation
import JunhengApp
import JunhengCore
import Spreadsheet

/// `junheng surveys list|questionnaire|import|invite|margins|results`: satisfaction surveys at the console.
struct SurveysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "surveys",
        abstract: "Satisfaction surveys (满意度调查): list them, print or revise a questionnaire, import responses, invite respondents, set population margins, print results by region and domain.",
        subcommands: [List.self, QuestionnaireCommand.self, Import.self, Invite.self, Margins.self, Results.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Surveys: id, region, status, responses, title.")
        @OptionGroup var databaseOptions: DatabaseOptions

        func run() async throws {
            let (surveys, counts) = try await withApp(databaseOptions) { app in
                (try await app.surveys.surveys(actor: .system("surveys list")), try await app.surveys.responseCounts())
            }
            for survey in surveys {
                print(["\(survey.id)", survey.regionCode.rawValue, survey.questionnaire.status.rawValue, "\(counts[survey.id] ?? 0)",
                       survey.questionnaire.title].joined(separator: "\t"))
            }
        }
    }

    struct QuestionnaireCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "questionnaire",
            abstract: "Print a survey's questionnaire as JSON, or replace it from a JSON file (--set).",
            discussion: """
                Replacing a draft's questionnaire edits it; a fielded or closed survey gets its next version as a \
                new draft survey (its id is printed), so the answers collected keep the questions they answered.
                """)
        @Argument(help: "The survey's id.") var survey: String
        @Option(name: .customLong("set"), help: "A questionnaire as JSON (as printed).") var file: String?
        @OptionGroup var databaseOptions: DatabaseOptions

        func run() async throws {
            let actor = Actor.system("surveys questionnaire")
            let record = try await withApp(databaseOptions) { app in
                guard let file else { return try await app.surveys.survey(survey, actor: actor) }
                let given: Questionnaire
                do {
                    given = try JSONDecoder().decode(Questionnaire.self, from: Data(contentsOf: URL(fileURLWithPath: file)))
                } catch let error as DecodingError {
                    throw JunhengError.invalid(field: "file", "“\(file)”不是问卷的 JSON：\(error)")
                }
                return try await app.surveys.revise(survey, title: given.title, questions: given.questions, ageBands: given.ageBands,
                                                    actor: actor)
            }
            if file != nil { return print("调查 \(record.id)：第 \(record.questionnaire.version) 版，\(record.questionnaire.status.chineseName)") }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            FileHandle.standardOutput.write(try encoder.encode(record.questionnaire) + Data("\n".utf8))
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Import a fielded survey's responses (CSV or XLSX), all or nothing.")
        @Argument(help: "The survey's id.") var survey: String
        @Argument(help: "The CSV or XLSX file.") var file: String
        @OptionGroup var databaseOptions: DatabaseOptions

        func run() async throws {
            let result = try await withApp(databaseOptions) {
                try await $0.surveys.importResponses(survey, upload: .file(path: file), filename: (file as NSString).lastPathComponent,
                                                     actor: .system("surveys import"))
            }
            print("已导入 \(result.responses) 份答卷，共 \(result.total) 份")
        }
    }

    struct Invite: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make one-time links for invited respondents and print them as CSV (link, contact), once.",
            discussion: """
                One link per line of --contacts (a name and telephone per line, kept apart from the answers), \
                or --count links without contacts. Only the links' hashes are stored: keep the output.
                """)
        @Argument(help: "The survey's id.") var survey: String
        @Option(help: "How many links, without contacts.") var count: Int?
        @Option(help: "A text file with one contact per line.") var contacts: String?
        @Option(help: "The address respondents open, e.g. https://junheng.example.gov.cn") var baseURL: String
        @OptionGroup var databaseOptions: DatabaseOptions

        func validate() throws {
            guard (count == nil) != (contacts == nil) else { throw ValidationError("give --count or --contacts (one of them)") }
        }

        func run() async throws {
            let lines = try contacts.map { try String(contentsOfFile: $0, encoding: .utf8).components(separatedBy: .newlines) } ?? []
            let invitations = try await withApp(databaseOptions) {
                try await $0.surveys.invite(survey, count: count ?? 0, contacts: lines, actor: .system("surveys invite"))
            }
            let base = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
            let rows = [["链接", "联系人"]] + invitations.map { ["\(base)/s/\($0.token)", $0.contact ?? ""] }
            FileHandle.standardOutput.write(CSVWriter.write(rows.map { $0.map(CellValue.string) }))
        }
    }

    struct Margins: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set the population margins the survey's weights are raked to.",
            discussion: """
                From a CSV or XLSX table with the columns 维度 (地区, 城乡, 性别, 年龄段), 类别 and 人口, all or nothing \
                (--source names where the figures come from); or each lower-level region's population from the \
                population points (--from-population-points); or none (--clear).
                """)
        @Argument(help: "The survey's id.") var survey: String
        @Argument(help: "The margins table (CSV or XLSX).") var file: String?
        @Option(help: "Where the populations come from, e.g. 第七次全国人口普查.") var source: String?
        @Flag(help: "Take each lower-level region's population from the population points.") var fromPopulationPoints = false
        @Flag(help: "Remove the margins: estimates use the design weights.") var clear = false
        @OptionGroup var databaseOptions: DatabaseOptions

        func validate() throws {
            guard [file != nil, fromPopulationPoints, clear].filter({ $0 }).count == 1 else {
                throw ValidationError("give a margins file, --from-population-points or --clear (one of them)")
            }
            if file != nil && (source ?? "").isEmpty { throw ValidationError("--source is required with a margins file") }
        }

        func run() async throws {
            let actor = Actor.system("surveys margins")
            let record = try await withApp(databaseOptions) { app in
                if let file {
                    return try await app.surveys.setMargins(survey, upload: .file(path: file), filename: (file as NSString).lastPathComponent,
                                                            source: source ?? "", actor: actor)
                }
                return fromPopulationPoints ? try await app.surveys.setRegionMarginsFromPopulationPoints(survey, actor: actor)
                    : try await app.surveys.clearMargins(survey, actor: actor)
            }
            guard let margins = record.margins else { return print("已取消校准：估计值使用抽样设计权重") }
            for dimension in margins.dimensions {
                let populations = margins.populations[dimension] ?? [:]
                print("\(dimension.chineseName)\t\(populations.count) 类\t合计 \(Int(populations.values.reduce(0, +).rounded())) 人")
            }
            print("来源：\(margins.source)")
        }
    }

    struct Results: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Results as CSV: region, domain, respondents, suppressed, imprecise, index, SE, 95% interval, df.")
        @Argument(help: "The survey's id.") var survey: String
        @OptionGroup var databaseOptions: DatabaseOptions

        func run() async throws {
            let results = try await withApp(databaseOptions) { app in
                try await app.surveys.results(try await app.surveys.survey(survey, actor: .system("surveys results")))
            }
            FileHandle.standardOutput.write(SurveyResultsCSV.data(results))
        }
    }
}

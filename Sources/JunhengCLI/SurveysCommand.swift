import ArgumentParser
import Foundation
import JunhengApp
import JunhengCore

/// `junheng surveys list|import|results`: satisfaction surveys at the console.
struct SurveysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "surveys",
        abstract: "Satisfaction surveys (满意度调查): list them, import responses, print results by region and domain.",
        subcommands: [List.self, Import.self, Results.self])

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

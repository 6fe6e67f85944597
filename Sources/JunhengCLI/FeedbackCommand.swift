import ArgumentParser
import Foundation
import JunhengApp
import JunhengCore

extension FeedbackStatus: ExpressibleByArgument {}

/// `junheng feedback list|show`: citizens' messages at the console — the handling list with
/// deadline colours, and one message by its receipt number as its sender sees it.
struct Feedback: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feedback",
        abstract: "Citizens' feedback (需求反馈): list messages to handle, show one by receipt number.",
        subcommands: [List.self, Show.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Messages, oldest deadline first: colour, due date, receipt, status, region, department, text.")
        @Option(help: "Only this status: new, accepted, answered, closed or merged.") var status: FeedbackStatus?
        @Flag(help: "JSON instead of tab-separated lines.") var json = false
        @OptionGroup var databaseOptions: DatabaseOptions

        func run() async throws {
            let statuses = status.map { [$0] }
            let cases = try await withApp(databaseOptions) {
                try await $0.feedback.inbox(actor: .system("feedback list"), statuses: statuses)
            }
            if json {
                let rows = cases.map { item in
                    CaseLine(receipt: item.record.receipt, colour: item.colour, dueOn: item.record.dueOn.description,
                             status: item.record.status, region: item.regionName, department: item.departmentName,
                             text: item.record.text)
                }
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(rows), as: UTF8.self))
                return
            }
            for item in cases {
                print([item.colour.chineseName, item.record.dueOn.description, item.record.receipt,
                       item.record.status.chineseName, item.regionName, item.departmentName ?? "待分办",
                       String(item.record.text.prefix(40))].joined(separator: "\t"))
            }
        }

        struct CaseLine: Encodable {
            let receipt: String
            let colour: TaskColour
            let dueOn: String
            let status: FeedbackStatus
            let region: String
            let department: String?
            let text: String
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One message by its receipt number, as its sender sees it.")
        @Argument(help: "The receipt number, e.g. 20261205-7Q3M9KDX.") var receipt: String
        @OptionGroup var databaseOptions: DatabaseOptions

        func run() async throws {
            let shown = try await withApp(databaseOptions) { try await $0.feedback.lookup(receipt: receipt) }
            print("回执号\t\(shown.receipt)")
            print("状态\t\(shown.status.chineseName)")
            print("地区\t\(shown.regionName)")
            print("办理部门\t\(shown.departmentName ?? "待分办")")
            print("收到\t\(shown.receivedOn)\t时限\t\(shown.dueOn)")
            print("留言\t\(shown.text)")
            if let answer = shown.answer { print("答复\t\(answer)") }
        }
    }
}

import ArgumentParser
import Foundation
import JunhengApp
import JunhengCore
import Spreadsheet

/// `junheng hotline import|keywords|report`: 12345 hotline work orders at the console.
struct HotlineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hotline",
        abstract: "12345 hotline work orders: import the hotline's export, keep the keywords that map orders to catalogue items, print the report.",
        subcommands: [Import.self, Keywords.self, Report.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import the hotline's CSV or XLSX export, all or nothing (the caller's columns are not read).")
        @Argument(help: "The CSV or XLSX file.") var file: String
        @Option(help: "The region the orders belong to (its subtree); the installation's by default.") var region: String?
        @OptionGroup var databaseOptions: DatabaseOptions

        func run() async throws {
            let result = try await withApp(databaseOptions, settings: AppSettings(homeRegion: try region.map { try regionCode($0, field: "region") })) {
                try await $0.hotline.importOrders(upload: .file(path: file), filename: (file as NSString).lastPathComponent,
                                                  actor: .system("hotline import"))
            }
            print("新增 \(result.added) 件，更新 \(result.updated) 件；按关键词归类 \(result.mapped) 件，待人工归类 \(result.unmapped) 件")
            if !result.ignoredColumns.isEmpty { print("未读取的列：\(result.ignoredColumns.joined(separator: "、"))") }
        }
    }

    struct Keywords: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the keywords (项目编码=关键词、关键词, one item per line), or replace them from such a file (--set).")
        @Option(name: .customLong("set"), help: "A text file of keywords, one item per line.") var file: String?
        @Option(help: "The region whose catalogue the items must be in; the installation's by default.") var region: String?
        @OptionGroup var databaseOptions: DatabaseOptions

        func run() async throws {
            let text = try await withApp(databaseOptions, settings: AppSettings(homeRegion: try region.map { try regionCode($0, field: "region") })) { app in
                guard let file else { return try await app.hotline.keywordMap(actor: .system("hotline keywords")).text }
                let map = try HotlineKeywordMap.read(text: try String(contentsOfFile: file, encoding: .utf8))
                return try await app.hotline.setKeywordMap(map, actor: .system("hotline keywords")).text
            }
            print(text)
        }
    }

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The report as CSV: by region, department and domain — orders, per 10,000 residents, resolution and satisfaction rates with 95% Wilson intervals.")
        @Option(help: "The region (its lower-level regions are the rows).") var region: String
        @Option(help: "First day, YYYY-MM-DD (1 January of this year by default).") var from: String?
        @Option(help: "Last day, YYYY-MM-DD (today by default).") var to: String?
        @OptionGroup var databaseOptions: DatabaseOptions

        func run() async throws {
            func day(_ text: String?, _ name: String) throws -> CalendarDay? {
                guard let text else { return nil }
                guard let day = CalendarDay(text) else { throw ValidationError("--\(name) \(text) is not a day (YYYY-MM-DD)") }
                return day
            }
            let (first, last) = (try day(from, "from"), try day(to, "to"))
            let report = try await withApp(databaseOptions) { try await $0.hotline.report(region: try regionCode(region, field: "region"), from: first, to: last) }
            FileHandle.standardOutput.write(HotlineReportCSV.data(report))
        }
    }
}

import ArgumentParser
import Foundation
import JunhengCore
import JunhengApp

struct Catalogue: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalogue",
        abstract: "Service catalogues (清单): list versions, export, import, diff and check against the upper level.",
        subcommands: [List.self, Export.self, Import.self, Diff.self, Compliance.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List catalogue versions (optionally of one region).")
        @Option(help: "Region code.") var region: String?
        @Flag(help: "Print JSON.") var json = false
        @OptionGroup var databaseOptions: DatabaseOptions

        func run() async throws {
            let region = try region.map(Regions.code)
            let versions = try await withApp(databaseOptions) { try await $0.catalogue.versions(region: region, actor: .system("catalogue list")) }
            if json { return try printJSON(versions) }
            for version in versions {
                print("\(version.id)\t\(version.regionCode.rawValue)\tv\(version.versionNumber)\t\(version.status.rawValue)\t\(version.itemCount) items\t\(version.title)")
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a version's items as XLSX, CSV or JSON (one row per item, Chinese column headers).",
            discussion: "Example: junheng catalogue export 3 --format xlsx --output xingtai.xlsx")
        @Argument(help: "Catalogue version ID.") var version: Int64
        @Option(help: "xlsx, csv or json.") var format = "xlsx"
        @Option(name: .shortAndLong, help: "Output file (default: standard output).") var output: String?
        @OptionGroup var databaseOptions: DatabaseOptions

        func run() async throws {
            guard let format = CatalogueExchange.Format(rawValue: format) else { throw ValidationError("--format is xlsx, csv or json") }
            let items = try await withApp(databaseOptions) { app in
                try await app.catalogue.items(of: try await app.catalogue.readable(String(version), actor: .system("catalogue export")))
            }
            let data = try CatalogueExchange.export(items, format: format)
            if let output { try data.write(to: URL(fileURLWithPath: output)) } else { FileHandle.standardOutput.write(data) }
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read a catalogue file (XLSX, CSV or JSON) into a new draft version of a region.",
            discussion: """
                Columns: 项目编码, 领域, 服务项目, 服务对象, 服务内容, 服务指导标准, 支出责任, 牵头负责单位, 法律依据, 上级项目编码
                (领域 and 服务项目 required; merged 领域 cells carry down). Any bad row rejects the file with sheet,
                row, column and reason. Example: junheng catalogue import xingtai.xlsx --region 130500
                """)
        @Argument(help: "The file.") var file: String
        @Option(help: "Region code of the catalogue.") var region: String
        @Option(help: "Title of the version.") var title: String?
        @Flag(help: "Print JSON.") var json = false
        @OptionGroup var databaseOptions: DatabaseOptions

        func run() async throws {
            let region = try Regions.code(region)
            let url = URL(fileURLWithPath: file)
            let data = try Data(contentsOf: url)
            let version = try await withApp(databaseOptions) { app in
                try await app.catalogue.importDraft(data, filename: url.lastPathComponent, region: region, title: title,
                                                    actor: .system("catalogue import"))
            }
            if json { return try printJSON(version) }
            print("draft version \(version.id) (v\(version.versionNumber)) for \(region.rawValue) with \(version.itemCount) items")
        }
    }

    struct Diff: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Items added, removed and changed field by field between two versions.")
        @Argument(help: "Older version ID.") var from: Int64
        @Argument(help: "Newer version ID.") var to: Int64
        @Flag(help: "Print JSON.") var json = false
        @OptionGroup var databaseOptions: DatabaseOptions

        func run() async throws {
            let diff = try await withApp(databaseOptions) { app in
                try await app.catalogue.diff(from: String(from), to: String(to), actor: .system("catalogue diff")).diff
            }
            if json { return try printJSON(diff) }
            for item in diff.added { print("+ \(item.key) \(item.domain)：\(item.name)") }
            for item in diff.removed { print("- \(item.key) \(item.domain)：\(item.name)") }
            for change in diff.changed {
                print("~ \(change.after.key) \(change.after.name)")
                for field in change.changes { print("    \(field.field.rawValue): \(field.before) → \(field.after)") }
            }
        }
    }

    struct Compliance: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a lower level's catalogue against its upper level's (原则上不低于).",
            discussion: "Example: junheng catalogue compliance --upper 3 --lower 7 --json")
        @Option(help: "Upper level's version ID.") var upper: Int64
        @Option(help: "Lower level's version ID.") var lower: Int64
        @Flag(help: "Print JSON.") var json = false
        @OptionGroup var databaseOptions: DatabaseOptions

        func run() async throws {
            let findings = try await withApp(databaseOptions) { app in
                try await app.catalogue.compliance(upper: String(upper), lower: String(lower), actor: .system("catalogue compliance")).findings
            }
            if json { return try printJSON(findings) }
            for finding in findings { print("\(finding.kind.chineseName)\t\(finding.upperName)\t\(finding.detail)") }
            if findings.isEmpty { print("no findings") }
        }
    }
}

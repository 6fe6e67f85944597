import ArgumentParser
import Foundation
import JunhengApp

/// `junheng indicators …`: indicators from the console.
struct Indicators: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "indicators",
        abstract: "Indicators (指标): assign the department that leads one.",
        subcommands: [Assign.self])

    /// Makes a department the lead of an indicator: its editors then report and see its figures.
    struct Assign: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a department the lead of an indicator (its editors report its figures).",
            discussion: "Example: junheng indicators assign --indicator 18 --department 1   (--department none removes it)")
        @Option(help: "Indicator ID.") var indicator: Int64
        @Option(help: "Department ID, or none.") var department: String
        @OptionGroup var databaseOptions: DatabaseOptions

        func run() async throws {
            let departmentID: Int64?
            if department == "none" {
                departmentID = nil
            } else if let id = Int64(department) {
                departmentID = id
            } else {
                throw ValidationError("--department is a department ID or none")
            }
            let updated = try await withApp(databaseOptions) { app in
                try await app.monitoring.assignDepartment(indicator: String(indicator), department: departmentID,
                                                          actor: .system("indicators assign"))
            }
            print("\(updated.id)\t\(updated.code)\t\(updated.name)\t\(updated.departmentID.map(String.init) ?? "—")")
        }
    }
}

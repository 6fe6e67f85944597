import ArgumentParser
import Foundation
import JunhengApp

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load demo data (示例数据): accounts, departments, region groups, plan targets and a synthetic data panel for Xingtai (邢台市), and Inner Mongolia's published catalogue. Safe to run twice.")

    @OptionGroup var databaseOptions: DatabaseOptions

    func run() async throws {
        Self.printAccounts(try await withApp(databaseOptions) { try await DemoData.load(into: $0.database, maps: true, survey: true) })
    }

    static func printAccounts(_ summary: DemoData.Summary) {
        let lines = ["示例数据已就绪 (demo data ready). Accounts — password for all: \(DemoData.password)"]
            + summary.accounts.map { "  \($0)" }
        // Unbuffered: the server keeps running after this, and a buffered print to a redirected log
        // would not appear until exit.
        FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    }
}

import ArgumentParser
import JunhengServer

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load demo data (示例数据): accounts, departments and region groups for Xingtai (邢台市). Safe to run twice.")

    @OptionGroup var databaseOptions: DatabaseOptions

    func run() async throws {
        let summary = try await withDatabase(databaseOptions) { try await DemoData.load(into: $0) }
        print("示例数据已就绪 (demo data ready). Accounts — password for all: \(DemoData.password)")
        for account in summary.accounts { print("  \(account)") }
    }
}

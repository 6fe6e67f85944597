import ArgumentParser
import Foundation
import JunhengApp
import Storage

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create or upgrade the database schema and load the region registry if it is empty.")

    @OptionGroup var databaseOptions: DatabaseOptions

    func run() async throws {
        var logger = CLILog.logger
        logger.logLevel = .info
        try await withApp(databaseOptions, logger: logger) { app in
            print("schema version \(Migrator.latestVersion) on \(app.database.location)")
            print("regions: \(try await app.regions.count())")
        }
    }
}

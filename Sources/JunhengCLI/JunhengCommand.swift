import ArgumentParser

/// The root of the `junheng` command line; ``JunhengCommand/main()`` runs it.
public struct JunhengCommand: AsyncParsableCommand {
    public init() {}

    public static let configuration = CommandConfiguration(
        commandName: "junheng",
        abstract: "均衡 Junheng — 基本公共服务均等化管理平台 (basic public services equalization).",
        discussion: """
            Quick start:
              junheng demo                # create the database, load regions and demo accounts
              junheng serve               # serve http://127.0.0.1:8080

            The database is the SQLite file ./data/junheng.sqlite unless --database or
            JUNHENG_DATABASE_URL says otherwise (postgres://user:pass@host:5432/db).
            Every command migrates the schema and loads the GB/T 2260 regions on first use.
            """,
        subcommands: [Serve.self, Migrate.self, Regions.self, Users.self, Demo.self, Progress.self, Ingest.self, Equalize.self, Import.self, Catalogue.self, Indicators.self, Tasks.self, Report.self, Feedback.self, Geo.self, FacilitiesCommand.self, AccessCommand.self, SurveysCommand.self, HotlineCommand.self])
}

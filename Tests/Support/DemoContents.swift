import JunhengApp

extension TestDatabaseContents {
    /// The region registry and the demo (`DemoData.load` with these options), built once per test
    /// process and copied for each test.
    public static func demo(maps: Bool = false, survey: Bool = false) -> TestDatabaseContents {
        regions.withDemo(maps: maps, survey: survey)
    }

    /// These contents with the demo loaded on top.
    public func withDemo(maps: Bool = false, survey: Bool = false) -> TestDatabaseContents {
        then("demo(maps: \(maps), survey: \(survey))") { database in
            _ = try await DemoData.load(into: database, maps: maps, survey: survey)
        }
    }
}

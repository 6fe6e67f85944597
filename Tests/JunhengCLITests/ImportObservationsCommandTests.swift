import Foundation
import JunhengApp
import JunhengCore
import Storage
import Testing

extension CommandTests {
    @Suite("junheng import observations")
    struct ImportObservationsCommandTests {
        /// An indicator to upload figures for, created through the application layer.
        func createIndicator(in db: CommandDatabase) async throws -> IndicatorRecord {
            try await db.app {
                try await $0.monitoring.createIndicator(IndicatorRecord(code: "T-ENROL", name: "学前三年毛入园率", unit: "%"),
                                                        actor: .system("test"))
            }
        }

        func storedPoints(of indicator: IndicatorRecord, in db: CommandDatabase) async throws -> [ObservationPoint] {
            try await db.app { try await $0.monitoring.points(indicatorID: indicator.id, regionCodes: ["130522", "130523"], actor: .system("test")) }
        }

        @Test func approvedImportStoresApprovedFigures() async throws {
            try await CommandDatabase.with { db in
                let indicator = try await createIndicator(in: db)
                let file = try db.file("2020.csv", """
                    地区,指标,年份,数值
                    130522,T-ENROL,2020,91.5
                    内丘县,学前三年毛入园率,2020,88
                    """)
                try await junheng(["import", "observations", file, "--region", "130500", "--approve"] + db.option)
                #expect(try await storedPoints(of: indicator, in: db).map { "\($0.regionCode) \($0.year) \($0.value) \($0.status)" } == [
                    "130522 2020 91.5 approved",
                    "130523 2020 88.0 approved",
                ])
            }
        }

        @Test func aBadRowRejectsTheFileNamingRowAndColumnAndNothingIsStored() async throws {
            try await CommandDatabase.with { db in
                let indicator = try await createIndicator(in: db)
                let file = try db.file("2020.csv", """
                    地区,指标,年份,数值
                    130522,T-ENROL,2020,91.5
                    130523,T-ENROL,2020,八十八
                    """)
                await #expect(throws: JunhengError.invalid([
                    ValidationIssue(field: "value", reason: "数值“八十八”不是数字", row: 3, column: "D"),
                ])) {
                    try await junheng(["import", "observations", file, "--region", "130500", "--approve"] + db.option)
                }
                #expect(try await storedPoints(of: indicator, in: db).isEmpty)
            }
        }

        @Test func rowsOutsideTheRegionGivenAreRejected() async throws {
            try await CommandDatabase.with { db in
                let indicator = try await createIndicator(in: db)
                let file = try db.file("2020.csv", "地区,指标,年份,数值\n130523,T-ENROL,2020,88\n")
                await #expect(throws: JunhengError.invalid([
                    ValidationIssue(field: "region", reason: "无权填报地区 130523（内丘县）", row: 2, column: "A"),
                ])) {
                    try await junheng(["import", "observations", file, "--region", "130522"] + db.option)
                }
                #expect(try await storedPoints(of: indicator, in: db).isEmpty)
            }
        }
    }
}

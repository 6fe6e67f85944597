import Foundation
import JunhengApp
import JunhengCLI
import JunhengCore
import Storage
import Testing

extension CommandTests {
    @Suite("junheng facilities and access")
    struct FacilitiesCommandTests {
        static let demoDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/JunhengApp/Demo/Maps")

        @Test func importsTheRegisterComputesCoverageAndSubmitsItForReview() async throws {
            try await CommandDatabase.with(holding: .demo()) { db in
                let facilities = try await standardOutput {
                    try await junheng(["facilities", "import", Self.demoDirectory.appendingPathComponent("xingtai-facilities.csv").path,
                                       "--crs", "gcj02"] + db.option)
                }
                #expect(facilities.hasPrefix("已导入 1943 行：新增 1943 条，更新 0 条（地区 130502、130503、"))
                let points = try await standardOutput {
                    try await junheng(["facilities", "population", Self.demoDirectory.appendingPathComponent("xingtai-population.csv").path,
                                       "--crs", "gcj02"] + db.option)
                }
                #expect(points.hasPrefix("已导入 854 行：新增 854 条"))

                let table = try await standardOutput {
                    // As the issue writes it: the region is the one above every population point.
                    try await junheng(["access", "compute", "--type", "clinic", "--radius", "1km"] + db.option)
                }
                let rows = table.split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
                #expect(rows.count == 19 && rows.last?.first == "130500")
                #expect(rows.first { $0.first == "130533" }?[1] == "威县")
                let shares = rows.compactMap { Double($0[2]) }
                #expect(shares.count == 19 && shares.allSatisfy { (0...100).contains($0) })

                try await db.app { app in
                    _ = try await app.monitoring.createIndicator(IndicatorRecord(code: "ACCESS-1KM", name: "1公里内有村卫生室的人口比例", unit: "%"),
                                                                 actor: .system("test"))
                }
                let submitted = try await standardOutput {
                    try await junheng(["access", "compute", "--type", "村卫生室", "--minutes", "15", "--mode", "walk", "--region", "130500",
                                       "--indicator", "ACCESS-1KM"] + db.option)
                }
                #expect(submitted.contains("（19 个数值），待审核"))

                let output = db.directory.appendingPathComponent("clinics.geojson")
                try await junheng(["facilities", "export", "--region", "130522", "--type", "village-clinic", "-o", output.path] + db.option)
                let exported = try JSONSerialization.jsonObject(with: try Data(contentsOf: output)) as? [String: Any]
                #expect((exported?["features"] as? [Any])?.count == 40)
            }
        }

        @Test func aBadRegisterIsRefusedWithItsRowAndChangesNothing() async throws {
            try await CommandDatabase.with(holding: .demo()) { db in
                let file = db.directory.appendingPathComponent("设施.csv")
                try Data("编号,名称,类型,区划代码,经度,纬度\nF1,东关村卫生室,村卫生室,130522,114.5,37.44\nF2,西关,诊所,130522,114.5,37.44\n".utf8)
                    .write(to: file)
                await #expect(throws: JunhengError.invalid([ValidationIssue(
                    field: "类型", reason: "未知的设施类型“诊所”，可用：\(FacilityKind.all.map(\.name).joined(separator: "、"))", row: 3, column: "C")])) {
                    try await junheng(["facilities", "import", file.path] + db.option)
                }
                let stored = try await db.app { try await FacilityStore($0.database.sql).counts().facilities }
                #expect(stored == 0)
                #expect(parseMessage(["access", "compute", "--radius", "1km"])?
                    .contains("Missing expected argument '--type <type>'") == true)
            }
        }
    }
}

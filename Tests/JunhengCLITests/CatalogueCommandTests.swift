import Foundation
import JunhengApp
import JunhengCore
import Testing

extension CommandTests {
    @Suite("junheng catalogue")
    struct CatalogueCommandTests {
        static let cityCatalogue = """
            项目编码,领域,服务项目,服务对象,牵头负责单位
            A1,幼有所育,学前教育幼儿资助,在园幼儿,邢台市教育局
            A2,学有所教,义务教育免费提供教科书,义务教育阶段学生,邢台市教育局
            A3,病有所医,健康教育,城乡居民,邢台市卫生健康委员会
            """

        /// The county keeps A1 with another 服务对象, drops A2 and A3, and adds its own item.
        static let countyCatalogue = """
            项目编码,领域,服务项目,服务对象,牵头负责单位,上级项目编码
            A1,幼有所育,学前教育幼儿资助,在园幼儿（含民办园）,临城县教育局,A1
            C1,老有所养,老年人健康管理,65岁及以上老年人,临城县卫生健康局,
            """

        @Test func importExportDiffAndComplianceWorkOnStoredVersions() async throws {
            try await CommandDatabase.with { db in
                try await junheng(["catalogue", "import", try db.file("city.csv", Self.cityCatalogue), "--region", "130500",
                                   "--title", "邢台市清单"] + db.option)
                try await junheng(["catalogue", "import", try db.file("county.csv", Self.countyCatalogue), "--region", "130522"] + db.option)
                let versions = try await db.app { try await $0.catalogue.versions(actor: .system("test")) }
                let city = try #require(versions.first { $0.regionCode.rawValue == "130500" })
                let county = try #require(versions.first { $0.regionCode.rawValue == "130522" })
                #expect(city.title == "邢台市清单")
                #expect(city.status == .draft)
                #expect(city.itemCount == 3)
                #expect(county.title == "county.csv")

                // Exporting and reading the file back gives the stored items, in every format.
                let stored = try await db.app { try await $0.catalogue.items(of: city) }
                #expect(stored.map(\.key) == ["A1", "A2", "A3"])
                for format in ["xlsx", "csv", "json"] {
                    let output = db.path(of: "export.\(format)")
                    try await junheng(["catalogue", "export", String(city.id), "--format", format, "-o", output] + db.option)
                    let exported = try CatalogueExchange.read(try Data(contentsOf: URL(fileURLWithPath: output)), filename: "export.\(format)")
                    #expect(exported == stored, "format \(format)")
                }

                let diffOutput = try await standardOutput {
                    try await junheng(["catalogue", "diff", String(city.id), String(county.id), "--json"] + db.option)
                }
                let expectedDiff = try await db.app {
                    try await $0.catalogue.diff(from: String(city.id), to: String(county.id), actor: .system("test")).diff
                }
                #expect(try JSONDecoder().decode(CatalogueDiff.self, from: Data(diffOutput.utf8)) == expectedDiff)
                #expect(expectedDiff.added.map(\.key) == ["C1"])
                #expect(expectedDiff.removed.map(\.key) == ["A2", "A3"])

                let complianceOutput = try await standardOutput {
                    try await junheng(["catalogue", "compliance", "--upper", String(city.id), "--lower", String(county.id), "--json"] + db.option)
                }
                let expectedFindings = try await db.app {
                    try await $0.catalogue.compliance(upper: String(city.id), lower: String(county.id), actor: .system("test")).findings
                }
                #expect(try JSONDecoder().decode([ComplianceFinding].self, from: Data(complianceOutput.utf8)) == expectedFindings)
                #expect(!expectedFindings.isEmpty)
            }
        }

        @Test func exportOfAnUnknownVersionIsNotFound() async throws {
            try await CommandDatabase.with { db in
                await #expect(throws: JunhengError.notFound("清单版本 99")) {
                    try await junheng(["catalogue", "export", "99", "--format", "csv", "-o", db.path(of: "out.csv")] + db.option)
                }
                #expect(!FileManager.default.fileExists(atPath: db.path(of: "out.csv")))
            }
        }

        @Test func importWithABadRowNamesRowAndColumnAndStoresNothing() async throws {
            try await CommandDatabase.with { db in
                let file = try db.file("bad.csv", """
                    项目编码,领域,服务项目
                    A1,幼有所育,学前教育幼儿资助
                    A2,学有所教,
                    """)
                await #expect(throws: JunhengError.invalid([ValidationIssue(field: "name", reason: "服务项目名称为空", row: 3, column: "C")])) {
                    try await junheng(["catalogue", "import", file, "--region", "130500"] + db.option)
                }
                #expect(try await db.app { try await $0.catalogue.versions(actor: .system("test")) }.isEmpty)
            }
        }
    }
}

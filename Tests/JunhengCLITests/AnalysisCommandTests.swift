import Equalization
import Foundation
import JunhengApp
import JunhengCore
import Testing

extension CommandTests {
    @Suite("junheng demo, ingest, equalize and progress")
    struct AnalysisCommandTests {
        /// What the demo leaves in the database, counted through the application layer.
        struct DemoCounts: Equatable {
            var users: Int
            var catalogueVersions: Int
            var plans: Int
            var indicators: Int
            var groupSets: Int
            var figuresOfFirstIndicator: Int
        }

        func counts(in db: CommandDatabase) async throws -> DemoCounts {
            try await db.app { app async throws in
                let system = Actor.system("test")
                let indicators = try await app.monitoring.indicators()
                let counties = try await app.regions.children(of: DemoData.city).map(\.code.rawValue)
                return DemoCounts(
                    users: try await app.accounts.userCount(),
                    catalogueVersions: try await app.catalogue.versions(actor: system).count,
                    plans: try await app.plans.plans(actor: system).count,
                    indicators: indicators.count, groupSets: try await app.regions.groupSets().count,
                    figuresOfFirstIndicator: try await app.monitoring.points(indicatorID: indicators[0].id, regionCodes: counties, actor: .system("test")).count)
            }
        }

        @Test func demoLoadedTwiceLeavesTheSameData() async throws {
            try await CommandDatabase.with { db in
                try await junheng(["demo"] + db.option)
                let first = try await counts(in: db)
                try await junheng(["demo"] + db.option)
                #expect(try await counts(in: db) == first)
                #expect(first.users == 10, "six for Xingtai, four for Anju's ledger")
                #expect(first.catalogueVersions >= 1 && first.plans >= 1 && first.groupSets == 1)
                #expect(first.figuresOfFirstIndicator > 0)
            }
        }

        @Test func equalizeOverTheDemoPanelPrintsTheAnalysisReport() async throws {
            try await CommandDatabase.with { db in
                try await junheng(["demo"] + db.option)
                let indicator = try await db.app { try await $0.monitoring.indicators()[0] }
                let output = try await standardOutput {
                    try await junheng(["equalize", "--region", "130500", "--indicator", String(indicator.id)] + db.option)
                }
                let expected = try await db.app {
                    try await $0.equalization.analyse(EqualizationAnalysis.Request(indicatorID: indicator.id, parent: DemoData.city)).report
                }
                #expect(try jsonObject(output) == jsonObject(try encoded(expected)))
            }
        }

        @Test func equalizeFromACSVFilePrintsItsMeasures() async throws {
            try await CommandDatabase.with { db in
                let csv = "region,value,weight\n130522,10,2\n130523,20,1\n130524,40,1\n"
                let output = try await standardOutput {
                    try await junheng(["equalize", "--input", try db.file("values.csv", csv)])
                }
                #expect(try jsonObject(output) == jsonObject(try encoded(try EqualizationReport(csv: csv))))
            }
        }

        @Test func equalizeNeedsAnIndicatorWithARegion() {
            #expect(parseMessage(["equalize", "--region", "130500"]) == "--region needs --indicator")
            #expect(parseMessage(["equalize"]) == "give either --input FILE or --region CODE --indicator ID")
        }

        @Test func progressPrintsTheAssessment() async throws {
            let output = try await standardOutput {
                try await junheng(["progress", "--base", "60", "--base-year", "2015", "--current", "70", "--current-year", "2020",
                                   "--target", "90", "--target-year", "2030", "--direction", "higher"])
            }
            let expected = ProgressMethod.assess(ProgressInput(baseYear: 2015, baseValue: 60, currentYear: 2020, currentValue: 70,
                                                               targetYear: 2030, targetValue: 90, direction: .higher))
            #expect(try jsonObject(output) == jsonObject(try encoded(expected)))
            #expect(parseMessage(["progress", "--base", "60", "--base-year", "2015", "--current", "70", "--current-year", "2020",
                                  "--target", "90"]) == "--target and --target-year go together")
        }

        @Test func ingestPrintsTheExtractionAndImportStoresADraftPlan() async throws {
            try await CommandDatabase.with { db in
                let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                    .appendingPathComponent("PlanIngestTests/Fixtures/synthetic_city_domains.txt")
                let output = try await standardOutput { try await junheng(["ingest", fixture.path, "--json"]) }
                let extraction = try jsonObject(output)
                let document = try #require(extraction["document"] as? [String: Any])
                #expect((document["title"] as? [String: Any])?["text"] as? String == "赣州市“十四五”基本公共服务规划")
                #expect(document["regionCode"] as? String == "360700")

                try await junheng(["ingest", fixture.path, "--import"] + db.option)
                let plans = try await db.app { try await $0.plans.plans(actor: .system("test")) }
                #expect(plans.map(\.status) == ["draft"])
                #expect(plans.map(\.regionCode.rawValue) == ["360700"])
                #expect(plans.map(\.title) == ["赣州市“十四五”基本公共服务规划"])
            }
        }

        @Test func ingestReadsAWordDocumentWhateverItIsCalled() async throws {
            let docx = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("PlanIngestTests/Fixtures/formats/qinghe-plan.docx")
            let renamed = FileManager.default.temporaryDirectory.appendingPathComponent("junheng-\(UUID().uuidString).txt")
            try FileManager.default.copyItem(at: docx, to: renamed)
            defer { try? FileManager.default.removeItem(at: renamed) }
            let extraction = try jsonObject(try await standardOutput { try await junheng(["ingest", renamed.path, "--json"]) })
            let document = try #require(extraction["document"] as? [String: Any])
            #expect(document["format"] as? String == "docx")
            #expect((extraction["tasks"] as? [Any])?.count == 7)
        }
    }
}

/// Pretty JSON as the commands print it.
func encoded<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}

/// A printed JSON object, compared by value rather than by layout.
func jsonObject(_ text: String) throws -> NSDictionary {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? NSDictionary)
}

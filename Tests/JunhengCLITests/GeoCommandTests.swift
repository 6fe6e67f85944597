import Foundation
import JunhengApp
import JunhengCLI
import JunhengCore
import Storage
import Testing

extension CommandTests {
    @Suite("junheng geo")
    struct GeoCommandTests {
        static let demoFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/JunhengApp/Demo/Maps/xingtai-boundaries.geojson")

        @Test func importsListsAndExportsTheChildrenOfARegion() async throws {
            try await CommandDatabase.with(holding: .demo()) { db in
                let imported = try await standardOutput {
                    try await junheng(["geo", "import", Self.demoFile.path, "--code-property", "code", "--crs", "gcj02",
                                       "--source", "市自然资源和规划局", "--vintage", "2024", "--approval-number", "冀S（2024）001号"] + db.option)
                }
                #expect(imported.hasPrefix("已导入 19 个地区的边界（替换 0 个），共 "))
                let list = try await standardOutput { try await junheng(["geo", "list"] + db.option) }
                let lines = list.split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
                #expect(lines.count == 19)
                #expect(lines.first { $0.first == "130522" }?.prefix(6) == ["130522", "临城县", "市自然资源和规划局", "2024", "冀S（2024）001号", "gcj02"])

                let output = db.directory.appendingPathComponent("xingtai.geojson")
                try await junheng(["geo", "export", "--parent", "130500", "--crs", "gcj02", "-o", output.path] + db.option)
                let exported = try JSONSerialization.jsonObject(with: try Data(contentsOf: output)) as? [String: Any]
                let features = exported?["features"] as? [[String: Any]] ?? []
                #expect(features.count == 18)
                let names = features.compactMap { feature -> String? in (feature["properties"] as? [String: String])?["name"] }
                #expect(names.contains("南宫市"))

                #expect(parseMessage(["geo", "import", "x.geojson", "--crs", "bd09", "--source", "s", "--vintage", "v"])?
                    .contains("'bd09' is invalid for '--crs") == true)
            }
        }
    }
}

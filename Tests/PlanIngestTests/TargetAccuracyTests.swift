import Foundation
import PlanIngest
import Testing

/// Recall and precision of targets against hand-checked truth files.
@Suite("Target extraction accuracy")
struct TargetAccuracyTests {
    struct TruthRow {
        var context: String, value: Double, high: Double?, unit: String, comparator: String, kind: String
    }

    static func truth(_ file: String) throws -> [TruthRow] {
        let text = try String(contentsOf: Fixtures.directory.appendingPathComponent(file), encoding: .utf8)
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap { line in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 6, let v = Double(f[1]) else { return nil }
            return TruthRow(context: f[0], value: v, high: Double(f[2]), unit: f[3], comparator: f[4], kind: f[5])
        }
    }

    /// Matches a truth row to an extracted target of the same sentence, value and unit.
    static func score(seed: String, truthFile: String) throws -> (recall: Double, precision: Double, comparatorAccuracy: Double, misses: [String], extras: [String]) {
        let rows = try truth(truthFile)
        let targets = try #require(Fixtures.seeds[seed]).result.targets.filter { $0.kind == "target" }
        var used = Set<Int>()
        var hits = 0, comparatorHits = 0
        var misses: [String] = []
        for row in rows {
            if let k = targets.indices.first(where: { !used.contains($0) && targets[$0].quote.contains(row.context)
                && targets[$0].value == row.value && targets[$0].valueHigh == row.high && targets[$0].unit == row.unit }) {
                used.insert(k)
                hits += 1
                if targets[k].comparator == row.comparator { comparatorHits += 1 }
            } else {
                misses.append(row.context)
            }
        }
        let extras = targets.indices.filter { !used.contains($0) }.map { "\(targets[$0].value)\(targets[$0].unit) \(targets[$0].indicator)" }
        return (Double(hits) / Double(max(rows.count, 1)), Double(hits) / Double(max(targets.count, 1)),
                Double(comparatorHits) / Double(max(hits, 1)), misses, extras)
    }

    @Test("targets of every seed meet the recall and precision floor", arguments: ["xingtai-city-13th", "xinxiang-city-14th", "inner-mongolia-13th", "shandong-province-13th", "anju-district-13th"])
    func recallAndPrecision(seed: String) throws {
        let s = try Self.score(seed: seed, truthFile: "\(seed).targets.tsv")
        #expect(s.recall >= 0.95, "recall \(s.recall); missed: \(s.misses)")
        #expect(s.precision >= 0.95, "precision \(s.precision); extra: \(s.extras)")
        #expect(s.comparatorAccuracy >= 0.9, "comparator accuracy \(s.comparatorAccuracy)")
        print("targets \(seed): recall \(s.recall) precision \(s.precision) comparator accuracy \(s.comparatorAccuracy)")
    }
}

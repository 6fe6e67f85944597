import Foundation
import PlanIngest

/// Fixtures live beside the tests and are read by path (the package declares no resources). The
/// five real seed plans are kept once, with the demo that ships them (Sources/JunhengApp/Demo/Plans);
/// their truth files are here, named after them.
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let repository = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let seedDirectory = repository.appendingPathComponent("Sources/JunhengApp/Demo/Plans")

    /// Xingtai city (Hebei, 13th), Xinxiang city (Henan, 14th), Inner Mongolia (13th, traditional
    /// characters and mojibake), Shandong province (13th), Anju district of Suining (Sichuan, 13th).
    static let seedNames = [
        "xingtai-city-13th", "xinxiang-city-14th", "inner-mongolia-13th", "shandong-province-13th", "anju-district-13th",
    ]

    /// Hand-made plans in the styles of other provinces and levels.
    static let syntheticNames = ["synthetic_county_gbk.txt", "synthetic_province_indicators.txt", "synthetic_city_domains.txt"]

    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent(name))
    }

    static func seed(_ name: String) throws -> Data {
        try Data(contentsOf: seedDirectory.appendingPathComponent(name + ".txt"))
    }

    /// The GB/T 2260 registry the lead feeds to the resolver.
    static let regions: RegionTable = {
        let url = repository.appendingPathComponent("Sources/Storage/Resources/regions-gbt2260.csv")
        return RegionTable(csv: (try? String(contentsOf: url, encoding: .utf8)) ?? "code,name,level,parent_code\n")
    }()

    /// Ingestions of the five seeds, computed once.
    static let seeds: [String: Ingestion] = {
        var result: [String: Ingestion] = [:]
        for name in seedNames {
            if let data = try? seed(name), let ingestion = try? PlanIngester.ingest(data, regions: regions) {
                result[name] = ingestion
            }
        }
        return result
    }()

    static func ingest(_ text: String) throws -> Ingestion {
        try PlanIngester.ingest(Data(text.utf8))
    }
}

extension Ingestion {
    /// Unicode scalars of the repaired text in `[start, end)`.
    func repaired(_ span: Span) -> String {
        let s = Array(repairedText.unicodeScalars)
        var v = String.UnicodeScalarView()
        v.append(contentsOf: s[span.start..<span.end])
        return String(v)
    }

    func original(_ span: Span) -> String {
        let s = Array(originalText.unicodeScalars)
        var v = String.UnicodeScalarView()
        v.append(contentsOf: s[span.originalStart..<span.originalEnd])
        return String(v)
    }

    /// Every span the result carries.
    var allSpans: [Span] {
        let r = result
        var spans: [Span] = []
        if let t = r.document.title { spans.append(t.span) }
        if let t = r.document.issuer { spans.append(t.span) }
        spans += r.document.basedOn.map(\.quote.span)
        spans += r.outline.flatMap { [$0.span, $0.bodySpan] }
        spans += r.domains.flatMap { [$0.quote.span] + $0.items.map(\.quote.span) }
        spans += r.domains.flatMap(\.items).compactMap(\.itemDetails).flatMap { d in
            [d.targetPopulation, d.content, d.standard, d.funding, d.leadDepartment].compactMap { $0?.span }
        }
        spans += r.targets.flatMap { [$0.span, $0.sentenceSpan] }
        spans += r.tasks.flatMap { [$0.quote.span] + ($0.responsibilitySpan.map { [$0] } ?? []) }
        spans += r.projects.flatMap { [$0.quote.span] + $0.quantities.map(\.span) }
        spans += r.attachments.map(\.quote.span)
        spans += r.repairs.flatMap { $0.samples.map(\.span) }
        spans += r.warnings.compactMap(\.span)
        return spans
    }
}

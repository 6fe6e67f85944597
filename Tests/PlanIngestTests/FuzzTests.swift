import JunhengCore
import Foundation
import OfficePackage
import PlanIngest
import Testing

/// Mutated and random inputs never crash the ingester and never produce out-of-bounds spans.
@Suite("Fuzzing")
struct FuzzTests {
    /// Numerals, units and table layout (`百分之`, `两所`, tabs) for the amount and table readers.
    static let amountsAndTables = Array("一二两三十百千点之成所个\t\n序号指标单位属性约束性".unicodeScalars)

    static func mutate(_ base: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
        var bytes = base
        switch rng.next() % 7 {
        case 0: // byte flips
            for _ in 0..<Int(rng.next() % 64 + 1) where !bytes.isEmpty { bytes[Int(rng.next() % UInt64(bytes.count))] ^= UInt8(truncatingIfNeeded: rng.next() | 1) }
        case 1: // truncation, possibly mid-character
            bytes = Array(bytes.prefix(Int(rng.next() % UInt64(bytes.count + 1))))
        case 2: // random Unicode including private use and odd punctuation
            var s = String.UnicodeScalarView()
            for _ in 0..<Int(rng.next() % 2000) {
                let pools: [ClosedRange<UInt32>] = [0x4E00...0x9FFF, 0xE000...0xE8FF, 0x20...0x7E, 0x3000...0x303F, 0xFF00...0xFF5E, 0x2460...0x2473, 0x30...0x39]
                let pool = pools[Int(rng.next() % UInt64(pools.count))]
                if rng.next() % 8 == 0 { s.append(Self.amountsAndTables[Int(rng.next() % UInt64(Self.amountsAndTables.count))]) }
                else if let u = Unicode.Scalar(pool.lowerBound + UInt32(rng.next() % UInt64(pool.count))) { s.append(u) }
                if rng.next() % 17 == 0 { s.append("\n") }
            }
            bytes = Array(String(s).utf8)
        case 3: // invalid bytes spliced in
            for _ in 0..<Int(rng.next() % 32 + 1) where !bytes.isEmpty {
                bytes.insert(UInt8(0x80 + rng.next() % 0x80), at: Int(rng.next() % UInt64(bytes.count)))
            }
        case 4: // a huge line and a huge digit run
            bytes += Array(String(repeating: "达到", count: 3000).utf8) + Array(String(repeating: "9", count: 5000).utf8) + Array("%以上。".utf8)
        case 5: // slice from the middle
            let a = Int(rng.next() % UInt64(max(bytes.count, 1))), b = Int(rng.next() % UInt64(max(bytes.count, 1)))
            bytes = Array(bytes[min(a, b)..<max(a, b)])
        default: // random bytes
            bytes = (0..<Int(rng.next() % 3000)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        }
        return bytes
    }

    @Test("300 mutated and random inputs: no crash, spans in bounds")
    func fuzz() throws {
        var rng = SplitMix64(state: 20_240_601)
        let seeds = try Fixtures.seedNames.map { Array(try Fixtures.seed($0)) } + Fixtures.syntheticNames.map { Array(try Fixtures.data($0)) }
        for round in 0..<300 {
            let base = seeds[round % seeds.count]
            // Work on a window of the seed to keep the test fast.
            let start = Int(rng.next() % UInt64(max(base.count - 6000, 1)))
            let input = Self.mutate(Array(base[start..<min(base.count, start + 6000)]), &rng)
            try Self.expectSpansInBounds(Data(input), label: "round \(round)")
        }
    }

    @Test("mutated web pages, PDF layouts and DOCX parts: no crash, spans in bounds")
    func fuzzFormats() throws {
        var rng = SplitMix64(state: 20_251_205)
        let page = Array(try Fixtures.format("qinghe-plan.html")), layout = Array(try Fixtures.format("qinghe-plan.pdf-layout.txt"))
        let docx = try Fixtures.format("qinghe-plan.docx")
        let document = try ZipArchive(data: docx)
        var budget = ByteBudget(limit: 1 << 24)
        let parts = try ["word/document.xml", "word/numbering.xml", "word/styles.xml"].map { ($0, try document.bytes($0, budget: &budget)) }
        for round in 0..<150 {
            try Self.expectSpansInBounds(Data(Self.mutate(page, &rng)), label: "page \(round)")
            try Self.expectSpansInBounds(Data(Self.mutate(layout, &rng)), from: .pdfLayoutText, label: "layout \(round)")
            // The XML mutated, the package kept whole: the DOCX reader's own paths, not the ZIP's checks.
            var mutated = parts
            mutated[round % parts.count].1 = Self.mutate(parts[round % parts.count].1, &rng)
            try Self.expectSpansInBounds(try ZipWriter.zip(mutated), label: "docx \(round)")
        }
    }

    /// Reads `data`; a refusal is fine, a reading must keep every span inside its texts.
    static func expectSpansInBounds(_ data: Data, from conversion: PlanIngester.Conversion? = nil, label: String) throws {
        // The reader throws only IngestError: a refusal.
        guard let ingestion = try? PlanIngester.ingest(data, from: conversion) else { return }
        let n = ingestion.repairedText.unicodeScalars.count, m = ingestion.originalText.unicodeScalars.count
        for span in ingestion.allSpans {
            #expect(0 <= span.start && span.start <= span.end && span.end <= n, "\(label)")
            #expect(0 <= span.originalStart && span.originalStart <= span.originalEnd && span.originalEnd <= m, "\(label)")
        }
        _ = try ingestion.result.jsonData()
    }
}

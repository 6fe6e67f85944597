import Foundation
import Testing

import OfficePackage
@testable import Spreadsheet

/// The committed .xlsx files next to this file (SwiftPM resources are not used by this target).
enum Fixture {
    static func data(_ name: String) throws -> Data {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
        return try Data(contentsOf: folder.appendingPathComponent(name))
    }

    /// The parts of a fixture, decompressed, for tests that take a workbook apart.
    static func parts(_ name: String) throws -> [(path: String, bytes: [UInt8])] {
        let data = try data(name)
        let archive = try ZipArchive(data: data)
        var budget = ByteBudget(limit: 1 << 30)
        return try centralDirectoryNames(data).map { ($0, try archive.bytes($0, budget: &budget)) }
    }

    /// Entry names in central-directory order, read straight from the bytes.
    private static func centralDirectoryNames(_ data: Data) -> [String] {
        let bytes = [UInt8](data)
        var names: [String] = []
        var offset = 0
        while offset + 46 <= bytes.count {
            if bytes[offset..<offset + 4].elementsEqual([0x50, 0x4B, 0x01, 0x02]) {
                let nameLength = Int(bytes[offset + 28]) | Int(bytes[offset + 29]) << 8
                names.append(String(decoding: bytes[offset + 46..<offset + 46 + nameLength], as: UTF8.self))
                offset += 46 + nameLength
            } else {
                offset += 1
            }
        }
        return names
    }
}

/// Writes ZIP archives without compression, so tests can build workbooks part by part, with
/// any content, and still pass the container's CRC checks.
enum StoredZip {
    static func make(_ entries: [(path: String, bytes: [UInt8])]) -> Data {
        var output: [UInt8] = []
        var directory: [UInt8] = []
        for (path, bytes) in entries {
            let name = Array(path.utf8)
            let crc = crc32(bytes)
            let offset = output.count
            output += le(0x0403_4B50, 4) + le(20, 2) + le(0, 2) + le(0, 2) + le(0, 4)
            output += le(Int(crc), 4) + le(bytes.count, 4) + le(bytes.count, 4) + le(name.count, 2) + le(0, 2)
            output += name + bytes
            directory += le(0x0201_4B50, 4) + le(20, 2) + le(20, 2) + le(0, 2) + le(0, 2) + le(0, 4)
            directory += le(Int(crc), 4) + le(bytes.count, 4) + le(bytes.count, 4) + le(name.count, 2)
            directory += le(0, 2) + le(0, 2) + le(0, 2) + le(0, 2) + le(0, 4) + le(offset, 4) + name
        }
        let end =
            le(0x0605_4B50, 4) + le(0, 2) + le(0, 2) + le(entries.count, 2) + le(entries.count, 2)
            + le(directory.count, 4) + le(output.count, 4) + le(0, 2)
        return Data(output + directory + end)
    }

    /// A minimal workbook around one worksheet's XML (and optionally shared strings).
    static func workbook(sheetXML: String, sharedStringsXML: String? = nil) -> Data {
        make(workbookEntries(sheetXML: sheetXML, sharedStringsXML: sharedStringsXML))
    }

    static func workbookEntries(sheetXML: String, sharedStringsXML: String? = nil) -> [(path: String, bytes: [UInt8])] {
        var entries: [(path: String, bytes: [UInt8])] = [
            ("_rels/.rels", Array(rootRelationships.utf8)),
            ("xl/workbook.xml", Array(workbookXML.utf8)),
            ("xl/_rels/workbook.xml.rels", Array(workbookRelationships.utf8)),
            ("xl/worksheets/sheet1.xml", Array(sheetXML.utf8)),
        ]
        if let sharedStringsXML { entries.append(("xl/sharedStrings.xml", Array(sharedStringsXML.utf8))) }
        return entries
    }

    /// Wraps `<row>` elements in a worksheet.
    static func sheet(_ rows: String, after: String = "") -> String {
        """
        <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>\(rows)</sheetData>\(after)</worksheet>
        """
    }

    private static let rootRelationships = """
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" \
        Target="xl/workbook.xml"/></Relationships>
        """
    private static let workbookXML = """
        <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
        xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
        <sheets><sheet name="指标" sheetId="1" r:id="rId1"/></sheets></workbook>
        """
    private static let workbookRelationships = """
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" \
        Target="worksheets/sheet1.xml"/>\
        <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" \
        Target="sharedStrings.xml"/></Relationships>
        """

    private static func le(_ value: Int, _ width: Int) -> [UInt8] {
        (0..<width).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}

/// A small deterministic generator, so that fuzz failures can be replayed.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        var mixed = state
        mixed = (mixed ^ (mixed >> 33)) &* 0xFF51_AFD7_ED55_8CCD
        return mixed ^ (mixed >> 33)
    }
}

/// The error a throwing expression raised, which must be a `SpreadsheetError`.
func spreadsheetError(_ body: () throws -> Void) -> SpreadsheetError? {
    do {
        try body()
        Issue.record("expected a SpreadsheetError, but nothing was thrown")
    } catch let error as SpreadsheetError {
        return error
    } catch {
        Issue.record("expected a SpreadsheetError, got \(error)")
    }
    return nil
}

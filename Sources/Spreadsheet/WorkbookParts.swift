import Foundation
import OfficePackage

extension ZipArchive {
    /// Streams one XML part through `handler`, calling `afterEachChunk` whenever the handler
    /// may have something to hand on, and returns the handler in its final state.
    func parse<Handler: XMLHandler>(
        _ path: String, with handler: Handler, budget: inout ByteBudget,
        afterEachChunk: (inout Handler) throws -> Void = { _ in }
    ) throws -> Handler {
        var tokenizer = XMLTokenizer(handler: handler)
        do {
            try read(path, budget: &budget) { chunk in
                try tokenizer.feed(chunk)
                try afterEachChunk(&tokenizer.handler)
            }
            try tokenizer.finish()
            try afterEachChunk(&tokenizer.handler)
        } catch let error as XMLSyntaxError {
            let position = (tokenizer.handler as? WorksheetHandler)?.position
            throw SpreadsheetError(
                .malformedXML(part: path, offset: error.offset, detail: error.detail),
                row: position?.row, column: position?.column)
        } catch let error as ZipArchiveError {
            throw SpreadsheetError(error)
        }
        return tokenizer.handler
    }
}

/// Where a workbook's parts are, found by following its relationships as Excel does rather
/// than by guessing file names (LibreOffice, WPS and generators name them differently).
struct WorkbookPackage {
    struct SheetPart {
        let name: String
        let path: String
        let isHidden: Bool
    }

    let sheets: [SheetPart]
    let sharedStringsPath: String?
    let stylesPath: String?
    let uses1904System: Bool

    init(archive: ZipArchive, budget: inout ByteBudget) throws {
        let workbookPath = try Self.workbookPath(in: archive, budget: &budget)
        let workbook = try archive.parse(workbookPath, with: WorkbookHandler(path: workbookPath), budget: &budget)
        let relationshipsPath = Self.relationshipsPath(of: workbookPath)
        let relationships = try archive.parse(relationshipsPath, with: RelationshipsHandler(), budget: &budget)
        let directory = Self.directory(of: workbookPath)
        func target(ofType type: String) -> String? {
            relationships.all.first { $0.type.hasSuffix(type) && !$0.isExternal }
                .map { Self.resolve($0.target, from: directory) }
        }
        sharedStringsPath = target(ofType: "/sharedStrings").flatMap { archive.contains($0) ? $0 : nil }
        stylesPath = target(ofType: "/styles").flatMap { archive.contains($0) ? $0 : nil }
        uses1904System = workbook.uses1904System

        var sheets: [SheetPart] = []
        for sheet in workbook.sheets {
            guard let relationship = relationships.all.first(where: { $0.id == sheet.relationshipID }) else {
                throw SpreadsheetError(
                    .invalidPart(part: relationshipsPath, detail: "no relationship \(sheet.relationshipID)"),
                    sheet: sheet.name)
            }
            // Chart sheets and dialog sheets hold no cells.
            guard relationship.type.hasSuffix("/worksheet") else { continue }
            let path = Self.resolve(relationship.target, from: directory)
            guard archive.contains(path) else { throw SpreadsheetError(.missingPart(path), sheet: sheet.name) }
            sheets.append(SheetPart(name: sheet.name, path: path, isHidden: sheet.isHidden))
        }
        self.sheets = sheets
    }

    private static func workbookPath(in archive: ZipArchive, budget: inout ByteBudget) throws -> String {
        let fallback = "xl/workbook.xml"
        guard archive.contains("_rels/.rels") else {
            guard archive.contains(fallback) else { throw SpreadsheetError(.missingPart(fallback)) }
            return fallback
        }
        let relationships = try archive.parse("_rels/.rels", with: RelationshipsHandler(), budget: &budget)
        guard let document = relationships.all.first(where: { $0.type.hasSuffix("/officeDocument") }) else {
            throw SpreadsheetError(.invalidPart(part: "_rels/.rels", detail: "no officeDocument relationship"))
        }
        let path = resolve(document.target, from: "")
        guard archive.contains(path) else { throw SpreadsheetError(.missingPart(path)) }
        return path
    }

    /// "xl/workbook.xml" → "xl/_rels/workbook.xml.rels".
    static func relationshipsPath(of part: String) -> String {
        let name = part.split(separator: "/").last.map(String.init) ?? part
        return directory(of: part) + "_rels/" + name + ".rels"
    }

    static func directory(of part: String) -> String {
        guard let slash = part.lastIndex(of: "/") else { return "" }
        return String(part[...slash])
    }

    /// A relationship target made absolute: relative to the source part's directory unless it
    /// starts with "/", with "." and ".." resolved and %-escapes decoded.
    static func resolve(_ target: String, from directory: String) -> String {
        let target = target.removingPercentEncoding ?? target
        let joined = target.hasPrefix("/") ? target : directory + target
        var parts: [Substring] = []
        for part in joined.split(separator: "/") where part != "." {
            if part == ".." { _ = parts.popLast() } else { parts.append(part) }
        }
        return parts.joined(separator: "/")
    }
}

struct Relationship {
    let id: String
    let type: String
    let target: String
    let isExternal: Bool
}

struct RelationshipsHandler: XMLHandler {
    var all: [Relationship] = []

    mutating func start(_ element: XMLElement) {
        guard element.name == "Relationship", let id = element.string("Id"), let target = element.string("Target")
        else { return }
        all.append(
            Relationship(
                id: id, type: element.string("Type") ?? "", target: target,
                isExternal: element.string("TargetMode") == "External"))
    }
}

struct WorkbookHandler: XMLHandler {
    let path: String
    var sheets: [(name: String, relationshipID: String, isHidden: Bool)] = []
    var uses1904System = false

    mutating func start(_ element: XMLElement) throws {
        if element.name == "sheet" {
            // The relationship id is `r:id`; its prefix varies, its local name does not.
            guard let name = element.string("name"), let id = element.string("id") else {
                throw SpreadsheetError(.invalidPart(part: path, detail: "a <sheet> without name or r:id"))
            }
            let state = element.string("state")
            sheets.append((name, id, state == "hidden" || state == "veryHidden"))
        } else if element.name == "workbookPr" {
            let flag = element.string("date1904")
            uses1904System = flag == "1" || flag == "true"
        }
    }
}

/// Which cell styles show numbers as dates.
struct StylesHandler: XMLHandler {
    private var customFormats: [Int: String] = [:]
    private var formatOfStyle: [Int] = []
    private var inCellFormats = false

    /// `dateStyles[s]` is true when style `s` (a cell's `s="…"`) has a date or time format.
    var dateStyles: [Bool] {
        formatOfStyle.map { id in customFormats[id].map(Self.isDateFormat) ?? Self.builtInDateFormats.contains(id) }
    }

    mutating func start(_ element: XMLElement) {
        if element.name == "numFmt", let id = element.string("numFmtId").flatMap(Int.init),
            let code = element.string("formatCode")
        {
            customFormats[id] = code
        } else if element.name == "cellXfs" {
            inCellFormats = true
        } else if element.name == "xf", inCellFormats {
            formatOfStyle.append(element.string("numFmtId").flatMap(Int.init) ?? 0)
        }
    }

    mutating func end(_ name: XMLName) {
        if name == "cellXfs" { inCellFormats = false }
    }

    /// 14–22 are the international date and time formats; 27–36 and 50–58 are the East Asian
    /// ones (in a Chinese Excel, 31 is yyyy"年"m"月"d"日").
    static let builtInDateFormats: Set<Int> = Set(14...22).union(27...36).union(45...47).union(50...58)

    /// Whether a format code shows dates or times: it has d, m, y, h or s outside quoted text,
    /// escapes and brackets (`[Red]`, `[$-804]`), or an elapsed-time bracket like `[h]`.
    /// Letters cannot appear in number formats unquoted, so this is reliable.
    static func isDateFormat(_ code: String) -> Bool {
        var characters = code.lowercased().makeIterator()
        while let character = characters.next() {
            switch character {
            case "\"":
                while let quoted = characters.next(), quoted != "\"" {}
            case "\\", "_", "*":
                _ = characters.next()
            case "[":
                var bracket = ""
                while let inner = characters.next(), inner != "]" { bracket.append(inner) }
                if !bracket.isEmpty, bracket.allSatisfy({ "hms".contains($0) }) { return true }
            case ";":
                return false  // the first section decides
            case "d", "m", "y", "h", "s":
                return true
            default:
                continue
            }
        }
        return false
    }
}

/// The shared string table: plain `<t>` and rich-text runs `<r><t>` concatenated, phonetic
/// guides (`<rPh>`) left out.
struct SharedStringsHandler: XMLHandler {
    /// `SpreadsheetLimits.maxSharedStrings`, checked as each entry starts.
    let limit: Int
    var strings: [String] = []
    private var current: [UInt8] = []
    private var inItem = false
    private var phoneticDepth = 0
    private var capturing = false

    init(limit: Int) { self.limit = limit }

    var wantsText: Bool { capturing }

    mutating func start(_ element: XMLElement) throws {
        if element.name == "si" {
            guard strings.count < limit else { throw SpreadsheetError(.tooManySharedStrings(limit: limit)) }
            inItem = true
            current.removeAll(keepingCapacity: true)
        } else if element.name == "rPh" {
            phoneticDepth += 1
        } else if element.name == "t", inItem, phoneticDepth == 0 {
            capturing = true
        }
    }

    mutating func end(_ name: XMLName) {
        if name == "t" {
            capturing = false
        } else if name == "rPh" {
            phoneticDepth -= 1
        } else if name == "si" {
            strings.append(OOXMLText.decode(current))
            inItem = false
        }
    }

    mutating func text(_ bytes: UnsafeBufferPointer<UInt8>) { current.append(contentsOf: bytes) }
}

/// OOXML strings escape characters XML cannot carry (control characters) as `_xHHHH_`, and a
/// literal "_x0041_" as "_x005F_x0041_".
enum OOXMLText {
    static func decode(_ bytes: [UInt8]) -> String {
        guard bytes.contains(UInt8(ascii: "_")) else { return String(decoding: bytes, as: UTF8.self) }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if let scalar = escapedScalar(in: bytes, at: index) {
                output.append(contentsOf: String(Character(scalar)).utf8)
                index += 7
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func escapedScalar(in bytes: [UInt8], at index: Int) -> Unicode.Scalar? {
        guard index + 7 <= bytes.count, bytes[index] == UInt8(ascii: "_"), bytes[index + 1] == UInt8(ascii: "x"),
            bytes[index + 6] == UInt8(ascii: "_")
        else { return nil }
        var value: UInt32 = 0
        for byte in bytes[index + 2..<index + 6] {
            guard let digit = hexDigitValue(byte) else { return nil }
            value = value << 4 | digit
        }
        return Unicode.Scalar(value)
    }

    private static func hexDigitValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }
}

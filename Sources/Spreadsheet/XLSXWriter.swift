import Foundation
import OfficePackage

/// A worksheet to write.
public struct SheetContent: Sendable, Hashable {
    /// 1 to 31 characters, none of `: \ / ? * [ ]`, no `'` at either end (Excel's rules).
    public var name: String
    /// `rows[i][j]` goes to row `i + 1`, column `j + 1`; `.empty` cells are left out.
    public var rows: [[CellValue]]
    /// Leading rows set in bold and frozen so they stay in view while scrolling; 0 for none
    /// (and never more than there are rows).
    public var headerRowCount: Int
    /// Column widths in Excel's units (the width of a "0"), by column, at most 255; columns
    /// without a positive width are sized from their first 1,000 rows, counting CJK characters
    /// double.
    public var columnWidths: [Double]
    public var merges: [CellRange]

    public init(
        name: String, rows: [[CellValue]], headerRowCount: Int = 1, columnWidths: [Double] = [],
        merges: [CellRange] = []
    ) {
        self.name = name
        self.rows = rows
        self.headerRowCount = headerRowCount
        self.columnWidths = columnWidths
        self.merges = merges
    }
}

public struct XLSXWriteOptions: Sendable, Hashable {
    public enum StringStorage: Sendable, Hashable {
        /// One table of distinct strings (smaller files when values repeat, as Excel writes).
        case shared
        /// Each string inside its cell.
        case inline
    }

    public var strings: StringStorage

    public init(strings: StringStorage = .shared) { self.strings = strings }
}

/// Writes XLSX workbooks that Excel, WPS and LibreOffice open without repairs.
public enum XLSXWriter {
    /// - Throws: `SpreadsheetError` for an invalid or repeated sheet name, text over 32,767
    ///   characters, a non-finite number, overlapping merges, or a sheet beyond Excel's size.
    public static func write(_ sheets: [SheetContent], options: XLSXWriteOptions = XLSXWriteOptions()) throws -> Data {
        guard !sheets.isEmpty else { throw SpreadsheetError(.noSheets) }
        try checkNames(sheets.map(\.name))
        var sharedStrings: SharedStringTable? = options.strings == .shared ? SharedStringTable() : nil
        var parts: [(path: String, bytes: [UInt8])] = []
        for (index, sheet) in sheets.enumerated() {
            do {
                let xml = try worksheetXML(sheet, isFirst: index == 0, sharedStrings: &sharedStrings)
                parts.append(("xl/worksheets/sheet\(index + 1).xml", xml))
            } catch let error as SpreadsheetError {
                throw error.located(sheet: sheet.name)
            }
        }
        parts.insert(
            ("[Content_Types].xml", contentTypes(sheetCount: sheets.count, hasSharedStrings: sharedStrings != nil)),
            at: 0)
        parts.append(("_rels/.rels", Array(rootRelationships.utf8)))
        parts.append(("xl/workbook.xml", workbookXML(sheets.map(\.name))))
        parts.append(
            (
                "xl/_rels/workbook.xml.rels",
                workbookRelationships(sheetCount: sheets.count, hasSharedStrings: sharedStrings != nil)
            ))
        parts.append(("xl/styles.xml", Array(stylesXML.utf8)))
        if let sharedStrings { parts.append(("xl/sharedStrings.xml", sharedStrings.xml())) }
        return try ZipWriter.zip(parts)
    }

    private static func checkNames(_ names: [String]) throws {
        var seen = Set<String>()
        for name in names {
            let forbidden = name.contains { ":\\/?*[]".contains($0) }
            guard (1...31).contains(name.utf16.count), !forbidden, !name.hasPrefix("'"), !name.hasSuffix("'") else {
                throw SpreadsheetError(.invalidSheetName(name))
            }
            // Excel compares sheet names without regard to case.
            guard seen.insert(name.lowercased()).inserted else { throw SpreadsheetError(.duplicateSheetName(name)) }
        }
    }

    // MARK: worksheet

    /// The index into `cellXfs` of `stylesXML`: plain, then bold, for each number format.
    private static func styleIndex(header: Bool, date: ExcelDate?) -> Int {
        let format = date.map { $0.hasTime ? 4 : 2 } ?? 0
        return format + (header ? 1 : 0)
    }

    private static func worksheetXML(
        _ sheet: SheetContent, isFirst: Bool, sharedStrings: inout SharedStringTable?
    ) throws -> [UInt8] {
        guard sheet.rows.count <= CellReference.maxRow else { throw SpreadsheetError(.tooManyRows(limit: CellReference.maxRow)) }
        let columnCount = sheet.rows.map(\.count).max() ?? 0
        guard columnCount <= CellReference.maxColumn else { throw SpreadsheetError(.tooManyColumns(limit: CellReference.maxColumn)) }
        try checkMerges(sheet.merges)
        let letters = (0...columnCount).map { $0 == 0 ? "" : CellReference.letters(forColumn: $0) }
        let headerRows = min(max(0, sheet.headerRowCount), sheet.rows.count, CellReference.maxRow - 1)

        var xml = XMLBuilder()
        xml.raw(
            """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="\(Namespace.main)" xmlns:r="\(Namespace.relationships)">
            """)
        let lastRow = max(1, sheet.rows.count)
        xml.raw(
            columnCount == 0 ? "<dimension ref=\"A1\"/>" : "<dimension ref=\"A1:\(letters[columnCount])\(lastRow)\"/>")
        xml.raw(
            isFirst
                ? "<sheetViews><sheetView tabSelected=\"1\" workbookViewId=\"0\">"
                : "<sheetViews><sheetView workbookViewId=\"0\">")
        if headerRows > 0 {
            let first = "A\(headerRows + 1)"
            xml.raw(
                "<pane ySplit=\"\(headerRows)\" topLeftCell=\"\(first)\" activePane=\"bottomLeft\" state=\"frozen\"/>")
            xml.raw("<selection pane=\"bottomLeft\" activeCell=\"\(first)\" sqref=\"\(first)\"/>")
        }
        xml.raw("</sheetView></sheetViews><sheetFormatPr defaultRowHeight=\"15\"/>")
        if columnCount > 0 {
            xml.raw("<cols>")
            for column in 1...columnCount {
                let given = column <= sheet.columnWidths.count ? sheet.columnWidths[column - 1] : .nan
                // Excel's widest column is 255; anything that is not a usable width is fitted.
                let width = given.isFinite && given > 0 ? min(given, 255) : fittedWidth(sheet.rows, column)
                xml.raw(
                    "<col min=\"\(column)\" max=\"\(column)\" width=\"\(CellValue.format(width))\" customWidth=\"1\"/>")
            }
            xml.raw("</cols>")
        }
        xml.raw("<sheetData>")
        for (rowIndex, row) in sheet.rows.enumerated() where row.contains(where: { !$0.isEmpty }) {
            let rowNumber = rowIndex + 1
            xml.raw("<row r=\"\(rowNumber)\">")
            let header = rowNumber <= headerRows
            // Empty header cells are written too, so that they keep the bold style.
            for (columnIndex, value) in row.enumerated() where header || !value.isEmpty {
                do {
                    try writeCell(
                        value, reference: "\(letters[columnIndex + 1])\(rowNumber)", header: header,
                        into: &xml, sharedStrings: &sharedStrings)
                } catch let error as SpreadsheetError {
                    throw error.located(row: rowNumber, column: columnIndex + 1)
                }
            }
            xml.raw("</row>")
        }
        xml.raw("</sheetData>")
        if !sheet.merges.isEmpty {
            xml.raw("<mergeCells count=\"\(sheet.merges.count)\">")
            for range in sheet.merges { xml.raw("<mergeCell ref=\"\(range)\"/>") }
            xml.raw("</mergeCells>")
        }
        xml.raw("</worksheet>")
        return xml.bytes
    }

    private static func writeCell(
        _ value: CellValue, reference: String, header: Bool, into xml: inout XMLBuilder,
        sharedStrings: inout SharedStringTable?
    ) throws {
        var date: ExcelDate?
        if case .date(let value) = value { date = value }
        let style = styleIndex(header: header, date: date)
        xml.raw(style == 0 ? "<c r=\"\(reference)\"" : "<c r=\"\(reference)\" s=\"\(style)\"")
        switch value {
        case .empty:
            xml.raw("/>")
        case .string(let string):
            guard string.utf16.count <= 32_767 else { throw SpreadsheetError(.textTooLong(length: string.utf16.count)) }
            if sharedStrings != nil, let index = sharedStrings?.index(of: string) {
                xml.raw(" t=\"s\"><v>\(index)</v></c>")
            } else {
                xml.raw(" t=\"inlineStr\"><is><t xml:space=\"preserve\">")
                xml.escaped(string)
                xml.raw("</t></is></c>")
            }
        case .number(let number):
            guard number.isFinite else { throw SpreadsheetError(.nonFiniteNumber) }
            xml.raw("><v>\(CellValue.format(number))</v></c>")
        case .bool(let flag):
            xml.raw(flag ? " t=\"b\"><v>1</v></c>" : " t=\"b\"><v>0</v></c>")
        case .date(let date):
            xml.raw("><v>\(CellValue.format(date.serialIn1900System))</v></c>")
        case .error(let code):
            xml.raw(" t=\"e\"><v>")
            xml.escaped(code)
            xml.raw("</v></c>")
        }
    }

    private static func checkMerges(_ merges: [CellRange]) throws {
        let sorted = merges.sorted { $0.start < $1.start }
        for (index, range) in sorted.enumerated() {
            for other in sorted[(index + 1)...] {
                guard other.start.row <= range.end.row else { break }
                if range.overlaps(other) { throw SpreadsheetError(.overlappingMerges(range, other)) }
            }
        }
    }

    /// Width in Excel's units for a column: its widest line among the first 1,000 rows, CJK and
    /// other wide characters counting two, plus padding; between 6 and 60.
    private static func fittedWidth(_ rows: [[CellValue]], _ column: Int) -> Double {
        var widest = 0
        for row in rows.prefix(1_000) where column <= row.count {
            for line in row[column - 1].text.split(separator: "\n", omittingEmptySubsequences: false) {
                widest = max(widest, line.unicodeScalars.reduce(0) { $0 + (isWide($1) ? 2 : 1) })
            }
        }
        return min(60, max(6, Double(widest) + 2))
    }

    private static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            true
        default:
            false
        }
    }

    // MARK: package parts

    private enum Namespace {
        static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        static let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        static let package = "http://schemas.openxmlformats.org/package/2006/relationships"
        static let contentTypes = "http://schemas.openxmlformats.org/package/2006/content-types"
        static let contentType = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    }

    private static let rootRelationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="\(Namespace.package)">\
        <Relationship Id="rId1" Type="\(Namespace.relationships)/officeDocument" Target="xl/workbook.xml"/>\
        </Relationships>
        """

    private static func contentTypes(sheetCount: Int, hasSharedStrings: Bool) -> [UInt8] {
        var xml = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="\(Namespace.contentTypes)">\
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
            <Default Extension="xml" ContentType="application/xml"/>\
            <Override PartName="/xl/workbook.xml" ContentType="\(Namespace.contentType).sheet.main+xml"/>\
            <Override PartName="/xl/styles.xml" ContentType="\(Namespace.contentType).styles+xml"/>
            """
        for index in 1...sheetCount {
            xml +=
                "<Override PartName=\"/xl/worksheets/sheet\(index).xml\" ContentType=\"\(Namespace.contentType).worksheet+xml\"/>"
        }
        if hasSharedStrings {
            xml +=
                "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"\(Namespace.contentType).sharedStrings+xml\"/>"
        }
        return Array((xml + "</Types>").utf8)
    }

    private static func workbookXML(_ names: [String]) -> [UInt8] {
        var xml = XMLBuilder()
        xml.raw(
            """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="\(Namespace.main)" xmlns:r="\(Namespace.relationships)">\
            <bookViews><workbookView activeTab="0"/></bookViews><sheets>
            """)
        for (index, name) in names.enumerated() {
            xml.raw("<sheet name=\"")
            xml.escaped(name)
            xml.raw("\" sheetId=\"\(index + 1)\" r:id=\"rId\(index + 1)\"/>")
        }
        xml.raw("</sheets></workbook>")
        return xml.bytes
    }

    private static func workbookRelationships(sheetCount: Int, hasSharedStrings: Bool) -> [UInt8] {
        var xml = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="\(Namespace.package)">
            """
        for index in 1...sheetCount {
            xml +=
                "<Relationship Id=\"rId\(index)\" Type=\"\(Namespace.relationships)/worksheet\" Target=\"worksheets/sheet\(index).xml\"/>"
        }
        xml +=
            "<Relationship Id=\"rId\(sheetCount + 1)\" Type=\"\(Namespace.relationships)/styles\" Target=\"styles.xml\"/>"
        if hasSharedStrings {
            xml +=
                "<Relationship Id=\"rId\(sheetCount + 2)\" Type=\"\(Namespace.relationships)/sharedStrings\" Target=\"sharedStrings.xml\"/>"
        }
        return Array((xml + "</Relationships>").utf8)
    }

    /// Fonts: 0 regular, 1 bold, in 等线 (DengXian, the default of Chinese Excel; charset 134
    /// is GB2312). cellXfs as `styleIndex` numbers them: general, date, date-time, each plain
    /// then bold.
    private static let stylesXML = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="\(Namespace.main)">\
        <numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>\
        <numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts>\
        <fonts count="2">\
        <font><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font>\
        <font><b/><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font>\
        </fonts>\
        <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
        <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
        <cellXfs count="6">\
        <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
        <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
        <xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        <xf numFmtId="164" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/>\
        <xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        <xf numFmtId="165" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/>\
        </cellXfs>\
        <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
        </styleSheet>
        """
}

/// Distinct strings in first-use order.
private struct SharedStringTable {
    private var indexes: [String: Int] = [:]
    private var strings: [String] = []
    private var references = 0

    mutating func index(of string: String) -> Int {
        references += 1
        if let index = indexes[string] { return index }
        indexes[string] = strings.count
        strings.append(string)
        return strings.count - 1
    }

    func xml() -> [UInt8] {
        var xml = XMLBuilder()
        xml.raw(
            """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
            count="\(references)" uniqueCount="\(strings.count)">
            """)
        for string in strings {
            xml.raw("<si><t xml:space=\"preserve\">")
            xml.escaped(string)
            xml.raw("</t></si>")
        }
        xml.raw("</sst>")
        return xml.bytes
    }
}

/// Accumulates XML as UTF-8 bytes.
private struct XMLBuilder {
    var bytes: [UInt8] = []

    mutating func raw(_ text: String) { bytes.append(contentsOf: text.utf8) }

    /// Escapes for both text and attribute values. Characters XML 1.0 cannot carry (control
    /// characters, U+FFFE, U+FFFF) and carriage returns (which XML turns into line feeds)
    /// become OOXML `_xHHHH_` escapes; an underscore that would read as one becomes `_x005F_`.
    mutating func escaped(_ text: String) {
        let utf8 = Array(text.utf8)
        var index = 0
        while index < utf8.count {
            let byte = utf8[index]
            switch byte {
            case ASCII.ampersand: raw("&amp;")
            case ASCII.lessThan: raw("&lt;")
            case ASCII.greaterThan: raw("&gt;")
            case ASCII.doubleQuote: raw("&quot;")
            case ASCII.tab, ASCII.lineFeed: bytes.append(byte)
            case 0..<0x20: raw(Self.escape(UInt32(byte)))
            case UInt8(ascii: "_") where Self.looksEscaped(utf8, at: index): raw("_x005F_")
            case 0xEF where index + 2 < utf8.count && utf8[index + 1] == 0xBF && utf8[index + 2] >= 0xBE:
                raw(Self.escape(0xFFFE + UInt32(utf8[index + 2] - 0xBE)))
                index += 2
            default: bytes.append(byte)
            }
            index += 1
        }
    }

    private static func escape(_ value: UInt32) -> String {
        let hex = String(value, radix: 16, uppercase: true)
        return "_x" + String(repeating: "0", count: 4 - hex.count) + hex + "_"
    }

    private static func looksEscaped(_ utf8: [UInt8], at index: Int) -> Bool {
        guard index + 7 <= utf8.count, utf8[index + 1] == UInt8(ascii: "x"), utf8[index + 6] == UInt8(ascii: "_")
        else { return false }
        return utf8[index + 2..<index + 6].allSatisfy { Character(Unicode.Scalar($0)).isHexDigit }
    }
}

/// A cell's position: 1-based row and column, written "C12" in A1 notation.
public struct CellReference: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Excel's sheet size; larger positions are rejected as absurd.
    public static let maxRow = 1_048_576
    public static let maxColumn = 16_384

    public let row: Int
    public let column: Int

    /// A position inside Excel's grid (1...1,048,576 × 1...16,384), or nil.
    public init?(row: Int, column: Int) {
        guard (1...Self.maxRow).contains(row), (1...Self.maxColumn).contains(column) else { return nil }
        self.row = row
        self.column = column
    }

    /// Parses A1 notation ("C12", "$C$12", lower case allowed), or nil.
    public init?(_ text: String) {
        guard let parsed = Self.parse(text.utf8) else { return nil }
        self = parsed
    }

    /// The column's letters, e.g. "C" or "AB".
    public var columnLetters: String { Self.letters(forColumn: column) }

    public var description: String { "\(columnLetters)\(row)" }

    public static func < (lhs: CellReference, rhs: CellReference) -> Bool {
        (lhs.row, lhs.column) < (rhs.row, rhs.column)
    }

    /// The letters Excel shows above a 1-based column: 1 → "A", 27 → "AA".
    public static func letters(forColumn column: Int) -> String {
        var remaining = column
        var letters: [UInt8] = []
        while remaining > 0 {
            let (quotient, remainder) = (remaining - 1).quotientAndRemainder(dividingBy: 26)
            letters.append(UInt8(ascii: "A") + UInt8(remainder))
            remaining = quotient
        }
        return String(decoding: letters.reversed(), as: UTF8.self)
    }

    /// Parses A1 notation from bytes, so worksheet parsing needs no intermediate strings.
    static func parse<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> CellReference? {
        var column = 0
        var row = 0
        var index = bytes.startIndex
        if index < bytes.endIndex, bytes[index] == UInt8(ascii: "$") { bytes.formIndex(after: &index) }
        while index < bytes.endIndex, let letter = Self.letterValue(bytes[index]) {
            column = column * 26 + letter
            guard column <= maxColumn else { return nil }
            bytes.formIndex(after: &index)
        }
        if index < bytes.endIndex, bytes[index] == UInt8(ascii: "$") { bytes.formIndex(after: &index) }
        var digits = 0
        while index < bytes.endIndex, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
            row = row * 10 + Int(bytes[index] - UInt8(ascii: "0"))
            digits += 1
            guard row <= maxRow else { return nil }
            bytes.formIndex(after: &index)
        }
        guard index == bytes.endIndex, digits > 0 else { return nil }
        return CellReference(row: row, column: column)
    }

    private static func letterValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): Int(byte - UInt8(ascii: "A")) + 1
        case UInt8(ascii: "a")...UInt8(ascii: "z"): Int(byte - UInt8(ascii: "a")) + 1
        default: nil
        }
    }
}

/// A rectangle of cells such as a merged area, "A1:C2" in A1 notation.
public struct CellRange: Sendable, Hashable, CustomStringConvertible {
    /// The top-left cell.
    public let start: CellReference
    /// The bottom-right cell.
    public let end: CellReference

    /// The range spanned by two corners given in any order.
    public init(_ corner: CellReference, _ otherCorner: CellReference) {
        start = CellReference(
            row: min(corner.row, otherCorner.row), column: min(corner.column, otherCorner.column))!
        end = CellReference(
            row: max(corner.row, otherCorner.row), column: max(corner.column, otherCorner.column))!
    }

    /// Parses "A1:C2" or a single cell "B3", or nil.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let first = CellReference(String(parts[0])),
            let last = CellReference(String(parts[parts.count - 1]))
        else { return nil }
        self.init(first, last)
    }

    public var description: String { start == end ? "\(start)" : "\(start):\(end)" }

    public func contains(row: Int, column: Int) -> Bool {
        (start.row...end.row).contains(row) && (start.column...end.column).contains(column)
    }

    func overlaps(_ other: CellRange) -> Bool {
        start.row <= other.end.row && other.start.row <= end.row
            && start.column <= other.end.column && other.start.column <= end.column
    }
}

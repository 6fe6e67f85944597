import Foundation

/// A piece of a field's text: Unicode-scalar offsets (start inclusive, end exclusive) into the text
/// the rule read, and the quote itself, so every structured fact can be shown next to its source.
public struct TextQuote: Codable, Sendable, Hashable {
    public var start: Int
    public var end: Int
    public var text: String

    public init(start: Int, end: Int, text: String) {
        self.start = start
        self.end = end
        self.text = text
    }
}

/// Enums ordered as their cases are declared (narrowest residency first, central government first).
public protocol DeclarationOrdered: CaseIterable, Comparable {}

extension DeclarationOrdered {
    public static func < (lhs: Self, rhs: Self) -> Bool {
        let cases = Array(allCases)
        return cases.firstIndex(of: lhs)! < cases.firstIndex(of: rhs)!
    }
}

/// Text as Unicode scalars with full-width ASCII folded to half-width one scalar for one scalar, so
/// offsets found while matching the folded text index the original too.
struct ScalarText {
    let original: [Unicode.Scalar]
    let folded: [Unicode.Scalar]

    init(_ text: String) {
        original = Array(text.unicodeScalars)
        folded = original.map(Self.fold)
    }

    var count: Int { folded.count }
    subscript(i: Int) -> Unicode.Scalar { folded[i] }

    private static func fold(_ c: Unicode.Scalar) -> Unicode.Scalar {
        switch c.value {
        case 0xFF01...0xFF5E: Unicode.Scalar(c.value - 0xFEE0) ?? c
        case 0x3000: " "
        case 0x2236: ":"  // ∶ RATIO, used in 8∶2
        case 0x2014, 0x2013, 0x2015, 0x2212, 0xFE63: "-"  // dashes written between numbers
        case 0x301C, 0xFF5E: "~"
        default: c
        }
    }

    func matches(_ word: String, at i: Int) -> Bool {
        guard i >= 0 else { return false }
        var j = i
        for c in word.unicodeScalars {
            guard j < count, folded[j] == c else { return false }
            j += 1
        }
        return true
    }

    /// The longest of `words` starting at `i`.
    func longestMatch(_ words: [String], at i: Int) -> String? {
        words.filter { matches($0, at: i) }.max { $0.unicodeScalars.count < $1.unicodeScalars.count }
    }

    /// The last occurrence of any of `words` lying wholly inside `range`, as the longest word covering it.
    func lastMatch(_ words: [String], in range: Range<Int>) -> (word: String, start: Int)? {
        var i = range.upperBound - 1
        while i >= range.lowerBound {
            if let word = longestMatch(words, at: i), i + word.unicodeScalars.count <= range.upperBound {
                // A longer word starting a little earlier may contain this one: 不低于 ⊃ 低于.
                for start in Swift.max(range.lowerBound, i - 3)..<i {
                    if let longer = longestMatch(words, at: start),
                       (i + word.unicodeScalars.count...range.upperBound).contains(start + longer.unicodeScalars.count) {
                        return (longer, start)
                    }
                }
                return (word, i)
            }
            i -= 1
        }
        return nil
    }

    func contains(_ word: String, in range: Range<Int>) -> Bool {
        range.contains { matches(word, at: $0) }
    }

    func text(_ range: Range<Int>) -> String {
        var s = String.UnicodeScalarView()
        s.append(contentsOf: original[range.clamped(to: 0..<count)])
        return String(s)
    }

    func quote(_ range: Range<Int>) -> TextQuote {
        TextQuote(start: range.lowerBound, end: range.upperBound, text: text(range))
    }

    static func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }
    static func isHan(_ c: Unicode.Scalar) -> Bool { (0x4E00...0x9FFF).contains(c.value) || (0x3400...0x4DBF).contains(c.value) }

    // MARK: numbers

    private static let numeralDigits: [Unicode.Scalar: Double] = [
        "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
    ]
    private static let numeralMultipliers: [Unicode.Scalar: Double] = ["十": 10, "百": 100, "千": 1000, "万": 10000]

    static func isNumeral(_ c: Unicode.Scalar) -> Bool { numeralDigits[c] != nil || numeralMultipliers[c] != nil }

    /// A number written in Arabic digits at `i` (with `1,000` thousands groups and one decimal point),
    /// unless `i` is inside a longer number.
    func arabicNumber(at i: Int) -> (value: Double, end: Int)? {
        guard i < count, Self.isDigit(self[i]), i == 0 || !(Self.isDigit(self[i - 1]) || self[i - 1] == ".") else { return nil }
        var digits = String.UnicodeScalarView()
        var j = i
        var seenPoint = false
        while j < count {
            let c = self[j]
            if Self.isDigit(c) {
                digits.append(c)
                j += 1
            } else if c == ",", !seenPoint, (1...3).allSatisfy({ j + $0 < count && Self.isDigit(self[j + $0]) }),
                      j + 4 >= count || !Self.isDigit(self[j + 4]) {
                j += 1  // thousands separator: exactly three digits follow
            } else if c == ".", !seenPoint, j + 1 < count, Self.isDigit(self[j + 1]) {
                seenPoint = true
                digits.append(c)
                j += 1
            } else {
                break
            }
        }
        guard digits.count <= 15, let value = Double(String(digits)), value.isFinite else { return nil }
        return (value, j)
    }

    /// A number spelled in Chinese numerals at `i` (`三十五`, `两`, `一千`), at most eight scalars long.
    func spelledNumber(at i: Int) -> (value: Double, end: Int)? {
        guard i < count, Self.isNumeral(self[i]), i == 0 || !Self.isNumeral(self[i - 1]) else { return nil }
        var total = 0.0, section = 0.0, digit: Double?
        var j = i
        while j < count, j - i < 8 {
            let c = self[j]
            if let d = Self.numeralDigits[c] {
                digit = (digit ?? 0) * 10 + d
            } else if c == "万" {
                total += (section + (digit ?? 0)) * 10000
                section = 0
                digit = nil
            } else if let m = Self.numeralMultipliers[c] {
                section += (digit ?? 1) * m
                digit = nil
            } else {
                break
            }
            j += 1
        }
        let value = total + section + (digit ?? 0)
        return j > i && value > 0 ? (value, j) : nil
    }

    /// A number in either script at `i`.
    func number(at i: Int) -> (value: Double, end: Int)? {
        arabicNumber(at: i) ?? spelledNumber(at: i)
    }
}

/// Text comparison rules shared by the catalogue diff and compliance check.
public enum CatalogueText {
    /// A name for matching: full-width folded, spaces, punctuation and brackets removed.
    public static func normalizedName(_ name: String) -> String {
        let text = ScalarText(name)
        var result = String.UnicodeScalarView()
        for c in text.folded where !c.properties.isWhitespace && !CharacterSet.punctuationCharacters.contains(c)
            && !CharacterSet.symbols.contains(c) {
            result.append(c)
        }
        return String(result)
    }
}

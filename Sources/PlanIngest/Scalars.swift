/// Character classes and matching helpers over `[Unicode.Scalar]`, the working form of all text.
enum CharClass {
    static func isHan(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0xF900...0xFAFF, 0x20000...0x3134F, 0x3007: return true
        default: return false
        }
    }
    static func isDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 0x30 && s.value <= 0x39 }
    static func isLatin(_ s: Unicode.Scalar) -> Bool {
        (s.value >= 0x41 && s.value <= 0x5A) || (s.value >= 0x61 && s.value <= 0x7A)
    }
    static func isPrivateUse(_ s: Unicode.Scalar) -> Bool { (0xE000...0xF8FF).contains(s.value) }
    static func isSpace(_ s: Unicode.Scalar) -> Bool {
        s == " " || s == "\t" || s == "\u{00A0}" || s == "\u{3000}" || s == "\u{2002}" || s == "\u{2003}" || s == "\u{200B}"
    }
    /// Punctuation that ends a sentence.
    static func isSentenceEnd(_ s: Unicode.Scalar) -> Bool {
        // ASCII `?` is left out: in scraped Chinese text it is far more often mojibake than a question.
        "。！？!;；".unicodeScalars.contains(s)
    }
    /// Punctuation after which a line may legitimately end.
    static func isLineEndPunctuation(_ s: Unicode.Scalar) -> Bool {
        "。！？!?;；:：”’》)）】」』".unicodeScalars.contains(s)
    }
    static func isCJKPunctuation(_ s: Unicode.Scalar) -> Bool {
        (0x3000...0x303F).contains(s.value) || (0xFF00...0xFFEF).contains(s.value) || "“”‘’—…·".unicodeScalars.contains(s)
    }
}

extension Array where Element == Unicode.Scalar {
    init(_ string: String) { self = Array(string.unicodeScalars) }

    func string(_ range: Range<Int>) -> String {
        let r = range.clamped(to: 0..<count)
        var s = String.UnicodeScalarView()
        s.append(contentsOf: self[r])
        return String(s)
    }

    /// Whether the literal occurs at `i`.
    func matches(_ literal: [Unicode.Scalar], at i: Int) -> Bool {
        guard i >= 0, i + literal.count <= count else { return false }
        for (k, s) in literal.enumerated() where self[i + k] != s { return false }
        return true
    }

    /// First index ≥ `from` and < `to` where `literal` occurs.
    func find(_ literal: [Unicode.Scalar], from: Int = 0, to: Int? = nil) -> Int? {
        let end = Swift.min(to ?? count, count) - literal.count
        guard let first = literal.first, from <= end else { return nil }
        var i = Swift.max(from, 0)
        while i <= end {
            if self[i] == first && matches(literal, at: i) { return i }
            i += 1
        }
        return nil
    }

    /// Last index in `[from, to)` where `literal` starts.
    func findLast(_ literal: [Unicode.Scalar], from: Int = 0, to: Int) -> Int? {
        var i = Swift.min(to, count) - literal.count
        while i >= Swift.max(from, 0) {
            if matches(literal, at: i) { return i }
            i -= 1
        }
        return nil
    }

    func contains(_ literal: [Unicode.Scalar], in range: Range<Int>) -> Bool {
        find(literal, from: range.lowerBound, to: range.upperBound) != nil
    }
}

extension String {
    var scalars: [Unicode.Scalar] { Array(unicodeScalars) }
}

/// Literals used by scanners, built once.
enum Lit {
    static func list(_ words: [String]) -> [[Unicode.Scalar]] { words.map { $0.scalars } }
}

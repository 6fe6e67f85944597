/// Pinyin readings inserted after characters (`發(fā)展`, `會(huì )`), recognised by shape.
enum PinyinAnnotation {
    private static let toneVowels: [Unicode.Scalar: Unicode.Scalar] = {
        var map: [Unicode.Scalar: Unicode.Scalar] = [:]
        let groups: [(Unicode.Scalar, String)] = [
            ("a", "āáǎàɑ"), ("e", "ēéěè"), ("i", "īíǐì"), ("o", "ōóǒò"), ("u", "ūúǔù"), ("v", "ǖǘǚǜü"), ("n", "ńňǹ"), ("m", "ḿ"),
        ]
        for (base, marks) in groups { for m in marks.unicodeScalars { map[m] = base } }
        return map
    }()

    private static let initials = ["zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x", "r", "z", "c", "s", "y", "w", ""]
    private static let finals: Set<String> = [
        "a", "o", "e", "i", "u", "v", "ai", "ei", "ao", "ou", "an", "en", "ang", "eng", "ong", "er",
        "ia", "ie", "iao", "iu", "iou", "ian", "in", "iang", "ing", "iong", "ua", "uo", "uai", "ui", "uei",
        "uan", "un", "uen", "uang", "ueng", "ve", "ue", "van", "vn", "m", "n", "ng",
    ]

    static func isPinyinLetter(_ s: Unicode.Scalar) -> Bool {
        (s.value >= 0x61 && s.value <= 0x7A) || toneVowels[s] != nil
    }

    static func hasToneMark(_ letters: [Unicode.Scalar]) -> Bool { letters.contains { toneVowels[$0] != nil } }

    /// Whether `letters` (lowercase, tone marks allowed) form one pinyin syllable.
    static func isSyllable(_ letters: [Unicode.Scalar]) -> Bool {
        guard (1...6).contains(letters.count) else { return false }
        var base = ""
        for s in letters {
            if let b = toneVowels[s] { base.unicodeScalars.append(b) }
            else if s.value >= 0x61 && s.value <= 0x7A { base.unicodeScalars.append(s) }
            else { return false }
        }
        for ini in initials where base.hasPrefix(ini) {
            if finals.contains(String(base.dropFirst(ini.count))) { return true }
        }
        return false
    }

    /// Length of an annotation `(pinyin)` starting at `i` (the opening parenthesis), or nil.
    /// Toneless syllables count only when `allowToneless` (the document is known to be annotated).
    static func annotationLength(_ s: [Unicode.Scalar], at i: Int, allowToneless: Bool) -> Int? {
        guard i < s.count, s[i] == "(" || s[i] == "（" else { return nil }
        var j = i + 1
        var letters: [Unicode.Scalar] = []
        while j < s.count, j - i <= 9, isPinyinLetter(s[j]) { letters.append(s[j]); j += 1 }
        while j < s.count, j - i <= 11, CharClass.isSpace(s[j]) { j += 1 }
        guard j < s.count, s[j] == ")" || s[j] == "）", isSyllable(letters) else { return nil }
        guard allowToneless || hasToneMark(letters) else { return nil }
        return j + 1 - i
    }
}

/// The repaired text with its map to the original, split into lines and sentences,
/// and the helpers every extractor uses to cite what it found.
struct PlanText {
    let s: [Unicode.Scalar]
    let mapped: MappedText
    let original: [Unicode.Scalar]
    /// One paragraph per line after repair.
    let lines: [Range<Int>]

    init(_ mapped: MappedText, original: [Unicode.Scalar]) {
        self.mapped = mapped
        self.s = mapped.scalars
        self.original = original
        var lines: [Range<Int>] = []
        var start = 0
        for (i, c) in s.enumerated() where c == "\n" {
            if i > start { lines.append(start..<i) }
            start = i + 1
        }
        if start < s.count { lines.append(start..<s.count) }
        self.lines = lines
    }

    var count: Int { s.count }

    func string(_ r: Range<Int>) -> String { s.string(r) }

    func span(_ r: Range<Int>) -> Span {
        let lo = max(0, min(r.lowerBound, s.count)), hi = max(lo, min(r.upperBound, s.count))
        let (a, b) = mapped.originRange(lo, hi, originalCount: original.count)
        return Span(start: lo, end: hi, originalStart: a, originalEnd: b)
    }

    func quote(_ r: Range<Int>) -> Quote {
        let sp = span(r)
        return Quote(text: string(sp.start..<sp.end), original: original.string(sp.originalStart..<sp.originalEnd), span: sp)
    }

    /// Sentences of a line, split after `。！？；` (a sentence keeps its closing punctuation).
    func sentences(in line: Range<Int>) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start = line.lowerBound
        var depth = 0
        for i in line {
            let c = s[i]
            if c == "(" || c == "（" || c == "《" || c == "“" { depth += 1 }
            if c == ")" || c == "）" || c == "》" || c == "”" { depth = max(0, depth - 1) }
            if depth == 0, CharClass.isSentenceEnd(c) {
                result.append(start..<(i + 1))
                start = i + 1
            }
        }
        if start < line.upperBound { result.append(start..<line.upperBound) }
        return result
    }

    /// Index of the line containing offset `i`.
    func lineIndex(containing i: Int) -> Int? {
        var lo = 0, hi = lines.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            if lines[mid].upperBound <= i { lo = mid + 1 } else if lines[mid].lowerBound > i { hi = mid - 1 } else { return mid }
        }
        return nil
    }

    func matches(_ literal: [Unicode.Scalar], at i: Int) -> Bool { s.matches(literal, at: i) }
    func find(_ literal: [Unicode.Scalar], in r: Range<Int>) -> Int? { s.find(literal, from: r.lowerBound, to: r.upperBound) }
    func contains(_ literal: [Unicode.Scalar], in r: Range<Int>) -> Bool { s.contains(literal, in: r) }
}

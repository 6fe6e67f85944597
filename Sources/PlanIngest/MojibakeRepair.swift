/// Repairs mojibake left by GBK/UTF-8 round trips, using only what the bytes make certain.
///
/// Two shapes are recognised:
/// - **misaligned GBK**: a GBK stream decoded one byte off after a lost byte, visible as `?`
///   followed by rare characters and private-use characters (`?;竟卜?`). Re-encoding the run as GBK
///   and pairing the bytes one position later restores the text; the half characters at the
///   edges are chosen from the byte that survived plus the document's own bigrams, or marked `�`.
/// - **UTF-8 read as GBK** (`鍩烘湰`): re-encoding the run as GBK yields valid UTF-8.
///
/// A candidate is accepted only when it decodes to Han text whose characters the rest of the
/// document uses; otherwise the run is left as it is and reported.
struct MojibakeRepair {
    struct Outcome {
        var text: MappedText
        var repaired: [(range: Range<Int>, after: String)] = []
        var unresolved: [Range<Int>] = []
    }

    private let unigrams: [UInt32: Int]
    private let bigrams: [UInt64: Int]

    init(statisticsOf text: [Unicode.Scalar]) {
        var uni: [UInt32: Int] = [:], bi: [UInt64: Int] = [:]
        var previous: Unicode.Scalar?
        var i = 0
        while i < text.count {
            let s = text[i]
            if CharClass.isHan(s) || CharClass.isCJKPunctuation(s) {
                uni[s.value, default: 0] += 1
                if let p = previous { bi[Self.key(p, s), default: 0] += 1 }
                previous = s
            } else if let n = PinyinAnnotation.annotationLength(text, at: i, allowToneless: true), previous != nil {
                // Readings sit between the two characters of a bigram.
                i += n
                continue
            } else {
                previous = nil
            }
            i += 1
        }
        unigrams = uni
        bigrams = bi
    }

    private static func key(_ a: Unicode.Scalar, _ b: Unicode.Scalar) -> UInt64 { UInt64(a.value) << 32 | UInt64(b.value) }

    /// Halfwidth punctuation that scraping produced from fullwidth GBK `A3xx` forms.
    private static let normalisedPunctuation: [Unicode.Scalar: [UInt8]] = [
        ";": [0xA3, 0xBB], "!": [0xA3, 0xA1], ":": [0xA3, 0xBA], ",": [0xA3, 0xAC],
    ]

    func repair(_ input: MappedText) -> Outcome {
        let s = input.scalars
        var out = Outcome(text: MappedText())
        out.text.reserve(s.count)
        var i = 0
        while i < s.count {
            if s[i] == "?", isAnchor(s, i), let run = misalignedRun(s, from: i) {
                if let decoded = realign(run.bytes, before: characterBefore(s, i), after: run.end < s.count ? s[run.end] : nil) {
                    emit(decoded, runRange: i..<run.end, input: input, into: &out)
                    i = run.end
                    continue
                }
                out.unresolved.append(i..<run.end)
            } else if isRare(s[i]), i == 0 || !isRare(s[i - 1]) {
                // UTF-8 read as GBK shows as a run of characters the rest of the document never uses.
                var end = i
                while end < s.count, isRare(s[end]), end - i < 64 { end += 1 }
                if end - i >= 3, let (window, decoded) = utf8Window(s, i..<end) {
                    for k in i..<window.lowerBound { out.text.copy(k, of: input) }
                    emit(decoded.map { Optional($0) }, runRange: window, input: input, into: &out)
                    i = window.upperBound
                    continue
                }
            }
            out.text.copy(i, of: input)
            i += 1
        }
        return out
    }

    private func emit(_ decoded: [Unicode.Scalar?], runRange: Range<Int>, input: MappedText, into out: inout Outcome) {
        let outStart = out.text.count
        let lo = input.originStart[runRange.lowerBound], hi = input.originEnd[runRange.upperBound - 1]
        for (k, c) in decoded.enumerated() {
            // Decoded character k straddles run characters k and k+1.
            let a = min(runRange.lowerBound + k, runRange.upperBound - 1)
            let b = min(runRange.lowerBound + k + 2, runRange.upperBound)
            let from = max(lo, input.originStart[a]), to = min(hi, max(input.originEnd[b - 1], from))
            out.text.append(c ?? "\u{FFFD}", from: from, to: to)
        }
        let after = out.text.scalars.string(outStart..<out.text.count)
        if decoded.contains(where: { $0 == nil }) { out.unresolved.append(runRange) }
        out.repaired.append((runRange, after))
    }

    /// The character before `i`, looking past a pinyin reading.
    private func characterBefore(_ s: [Unicode.Scalar], _ i: Int) -> Unicode.Scalar? {
        guard i > 0 else { return nil }
        if s[i - 1] == ")", let open = (max(0, i - 12)..<(i - 1)).last(where: { s[$0] == "(" }), open > 0,
           PinyinAnnotation.annotationLength(s, at: open, allowToneless: true) == i - open {
            return s[open - 1]
        }
        return s[i - 1]
    }

    /// A `?` standing for a lost byte sits after Han text and before non-ASCII or normalised punctuation.
    private func isAnchor(_ s: [Unicode.Scalar], _ i: Int) -> Bool {
        guard i + 1 < s.count else { return false }
        if i > 0, CharClass.isLatin(s[i - 1]) || CharClass.isDigit(s[i - 1]) { return false }
        let next = s[i + 1]
        return next.value >= 0x80 || Self.normalisedPunctuation[next] != nil || next == "?"
    }

    /// Bytes of a misaligned run starting at the anchor `?` (nil byte = lost), and where it ends.
    private func misalignedRun(_ s: [Unicode.Scalar], from anchor: Int) -> (bytes: [Int], end: Int)? {
        var bytes = [-1]
        var j = anchor + 1
        while j < s.count, j - anchor < 64 {
            let c = s[j]
            if c == "?" {
                if j + 1 < s.count, CharClass.isHan(s[j + 1]) || CharClass.isPrivateUse(s[j + 1]) {
                    bytes += [0xA3, 0xBF]; j += 1; continue
                }
                bytes.append(-1); j += 1
                j = swallowBrokenPinyin(s, from: j)
                break
            }
            if let fw = Self.normalisedPunctuation[c] { bytes += fw.map(Int.init); j += 1; continue }
            if c.value >= 0x40 && c.value <= 0x7E {
                // A trail byte in lead position decodes as ASCII and resynchronises the decoder.
                bytes.append(Int(c.value)); j += 1; break
            }
            if c.value < 0x80 { break }
            guard let enc = GBKCodec.encode(c), enc.count == 2 else { break }
            bytes += enc.map(Int.init); j += 1
        }
        return bytes.count >= 3 ? (bytes, j) : nil
    }

    /// A pinyin annotation whose `(` was swallowed by the lost byte: `wù)`.
    private func swallowBrokenPinyin(_ s: [Unicode.Scalar], from j: Int) -> Int {
        var k = j
        while k < s.count, k - j < 8, PinyinAnnotation.isPinyinLetter(s[k]) { k += 1 }
        if k > j, k < s.count, s[k] == ")" { return k + 1 }
        return j
    }

    /// Pairs the bytes one position later and decodes them; nil when the result is not plausible text.
    private func realign(_ bytes: [Int], before: Unicode.Scalar?, after: Unicode.Scalar?) -> [Unicode.Scalar?]? {
        var b = bytes
        if b.count % 2 == 1 { b.append(-1) }
        var pairs: [(Int, Int)] = []
        var k = 0
        while k + 1 < b.count { pairs.append((b[k], b[k + 1])); k += 2 }
        var decoded: [Unicode.Scalar?] = []
        for (lead, trail) in pairs {
            if lead < 0 || trail < 0 { decoded.append(nil); continue }
            guard lead >= 0x81, let c = GBKCodec.decodePair(UInt8(lead), UInt8(trail)), isPlausible(c) else { return nil }
            decoded.append(c)
        }
        let known = decoded.compactMap { $0 }
        let hanKnown = known.filter(CharClass.isHan)
        guard hanKnown.filter({ (unigrams[$0.value] ?? 0) >= 3 }).count * 2 >= hanKnown.count, known.count == hanKnown.count || !hanKnown.isEmpty || known.isEmpty else { return nil }
        // Fill in the half-lost characters from the surviving byte and the document's bigrams.
        for (index, (lead, trail)) in pairs.enumerated() where decoded[index] == nil {
            if lead < 0 && trail < 0 { continue }
            let previous = index > 0 ? decoded[index - 1] : before
            let next = index + 1 < decoded.count ? decoded[index + 1] : after
            decoded[index] = bestCandidate(lead: lead, trail: trail, previous: previous, next: next)
        }
        // A trailing pair with both bytes lost carries nothing.
        if let last = pairs.last, last.0 < 0, last.1 < 0 { decoded.removeLast() }
        // Without a single certain character only confident guesses justify a change.
        if known.isEmpty, decoded.contains(where: { $0 == nil }) { return nil }
        return decoded
    }

    private func isPlausible(_ c: Unicode.Scalar) -> Bool {
        CharClass.isHan(c) || ("\u{3001}"..."\u{3011}").contains(c) || "“”‘’—…·（）；，：！？".unicodeScalars.contains(c)
    }

    private func bestCandidate(lead: Int, trail: Int, previous: Unicode.Scalar?, next: Unicode.Scalar?) -> Unicode.Scalar? {
        var scored: [(Unicode.Scalar, Int)] = []
        let range = lead < 0 ? Array(0x81...0xFE) : Array(0x40...0xFE)
        for x in range {
            let l = lead < 0 ? x : lead, t = trail < 0 ? x : trail
            guard let c = GBKCodec.decodePair(UInt8(l), UInt8(t)), isPlausible(c) else { continue }
            var score = 0
            if let p = previous { score += bigrams[Self.key(p, c)] ?? 0 }
            if let n = next { score += bigrams[Self.key(c, n)] ?? 0 }
            if score > 0 { scored.append((c, score)) }
        }
        scored.sort { $0.1 > $1.1 }
        guard let best = scored.first, best.1 >= 2 else { return nil }
        if scored.count > 1, scored[1].1 * 2 > best.1 { return nil }
        return best.0
    }

    /// The widest window of the run (its edges may be genuine rare characters) that decodes.
    private func utf8Window(_ s: [Unicode.Scalar], _ run: Range<Int>) -> (Range<Int>, [Unicode.Scalar])? {
        for trim in 0..<min(6, run.count - 2) {
            for head in 0...trim {
                let window = (run.lowerBound + head)..<(run.upperBound - (trim - head))
                if let decoded = utf8ReadAsGBK(Array(s[window])) { return (window, decoded) }
            }
        }
        return nil
    }

    private func isRare(_ c: Unicode.Scalar) -> Bool { CharClass.isHan(c) && (unigrams[c.value] ?? 0) <= 2 }

    /// `鍩烘湰` → `基本`: the run's GBK bytes are valid UTF-8 Han text.
    private func utf8ReadAsGBK(_ run: [Unicode.Scalar]) -> [Unicode.Scalar]? {
        var bytes: [UInt8] = []
        for c in run {
            guard let enc = GBKCodec.encode(c), enc.count == 2 else { return nil }
            bytes += enc
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { return nil }
        let decoded = Array(text.unicodeScalars)
        let han = decoded.filter(CharClass.isHan)
        guard han.count >= 2, han.count * 10 >= decoded.count * 8 else { return nil }
        return decoded
    }
}

/// Builds the heading tree. Levels follow the order in which marker styles first appear,
/// so `一、` may be level 1 in one plan and level 2 under `第一章` in another.
struct OutlineBuilder {
    struct Heading {
        var node: OutlineNode
        var line: Int
        var titleRange: Range<Int>
        var bodyRange: Range<Int>
        /// The line holds nothing but the heading.
        var titleOnly: Bool
    }

    static func build(_ text: PlanText) -> [Heading] {
        var found: [(line: Int, match: HeadingParser.Match)] = []
        let contents = tableOfContents(text)
        for (n, line) in text.lines.enumerated() where !contents.contains(n) {
            if let m = HeadingParser.parse(text.s, line.lowerBound, line.upperBound) { found.append((n, m)) }
        }
        // A style that shows up once with a large ordinal is a numbered sentence, not a heading level.
        var levelOf: [HeadingParser.Style: Int] = [:]
        var stack: [(style: HeadingParser.Style, index: Int)] = []
        var headings: [Heading] = []
        for (lineIndex, m) in found {
            let level: Int
            if let known = levelOf[m.style] {
                level = known
            } else {
                level = (stack.last.flatMap { levelOf[$0.style] } ?? 0) + 1
                levelOf[m.style] = level
            }
            while let top = stack.last, let topLevel = levelOf[top.style], topLevel >= level { stack.removeLast() }
            let parent = stack.last?.index
            let line = text.lines[lineIndex]
            let node = OutlineNode(level: level, marker: text.string(m.marker), style: m.style.rawValue, ordinal: m.ordinal,
                                   title: text.string(m.title), span: text.span(line), bodySpan: text.span(line), parent: parent)
            headings.append(Heading(node: node, line: lineIndex, titleRange: m.title, bodyRange: line, titleOnly: m.titleOnly))
            stack.append((m.style, headings.count - 1))
        }
        // Body: up to the next heading at the same or a higher level.
        for k in headings.indices {
            var end = text.count
            for j in (k + 1)..<headings.count where headings[j].node.level <= headings[k].node.level {
                end = text.lines[headings[j].line].lowerBound
                break
            }
            let start = text.lines[headings[k].line].lowerBound
            headings[k].bodyRange = start..<max(start, end)
            headings[k].node.bodySpan = text.span(headings[k].bodyRange)
        }
        return headings
    }

    /// Lines of a table of contents, which repeat the headings: a line holding three and more chapter
    /// markers (`第一章 规划背景 第二章 总体要求 …`), and the heading lines right after a `目录` line, up to
    /// the first line that is not a heading or that repeats the first entry (where the body starts).
    static func tableOfContents(_ text: PlanText) -> Set<Int> {
        var result = Set<Int>()
        var n = 0
        while n < text.lines.count {
            let line = text.lines[n]
            if chapterMarkers(text, line) >= 3 { result.insert(n); n += 1; continue }
            let compact = text.string(line).filter { !$0.isWhitespace }
            guard compact == "目录" else { n += 1; continue }
            result.insert(n)
            func entry(_ k: Int) -> String? {
                HeadingParser.parse(text.s, text.lines[k].lowerBound, text.lines[k].upperBound).map { m in
                    text.string(m.marker) + text.string(m.title).filter { !$0.isNumber && !$0.isWhitespace && $0 != "." && $0 != "…" }
                }
            }
            var k = n + 1
            let first = k < text.lines.count ? entry(k) : nil
            while k < text.lines.count, let e = entry(k), k == n + 1 || e != first { k += 1 }
            // Entries are a table of contents only when the body repeats the first of them; a document
            // that kept the `目录` title but not its entries (a Word field left out) starts its body here.
            let repeated = first != nil && (k..<text.lines.count).contains { entry($0) == first }
            if repeated { result.formUnion((n + 1)..<k) }
            n = k
        }
        return result
    }

    /// `第…章` markers in a line.
    private static func chapterMarkers(_ text: PlanText, _ line: Range<Int>) -> Int {
        var count = 0
        var i = line.lowerBound
        while i < line.upperBound {
            if text.s[i] == "第", let end = (i + 1..<min(line.upperBound, i + 5)).first(where: { text.s[$0] == "章" }),
               ((i + 1)..<end).allSatisfy({ ChineseNumber.isNumeral(text.s[$0]) || CharClass.isDigit(text.s[$0]) }), end > i + 1 {
                count += 1
                i = end
            }
            i += 1
        }
        return count
    }
}

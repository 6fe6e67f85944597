/// What `pdftotext -layout` printed for a PDF, made into the text the plan reader expects: the
/// pages' running headers, footers and page numbers (`— 3 —`, `- 12 -`, `第 3 页`) dropped, and
/// each table row on one line (see `PDFLayoutTable`). The column gaps of the layout stay runs of
/// spaces, which the repairer turns into tabs.
///
/// Layout mode is the one of pdftotext's modes that keeps a table's columns apart: the raw mode
/// prints cells in the order of the content stream with a line break at every wrap, so a cell's
/// second line cannot be told from the next cell, and the default mode prints the columns of a
/// row one after the other.
enum PDFLayoutText {
    /// - Throws: `IngestError.scannedPDF` when the pages carry (next to) no text.
    static func text(of layout: String) throws(IngestError) -> String {
        var pages = layout.split(separator: "\u{0C}", omittingEmptySubsequences: false).map { page in
            page.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.unicodeScalars) }
        }
        if pages.count > 1, pages.last!.allSatisfy(\.isEmpty) { pages.removeLast() }
        let visible = pages.joined().reduce(0) { $0 + $1.count { !$0.properties.isWhitespace } }
        // A scan has no text, or only what a stamp or an OCR fragment leaves: a page of a plan has hundreds.
        guard visible >= 30 * max(pages.count, 1) else { throw .scannedPDF(pages: pages.count) }

        pages = dropRunningLines(pages)
        // Joining measures where lines end, so it comes before the spaces are closed.
        let lines = joinWrappedLines(pages.flatMap(PDFLayoutTable.rebuildTables)).map(closingFontGaps)
        return lines.map { String(String.UnicodeScalarView($0)) }.joined(separator: "\n")
    }

    /// pdftotext prints a space where digits or Latin letters set in another font meet Chinese
    /// (`2022 年 3 月`, `8 号`); the document has none there. Column gaps (two spaces and more) stay.
    static func closingFontGaps(_ line: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var result: [Unicode.Scalar] = []
        result.reserveCapacity(line.count)
        for (index, scalar) in line.enumerated() {
            if scalar == " ", index > 0, index + 1 < line.count, line[index - 1] != " ", line[index + 1] != " " {
                let before = line[index - 1], after = line[index + 1]
                let latin = { (s: Unicode.Scalar) in CharClass.isDigit(s) || CharClass.isLatin(s) || s == "%" }
                let han = { (s: Unicode.Scalar) in CharClass.isHan(s) || CharClass.isCJKPunctuation(s) }
                if latin(before) && han(after) || han(before) && latin(after) { continue }
            }
            result.append(scalar)
        }
        return result
    }

    /// Puts a paragraph's wrapped lines back together where the layout says so: a line that
    /// reaches the right margin runs on into the next line when that one starts at the left margin
    /// and is not a heading, even when it starts with a bracket or a number or the full line ends with a
    /// full stop, which the text's own repair must take for a new paragraph. An indented line
    /// starts a paragraph (首行缩进, as official documents are set); centred and right-aligned lines
    /// and table rows are never joined; what is left is for the repair.
    static func joinWrappedLines(_ lines: [[Unicode.Scalar]]) -> [[Unicode.Scalar]] {
        func indent(_ line: [Unicode.Scalar]) -> Int { line.prefix { $0 == " " }.count }
        func end(_ line: [Unicode.Scalar]) -> Int { line.count - line.reversed().prefix { $0 == " " }.count }
        /// Text at the body's margin or indented as a paragraph: not a table row, a blank, a centred or right-aligned line.
        func isBody(_ line: [Unicode.Scalar]) -> Bool { !line.contains("\t") && indent(line) < 8 && indent(line) < line.count }
        func isProse(_ line: [Unicode.Scalar]) -> Bool { isBody(line) && line.count { $0 != " " } >= 8 }
        // The right margin: where most lines of running text end. Lines are measured in characters,
        // and digits are narrower than Chinese, so a full line may be a tenth shorter than another.
        let ends = lines.filter(isProse).map(end).sorted()
        guard ends.count >= 5 else { return lines }
        let full = ends[ends.count * 3 / 4] * 9 / 10

        var result: [[Unicode.Scalar]] = []
        for line in lines {
            if let previous = result.last, isProse(previous), end(previous) >= full, isBody(line), indent(line) <= 1,
                HeadingParser.parse(line, 0, line.count) == nil,
                HeadingParser.parse(previous, 0, previous.count)?.titleOnly != true
            {
                result[result.count - 1] = previous + line.drop { $0 == " " }
            } else {
                result.append(line)
            }
        }
        return result
    }

    /// Page numbers at a page's top or bottom, and lines repeated at the top or bottom of most pages.
    static func dropRunningLines(_ pages: [[[Unicode.Scalar]]]) -> [[[Unicode.Scalar]]] {
        func edges(_ page: [[Unicode.Scalar]]) -> [Int] {
            let filled = page.indices.filter { page[$0].contains { !$0.properties.isWhitespace } }
            return Array(Set(filled.prefix(2) + filled.suffix(2))).sorted()
        }
        // Running headers and footers: the same short line (numbers aside) on more than half the pages.
        var repeated: [String: Int] = [:]
        for page in pages {
            for key in Set(edges(page).map { runningKey(page[$0]) }) where !key.isEmpty { repeated[key, default: 0] += 1 }
        }
        let running = pages.count >= 3 ? Set(repeated.filter { $0.value * 2 > pages.count }.keys) : []
        return pages.map { page in
            let drop = Set(edges(page).filter { isPageNumber(page[$0]) || running.contains(runningKey(page[$0])) })
            return page.indices.filter { !drop.contains($0) }.map { page[$0] }
        }
    }

    /// A running line without its spaces and digits, so that `第 3 页` and `第 4 页` match; long
    /// lines are text, never running lines.
    private static func runningKey(_ line: [Unicode.Scalar]) -> String {
        let kept = line.filter { !$0.properties.isWhitespace && !CharClass.isDigit($0) }
        return kept.count <= 40 ? String(String.UnicodeScalarView(kept)) : ""
    }

    /// `3`, `— 3 —`, `-12-`, `第 3 页`, `第3页 共20页`, `3 / 20`, `Page 3`.
    static func isPageNumber(_ line: [Unicode.Scalar]) -> Bool {
        let text = String(String.UnicodeScalarView(line.filter { !$0.properties.isWhitespace })).lowercased()
        guard !text.isEmpty, text.count <= 16 else { return false }
        let dashes: Set<Character> = ["—", "–", "-", "－", "‒", "―", "~", "·", "•"]
        let bare = text.drop { dashes.contains($0) }.reversed().drop { dashes.contains($0) }.reversed()
        let core = String(bare)
        return core.wholeMatch(of: /(page)?\d{1,4}(\/\d{1,4})?/) != nil || core.wholeMatch(of: /第\d{1,4}页(\/?共\d{1,4}页)?/) != nil
    }
}

/// Puts each row of a table in `pdftotext -layout` text back on one line.
///
/// In a PDF a cell's text wraps inside the cell, so the layout prints a row over several lines:
/// the first line of every cell together when cells are aligned to their top, or, when cells are
/// centred vertically (as most government tables are), the short cells on the row's middle line
/// and the wrapped ones spread above and below it. The plan reader wants a row on one line, so
/// this finds the table (lines with three and more column gaps), its columns (the gaps of its
/// fullest lines), the line that carries each row (its number in a `序号` column, or most of its
/// cells), and gives every other line's pieces to the row it belongs to: the nearest carrying
/// line when cells are centred, the one above when they are aligned to the top. Group rows
/// (`一、幼有所育` across the table) stay lines of their own.
///
/// This reads tables as LibreOffice, Word and WPS print them; a table whose cells touch (no gap of
/// two spaces between columns anywhere) or with merged cells in the middle of a row may still come
/// out with cells in the wrong column, which the reviewer sees in the quote.
enum PDFLayoutTable {
    typealias Line = [Unicode.Scalar]

    /// The page with each table's rows joined: cells separated by a tab.
    static func rebuildTables(in page: [Line]) -> [Line] {
        var output: [Line] = []
        var index = 0
        while index < page.count {
            guard fragments(page[index]).count >= 3, let table = Table(page: page, firstWideLine: index) else {
                output.append(page[index])
                index += 1
                continue
            }
            output.removeLast(index - table.lines.lowerBound)
            output.append(contentsOf: table.rows)
            index = table.lines.upperBound
        }
        return output
    }

    /// Runs of text between gaps of two and more spaces.
    static func fragments(_ line: Line) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start: Int?
        var index = 0
        while index < line.count {
            if line[index] == " " {
                var end = index
                while end < line.count, line[end] == " " { end += 1 }
                if end - index >= 2 || end == line.count, let open = start {
                    result.append(open..<index)
                    start = nil
                }
                index = end
            } else {
                if start == nil { start = index }
                index += 1
            }
        }
        if let open = start { result.append(open..<line.count) }
        return result
    }

    private static func isBlank(_ line: Line) -> Bool { line.allSatisfy { $0 == " " } }

    /// A line of running text: one long run without a column gap.
    private static func isProse(_ line: Line) -> Bool {
        let pieces = fragments(line)
        return pieces.count == 1 && pieces[0].count >= 24
    }

    /// One table of a page: the lines it covers and its rows, one line each.
    private struct Table {
        let lines: Range<Int>
        let rows: [Line]

        private enum Kind { case carrier, group, continuation }
        private struct Piece {
            var range: Range<Int>
            var column: Int
        }

        init?(page: [Line], firstWideLine wide: Int) {
            // How far the table goes: its wide lines, the short lines between them, a blank line only
            // right before a wide one; prose or a heading after a blank line ends it.
            var lastWide = wide
            var candidateEnd = wide + 1
            while candidateEnd < page.count {
                let line = page[candidateEnd]
                if isBlank(line) {
                    guard candidateEnd + 1 < page.count, fragments(page[candidateEnd + 1]).count >= 3 else { break }
                } else if isProse(line) {
                    break
                } else if fragments(line).count >= 3 {
                    lastWide = candidateEnd
                }
                candidateEnd += 1
            }

            // Columns: the gaps every one of the fullest lines leaves, as a boundary between columns.
            let widths = (wide...lastWide).map { fragments(page[$0]).count }
            let columnCount = widths.max()!
            var gaps: [Range<Int>]?
            for (offset, width) in widths.enumerated() where width == columnCount {
                let pieces = fragments(page[wide + offset])
                let lineGaps = (1..<pieces.count).map { pieces[$0 - 1].upperBound..<pieces[$0].lowerBound }
                gaps = gaps.map {
                    zip($0, lineGaps).map { common, gap in
                        let lower = max(common.lowerBound, gap.lowerBound)
                        return lower..<max(lower, min(common.upperBound, gap.upperBound))
                    }
                } ?? lineGaps
            }
            guard let gaps, gaps.allSatisfy({ !$0.isEmpty }) else { return nil }
            let boundaries = gaps.map { Double($0.lowerBound + $0.upperBound) / 2 }

            // A piece's column is the one its middle falls in: short values are often centred in their cell.
            func piece(_ range: Range<Int>) -> Piece {
                Piece(range: range, column: boundaries.count { $0 <= Double(range.lowerBound + range.upperBound) / 2 })
            }
            func pieces(_ line: Line) -> [Piece] {
                var result: [Piece] = []
                for fragment in fragments(line) {
                    // A single space where a column gap should be splits two cells that both fill their column.
                    var start = fragment.lowerBound
                    for (gap, boundary) in zip(gaps, boundaries) where Double(start) < boundary && boundary < Double(fragment.upperBound) {
                        let spaces = (max(gap.lowerBound - 1, start)..<min(gap.upperBound + 1, fragment.upperBound)).filter { line[$0] == " " }
                        guard let split = spaces.min(by: { abs(Double($0) - boundary) < abs(Double($1) - boundary) }) else { continue }
                        result.append(piece(start..<split))
                        start = split + 1
                    }
                    result.append(piece(start..<fragment.upperBound))
                }
                return result
            }
            // Header lines above the first wide one (a centred header's wrapped names): short pieces;
            // a caption (`表1 …`) above the table is left out.
            var first = wide
            while first > 0, wide - first < 3, !isBlank(page[first - 1]) {
                let above = fragments(page[first - 1])
                let text = String(String.UnicodeScalarView(page[first - 1].drop { $0 == " " }))
                guard above.count < columnCount, above.allSatisfy({ $0.count <= 12 }),
                    !["表", "附表", "专栏"].contains(where: text.hasPrefix)
                else { break }
                first -= 1
            }
            // After the last wide line only the rest of its row: lines with nothing in the first column.
            var end = lastWide + 1
            while end < candidateEnd, end - lastWide <= 3, !isBlank(page[end]), pieces(page[end]).allSatisfy({ $0.column > 0 }) {
                end += 1
            }

            let split = (first..<end).map { pieces(page[$0]) }
            func text(_ piece: Piece, _ lineIndex: Int) -> String {
                String(String.UnicodeScalarView(page[first + lineIndex][piece.range]))
            }
            func isRowNumber(_ piece: Piece, _ lineIndex: Int) -> Bool {
                piece.column == 0 && text(piece, lineIndex).wholeMatch(of: /\d{1,3}[.、．]?/) != nil
            }
            let numbered = split.indices.count { index in split[index].first.map { isRowNumber($0, index) } ?? false } >= 2
            let headerLine = wide - first
            let carrierWidth = max(2, (columnCount + 1) / 2)
            var kinds: [Kind] = split.indices.map { index in
                let line = split[index]
                guard let head = line.first else { return .continuation }
                if numbered ? isRowNumber(head, index) : (head.column == 0 && line.count >= carrierWidth) { return .carrier }
                if index == headerLine { return .carrier }
                return .continuation
            }
            // Group rows: one piece starting the first column, after the header.
            for index in split.indices where index > headerLine && kinds[index] == .continuation {
                let line = split[index]
                guard line.count == 1, line[0].column == 0, !isRowNumber(line[0], index) else { continue }
                if numbered {
                    kinds[index] = .group
                } else {
                    // Without row numbers a wrapped first cell also leaves lone pieces in the first column;
                    // it leaves them next to each other, a group row stands alone.
                    let label = text(line[0], index)
                    let besideWrappedCell = [index - 1, index + 1].contains { neighbour in
                        split.indices.contains(neighbour) && kinds[neighbour] == .continuation
                            && split[neighbour].first?.column == 0
                    }
                    if label.count <= 16, !label.contains(where: \.isNumber), !besideWrappedCell { kinds[index] = .group }
                }
            }

            // Centred cells leave wrapped lines between a group row and its first row, or above the header.
            let centred = headerLine > 0 || split.indices.contains { index in
                index > 0 && kinds[index] == .continuation && kinds[index - 1] == .group
            }
            var owner = Array(split.indices)
            for index in split.indices where kinds[index] == .continuation {
                let previous = (0..<index).last { kinds[$0] != .continuation }
                let next = (index + 1..<split.count).first { kinds[$0] != .continuation }
                let previousCarrier = previous.flatMap { kinds[$0] == .carrier ? $0 : nil }
                let nextCarrier = next.flatMap { kinds[$0] == .carrier ? $0 : nil }
                switch (previousCarrier, nextCarrier) {
                case (let above?, let below?):
                    owner[index] = centred && below - index < index - above ? below : above
                case (let above?, nil): owner[index] = above
                case (nil, let below?): owner[index] = below
                case (nil, nil): owner[index] = index
                }
            }

            var rows: [Line] = []
            for index in split.indices where owner[index] == index {
                if kinds[index] == .group {
                    rows.append(Array(text(split[index][0], index).unicodeScalars))
                    continue
                }
                let members = split.indices.filter { owner[$0] == index }
                var cells = Array(repeating: "", count: columnCount)
                if index == headerLine, let names = Self.headerCells(members.map { member in split[member].map { ($0.range, text($0, member)) } }),
                    names.count == columnCount
                {
                    // A header names every column, so its names in order are its cells; their
                    // centred, wrapped names straddle the columns the data leaves.
                    cells = names
                } else {
                    for member in members {
                        for piece in split[member] {
                            let column = min(piece.column, columnCount - 1)
                            cells[column] = Self.joined(cells[column], text(piece, member))
                        }
                    }
                }
                while cells.last?.isEmpty == true { cells.removeLast() }
                rows.append(Array(cells.joined(separator: "\t").unicodeScalars))
            }
            lines = first..<(first + split.count)
            self.rows = rows
        }

        /// The header's names, left to right: pieces on different lines that overlap across are one
        /// name wrapped (`2020 年基期` over `值`). Nil when pieces on one line overlap, which they cannot.
        private static func headerCells(_ lines: [[(range: Range<Int>, text: String)]]) -> [String]? {
            var names: [(range: Range<Int>, text: String)] = []
            for line in lines {
                for piece in line {
                    if let index = names.firstIndex(where: { $0.range.overlaps(piece.range) }) {
                        let name = names[index]
                        names[index] = (min(name.range.lowerBound, piece.range.lowerBound)..<max(name.range.upperBound, piece.range.upperBound),
                                        joined(name.text, piece.text))
                    } else {
                        names.append(piece)
                    }
                }
            }
            return names.sorted { $0.range.lowerBound < $1.range.lowerBound }.map(\.text)
        }

        /// A cell's wrapped lines run on without a space, except between two Latin words or numbers.
        private static func joined(_ left: String, _ right: String) -> String {
            guard let last = left.unicodeScalars.last, let next = right.unicodeScalars.first else { return left + right }
            let latin = { (scalar: Unicode.Scalar) in CharClass.isLatin(scalar) || CharClass.isDigit(scalar) }
            return latin(last) && latin(next) ? left + " " + right : left + right
        }
    }
}

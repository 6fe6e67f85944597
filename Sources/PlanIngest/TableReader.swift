/// Tables flattened to text: a header of known column names, then rows, either one cell per line or one row
/// per line with tab-separated cells (the repairer turns tabs and wide gaps into one tab).
enum TableLayout {
    enum Role: Equatable {
        case number, group, item, population, content, standard, funding, lead
        case indicator, unit, baseline(year: Int?), target(year: Int?), attribute
        /// A task table's task (`重点任务`) and the units that help its lead (`配合单位`).
        case task, cooperating
        /// A project table's total investment (`总投资（万元）`): its rows are projects, each a task and a target.
        case investment
        /// A column the readers pass over (`配合单位`, `备注`), named so the header is still recognised.
        case other
    }

    private static let names: [(String, Role)] = [
        ("序号", .number), ("编号", .number),
        ("领域", .group), ("服务领域", .group), ("类别", .group), ("服务类别", .group), ("分类", .group), ("类型", .group),
        ("服务项目", .item), ("项目名称", .item), ("服务事项", .item), ("项目", .item),
        ("服务对象", .population), ("对象", .population),
        ("服务内容", .content), ("内容", .content), ("服务内容/标准", .content), ("服务内容及标准", .content),
        ("服务内容和标准", .content), ("服务内容与标准", .content), ("服务项目名称", .item), ("服务对象及条件", .population),
        ("服务指导标准", .standard), ("服务标准", .standard), ("指导标准", .standard), ("标准", .standard),
        ("支出责任", .funding), ("支出责任及分担方式", .funding), ("经费来源", .funding), ("资金来源", .funding),
        ("牵头负责单位", .lead), ("牵头单位", .lead), ("负责单位", .lead), ("责任单位", .lead), ("牵头部门", .lead),
        ("牵头负责部门", .lead), ("责任部门", .lead), ("主管部门", .lead), ("支出责任主体", .funding), ("责任主体", .lead),
        ("实施主体", .lead),
        ("重点任务", .task), ("主要任务", .task), ("工作任务", .task), ("具体任务", .task), ("任务内容", .task), ("工作内容", .task),
        ("重点工作", .task), ("工作措施", .task), ("主要措施", .task), ("任务", .task),
        ("建设内容", .content), ("建设内容及规模", .content), ("主要建设内容", .content), ("建设规模", .content),
        ("总投资", .investment), ("总投资万元", .investment), ("总投资亿元", .investment), ("计划总投资", .investment),
        ("计划总投资万元", .investment), ("投资额", .investment), ("投资额万元", .investment),
        ("累计", .other), ("五年累计", .other), ("年均增速", .other), ("2035年远景目标", .other), ("远景目标", .other),
        ("建设期限", .other), ("建设年限", .other), ("实施年限", .other), ("建设性质", .other), ("建设地点", .other),
        ("一级指标", .group), ("二级指标", .indicator),
        ("指标", .indicator), ("指标名称", .indicator), ("具体指标", .indicator), ("指标内容", .indicator),
        ("单位", .unit), ("计量单位", .unit), ("属性", .attribute), ("指标属性", .attribute),
        ("配合单位", .cooperating), ("配合部门", .cooperating), ("协同单位", .cooperating), ("参与单位", .cooperating),
        ("备注", .other), ("说明", .other), ("完成时间", .other), ("时间节点", .other),
        ("完成时限", .other), ("实施期限", .other), ("数据来源", .other), ("年均增长", .other),
        ("基期值", .baseline(year: nil)), ("现状值", .baseline(year: nil)), ("目标值", .target(year: nil)), ("规划目标", .target(year: nil)),
    ]
    private static let byName: [String: Role] = Dictionary(names, uniquingKeysWith: { a, _ in a })

    /// The role a header cell names: `服务对象`, `2025年目标值`, `2020年` (a year alone is settled by `header`).
    static func role(_ cell: ArraySlice<Unicode.Scalar>) -> Role? {
        let name = String(String.UnicodeScalarView(cell.filter { !CharClass.isSpace($0) && !"()（）%".unicodeScalars.contains($0) }))
        if let role = byName[name] { return role }
        let scalars = Array(name.unicodeScalars)
        guard scalars.count >= 5, scalars.count <= 12, scalars[..<4].allSatisfy(CharClass.isDigit), scalars[4] == "年",
              let year = ChineseNumber.parseArabic(Array(scalars[..<4])) else { return nil }
        let rest = String(String.UnicodeScalarView(scalars[5...]))
        if rest.contains("目标") || rest.contains("预期") { return .target(year: year) }
        if rest.isEmpty || rest.contains("基期") || rest.contains("现状") || rest.contains("基数") || rest.contains("实际") { return .baseline(year: year) }
        return nil
    }

    /// Roles of a header, or nil when the cells do not make one: at least three named columns, one of
    /// them the item or the indicator. Of two bare years the later is the target.
    static func header(_ cells: [ArraySlice<Unicode.Scalar>]) -> [Role]? {
        var roles = cells.compactMap(role)
        guard roles.count == cells.count, roles.filter({ $0 != .other }).count >= 3,
              roles.contains(.item) || roles.contains(.indicator) || roles.contains(.task) else { return nil }
        // `牵头单位 | 责任单位`: the second column of units helps the first.
        if let first = roles.firstIndex(of: .lead), let second = roles[(first + 1)...].firstIndex(of: .lead) { roles[second] = .cooperating }
        let bare = roles.indices.filter { if case .baseline(let y?) = roles[$0], y > 0 { return true }; return false }
        if !roles.contains(where: { if case .target = $0 { return true }; return false }), let last = bare.last, bare.count >= 2,
           case .baseline(let year) = roles[last] {
            roles[last] = .target(year: year)
        }
        return roles
    }

    /// A tab, or two and more spaces, between cells.
    static func isColumnGap(_ s: [Unicode.Scalar], _ r: Range<Int>) -> Bool {
        r.count >= 2 || s[r].contains("\t")
    }

    /// Cells of a line split at column gaps.
    static func cells(_ s: [Unicode.Scalar], _ line: Range<Int>) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start = line.lowerBound, k = line.lowerBound
        while k < line.upperBound {
            guard CharClass.isSpace(s[k]) else { k += 1; continue }
            var e = k
            while e < line.upperBound, CharClass.isSpace(s[e]) { e += 1 }
            if isColumnGap(s, k..<e) {
                if k > start { result.append(start..<k) }
                start = e
            }
            k = e
        }
        if start < line.upperBound { result.append(start..<line.upperBound) }
        return result
    }

    /// Lines the repairer must not join: rows of tab-separated cells, and the one-cell lines from a header
    /// to the first line of prose (a long line, or a full sentence of more than 60 characters).
    static func cellLines(_ s: [Unicode.Scalar], _ lines: [Range<Int>]) -> Set<Int> {
        var result = Set<Int>()
        var n = 0
        while n < lines.count {
            if cells(s, lines[n]).count >= 3 { result.insert(n); n += 1; continue }
            guard let width = headerRun(s, lines, from: n) else { n += 1; continue }
            var end = n + width
            while end < lines.count, !isProse(s, lines[end]) { end += 1 }
            result.formUnion(n..<end)
            n = end
        }
        return result
    }

    /// The number of consecutive one-cell lines from `n` that form a header.
    static func headerRun(_ s: [Unicode.Scalar], _ lines: [Range<Int>], from n: Int) -> Int? {
        var end = n
        while end < lines.count, lines[end].count <= 12, role(s[lines[end]]) != nil { end += 1 }
        guard end - n >= 3, header((n..<end).map { s[lines[$0]] }) != nil else { return nil }
        return end - n
    }

    private static func isProse(_ s: [Unicode.Scalar], _ line: Range<Int>) -> Bool {
        line.count > 150 || line.count > 60 && s[line.upperBound - 1] == "。"
    }
}

/// Reads the tables of a plan: item tables (序号 / 服务项目 / 服务对象 / 服务指导标准 / 支出责任 / 牵头负责单位)
/// and indicator tables (指标 / 单位 / 2020年基期值 / 2025年目标值 / 属性), with group rows (`一、幼有所育`).
struct TableReader {
    struct Row {
        /// Cell ranges by column; nil where the row leaves a column out.
        var cells: [Range<Int>?]
        /// The group (domain) row or cell the row sits under.
        var group: Range<Int>?
        /// From the first cell to the last.
        var range: Range<Int>
    }

    struct Table {
        var roles: [TableLayout.Role]
        /// The header's cells as written (`总投资（万元）` keeps the unit the roles leave out).
        var headers: [String] = []
        var rows: [Row]
        /// Indices of the lines the table occupies, header included.
        var lines: Range<Int>

        func cell(_ row: Row, _ role: TableLayout.Role) -> Range<Int>? {
            roles.firstIndex(of: role).flatMap { row.cells[$0] }
        }

        /// A table of projects with their investment: its name column names projects, not services.
        var isProjectTable: Bool { roles.contains(.investment) }
    }

    let text: PlanText

    func tables() -> [Table] {
        var result: [Table] = []
        var n = 0
        while n < text.lines.count {
            let rowCells = TableLayout.cells(text.s, text.lines[n])
            if rowCells.count >= 3, let roles = TableLayout.header(rowCells.map { text.s[$0] }) {
                var table = readRows(roles: roles, from: n + 1, oneCellPerLine: false)
                table.headers = rowCells.map(text.string)
                result.append(table)
                n = max(table.lines.upperBound, n + 1)
            } else if let width = TableLayout.headerRun(text.s, text.lines, from: n),
                      let roles = TableLayout.header((n..<(n + width)).map { text.s[text.lines[$0]] }) {
                var table = readRows(roles: roles, from: n + width, oneCellPerLine: true)
                table.lines = n..<table.lines.upperBound
                table.headers = (n..<(n + width)).map { text.string(text.lines[$0]) }
                result.append(table)
                n = max(table.lines.upperBound, n + 1)
            } else {
                n += 1
            }
        }
        return result
    }

    private func readRows(roles: [TableLayout.Role], from first: Int, oneCellPerLine: Bool) -> Table {
        var rows: [Row] = []
        var group: Range<Int>?
        var n = first
        let width = roles.count
        let numbered = roles.first == .number
        let groupColumn = roles.firstIndex(of: .group)
        func add(_ cells: [Range<Int>?]) {
            if let g = groupColumn, let cell = cells[g] { group = cell }
            let present = cells.compactMap { $0 }
            rows.append(Row(cells: cells, group: group, range: present.first!.lowerBound..<present.last!.upperBound))
        }
        while n < text.lines.count {
            let line = text.lines[n]
            // One cell per line, a short cell is no group row unless it stands where a row number should.
            if isGroupRow(line), !oneCellPerLine || numbered && !isNumber(line) || isMarkedGroup(line) {
                // In a PDF's layout text a cell that wraps leaves its tail alone on the next line: only a
                // marked line or a domain's name starts a group there.
                if !oneCellPerLine, !rows.isEmpty, !isMarkedGroup(line), !DomainExtractor.namesDomain(text.s[line]) {
                    n += 1
                    continue
                }
                group = line
                n += 1
                continue
            }
            if oneCellPerLine {
                // A row starts with its number, or runs up to its attribute (`约束性`), or has a fixed width.
                var end: Int?
                if numbered {
                    if isNumber(line), n + width <= text.lines.count { end = n + width }
                } else if let a = roles.firstIndex(of: .attribute), a == width - 1 {
                    end = (n..<min(text.lines.count, n + width + 1)).first { isAttribute(text.lines[$0]) }.map { $0 + 1 }
                } else if n + width <= text.lines.count {
                    end = n + width
                }
                guard let stop = end, stop - n >= width, stop - n <= width + 1 else { break }
                if stop - n == width + 1 { group = text.lines[n] }
                add(((stop - width)..<stop).map { Optional(text.lines[$0]) })
                n = stop
            } else {
                let cells = TableLayout.cells(text.s, line)
                guard cells.count >= 2, cells.count <= width, !numbered || isNumber(cells[0]) || cells.count < width else { break }
                // Cells left empty at either end (a group named once for several rows, an empty 备注) are cut by
                // the repair. The row number puts the row in place when the table has a 序号 column; otherwise
                // the cells keep to the right.
                var lead = width - cells.count
                if let numberColumn = roles.firstIndex(of: .number), let at = cells.prefix(numberColumn + 1).firstIndex(where: isNumber),
                   numberColumn - at >= 0, numberColumn - at <= width - cells.count {
                    lead = numberColumn - at
                }
                add(Array(repeating: nil, count: lead) + cells.map { Optional($0) } + Array(repeating: nil, count: width - cells.count - lead))
                n += 1
            }
        }
        return Table(roles: roles, rows: rows, lines: first..<n)
    }

    /// `一、幼有所育`, `（二）学有所教`, `病有所医`: a short line with no sentence in it.
    private func isGroupRow(_ line: Range<Int>) -> Bool {
        guard line.count <= 24, !isNumber(line), !isAttribute(line), TableLayout.cells(text.s, line).count == 1 else { return false }
        // `（一）幼有所育（3项）`: the count of the group's items may follow its name.
        let name = text.s[line.lowerBound..<(Self.countSuffix(text.s, line) ?? line.upperBound)]
        return !name.contains { CharClass.isSentenceEnd($0) || $0 == "," || $0 == "，" || CharClass.isDigit($0) }
            && HeadingParser.parse(text.s, line.lowerBound, line.upperBound).map { $0.style == .hanNumeral || $0.style == .parenHanNumeral } ?? true
    }

    /// Start of a closing `（3项）` in `line`.
    static func countSuffix(_ s: [Unicode.Scalar], _ line: Range<Int>) -> Int? {
        guard line.count > 4, s[line.upperBound - 1] == ")", s[line.upperBound - 2] == "项",
              let open = (line.lowerBound..<(line.upperBound - 2)).last(where: { s[$0] == "(" }),
              ((open + 1)..<(line.upperBound - 2)).allSatisfy({ CharClass.isDigit(s[$0]) || ChineseNumber.isNumeral(s[$0]) }) else { return nil }
        return open
    }

    private func isMarkedGroup(_ line: Range<Int>) -> Bool {
        HeadingParser.parse(text.s, line.lowerBound, line.upperBound) != nil
    }

    /// A row number: `12`, `12.`, `12、`.
    private func isNumber(_ r: Range<Int>) -> Bool {
        var end = r.upperBound
        if end > r.lowerBound, ".、．".unicodeScalars.contains(text.s[end - 1]) { end -= 1 }
        return end > r.lowerBound && end - r.lowerBound <= 3 && text.s[r.lowerBound..<end].allSatisfy(CharClass.isDigit)
    }

    private func isAttribute(_ r: Range<Int>) -> Bool {
        text.string(r) == "约束性" || text.string(r) == "预期性"
    }
}

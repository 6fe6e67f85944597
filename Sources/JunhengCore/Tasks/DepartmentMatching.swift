import Foundation

/// A registered department as the matcher sees it.
public struct DepartmentCandidate: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var shortName: String

    public init(id: Int64, name: String, shortName: String = "") {
        self.id = id
        self.name = name
        self.shortName = shortName
    }
}

/// What a department name in a plan (责任单位：区人社局) refers to.
public enum DepartmentMatch: Sendable, Equatable {
    case department(Int64)
    /// Several departments fit; the planner chooses once.
    case ambiguous([Int64])
    case unmatched
}

/// Matches the names plans give departments to the departments a region registered, the way a
/// clerk would: the region prefix does not count (区教育局 = 安居区教育局 = 教育局), and a short
/// name is the full name's characters kept in order with the same ending (人社局 =
/// 人力资源和社会保障局, 卫健委 = 卫生健康委员会, 残联 = 残疾人联合会). A name the planner mapped
/// by hand is remembered and wins.
public enum DepartmentMatching {
    /// The match for `name` among `departments`; `regionNames` are the names of the plan's region
    /// and its ancestors (遂宁市, 安居区), `aliases` the planner's earlier mappings by raw name.
    public static func match(_ name: String, among departments: [DepartmentCandidate], regionNames: [String],
                             aliases: [String: Int64] = [:]) -> DepartmentMatch {
        let raw = name.trimmingCharacters(in: .whitespacesAndNewlines)
        if let id = aliases[raw] { return .department(id) }
        let wanted = core(raw, regionNames: regionNames)
        guard !wanted.isEmpty else { return .unmatched }
        let names = departments.map { department in
            (department.id, [department.name, department.shortName].filter { !$0.isEmpty }
                .map { core($0, regionNames: regionNames) })
        }
        let exact = names.filter { $0.1.contains(wanted) }.map(\.0)
        if !exact.isEmpty { return exact.count == 1 ? .department(exact[0]) : .ambiguous(exact) }
        let abbreviated = names.filter { $0.1.contains { abbreviates(wanted, $0) || abbreviates($0, wanted) } }.map(\.0)
        switch abbreviated.count {
        case 0: return .unmatched
        case 1: return .department(abbreviated[0])
        default: return .ambiguous(abbreviated)
        }
    }

    /// The name without its region: region names (longest first), then a lone level character
    /// (市, 区, 县 …) when enough of a name is left; bracketed notes are dropped, 委员会 and
    /// 联合会 read as 委 and 联 so full and short names end alike.
    public static func core(_ name: String, regionNames: [String]) -> String {
        var text = name.replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "\u{3000}", with: "")
        text = text.replacingOccurrences(of: #"[（(][^）)]*[）)]"#, with: "", options: .regularExpression)
        var stripped = true
        while stripped {
            stripped = false
            for region in regionNames.filter({ !$0.isEmpty }).sorted(by: { $0.count > $1.count })
            where text.hasPrefix(region) && text.count > region.count + 1 {
                text.removeFirst(region.count)
                stripped = true
            }
        }
        if let first = text.first, levelCharacters.contains(first), text.count >= 3,
           !wordsStartingWithLevel.contains(where: { text.hasPrefix($0) }) {
            text.removeFirst()
        }
        for (long, short) in endings where text.hasSuffix(long) {
            text = String(text.dropLast(long.count)) + short
        }
        return text
    }

    /// Whether `short` is `long` with characters left out: same first and last character, the rest
    /// in order.
    static func abbreviates(_ short: String, _ long: String) -> Bool {
        guard short.count >= 2, short.count < long.count, short.first == long.first, short.last == long.last else {
            return false
        }
        var remaining = long[...]
        for character in short {
            guard let index = remaining.firstIndex(of: character) else { return false }
            remaining = remaining[remaining.index(after: index)...]
        }
        return true
    }

    private static let levelCharacters: Set<Character> = ["省", "市", "区", "县", "旗", "盟", "州", "镇", "乡"]
    /// Department names whose first character only looks like a level (市场监督管理局).
    private static let wordsStartingWithLevel = ["市场", "市政", "市容", "区域", "县域"]
    private static let endings = [("委员会", "委"), ("联合会", "联"), ("办公室", "办")]
}

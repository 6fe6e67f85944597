import Foundation

/// Which catalogue item a 12345 hotline work order is about, found from keywords the planner
/// keeps per item. An order that matches no item, or two items equally well, goes to the review
/// queue instead of being guessed.
public struct HotlineKeywordMap: Sendable, Equatable {
    /// One item's keywords.
    public struct Rule: Sendable, Equatable {
        public var itemCode: String
        public var keywords: [String]

        public init(itemCode: String, keywords: [String]) {
            self.itemCode = itemCode
            self.keywords = keywords
        }
    }

    public var rules: [Rule]

    public init(rules: [Rule]) {
        self.rules = rules
    }

    /// Reads the keywords as a planner writes them, one item per line: `项目编码=关键词、关键词`
    /// (`=`, `：` or `:` after the code; keywords split by 、 , ， ; ；). Blank lines are skipped.
    public static func read(text: String) throws(JunhengError) -> HotlineKeywordMap {
        var rules: [Rule] = []
        var issues: [ValidationIssue] = []
        for (index, line) in text.components(separatedBy: .newlines).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { continue }
            guard let separator = trimmed.firstIndex(where: { "=＝:：".contains($0) }) else {
                issues.append(ValidationIssue(field: "keywords", reason: "第 \(index + 1) 行应写成“项目编码=关键词、关键词”，如“A03=托育、托儿所”",
                                              row: index + 1))
                continue
            }
            let code = trimmed[..<separator].trimmingCharacters(in: .whitespaces)
            let words = trimmed[trimmed.index(after: separator)...].split(whereSeparator: { "、,，;；".contains($0) })
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if code.isEmpty || words.isEmpty {
                issues.append(ValidationIssue(field: "keywords", reason: "第 \(index + 1) 行缺少项目编码或关键词", row: index + 1))
            } else if let existing = rules.firstIndex(where: { $0.itemCode == code }) {
                rules[existing].keywords += words
            } else {
                rules.append(Rule(itemCode: code, keywords: words))
            }
        }
        if !issues.isEmpty { throw .invalid(issues) }
        return try HotlineKeywordMap(rules: rules).validated()
    }

    /// The keywords as ``read(text:)`` reads them, one item per line.
    public var text: String {
        rules.map { "\($0.itemCode)=\($0.keywords.joined(separator: "、"))" }.joined(separator: "\n")
    }

    /// Refuses empty keywords and one keyword given to two items (it could never decide).
    public func validated() throws(JunhengError) -> HotlineKeywordMap {
        var issues: [ValidationIssue] = []
        var owner: [String: String] = [:]
        for rule in rules {
            for keyword in rule.keywords {
                let word = keyword.trimmingCharacters(in: .whitespaces)
                if word.isEmpty {
                    issues.append(ValidationIssue(field: rule.itemCode, reason: "关键词不能为空"))
                } else if let other = owner[word], other != rule.itemCode {
                    issues.append(ValidationIssue(field: rule.itemCode, reason: "关键词“\(word)”已用于服务项目 \(other)"))
                } else {
                    owner[word] = rule.itemCode
                }
            }
        }
        if !issues.isEmpty { throw .invalid(issues) }
        return self
    }

    /// The item an order's text is about: the one whose keywords cover the most characters of
    /// the text (so "家庭医生签约" outweighs "医生"); a tie between items is ambiguous.
    public func classify(_ text: String) -> HotlineMatch {
        var best: [(itemCode: String, covered: Int, keyword: String)] = []
        for rule in rules {
            let found = rule.keywords.filter { !$0.isEmpty && text.contains($0) }
            guard !found.isEmpty else { continue }
            let covered = found.reduce(0) { $0 + $1.count }
            let longest = found.max(by: { $0.count < $1.count })!
            if covered > (best.first?.covered ?? 0) {
                best = [(rule.itemCode, covered, longest)]
            } else if covered == best.first?.covered {
                best.append((rule.itemCode, covered, longest))
            }
        }
        switch best.count {
        case 0: return .unmapped
        case 1: return .mapped(itemCode: best[0].itemCode, keyword: best[0].keyword)
        default: return .ambiguous(itemCodes: best.map(\.itemCode))
        }
    }
}

/// The result of classifying one work order.
public enum HotlineMatch: Sendable, Equatable {
    case mapped(itemCode: String, keyword: String)
    /// Two or more items matched equally: a person decides.
    case ambiguous(itemCodes: [String])
    /// No keyword matched: a person decides.
    case unmapped
}

/// A level of government that pays for a service (支出责任).
public enum GovernmentLevel: String, Codable, Sendable, CaseIterable, DeclarationOrdered {
    case central
    case province
    case prefecture
    case county
    case township
    /// 地方: the levels below the centre, when the text does not say which.
    case local

    public init(_ region: RegionLevel) {
        switch region {
        case .province: self = .province
        case .prefecture: self = .prefecture
        case .county: self = .county
        case .township: self = .township
        }
    }

    public var chineseName: String {
        switch self {
        case .central: "中央"
        case .province: "省级"
        case .prefecture: "市级"
        case .county: "县级"
        case .township: "乡镇"
        case .local: "地方"
        }
    }

    public var englishName: String {
        switch self {
        case .central: "Central"
        case .province: "Province"
        case .prefecture: "City"
        case .county: "County"
        case .township: "Township"
        case .local: "Local"
        }
    }
}

/// One payer's share: `市县承担40%` is levels [prefecture, county], 40.
public struct FundingShare: Codable, Sendable, Hashable {
    /// Levels paying this share together, sorted.
    public var levels: [GovernmentLevel]
    /// Percent of the cost; nil when the text names the payer but not its share.
    public var percent: Double?
    public var quote: TextQuote?

    public init(levels: [GovernmentLevel], percent: Double?, quote: TextQuote? = nil) {
        self.levels = levels.sorted()
        self.percent = percent
        self.quote = quote
    }
}

/// Two statements of one payer's share that differ.
public struct ShareDisagreement: Codable, Sendable, Hashable {
    public var levels: [GovernmentLevel]
    public var percent: Double
    public var otherPercent: Double
}

/// 支出责任: the verbatim text and the shares read from it.
public struct FundingSplit: Codable, Sendable, Hashable {
    public var text: String
    public var shares: [FundingShare]

    public init(text: String, shares: [FundingShare]) {
        self.text = text
        self.shares = shares
    }

    /// Reads shares from text such as `中央财政承担80%，地方承担20%`, `中央与地方按8:2比例分担`,
    /// `由县级政府承担` (one payer: 100%) or `中央和地方共同承担` (payers without shares).
    public init(parsing text: String) {
        self.init(text: text, shares: FundingParser(ScalarText(text)).shares())
    }

    /// Whether every share has a percent.
    public var sharesKnown: Bool { !shares.isEmpty && shares.allSatisfy { $0.percent != nil } }

    public func percent(of levels: [GovernmentLevel]) -> Double? {
        shares.first { $0.levels == levels.sorted() }?.percent
    }

    /// Given shares must lie in 0…100 and sum to 100 (within 0.01); shares are all given or none.
    public func validationIssues(field: String = "fundingShares") -> [ValidationIssue] {
        let given = shares.compactMap(\.percent)
        var issues: [ValidationIssue] = []
        for share in shares {
            if let p = share.percent, !(0...100).contains(p) {
                issues.append(ValidationIssue(field: field, reason: "\(Self.names(share.levels))承担比例 \(p)% 不在 0–100 之间"))
            }
        }
        if !given.isEmpty, given.count < shares.count {
            issues.append(ValidationIssue(field: field, reason: "部分层级给出了承担比例，部分没有"))
        } else if !given.isEmpty, abs(given.reduce(0, +) - 100) > 0.01 {
            issues.append(ValidationIssue(field: field, reason: "各级承担比例合计 \(given.reduce(0, +))%，应为 100%"))
        }
        return issues
    }

    /// Payers that both splits give a share for, with different shares.
    public func disagreements(with other: FundingSplit) -> [ShareDisagreement] {
        shares.compactMap { share in
            guard let p = share.percent, let q = other.percent(of: share.levels), abs(p - q) > 0.01 else { return nil }
            return ShareDisagreement(levels: share.levels, percent: p, otherPercent: q)
        }
    }

    static func names(_ levels: [GovernmentLevel]) -> String { levels.map(\.chineseName).joined(separator: "、") }
}

/// Reads payers and shares clause by clause: payers in order, then percents, a ratio (`8:2`) or,
/// for a single payer with a paying verb and no number, the whole cost.
struct FundingParser {
    let t: ScalarText

    init(_ text: ScalarText) { t = text }

    /// Payer words, longest match wins; `地区` and `城市` map to nothing so their 区/市 are not payers.
    private static let payers: [String: [GovernmentLevel]] = [
        "中央": [.central], "国家": [.central],
        "省级": [.province], "省": [.province], "自治区": [.province],
        "省市县": [.province, .prefecture, .county], "省市": [.province, .prefecture],
        "市县": [.prefecture, .county], "盟市": [.prefecture], "市级": [.prefecture], "市本级": [.prefecture],
        "市财政": [.prefecture], "市政府": [.prefecture], "地级": [.prefecture],
        "县级": [.county], "县": [.county], "旗县": [.county], "县区": [.county], "区县": [.county], "区级": [.county],
        "区财政": [.county], "区政府": [.county],
        "乡镇": [.township], "乡级": [.township], "苏木": [.township], "街道": [.township],
        "地方": [.local],
        "地区": [], "城市": [], "城乡": [], "社区": [],
    ]
    private static let payerWords = Array(payers.keys)
    private static let verbs = ["承担", "负责", "分担", "保障", "支付", "支出", "出资", "安排", "筹集", "负担", "列支", "落实"]
    private static let remainderWords = ["其余", "剩余", "余下", "其他"]
    private static let clauseDelimiters: Set<Unicode.Scalar> = [",", ";", "。", "\n", "；"]

    private struct Clause {
        var payers: [(levels: [GovernmentLevel], start: Int)] = []
        var percents: [(value: Double, end: Int)] = []
        var ratio: [Double] = []
        var ratioEnd = 0
        var range: Range<Int>
        var hasVerb = false
        var jointly = false
        /// Digits that did not read as a number (too long): the clause's shares are then unknown.
        var unreadNumber = false
    }

    func shares() -> [FundingShare] {
        var result: [FundingShare] = []
        for clause in clauses() {
            result += shares(of: clause)
        }
        // One payer stated twice (`西部地区中央承担80%，中部地区中央承担60%`): the share depends on
        // something the text does not resolve, so keep the payers without shares.
        let levelSets = result.map(\.levels)
        if Set(levelSets).count < levelSets.count {
            var seen: Set<[GovernmentLevel]> = []
            return result.filter { seen.insert($0.levels).inserted }.map { FundingShare(levels: $0.levels, percent: nil, quote: $0.quote) }
        }
        // 中央承担80%，其余由地方承担: the one payer without a share pays the rest.
        let missing = result.indices.filter { result[$0].percent == nil }
        if missing.count == 1, result.count > 1, remainderStated {
            let rest = 100 - result.compactMap(\.percent).reduce(0, +)
            if rest >= 0 { result[missing[0]].percent = rest }
        }
        return result
    }

    private var remainderStated: Bool { Self.remainderWords.contains { t.contains($0, in: 0..<t.count) } }

    private func clauses() -> [Clause] {
        var clauses: [Clause] = []
        var current = Clause(range: 0..<0)
        var i = 0
        func close(at end: Int) {
            current.range = current.range.lowerBound..<end
            if !current.payers.isEmpty { clauses.append(current) }
            current = Clause(range: (end + 1)..<(end + 1))
        }
        while i < t.count {
            if Self.clauseDelimiters.contains(t[i]) {
                close(at: i)
                i += 1
            } else if let word = t.longestMatch(Self.payerWords, at: i) {
                if let levels = Self.payers[word], !levels.isEmpty { current.payers.append((levels, i)) }
                i += word.unicodeScalars.count
            } else if let verb = t.longestMatch(Self.verbs, at: i) {
                current.hasVerb = true
                i += verb.unicodeScalars.count
            } else if t.matches("共同", at: i) {
                current.jointly = true
                i += 2
            } else if let n = t.number(at: i) {
                i = number(n, in: &current)
            } else {
                if ScalarText.isDigit(t[i]) { current.unreadNumber = true }
                i += 1
            }
        }
        close(at: t.count)
        return clauses
    }

    /// Records a percent (`80%`) or a ratio (`8:2`, `8比2`) starting with `n`; returns where reading stops.
    private func number(_ n: (value: Double, end: Int), in clause: inout Clause) -> Int {
        if n.end < t.count, t[n.end] == "%" {
            clause.percents.append((n.value, n.end + 1))
            return n.end + 1
        }
        var parts = [n.value]
        var end = n.end
        while end < t.count, t[end] == ":" || t[end] == "比", let next = t.arabicNumber(at: end + 1) ?? t.spelledNumber(at: end + 1) {
            parts.append(next.value)
            end = next.end
        }
        if parts.count > 1 {
            clause.ratio = parts
            clause.ratioEnd = end
        }
        return end
    }

    private func shares(of clause: Clause) -> [FundingShare] {
        let payers = clause.payers
        func quote(_ k: Int, end: Int) -> TextQuote { t.quote(payers[k].start..<max(payers[k].start, end)) }
        let total = clause.ratio.reduce(0, +)
        if clause.ratio.count == payers.count, total > 0 {
            return payers.indices.map {
                FundingShare(levels: payers[$0].levels, percent: clause.ratio[$0] / total * 100, quote: quote($0, end: clause.ratioEnd))
            }
        }
        if clause.percents.count == payers.count {
            return payers.indices.map {
                FundingShare(levels: payers[$0].levels, percent: clause.percents[$0].value,
                             quote: quote($0, end: clause.percents[$0].end))
            }
        }
        guard clause.hasVerb else { return [] }
        let whole = payers.count == 1 && !clause.jointly && !clause.unreadNumber && clause.percents.isEmpty && clause.ratio.isEmpty
            && !remainderStated
        return payers.indices.map {
            FundingShare(levels: payers[$0].levels, percent: whole ? 100 : nil, quote: quote($0, end: clause.range.upperBound))
        }
    }
}

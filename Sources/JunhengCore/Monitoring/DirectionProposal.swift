/// Which way an indicator should move, proposed from how a plan words it. A plan's verb is a weak
/// guide ("基层医疗服务圈达到15分钟" says 达到 yet fewer minutes are better), so the indicator's
/// own words and unit decide first; the comparator decides only when they say nothing.
public enum DirectionProposal {
    /// Words in an indicator's name that mean "less is better": deaths and illness, unemployment
    /// and dropping out, class sizes, out-of-pocket spending, and time or distance to a service.
    static let lowerIsBetterWords = [
        "死亡率", "发病率", "患病率", "感染率", "失业率", "辍学率", "流失率", "贫困发生率", "超标", "大班额", "班额",
        "个人卫生支出", "自付", "服务半径", "服务圈", "生活圈", "距离", "路程", "通勤", "等候", "候诊", "等待", "耗时",
    ]

    /// Units of time and distance: a target in minutes or kilometres is a most, not a least.
    static let lowerIsBetterUnits: Set = ["分钟", "小时", "公里", "千米", "米", "km", "min"]

    /// The direction a reviewer is offered for a target.
    public static func proposed(indicator: String, unit: String, comparator: TargetComparator) -> Direction {
        let name = indicator.replacingOccurrences(of: " ", with: "")
        if lowerIsBetterWords.contains(where: name.contains) { return .lower }
        if lowerIsBetterUnits.contains(unit.trimmingCharacters(in: .whitespaces).lowercased()) { return .lower }
        return comparator.impliedDirection
    }
}

extension Direction {
    /// The reviewer's choices, in Chinese.
    public var chineseName: String { self == .higher ? "越高越好" : "越低越好" }
    public var englishName: String { self == .higher ? "Higher is better" : "Lower is better" }
}

extension TargetComparator {
    /// The comparator as a planner reads it: "不低于", "不高于", "约", "达到", "区间".
    public var chineseName: String {
        switch self {
        case .atLeast: "不低于"
        case .atMost: "不高于"
        case .about: "约"
        case .equal: "达到"
        case .range: "区间"
        }
    }

    public var englishName: String {
        switch self {
        case .atLeast: "At least"
        case .atMost: "At most"
        case .about: "About"
        case .equal: "Equal to"
        case .range: "Range"
        }
    }

    /// A target as a planner writes it: "≥ 96.5", "≤ 4.5", "≈ 80", "= 100", and for a range "2–3".
    public func describe(_ value: String, high: String?) -> String {
        switch self {
        case .range: "\(value)–\(high ?? value)"
        case .atLeast: "≥ \(value)"
        case .atMost: "≤ \(value)"
        case .about: "≈ \(value)"
        case .equal: "= \(value)"
        }
    }
}

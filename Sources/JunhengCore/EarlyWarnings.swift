/// Early warnings (预警) a planner acts on. Each names the indicator and region and says why.
public enum WarningKind: String, Codable, Sendable, CaseIterable {
    /// A binding indicator is behind the straight line from baseline to target.
    case offTrajectory = "off_trajectory"
    /// The indicator moved the wrong way since the previous year, or over the period.
    case deterioration
    /// The figure for a year that is due is missing.
    case missingData = "missing_data"
    /// A county is far behind its city on the same indicator.
    case behindParent = "behind_parent"
    /// A binding target set weaker than the level above's (不得低于上级标准).
    case weakerTarget = "weaker_target"

    public var chineseName: String {
        switch self {
        case .offTrajectory: "约束性指标偏离规划路径"
        case .deterioration: "指标出现倒退"
        case .missingData: "数据缺报或迟报"
        case .behindParent: "明显落后于上级平均水平"
        case .weakerTarget: "约束性目标低于上级"
        }
    }

    public var englishName: String {
        switch self {
        case .offTrajectory: "Binding indicator off its trajectory"
        case .deterioration: "Indicator deteriorating"
        case .missingData: "Data missing or late"
        case .behindParent: "Far behind the upper level"
        case .weakerTarget: "Binding target weaker than the upper level's"
        }
    }
}

public struct EarlyWarning: Codable, Sendable, Equatable {
    public var kind: WarningKind
    public var indicatorID: Int64
    public var indicatorName: String
    public var regionCode: String
    public var regionName: String
    public var departmentID: Int64?
    public var year: Int?
    /// `high` for binding indicators and missing data, `medium` otherwise.
    public var severity: String
    /// The Chinese sentence (the API's `message`); ``englishMessage`` says the same in English.
    public var message: String
    /// The numbers the sentence is made of, so that each language words them itself. Not part
    /// of the API's JSON (nil when decoded).
    public var facts: WarningFacts? = nil
    /// The indicator's unit, for the English sentence.
    public var unit: String = ""

    /// The JSON keeps the shape it had before `facts`.
    enum CodingKeys: String, CodingKey {
        case kind, indicatorID, indicatorName, regionCode, regionName, departmentID, year, severity, message
    }

    /// The warning in English for pages, from its facts (the Chinese `message` when it has none).
    public var englishMessage: String {
        guard let facts else { return message }
        let f = EarlyWarningRules.format
        let (region, indicator) = (regionName, "\u{201C}\(indicatorName)\u{201D}")
        // "60%" but "5 beds": a percent sign sits on its number.
        let u = unit.isEmpty || unit == "%" ? unit : " " + unit
        return switch facts {
        case .missing(let year): "\(region) has no \(year) figure for \(indicator)"
        case .offTrajectory(let year, let value, let expected):
            "\(region) was at \(f(value))\(u) in \(year); the planned trajectory called for \(f(expected))\(u)"
        case .worsened(let from, let fromValue, let to, let toValue):
            "\(indicator) in \(region) went from \(f(fromValue))\(u) in \(from) to \(f(toValue))\(u) in \(to)"
        case .behindBaseline: "\(indicator) in \(region) is worse than at the baseline"
        case .behindParent(let value, let parent, let share):
            "\(region) is at \(f(value))\(u), only \(PrintfNumber.text(share * 100, "%.0f"))% of the upper level's \(f(parent))\(u)"
        case .weakerTarget(let own, let parentTarget):
            "\(region)'s own target of \(f(own))\(u) is weaker than the upper level's \(f(parentTarget))\(u)"
        }
    }

    /// The English word for ``severity``.
    public var englishSeverity: String { severity == "high" ? "High" : "Medium" }
    /// The Chinese word for ``severity``.
    public var chineseSeverity: String { severity == "high" ? "高" : "中" }
}

/// What a warning found, with its numbers: the sentence in each language is made from these.
public enum WarningFacts: Sendable, Equatable {
    case missing(year: Int)
    case offTrajectory(year: Int, value: Double, expected: Double)
    case worsened(from: Int, fromValue: Double, to: Int, toValue: Double)
    case behindBaseline
    case behindParent(value: Double, parent: Double, share: Double)
    case weakerTarget(own: Double, parentTarget: Double)
}

/// What the rules look at for one indicator in one region.
public struct WarningInput: Sendable {
    public var indicatorID: Int64
    public var indicatorName: String
    public var unit: String
    public var binding: Bool
    public var direction: Direction
    public var departmentID: Int64?
    public var regionCode: String
    public var regionName: String
    /// Observed values by year (totals).
    public var values: [Int: Double]
    public var progress: ProgressResult?
    /// The year whose figure should be in by now, if any.
    public var dueYear: Int?
    /// The parent region's value in the same latest year, for the "far behind" rule.
    public var parentValue: Double?
    public var weakerThanParentTarget: Double?
    public var ownTarget: Double?

    public init(indicatorID: Int64, indicatorName: String, unit: String, binding: Bool, direction: Direction,
                departmentID: Int64?, regionCode: String, regionName: String, values: [Int: Double],
                progress: ProgressResult?, dueYear: Int?, parentValue: Double?, weakerThanParentTarget: Double?,
                ownTarget: Double?) {
        self.indicatorID = indicatorID
        self.indicatorName = indicatorName
        self.unit = unit
        self.binding = binding
        self.direction = direction
        self.departmentID = departmentID
        self.regionCode = regionCode
        self.regionName = regionName
        self.values = values
        self.progress = progress
        self.dueYear = dueYear
        self.parentValue = parentValue
        self.weakerThanParentTarget = weakerThanParentTarget
        self.ownTarget = ownTarget
    }
}

public enum EarlyWarningRules {
    /// A county is "far behind" when it reaches less than this share of its city's value
    /// (direction-aware: for lower-is-better indicators the city's value is divided by the county's).
    public static let behindParentShare = 0.8

    public static func evaluate(_ input: WarningInput) -> [EarlyWarning] {
        var warnings: [EarlyWarning] = []
        func warn(_ kind: WarningKind, year: Int?, high: Bool, _ facts: WarningFacts, _ message: String) {
            warnings.append(EarlyWarning(kind: kind, indicatorID: input.indicatorID, indicatorName: input.indicatorName,
                                         regionCode: input.regionCode, regionName: input.regionName,
                                         departmentID: input.departmentID, year: year, severity: high ? "high" : "medium",
                                         message: message, facts: facts, unit: input.unit))
        }
        let years = input.values.keys.sorted()
        let latestYear = years.last
        let unit = input.unit

        if let due = input.dueYear, input.values[due] == nil {
            warn(.missingData, year: due, high: true, .missing(year: due), "\(input.regionName)缺少 \(due) 年“\(input.indicatorName)”数据")
        }
        if input.binding, let trajectory = input.progress?.trajectory, !trajectory.onTrack,
           input.progress?.status != .targetAchieved, let year = latestYear {
            warn(.offTrajectory, year: year, high: true,
                 .offTrajectory(year: year, value: input.values[year]!, expected: trajectory.expectedValue),
                 "\(input.regionName) \(year) 年为 \(format(input.values[year]!))\(unit)，按规划路径应达到 \(format(trajectory.expectedValue))\(unit)")
        }
        if let year = latestYear, years.count >= 2 {
            let previousYear = years[years.count - 2]
            let change = input.direction == .higher ? input.values[year]! - input.values[previousYear]!
                                                    : input.values[previousYear]! - input.values[year]!
            if change < 0 {
                warn(.deterioration, year: year, high: input.binding,
                     .worsened(from: previousYear, fromValue: input.values[previousYear]!, to: year, toValue: input.values[year]!),
                     "\(input.regionName)“\(input.indicatorName)”由 \(previousYear) 年的 \(format(input.values[previousYear]!))\(unit) 变为 \(year) 年的 \(format(input.values[year]!))\(unit)")
            } else if input.progress?.status == .deterioration {
                warn(.deterioration, year: year, high: input.binding, .behindBaseline,
                     "\(input.regionName)“\(input.indicatorName)”较基期倒退")
            }
        }
        if let year = latestYear, let parent = input.parentValue, parent > 0, let value = input.values[year], value >= 0 {
            let share = input.direction == .higher ? value / parent : (value == 0 ? .infinity : parent / value)
            if share < behindParentShare {
                warn(.behindParent, year: year, high: false,
                     .behindParent(value: value, parent: parent, share: share),
                     "\(input.regionName)为 \(format(value))\(unit)，仅为上级（\(format(parent))\(unit)）的 \(PrintfNumber.text(share * 100, "%.0f"))%")
            }
        }
        if input.binding, let parentTarget = input.weakerThanParentTarget, let own = input.ownTarget {
            warn(.weakerTarget, year: nil, high: true, .weakerTarget(own: own, parentTarget: parentTarget),
                 "\(input.regionName)自定目标 \(format(own))\(unit) 弱于上级目标 \(format(parentTarget))\(unit)")
        }
        return warnings
    }

    /// 96.5 → "96.5", 45.0 → "45".
    static func format(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : PrintfNumber.text(value, "%.4g")
    }
}

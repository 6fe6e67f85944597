import Foundation

/// The sections a planner writes in Markdown; the others are generated from the figures.
public enum ReportTextSection: String, Codable, Sendable, CaseIterable {
    /// A foreword above the generated overview (optional).
    case introduction
    /// The planner's self-assessment (中期评估: 自评).
    case selfAssessment
    /// The third-party evaluator's findings (中期评估: 第三方评估意见).
    case evaluatorFindings
    /// 下一步建议 / 下一步工作.
    case nextSteps

    /// The sections a report of `kind` has, in the order they appear.
    public static func sections(of kind: ReportKind) -> [ReportTextSection] {
        kind == .annual ? [.introduction, .nextSteps] : [.introduction, .selfAssessment, .evaluatorFindings, .nextSteps]
    }
}

/// The planner's text sections of a report, Markdown, keyed by section.
public struct ReportTexts: Codable, Sendable, Equatable {
    public var introduction: String
    public var selfAssessment: String
    public var evaluatorFindings: String
    public var nextSteps: String

    public init(introduction: String = "", selfAssessment: String = "", evaluatorFindings: String = "", nextSteps: String = "") {
        self.introduction = introduction
        self.selfAssessment = selfAssessment
        self.evaluatorFindings = evaluatorFindings
        self.nextSteps = nextSteps
    }

    public subscript(section: ReportTextSection) -> String {
        get {
            switch section {
            case .introduction: introduction
            case .selfAssessment: selfAssessment
            case .evaluatorFindings: evaluatorFindings
            case .nextSteps: nextSteps
            }
        }
        set {
            switch section {
            case .introduction: introduction = newValue
            case .selfAssessment: selfAssessment = newValue
            case .evaluatorFindings: evaluatorFindings = newValue
            case .nextSteps: nextSteps = newValue
            }
        }
    }

    /// The longest text a section may hold: a report section, not a book.
    public static let maximumLength = 20_000
}

/// 总体情况 in numbers: the indicators by status and how the binding ones stand.
public struct ReportSummary: Codable, Sendable, Equatable {
    public var indicatorCount: Int
    public var byStatus: [ProgressStatus: Int]
    public var bindingCount: Int
    /// Binding indicators whose target is already reached.
    public var bindingMet: Int
    /// Binding indicators not reached and behind the straight line to the target, or going backwards.
    public var bindingAtRisk: Int
    /// Indicators without an approved figure for the report's year.
    public var withoutFigure: Int

    public init(_ figures: ReportFigures) {
        let indicators = figures.indicators
        indicatorCount = indicators.count
        byStatus = Dictionary(grouping: indicators, by: \.status).mapValues(\.count)
        let binding = indicators.filter(\.binding)
        bindingCount = binding.count
        bindingMet = binding.filter { $0.status == .targetAchieved }.count
        bindingAtRisk = binding.filter(ReportRules.atRisk).count
        withoutFigure = indicators.filter { $0.value(in: figures.year) == nil }.count
    }

    public func count(_ status: ProgressStatus) -> Int { byStatus[status] ?? 0 }
}

/// A problem the report names under 存在问题, found from the figures.
public enum ReportProblem: Codable, Sendable, Equatable {
    /// A binding indicator behind the straight line from its baseline to its target.
    case bindingOffTrajectory(indicatorID: Int64, name: String, unit: String, latest: YearFigure, expected: Double)
    /// The latest figure is worse than the year before.
    case deteriorating(indicatorID: Int64, name: String, unit: String, previous: YearFigure, latest: YearFigure)
    /// No approved figure for the report's year in the region, or in some of its children.
    case missingData(indicatorID: Int64, name: String, regionMissing: Bool, childrenMissing: [String])
    /// The region's own target is weaker than the upper level's.
    case weakerThanUpperTarget(indicatorID: Int64, name: String, unit: String, own: Double, upper: Double)

    public var indicatorID: Int64 {
        switch self {
        case .bindingOffTrajectory(let id, _, _, _, _), .deteriorating(let id, _, _, _, _),
             .missingData(let id, _, _, _), .weakerThanUpperTarget(let id, _, _, _, _): id
        }
    }
}

/// Where an indicator stands at the plan's midpoint: against the straight-line path and, projected
/// from its observed growth, at the plan's end.
public struct MidtermAssessment: Codable, Sendable, Equatable {
    public var indicatorID: Int64
    /// The share of the time from baseline to target year that has passed (0…1).
    public var elapsedShare: Double
    /// The share of the way from baseline to target covered so far (can exceed 1 or be negative).
    public var completedShare: Double
    /// Where the straight line stands in the latest year.
    public var expected: Double
    public var endYear: Int
    /// The latest figure carried to the end year at the observed compound growth (linear when
    /// growth is undefined).
    public var projected: Double
    /// `compound` or `linear`: how `projected` was obtained.
    public var projection: String
    public var projectedToMeet: Bool
}

/// A difference between two editions of a report.
public enum ReportChange: Codable, Sendable, Equatable {
    case valueChanged(indicator: String, region: String, year: Int, old: Double?, new: Double?)
    case statusChanged(indicator: String, old: ProgressStatus, new: ProgressStatus)
    case indicatorAdded(String)
    case indicatorRemoved(String)
    case textChanged(ReportTextSection)
}

/// The rules that turn a report's figures into its verdicts: who is at risk, what the problems
/// are, where the plan stands at its midpoint, and what changed between editions.
public enum ReportRules {
    /// Not reached, and behind the straight line to the target or going backwards.
    public static func atRisk(_ indicator: IndicatorFigures) -> Bool {
        guard indicator.status != .targetAchieved, indicator.status != .insufficientData else { return false }
        return indicator.onTrajectory == false || indicator.status == .deterioration
    }

    /// 存在问题: binding indicators off their trajectory, indicators worse than the year before,
    /// missing figures for the report's year, and targets weaker than the upper level's.
    public static func problems(_ figures: ReportFigures) -> [ReportProblem] {
        var problems: [ReportProblem] = []
        for indicator in figures.indicators {
            if indicator.binding, indicator.status != .targetAchieved, indicator.onTrajectory == false,
               let latest = indicator.latest, let expected = indicator.expectedValue {
                problems.append(.bindingOffTrajectory(indicatorID: indicator.id, name: indicator.name, unit: indicator.unit,
                                                      latest: latest, expected: expected))
            }
            if indicator.values.count >= 2 {
                let latest = indicator.values[indicator.values.count - 1]
                let previous = indicator.values[indicator.values.count - 2]
                if indicator.direction.sign * (latest.value - previous.value) < 0 {
                    problems.append(.deteriorating(indicatorID: indicator.id, name: indicator.name, unit: indicator.unit,
                                                   previous: previous, latest: latest))
                }
            }
            let regionMissing = indicator.value(in: figures.year) == nil
            let childrenMissing = indicator.children.filter { $0.value == nil }.map(\.place.name)
            if regionMissing || !childrenMissing.isEmpty {
                problems.append(.missingData(indicatorID: indicator.id, name: indicator.name, regionMissing: regionMissing,
                                             childrenMissing: childrenMissing))
            }
            if let target = indicator.target, let upper = target.upperValue {
                problems.append(.weakerThanUpperTarget(indicatorID: indicator.id, name: indicator.name, unit: indicator.unit,
                                                       own: target.value, upper: upper))
            }
        }
        return problems
    }

    /// The midpoint assessment of an indicator with a target, a baseline and a figure; nil otherwise.
    public static func midterm(_ indicator: IndicatorFigures) -> MidtermAssessment? {
        guard let target = indicator.target, let baseYear = indicator.baselineYear, let base = indicator.baselineValue,
              let latest = indicator.latest, target.year > baseYear else { return nil }
        let span = Double(target.year - baseYear)
        let elapsed = Double(latest.year - baseYear) / span
        let expected = base + (target.value - base) * max(0, min(1, elapsed))
        let completed = target.value == base ? (latest.value == base ? 1 : 0) : (latest.value - base) / (target.value - base)
        let remaining = Double(max(0, target.year - latest.year))
        var projected: Double
        var method = "compound"
        if let growth = indicator.observedGrowth, growth.isFinite, latest.year > baseYear, (1 + growth) > 0 {
            projected = latest.value * pow(1 + growth, remaining)
        } else {
            method = "linear"
            let slope = latest.year > baseYear ? (latest.value - base) / Double(latest.year - baseYear) : 0
            projected = latest.value + slope * remaining
        }
        if !projected.isFinite { projected = latest.value }
        let meets = indicator.direction == .higher ? projected >= target.value : projected <= target.value
        return MidtermAssessment(indicatorID: indicator.id, elapsedShare: max(0, min(1, elapsed)), completedShare: completed,
                                 expected: expected, endYear: target.year, projected: projected, projection: method,
                                 projectedToMeet: meets)
    }

    /// What changed from one edition to the next: figures (the region's and its children's),
    /// verdicts, indicators and the planner's texts.
    public static func differences(from old: ReportFigures, _ oldTexts: ReportTexts,
                                   to new: ReportFigures, _ newTexts: ReportTexts) -> [ReportChange] {
        var changes: [ReportChange] = []
        let oldByID = Dictionary(old.indicators.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let newIDs = Set(new.indicators.map(\.id))
        for indicator in new.indicators {
            guard let before = oldByID[indicator.id] else {
                changes.append(.indicatorAdded(indicator.name))
                continue
            }
            let years = Set(before.values.map(\.year)).union(indicator.values.map(\.year)).sorted()
            for year in years where !same(before.value(in: year), indicator.value(in: year)) {
                changes.append(.valueChanged(indicator: indicator.name, region: new.region.name, year: year,
                                             old: before.value(in: year), new: indicator.value(in: year)))
            }
            let oldChildren = Dictionary(before.children.map { ($0.place.code, $0) }, uniquingKeysWith: { first, _ in first })
            for child in indicator.children where !same(oldChildren[child.place.code]?.value, child.value) {
                changes.append(.valueChanged(indicator: indicator.name, region: child.place.name, year: new.year,
                                             old: oldChildren[child.place.code]?.value, new: child.value))
            }
            if before.status != indicator.status {
                changes.append(.statusChanged(indicator: indicator.name, old: before.status, new: indicator.status))
            }
        }
        for indicator in old.indicators where !newIDs.contains(indicator.id) {
            changes.append(.indicatorRemoved(indicator.name))
        }
        for section in ReportTextSection.allCases where oldTexts[section] != newTexts[section] {
            changes.append(.textChanged(section))
        }
        return changes
    }

    /// Equal figures, allowing for the last bits of a stored double.
    static func same(_ a: Double?, _ b: Double?) -> Bool {
        switch (a, b) {
        case (nil, nil): true
        case let (a?, b?): abs(a - b) <= 1e-9 * max(1, abs(a), abs(b))
        default: false
        }
    }
}

/// Counts by status encode as a JSON object keyed by the status's name.
extension ProgressStatus: CodingKeyRepresentable {}

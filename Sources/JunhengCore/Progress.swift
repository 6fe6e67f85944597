/// Whether larger values of an indicator are better (enrolment rate) or smaller (class size,
/// infant mortality).
public enum Direction: String, Codable, Sendable, CaseIterable {
    case higher
    case lower

    /// +1 when higher is better, −1 when lower is: multiplies a change so that positive means better.
    public var sign: Double { self == .higher ? 1 : -1 }
}

/// Progress of an indicator towards its target, in the categories Open SDG uses.
public enum ProgressStatus: String, Codable, Sendable, CaseIterable {
    case targetAchieved = "target_achieved"
    case substantialProgress = "substantial_progress"
    case moderateProgress = "moderate_progress"
    case limitedProgress = "limited_progress"
    case deterioration
    case insufficientData = "insufficient_data"

    public var chineseName: String {
        switch self {
        case .targetAchieved: "已达标"
        case .substantialProgress: "进展顺利"
        case .moderateProgress: "进展一般"
        case .limitedProgress: "进展缓慢"
        case .deterioration: "出现倒退"
        case .insufficientData: "数据不足"
        }
    }

    public var englishName: String {
        switch self {
        case .targetAchieved: "Target achieved"
        case .substantialProgress: "Substantial progress"
        case .moderateProgress: "Moderate progress"
        case .limitedProgress: "Limited progress"
        case .deterioration: "Deterioration"
        case .insufficientData: "Insufficient data"
        }
    }
}

public struct ProgressInput: Codable, Sendable, Equatable {
    public var baseYear: Int
    public var baseValue: Double
    public var currentYear: Int
    public var currentValue: Double
    /// Without a target the status follows the observed growth rate alone (Open SDG method 1).
    public var targetYear: Int?
    public var targetValue: Double?
    public var direction: Direction

    public init(baseYear: Int, baseValue: Double, currentYear: Int, currentValue: Double,
                targetYear: Int?, targetValue: Double?, direction: Direction) {
        self.baseYear = baseYear
        self.baseValue = baseValue
        self.currentYear = currentYear
        self.currentValue = currentValue
        self.targetYear = targetYear
        self.targetValue = targetValue
        self.direction = direction
    }
}

/// The straight line from (base year, base value) to (target year, target value): where the
/// indicator should be by now if progress were even.
public struct Trajectory: Codable, Sendable, Equatable {
    public var expectedValue: Double
    /// Current minus expected, signed so that positive means ahead of the line.
    public var lead: Double
    public var onTrack: Bool
}

public struct ProgressResult: Codable, Sendable, Equatable {
    public var status: ProgressStatus
    /// Observed growth relative to required growth (method with a target); nil otherwise.
    public var ratio: Double?
    /// Compound annual growth rates: observed from base to current, and required from base to target.
    public var observedGrowth: Double?
    public var requiredGrowth: Double?
    /// `target` when a target value was given (thresholds 0.95 / 0.6 / 0 on the ratio),
    /// `growth` otherwise (thresholds 0.015 / 0.005 / 0 on the observed growth).
    public var method: String
    public var trajectory: Trajectory?
    /// Substitutions and reasons, in Chinese, e.g. a zero base value replaced by 0.001.
    public var notes: [String]
}

/// The progress method of Statistics Canada as implemented by Open SDG (sdg-build's
/// ProgressMeasure): compound annual growth observed versus needed, plus the straight-line
/// trajectory check that DESIGN.md asks for on binding indicators.
public enum ProgressMethod {
    public static let targetThresholds = (high: 0.95, medium: 0.6, low: 0.0)
    public static let growthThresholds = (high: 0.015, medium: 0.005, low: 0.0)
    /// Zero cannot be grown from; Open SDG substitutes this and so do we, saying so in `notes`.
    static let zeroSubstitute = 0.001

    public static func assess(_ input: ProgressInput) -> ProgressResult {
        var notes: [String] = []
        let values = [input.baseValue, input.currentValue] + (input.targetValue.map { [$0] } ?? [])
        guard values.allSatisfy(\.isFinite) else {
            return insufficient("数值无效（非有限数）", notes)
        }
        let achieved = input.targetValue.map { target in
            input.direction == .higher ? input.currentValue >= target : input.currentValue <= target
        } ?? false
        let trajectory = self.trajectory(input)
        if achieved {
            return ProgressResult(status: .targetAchieved, ratio: nil, observedGrowth: nil, requiredGrowth: nil,
                                  method: input.targetValue == nil ? "growth" : "target", trajectory: trajectory, notes: notes)
        }
        guard input.currentYear > input.baseYear else {
            return insufficient("至少需要基期之后一年的数据（基期 \(input.baseYear)，最新 \(input.currentYear)）", notes)
        }
        var base = input.baseValue
        if base == 0 {
            base = zeroSubstitute
            notes.append("基期值为 0，按 \(zeroSubstitute) 计算增长率")
        }
        guard (base > 0) == (input.currentValue > 0) || input.currentValue == 0 else {
            return insufficient("基期值与当前值一正一负，无法计算复合增长率", notes)
        }
        // Negative series grow "up" towards zero; the sign flips the reading back.
        let sign: Double = base < 0 ? -1 : 1
        let observed = growth(from: base, to: input.currentValue, years: input.currentYear - input.baseYear)

        guard let targetValue = input.targetValue, let targetYear = input.targetYear else {
            let progress = sign * input.direction.sign * observed
            return ProgressResult(status: status(progress, growthThresholds), ratio: nil, observedGrowth: observed,
                                  requiredGrowth: nil, method: "growth", trajectory: nil, notes: notes)
        }
        guard targetYear > input.baseYear else {
            return insufficient("目标年份 \(targetYear) 不晚于基期 \(input.baseYear)", notes)
        }
        var target = targetValue
        if target == 0 {
            target = zeroSubstitute
            notes.append("目标值为 0，按 \(zeroSubstitute) 计算所需增长率")
        }
        let required = growth(from: base, to: target, years: targetYear - input.baseYear)
        guard required.isFinite, observed.isFinite else {
            return insufficient("增长率无法计算", notes)
        }
        guard required != 0 else {
            // The target equals the baseline and is not met: any movement has been the wrong way.
            notes.append("目标值等于基期值")
            return ProgressResult(status: .deterioration, ratio: nil, observedGrowth: observed, requiredGrowth: required,
                                  method: "target", trajectory: trajectory, notes: notes)
        }
        let ratio = sign * input.direction.sign * observed / abs(required)
        return ProgressResult(status: status(ratio, targetThresholds), ratio: ratio, observedGrowth: observed,
                              requiredGrowth: required, method: "target", trajectory: trajectory, notes: notes)
    }

    /// Compound annual growth rate; NaN when it is undefined (negative ratio with an even root).
    static func growth(from base: Double, to value: Double, years: Int) -> Double {
        let ratio = value / base
        guard ratio >= 0 else { return .nan }
        return pow(ratio, 1 / Double(years)) - 1
    }

    static func status(_ value: Double, _ thresholds: (high: Double, medium: Double, low: Double)) -> ProgressStatus {
        guard value.isFinite else { return .insufficientData }
        if value >= thresholds.high { return .substantialProgress }
        if value >= thresholds.medium { return .moderateProgress }
        if value >= thresholds.low { return .limitedProgress }
        return .deterioration
    }

    static func trajectory(_ input: ProgressInput) -> Trajectory? {
        guard let targetYear = input.targetYear, let targetValue = input.targetValue, targetYear > input.baseYear else { return nil }
        let elapsed = Double(min(input.currentYear, targetYear) - input.baseYear) / Double(targetYear - input.baseYear)
        let expected = input.baseValue + (targetValue - input.baseValue) * max(0, elapsed)
        let lead = input.direction.sign * (input.currentValue - expected)
        // A relative tolerance keeps rounding in reported figures from flipping the verdict.
        let tolerance = 1e-9 * max(1, abs(expected))
        return Trajectory(expectedValue: expected, lead: lead, onTrack: lead >= -tolerance)
    }

    private static func insufficient(_ reason: String, _ notes: [String]) -> ProgressResult {
        ProgressResult(status: .insufficientData, ratio: nil, observedGrowth: nil, requiredGrowth: nil,
                       method: "target", trajectory: nil, notes: notes + [reason])
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

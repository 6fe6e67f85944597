import Foundation

/// The answer scale of a satisfaction question: labelled points from best to worst, each with the
/// score the index averages, and an answer for people who have not used the service, which is left
/// out of the base instead of counted as a middle score.
public struct SatisfactionScale: Codable, Sendable, Equatable {
    /// One point of the scale.
    public struct Point: Codable, Sendable, Equatable {
        public var label: String
        public var score: Double

        public init(label: String, score: Double) {
            self.label = label
            self.score = score
        }
    }

    /// Best first.
    public var points: [Point]
    /// The answer that is excluded from the base ("未使用该服务").
    public var notUsedLabel: String

    public init(points: [Point], notUsedLabel: String = SatisfactionScale.standardNotUsedLabel) {
        self.points = points
        self.notUsedLabel = notUsedLabel
    }

    public static let standardNotUsedLabel = "未使用该服务"

    /// The five points of the provincial satisfaction surveys, scored 100/75/50/25/0 so that the
    /// index reads as a percentage.
    public static let fivePoint = SatisfactionScale(points: [
        Point(label: "非常满意", score: 100), Point(label: "满意", score: 75), Point(label: "一般", score: 50),
        Point(label: "不满意", score: 25), Point(label: "非常不满意", score: 0),
    ])

    /// Refuses a scale that could not be answered unambiguously: fewer than two points, a label
    /// used twice (or equal to the not-used answer), scores that do not fall from best to worst.
    public func validated(field: String = "scale") throws(JunhengError) -> SatisfactionScale {
        var issues: [ValidationIssue] = []
        if points.count < 2 { issues.append(ValidationIssue(field: field, reason: "满意度量表至少需要两个选项")) }
        let labels = points.map(\.label) + [notUsedLabel]
        if labels.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            issues.append(ValidationIssue(field: field, reason: "量表选项的名称不能为空"))
        }
        if Set(labels).count != labels.count {
            issues.append(ValidationIssue(field: field, reason: "量表选项的名称不能重复（含“\(notUsedLabel)”）"))
        }
        if points.contains(where: { !$0.score.isFinite }) {
            issues.append(ValidationIssue(field: field, reason: "量表分值必须是数字"))
        } else if zip(points, points.dropFirst()).contains(where: { $0.score <= $1.score }) {
            issues.append(ValidationIssue(field: field, reason: "量表分值须从“最满意”到“最不满意”依次递减"))
        }
        if !issues.isEmpty { throw .invalid(issues) }
        return self
    }

    /// What an answer means on this scale: a point's label or its score as a number (as survey
    /// companies often code answers), or the not-used answer; nil for anything else.
    public func reading(_ answer: String) -> ScaleReading? {
        let text = answer.trimmingCharacters(in: .whitespaces)
        if text == notUsedLabel { return .notUsed }
        if let point = points.first(where: { $0.label == text }) { return .score(point.score) }
        if let number = Double(text), let point = points.first(where: { $0.score == number }) {
            return .score(point.score)
        }
        return nil
    }
}

/// A satisfaction answer read on its scale.
public enum ScaleReading: Sendable, Equatable {
    case score(Double)
    /// The respondent has not used the service: not in the base.
    case notUsed
}

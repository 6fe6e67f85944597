import Foundation

/// Where a department's progress report for one task and period is: drafted and submitted by the
/// lead department; returned with a comment or approved by the supervising office (督办单位).
/// Only approved reports are public.
public enum ReportStatus: String, Codable, Sendable, CaseIterable {
    case draft
    case submitted
    case returned
    case approved

    public var chineseName: String {
        switch self {
        case .draft: "草稿"
        case .submitted: "待审核"
        case .returned: "已退回"
        case .approved: "已通过"
        }
    }

    public var englishName: String {
        switch self {
        case .draft: "Draft"
        case .submitted: "Submitted"
        case .returned: "Returned"
        case .approved: "Approved"
        }
    }

    /// The status a report moves to when `step` is taken, or the conflict saying why it cannot.
    public func next(for step: ReportStep) throws(JunhengError) -> ReportStatus {
        switch (self, step) {
        case (.draft, .save), (.returned, .save): return self
        case (.draft, .submit), (.returned, .submit): return .submitted
        case (.submitted, .returnToDepartment): return .returned
        case (.submitted, .approve): return .approved
        default: throw .conflict("进展报告当前为“\(chineseName)”，不能\(step.chineseName)")
        }
    }

    /// The department edits its report only while it is a draft or was returned to it.
    public var isEditable: Bool { self == .draft || self == .returned }
}

/// What a department writes in a progress report.
public struct ReportContent: Codable, Sendable, Equatable {
    public var progressText: String
    public var problems: String
    public var nextSteps: String
    public var fundsUsed: Double?
    public var percent: Double?
    public var reportedStatus: TaskStatus?
    public var achievedValue: Double?
    public var milestonesDone: [Int64]

    public init(progressText: String = "", problems: String = "", nextSteps: String = "", fundsUsed: Double? = nil,
                percent: Double? = nil, reportedStatus: TaskStatus? = nil, achievedValue: Double? = nil,
                milestonesDone: [Int64] = []) {
        self.progressText = progressText
        self.problems = problems
        self.nextSteps = nextSteps
        self.fundsUsed = fundsUsed
        self.percent = percent
        self.reportedStatus = reportedStatus
        self.achievedValue = achievedValue
        self.milestonesDone = milestonesDone
    }
}

/// A step a person takes on a progress report.
public enum ReportStep: String, Codable, Sendable, CaseIterable {
    case save
    case submit
    case returnToDepartment = "return"
    case approve

    public var chineseName: String {
        switch self {
        case .save: "保存"
        case .submit: "报送"
        case .returnToDepartment: "退回"
        case .approve: "审核通过"
        }
    }
}

/// The checks on a report's content that are the same wherever it is filed.
public enum ProgressReportRules {
    /// A submitted report says what was done; a percentage is between 0 and 100; funds are not
    /// negative; a return carries a comment.
    public static func problems(progressText: String, percent: Double?, fundsUsed: Double?, step: ReportStep,
                                comment: String) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        if step == .submit, progressText.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            issues.append(ValidationIssue(field: "progress", reason: "报送前请填写进展情况"))
        }
        if let percent, !(0...100).contains(percent) {
            issues.append(ValidationIssue(field: "percent", reason: "完成进度应在 0 到 100 之间"))
        }
        if let fundsUsed, fundsUsed < 0 {
            issues.append(ValidationIssue(field: "fundsUsed", reason: "资金使用额不能为负数"))
        }
        if step == .returnToDepartment, comment.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            issues.append(ValidationIssue(field: "comment", reason: "退回时请写明退回意见"))
        }
        return issues
    }
}

import Foundation

/// Where an uploaded submission of figures is: waiting for review, approved (its figures locked),
/// or returned to its reporter.
public enum SubmissionStatus: String, Codable, Sendable, CaseIterable {
    case submitted
    case approved
    case returned

    public var chineseName: String {
        switch self {
        case .submitted: "待审核"
        case .approved: "已通过"
        case .returned: "已退回"
        }
    }

    public var englishName: String {
        switch self {
        case .submitted: "Awaiting review"
        case .approved: "Approved"
        case .returned: "Returned"
        }
    }
}

/// The four-eyes rule for submissions: only a submission waiting for review is decided, and by
/// someone other than the person who submitted it; sending one back needs a reason.
public enum SubmissionReview {
    /// What a reviewer decides about a submission.
    public enum Decision: Sendable, Equatable {
        case approve
        /// Back to the reporter, saying what to check.
        case sendBack(reason: String)

        var chineseName: String {
            switch self {
            case .approve: "审核"
            case .sendBack: "退回"
            }
        }
    }

    /// Throws when `reviewer` may not take `decision` on submission `submissionID`. A submission
    /// stored by nobody (a system import) may be decided by anyone.
    public static func check(_ decision: Decision, submissionID: Int64, status: SubmissionStatus,
                             reviewer: Int64?, submitter: Int64?) throws(JunhengError) {
        guard status == .submitted else {
            throw .conflict("报送 \(submissionID) 当前状态为“\(status.chineseName)”，不能\(decision.chineseName)")
        }
        if let submitter, submitter == reviewer {
            throw .forbidden("不能\(decision.chineseName)自己提交的数据")
        }
        if case .sendBack(let reason) = decision, reason.trimmingCharacters(in: .whitespaces).isEmpty {
            throw .invalid(field: "comment", "退回时请说明原因")
        }
    }
}

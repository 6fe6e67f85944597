import Foundation

/// What a citizen's message is (需求反馈 takes requests, complaints, praise and suggestions).
public enum FeedbackKind: String, Codable, Sendable, CaseIterable {
    case request
    case complaint
    case praise
    case suggestion

    public var chineseName: String {
        switch self {
        case .request: "服务需求"
        case .complaint: "投诉"
        case .praise: "表扬"
        case .suggestion: "建议"
        }
    }

    public var englishName: String {
        switch self {
        case .request: "Request"
        case .complaint: "Complaint"
        case .praise: "Praise"
        case .suggestion: "Suggestion"
        }
    }
}

/// Where a message is in its handling: new → accepted → answered → closed, or merged into an
/// earlier message about the same thing.
public enum FeedbackStatus: String, Codable, Sendable, CaseIterable {
    case new
    case accepted
    case answered
    case closed
    case merged

    public var chineseName: String {
        switch self {
        case .new: "待受理"
        case .accepted: "已受理"
        case .answered: "已答复"
        case .closed: "已办结"
        case .merged: "已合并"
        }
    }

    public var englishName: String {
        switch self {
        case .new: "New"
        case .accepted: "Accepted"
        case .answered: "Answered"
        case .closed: "Closed"
        case .merged: "Merged"
        }
    }

    /// Whether the handling department still owes an answer.
    public var awaitsAnswer: Bool { self == .new || self == .accepted }

    /// The status after `step`, or the conflict saying why the step cannot be taken now.
    public func next(for step: FeedbackStep) throws(JunhengError) -> FeedbackStatus {
        switch (self, step) {
        case (.new, .accept): return .accepted
        case (.new, .answer), (.accepted, .answer), (.answered, .answer): return .answered
        case (.answered, .close): return .closed
        case (.new, .merge), (.accepted, .merge): return .merged
        default: throw .conflict("留言当前为“\(chineseName)”，不能\(step.chineseName)")
        }
    }
}

/// What a handler does to a message.
public enum FeedbackStep: String, Codable, Sendable, CaseIterable {
    case accept
    /// Publish (or correct) the public answer.
    case answer
    case close
    /// Mark as a duplicate of an earlier message, which carries the answer.
    case merge

    public var chineseName: String {
        switch self {
        case .accept: "受理"
        case .answer: "答复"
        case .close: "办结"
        case .merge: "合并为重复留言"
        }
    }
}

/// The handling deadline and its colour, by the same red/yellow/green/blue rules the task ledger
/// uses: blue once answered, red when overdue, yellow within `dueSoonDays`, green otherwise.
public struct FeedbackDeadline: Sendable, Equatable {
    /// Days from receipt to the answer (the 15 days most 12345 and 留言 rules allow).
    public var daysToAnswer: Int
    public var dueSoonDays: Int

    public static let standard = FeedbackDeadline(daysToAnswer: 15, dueSoonDays: 3)

    public init(daysToAnswer: Int, dueSoonDays: Int) {
        self.daysToAnswer = daysToAnswer
        self.dueSoonDays = dueSoonDays
    }

    public func due(receivedOn day: CalendarDay) -> CalendarDay { day.adding(days: daysToAnswer) }

    public func colour(status: FeedbackStatus, due: CalendarDay, today: CalendarDay) -> TaskColour {
        if !status.awaitsAnswer { return .blue }
        if today > due { return .red }
        return today.days(to: due) <= dueSoonDays ? .yellow : .green
    }
}

/// A citizen's rating of the answer they got: 1 (very dissatisfied) to 5 (very satisfied), once.
public enum AnswerRating {
    public static let range = 1...5

    public static func validated(_ rating: Int, status: FeedbackStatus, alreadyRated: Bool) throws(JunhengError) -> Int {
        guard status == .answered || status == .closed else { throw .conflict("留言尚未答复，暂不能评价") }
        guard !alreadyRated else { throw .conflict("已评价过本次答复") }
        guard range.contains(rating) else { throw .invalid(field: "rating", "评价应为 1 到 5 星") }
        return rating
    }
}

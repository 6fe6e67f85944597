import Foundation

/// A question as a planner types it in the questionnaire builder, every field as text, read into a
/// ``SurveyQuestion`` with each problem named by the question's number.
///
/// `options` carries what the kind needs, one entry per line: a satisfaction scale's points best
/// first as `label=score` (blank: the standard five points 100/75/50/25/0); the choices of a
/// single or multiple choice question. `minimum`/`maximum` bound a number; `maximum` is a text
/// answer's length limit (500 when blank).
public struct QuestionDraft: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case satisfaction
        case singleChoice
        case multipleChoice
        case number
        case text

        public var chineseName: String {
            switch self {
            case .satisfaction: "满意度量表"
            case .singleChoice: "单选"
            case .multipleChoice: "多选"
            case .number: "数字"
            case .text: "文字"
            }
        }
    }

    public var code: String
    public var text: String
    public var kind: String
    public var domain: String
    public var itemCode: String
    public var options: String
    public var minimum: String
    public var maximum: String
    public var required: Bool
    /// Ticked "删除": the question is left out.
    public var removed: Bool

    public init(code: String = "", text: String = "", kind: String = Kind.satisfaction.rawValue, domain: String = "",
                itemCode: String = "", options: String = "", minimum: String = "", maximum: String = "", required: Bool = true,
                removed: Bool = false) {
        self.code = code
        self.text = text
        self.kind = kind
        self.domain = domain
        self.itemCode = itemCode
        self.options = options
        self.minimum = minimum
        self.maximum = maximum
        self.required = required
        self.removed = removed
    }

    /// The draft of an existing question, as the builder shows it.
    public init(_ question: SurveyQuestion) {
        self.init(code: question.code, text: question.text, domain: question.domain ?? "", itemCode: question.itemCode ?? "",
                  required: question.required)
        switch question.kind {
        case .satisfaction(let scale):
            kind = Kind.satisfaction.rawValue
            options = scale == .fivePoint ? "" : scale.points.map { "\($0.label)=\($0.score.plainText)" }.joined(separator: "\n")
        case .singleChoice(let choices):
            (kind, options) = (Kind.singleChoice.rawValue, choices.joined(separator: "\n"))
        case .multipleChoice(let choices):
            (kind, options) = (Kind.multipleChoice.rawValue, choices.joined(separator: "\n"))
        case .number(let low, let high):
            (kind, minimum, maximum) = (Kind.number.rawValue, low?.plainText ?? "", high?.plainText ?? "")
        case .text(let limit):
            (kind, maximum) = (Kind.text.rawValue, String(limit))
        }
    }

    /// The questions of the builder's rows, in order, blank and removed rows left out; every row's
    /// problems at once.
    public static func questions(_ drafts: [QuestionDraft]) throws(JunhengError) -> [SurveyQuestion] {
        var questions: [SurveyQuestion] = []
        var issues: [ValidationIssue] = []
        for (index, draft) in drafts.enumerated() {
            do {
                if let question = try draft.question(number: index + 1) { questions.append(question) }
            } catch {
                issues += error.issues
            }
        }
        guard issues.isEmpty else { throw .invalid(issues) }
        return questions
    }

    /// Nothing typed: the builder's empty row for a new question.
    public var isBlank: Bool {
        [code, text, domain, itemCode, options, minimum, maximum].allSatisfy { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
    }

    /// The question, or nil when removed or blank; `number` (from 1) names it in problems. The
    /// questionnaire as a whole is checked afterwards (`Questionnaire.validated`).
    public func question(number: Int) throws(JunhengError) -> SurveyQuestion? {
        guard !removed, !isBlank else { return nil }
        let field = "questions[\(number - 1)]"
        func problem(_ reason: String) -> JunhengError { .invalid(field: field, "第 \(number) 题：\(reason)") }
        let lines = options.components(separatedBy: .newlines).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        func bound(_ text: String, _ name: String) throws(JunhengError) -> Double? {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { return nil }
            guard let value = Double(trimmed), value.isFinite else { throw problem("\(name)应为数字，而不是“\(trimmed)”") }
            return value
        }
        let questionKind: QuestionKind
        switch Kind(rawValue: kind) {
        case .satisfaction:
            if lines.isEmpty {
                questionKind = .satisfaction(.fivePoint)
            } else {
                var points: [SatisfactionScale.Point] = []
                for line in lines {
                    guard let separator = line.lastIndex(where: { $0 == "=" || $0 == "＝" }),
                          let score = Double(line[line.index(after: separator)...].trimmingCharacters(in: .whitespaces)) else {
                        throw problem("量表选项“\(line)”应写成“名称=分值”，如“满意=75”")
                    }
                    points.append(SatisfactionScale.Point(label: line[..<separator].trimmingCharacters(in: .whitespaces), score: score))
                }
                questionKind = .satisfaction(SatisfactionScale(points: points))
            }
        case .singleChoice: questionKind = .singleChoice(options: lines)
        case .multipleChoice: questionKind = .multipleChoice(options: lines)
        case .number: questionKind = .number(minimum: try bound(minimum, "最小值"), maximum: try bound(maximum, "最大值"))
        case .text:
            let limit = try bound(maximum, "字数上限") ?? 500
            guard limit == limit.rounded(), abs(limit) < 1e9 else { throw problem("字数上限应为 1 到 5000 之间的整数") }
            questionKind = .text(maximumLength: Int(limit))
        case nil: throw problem("未知的题型“\(kind)”")
        }
        func optional(_ text: String) -> String? {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            return trimmed.isEmpty ? nil : trimmed
        }
        return SurveyQuestion(code: code.trimmingCharacters(in: .whitespaces), text: text.trimmingCharacters(in: .whitespacesAndNewlines),
                              kind: questionKind, domain: optional(domain), itemCode: optional(itemCode), required: required)
    }
}

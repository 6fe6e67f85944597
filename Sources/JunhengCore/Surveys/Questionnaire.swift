import Foundation

/// What a question asks for.
public enum QuestionKind: Codable, Sendable, Equatable {
    /// A satisfaction rating on a scale; it feeds the satisfaction index of its domain.
    case satisfaction(SatisfactionScale)
    case singleChoice(options: [String])
    case multipleChoice(options: [String])
    case number(minimum: Double?, maximum: Double?)
    case text(maximumLength: Int)
}

/// One question of a questionnaire.
public struct SurveyQuestion: Codable, Sendable, Equatable {
    /// The short code that names the question's column in imports and exports ("Q3").
    public var code: String
    public var text: String
    public var kind: QuestionKind
    /// The catalogue domain the question is about (幼有所育 …): where its satisfaction counts.
    public var domain: String?
    /// The catalogue item it is about, when it asks about one service.
    public var itemCode: String?
    public var required: Bool

    public init(code: String, text: String, kind: QuestionKind, domain: String? = nil, itemCode: String? = nil,
                required: Bool = true) {
        self.code = code
        self.text = text
        self.kind = kind
        self.domain = domain
        self.itemCode = itemCode
        self.required = required
    }
}

/// Where a questionnaire is: drafted, fielded (answers being collected: its questions frozen), closed.
public enum QuestionnaireStatus: String, Codable, Sendable, CaseIterable {
    case draft
    case fielded
    case closed

    public var chineseName: String {
        switch self {
        case .draft: "草稿"
        case .fielded: "调查中"
        case .closed: "已结束"
        }
    }

    public var englishName: String {
        switch self {
        case .draft: "Draft"
        case .fielded: "In the field"
        case .closed: "Closed"
        }
    }

    /// Fielding a draft and closing a fielded survey are the only moves: answers collected on one
    /// set of questions must never be read against another.
    public func next(_ target: QuestionnaireStatus) throws(JunhengError) -> QuestionnaireStatus {
        switch (self, target) {
        case (.draft, .fielded), (.fielded, .closed): return target
        default: throw .conflict("问卷当前为“\(chineseName)”，不能改为“\(target.chineseName)”")
        }
    }
}

/// The questions of one version of a survey and the respondent attributes it records. Once
/// fielded a version is frozen: changing its questions makes the next version, a new draft.
public struct Questionnaire: Codable, Sendable, Equatable {
    public var title: String
    public var version: Int
    public var status: QuestionnaireStatus
    public var questions: [SurveyQuestion]
    /// The age bands respondents are placed in; raking margins use the same bands.
    public var ageBands: [String]

    public static let standardAgeBands = ["18-29岁", "30-44岁", "45-59岁", "60岁及以上"]

    public init(title: String, version: Int = 1, status: QuestionnaireStatus = .draft, questions: [SurveyQuestion],
                ageBands: [String] = Questionnaire.standardAgeBands) {
        self.title = title
        self.version = version
        self.status = status
        self.questions = questions
        self.ageBands = ageBands
    }

    /// Checks what a respondent would need to answer: a title, at least one question, codes that are
    /// unique and usable as column names, choices that can be told apart, sound scales and limits.
    public func validated() throws(JunhengError) -> Questionnaire {
        var issues: [ValidationIssue] = []
        if title.trimmingCharacters(in: .whitespaces).isEmpty {
            issues.append(ValidationIssue(field: "title", reason: "请填写问卷名称"))
        }
        if questions.isEmpty { issues.append(ValidationIssue(field: "questions", reason: "问卷至少需要一个问题")) }
        var seen: Set<String> = []
        for (index, question) in questions.enumerated() {
            let field = "questions[\(index)]"
            let name = question.code.isEmpty ? "第 \(index + 1) 题" : "问题 \(question.code)"
            if !Self.isUsableCode(question.code) {
                issues.append(ValidationIssue(field: field, reason: "\(name)：编号只能由字母、数字、下划线组成，且以字母开头（如 Q1）"))
            } else if !seen.insert(question.code.uppercased()).inserted {
                issues.append(ValidationIssue(field: field, reason: "\(name)：编号重复"))
            }
            if question.text.trimmingCharacters(in: .whitespaces).isEmpty {
                issues.append(ValidationIssue(field: field, reason: "\(name)：请填写题目"))
            }
            switch question.kind {
            case .satisfaction(let scale):
                do { _ = try scale.validated(field: field) } catch { issues += error.issues }
                if question.domain?.isEmpty ?? true {
                    issues.append(ValidationIssue(field: field, reason: "\(name)：满意度题须关联服务领域"))
                }
            case .singleChoice(let options), .multipleChoice(let options):
                let trimmed = options.map { $0.trimmingCharacters(in: .whitespaces) }
                if trimmed.count < 2 { issues.append(ValidationIssue(field: field, reason: "\(name)：至少需要两个选项")) }
                if trimmed.contains("") { issues.append(ValidationIssue(field: field, reason: "\(name)：选项不能为空")) }
                if Set(trimmed).count != trimmed.count {
                    issues.append(ValidationIssue(field: field, reason: "\(name)：选项不能重复"))
                }
            case .number(let minimum, let maximum):
                if let minimum, let maximum, minimum > maximum {
                    issues.append(ValidationIssue(field: field, reason: "\(name)：最小值不能大于最大值"))
                }
            case .text(let maximumLength):
                if maximumLength < 1 || maximumLength > 5_000 {
                    issues.append(ValidationIssue(field: field, reason: "\(name)：字数上限应在 1 到 5000 之间"))
                }
            }
        }
        if ageBands.count < 2 || Set(ageBands).count != ageBands.count {
            issues.append(ValidationIssue(field: "ageBands", reason: "年龄段至少两个，且不能重复"))
        }
        if !issues.isEmpty { throw .invalid(issues) }
        return self
    }

    /// The questionnaire with new questions: edited in place while a draft; as the next version (a
    /// new draft) once fielded or closed, so the answers already collected keep their questions.
    public func revised(questions: [SurveyQuestion], ageBands: [String]? = nil) -> Questionnaire {
        let version = status == .draft ? self.version : self.version + 1
        return Questionnaire(title: title, version: version, status: .draft, questions: questions,
                             ageBands: ageBands ?? self.ageBands)
    }

    /// The questions whose satisfaction counts towards a domain's index, by domain in first-seen order.
    public var satisfactionDomains: [String] {
        var domains: [String] = []
        for question in questions {
            if case .satisfaction = question.kind, let domain = question.domain, !domains.contains(domain) {
                domains.append(domain)
            }
        }
        return domains
    }

    static func isUsableCode(_ code: String) -> Bool {
        guard let first = code.unicodeScalars.first, code.count <= 20,
              CharacterSet.letters.contains(first), first.isASCII else { return false }
        return code.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "_") }
    }
}

extension Questionnaire {
    /// The domains of the national catalogue of basic public services, in its order.
    public static let catalogueDomains = ["幼有所育", "学有所教", "劳有所得", "病有所医", "老有所养", "住有所居", "弱有所扶",
                                          "优军服务保障", "文体服务保障"]

    /// The questionnaire a new survey starts from: one five-point satisfaction question per
    /// catalogue domain (Q1–Q9, 未使用该服务 allowed) and an optional open question for suggestions.
    public static func standard(title: String) -> Questionnaire {
        var questions = catalogueDomains.enumerated().map { index, domain in
            SurveyQuestion(code: "Q\(index + 1)", text: "您对本地“\(domain)”方面基本公共服务的满意程度如何？",
                           kind: .satisfaction(.fivePoint), domain: domain)
        }
        questions.append(SurveyQuestion(code: "Q10", text: "您对改进本地基本公共服务有什么意见和建议？", kind: .text(maximumLength: 500),
                                        required: false))
        return Questionnaire(title: title, questions: questions)
    }
}

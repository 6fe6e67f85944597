import Foundation

/// Where a respondent lives, as the default strata split each county (城镇/农村).
public enum Residence: String, Codable, Sendable, CaseIterable {
    case urban
    case rural

    public var chineseName: String { self == .urban ? "城镇" : "农村" }
    public var englishName: String { self == .urban ? "Urban" : "Rural" }

    /// Reads the words survey files use: 城镇, 城市, 城区; 农村, 乡村; urban, rural.
    public init?(text: String) {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "城镇", "城市", "城区", "urban": self = .urban
        case "农村", "乡村", "rural": self = .rural
        default: return nil
        }
    }
}

/// A respondent's sex as recorded for weighting.
public enum Sex: String, Codable, Sendable, CaseIterable {
    case male
    case female

    public var chineseName: String { self == .male ? "男" : "女" }
    public var englishName: String { self == .male ? "Male" : "Female" }

    public init?(text: String) {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "男", "male", "m": self = .male
        case "女", "female", "f": self = .female
        default: return nil
        }
    }
}

/// One answer, read on its question.
public enum SurveyAnswer: Codable, Sendable, Equatable {
    case satisfaction(ScaleReading)
    case choice(String)
    case choices([String])
    case number(Double)
    case text(String)
}

extension ScaleReading: Codable {
    private enum CodingKeys: String, CodingKey { case score }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self = try container.decodeIfPresent(Double.self, forKey: .score).map(ScaleReading.score) ?? .notUsed
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        if case .score(let score) = self { try container.encode(score, forKey: .score) }
    }
}

/// One respondent's answers with what the estimates need: where they live (region, urban or
/// rural), sex and age band for weighting, the cluster they were sampled in and their weight when
/// the survey company supplied one. Contact details are never part of a response.
public struct SurveyResponse: Codable, Sendable, Equatable {
    public var regionCode: String
    public var residence: Residence
    public var sex: Sex?
    public var ageBand: String?
    /// The sampling cluster (township or community), when the sample was clustered.
    public var cluster: String?
    /// A weight supplied with the data; nil when the sample plan's design weights apply.
    public var weight: Double?
    public var answers: [String: SurveyAnswer]

    public init(regionCode: String, residence: Residence, sex: Sex? = nil, ageBand: String? = nil, cluster: String? = nil,
                weight: Double? = nil, answers: [String: SurveyAnswer]) {
        self.regionCode = regionCode
        self.residence = residence
        self.sex = sex
        self.ageBand = ageBand
        self.cluster = cluster
        self.weight = weight
        self.answers = answers
    }
}

/// Reads one respondent's cells (a row of an import or the fields of the interviewer's form) into
/// a ``SurveyResponse``, or every problem with the row, each naming its column, in the words a
/// clerk understands.
public struct SurveyResponseReader: Sendable {
    public let questionnaire: Questionnaire

    /// The columns of the respondent's attributes, as the import template heads them.
    public enum Column {
        public static let region = "地区代码"
        public static let residence = "城乡"
        public static let sex = "性别"
        public static let ageBand = "年龄段"
        public static let cluster = "调查点"
        public static let weight = "权重"
        public static let all = [region, residence, sex, ageBand, cluster, weight]
    }

    /// Separators a multiple-choice cell may use between options.
    static let choiceSeparators: Set<Character> = ["、", ";", "；", ",", "，", "|"]

    public init(questionnaire: Questionnaire) {
        self.questionnaire = questionnaire
    }

    /// The response in `cells` (column → text; absent and blank are the same), or the issues
    /// found, with `row` and `sheet` set on each when given.
    public func read(_ cells: [String: String], row: Int? = nil, sheet: String? = nil) throws(JunhengError) -> SurveyResponse {
        var issues: [ValidationIssue] = []
        func cell(_ column: String) -> String? {
            let text = cells[column]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            return text.isEmpty ? nil : text
        }
        func problem(_ column: String, _ reason: String) {
            issues.append(ValidationIssue(field: column, reason: reason, sheet: sheet, row: row, column: column))
        }
        let regionCode = cell(Column.region)
        if regionCode == nil { problem(Column.region, "缺少地区代码") }
        let residence = cell(Column.residence).flatMap(Residence.init(text:))
        if residence == nil { problem(Column.residence, "城乡应填写“城镇”或“农村”") }
        var sex: Sex?
        if let text = cell(Column.sex) {
            sex = Sex(text: text)
            if sex == nil { problem(Column.sex, "性别应填写“男”或“女”，而不是“\(text)”") }
        }
        let ageBand = cell(Column.ageBand)
        if let ageBand, !questionnaire.ageBands.contains(ageBand) {
            problem(Column.ageBand, "年龄段“\(ageBand)”不在问卷的年龄段中（\(questionnaire.ageBands.joined(separator: "、"))）")
        }
        var weight: Double?
        if let text = cell(Column.weight) {
            weight = Double(text)
            if weight.map({ !($0.isFinite && $0 > 0) }) ?? true { problem(Column.weight, "权重应为大于 0 的数，而不是“\(text)”") }
        }
        var answers: [String: SurveyAnswer] = [:]
        for question in questionnaire.questions {
            guard let text = cell(question.code) else {
                if question.required { problem(question.code, "必答题未作答") }
                continue
            }
            switch Self.answer(text, to: question) {
            case .success(let answer): answers[question.code] = answer
            case .failure(let failure): problem(question.code, failure.reason)
            }
        }
        if !issues.isEmpty { throw .invalid(issues) }
        return SurveyResponse(regionCode: regionCode!, residence: residence!, sex: sex, ageBand: ageBand,
                              cluster: cell(Column.cluster), weight: weight, answers: answers)
    }

    /// Why an answer does not fit its question, in words.
    struct AnswerProblem: Error {
        let reason: String
    }

    static func answer(_ text: String, to question: SurveyQuestion) -> Result<SurveyAnswer, AnswerProblem> {
        switch question.kind {
        case .satisfaction(let scale):
            guard let reading = scale.reading(text) else {
                let allowed = scale.points.map(\.label) + [scale.notUsedLabel]
                return .failure(AnswerProblem(reason: "“\(text)”不是量表上的选项（\(allowed.joined(separator: "、"))）"))
            }
            return .success(.satisfaction(reading))
        case .singleChoice(let options):
            guard options.contains(text) else {
                return .failure(AnswerProblem(reason: "“\(text)”不是本题的选项（\(options.joined(separator: "、"))）"))
            }
            return .success(.choice(text))
        case .multipleChoice(let options):
            let chosen = text.split(whereSeparator: { choiceSeparators.contains($0) })
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if let unknown = chosen.first(where: { !options.contains($0) }) {
                return .failure(AnswerProblem(reason: "“\(unknown)”不是本题的选项（\(options.joined(separator: "、"))）"))
            }
            // Stored in the questionnaire's order, each once, however the cell listed them.
            return .success(.choices(options.filter(chosen.contains)))
        case .number(let minimum, let maximum):
            guard let number = Double(text), number.isFinite else {
                return .failure(AnswerProblem(reason: "应填写数字，而不是“\(text)”"))
            }
            if let minimum, number < minimum { return .failure(AnswerProblem(reason: "不能小于 \(minimum.plainText)")) }
            if let maximum, number > maximum { return .failure(AnswerProblem(reason: "不能大于 \(maximum.plainText)")) }
            return .success(.number(number))
        case .text(let maximumLength):
            if text.count > maximumLength {
                return .failure(AnswerProblem(reason: "超过 \(maximumLength) 字（共 \(text.count) 字）"))
            }
            return .success(.text(text))
        }
    }
}

extension Double {
    /// 5 rather than 5.0; 2.5 as it is.
    var plainText: String { self == rounded() && abs(self) < 1e15 ? String(Int(self)) : String(self) }
}

/// The scores the satisfaction index averages: for each respondent, the mean of their satisfaction
/// answers in a domain (services they did not use left out), and over all domains.
public enum SatisfactionScores {
    /// Domain → one score per response (nil when the respondent rated nothing in that domain).
    public static func byDomain(_ responses: [SurveyResponse], questionnaire: Questionnaire) -> [String: [Double?]] {
        var result: [String: [Double?]] = [:]
        for domain in questionnaire.satisfactionDomains {
            let codes = questionnaire.questions.filter { $0.domain == domain }.map(\.code)
            result[domain] = responses.map { mean(of: codes, in: $0) }
        }
        return result
    }

    /// One score per response over every satisfaction question it answered.
    public static func overall(_ responses: [SurveyResponse], questionnaire: Questionnaire) -> [Double?] {
        let codes = questionnaire.questions.filter { if case .satisfaction = $0.kind { true } else { false } }.map(\.code)
        return responses.map { mean(of: codes, in: $0) }
    }

    private static func mean(of codes: [String], in response: SurveyResponse) -> Double? {
        let scores = codes.compactMap { code -> Double? in
            if case .satisfaction(.score(let score)) = response.answers[code] { return score }
            return nil
        }
        return scores.isEmpty ? nil : scores.reduce(0, +) / Double(scores.count)
    }
}

import Foundation
import JunhengCore
import Spreadsheet
import Surveys

/// One cell of a survey's results: the satisfaction index of a domain ("" = all domains together)
/// in a region, as it may be published. A suppressed cell has no number at all, only its count.
public struct SurveyCell: Sendable, Equatable, Codable {
    public var regionCode: String
    public var regionName: String
    public var domain: String
    /// Unweighted respondents with an answer in the domain: shown beside every cell.
    public var respondents: Int
    /// Fewer than the publication rule's minimum: no value, error or interval.
    public var suppressed: Bool
    /// The coefficient of variation is above the rule's limit: shown, flagged.
    public var imprecise: Bool
    public var value: Double?
    public var standardError: Double?
    public var lowerBound: Double?
    public var upperBound: Double?
    public var degreesOfFreedom: Int?

    init(regionCode: String, regionName: String, domain: String, published: PublishedEstimate) {
        self.regionCode = regionCode
        self.regionName = regionName
        self.domain = domain
        respondents = published.respondents
        switch published {
        case .suppressed:
            (suppressed, imprecise) = (true, false)
        case .shown(let estimate, let flagged):
            (suppressed, imprecise) = (false, flagged)
            (value, standardError) = (estimate.value, estimate.standardError)
            (lowerBound, upperBound, degreesOfFreedom) = (estimate.lowerBound, estimate.upperBound, estimate.degreesOfFreedom)
        }
    }
}

/// A survey's satisfaction indices by child region × domain and for the region as a whole, with
/// design-based standard errors and 95 % t intervals; cells under the publication rule's minimum
/// suppressed.
public struct SurveyResults: Sendable, Equatable, Codable {
    public var surveyID: Int64
    public var regionCode: String
    public var regionName: String
    /// The satisfaction domains of the questionnaire, in its order.
    public var domains: [String]
    /// The region's own cells first (one per domain and the overall ""), then each child's.
    public var cells: [SurveyCell]
    public var respondents: Int
    public var minimumRespondents: Int
    public var maximumCoefficientOfVariation: Double
    /// Strata (child × urban/rural) and clusters of the design.
    public var strata: Int
    public var clusters: Int

    public func cell(_ regionCode: String, _ domain: String) -> SurveyCell? {
        cells.first { $0.regionCode == regionCode && $0.domain == domain }
    }
}

/// Turns responses into ``SurveyResults``: strata are child region × urban/rural, clusters the
/// responses' sampling points (each respondent its own when none is given), weights the supplied
/// ones (1 when none). A respondent's domain score is the mean of their scores on the domain's
/// satisfaction questions, 未使用该服务 left out; the overall score the mean over every domain.
public enum SurveyEstimation {
    public static func results(surveyID: Int64, region: (code: String, name: String), children: [(code: String, name: String)],
                               questionnaire: Questionnaire, responses: [SurveyResponse], childOf: (String) -> String?,
                               rule: PublicationRule = PublicationRule()) throws(JunhengError) -> SurveyResults {
        let domains = questionnaire.satisfactionDomains
        let areas = responses.map { childOf($0.regionCode) ?? region.code }
        let strata = zip(areas, responses).map { "\($0)|\($1.residence.rawValue)" }
        let clusters = responses.enumerated().map { index, response in response.cluster.map { "c:\($0)" } ?? "r:\(index)" }
        let design: SampleDesign
        do {
            design = try SampleDesign(weights: responses.map { $0.weight ?? 1 }, strata: strata, clusters: clusters)
        } catch {
            throw .invalid(field: "design", Self.words(error))
        }
        var scores: [String: [Double?]] = [:]
        for domain in domains + [""] {
            scores[domain] = responses.map { response in
                let values = questionnaire.questions.compactMap { question -> Double? in
                    guard case .satisfaction = question.kind, domain.isEmpty || question.domain == domain,
                          case .satisfaction(.score(let score))? = response.answers[question.code] else { return nil }
                    return score
                }
                return values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
            }
        }
        func cell(_ code: String, _ name: String, _ domain: String, mask: [Bool]?) throws(JunhengError) -> SurveyCell {
            let published: PublishedEstimate
            do {
                published = rule.publish(try design.mean(of: scores[domain]!, in: mask))
            } catch .noRespondents {
                published = .suppressed(respondents: 0)
            } catch {
                throw .invalid(field: "design", Self.words(error))
            }
            return SurveyCell(regionCode: code, regionName: name, domain: domain, published: published)
        }
        var cells: [SurveyCell] = []
        for domain in [""] + domains { cells.append(try cell(region.code, region.name, domain, mask: nil)) }
        for child in children {
            let mask = areas.map { $0 == child.code }
            for domain in [""] + domains { cells.append(try cell(child.code, child.name, domain, mask: mask)) }
        }
        return SurveyResults(surveyID: surveyID, regionCode: region.code, regionName: region.name, domains: domains, cells: cells,
                             respondents: responses.count, minimumRespondents: rule.minimumRespondents,
                             maximumCoefficientOfVariation: rule.maximumCoefficientOfVariation,
                             strata: design.strata.count, clusters: design.stratumOfCluster.count)
    }

    /// What a design problem means, in a planner's words.
    static func words(_ error: SurveyError) -> String {
        switch error {
        case .singleClusterStratum(let stratum):
            "分层“\(stratum.replacingOccurrences(of: "|urban", with: " 城镇").replacingOccurrences(of: "|rural", with: " 农村"))”只有一个调查点，无法估计抽样误差：请与相近的分层合并调查点，或补充调查点"
        case .noDegreesOfFreedom:
            "调查点数不多于分层数，无法估计抽样误差"
        default:
            "无法计算估计值：\(error)"
        }
    }
}

/// A survey's results as CSV, in the Chinese of the published tables: a suppressed cell's value,
/// standard error and interval are empty, never a number.
public enum SurveyResultsCSV {
    public static func data(_ results: SurveyResults) -> Data {
        func number(_ value: Double?, places: Double = 1) -> CellValue {
            let scale = pow(10, places)
            return value.map { .number(($0 * scale).rounded() / scale) } ?? .empty
        }
        var rows: [[CellValue]] = [["地区代码", "地区", "领域", "样本量", "样本不足未公布", "精度不足", "满意度指数", "标准误",
                                    "95%置信区间下限", "95%置信区间上限", "自由度"]]
        for cell in results.cells {
            rows.append([.string(cell.regionCode), .string(cell.regionName), .string(cell.domain.isEmpty ? "综合" : cell.domain),
                         .number(Double(cell.respondents)), .string(cell.suppressed ? "是" : ""), .string(cell.imprecise ? "是" : ""),
                         number(cell.value), number(cell.standardError, places: 2), number(cell.lowerBound), number(cell.upperBound),
                         cell.degreesOfFreedom.map { .number(Double($0)) } ?? .empty])
        }
        return CSVWriter.write(rows)
    }
}

import Equalization
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
    /// How the weights were raked to the survey's population margins, when it has them.
    public var raking: RakingApplied?
    /// How unequal the children's overall indices are, over those published (nil with fewer than two).
    public var spread: SurveySpread?

    public func cell(_ regionCode: String, _ domain: String) -> SurveyCell? {
        cells.first { $0.regionCode == regionCode && $0.domain == domain }
    }
}

/// How far apart the children's overall satisfaction indices are (the equalization measures of
/// the existing library, unweighted): over the children with a published index only, and saying
/// how many of how many those are.
public struct SurveySpread: Sendable, Equatable, Codable {
    /// Children whose overall index is published (suppressed ones are left out).
    public var measured: Int
    /// All children of the region.
    public var children: Int
    public var lowest: Double
    public var highest: Double
    public var coefficientOfVariation: Double?
    public var gini: Double?
    public var maxMinRatio: Double?

    /// Nil when fewer than two children have a published index: one figure is not equality.
    static func over(_ cells: [SurveyCell], children: Int) -> SurveySpread? {
        let values = cells.compactMap(\.value)
        guard values.count >= 2, let measures = try? Distribution(values: values).measures() else { return nil }
        return SurveySpread(measured: values.count, children: children, lowest: measures.minimum, highest: measures.maximum,
                            coefficientOfVariation: measures.cv, gini: measures.gini, maxMinRatio: measures.maxMinRatio)
    }
}

/// Weights raked to a survey's population margins: which dimensions, after how many cycles, and
/// the source of the populations, as the results say them.
public struct RakingApplied: Sendable, Equatable, Codable {
    public var dimensions: [MarginDimension]
    public var iterations: Int
    public var source: String
}

/// Turns responses into ``SurveyResults``: strata are child region × urban/rural, clusters the
/// responses' sampling points (each respondent its own when none is given), weights the supplied
/// ones (1 when none), raked to the survey's population margins when it has them (a margin
/// that cannot hold is said, never quietly skipped). A respondent's domain score is the mean of their scores on the domain's
/// satisfaction questions, 未使用该服务 left out; the overall score the mean over every domain.
public enum SurveyEstimation {
    public static func results(surveyID: Int64, region: (code: String, name: String), children: [(code: String, name: String)],
                               questionnaire: Questionnaire, responses: [SurveyResponse], margins: PopulationMargins? = nil,
                               childOf: (String) -> String?, rule: PublicationRule = PublicationRule()) throws(JunhengError) -> SurveyResults {
        let domains = questionnaire.satisfactionDomains
        let areas = responses.map { childOf($0.regionCode) ?? region.code }
        let strata = zip(areas, responses).map { "\($0)|\($1.residence.rawValue)" }
        let clusters = responses.enumerated().map { index, response in response.cluster.map { "c:\($0)" } ?? "r:\(index)" }
        var weights = responses.map { $0.weight ?? 1 }
        var raking: RakingApplied?
        if let margins, !margins.dimensions.isEmpty, !responses.isEmpty {
            let raked = try rake(weights, responses: responses, areas: areas, margins: margins)
            weights = raked.weights
            raking = RakingApplied(dimensions: margins.dimensions, iterations: raked.iterations, source: margins.source)
        }
        let design: SampleDesign
        do {
            design = try SampleDesign(weights: weights, strata: strata, clusters: clusters)
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
                             strata: design.strata.count, clusters: design.stratumOfCluster.count, raking: raking,
                             spread: SurveySpread.over(cells.filter { $0.regionCode != region.code && $0.domain.isEmpty && !$0.suppressed },
                                                       children: children.count))
    }

    /// The weights raked to `margins`; a respondent without the attribute a margin needs, or
    /// margins the sample cannot meet, is refused in a planner's words.
    private static func rake(_ weights: [Double], responses: [SurveyResponse], areas: [String],
                             margins: PopulationMargins) throws(JunhengError) -> RakingResult {
        var rakingMargins: [RakingMargin] = []
        for dimension in margins.dimensions {
            let categories: [String?] = responses.enumerated().map { index, response in
                switch dimension {
                case .region: areas[index]
                case .residence: response.residence.rawValue
                case .sex: response.sex?.rawValue
                case .ageBand: response.ageBand
                }
            }
            if let first = categories.firstIndex(of: nil) {
                let missing = categories.filter { $0 == nil }.count
                throw .invalid(field: "margins", "有 \(missing) 份答卷没有填写“\(dimension.chineseName)”（第一份是第 \(first + 1) 份），不能按\(dimension.chineseName)校准：请补全答卷，或从人口结构中去掉这一维度")
            }
            rakingMargins.append(RakingMargin(name: dimension.rawValue, categories: categories.compactMap { $0 }, populations: margins.populations[dimension]!))
        }
        do {
            return try Raking.rake(weights: weights, margins: rakingMargins, tolerance: 1e-6)
        } catch {
            throw .invalid(field: "margins", words(error))
        }
    }

    /// What a design problem means, in a planner's words.
    static func words(_ error: SurveyError) -> String {
        switch error {
        case .singleClusterStratum(let stratum):
            "分层“\(stratum.replacingOccurrences(of: "|urban", with: " 城镇").replacingOccurrences(of: "|rural", with: " 农村"))”只有一个调查点，无法估计抽样误差：请与相近的分层合并调查点，或补充调查点"
        case .noDegreesOfFreedom:
            "调查点数不多于分层数，无法估计抽样误差"
        case .categoryWithoutRespondents(let margin, let category):
            "人口结构中“\(dimensionName(margin))”的“\(categoryName(category, margin))”有人口但没有答卷，无法按它校准：请补充样本，或合并类别"
        case .categoryWithoutPopulation(let margin, let category, let respondent):
            "第 \(respondent + 1) 份答卷的“\(dimensionName(margin))”为“\(categoryName(category, margin))”，人口结构中没有它的人口：请补全人口结构"
        case .rakingDidNotConverge(let iterations, let gap):
            "按人口结构校准权重未能收敛（\(iterations) 轮后仍相差 \(String(format: "%.1f", gap * 100))%）：样本的构成使这些人口结构不能同时满足，请合并类别或去掉一个维度"
        case .marginTotalsDisagree(let first, _, let second, _):
            "人口结构中“\(dimensionName(first))”与“\(dimensionName(second))”的合计不一致"
        default:
            "无法计算估计值：\(error)"
        }
    }

    private static func dimensionName(_ rawValue: String) -> String {
        MarginDimension(rawValue: rawValue)?.chineseName ?? rawValue
    }

    private static func categoryName(_ category: String, _ margin: String) -> String {
        switch MarginDimension(rawValue: margin) {
        case .residence: Residence(rawValue: category)?.chineseName ?? category
        case .sex: Sex(rawValue: category)?.chineseName ?? category
        default: category
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

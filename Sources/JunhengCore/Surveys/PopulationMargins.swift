import Foundation

/// A respondent attribute that survey weights can be raked to.
public enum MarginDimension: String, Codable, CodingKeyRepresentable, Sendable, CaseIterable {
    /// The child region (county, district) the respondent lives in.
    case region
    case residence
    case sex
    case ageBand

    /// The words a margins file may head the dimension with (its 维度 column).
    public var chineseName: String {
        switch self {
        case .region: "地区"
        case .residence: "城乡"
        case .sex: "性别"
        case .ageBand: "年龄段"
        }
    }

    public init?(text: String) {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "地区", "区划", "县", "县（市、区）", "region": self = .region
        case "城乡", "residence": self = .residence
        case "性别", "sex": self = .sex
        case "年龄段", "年龄", "age", "ageband": self = .ageBand
        default: return nil
        }
    }
}

/// The population a survey's weights are raked to (设计权重按人口结构校准): for each dimension the
/// population of each category (region codes, `urban`/`rural`, `male`/`female`, the questionnaire's
/// age bands), and where the figures came from. Totals of the dimensions agree: ``read(rows:…)``
/// refuses margins more than 1 % apart and scales the rest to the first dimension's total.
public struct PopulationMargins: Codable, Sendable, Equatable {
    /// Population by category, by dimension; only the dimensions given are raked to.
    public var populations: [MarginDimension: [String: Double]]
    /// Where the populations come from (第七次人口普查, 2023 年人口变动抽样调查 …), said beside the results.
    public var source: String

    public init(populations: [MarginDimension: [String: Double]], source: String) {
        self.populations = populations
        self.source = source
    }

    /// The dimensions given, in a fixed order.
    public var dimensions: [MarginDimension] { MarginDimension.allCases.filter { populations[$0] != nil } }

    /// Reads a margins table: one row per category with the columns 维度 (地区, 城乡, 性别, 年龄段),
    /// 类别 (a child region's code or name, 城镇/农村, 男/女, an age band of the questionnaire) and
    /// 人口 (a number ≥ 0). Every problem names its row and column.
    ///
    /// - Parameters:
    ///   - rows: the cells of each row by column name, with the row's number in the file.
    ///   - children: the survey region's children (code, name), the categories of 地区.
    ///   - ageBands: the questionnaire's age bands, the categories of 年龄段.
    public static func read(rows: [(number: Int, cells: [String: String])], children: [(code: String, name: String)],
                            ageBands: [String], source: String) throws(JunhengError) -> PopulationMargins {
        var issues: [ValidationIssue] = []
        var populations: [MarginDimension: [String: Double]] = [:]
        if source.trimmingCharacters(in: .whitespaces).isEmpty {
            issues.append(ValidationIssue(field: "source", reason: "请填写人口数据的来源（如：第七次全国人口普查）"))
        }
        for (number, cells) in rows {
            func text(_ column: String) -> String { cells[column]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "" }
            func problem(_ column: String, _ reason: String) {
                issues.append(ValidationIssue(field: column, reason: reason, row: number, column: column))
            }
            guard let dimension = MarginDimension(text: text(Column.dimension)) else {
                problem(Column.dimension, "维度应为“地区”“城乡”“性别”或“年龄段”，而不是“\(text(Column.dimension))”")
                continue
            }
            let written = text(Column.category)
            let category: String?
            switch dimension {
            case .region: category = children.first { $0.code == written || $0.name == written }?.code
            case .residence: category = Residence(text: written)?.rawValue
            case .sex: category = Sex(text: written)?.rawValue
            case .ageBand: category = ageBands.contains(written) ? written : nil
            }
            guard let category else {
                let allowed = switch dimension {
                case .region: "本次调查地区的下级地区"
                case .residence: "城镇、农村"
                case .sex: "男、女"
                case .ageBand: ageBands.joined(separator: "、")
                }
                problem(Column.category, "“\(written)”不是“\(dimension.chineseName)”的类别（应为\(allowed)）")
                continue
            }
            let populationText = text(Column.population).replacingOccurrences(of: ",", with: "")
            guard let population = Double(populationText), population.isFinite, population >= 0 else {
                problem(Column.population, "人口应为不小于 0 的数，而不是“\(text(Column.population))”")
                continue
            }
            if populations[dimension]?[category] != nil {
                problem(Column.category, "“\(dimension.chineseName)”的“\(written)”出现了两次")
                continue
            }
            populations[dimension, default: [:]][category] = population
        }
        if issues.isEmpty && populations.isEmpty {
            issues.append(ValidationIssue(field: "file", reason: "文件中没有人口数据"))
        }
        guard issues.isEmpty else { throw .invalid(issues) }
        return try PopulationMargins(populations: populations, source: source).agreeing()
    }

    /// The margins with every dimension scaled to the first one's total, when they are within 1 %
    /// of it (census tables by sex and by county differ by rounding); a larger gap is a mistake to
    /// fix, not to hide.
    public func agreeing() throws(JunhengError) -> PopulationMargins {
        let dimensions = self.dimensions
        guard let first = dimensions.first else { return self }
        let total = populations[first]!.values.reduce(0, +)
        guard total > 0 else { throw .invalid(field: first.rawValue, "“\(first.chineseName)”的人口合计为 0") }
        var scaled = populations
        for dimension in dimensions.dropFirst() {
            let sum = populations[dimension]!.values.reduce(0, +)
            guard abs(sum - total) <= 0.01 * total else {
                throw .invalid(field: dimension.rawValue,
                               "“\(dimension.chineseName)”的人口合计 \(sum.plainText) 与“\(first.chineseName)”的合计 \(total.plainText) 相差超过 1%，不能同时满足：请核对人口数")
            }
            scaled[dimension] = populations[dimension]!.mapValues { $0 * total / sum }
        }
        return PopulationMargins(populations: scaled, source: source)
    }

    /// The columns of a margins table.
    public enum Column {
        public static let dimension = "维度"
        public static let category = "类别"
        public static let population = "人口"
        public static let all = [dimension, category, population]
    }
}

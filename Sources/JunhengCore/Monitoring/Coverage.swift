/// How much of a region's children a figure over them rests on: `covered` of `total` children have
/// a value, holding `populationShare` of the children's population when population is known.
/// Every measure over regions carries one, so that a year with one county's figure is never read
/// as a city-wide result (or as perfect equality).
public struct Coverage: Codable, Sendable, Equatable {
    public var covered: Int
    public var total: Int
    /// Share (0…1) of the children's population living in the covered ones; nil when unknown.
    public var populationShare: Double?

    public init(covered: Int, total: Int, populationShare: Double? = nil) {
        self.covered = covered
        self.total = total
        self.populationShare = populationShare
    }

    /// The coverage of `values` (one per child, nil where missing), weighted by `population`
    /// where every child's population is known.
    public init(values: [Double?], population: [Double?]? = nil) {
        covered = values.filter { $0 != nil }.count
        total = values.count
        if let population, population.count == values.count, population.allSatisfy({ $0 != nil }) {
            let all = population.reduce(0) { $0 + ($1 ?? 0) }
            let withValue = zip(values, population).reduce(0) { $0 + ($1.0 == nil ? 0 : ($1.1 ?? 0)) }
            populationShare = all > 0 ? withValue / all : nil
        } else {
            populationShare = nil
        }
    }

    /// "12/18 个地区，人口 71%" — for notes under charts and tables.
    public var chineseDescription: String {
        let share = populationShare.map { "，人口 \(Int(($0 * 100).rounded()))%" } ?? ""
        return "覆盖 \(covered)/\(total) 个地区\(share)"
    }

    public var englishDescription: String {
        let share = populationShare.map { ", \(Int(($0 * 100).rounded()))% of the population" } ?? ""
        return "covers \(covered) of \(total) regions\(share)"
    }
}

/// When a measure over regions may be shown as a number: at least two regions (one region has no
/// spread to measure) and at least `minimumShare` of the children (a setting; by default all).
public struct CoverageRule: Codable, Sendable, Equatable {
    public var minimumShare: Double

    public init(minimumShare: Double = 1) {
        self.minimumShare = minimumShare
    }

    public func isComplete(_ coverage: Coverage) -> Bool {
        guard coverage.total > 0, coverage.covered >= 2 else { return false }
        return Double(coverage.covered) / Double(coverage.total) >= minimumShare - 1e-9
    }

    /// The latest year whose coverage is complete: the default year of analyses and reports.
    public func latestCompleteYear(_ coverageByYear: [Int: Coverage]) -> Int? {
        coverageByYear.filter { isComplete($0.value) }.keys.max()
    }
}

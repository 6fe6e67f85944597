import Equalization
import Foundation
import JunhengCore
import Storage

/// Inequality of one indicator across the children of a region (counties of a city, townships
/// of a county), weighted by population, decomposed by a region grouping, with the trend of the
/// indices over the years on record.
///
/// Every measure carries its ``Coverage`` (how many children have a figure, and their share of the
/// population); a year whose coverage fails the ``CoverageRule`` is incomplete and gets no
/// measures at all — one county's figure is not a city-wide result, nor perfect equality.
public struct EqualizationAnalysis: Sendable {
    let database: JunhengDatabase
    /// When a year's measures may be computed (a setting; by default every child needs a figure).
    let coverageRule: CoverageRule

    public init(database: JunhengDatabase, coverageRule: CoverageRule = CoverageRule()) {
        self.database = database
        self.coverageRule = coverageRule
    }

    /// How the year of a result was chosen.
    public enum YearChoice: String, Codable, Sendable {
        /// The caller asked for it.
        case requested
        /// The default: the latest year whose coverage is complete.
        case latestComplete
        /// No year is complete: the latest year with any figure, shown as incomplete.
        case latestIncomplete
    }

    public struct Request: Sendable {
        public var indicatorID: Int64
        public var parent: RegionCode
        /// Default: the latest complete year (the latest year with figures when none is complete).
        public var year: Int?
        /// The weight indicator; default: the indicator whose name begins with 常住人口.
        public var weightIndicatorID: Int64?
        /// A region group set for the within/between decomposition.
        public var groupSet: String?
        /// A region whose value the children are compared with (e.g. the best district); default: the parent.
        public var benchmark: RegionCode?

        public init(indicatorID: Int64, parent: RegionCode, year: Int? = nil, weightIndicatorID: Int64? = nil,
                    groupSet: String? = nil, benchmark: RegionCode? = nil) {
            self.indicatorID = indicatorID
            self.parent = parent
            self.year = year
            self.weightIndicatorID = weightIndicatorID
            self.groupSet = groupSet
            self.benchmark = benchmark
        }
    }

    public struct RegionValue: Codable, Sendable {
        public var code: String
        public var name: String
        public var value: Double?
        public var weight: Double?
        public var group: String?
    }

    /// The headline indices of one year, for the trend; an incomplete year has its coverage and
    /// no indices.
    public struct YearSummary: Codable, Sendable {
        public var year: Int
        public var coverage: Coverage
        /// The coverage satisfies the rule; when false every measure below is nil.
        public var complete: Bool
        public var weighting: String
        public var mean: Double?
        public var cv: Double?
        public var gini: Double?
        public var theilT: Double?
        public var theilL: Double?
        public var theilTWithin: Double?
        public var theilTBetween: Double?
    }

    public struct Result: Codable, Sendable {
        public var indicator: IndicatorRecord
        public var parent: Region
        public var year: Int
        public var yearChoice: YearChoice
        /// The children with a figure in `year`, of all children.
        public var coverage: Coverage
        /// The coverage satisfies the rule; when false the report's measures are null.
        public var complete: Bool
        public var weightIndicator: IndicatorRecord?
        public var groupSet: String?
        public var regions: [RegionValue]
        public var report: EqualizationReport
        public var benchmark: RegionValue?
        /// Children reaching at least 90 % of the benchmark (direction-aware), out of those with data.
        public var reachingBenchmark: Int
        public var trend: [YearSummary]
    }

    /// The analysis a page opens on when no indicator is chosen: the first of `indicators` (the
    /// population weight excepted) with a complete year among the region's children; nil when none has.
    public func defaultAnalysis(parent: RegionCode, among indicators: [IndicatorRecord]) async throws -> Result? {
        for indicator in indicators where !Self.isPopulation(indicator) {
            guard let result = try? await analyse(Request(indicatorID: indicator.id, parent: parent)) else { continue }
            if result.complete { return result }
        }
        return nil
    }

    public func analyse(_ request: Request) async throws -> Result {
        let db = database.sql
        let indicators = IndicatorStore(db)
        let indicator = try await indicators.existingIndicator(id: request.indicatorID)
        let regionStore = RegionStore(db)
        let parent = try await regionStore.existingRegion(request.parent)
        let children = try await regionStore.children(of: request.parent)
        guard !children.isEmpty else { throw JunhengError.invalid(field: "region", "\(parent.name)没有下级地区，无法计算区域差距") }

        let populationIndicator = try await indicators.indicators().first(where: Self.isPopulation)
        var weightIndicator: IndicatorRecord?
        if let id = request.weightIndicatorID {
            weightIndicator = try await indicators.existingIndicator(id: id)
        } else {
            weightIndicator = populationIndicator
        }
        var groups: [String: String] = [:]
        if let set = request.groupSet {
            _ = try await regionStore.groupSet(set)
            for member in try await regionStore.members(ofSet: set) { groups[member.regionCode.rawValue] = member.groupCode }
        }
        let monitoring = Monitoring(db, engine: database.engine)
        let codes = children.map(\.code.rawValue)
        let benchmarkCode = request.benchmark ?? request.parent
        let series = try await monitoring.series(indicator, regionCodes: codes + [benchmarkCode.rawValue])
        var weights: [String: FigureSeries] = [:]
        if let weightIndicator { weights = try await monitoring.series(weightIndicator, regionCodes: codes) }
        var population: [String: FigureSeries] = [:]
        if let populationIndicator {
            population = populationIndicator.id == weightIndicator?.id ? weights
                : try await monitoring.series(populationIndicator, regionCodes: codes)
        }

        let years = Set(codes.flatMap { series[$0]?.values.keys.map { $0 } ?? [] }).sorted()
        let coverageByYear = Dictionary(uniqueKeysWithValues: years.map { year in
            (year, Self.coverage(codes: codes, in: year, has: { series[$0]?.values[year] != nil }, population: population))
        })
        // By default the latest complete year: a few early figures for a new year are not a result.
        let chosen: (year: Int, choice: YearChoice)
        if let year = request.year {
            chosen = (year, .requested)
        } else if let year = coverageRule.latestCompleteYear(coverageByYear) {
            chosen = (year, .latestComplete)
        } else if let year = years.last {
            chosen = (year, .latestIncomplete)
        } else {
            throw JunhengError.invalid(field: "year", "“\(indicator.name)”在\(parent.name)下级地区尚无数据")
        }
        let year = chosen.year
        let coverage = coverageByYear[year] ?? Self.coverage(codes: codes, in: year, has: { _ in false }, population: population)
        func values(in year: Int) -> [RegionValue] {
            children.map { child in
                let code = child.code.rawValue
                return RegionValue(code: code, name: child.name, value: series[code]?.values[year],
                                   weight: weightIndicator == nil ? nil : weights[code].flatMap { Self.nearest($0.values, to: year) },
                                   group: request.groupSet == nil ? nil : groups[code])
            }
        }
        func report(_ rows: [RegionValue]) throws -> EqualizationReport {
            do {
                return try EqualizationReport(regions: rows.map(\.code), values: rows.map(\.value),
                                              weights: weightIndicator == nil ? nil : rows.map(\.weight),
                                              groups: request.groupSet == nil ? nil : rows.map(\.group))
            } catch {
                throw JunhengError.invalid(field: "region", "无法计算：\(error)")
            }
        }
        let rows = values(in: year)
        var current = try report(rows)
        let complete = coverageRule.isComplete(coverage)
        if !complete {
            // Measures over the few children that reported would pass for the whole region's.
            current.unweighted = nil
            current.weighted = nil
            current.notComputed = []
        }
        let trend = try years.map { year -> YearSummary in
            let rows = values(in: year)
            let (coverage, measures) = try Self.measures(codes: codes, values: rows.map(\.value), in: year, population: population,
                                                         weights: weightIndicator == nil ? nil : rows.map(\.weight),
                                                         groups: request.groupSet == nil ? nil : rows.map(\.group), rule: coverageRule)
            let weighting = weightIndicator == nil || rows.contains { $0.weight == nil } ? "unweighted" : "weighted"
            guard let measures, let chosen = measures.weighted ?? measures.unweighted else {
                return YearSummary(year: year, coverage: coverage, complete: false, weighting: weighting)
            }
            return YearSummary(year: year, coverage: coverage, complete: true, weighting: weighting, mean: chosen.mean,
                               cv: chosen.cv, gini: chosen.gini, theilT: chosen.theilT, theilL: chosen.theilL,
                               theilTWithin: chosen.decomposition?.theilT?.within, theilTBetween: chosen.decomposition?.theilT?.between)
        }

        let benchmarkRegion = try await regionStore.existingRegion(benchmarkCode)
        let benchmarkValue = series[benchmarkCode.rawValue]?.values[year]
        let reaching = benchmarkValue.map { benchmark in
            rows.filter { row in
                guard let value = row.value else { return false }
                return Self.reaches(value, benchmark: benchmark, direction: indicator.direction)
            }.count
        } ?? 0
        return Result(indicator: indicator, parent: parent, year: year, yearChoice: chosen.choice, coverage: coverage,
                      complete: complete, weightIndicator: weightIndicator,
                      groupSet: request.groupSet, regions: rows, report: current,
                      benchmark: RegionValue(code: benchmarkCode.rawValue, name: benchmarkRegion.name, value: benchmarkValue,
                                             weight: nil, group: nil),
                      reachingBenchmark: reaching, trend: trend)
    }

    /// The children of `codes` that `has` a figure in `year`, with their share of the population
    /// when every child's population (that year or the nearest) is known.
    static func coverage(codes: [String], in year: Int, has: (String) -> Bool, population: [String: FigureSeries]) -> Coverage {
        Coverage(values: codes.map { has($0) ? 1 : nil },
                 population: population.isEmpty ? nil : codes.map { population[$0].flatMap { nearest($0.values, to: year) } })
    }

    /// One year's measures over the children: their coverage, and the measures only when the coverage
    /// rule holds (measures over the few children that reported would pass for the whole region's).
    static func measures(codes: [String], values: [Double?], in year: Int, population: [String: FigureSeries],
                         weights: [Double?]?, groups: [String?]?, rule: CoverageRule) throws -> (Coverage, EqualizationReport?) {
        let coverage = Coverage(values: values, population: population.isEmpty ? nil : codes.map {
            population[$0].flatMap { nearest($0.values, to: year) }
        })
        guard rule.isComplete(coverage) else { return (coverage, nil) }
        do {
            return (coverage, try EqualizationReport(regions: codes, values: values, weights: weights, groups: groups))
        } catch {
            throw JunhengError.invalid(field: "region", "无法计算：\(error)")
        }
    }

    /// A child at 90 % or more of the benchmark's level (lower-is-better: at most 1/0.9 of it).
    static func reaches(_ value: Double, benchmark: Double, direction: Direction) -> Bool {
        direction == .higher ? value >= 0.9 * benchmark : value * 0.9 <= benchmark
    }

    /// The resident population (常住人口…) weights the other measures and is not a service indicator.
    static func isPopulation(_ indicator: IndicatorRecord) -> Bool { indicator.name.hasPrefix("常住人口") }

    /// Population is not always counted every year: the figure of the nearest year stands in.
    static func nearest(_ values: [Int: Double], to year: Int) -> Double? {
        values[year] ?? values.min { abs($0.key - year) < abs($1.key - year) || (abs($0.key - year) == abs($1.key - year) && $0.key < $1.key) }?.value
    }
}

extension EqualizationAnalysis {
    /// One child region's standing against the benchmark over every indicator.
    public struct RegionAttainment: Codable, Sendable {
        public var code: String
        public var name: String
        /// Indicators with a figure for this child in the year, of `indicatorCount`.
        public var indicatorsCovered: Int
        public var indicatorCount: Int
        public var attainment: BenchmarkAttainment
    }

    /// How many children one indicator has figures for in the overview's year.
    public struct IndicatorCoverage: Codable, Sendable {
        public var indicatorID: Int64
        public var name: String
        public var coverage: Coverage
        /// The coverage satisfies the rule: the indicator enters the composite index.
        public var complete: Bool
    }

    /// All indicators of a region at once: how many each child reaches at p % of the benchmark
    /// region's level, and a composite (entropy-weighted TOPSIS) index of the children with the
    /// Gini of that index as one number for "how equal overall".
    public struct Overview: Codable, Sendable {
        public var parent: Region
        public var year: Int
        public var yearChoice: YearChoice
        /// The children with a figure for at least one indicator in `year`, of all children.
        public var coverage: Coverage
        /// `coverage` satisfies the rule.
        public var complete: Bool
        public var benchmark: Region
        public var threshold: Double
        public var indicators: [IndicatorRecord]
        public var indicatorCoverage: [IndicatorCoverage]
        public var attainment: [RegionAttainment]
        /// Over the complete indicators, and the children with a figure for each of them; nil with
        /// fewer than two of either.
        public var composite: CompositeIndex?
        /// The children the composite index covers.
        public var compositeCoverage: Coverage?
        public var compositeIndicatorsLeftOut: [String]
        public var compositeGini: Double?
    }

    public func overview(parent code: RegionCode, year requestedYear: Int? = nil, benchmark benchmarkCode: RegionCode? = nil,
                         threshold: Double = 0.9) async throws -> Overview {
        let db = database.sql
        let regionStore = RegionStore(db)
        let parent = try await regionStore.existingRegion(code)
        let benchmark = try await regionStore.existingRegion(benchmarkCode ?? code)
        let children = try await regionStore.children(of: code)
        guard !children.isEmpty else { throw JunhengError.invalid(field: "region", "\(parent.name)没有下级地区") }
        let monitoring = Monitoring(db, engine: database.engine)
        let applying = try await monitoring.indicators(applyingTo: code)
        // Population is the weight of the other measures, not an indicator of service.
        let indicators = applying.filter { !Self.isPopulation($0) }
        let codes = children.map(\.code.rawValue)
        let series = try await monitoring.series(indicators, regionCodes: codes + [benchmark.code.rawValue])
            .mapValues { $0.mapValues(\.values) }
        var population: [String: FigureSeries] = [:]
        if let populationIndicator = try await IndicatorStore(db).indicators().first(where: Self.isPopulation) {
            population = try await monitoring.series(populationIndicator, regionCodes: codes)
        }
        func value(_ indicator: IndicatorRecord, _ region: String, _ year: Int) -> Double? { series[indicator.id]?[region]?[year] }

        let years = Set(series.values.flatMap { byRegion in codes.flatMap { byRegion[$0]?.keys.map { $0 } ?? [] } }).sorted()
        let coverageByYear = Dictionary(uniqueKeysWithValues: years.map { year in
            (year, Self.coverage(codes: codes, in: year, has: { region in indicators.contains { value($0, region, year) != nil } },
                                 population: population))
        })
        let chosen: (year: Int, choice: YearChoice)
        if let requestedYear {
            chosen = (requestedYear, .requested)
        } else if let year = coverageRule.latestCompleteYear(coverageByYear) {
            chosen = (year, .latestComplete)
        } else if let year = years.last {
            chosen = (year, .latestIncomplete)
        } else {
            throw JunhengError.invalid(field: "year", "\(parent.name)尚无指标数据")
        }
        let year = chosen.year
        let coverage = coverageByYear[year] ?? Self.coverage(codes: codes, in: year, has: { _ in false }, population: population)
        func direction(_ indicator: IndicatorRecord) -> IndicatorDirection {
            indicator.direction == .higher ? .higherIsBetter : .lowerIsBetter
        }

        var attainment: [RegionAttainment] = []
        for child in children {
            let rows = indicators.map { indicator in
                BenchmarkIndicator(indicator: indicator.name, direction: direction(indicator),
                                   value: value(indicator, child.code.rawValue, year), benchmark: value(indicator, benchmark.code.rawValue, year))
            }
            do {
                attainment.append(RegionAttainment(
                    code: child.code.rawValue, name: child.name,
                    indicatorsCovered: indicators.filter { value($0, child.code.rawValue, year) != nil }.count,
                    indicatorCount: indicators.count, attainment: try BenchmarkAttainment(rows, threshold: threshold)))
            } catch {
                throw JunhengError.invalid(field: "threshold", "\(error)")
            }
        }

        let indicatorCoverage = indicators.map { indicator in
            let coverage = Self.coverage(codes: codes, in: year, has: { value(indicator, $0, year) != nil }, population: population)
            return IndicatorCoverage(indicatorID: indicator.id, name: indicator.name, coverage: coverage,
                                     complete: coverageRule.isComplete(coverage))
        }
        // The composite only over indicators complete in the year, and the children with all of them.
        let complete = zip(indicators, indicatorCoverage).filter(\.1.complete).map(\.0)
        let covered = codes.filter { region in complete.allSatisfy { value($0, region, year) != nil } }
        var composite: CompositeIndex?
        var compositeCoverage: Coverage?
        var gini: Double?
        if complete.count >= 2, covered.count >= 2 {
            composite = try? CompositeIndex(
                regions: covered, indicators: complete.map { CompositeIndicator(name: $0.name, direction: direction($0)) },
                values: covered.map { region in complete.map { value($0, region, year)! } })
            compositeCoverage = Self.coverage(codes: codes, in: year, has: covered.contains, population: population)
            if let closeness = composite?.closeness {
                gini = (try? EqualizationReport(regions: covered, values: closeness))?.unweighted?.gini
            }
        }
        return Overview(parent: parent, year: year, yearChoice: chosen.choice, coverage: coverage,
                        complete: coverageRule.isComplete(coverage), benchmark: benchmark, threshold: threshold,
                        indicators: indicators, indicatorCoverage: indicatorCoverage, attainment: attainment,
                        composite: composite, compositeCoverage: compositeCoverage,
                        compositeIndicatorsLeftOut: indicators.filter { indicator in !complete.contains { $0.id == indicator.id } }.map(\.name),
                        compositeGini: gini)
    }
}

import Equalization
import Foundation
import JunhengCore
import Storage

/// Inequality of one indicator across the children of a region (counties of a city, townships
/// of a county), weighted by population, decomposed by a region grouping, with the trend of the
/// indices over the years on record.
public struct EqualizationAnalysis: Sendable {
    let database: JunhengDatabase

    public init(database: JunhengDatabase) { self.database = database }

    public struct Request: Sendable {
        public var indicatorID: Int64
        public var parent: RegionCode
        /// Default: the latest year with figures.
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

    /// The headline indices of one year, for the trend.
    public struct YearSummary: Codable, Sendable {
        public var year: Int
        public var weighting: String
        public var mean: Double
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
        public var weightIndicator: IndicatorRecord?
        public var groupSet: String?
        public var regions: [RegionValue]
        public var report: EqualizationReport
        public var benchmark: RegionValue?
        /// Children reaching at least 90 % of the benchmark (direction-aware), out of those with data.
        public var reachingBenchmark: Int
        public var trend: [YearSummary]
    }

    public func analyse(_ request: Request) async throws -> Result {
        let db = database.sql
        let indicators = IndicatorStore(db)
        let indicator = try await indicators.existingIndicator(id: request.indicatorID)
        let regionStore = RegionStore(db)
        let parent = try await regionStore.existingRegion(request.parent)
        let children = try await regionStore.children(of: request.parent)
        guard !children.isEmpty else { throw JunhengError.invalid(field: "region", "\(parent.name)没有下级地区，无法计算区域差距") }

        var weightIndicator: IndicatorRecord?
        if let id = request.weightIndicatorID {
            weightIndicator = try await indicators.existingIndicator(id: id)
        } else {
            weightIndicator = try await indicators.indicators().first { $0.name.hasPrefix("常住人口") }
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

        let years = Set(codes.flatMap { series[$0]?.values.keys.map { $0 } ?? [] }).sorted()
        // By default the latest year that at least half of the children have reported: a few
        // early figures for a new year should not make every other region "missing".
        let coverage = { (year: Int) in codes.filter { series[$0]?.values[year] != nil }.count }
        guard let year = request.year ?? years.last(where: { coverage($0) * 2 >= codes.count }) ?? years.last else {
            throw JunhengError.invalid(field: "year", "“\(indicator.name)”在\(parent.name)下级地区尚无数据")
        }
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
        let current = try report(rows)
        let trend = try years.map { year -> YearSummary? in
            let measures = try report(values(in: year))
            guard let chosen = measures.weighted ?? measures.unweighted else { return nil }
            return YearSummary(year: year, weighting: measures.weighted == nil ? "unweighted" : "weighted", mean: chosen.mean,
                               cv: chosen.cv, gini: chosen.gini, theilT: chosen.theilT, theilL: chosen.theilL,
                               theilTWithin: chosen.decomposition?.theilT?.within, theilTBetween: chosen.decomposition?.theilT?.between)
        }.compactMap { $0 }

        let benchmarkRegion = try await regionStore.existingRegion(benchmarkCode)
        let benchmarkValue = series[benchmarkCode.rawValue]?.values[year]
        let reaching = benchmarkValue.map { benchmark in
            rows.filter { row in
                guard let value = row.value else { return false }
                return indicator.direction == .higher ? value >= 0.9 * benchmark : value * 0.9 <= benchmark
            }.count
        } ?? 0
        return Result(indicator: indicator, parent: parent, year: year, weightIndicator: weightIndicator,
                      groupSet: request.groupSet, regions: rows, report: current,
                      benchmark: RegionValue(code: benchmarkCode.rawValue, name: benchmarkRegion.name, value: benchmarkValue,
                                             weight: nil, group: nil),
                      reachingBenchmark: reaching, trend: trend)
    }

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
        public var attainment: BenchmarkAttainment
    }

    /// All indicators of a region at once: how many each child reaches at p % of the benchmark
    /// region's level, and a composite (entropy-weighted TOPSIS) index of the children with the
    /// Gini of that index as one number for "how equal overall".
    public struct Overview: Codable, Sendable {
        public var parent: Region
        public var year: Int
        public var benchmark: Region
        public var threshold: Double
        public var indicators: [IndicatorRecord]
        public var attainment: [RegionAttainment]
        /// Over the indicators every child has a figure for; nil with fewer than two of either.
        public var composite: CompositeIndex?
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
        // Population is the weight of the other measures, not an indicator of service.
        let indicators = try await monitoring.indicators(applyingTo: code).filter { !$0.name.hasPrefix("常住人口") }
        let codes = children.map(\.code.rawValue)
        var series: [Int64: [String: [Int: Double]]] = [:]
        for indicator in indicators {
            series[indicator.id] = try await monitoring.series(indicator, regionCodes: codes + [benchmark.code.rawValue]).mapValues(\.values)
        }
        let years = series.values.flatMap { $0.values.flatMap(\.keys) }
        guard let year = requestedYear ?? years.max() else {
            throw JunhengError.invalid(field: "year", "\(parent.name)尚无指标数据")
        }
        func value(_ indicator: IndicatorRecord, _ region: String) -> Double? { series[indicator.id]?[region]?[year] }
        func direction(_ indicator: IndicatorRecord) -> IndicatorDirection {
            indicator.direction == .higher ? .higherIsBetter : .lowerIsBetter
        }

        var attainment: [RegionAttainment] = []
        for child in children {
            let rows = indicators.map { indicator in
                BenchmarkIndicator(indicator: indicator.name, direction: direction(indicator),
                                   value: value(indicator, child.code.rawValue), benchmark: value(indicator, benchmark.code.rawValue))
            }
            do {
                attainment.append(RegionAttainment(code: child.code.rawValue, name: child.name,
                                                   attainment: try BenchmarkAttainment(rows, threshold: threshold)))
            } catch {
                throw JunhengError.invalid(field: "threshold", "\(error)")
            }
        }

        let complete = indicators.filter { indicator in codes.allSatisfy { value(indicator, $0) != nil } }
        var composite: CompositeIndex?
        var gini: Double?
        if complete.count >= 2, children.count >= 2 {
            composite = try? CompositeIndex(
                regions: codes, indicators: complete.map { CompositeIndicator(name: $0.name, direction: direction($0)) },
                values: codes.map { region in complete.map { value($0, region)! } })
            if let closeness = composite?.closeness {
                gini = (try? EqualizationReport(regions: codes, values: closeness))?.unweighted?.gini
            }
        }
        return Overview(parent: parent, year: year, benchmark: benchmark, threshold: threshold, indicators: indicators,
                        attainment: attainment, composite: composite,
                        compositeIndicatorsLeftOut: indicators.filter { !complete.contains($0) }.map(\.name), compositeGini: gini)
    }
}

import Foundation
import JunhengCore
import SQLKit

/// Progress of one indicator in one region: its figures, the target in force and the verdict.
/// Everything is computed from approved figures only; figures awaiting approval are carried
/// beside them for readers allowed to see them (`pendingValues`), never mixed in.
public struct ProgressRow: Codable, Sendable {
    public var indicator: IndicatorRecord
    public var region: Region
    /// Approved yearly totals; derived indicators are computed from their numerator and denominator.
    public var values: [Int: Double]
    /// Figures awaiting approval that this reader may see (their region is in the reader's scope).
    public var pendingValues: [Int: Double]
    /// The years of `pendingValues`, sorted.
    public var provisionalYears: [Int]
    public var target: EffectiveTarget?
    public var baselineYear: Int?
    public var baselineValue: Double?
    public var latestYear: Int?
    public var latestValue: Double?
    public var result: ProgressResult?

    public var status: ProgressStatus { result?.status ?? .insufficientData }
}

/// Whose figures awaiting approval a reader may see: nobody's (the public, and every computed
/// measure), or those of some regions (a signed-in user's scope; nil = everywhere).
public enum PendingFigures: Sendable, Equatable {
    case hidden
    case visible(regions: Set<String>?)

    func shows(_ regionCode: String) -> Bool {
        switch self {
        case .hidden: false
        case .visible(let regions): regions?.contains(regionCode) ?? true
        }
    }
}

/// The yearly figures of one indicator in one region: approved ones, and those awaiting approval
/// that the reader may see (a pending correction of an approved year appears in both).
public struct FigureSeries: Sendable, Equatable {
    public var values: [Int: Double]
    public var pending: [Int: Double]

    public init(values: [Int: Double] = [:], pending: [Int: Double] = [:]) {
        self.values = values
        self.pending = pending
    }
}

/// Reads indicators, targets and figures together: progress per region, tables for a region
/// and its children, and early warnings. Each read loads what it needs in a fixed number of
/// set-based queries, whatever the number of indicators and regions.
public struct Monitoring: Sendable {
    let db: any SQLDatabase
    let engine: DatabaseEngine

    public init(_ db: any SQLDatabase, engine: DatabaseEngine) {
        self.db = db
        self.engine = engine
    }

    /// One stored figure (totals only), as read for progress and measures.
    struct Figure {
        let indicatorID: Int64
        let regionCode: String
        let year: Int
        let value: Double
        let approved: Bool
    }

    /// The current totals of some indicators in some regions, returned figures excluded: one query.
    /// When `pending` shows none, only approved ones, from their read model (`ApprovedTotals`);
    /// else from `observations` through the `observations_totals` index (its condition written
    /// literally so that both engines' planners can match it).
    func figures(indicatorIDs: Set<Int64>, regionCodes: [String], pending: PendingFigures) async throws -> [Figure] {
        guard !indicatorIDs.isEmpty, !regionCodes.isEmpty else { return [] }
        guard pending != .hidden else {
            return try await ApprovedTotals(db: db, engine: engine).figures(indicatorIDs: Array(indicatorIDs), regionCodes: regionCodes)
        }
        return try await db.select().columns("indicator_id", "region_code", "year", "value", "status").from("observations")
            .where("indicator_id", .in, Array(indicatorIDs)).where("region_code", .in, regionCodes)
            .where(SQLRaw("disaggregation = ''")).where(SQLRaw("status <> 'returned'")).all().map { row in
                Figure(indicatorID: try row.decode(column: "indicator_id", as: Int64.self),
                       regionCode: try row.decode(column: "region_code", as: String.self),
                       year: try row.decode(column: "year", as: Int.self),
                       value: try row.decode(column: "value", as: Double.self),
                       approved: try row.decode(column: "status", as: String.self) == "approved")
            }
    }

    /// The indicators whose figures `indicators` need: themselves, or a derived one's numerator and denominator.
    static func inputs(of indicators: [IndicatorRecord]) -> Set<Int64> {
        Set(indicators.flatMap { indicator in
            if let numerator = indicator.numeratorID, let denominator = indicator.denominatorID { return [numerator, denominator] }
            return [indicator.id]
        })
    }

    /// Yearly series per region of one indicator, built from loaded figures (by indicator).
    static func series(of indicator: IndicatorRecord, figures: [Int64: [Figure]], pending: PendingFigures) -> [String: FigureSeries] {
        func collect(_ id: Int64) -> [String: FigureSeries] {
            var result: [String: FigureSeries] = [:]
            for figure in figures[id] ?? [] {
                if figure.approved {
                    result[figure.regionCode, default: FigureSeries()].values[figure.year] = figure.value
                } else if pending.shows(figure.regionCode) {
                    result[figure.regionCode, default: FigureSeries()].pending[figure.year] = figure.value
                }
            }
            return result
        }
        guard let numeratorID = indicator.numeratorID, let denominatorID = indicator.denominatorID else {
            return collect(indicator.id)
        }
        let numerators = collect(numeratorID)
        let denominators = collect(denominatorID)
        let factor = indicator.factor ?? 1
        var derived: [String: FigureSeries] = [:]
        for (region, numerator) in numerators {
            guard let denominator = denominators[region] else { continue }
            for (year, top) in numerator.values {
                guard let bottom = denominator.values[year], bottom != 0 else { continue }
                derived[region, default: FigureSeries()].values[year] = top / bottom * factor
            }
            // A pending input makes the year's derived value pending, over the approved other input.
            for year in Set(numerator.pending.keys).union(denominator.pending.keys) {
                guard let top = numerator.pending[year] ?? numerator.values[year],
                      let bottom = denominator.pending[year] ?? denominator.values[year], bottom != 0 else { continue }
                derived[region, default: FigureSeries()].pending[year] = top / bottom * factor
            }
        }
        return derived
    }

    /// Yearly series per region; figures awaiting approval only as `pending` allows.
    public func series(_ indicator: IndicatorRecord, regionCodes: [String],
                       pending: PendingFigures = .hidden) async throws -> [String: FigureSeries] {
        try await series([indicator], regionCodes: regionCodes, pending: pending)[indicator.id] ?? [:]
    }

    /// Yearly series per region of each of `indicators` (by id), from one load of figures.
    public func series(_ indicators: [IndicatorRecord], regionCodes: [String],
                       pending: PendingFigures = .hidden) async throws -> [Int64: [String: FigureSeries]] {
        let figures = Dictionary(grouping: try await figures(indicatorIDs: Self.inputs(of: indicators), regionCodes: regionCodes,
                                                           pending: pending), by: \.indicatorID)
        return Dictionary(indicators.map { ($0.id, Self.series(of: $0, figures: figures, pending: pending)) },
                          uniquingKeysWith: { first, _ in first })
    }

    /// A region (with its ancestors) and some of its children: what every read below works on.
    struct Scope {
        let parent: Region
        let parentPath: [RegionCode]
        let children: [Region]

        var regions: [Region] { [parent] + children }
        func path(of region: Region) -> [RegionCode] { region.code == parent.code ? parentPath : [region.code] + parentPath }
        var allCodes: [String] { (parentPath + children.map(\.code)).map(\.rawValue) }
    }

    /// The scope in one query for the region and its ancestors and one for its children.
    func scope(_ code: RegionCode, withChildren: Bool) async throws -> Scope {
        let regions = RegionStore(db)
        let lineage = try await regions.lineage(of: code, asOf: Timestamp.today())
        return Scope(parent: lineage[0], parentPath: lineage.map(\.code),
                     children: withChildren ? try await regions.children(of: code) : [])
    }

    /// Progress rows of several indicators over a scope, from one load of targets and figures.
    /// With `throughYear`, figures of later years are left out: progress as it stood then.
    func progress(_ indicators: [IndicatorRecord], scope: Scope, pending: PendingFigures,
                  throughYear: Int? = nil) async throws -> [[ProgressRow]] {
        let targets = Dictionary(grouping: try await IndicatorStore(db).targets(indicatorIDs: indicators.map(\.id),
                                                                             regionCodes: scope.allCodes), by: \.indicatorID)
        var loaded = try await figures(indicatorIDs: Self.inputs(of: indicators), regionCodes: scope.regions.map(\.code.rawValue),
                                       pending: pending)
        if let throughYear { loaded.removeAll { $0.year > throughYear } }
        let figures = Dictionary(grouping: loaded, by: \.indicatorID)
        return indicators.map { indicator in
            let series = Self.series(of: indicator, figures: figures, pending: pending)
            return scope.regions.map { region in
                Self.row(indicator, region: region, path: scope.path(of: region), series: series, targets: targets)
            }
        }
    }

    /// Every indicator that applies to each of `regions`, with its progress there as ``overview(of:pending:)``
    /// gives it for one, from one load of paths, indicators, targets and figures for all of them
    /// together; codes of no region are left out.
    public func overviews(of regions: [RegionCode], pending: PendingFigures = .hidden) async throws -> [RegionCode: [ProgressRow]] {
        let lineages = try await RegionStore(db).lineages(of: regions, asOf: Timestamp.today())
        let pathCodes = Set(lineages.values.flatMap { $0.map(\.code) }).sorted()
        guard !pathCodes.isEmpty else { return [:] }
        let indicators = try await indicators(applyingToPath: pathCodes)
        let targets = Dictionary(grouping: try await IndicatorStore(db).targets(indicatorIDs: indicators.map(\.id),
                                                                             regionCodes: pathCodes.map(\.rawValue)), by: \.indicatorID)
        let figures = Dictionary(grouping: try await figures(indicatorIDs: Self.inputs(of: indicators),
                                                             regionCodes: lineages.keys.map(\.rawValue), pending: pending),
                                 by: \.indicatorID)
        let series = indicators.map { Self.series(of: $0, figures: figures, pending: pending) }
        return lineages.mapValues { lineage in
            let path = lineage.map(\.code)
            return zip(indicators, series).filter { indicator, _ in
                targets[indicator.id]?.contains { path.contains($0.regionCode) } == true
            }.map { indicator, series in
                Self.row(indicator, region: lineage[0], path: path, series: series, targets: targets)
            }
        }
    }

    /// One indicator's row in a region with `path`, from the indicator's series and loaded targets.
    static func row(_ indicator: IndicatorRecord, region: Region, path: [RegionCode], series: [String: FigureSeries],
                    targets: [Int64: [TargetRecord]]) -> ProgressRow {
        row(indicator, region: region, series: series[region.code.rawValue] ?? FigureSeries(),
            target: IndicatorStore.effectiveTarget(indicator: indicator, regionPath: path, targets: targets[indicator.id] ?? []))
    }

    static func row(_ indicator: IndicatorRecord, region: Region, series: FigureSeries, target: EffectiveTarget?) -> ProgressRow {
        let values = series.values
        let latestYear = values.keys.max()
        let (baselineYear, baselineValue) = baseline(target: target, values: values)
        var result: ProgressResult?
        if let baselineYear, let baselineValue, let latestYear, let latest = values[latestYear] {
            result = ProgressMethod.assess(ProgressInput(
                baseYear: baselineYear, baseValue: baselineValue, currentYear: latestYear, currentValue: latest,
                targetYear: target?.target.targetYear, targetValue: target?.target.targetValue,
                direction: indicator.direction))
        }
        return ProgressRow(indicator: indicator, region: region, values: values, pendingValues: series.pending,
                           provisionalYears: series.pending.keys.sorted(), target: target,
                           baselineYear: baselineYear, baselineValue: baselineValue, latestYear: latestYear,
                           latestValue: latestYear.flatMap { values[$0] }, result: result)
    }

    /// Where progress is measured from: the region's own figure in the target's baseline year;
    /// failing that the target's stated baseline (only when the target is the region's own — a
    /// county is not measured from its city's baseline); failing that its earliest figure.
    static func baseline(target: EffectiveTarget?, values: [Int: Double]) -> (Int?, Double?) {
        if let target, let year = target.target.baselineYear {
            if let own = values[year] { return (year, own) }
            if !target.inherited, let stated = target.target.baselineValue { return (year, stated) }
        }
        guard let first = values.keys.min() else { return (nil, nil) }
        return (first, values[first])
    }

    /// A region and its children: the table a planner reads for one indicator.
    public func progressTable(_ indicator: IndicatorRecord, parent: RegionCode,
                              pending: PendingFigures = .hidden) async throws -> [ProgressRow] {
        try await progress([indicator], scope: try await scope(parent, withChildren: true), pending: pending)[0]
    }

    /// A region and its children for a report about `year`: the indicators that apply there (of
    /// one plan, when given), each with the region's row first and then its children's, from
    /// approved figures up to that year.
    public func reportProgress(of region: RegionCode, planID: Int64?, through year: Int)
        async throws -> (parent: Region, children: [Region], rows: [[ProgressRow]]) {
        let scope = try await scope(region, withChildren: true)
        var indicators = try await indicators(applyingToPath: scope.parentPath)
        if let planID {
            let fromPlan = Set(try await db.select().column("indicator_id").from("targets").where("plan_id", .equal, planID).all()
                .map { try $0.decode(column: "indicator_id", as: Int64.self) })
            indicators = indicators.filter { fromPlan.contains($0.id) }
        }
        return (scope.parent, scope.children, try await progress(indicators, scope: scope, pending: .hidden, throughYear: year))
    }

    /// The indicators that apply to a region: those with a target there or above it.
    public func indicators(applyingTo region: RegionCode) async throws -> [IndicatorRecord] {
        try await indicators(applyingToPath: try await RegionStore(db).path(of: region))
    }

    func indicators(applyingToPath path: [RegionCode]) async throws -> [IndicatorRecord] {
        try await IndicatorStore(db).indicators(matching: IndicatorFilter(regionPath: path))
    }

    /// Every indicator that applies to a region, with its progress there.
    public func overview(of region: RegionCode, pending: PendingFigures = .hidden) async throws -> [ProgressRow] {
        let scope = try await scope(region, withChildren: false)
        return try await progress(try await indicators(applyingToPath: scope.parentPath), scope: scope, pending: pending).map { $0[0] }
    }

    /// Every indicator that applies to a region, with its progress there and in each of its
    /// children (each inner array: the region first, then its children), from one load of targets
    /// and figures whatever the number of indicators and regions.
    public func overviewWithChildren(of region: RegionCode, pending: PendingFigures = .hidden) async throws -> [[ProgressRow]] {
        let scope = try await scope(region, withChildren: true)
        return try await progress(try await indicators(applyingToPath: scope.parentPath), scope: scope, pending: pending)
    }

    /// The year whose figures are due by `today`: last year's once the deadline (month-day, e.g.
    /// "03-31") has passed, else the year before; never after the target year.
    public static func dueYear(today: String, deadline: String = FigureDeadline.monthDay, targetYear: Int?) -> Int? {
        guard let year = Int(today.prefix(4)) else { return nil }
        let due = String(today.dropFirst(5).prefix(5)) > deadline ? year - 1 : year - 2
        return targetYear.map { min($0, due) } ?? due
    }

    /// Early warnings for a region and its children, optionally for one department's indicators;
    /// from approved figures only.
    public func warnings(root: RegionCode, departmentID: Int64? = nil, today: String = Timestamp.today(),
                         deadline: String = FigureDeadline.monthDay) async throws -> [EarlyWarning] {
        let scope = try await scope(root, withChildren: true)
        let indicators = try await indicators(applyingToPath: scope.parentPath)
            .filter { departmentID == nil || $0.departmentID == departmentID }
        var warnings: [EarlyWarning] = []
        for (indicator, rows) in zip(indicators, try await progress(indicators, scope: scope, pending: .hidden)) {
            guard let parentRow = rows.first else { continue }
            for (index, row) in rows.enumerated() {
                let parentValue = index == 0 ? nil : row.latestYear.flatMap { parentRow.values[$0] }
                let weaker = row.target?.weakerThanParent
                warnings += EarlyWarningRules.evaluate(WarningInput(
                    indicatorID: indicator.id, indicatorName: indicator.name, unit: indicator.unit,
                    binding: indicator.binding == .binding, direction: indicator.direction,
                    departmentID: indicator.departmentID, regionCode: row.region.code.rawValue, regionName: row.region.name,
                    values: row.values, progress: row.result,
                    dueYear: Self.dueYear(today: today, deadline: deadline, targetYear: row.target?.target.targetYear),
                    parentValue: parentValue, weakerThanParentTarget: weaker?.targetValue,
                    ownTarget: weaker == nil ? nil : row.target?.target.targetValue))
            }
        }
        return warnings.sorted { ($0.severity, $0.regionCode, $0.indicatorID) < ($1.severity, $1.regionCode, $1.indicatorID) }
    }
}

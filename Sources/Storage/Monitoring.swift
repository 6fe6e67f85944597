import Foundation
import JunhengCore
import SQLKit

/// Progress of one indicator in one region: its figures, the target in force and the verdict.
public struct ProgressRow: Codable, Sendable {
    public var indicator: IndicatorRecord
    public var region: Region
    /// Yearly totals; derived indicators are computed from their numerator and denominator.
    public var values: [Int: Double]
    /// Years whose latest figure is still awaiting approval.
    public var provisionalYears: [Int]
    public var target: EffectiveTarget?
    public var baselineYear: Int?
    public var baselineValue: Double?
    public var latestYear: Int?
    public var latestValue: Double?
    public var result: ProgressResult?

    public var status: ProgressStatus { result?.status ?? .insufficientData }
}

/// Reads indicators, targets and figures together: progress per region, tables for a region
/// and its children, and early warnings.
public struct Monitoring: Sendable {
    let db: any SQLDatabase
    let engine: DatabaseEngine

    public init(_ db: any SQLDatabase, engine: DatabaseEngine) {
        self.db = db
        self.engine = engine
    }

    /// Yearly totals per region, with the years whose figure is not yet approved.
    public func series(_ indicator: IndicatorRecord, regionCodes: [String]) async throws -> [String: (values: [Int: Double], provisional: Set<Int>)] {
        let store = ObservationStore(db, engine: engine)
        func collect(_ id: Int64) async throws -> [String: (values: [Int: Double], provisional: Set<Int>)] {
            var result: [String: (values: [Int: Double], provisional: Set<Int>)] = [:]
            for point in try await store.points(indicatorID: id, regionCodes: regionCodes) {
                result[point.regionCode, default: ([:], [])].values[point.year] = point.value
                if point.status != "approved" { result[point.regionCode, default: ([:], [])].provisional.insert(point.year) }
            }
            return result
        }
        guard let numeratorID = indicator.numeratorID, let denominatorID = indicator.denominatorID else {
            return try await collect(indicator.id)
        }
        let numerators = try await collect(numeratorID)
        let denominators = try await collect(denominatorID)
        var derived: [String: (values: [Int: Double], provisional: Set<Int>)] = [:]
        for (region, numerator) in numerators {
            guard let denominator = denominators[region] else { continue }
            for (year, top) in numerator.values {
                guard let bottom = denominator.values[year], bottom != 0 else { continue }
                derived[region, default: ([:], [])].values[year] = top / bottom * (indicator.factor ?? 1)
                if numerator.provisional.contains(year) || denominator.provisional.contains(year) {
                    derived[region, default: ([:], [])].provisional.insert(year)
                }
            }
        }
        return derived
    }

    /// Progress of an indicator in each of the given regions (all must exist).
    public func progress(_ indicator: IndicatorRecord, regions: [Region]) async throws -> [ProgressRow] {
        let series = try await self.series(indicator, regionCodes: regions.map(\.code.rawValue))
        let regionStore = RegionStore(db)
        let indicators = IndicatorStore(db)
        var rows: [ProgressRow] = []
        for region in regions {
            let path = try await regionStore.path(of: region.code)
            let target = try await indicators.effectiveTarget(indicator: indicator, regionPath: path)
            let values = series[region.code.rawValue]?.values ?? [:]
            let latestYear = values.keys.max()
            let (baselineYear, baselineValue) = Self.baseline(target: target, values: values)
            var result: ProgressResult?
            if let baselineYear, let baselineValue, let latestYear, let latest = values[latestYear] {
                result = ProgressMethod.assess(ProgressInput(
                    baseYear: baselineYear, baseValue: baselineValue, currentYear: latestYear, currentValue: latest,
                    targetYear: target?.target.targetYear, targetValue: target?.target.targetValue,
                    direction: indicator.direction))
            }
            rows.append(ProgressRow(
                indicator: indicator, region: region, values: values,
                provisionalYears: (series[region.code.rawValue]?.provisional ?? []).sorted(), target: target,
                baselineYear: baselineYear, baselineValue: baselineValue, latestYear: latestYear,
                latestValue: latestYear.flatMap { values[$0] }, result: result))
        }
        return rows
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
    public func progressTable(_ indicator: IndicatorRecord, parent: RegionCode) async throws -> [ProgressRow] {
        let regions = RegionStore(db)
        let region = try await regions.existingRegion(parent)
        return try await progress(indicator, regions: [region] + (try await regions.children(of: parent)))
    }

    /// The indicators that apply to a region: those with a target there or above it.
    public func indicators(applyingTo region: RegionCode) async throws -> [IndicatorRecord] {
        let path = try await RegionStore(db).path(of: region).map(\.rawValue)
        let ids = Set(try await db.select().column("indicator_id").from("targets").where("region_code", .in, path).all()
            .map { try $0.decode(column: "indicator_id", as: Int64.self) })
        return try await IndicatorStore(db).indicators().filter { ids.contains($0.id) }
    }

    /// Every indicator that applies to a region, with its progress there.
    public func overview(of region: RegionCode) async throws -> [ProgressRow] {
        let regionRecord = try await RegionStore(db).existingRegion(region)
        var rows: [ProgressRow] = []
        for indicator in try await indicators(applyingTo: region) {
            rows += try await progress(indicator, regions: [regionRecord])
        }
        return rows
    }

    /// The year whose figures are due by `today`: last year's once the deadline (month-day, e.g.
    /// "03-31") has passed, else the year before; never after the target year.
    public static func dueYear(today: String, deadline: String, targetYear: Int?) -> Int? {
        guard let year = Int(today.prefix(4)) else { return nil }
        let due = String(today.dropFirst(5).prefix(5)) > deadline ? year - 1 : year - 2
        return targetYear.map { min($0, due) } ?? due
    }

    /// Early warnings for a region and its children, optionally for one department's indicators.
    public func warnings(root: RegionCode, departmentID: Int64? = nil, today: String = Timestamp.today(),
                         deadline: String = "03-31") async throws -> [EarlyWarning] {
        var warnings: [EarlyWarning] = []
        for indicator in try await indicators(applyingTo: root)
        where departmentID == nil || indicator.departmentID == departmentID {
            let rows = try await progressTable(indicator, parent: root)
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

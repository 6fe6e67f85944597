import Foundation
import Geography
import JunhengCore
import Storage

/// What to measure: how far people in `region` live from facilities of `kind`, summarised for
/// each of its children (counties of a city, townships of a county).
public struct AccessibilityQuery: Sendable, Equatable, Codable {
    public var region: RegionCode
    public var kind: FacilityKind
    public var measure: AccessibilityMeasure
    /// The radius in metres: the coverage circle, the catchment of the FCA measures.
    public var radiusMetres: Double
    /// When the radius came from travel time (15分钟服务圈): the minutes and the mode.
    public var minutes: Double?
    public var mode: TravelMode?

    public init(region: RegionCode, kind: FacilityKind, measure: AccessibilityMeasure, radiusMetres: Double,
                minutes: Double? = nil, mode: TravelMode? = nil) {
        self.region = region
        self.kind = kind
        self.measure = measure
        self.radiusMetres = radiusMetres
        self.minutes = minutes
        self.mode = mode
    }

    /// A query from the text of a form, an address or the command line: `kind` a key or a name,
    /// `measure` a ``AccessibilityMeasure`` raw value (coverage when empty), and either `radius`
    /// ("1km", "800m", "1.5公里") or `minutes` with `mode` (`walk` when empty).
    public static func parse(region: RegionCode, kind: String, measure: String, radius: String, minutes: String,
                             mode: String) throws -> AccessibilityQuery {
        var issues: [ValidationIssue] = []
        let facilityKind = FacilityKind.named(kind)
        if facilityKind == nil {
            issues.append(ValidationIssue(field: "kind", reason: kind.isEmpty ? "请选择设施类型"
                : "未知的设施类型“\(kind)”，可用：\(FacilityKind.all.map(\.name).joined(separator: "、"))"))
        }
        let chosen = measure.isEmpty ? .shareWithin : AccessibilityMeasure(rawValue: measure)
        if chosen == nil {
            issues.append(ValidationIssue(field: "measure",
                                          reason: "未知的测算方法“\(measure)”，可用：\(AccessibilityMeasure.allCases.map(\.rawValue).joined(separator: "、"))"))
        }
        let radius = radius.trimmingCharacters(in: .whitespaces)
        let minutesText = minutes.trimmingCharacters(in: .whitespaces)
        var metres: Double?
        var minutesValue: Double?
        var travel: TravelMode?
        switch (radius.isEmpty, minutesText.isEmpty) {
        case (false, false):
            issues.append(ValidationIssue(field: "radius", reason: "半径和时间只能填一个"))
        case (true, true):
            issues.append(ValidationIssue(field: "radius", reason: "请填写服务半径（如 1km）或出行时间（如 15 分钟）"))
        case (false, true):
            metres = DistanceText.metres(radius)
            if metres == nil || metres! > 100_000 {
                issues.append(ValidationIssue(field: "radius", reason: "服务半径“\(radius)”应为 100 公里以内的距离，如 1km、800m"))
                metres = nil
            }
        case (true, false):
            travel = mode.isEmpty ? .walk : TravelMode(rawValue: mode)
            if travel == nil {
                issues.append(ValidationIssue(field: "mode", reason: "未知的出行方式“\(mode)”，可用：walk、bicycle、drive"))
            }
            minutesValue = Double(minutesText).flatMap { $0 > 0 && $0 <= 240 ? $0 : nil }
            if minutesValue == nil { issues.append(ValidationIssue(field: "minutes", reason: "出行时间“\(minutesText)”应为 1 至 240 分钟")) }
            if let travel, let minutesValue { metres = travel.speed.metres(inMinutes: minutesValue) }
        }
        guard issues.isEmpty, let facilityKind, let chosen, let metres else { throw JunhengError.invalid(issues) }
        return AccessibilityQuery(region: region, kind: facilityKind, measure: chosen, radiusMetres: metres,
                                  minutes: minutesValue, mode: travel)
    }
}

/// One child region's figure: the value, and what it was computed over.
public struct AccessibilityRow: Sendable, Equatable, Codable {
    public var regionCode: String
    public var regionName: String
    /// Nil when the region has no population points (or, for the nearest distance, no facility is known).
    public var value: Double?
    public var population: Int
    public var points: Int
    /// Facilities of the kind in use in the region itself (the measures also count its neighbours').
    public var facilities: Int
}

/// The measure for every child of the query's region, and over the region as a whole.
public struct AccessibilityReport: Sendable, Equatable, Codable {
    public var query: AccessibilityQuery
    public var regionName: String
    public var rows: [AccessibilityRow]
    /// The population-weighted value over all the region's points.
    public var overall: Double?
    public var population: Int
    public var points: Int
    public var facilities: Int
    /// The newest year of the population points used.
    public var populationYear: Int?

    /// How many children have a value, of how many there are: every figure over regions says how many it covers.
    public var covered: Int { rows.filter { $0.value != nil }.count }
}

/// Accessibility measures computed from the stored register and population points
/// (``AreaAccessibility``), and turned into indicator values through the ordinary submission
/// and review: a computed figure is public only once a reviewer approves it.
public struct AccessibilityUseCases: Sendable {
    let app: JunhengApp

    /// Computes the query over the region's population points and its facilities of the kind that
    /// are in use. Public: it reads only public data.
    public func compute(_ query: AccessibilityQuery) async throws -> AccessibilityReport {
        let region = try await app.regions.region(query.region)
        let children = try await app.regions.children(of: query.region)
        let places = FacilityUseCases(app: app)
        let points = try await places.populationPoints(in: query.region)
        let facilities = try await places.facilities(in: query.region, kinds: [query.kind]).filter { $0.status == .inUse }

        // Each point is summarised in the child whose subtree holds it.
        let lineages = try await RegionStore(app.replica.sql).lineages(of: Set(points.map(\.regionCode)).compactMap { RegionCode(rawValue: $0) })
        let childCodes = Set(children.map(\.code))
        func child(of code: String) -> String {
            guard let regionCode = RegionCode(rawValue: code), let lineage = lineages[regionCode] else { return code }
            return lineage.first { childCodes.contains($0.code) }?.code.rawValue ?? code
        }
        let areaOfRegion = Dictionary(uniqueKeysWithValues: Set(points.map(\.regionCode) + facilities.map(\.regionCode)).map { ($0, child(of: $0)) })
        let demand = points.map {
            DemandPoint(coordinate: Coordinate(longitude: $0.longitude, latitude: $0.latitude), population: Double($0.population),
                        area: areaOfRegion[$0.regionCode]!)
        }
        let supply = facilities.map {
            SupplyPoint(coordinate: Coordinate(longitude: $0.longitude, latitude: $0.latitude),
                        capacity: Double($0.amount(of: query.kind.supply) ?? 0))
        }
        let measured: AreaAccessibility
        do {
            measured = try AreaAccessibility.compute(query.measure, demand: demand, supply: supply, radius: query.radiusMetres)
        } catch let error as GeographyError {
            throw JunhengError.invalid(field: "radius", error.chineseDescription)
        }
        let pointsByArea = Dictionary(grouping: points) { areaOfRegion[$0.regionCode]! }
        let facilitiesByArea = Dictionary(grouping: facilities) { areaOfRegion[$0.regionCode]! }
        let rows = children.map { child in
            let code = child.code.rawValue
            let own = pointsByArea[code] ?? []
            return AccessibilityRow(regionCode: code, regionName: child.name, value: measured.byArea[code],
                                    population: own.reduce(0) { $0 + $1.population }, points: own.count,
                                    facilities: facilitiesByArea[code]?.count ?? 0)
        }
        return AccessibilityReport(query: query, regionName: region.name, rows: rows, overall: measured.overall,
                                   population: points.reduce(0) { $0 + $1.population }, points: points.count,
                                   facilities: facilities.count, populationYear: points.map(\.year).max())
    }

    /// The region a measure is asked for when none is named: the nearest region above every stored
    /// population point (the city whose villages were imported); nil when there are none.
    public func defaultRegion() async throws -> RegionCode? {
        let db = app.replica.sql
        let codes = try await FacilityStore(db).populationRegionCodes().compactMap { RegionCode(rawValue: $0) }
        guard !codes.isEmpty else { return nil }
        let lineages = try await RegionStore(db).lineages(of: codes)
        // Lineages run from the region up; the common ancestors are those every lineage holds.
        var common = lineages.values.first.map { $0.map(\.code) } ?? []
        for lineage in lineages.values.dropFirst() {
            let held = Set(lineage.map(\.code))
            common = common.filter(held.contains)
        }
        // Below the region that holds them all, so that the measure has children to compare.
        return codes.count == 1 && common.count > 1 ? common[1] : common.first
    }

    /// Submits the report's figures — each child's and the region's own — as values of
    /// `indicator` (its code or name) for `year`, one submission from the actor, which a reviewer
    /// approves like any other before the figures are public. The source names the measure.
    public func submit(_ report: AccessibilityReport, indicator: String, year: Int, source: String,
                       actor: Actor) async throws -> ObservationImport.Outcome {
        var rows = report.rows.compactMap { row in row.value.map { [row.regionCode, indicator, String(year), Self.text($0)] } }
        if let overall = report.overall { rows.append([report.query.region.rawValue, indicator, String(year), Self.text(overall)]) }
        guard !rows.isEmpty else { throw JunhengError.invalid(field: "region", "该地区没有人口分布点，无法测算") }
        return try await app.monitoring.submit([UploadTable(sheet: nil, header: ["region", "indicator", "year", "value"], rows: rows)],
                                               source: source, actor: actor)
    }

    /// Four decimal places: finer than any of the measures is meaningful.
    static func text(_ value: Double) -> String {
        let rounded = (value * 10_000).rounded() / 10_000
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}

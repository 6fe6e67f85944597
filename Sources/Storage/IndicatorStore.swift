import Foundation
import JunhengCore
import SQLKit

public enum Binding: String, Codable, Sendable, CaseIterable {
    /// 约束性: the government commits to it; a lower level may not set it weaker.
    case binding
    /// 预期性: expected, guiding.
    case expected

    public var chineseName: String { self == .binding ? "约束性" : "预期性" }
}

public struct IndicatorRecord: Codable, Sendable, Equatable {
    public var id: Int64
    public var code: String
    public var name: String
    public var unit: String
    public var direction: Direction
    public var binding: Binding
    public var domainName: String
    public var departmentID: Int64?
    public var definition: String
    /// A derived indicator is numerator / denominator × factor, computed from the two raw ones.
    public var numeratorID: Int64?
    public var denominatorID: Int64?
    public var factor: Double?
    /// Counts that add up over regions (beds, schools), checked on upload; rates do not.
    public var additive: Bool
    public var minimum: Double?
    public var maximum: Double?
    /// The disaggregation keys figures may carry besides the total (e.g. `area=urban`); empty = any.
    public var disaggregations: [String]

    /// An indicator to create has `id` 0 until `IndicatorStore.create` stores it and returns the
    /// stored one: one type per table, not a record and a "new" twin.
    public init(id: Int64 = 0, code: String, name: String, unit: String, direction: Direction = .higher, binding: Binding = .expected,
                domainName: String = "", departmentID: Int64? = nil, definition: String = "", numeratorID: Int64? = nil,
                denominatorID: Int64? = nil, factor: Double? = nil, additive: Bool = false, minimum: Double? = nil,
                maximum: Double? = nil, disaggregations: [String] = []) {
        self.id = id
        self.code = code
        self.name = name
        self.unit = unit
        self.direction = direction
        self.binding = binding
        self.domainName = domainName
        self.departmentID = departmentID
        self.definition = definition
        self.numeratorID = numeratorID
        self.denominatorID = denominatorID
        self.factor = factor
        self.additive = additive
        self.minimum = minimum
        self.maximum = maximum
        self.disaggregations = disaggregations
    }

    public var isDerived: Bool { numeratorID != nil && denominatorID != nil }

    public var rule: IndicatorRule {
        IndicatorRule(id: id, code: code, name: name, unit: unit, additive: additive, minimum: minimum, maximum: maximum,
                      disaggregations: disaggregations, departmentID: departmentID)
    }
}


public struct TargetRecord: Codable, Sendable, Equatable {
    public var id: Int64
    public var indicatorID: Int64
    public var regionCode: RegionCode
    public var planID: Int64?
    public var baselineYear: Int?
    public var baselineValue: Double?
    public var targetYear: Int
    public var targetValue: Double
    public var targetValueHigh: Double?
    public var comparator: TargetComparator

    /// A target to set has `id` 0 until `IndicatorStore.setTarget` stores it and returns the
    /// stored one: one type per table, not a record and a "new" twin.
    public init(id: Int64 = 0, indicatorID: Int64, regionCode: RegionCode, planID: Int64? = nil, baselineYear: Int?,
                baselineValue: Double?, targetYear: Int, targetValue: Double, targetValueHigh: Double? = nil,
                comparator: TargetComparator = .atLeast) {
        self.id = id
        self.indicatorID = indicatorID
        self.regionCode = regionCode
        self.planID = planID
        self.baselineYear = baselineYear
        self.baselineValue = baselineValue
        self.targetYear = targetYear
        self.targetValue = targetValue
        self.targetValueHigh = targetValueHigh
        self.comparator = comparator
    }
}

/// The target that applies to a region: its own, or the nearest ancestor's when it has none.
public struct EffectiveTarget: Codable, Sendable, Equatable {
    public var target: TargetRecord
    public var inherited: Bool
    /// Set when a region's own target for a binding indicator is weaker than its parent's — which
    /// the plans forbid (原则上不低于上级标准).
    public var weakerThanParent: TargetRecord?
}

/// Which indicators a list shows; nil leaves a criterion out, and all given ones must hold.
public struct IndicatorFilter: Sendable, Equatable {
    /// Indicators with a target that came from this plan.
    public var planID: Int64?
    public var domainName: String?
    /// The lead department.
    public var departmentID: Int64?
    /// Indicators with a target in one of these regions (a region and its ancestors: what applies there).
    public var regionPath: [RegionCode]?
    /// Part of the code or the name, case-insensitive.
    public var text: String?

    public init(planID: Int64? = nil, domainName: String? = nil, departmentID: Int64? = nil, regionPath: [RegionCode]? = nil,
                text: String? = nil) {
        self.planID = planID
        self.domainName = domainName
        self.departmentID = departmentID
        self.regionPath = regionPath
        self.text = text
    }
}

/// Indicators (指标) and their targets per region.
public struct IndicatorStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) { self.db = db }

    private static func indicator(from row: any SQLRow) throws -> IndicatorRecord {
        let directionText = try row.decode(column: "direction", as: String.self)
        let bindingText = try row.decode(column: "binding", as: String.self)
        return IndicatorRecord(
            id: try row.decode(column: "id", as: Int64.self), code: try row.decode(column: "code", as: String.self),
            name: try row.decode(column: "name", as: String.self), unit: try row.decode(column: "unit", as: String.self),
            direction: Direction(rawValue: directionText) ?? .higher, binding: Binding(rawValue: bindingText) ?? .expected,
            domainName: try row.decode(column: "domain_name", as: String.self),
            departmentID: try row.decode(column: "department_id", as: Int64?.self),
            definition: try row.decode(column: "definition", as: String.self),
            numeratorID: try row.decode(column: "numerator_indicator_id", as: Int64?.self),
            denominatorID: try row.decode(column: "denominator_indicator_id", as: Int64?.self),
            factor: try row.decode(column: "factor", as: Double?.self),
            additive: try row.decode(column: "additive", as: Bool.self),
            minimum: try row.decode(column: "minimum_value", as: Double?.self),
            maximum: try row.decode(column: "maximum_value", as: Double?.self),
            disaggregations: (try? JSONDecoder().decode([String].self, from: Data(try row.decode(column: "disaggregations", as: String.self).utf8))) ?? [])
    }

    public func indicators() async throws -> [IndicatorRecord] {
        try await db.select().column("*").from("indicators").orderBy("id").all().map(Self.indicator(from:))
    }

    /// The indicators matching every criterion of `filter`, by id.
    public func indicators(matching filter: IndicatorFilter) async throws -> [IndicatorRecord] {
        var query = db.select().column("*").from("indicators")
        if let planID = filter.planID {
            query = query.where(SQLQueryString("id IN (SELECT indicator_id FROM targets WHERE plan_id = \(bind: planID))"))
        }
        if let regionPath = filter.regionPath {
            guard !regionPath.isEmpty else { return [] }
            query = query.where(SQLQueryString(
                "id IN (SELECT indicator_id FROM targets WHERE region_code IN (\(binds: regionPath.map(\.rawValue))))"))
        }
        if let domainName = filter.domainName { query = query.where("domain_name", .equal, domainName) }
        if let departmentID = filter.departmentID { query = query.where("department_id", .equal, departmentID) }
        if let text = filter.text?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            // LIKE wildcards typed by the user match themselves; the escape is spelled out because
            // SQLite has no default one.
            let escaped = text.lowercased().replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
            let pattern = "%\(escaped)%"
            query = query.where(SQLQueryString(
                "(LOWER(code) LIKE \(bind: pattern) ESCAPE '\\' OR LOWER(name) LIKE \(bind: pattern) ESCAPE '\\')"))
        }
        return try await query.orderBy("id").all().map(Self.indicator(from:))
    }

    /// The distinct domains (领域) indicators are filed under, for the list's filter.
    public func domainNames() async throws -> [String] {
        try await db.select().distinct().column("domain_name").from("indicators").where("domain_name", .notEqual, "")
            .orderBy("domain_name").all().map { try $0.decode(column: "domain_name", as: String.self) }
    }

    public func indicator(id: Int64) async throws -> IndicatorRecord? {
        try await db.select().column("*").from("indicators").where("id", .equal, id).first().map(Self.indicator(from:))
    }

    public func existingIndicator(id: Int64) async throws -> IndicatorRecord {
        guard let indicator = try await indicator(id: id) else { throw JunhengError.notFound("指标 \(id)") }
        return indicator
    }

    public func indicator(code: String) async throws -> IndicatorRecord? {
        try await db.select().column("*").from("indicators").where("code", .equal, code).first().map(Self.indicator(from:))
    }

    static func json(_ keys: [String]) throws -> String {
        String(decoding: try JSONEncoder().encode(keys), as: UTF8.self)
    }

    /// Stores a new indicator (its `id` is ignored) and returns it as stored; `regionCode`, the
    /// scope of whoever defined it, goes into the audit row and owns the indicator until targets
    /// are set for it.
    public func create(_ new: IndicatorRecord, regionCode: RegionCode? = nil, actor: AuditActor) async throws -> IndicatorRecord {
        var issues: [ValidationIssue] = []
        if new.code.trimmingCharacters(in: .whitespaces).isEmpty { issues.append(.init(field: "code", reason: "指标代码不能为空")) }
        if new.name.trimmingCharacters(in: .whitespaces).isEmpty { issues.append(.init(field: "name", reason: "指标名称不能为空")) }
        if (new.numeratorID == nil) != (new.denominatorID == nil) {
            issues.append(.init(field: "denominatorId", reason: "派生指标须同时给出分子和分母指标"))
        }
        if let minimum = new.minimum, let maximum = new.maximum, minimum > maximum {
            issues.append(.init(field: "minimum", reason: "最小值大于最大值"))
        }
        guard issues.isEmpty else { throw JunhengError.invalid(issues) }
        for (field, id) in [("numeratorId", new.numeratorID), ("denominatorId", new.denominatorID)] {
            if let id, try await indicator(id: id) == nil { throw JunhengError.invalid(field: field, "指标 \(id) 不存在") }
        }
        if let id = new.departmentID, try await DepartmentStore(db).department(id: id) == nil {
            throw JunhengError.invalid(field: "departmentId", "部门 \(id) 不存在")
        }
        if try await indicator(code: new.code) != nil { throw JunhengError.conflict("指标代码 \(new.code) 已存在") }
        let id = try await db.insert(into: "indicators")
            .columns("code", "name", "unit", "direction", "binding", "domain_name", "department_id", "definition",
                     "numerator_indicator_id", "denominator_indicator_id", "factor", "additive", "minimum_value",
                     "maximum_value", "disaggregations", "created_at")
            .values(SQLBind(new.code), SQLBind(new.name), SQLBind(new.unit), SQLBind(new.direction.rawValue),
                    SQLBind(new.binding.rawValue), SQLBind(new.domainName), SQLBind(new.departmentID), SQLBind(new.definition),
                    SQLBind(new.numeratorID), SQLBind(new.denominatorID), SQLBind(new.factor), SQLBind(new.additive),
                    SQLBind(new.minimum), SQLBind(new.maximum), SQLBind(try Self.json(new.disaggregations)), SQLBind(Timestamp.now()))
            .returning("id").first()!.decode(column: "id", as: Int64.self)
        let created = try await existingIndicator(id: id)
        try await AuditLog(db).record(actor, action: "create", entity: "indicator", entityID: String(id),
                                      regionCode: regionCode?.rawValue, after: created)
        return created
    }

    /// Creates the indicator a published plan sets, with the plan region's target for it; returns
    /// both ids, for provenance. Publishing the plan is what is audited. When the target's fact
    /// names a lead department (`lead`) registered in the plan's region by that name, the
    /// indicator belongs to it; otherwise it has none until someone assigns one.
    func create(_ planned: PlanPublication.Target, planID: Int64, regionCode: RegionCode) async throws -> (indicatorID: Int64, targetID: Int64) {
        let lead = (planned.source.fields["lead"] ?? "").trimmingCharacters(in: .whitespaces)
        let departmentID = lead.isEmpty ? nil : try await DepartmentStore(db).departments(in: regionCode).first { $0.name == lead }?.id
        let indicatorID = try await db.insert(into: "indicators")
            .columns("code", "name", "unit", "direction", "binding", "definition", "department_id", "created_at")
            .values(SQLBind(planned.code), SQLBind(planned.name), SQLBind(planned.unit), SQLBind(planned.direction.rawValue),
                    SQLBind((planned.isBinding ? Binding.binding : .expected).rawValue), SQLBind(planned.definition),
                    SQLBind(departmentID), SQLBind(Timestamp.now()))
            .returning("id").first()!.decode(column: "id", as: Int64.self)
        let targetID = try await db.insert(into: "targets")
            .columns("indicator_id", "region_code", "plan_id", "baseline_year", "baseline_value", "target_year",
                     "target_value", "target_value_high", "comparator")
            .values(SQLBind(indicatorID), SQLBind(regionCode.rawValue), SQLBind(planID), SQLBind(planned.baselineYear),
                    SQLBind(planned.baselineValue), SQLBind(planned.targetYear), SQLBind(planned.targetValue),
                    SQLBind(planned.targetValueHigh), SQLBind(planned.comparator.rawValue))
            .returning("id").first()!.decode(column: "id", as: Int64.self)
        return (indicatorID, targetID)
    }

    /// Corrects an indicator's description (name, unit, direction, binding, bounds …) or its lead
    /// department (`.some(nil)` removes it; the department must exist); the code and a derived
    /// indicator's formula stay as they are, because figures and targets refer to them. The audit
    /// row carries `regionCode`, the region that owns the indicator.
    public func update(id: Int64, name: String? = nil, unit: String? = nil, direction: Direction? = nil, binding: Binding? = nil,
                       domainName: String? = nil, definition: String? = nil, additive: Bool? = nil,
                       minimum: Double?? = nil, maximum: Double?? = nil, disaggregations: [String]? = nil,
                       departmentID: Int64?? = nil, regionCode: RegionCode? = nil, actor: AuditActor) async throws -> IndicatorRecord {
        let before = try await existingIndicator(id: id)
        var after = before
        if let name { after.name = name.trimmingCharacters(in: .whitespaces) }
        if let unit { after.unit = unit }
        if let direction { after.direction = direction }
        if let binding { after.binding = binding }
        if let domainName { after.domainName = domainName }
        if let definition { after.definition = definition }
        if let additive { after.additive = additive }
        if let minimum { after.minimum = minimum }
        if let maximum { after.maximum = maximum }
        if let disaggregations { after.disaggregations = disaggregations.filter { !$0.isEmpty } }
        if let departmentID {
            if let id = departmentID, try await DepartmentStore(db).department(id: id) == nil {
                throw JunhengError.invalid(field: "departmentId", "部门 \(id) 不存在")
            }
            after.departmentID = departmentID
        }
        if after.name.isEmpty { throw JunhengError.invalid(field: "name", "指标名称不能为空") }
        if let low = after.minimum, let high = after.maximum, low > high {
            throw JunhengError.invalid(field: "minimum", "最小值大于最大值")
        }
        guard after != before else { return before }
        try await db.update("indicators")
            .set("name", to: after.name).set("unit", to: after.unit).set("direction", to: after.direction.rawValue)
            .set("binding", to: after.binding.rawValue).set("domain_name", to: after.domainName)
            .set("definition", to: after.definition).set("additive", to: after.additive)
            .set("minimum_value", to: after.minimum).set("maximum_value", to: after.maximum)
            .set("disaggregations", to: try Self.json(after.disaggregations)).set("department_id", to: after.departmentID)
            .where("id", .equal, id).run()
        // The region that owns the indicator, so that the reviewers above it see the change.
        try await AuditLog(db).record(actor, action: "update", entity: "indicator", entityID: String(id),
                                      regionCode: regionCode?.rawValue, before: before, after: after)
        return after
    }

    // MARK: targets

    private static func target(from row: any SQLRow) throws -> TargetRecord {
        let code = try row.decode(column: "region_code", as: String.self)
        guard let region = RegionCode(rawValue: code) else {
            throw JunhengError.invalid(field: "region_code", "数据库中的地区代码无效：\(code)")
        }
        return TargetRecord(
            id: try row.decode(column: "id", as: Int64.self), indicatorID: try row.decode(column: "indicator_id", as: Int64.self),
            regionCode: region, planID: try row.decode(column: "plan_id", as: Int64?.self),
            baselineYear: try row.decode(column: "baseline_year", as: Int?.self),
            baselineValue: try row.decode(column: "baseline_value", as: Double?.self),
            targetYear: try row.decode(column: "target_year", as: Int.self),
            targetValue: try row.decode(column: "target_value", as: Double.self),
            targetValueHigh: try row.decode(column: "target_value_high", as: Double?.self),
            comparator: TargetComparator(rawValue: try row.decode(column: "comparator", as: String.self)) ?? .atLeast)
    }

    public func targets(indicatorID: Int64) async throws -> [TargetRecord] {
        try await db.select().column("*").from("targets").where("indicator_id", .equal, indicatorID)
            .orderBy("region_code").orderBy("target_year").all().map(Self.target(from:))
    }

    public func targets(regionCode: RegionCode) async throws -> [TargetRecord] {
        try await db.select().column("*").from("targets").where("region_code", .equal, regionCode.rawValue)
            .orderBy("indicator_id").orderBy("target_year").all().map(Self.target(from:))
    }

    /// Sets (or replaces) a region's own target for an indicator and target year; the target's
    /// `id` is ignored, and a `planID` of nil keeps the plan of the target it replaces.
    public func setTarget(_ new: TargetRecord, actor: AuditActor) async throws -> TargetRecord {
        let indicatorID = new.indicatorID, regionCode = new.regionCode
        _ = try await existingIndicator(id: indicatorID)
        _ = try await RegionStore(db).existingRegion(regionCode)
        var issues: [ValidationIssue] = []
        if !new.targetValue.isFinite { issues.append(.init(field: "targetValue", reason: "目标值无效")) }
        if let baselineYear = new.baselineYear, baselineYear >= new.targetYear {
            issues.append(.init(field: "baselineYear", reason: "基期年份应早于目标年份"))
        }
        if (new.baselineYear == nil) != (new.baselineValue == nil) {
            issues.append(.init(field: "baselineValue", reason: "基期年份和基期值须同时给出"))
        }
        guard issues.isEmpty else { throw JunhengError.invalid(issues) }
        let before = try await db.select().column("*").from("targets").where("indicator_id", .equal, indicatorID)
            .where("region_code", .equal, regionCode.rawValue).where("target_year", .equal, new.targetYear)
            .first().map(Self.target(from:))
        if let before {
            try await db.update("targets")
                .set("baseline_year", to: new.baselineYear).set("baseline_value", to: new.baselineValue)
                .set("target_value", to: new.targetValue).set("target_value_high", to: new.targetValueHigh)
                .set("comparator", to: new.comparator.rawValue).set("plan_id", to: new.planID ?? before.planID)
                .where("id", .equal, before.id).run()
        } else {
            try await db.insert(into: "targets")
                .columns("indicator_id", "region_code", "plan_id", "baseline_year", "baseline_value", "target_year",
                         "target_value", "target_value_high", "comparator")
                .values(SQLBind(indicatorID), SQLBind(regionCode.rawValue), SQLBind(new.planID), SQLBind(new.baselineYear),
                        SQLBind(new.baselineValue), SQLBind(new.targetYear), SQLBind(new.targetValue),
                        SQLBind(new.targetValueHigh), SQLBind(new.comparator.rawValue))
                .run()
        }
        let after = try await db.select().column("*").from("targets").where("indicator_id", .equal, indicatorID)
            .where("region_code", .equal, regionCode.rawValue).where("target_year", .equal, new.targetYear)
            .first().map(Self.target(from:))!
        try await AuditLog(db).record(actor, action: before == nil ? "create" : "update", entity: "target",
                                      entityID: String(after.id), regionCode: regionCode.rawValue, before: before, after: after)
        return after
    }

    /// The target in force for a region: its own latest target, else the nearest ancestor's.
    public func effectiveTarget(indicator: IndicatorRecord, regionPath: [RegionCode]) async throws -> EffectiveTarget? {
        guard !regionPath.isEmpty else { return nil }
        return Self.effectiveTarget(indicator: indicator, regionPath: regionPath,
                                    targets: try await targets(indicatorIDs: [indicator.id], regionCodes: regionPath.map(\.rawValue)))
    }

    /// The target in force for the first region of `regionPath`: its own, else the nearest
    /// ancestor's (inherited), with the latest target year first; flags an own binding target
    /// weaker than the parent's. `targets` may hold any regions' targets of the indicator.
    public static func effectiveTarget(indicator: IndicatorRecord, regionPath: [RegionCode], targets: [TargetRecord]) -> EffectiveTarget? {
        let byRegion = Dictionary(grouping: targets.filter { $0.indicatorID == indicator.id }
            .sorted { $0.targetYear > $1.targetYear }, by: \.regionCode)
        guard let (index, own) = regionPath.enumerated().lazy.compactMap({ index, code in byRegion[code]?.first.map { (index, $0) } }).first
        else { return nil }
        var weaker: TargetRecord?
        if index == 0, indicator.binding == .binding,
           let parent = regionPath.dropFirst().lazy.compactMap({ byRegion[$0]?.first }).first {
            let ownIsWeaker = indicator.direction == .higher ? own.targetValue < parent.targetValue : own.targetValue > parent.targetValue
            if ownIsWeaker { weaker = parent }
        }
        return EffectiveTarget(target: own, inherited: index > 0, weakerThanParent: weaker)
    }

    /// The targets of some indicators in some regions, in one query.
    public func targets(indicatorIDs: [Int64], regionCodes: [String]) async throws -> [TargetRecord] {
        guard !indicatorIDs.isEmpty, !regionCodes.isEmpty else { return [] }
        return try await db.select().column("*").from("targets").where("indicator_id", .in, indicatorIDs)
            .where("region_code", .in, regionCodes).orderBy("target_year", .descending).all().map(Self.target(from:))
    }
}

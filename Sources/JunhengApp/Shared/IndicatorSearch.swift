import Foundation
import JunhengCore
import Storage
import TextFormats

/// What a planner narrows the indicator list by, as typed (GET parameters, API query); blank
/// fields are left out and the rest must all hold.
public struct IndicatorQuery: Sendable, Equatable {
    /// The id of the plan the indicator's targets came from.
    public var plan: String?
    public var domain: String?
    /// The id of the lead department.
    public var department: String?
    /// A region: indicators with a target there or above it.
    public var region: String?
    /// Part of the code or name.
    public var text: String?

    public init(plan: String? = nil, domain: String? = nil, department: String? = nil, region: String? = nil, text: String? = nil) {
        func clean(_ value: String?) -> String? {
            guard let value = value?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
            return value
        }
        self.plan = clean(plan)
        self.domain = clean(domain)
        self.department = clean(department)
        self.region = clean(region)
        self.text = clean(text)
    }

    public var isEmpty: Bool { self == IndicatorQuery() }
}

extension MonitoringUseCases {
    /// The indicators matching every given criterion; `invalid` naming the field for an id or
    /// code that is not one, `notFound` for a region that does not exist.
    public func indicators(matching query: IndicatorQuery) async throws -> [IndicatorRecord] {
        var issues: [ValidationIssue] = []
        let planID = query.plan.flatMap { Int64($0) }
        if query.plan != nil && planID == nil { issues.append(.init(field: "plan", reason: "“\(query.plan!.excerpt())”不是规划编号")) }
        let departmentID = query.department.flatMap { Int64($0) }
        if query.department != nil && departmentID == nil {
            issues.append(.init(field: "department", reason: "“\(query.department!.excerpt())”不是部门编号"))
        }
        var region: RegionCode?
        if let text = query.region {
            if let code = RegionCode(rawValue: text) { region = code } else {
                issues.append(.init(field: "region", reason: "“\(text.excerpt())”不是有效的地区代码（6、9 或 12 位数字）"))
            }
        }
        guard issues.isEmpty else { throw JunhengError.invalid(issues) }
        let db = app.database.sql
        var regionPath: [RegionCode]?
        if let region {
            _ = try await RegionStore(db).existingRegion(region)
            regionPath = try await RegionStore(db).path(of: region)
        }
        return try await IndicatorStore(db).indicators(matching: IndicatorFilter(
            planID: planID, domainName: query.domain, departmentID: departmentID, regionPath: regionPath, text: query.text))
    }

    /// The domains indicators are filed under, for the list's filter.
    public func indicatorDomains() async throws -> [String] {
        try await IndicatorStore(app.database.sql).domainNames()
    }

    /// An indicator's progress table (the region and its children) as a spreadsheet: the same
    /// rows the indicator page shows this actor.
    public func exportProgress(_ indicator: IndicatorRecord, region: RegionCode, format: ExportFormat,
                               actor: Actor) async throws -> ExportFile {
        try Exports.progressTable(try await progressTable(indicator, parent: region, actor: actor), indicator: indicator,
                                  region: region, format: format)
    }

    /// The warnings of a region and its children (one department's when given) as a spreadsheet.
    public func exportWarnings(root: RegionCode, departmentID: Int64?, format: ExportFormat) async throws -> ExportFile {
        try Exports.warnings(try await warnings(root: root, departmentID: departmentID), region: root, departmentID: departmentID,
                             format: format)
    }
}

extension EqualizationAnalysis {
    /// The analysis as a spreadsheet: the children's values, weights and groups, then the measures.
    public func export(_ request: Request, format: ExportFormat) async throws -> ExportFile {
        try Exports.equalization(try await analyse(request), format: format)
    }
}

import Foundation
import JunhengCore
import SQLKit

public struct Department: Codable, Sendable, Equatable {
    public var id: Int64
    public var regionCode: RegionCode
    public var name: String
    public var shortName: String
}

/// Departments of each region's government (教育局, 卫健委 …): lead units of items and tasks.
public struct DepartmentStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) { self.db = db }

    private static func department(from row: any SQLRow) throws -> Department {
        let code = try row.decode(column: "region_code", as: String.self)
        guard let region = RegionCode(rawValue: code) else {
            throw JunhengError.invalid(field: "region_code", "数据库中的地区代码无效：\(code)")
        }
        return Department(id: try row.decode(column: "id", as: Int64.self), regionCode: region,
                          name: try row.decode(column: "name", as: String.self),
                          shortName: try row.decode(column: "short_name", as: String.self))
    }

    public func department(id: Int64) async throws -> Department? {
        try await db.select().columns("id", "region_code", "name", "short_name").from("departments")
            .where("id", .equal, id).first().map(Self.department(from:))
    }

    public func departments(in region: RegionCode) async throws -> [Department] {
        try await db.select().columns("id", "region_code", "name", "short_name").from("departments")
            .where("region_code", .equal, region.rawValue).orderBy("id").all().map(Self.department(from:))
    }

    public func create(regionCode: RegionCode, name: String, shortName: String = "", actor: AuditActor) async throws -> Department {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw JunhengError.invalid(field: "name", "部门名称不能为空") }
        _ = try await RegionStore(db).existingRegion(regionCode)
        let exists = try await db.select().column("id").from("departments")
            .where("region_code", .equal, regionCode.rawValue).where("name", .equal, trimmed).first()
        if exists != nil { throw JunhengError.conflict("部门“\(trimmed)”已存在") }
        let id = try await db.insert(into: "departments").columns("region_code", "name", "short_name", "created_at")
            .values(SQLBind(regionCode.rawValue), SQLBind(trimmed), SQLBind(shortName), SQLBind(Timestamp.now()))
            .returning("id").first()!.decode(column: "id", as: Int64.self)
        let created = Department(id: id, regionCode: regionCode, name: trimmed, shortName: shortName)
        try await AuditLog(db).record(actor, action: "create", entity: "department", entityID: String(id),
                                      regionCode: regionCode.rawValue, after: created)
        return created
    }
}

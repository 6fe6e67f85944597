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

    private var selectDepartments: SQLSelectBuilder {
        db.select().propertyColumns(["id", "region_code", "name", "short_name"]).from("departments")
    }

    public func department(id: Int64) async throws -> Department? {
        try await selectDepartments.where("id", .equal, id).first().map { try $0.decode(model: Department.self) }
    }

    public func departments(in region: RegionCode) async throws -> [Department] {
        try await departments(in: [region])
    }

    /// The departments of several regions, by id, in one query.
    public func departments(in regions: [RegionCode]) async throws -> [Department] {
        guard !regions.isEmpty else { return [] }
        return try await selectDepartments.where("region_code", .in, regions.map(\.rawValue)).orderBy("id").all()
            .map { try $0.decode(model: Department.self) }
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

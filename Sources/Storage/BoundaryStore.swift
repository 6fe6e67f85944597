import Foundation
import JunhengCore
import SQLKit

/// Where a region's boundary came from: the file's datum, the source, its vintage and the map
/// approval number (审图号) a published map in China needs.
public struct BoundaryProvenance: Codable, Sendable, Equatable {
    /// `wgs84` or `gcj02`: the datum of the imported file (stored coordinates are WGS84).
    public var sourceSystem: String
    public var source: String
    public var vintage: String
    public var approvalNumber: String

    public init(sourceSystem: String, source: String, vintage: String, approvalNumber: String) {
        self.sourceSystem = sourceSystem
        self.source = source
        self.vintage = vintage
        self.approvalNumber = approvalNumber
    }
}

/// One region's stored boundary: its geometry (a GeoJSON Feature in WGS84, as imported) and where
/// it came from.
public struct BoundaryRecord: Codable, Sendable, Equatable {
    public var regionCode: String
    public var geometry: String
    public var provenance: BoundaryProvenance
    public var pointCount: Int
    public var importedAt: String

    public init(regionCode: String, geometry: String, provenance: BoundaryProvenance, pointCount: Int, importedAt: String = "") {
        self.regionCode = regionCode
        self.geometry = geometry
        self.provenance = provenance
        self.pointCount = pointCount
        self.importedAt = importedAt
    }
}

/// A stored boundary without its geometry: what the list of boundaries shows.
public struct BoundarySummary: Codable, Sendable, Equatable {
    public var regionCode: String
    public var regionName: String
    public var provenance: BoundaryProvenance
    public var pointCount: Int
    public var importedAt: String
}

/// Region boundaries and their shapes simplified per zoom level. Geometry is stored as text (GeoJSON)
/// on both engines: boundaries are read whole for a map, never queried by shape.
public struct BoundaryStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) { self.db = db }

    /// Stores `records`, replacing the boundaries those regions had, with one audit entry per region.
    public func replace(_ records: [BoundaryRecord], actor: AuditActor) async throws {
        guard !records.isEmpty else { return }
        let now = Timestamp.now()
        let codes = records.map(\.regionCode)
        try await db.delete(from: "region_boundaries").where("region_code", .in, codes).run()
        for record in records {
            try await db.insert(into: "region_boundaries")
                .columns("region_code", "geometry", "source_system", "source", "vintage", "approval_number", "point_count",
                         "imported_by", "imported_at")
                .values(SQLBind(record.regionCode), SQLBind(record.geometry), SQLBind(record.provenance.sourceSystem),
                        SQLBind(record.provenance.source), SQLBind(record.provenance.vintage),
                        SQLBind(record.provenance.approvalNumber), SQLBind(record.pointCount), SQLBind(actor.userID), SQLBind(now))
                .run()
            try await AuditLog(db).record(actor, action: "import", entity: "region_boundary", entityID: record.regionCode,
                                          regionCode: record.regionCode, after: record.provenance)
        }
    }

    /// Every stored boundary with its geometry, by region code.
    public func all() async throws -> [BoundaryRecord] {
        try await db.select().columns("region_code", "geometry", "source_system", "source", "vintage", "approval_number",
                                      "point_count", "imported_at")
            .from("region_boundaries").orderBy("region_code").all().map { row in
                BoundaryRecord(
                    regionCode: try row.decode(column: "region_code", as: String.self),
                    geometry: try row.decode(column: "geometry", as: String.self),
                    provenance: try Self.provenance(row),
                    pointCount: try row.decode(column: "point_count", as: Int.self),
                    importedAt: try row.decode(column: "imported_at", as: String.self))
            }
    }

    private static func provenance(_ row: any SQLRow) throws -> BoundaryProvenance {
        BoundaryProvenance(sourceSystem: try row.decode(column: "source_system", as: String.self),
                           source: try row.decode(column: "source", as: String.self),
                           vintage: try row.decode(column: "vintage", as: String.self),
                           approvalNumber: try row.decode(column: "approval_number", as: String.self))
    }

    /// What is stored, without geometry, with each region's name.
    public func summaries() async throws -> [BoundarySummary] {
        try await db.select()
            .columns(SQLColumn("region_code", table: "b"), SQLColumn("name", table: "r"), SQLColumn("source_system", table: "b"),
                     SQLColumn("source", table: "b"), SQLColumn("vintage", table: "b"), SQLColumn("approval_number", table: "b"),
                     SQLColumn("point_count", table: "b"), SQLColumn("imported_at", table: "b"))
            .from(SQLAlias(SQLIdentifier("region_boundaries"), as: SQLIdentifier("b")))
            .join(SQLAlias(SQLIdentifier("regions"), as: SQLIdentifier("r")), on: SQLColumn("code", table: "r"), .equal,
                  SQLColumn("region_code", table: "b"))
            .orderBy(SQLColumn("region_code", table: "b")).all().map { row in
                BoundarySummary(regionCode: try row.decode(column: "region_code", as: String.self),
                                regionName: try row.decode(column: "name", as: String.self),
                                provenance: try Self.provenance(row),
                                pointCount: try row.decode(column: "point_count", as: Int.self),
                                importedAt: try row.decode(column: "imported_at", as: String.self))
            }
    }

    /// Where the stored boundaries of `regionCodes` came from, by region code.
    public func provenances(of regionCodes: [String]) async throws -> [String: BoundaryProvenance] {
        guard !regionCodes.isEmpty else { return [:] }
        var result: [String: BoundaryProvenance] = [:]
        for row in try await db.select().columns("region_code", "source_system", "source", "vintage", "approval_number")
            .from("region_boundaries").where("region_code", .in, regionCodes).all() {
            result[try row.decode(column: "region_code", as: String.self)] = try Self.provenance(row)
        }
        return result
    }

    /// Replaces every stored shape with `shapes` (region code → GeoJSON Feature, per zoom level):
    /// the shapes are simplified together, so they are written together.
    public func replaceShapes(_ shapes: [Int: [String: String]]) async throws {
        try await db.delete(from: "region_boundary_shapes").run()
        for (zoom, byRegion) in shapes {
            for (code, geometry) in byRegion {
                try await db.insert(into: "region_boundary_shapes").columns("region_code", "zoom", "geometry")
                    .values(SQLBind(code), SQLBind(zoom), SQLBind(geometry)).run()
            }
        }
    }

    /// The shapes of `regionCodes` at `zoom` (region code → GeoJSON Feature), for those that have one.
    public func shapes(of regionCodes: [String], zoom: Int) async throws -> [String: String] {
        guard !regionCodes.isEmpty else { return [:] }
        var result: [String: String] = [:]
        for row in try await db.select().columns("region_code", "geometry").from("region_boundary_shapes")
            .where("zoom", .equal, zoom).where("region_code", .in, regionCodes).all() {
            result[try row.decode(column: "region_code", as: String.self)] = try row.decode(column: "geometry", as: String.self)
        }
        return result
    }
}

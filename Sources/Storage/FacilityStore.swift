import Foundation
import JunhengCore
import SQLKit

/// Where a register's rows came from: the file (or form) and the datum its coordinates were in.
public struct RegisterSource: Codable, Sendable, Equatable {
    public var source: String
    /// `wgs84` or `gcj02`: the datum of the file (stored coordinates are WGS84).
    public var sourceSystem: String

    public init(source: String, sourceSystem: String) {
        self.source = source
        self.sourceSystem = sourceSystem
    }
}

/// What an import wrote: rows added and rows that replaced one with the same code.
public struct RegisterWrite: Codable, Sendable, Equatable {
    public var added: Int
    public var updated: Int

    public init(added: Int, updated: Int) {
        self.added = added
        self.updated = updated
    }
}

/// The facility register and the population points (the supply and demand of the accessibility
/// measures). Rows are keyed by the register's own code: an import replaces the rows whose codes
/// it carries and leaves the others.
public struct FacilityStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) { self.db = db }

    /// Rows per INSERT: 200 × 16 values stays far under both engines' limits on bound values.
    static let rowsPerInsert = 200

    /// Stores `facilities`, replacing those with the same codes, with one audit entry for the import.
    public func upsert(_ facilities: [Facility], from source: RegisterSource, actor: AuditActor,
                       auditRegion: String?) async throws -> RegisterWrite {
        let existing = try await existingCodes(facilities.map(\.code), in: "facilities")
        try await delete(codes: Array(existing), from: "facilities")
        let now = Timestamp.now()
        for chunk in facilities.chunked(into: Self.rowsPerInsert) {
            var insert = db.insert(into: "facilities")
                .columns("code", "name", "kind", "region_code", "longitude", "latitude", "beds", "places", "doctors", "status",
                         "service_item", "address", "source", "source_system", "imported_by", "imported_at")
            for f in chunk {
                insert = insert.values(SQLBind(f.code), SQLBind(f.name), SQLBind(f.kind), SQLBind(f.regionCode), SQLBind(f.longitude),
                                       SQLBind(f.latitude), SQLBind(f.beds), SQLBind(f.places), SQLBind(f.doctors),
                                       SQLBind(f.status.rawValue), SQLBind(f.serviceItem), SQLBind(f.address), SQLBind(source.source),
                                       SQLBind(source.sourceSystem), SQLBind(actor.userID), SQLBind(now))
            }
            try await insert.run()
        }
        let write = RegisterWrite(added: facilities.count - existing.count, updated: existing.count)
        try await AuditLog(db).record(actor, action: "import", entity: "facilities", entityID: source.source,
                                      regionCode: auditRegion, after: write)
        return write
    }

    /// Stores `points`, replacing those with the same codes, with one audit entry for the import.
    public func upsert(_ points: [PopulationPoint], from source: RegisterSource, actor: AuditActor,
                       auditRegion: String?) async throws -> RegisterWrite {
        let existing = try await existingCodes(points.map(\.code), in: "population_points")
        try await delete(codes: Array(existing), from: "population_points")
        let now = Timestamp.now()
        for chunk in points.chunked(into: Self.rowsPerInsert) {
            var insert = db.insert(into: "population_points")
                .columns("code", "name", "region_code", "longitude", "latitude", "population", "year", "source", "source_system",
                         "imported_by", "imported_at")
            for p in chunk {
                insert = insert.values(SQLBind(p.code), SQLBind(p.name), SQLBind(p.regionCode), SQLBind(p.longitude),
                                       SQLBind(p.latitude), SQLBind(p.population), SQLBind(p.year), SQLBind(source.source),
                                       SQLBind(source.sourceSystem), SQLBind(actor.userID), SQLBind(now))
            }
            try await insert.run()
        }
        let write = RegisterWrite(added: points.count - existing.count, updated: existing.count)
        try await AuditLog(db).record(actor, action: "import", entity: "population_points", entityID: source.source,
                                      regionCode: auditRegion, after: write)
        return write
    }

    private func existingCodes(_ codes: [String], in table: String) async throws -> Set<String> {
        var found: Set<String> = []
        for chunk in codes.chunked(into: 500) {
            for row in try await db.select().column("code").from(table).where("code", .in, Array(chunk)).all() {
                found.insert(try row.decode(column: "code", as: String.self))
            }
        }
        return found
    }

    private func delete(codes: [String], from table: String) async throws {
        for chunk in codes.chunked(into: 500) { try await db.delete(from: table).where("code", .in, Array(chunk)).run() }
    }

    /// The facilities in `regionCodes`, of `kinds` (all kinds when nil), by code.
    public func facilities(in regionCodes: [String], kinds: [String]? = nil) async throws -> [Facility] {
        guard !regionCodes.isEmpty else { return [] }
        var select = db.select()
            .columns("code", "name", "kind", "region_code", "longitude", "latitude", "beds", "places", "doctors", "status",
                     "service_item", "address")
            .from("facilities").where("region_code", .in, regionCodes)
        if let kinds { select = select.where("kind", .in, kinds) }
        return try await select.orderBy("code").all().map { row in
            Facility(code: try row.decode(column: "code", as: String.self), name: try row.decode(column: "name", as: String.self),
                     kind: try row.decode(column: "kind", as: String.self),
                     regionCode: try row.decode(column: "region_code", as: String.self),
                     longitude: try row.decode(column: "longitude", as: Double.self),
                     latitude: try row.decode(column: "latitude", as: Double.self),
                     beds: try row.decode(column: "beds", as: Int?.self), places: try row.decode(column: "places", as: Int?.self),
                     doctors: try row.decode(column: "doctors", as: Int?.self),
                     status: FacilityStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .closed,
                     serviceItem: try row.decode(column: "service_item", as: String.self),
                     address: try row.decode(column: "address", as: String.self))
        }
    }

    /// The population points in `regionCodes`, by code.
    public func populationPoints(in regionCodes: [String]) async throws -> [PopulationPoint] {
        guard !regionCodes.isEmpty else { return [] }
        return try await db.select()
            .columns("code", "name", "region_code", "longitude", "latitude", "population", "year")
            .from("population_points").where("region_code", .in, regionCodes).orderBy("code").all().map { row in
                PopulationPoint(code: try row.decode(column: "code", as: String.self),
                                name: try row.decode(column: "name", as: String.self),
                                regionCode: try row.decode(column: "region_code", as: String.self),
                                longitude: try row.decode(column: "longitude", as: Double.self),
                                latitude: try row.decode(column: "latitude", as: Double.self),
                                population: try row.decode(column: "population", as: Int.self),
                                year: try row.decode(column: "year", as: Int.self))
            }
    }

    /// The regions that hold population points, each once.
    public func populationRegionCodes() async throws -> [String] {
        try await db.select().distinct().column("region_code").from("population_points").orderBy("region_code").all()
            .map { try $0.decode(column: "region_code", as: String.self) }
    }

    /// How many facilities and population points are stored at all, for the demo's check that it has loaded them.
    public func counts() async throws -> (facilities: Int, populationPoints: Int) {
        func count(_ table: String) async throws -> Int {
            try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(table).first()?
                .decode(column: "n", as: Int.self) ?? 0
        }
        return (try await count("facilities"), try await count("population_points"))
    }
}


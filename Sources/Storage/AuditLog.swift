import Foundation
import SQLKit

/// Who did something, for the audit trail: the user (nil for the system, e.g. `junheng demo`)
/// and the request it came in on.
public struct AuditActor: Sendable {
    public var userID: Int64?
    public var username: String
    public var requestID: String?

    public init(userID: Int64?, username: String, requestID: String? = nil) {
        self.userID = userID
        self.username = username
        self.requestID = requestID
    }

    /// The command-line tool acting on the operator's behalf.
    public static func system(_ command: String) -> AuditActor {
        AuditActor(userID: nil, username: "system:\(command)")
    }
}

public struct AuditEntry: Codable, Sendable {
    public var id: Int64
    public var occurredAt: String
    public var userID: Int64?
    public var username: String?
    public var action: String
    public var entity: String
    public var entityID: String
    public var regionCode: String?
    /// JSON of the entity before and after the change (nil for creations and deletions respectively).
    public var before: String?
    public var after: String?
    public var requestID: String?
}

/// The audit trail. Writes go through the same session as the change they describe, so a change
/// and its audit row commit or roll back together.
public struct AuditLog: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) { self.db = db }

    private static func json(_ value: (any Encodable)?) throws -> String? {
        guard let value else { return nil }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    public func record(
        _ actor: AuditActor, action: String, entity: String, entityID: String,
        regionCode: String? = nil, before: (any Encodable)? = nil, after: (any Encodable)? = nil
    ) async throws {
        try await db.insert(into: "audit_log")
            .columns("occurred_at", "user_id", "username", "action", "entity", "entity_id",
                     "region_code", "before_json", "after_json", "request_id")
            .values(SQLBind(Timestamp.now()), SQLBind(actor.userID), SQLBind(actor.username),
                    SQLBind(action), SQLBind(entity), SQLBind(entityID), SQLBind(regionCode),
                    SQLBind(try Self.json(before)), SQLBind(try Self.json(after)), SQLBind(actor.requestID))
            .run()
    }

    /// Newest first, at most 1,000; `regionCodes` limits to changes recorded for those regions.
    public func entries(
        entity: String? = nil, entityID: String? = nil, regionCodes: [String]? = nil, limit: Int = 100
    ) async throws -> [AuditEntry] {
        try await entries(matching: AuditFilter(entity: entity, entityID: entityID, regionCodes: regionCodes),
                          limit: max(1, min(limit, 1000)))
    }

    public func count() async throws -> Int {
        try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from("audit_log").first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// Entries matching `filter`, newest first, `limit` of them after skipping `offset`.
    public func entries(matching filter: AuditFilter, offset: Int = 0, limit: Int) async throws -> [AuditEntry] {
        let query = Self.apply(filter, to: db.select()
            .columns("id", "occurred_at", "user_id", "username", "action", "entity", "entity_id",
                     "region_code", "before_json", "after_json", "request_id")
            .from("audit_log"))
        return try await query.orderBy("id", .descending).offset(max(0, offset)).limit(max(1, limit)).all().map(Self.entry(from:))
    }

    /// How many entries match `filter`.
    public func count(matching filter: AuditFilter) async throws -> Int {
        try await Self.apply(filter, to: db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("audit_log"))
            .first()?.decode(column: "n", as: Int.self) ?? 0
    }

    private static func apply(_ filter: AuditFilter, to query: SQLSelectBuilder) -> SQLSelectBuilder {
        var query = query
        if let username = filter.username { query = query.where("username", .equal, username) }
        if let action = filter.action { query = query.where("action", .equal, action) }
        if let entity = filter.entity { query = query.where("entity", .equal, entity) }
        if let entityID = filter.entityID { query = query.where("entity_id", .equal, entityID) }
        // Timestamps are fixed-width ISO text, so string comparison is time order.
        if let from = filter.from { query = query.where("occurred_at", .greaterThanOrEqual, from) }
        if let until = filter.until { query = query.where("occurred_at", .lessThan, until) }
        if let regionCodes = filter.regionCodes { query = query.where("region_code", .in, regionCodes) }
        return query
    }

    private static func entry(from row: any SQLRow) throws -> AuditEntry {
        AuditEntry(
            id: try row.decode(column: "id", as: Int64.self),
            occurredAt: try row.decode(column: "occurred_at", as: String.self),
            userID: try row.decode(column: "user_id", as: Int64?.self),
            username: try row.decode(column: "username", as: String?.self),
            action: try row.decode(column: "action", as: String.self),
            entity: try row.decode(column: "entity", as: String.self),
            entityID: try row.decode(column: "entity_id", as: String.self),
            regionCode: try row.decode(column: "region_code", as: String?.self),
            before: try row.decode(column: "before_json", as: String?.self),
            after: try row.decode(column: "after_json", as: String?.self),
            requestID: try row.decode(column: "request_id", as: String?.self))
    }
}

/// Which audit entries to read; nil leaves a criterion out. `from` and `until` are stored
/// timestamps (`from` inclusive, `until` exclusive).
public struct AuditFilter: Sendable, Equatable {
    public var username: String?
    public var action: String?
    public var entity: String?
    public var entityID: String?
    public var from: String?
    public var until: String?
    /// Only entries recorded for these regions (a scoped reader's subtree); nil for all.
    public var regionCodes: [String]?

    public init(username: String? = nil, action: String? = nil, entity: String? = nil, entityID: String? = nil,
                from: String? = nil, until: String? = nil, regionCodes: [String]? = nil) {
        self.username = username
        self.action = action
        self.entity = entity
        self.entityID = entityID
        self.from = from
        self.until = until
        self.regionCodes = regionCodes
    }
}

import Foundation
import JunhengCore
import SQLKit

/// A stored work order with the catalogue item it was found to be about.
public struct HotlineRecord: Sendable, Equatable, Codable {
    public var order: HotlineOrder
    public var itemCode: String?
    /// `keyword` (found by the planner's keywords) or `person` (chosen in the review queue); nil: not yet.
    public var mappedBy: String?

    public init(order: HotlineOrder, itemCode: String?, mappedBy: String?) {
        self.order = order
        self.itemCode = itemCode
        self.mappedBy = mappedBy
    }
}

/// 12345 hotline work orders (no caller details) and the planner's keywords per catalogue item.
public struct HotlineStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) { self.db = db }

    /// Inserts orders, or updates those whose number is already stored (an export imported again);
    /// an order mapped by a person keeps its item. One audit entry for the file.
    public func upsert(_ records: [HotlineRecord], source: String, actor: AuditActor) async throws -> (added: Int, updated: Int) {
        let now = Timestamp.now()
        var known: [String: String?] = [:]
        for chunk in records.map(\.order.number).chunked(into: 500) {
            for row in try await db.select().columns("number", "mapped_by").from("hotline_orders").where("number", .in, Array(chunk)).all() {
                known[try row.decode(column: "number", as: String.self)] = try row.decode(column: "mapped_by", as: String?.self)
            }
        }
        var added = 0
        for record in records {
            let order = record.order
            if let mappedBy = known[order.number] {
                var update = db.update("hotline_orders")
                    .set("received_on", to: SQLBind(order.receivedOn.description)).set("region_code", to: SQLBind(order.regionCode))
                    .set("department", to: SQLBind(order.department)).set("text", to: SQLBind(order.text))
                    .set("resolved", to: SQLBind(order.resolved.map { $0 ? 1 : 0 }))
                    .set("satisfied", to: SQLBind(order.satisfied.map { $0 ? 1 : 0 }))
                if mappedBy != "person" {
                    update = update.set("item_code", to: SQLBind(record.itemCode)).set("mapped_by", to: SQLBind(record.mappedBy))
                }
                try await update.where("number", .equal, order.number).run()
            } else {
                try await db.insert(into: "hotline_orders")
                    .columns("number", "received_on", "region_code", "department", "text", "resolved", "satisfied", "item_code",
                             "mapped_by", "imported_at")
                    .values(SQLBind(order.number), SQLBind(order.receivedOn.description), SQLBind(order.regionCode),
                            SQLBind(order.department), SQLBind(order.text), SQLBind(order.resolved.map { $0 ? 1 : 0 }),
                            SQLBind(order.satisfied.map { $0 ? 1 : 0 }), SQLBind(record.itemCode), SQLBind(record.mappedBy), SQLBind(now))
                    .run()
                added += 1
            }
        }
        try await AuditLog(db).record(actor, action: "import", entity: "hotline_orders", entityID: source,
                                      after: ["added": added, "updated": records.count - added])
        return (added, records.count - added)
    }

    /// The orders of `regionCodes` received between `from` and `to` (inclusive), oldest first.
    public func orders(in regionCodes: [String], from: CalendarDay, to: CalendarDay) async throws -> [HotlineRecord] {
        guard !regionCodes.isEmpty else { return [] }
        var records: [HotlineRecord] = []
        for chunk in regionCodes.chunked(into: 500) {
            records += try await select().where("region_code", .in, Array(chunk))
                .where("received_on", .greaterThanOrEqual, from.description).where("received_on", .lessThanOrEqual, to.description)
                .orderBy("received_on").orderBy("number").all().map(Self.record)
        }
        return records.sorted { ($0.order.receivedOn, $0.order.number) < ($1.order.receivedOn, $1.order.number) }
    }

    /// Orders of `regionCodes` no item was found for: the review queue, oldest first.
    public func unmapped(in regionCodes: [String], limit: Int = 200) async throws -> [HotlineRecord] {
        guard !regionCodes.isEmpty else { return [] }
        var records: [HotlineRecord] = []
        for chunk in regionCodes.chunked(into: 500) {
            records += try await select().where("region_code", .in, Array(chunk)).where("item_code", .is, SQLLiteral.null)
                .orderBy("received_on").orderBy("number").limit(limit).all().map(Self.record)
        }
        return Array(records.sorted { ($0.order.receivedOn, $0.order.number) < ($1.order.receivedOn, $1.order.number) }.prefix(limit))
    }

    public func order(number: String) async throws -> HotlineRecord? {
        try await select().where("number", .equal, number).first().map(Self.record)
    }

    /// A person's choice of item for an order; it stays through later imports.
    public func assign(_ number: String, itemCode: String, actor: AuditActor) async throws {
        try await db.update("hotline_orders").set("item_code", to: SQLBind(itemCode)).set("mapped_by", to: SQLBind("person"))
            .where("number", .equal, number).run()
        try await AuditLog(db).record(actor, action: "assign_item", entity: "hotline_order", entityID: number, after: ["item": itemCode])
    }

    /// The keywords' choice of item for each order not chosen by a person (nil: none found).
    public func applyKeywordMatches(_ matches: [(number: String, itemCode: String?)]) async throws {
        for match in matches {
            try await db.update("hotline_orders").set("item_code", to: SQLBind(match.itemCode))
                .set("mapped_by", to: SQLBind(match.itemCode == nil ? nil : "keyword"))
                .where("number", .equal, match.number)
                .where { $0.where("mapped_by", .is, SQLLiteral.null).orWhere("mapped_by", .notEqual, "person") }.run()
        }
    }

    /// The keywords a region's planners keep (each region its own: a county's do not change the city's).
    public func keywordMap(region: RegionCode) async throws -> HotlineKeywordMap {
        HotlineKeywordMap(rules: try await db.select().columns("item_code", "keywords").from("hotline_keywords")
            .where("region_code", .equal, region.rawValue).orderBy("item_code")
            .all().map { row in
                HotlineKeywordMap.Rule(itemCode: try row.decode(column: "item_code", as: String.self),
                                       keywords: try row.decode(column: "keywords", as: String.self).split(separator: "\n").map(String.init))
            })
    }

    /// Replaces a region's keywords (the whole map at once).
    public func setKeywordMap(_ map: HotlineKeywordMap, region: RegionCode, actor: AuditActor) async throws {
        try await db.delete(from: "hotline_keywords").where("region_code", .equal, region.rawValue).run()
        for rule in map.rules where !rule.keywords.isEmpty {
            try await db.insert(into: "hotline_keywords").columns("region_code", "item_code", "keywords")
                .values(SQLBind(region.rawValue), SQLBind(rule.itemCode), SQLBind(rule.keywords.joined(separator: "\n"))).run()
        }
        try await AuditLog(db).record(actor, action: "set_keywords", entity: "hotline_keywords", entityID: region.rawValue,
                                      regionCode: region.rawValue, after: ["items": map.rules.count])
    }

    private func select() -> SQLSelectBuilder {
        db.select().columns("number", "received_on", "region_code", "department", "text", "resolved", "satisfied", "item_code",
                            "mapped_by").from("hotline_orders")
    }

    private static func record(_ row: any SQLRow) throws -> HotlineRecord {
        func flag(_ column: String) throws -> Bool? { try row.decode(column: column, as: Int?.self).map { $0 != 0 } }
        let day = try row.decode(column: "received_on", as: String.self)
        return HotlineRecord(
            order: HotlineOrder(number: try row.decode(column: "number", as: String.self),
                                receivedOn: CalendarDay(day) ?? CalendarDay(year: 1970, month: 1, day: 1)!,
                                regionCode: try row.decode(column: "region_code", as: String.self),
                                department: try row.decode(column: "department", as: String.self),
                                text: try row.decode(column: "text", as: String.self),
                                resolved: try flag("resolved"), satisfied: try flag("satisfied")),
            itemCode: try row.decode(column: "item_code", as: String?.self), mappedBy: try row.decode(column: "mapped_by", as: String?.self))
    }
}

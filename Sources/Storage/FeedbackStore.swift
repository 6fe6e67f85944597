import Foundation
import JunhengCore
import SQLKit

/// A citizen's message (`feedback`); `id` is 0 until stored. Contact details are not part of it:
/// they are a ``FeedbackContact`` in their own table.
public struct FeedbackRecord: Codable, Sendable, Equatable {
    public var id: Int64
    public var receipt: String
    public var kind: FeedbackKind
    public var regionCode: RegionCode
    /// The catalogue item (by its stable key) and its name when the message was sent.
    public var itemKey: String?
    public var itemName: String
    public var text: String
    public var status: FeedbackStatus
    /// The handling department; nil while the planner's office has to route it.
    public var departmentID: Int64?
    public var receivedOn: CalendarDay
    public var dueOn: CalendarDay
    /// The public answer.
    public var answer: String?
    public var answeredOn: CalendarDay?
    public var answeredBy: Int64?
    /// The earlier message this one duplicates (status `merged`).
    public var mergedIntoID: Int64?
    /// The citizen's rating of the answer, 1–5.
    public var rating: Int?
    public var duplicateKey: String
    public var createdAt: String
    public var updatedAt: String

    public init(id: Int64 = 0, receipt: String, kind: FeedbackKind, regionCode: RegionCode, itemKey: String? = nil,
                itemName: String = "", text: String, status: FeedbackStatus = .new, departmentID: Int64? = nil,
                receivedOn: CalendarDay, dueOn: CalendarDay, answer: String? = nil, answeredOn: CalendarDay? = nil,
                answeredBy: Int64? = nil, mergedIntoID: Int64? = nil, rating: Int? = nil, duplicateKey: String,
                createdAt: String = "", updatedAt: String = "") {
        self.id = id
        self.receipt = receipt
        self.kind = kind
        self.regionCode = regionCode
        self.itemKey = itemKey
        self.itemName = itemName
        self.text = text
        self.status = status
        self.departmentID = departmentID
        self.receivedOn = receivedOn
        self.dueOn = dueOn
        self.answer = answer
        self.answeredOn = answeredOn
        self.answeredBy = answeredBy
        self.mergedIntoID = mergedIntoID
        self.rating = rating
        self.duplicateKey = duplicateKey
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// How to reach the citizen who sent a message, when they chose to say.
public struct FeedbackContact: Codable, Sendable, Equatable {
    public var name: String?
    public var phone: String?

    public init(name: String?, phone: String?) {
        self.name = name
        self.phone = phone
    }
}

/// An internal note on a message: for the handlers, never public.
public struct FeedbackNote: Codable, Sendable, Equatable {
    public var id: Int64
    public var feedbackID: Int64
    public var text: String
    public var writtenBy: Int64?
    public var writtenAt: String
}

/// Citizens' messages, their contacts and notes, and the record of recent posts the posting
/// policy reads.
public struct FeedbackStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) { self.db = db }

    private static let columns = ["id", "receipt", "kind", "region_code", "item_key", "item_name", "text", "status",
                                  "department_id", "received_on", "due_on", "answer", "answered_on", "answered_by",
                                  "merged_into_id", "rating", "duplicate_key", "created_at", "updated_at"]

    private struct Row: Decodable {
        var id: Int64
        var receipt: String
        var kind: String
        var regionCode: String
        var itemKey: String?
        var itemName: String
        var text: String
        var status: String
        var departmentID: Int64?
        var receivedOn: String
        var dueOn: String
        var answer: String?
        var answeredOn: String?
        var answeredBy: Int64?
        var mergedIntoID: Int64?
        var rating: Int?
        var duplicateKey: String
        var createdAt: String
        var updatedAt: String

        func record() throws -> FeedbackRecord {
            guard let kind = FeedbackKind(rawValue: kind), let status = FeedbackStatus(rawValue: status),
                  let region = RegionCode(rawValue: regionCode), let received = CalendarDay(receivedOn),
                  let due = CalendarDay(dueOn) else {
                throw JunhengError.invalid(field: "feedback", "数据库中的留言 \(id) 数据无效")
            }
            return FeedbackRecord(
                id: id, receipt: receipt, kind: kind, regionCode: region, itemKey: itemKey, itemName: itemName, text: text,
                status: status, departmentID: departmentID, receivedOn: received, dueOn: due, answer: answer,
                answeredOn: answeredOn.flatMap(CalendarDay.init), answeredBy: answeredBy, mergedIntoID: mergedIntoID,
                rating: rating, duplicateKey: duplicateKey, createdAt: createdAt, updatedAt: updatedAt)
        }
    }

    private func select() -> SQLSelectBuilder { db.select().propertyColumns(Self.columns).from("feedback") }

    public func feedback(_ id: Int64) async throws -> FeedbackRecord? {
        try await select().where("id", .equal, id).first()?.decode(model: Row.self).record()
    }

    public func existingFeedback(_ id: Int64) async throws -> FeedbackRecord {
        guard let found = try await feedback(id) else { throw JunhengError.notFound("留言 \(id) 不存在") }
        return found
    }

    public func feedback(receipt: String) async throws -> FeedbackRecord? {
        try await select().where("receipt", .equal, receipt).first()?.decode(model: Row.self).record()
    }

    /// Messages filtered by region, handling department (nil in the list means "not yet routed")
    /// and status, oldest due first: the order a handler works in.
    public func list(regions: [RegionCode]? = nil, departmentIDs: [Int64?]? = nil,
                     statuses: [FeedbackStatus]? = nil) async throws -> [FeedbackRecord] {
        var query = select()
        if let regions { query = query.where("region_code", .in, regions.map(\.rawValue)) }
        if let statuses { query = query.where("status", .in, statuses.map(\.rawValue)) }
        if let departmentIDs {
            let ids = departmentIDs.compactMap { $0 }
            let unrouted = departmentIDs.contains(where: { $0 == nil })
            query = query.where { group in
                var group = group.where("department_id", .in, ids)
                if unrouted { group = group.orWhere("department_id", .is, SQLLiteral.null) }
                return group
            }
        }
        return try await query.orderBy("due_on").orderBy("id").all().map { try $0.decode(model: Row.self).record() }
    }

    /// Answered and closed messages, newest answer first: what the public page lists.
    public func answered(limit: Int) async throws -> [FeedbackRecord] {
        try await select().where("status", .in, [FeedbackStatus.answered.rawValue, FeedbackStatus.closed.rawValue])
            .orderBy("answered_on", .descending).orderBy("id", .descending).limit(limit).all()
            .map { try $0.decode(model: Row.self).record() }
    }

    /// Stores a new message with its contact (if any). The audit row leaves the contact out.
    public func create(_ record: FeedbackRecord, contact: FeedbackContact?, actor: AuditActor) async throws -> FeedbackRecord {
        let now = Timestamp.now()
        let id = try await db.insert(into: "feedback")
            .columns("receipt", "kind", "region_code", "item_key", "item_name", "text", "status", "department_id",
                     "received_on", "due_on", "duplicate_key", "created_at", "updated_at")
            .values(SQLBind(record.receipt), SQLBind(record.kind.rawValue), SQLBind(record.regionCode.rawValue),
                    SQLBind(record.itemKey), SQLBind(record.itemName), SQLBind(record.text), SQLBind(record.status.rawValue),
                    SQLBind(record.departmentID), SQLBind(record.receivedOn.description), SQLBind(record.dueOn.description),
                    SQLBind(record.duplicateKey), SQLBind(now), SQLBind(now))
            .returning("id").first()!.decode(column: "id", as: Int64.self)
        if let contact, contact.name != nil || contact.phone != nil {
            try await db.insert(into: "feedback_contacts").columns("feedback_id", "name", "phone")
                .values(SQLBind(id), SQLBind(contact.name), SQLBind(contact.phone)).run()
        }
        let stored = try await existingFeedback(id)
        try await AuditLog(db).record(actor, action: "create", entity: "feedback", entityID: String(id),
                                      regionCode: stored.regionCode.rawValue, after: stored)
        return stored
    }

    /// Writes what handling changed (status, department, answer, merge, rating), audited as `action`.
    public func update(_ record: FeedbackRecord, action: String, actor: AuditActor) async throws -> FeedbackRecord {
        let before = try await existingFeedback(record.id)
        try await db.update("feedback").set("status", to: record.status.rawValue)
            .set("department_id", to: SQLBind(record.departmentID)).set("answer", to: SQLBind(record.answer))
            .set("answered_on", to: SQLBind(record.answeredOn?.description)).set("answered_by", to: SQLBind(record.answeredBy))
            .set("merged_into_id", to: SQLBind(record.mergedIntoID)).set("rating", to: SQLBind(record.rating))
            .set("updated_at", to: Timestamp.now()).where("id", .equal, record.id).run()
        let after = try await existingFeedback(record.id)
        try await AuditLog(db).record(actor, action: action, entity: "feedback", entityID: String(record.id),
                                      regionCode: after.regionCode.rawValue, before: before, after: after)
        return after
    }

    public func contact(feedbackID: Int64) async throws -> FeedbackContact? {
        try await db.select().columns("name", "phone").from("feedback_contacts").where("feedback_id", .equal, feedbackID)
            .first()?.decode(model: FeedbackContact.self)
    }

    public func addNote(feedbackID: Int64, text: String, userID: Int64?, actor: AuditActor) async throws {
        try await db.insert(into: "feedback_notes").columns("feedback_id", "text", "written_by", "written_at")
            .values(SQLBind(feedbackID), SQLBind(text), SQLBind(userID), SQLBind(Timestamp.now())).run()
        try await AuditLog(db).record(actor, action: "note", entity: "feedback", entityID: String(feedbackID))
    }

    public func notes(feedbackID: Int64) async throws -> [FeedbackNote] {
        try await db.select().propertyColumns(["id", "feedback_id", "text", "written_by", "written_at"]).from("feedback_notes")
            .where("feedback_id", .equal, feedbackID).orderBy("id").all().map { try $0.decode(model: FeedbackNote.self) }
    }

    /// Posts since `since` from the address or with the same duplicate key: what the posting
    /// policy decides on. Older posts are deleted first, so the table holds only that window.
    public func recentPosts(addressHash: String, duplicateKey: String, since: Date) async throws
        -> [FeedbackPostingPolicy.RecentPost] {
        let cutoff = Timestamp.string(from: since)
        try await db.delete(from: "feedback_posts").where("posted_at", .lessThan, cutoff).run()
        return try await db.select().columns("address_hash", "duplicate_key", "receipt", "posted_at").from("feedback_posts")
            .where("posted_at", .greaterThanOrEqual, cutoff)
            .where { $0.where("address_hash", .equal, addressHash).orWhere("duplicate_key", .equal, duplicateKey) }
            .all().map { row in
                FeedbackPostingPolicy.RecentPost(
                    address: try row.decode(column: "address_hash", as: String.self),
                    duplicateKey: try row.decode(column: "duplicate_key", as: String.self),
                    postedAt: Timestamp.date(from: try row.decode(column: "posted_at", as: String.self)) ?? .distantPast,
                    receipt: try row.decode(column: "receipt", as: String.self))
            }
    }

    public func recordPost(addressHash: String, duplicateKey: String, receipt: String, at date: Date) async throws {
        try await db.insert(into: "feedback_posts").columns("address_hash", "duplicate_key", "receipt", "posted_at")
            .values(SQLBind(addressHash), SQLBind(duplicateKey), SQLBind(receipt), SQLBind(Timestamp.string(from: date))).run()
    }
}

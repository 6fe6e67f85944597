import Foundation
import JunhengCore
import SQLKit

/// A plan as read from a document, ready to be stored as a draft: the plan, the document and the
/// facts proposed for review, each of them a record whose id is set when it is stored.
public struct PlanDraft: Sendable {
    public struct Reference: Sendable {
        public var title: String
        public var documentNumber: String
        public init(title: String, documentNumber: String) {
            self.title = title
            self.documentNumber = documentNumber
        }
    }

    public var plan: PlanRecord
    public var basedOn: [Reference]
    public var document: SourceDocument
    /// The ingester's whole result, kept for reference and re-review.
    public var extractionJSON: String
    /// Proposed facts (``Extraction/proposed(kind:fields:span:quote:)``), in the document's order.
    public var extractions: [Extraction]

    public init(plan: PlanRecord, basedOn: [Reference], document: SourceDocument, extractionJSON: String,
                extractions: [Extraction]) {
        self.plan = plan
        self.basedOn = basedOn
        self.document = document
        self.extractionJSON = extractionJSON
        self.extractions = extractions
    }

    public var regionCode: RegionCode { plan.regionCode }
}

public struct PlanRecord: Codable, Sendable, Equatable {
    public var id: Int64
    public var regionCode: RegionCode
    public var title: String
    public var issuer: String
    public var documentNumber: String
    public var signedOn: String?
    public var publishedOn: String?
    public var periodStart: Int?
    public var periodEnd: Int?
    public var status: String
    public var createdAt: String
    public var publishedAt: String?
    public var sourceDocumentID: Int64?

    /// A plan to store has `id` 0 and status `draft` until `PlanStore.createDraft` stores it.
    public init(id: Int64 = 0, regionCode: RegionCode, title: String, issuer: String, documentNumber: String,
                signedOn: String?, publishedOn: String?, periodStart: Int?, periodEnd: Int?, status: String = "draft",
                createdAt: String = "", publishedAt: String? = nil, sourceDocumentID: Int64? = nil) {
        self.id = id
        self.regionCode = regionCode
        self.title = title
        self.issuer = issuer
        self.documentNumber = documentNumber
        self.signedOn = signedOn
        self.publishedOn = publishedOn
        self.periodStart = periodStart
        self.periodEnd = periodEnd
        self.status = status
        self.createdAt = createdAt
        self.publishedAt = publishedAt
        self.sourceDocumentID = sourceDocumentID
    }
}

public struct SourceDocument: Codable, Sendable {
    public var id: Int64
    public var filename: String
    public var encoding: String
    public var originalText: String
    public var repairedText: String

    public init(id: Int64 = 0, filename: String, encoding: String, originalText: String, repairedText: String) {
        self.id = id
        self.filename = filename
        self.encoding = encoding
        self.originalText = originalText
        self.repairedText = repairedText
    }
}

/// What publishing a plan created.
public struct PublishSummary: Codable, Sendable, Equatable {
    public var planID: Int64
    public var indicators: Int
    public var targets: Int
    public var catalogueVersionID: Int64?
    public var serviceItems: Int
    public var domains: Int
    public var tasks: Int
    public var projects: Int
    public var achievementsKept: Int
}

/// Plans: drafts read from documents, their review, and publishing them into indicators and
/// targets, a draft catalogue, tasks and projects, each with provenance back to the document.
public struct PlanStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) { self.db = db }

    private static func json(_ fields: [String: String]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(fields), as: UTF8.self)
    }

    // MARK: drafts

    public func createDraft(_ draft: PlanDraft, actor: AuditActor) async throws -> PlanRecord {
        _ = try await RegionStore(db).existingRegion(draft.regionCode)
        let now = Timestamp.now()
        let (plan, document) = (draft.plan, draft.document)
        let sourceID = try await db.insert(into: "source_documents")
            .columns("filename", "encoding", "original_text", "repaired_text", "extraction_json", "created_at")
            .values(SQLBind(document.filename), SQLBind(document.encoding), SQLBind(document.originalText),
                    SQLBind(document.repairedText), SQLBind(draft.extractionJSON), SQLBind(now))
            .returning("id").first()!.decode(column: "id", as: Int64.self)
        let planID = try await db.insert(into: "plans")
            .columns("region_code", "title", "issuer", "document_number", "signed_on", "published_on",
                     "period_start", "period_end", "status", "created_by", "created_at", "source_document_id")
            .values(SQLBind(plan.regionCode.rawValue), SQLBind(plan.title), SQLBind(plan.issuer),
                    SQLBind(plan.documentNumber), SQLBind(plan.signedOn), SQLBind(plan.publishedOn),
                    SQLBind(plan.periodStart), SQLBind(plan.periodEnd), SQLBind("draft"), SQLBind(actor.userID),
                    SQLBind(now), SQLBind(sourceID))
            .returning("id").first()!.decode(column: "id", as: Int64.self)
        try await db.update("source_documents").set("plan_id", to: planID).where("id", .equal, sourceID).run()
        for reference in draft.basedOn {
            try await db.insert(into: "plan_references").columns("plan_id", "title", "document_number")
                .values(SQLBind(planID), SQLBind(reference.title), SQLBind(reference.documentNumber)).run()
        }
        for (order, extraction) in draft.extractions.enumerated() {
            _ = try await insert(extraction, planID: planID, sortOrder: order, reviewedBy: nil)
        }
        let stored = try await existingPlan(planID)
        try await AuditLog(db).record(actor, action: "create_draft", entity: "plan", entityID: String(planID),
                                      regionCode: stored.regionCode.rawValue, after: stored)
        return stored
    }

    /// Stores one fact as it is (status, rule, confidence, origin), returning its id; `reviewedBy`
    /// is set for a fact a reviewer made.
    private func insert(_ extraction: Extraction, planID: Int64, sortOrder: Int, reviewedBy: AuditActor?) async throws -> Int64 {
        try await db.insert(into: "plan_extractions")
            .columns("plan_id", "kind", "sort_order", "fields_json", "status", "edited", "repaired_start", "repaired_end",
                     "original_start", "original_end", "quote", "rule", "confidence", "origin", "reviewed_by", "reviewed_at")
            .values(SQLBind(planID), SQLBind(extraction.kind.rawValue), SQLBind(sortOrder),
                    SQLBind(try Self.json(extraction.fields)), SQLBind(extraction.status.rawValue), SQLBind(extraction.edited),
                    SQLBind(extraction.span.repairedStart), SQLBind(extraction.span.repairedEnd),
                    SQLBind(extraction.span.originalStart), SQLBind(extraction.span.originalEnd), SQLBind(extraction.quote),
                    SQLBind(extraction.rule), SQLBind(extraction.confidence), SQLBind(extraction.origin),
                    SQLBind(reviewedBy?.userID), SQLBind(reviewedBy.map { _ in Timestamp.now() }))
            .returning("id").first()!.decode(column: "id", as: Int64.self)
    }

    private static let planColumns = ["id", "region_code", "title", "issuer", "document_number", "signed_on", "published_on",
                                      "period_start", "period_end", "status", "created_at", "published_at", "source_document_id"]

    /// Plans decode straight into `PlanRecord` (a bad region code fails in `RegionCode`'s decoder).
    private var selectPlans: SQLSelectBuilder { db.select().propertyColumns(Self.planColumns).from("plans") }

    public func plan(_ id: Int64) async throws -> PlanRecord? {
        try await selectPlans.where("id", .equal, id).first().map { try $0.decode(model: PlanRecord.self) }
    }

    /// The plans of these ids that exist, by id, in one query.
    public func plans(ids: Set<Int64>) async throws -> [PlanRecord] {
        guard !ids.isEmpty else { return [] }
        return try await selectPlans.where("id", .in, ids.sorted()).orderBy("id").all().map { try $0.decode(model: PlanRecord.self) }
    }

    /// The user who uploaded the plan's document (nil when the system did, as the demo and the
    /// command line do).
    public func uploader(ofPlan id: Int64) async throws -> Int64? {
        try await db.select().column("created_by").from("plans").where("id", .equal, id).first()?
            .decode(column: "created_by", as: Int64?.self)
    }

    public func existingPlan(_ id: Int64) async throws -> PlanRecord {
        guard let plan = try await plan(id) else { throw JunhengError.notFound("规划 \(id)") }
        return plan
    }

    /// Plans of the given regions (all when nil), newest first.
    public func plans(regionCodes: [RegionCode]? = nil) async throws -> [PlanRecord] {
        let query = selectPlans
        if let regionCodes {
            if regionCodes.isEmpty { return [] }
            query.where("region_code", .in, regionCodes.map(\.rawValue))
        }
        return try await query.orderBy("id", .descending).all().map { try $0.decode(model: PlanRecord.self) }
    }

    /// The region the document itself names (as the reader found it), which may differ from the
    /// region the plan was filed under.
    public func documentRegionCode(sourceID: Int64) async throws -> RegionCode? {
        guard let json = try await db.select().column("extraction_json").from("source_documents").where("id", .equal, sourceID)
            .first()?.decode(column: "extraction_json", as: String?.self),
              let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
              let code = (object["document"] as? [String: Any])?["regionCode"] as? String else { return nil }
        return RegionCode(rawValue: code)
    }

    public func sourceDocument(_ id: Int64) async throws -> SourceDocument {
        guard let row = try await db.select()
            .propertyColumns(["id", "filename", "encoding", "original_text", "repaired_text"])
            .from("source_documents").where("id", .equal, id).first()
        else { throw JunhengError.notFound("原文 \(id)") }
        return try row.decode(model: SourceDocument.self)
    }

    /// The ingester's whole JSON result for a source document (nil when none was kept).
    public func ingestionJSON(sourceID: Int64) async throws -> String? {
        try await db.select().column("extraction_json").from("source_documents").where("id", .equal, sourceID)
            .first()?.decode(column: "extraction_json", as: String?.self)
    }

    // MARK: review

    private static func extraction(from row: any SQLRow) throws -> Extraction {
        let kindText = try row.decode(column: "kind", as: String.self)
        let statusText = try row.decode(column: "status", as: String.self)
        guard let kind = ExtractionKind(rawValue: kindText), let status = ExtractionStatus(rawValue: statusText) else {
            throw JunhengError.invalid(field: "plan_extractions", "数据库中的记录无效：\(kindText) \(statusText)")
        }
        let fields = try JSONDecoder().decode([String: String].self,
                                              from: Data(try row.decode(column: "fields_json", as: String.self).utf8))
        return Extraction(
            id: try row.decode(column: "id", as: Int64.self), planID: try row.decode(column: "plan_id", as: Int64.self),
            kind: kind, sortOrder: try row.decode(column: "sort_order", as: Int.self), fields: fields, status: status,
            edited: try row.decode(column: "edited", as: Bool.self),
            span: TextSpan(repairedStart: try row.decode(column: "repaired_start", as: Int.self),
                           repairedEnd: try row.decode(column: "repaired_end", as: Int.self),
                           originalStart: try row.decode(column: "original_start", as: Int.self),
                           originalEnd: try row.decode(column: "original_end", as: Int.self)),
            quote: try row.decode(column: "quote", as: String.self), rule: try row.decode(column: "rule", as: String.self),
            confidence: try row.decode(column: "confidence", as: Double.self),
            origin: try row.decode(column: "origin", as: String.self))
    }

    public func extractions(planID: Int64, kind: ExtractionKind? = nil) async throws -> [Extraction] {
        var query = db.select().column("*").from("plan_extractions").where("plan_id", .equal, planID)
        if let kind { query = query.where("kind", .equal, kind.rawValue) }
        return try await query.orderBy("sort_order").all().map(Self.extraction(from:))
    }

    /// One page of a plan's facts in `order` (the document's unless asked), `limit` of them after
    /// skipping `offset`, optionally of one kind and status, and how many match in all.
    public func extractions(planID: Int64, kind: ExtractionKind? = nil, status: ExtractionStatus? = nil,
                            order: ExtractionOrder = .document, offset: Int, limit: Int) async throws
        -> (items: [Extraction], total: Int) {
        func filtered(_ query: SQLSelectBuilder) -> SQLSelectBuilder {
            var query = query.from("plan_extractions").where("plan_id", .equal, planID)
            if let kind { query = query.where("kind", .equal, kind.rawValue) }
            if let status { query = query.where("status", .equal, status.rawValue) }
            return query
        }
        var ordered = filtered(db.select().column("*"))
        if order == .confidence { ordered = ordered.orderBy("confidence", .ascending) }
        let items = try await ordered.orderBy("sort_order")
            .offset(max(0, offset)).limit(max(1, limit)).all().map(Self.extraction(from:))
        let total = try await filtered(db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n"))
            .first()?.decode(column: "n", as: Int.self) ?? 0
        return (items, total)
    }

    /// How many facts a plan has of each kind and status, counted by the database.
    public func extractionCounts(planID: Int64) async throws -> [ExtractionKind: [ExtractionStatus: Int]] {
        let rows = try await db.select().column("kind").column("status")
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from("plan_extractions").where("plan_id", .equal, planID).groupBy("kind").groupBy("status").all()
        var counts: [ExtractionKind: [ExtractionStatus: Int]] = [:]
        for row in rows {
            guard let kind = ExtractionKind(rawValue: try row.decode(column: "kind", as: String.self)),
                  let status = ExtractionStatus(rawValue: try row.decode(column: "status", as: String.self)) else { continue }
            counts[kind, default: [:]][status] = try row.decode(column: "n", as: Int.self)
        }
        return counts
    }

    public func extraction(_ id: Int64, planID: Int64) async throws -> Extraction {
        guard let row = try await db.select().column("*").from("plan_extractions")
            .where("id", .equal, id).where("plan_id", .equal, planID).first()
        else { throw JunhengError.notFound("规划 \(planID) 的提取项 \(id)") }
        return try Self.extraction(from: row)
    }

    private func requireDraft(_ planID: Int64) async throws -> PlanRecord {
        let plan = try await existingPlan(planID)
        guard plan.status == "draft" else { throw JunhengError.conflict("规划 \(planID) 已发布，不能再修改审核结果") }
        return plan
    }

    /// Accepts, drops or edits one fact. Edited fields replace the proposal (unknown field names
    /// are refused) and an edit counts as acceptance unless a status is given.
    public func review(_ id: Int64, planID: Int64, status: ExtractionStatus?, fields: [String: String]?,
                       actor: AuditActor) async throws -> Extraction {
        let plan = try await requireDraft(planID)
        let before = try await extraction(id, planID: planID)
        var after = before
        if let fields {
            let unknown = Set(fields.keys).subtracting(before.kind.fieldNames)
            if !unknown.isEmpty {
                throw JunhengError.invalid(unknown.sorted().map { ValidationIssue(field: $0, reason: "\(before.kind.chineseName)没有这个字段") })
            }
            after.fields.merge(fields) { _, new in new.trimmingCharacters(in: .whitespaces) }
            after.edited = after.fields != before.fields || before.edited
        }
        after.status = status ?? (fields != nil ? .accepted : before.status)
        if after.status == .accepted {
            let issues = PlanReviewRules.problems(kind: after.kind, fields: after.fields)
            if !issues.isEmpty { throw JunhengError.invalid(issues) }
        }
        try await db.update("plan_extractions")
            .set("fields_json", to: try Self.json(after.fields)).set("status", to: after.status.rawValue)
            .set("edited", to: after.edited).set("reviewed_by", to: actor.userID).set("reviewed_at", to: Timestamp.now())
            .where("id", .equal, id).run()
        try await AuditLog(db).record(actor, action: "review", entity: "plan_extraction", entityID: String(id),
                                      regionCode: plan.regionCode.rawValue, before: before, after: after)
        return after
    }

    /// Stores a fact a reviewer made (``Extraction`` with its status, span, quote and rule) after
    /// the plan's other facts, and audits it as `add`. The plan must be a draft.
    public func addExtraction(_ extraction: Extraction, planID: Int64, actor: AuditActor) async throws -> Extraction {
        let plan = try await requireDraft(planID)
        let last = try await db.select().column(SQLFunction("MAX", args: SQLColumn("sort_order")), as: "n")
            .from("plan_extractions").where("plan_id", .equal, planID).first()?.decode(column: "n", as: Int?.self)
        let id = try await insert(extraction, planID: planID, sortOrder: (last ?? -1) + 1, reviewedBy: actor)
        let stored = try await self.extraction(id, planID: planID)
        try await AuditLog(db).record(actor, action: "add", entity: "plan_extraction", entityID: String(id),
                                      regionCode: plan.regionCode.rawValue, after: stored)
        return stored
    }

    /// Accepts every pending fact whose fields are valid; returns how many were accepted and the
    /// ids left pending because they need an edit first.
    public func acceptPending(planID: Int64, actor: AuditActor) async throws -> (accepted: Int, needsEdit: [Int64]) {
        let plan = try await requireDraft(planID)
        var accepted = 0
        var needsEdit: [Int64] = []
        for extraction in try await extractions(planID: planID) where extraction.status == .pending {
            if PlanReviewRules.problems(kind: extraction.kind, fields: extraction.fields).isEmpty {
                try await db.update("plan_extractions").set("status", to: "accepted")
                    .set("reviewed_by", to: actor.userID).set("reviewed_at", to: Timestamp.now())
                    .where("id", .equal, extraction.id).run()
                accepted += 1
            } else {
                needsEdit.append(extraction.id)
            }
        }
        try await AuditLog(db).record(actor, action: "accept_pending", entity: "plan", entityID: String(planID),
                                      regionCode: plan.regionCode.rawValue,
                                      after: ["accepted": accepted, "needsEdit": needsEdit.count])
        return (accepted, needsEdit)
    }

    // MARK: publishing

    /// Publishes the plan as ``PlanPublication`` describes it: each feature's store writes its
    /// part, every record with provenance back to the document, and the plan is marked published.
    /// Call inside a transaction so that a refusal half-way leaves nothing behind.
    public func publish(planID: Int64, actor: AuditActor) async throws -> PublishSummary {
        let plan = try await requireDraft(planID)
        let publication = try PlanPublication(planID: planID, title: plan.title, periodEnd: plan.periodEnd,
                                              extractions: try await extractions(planID: planID))
        guard let sourceID = plan.sourceDocumentID else { throw JunhengError.conflict("规划 \(planID) 没有原文，无法记录出处") }
        let provenance = ProvenanceStore(db)

        var summary = PublishSummary(planID: planID, indicators: 0, targets: 0, catalogueVersionID: nil, serviceItems: 0,
                                     domains: 0, tasks: 0, projects: 0, achievementsKept: publication.achievementsKept)
        if let catalogue = publication.catalogue {
            let (versionID, itemIDs) = try await CatalogueStore(db).createDraft(catalogue, planID: planID,
                                                                               regionCode: plan.regionCode, actor: actor)
            for (itemID, source) in zip(itemIDs, catalogue.sources) {
                try await provenance.record(entity: "service_item", entityID: itemID, document: sourceID, source)
            }
            summary.catalogueVersionID = versionID
            summary.domains = catalogue.domains.count
            summary.serviceItems = catalogue.items.count
        }
        for target in publication.targets {
            let (indicatorID, targetID) = try await IndicatorStore(db).create(target, planID: planID, regionCode: plan.regionCode)
            try await provenance.record(entity: "indicator", entityID: indicatorID, document: sourceID, target.source)
            try await provenance.record(entity: "target", entityID: targetID, document: sourceID, target.source)
        }
        summary.indicators = publication.targets.count
        summary.targets = publication.targets.count
        let tasks = try await TaskStore(db).createPublished(publication, plan: plan, actor: actor)
        for (taskID, source) in tasks {
            try await provenance.record(entity: "task", entityID: taskID, document: sourceID, source)
        }
        summary.tasks = publication.tasks.count
        summary.projects = publication.projects.count

        try await db.update("plans").set("status", to: "published").set("published_at", to: Timestamp.now())
            .where("id", .equal, planID).run()
        try await AuditLog(db).record(actor, action: "publish", entity: "plan", entityID: String(planID),
                                      regionCode: plan.regionCode.rawValue, before: plan, after: summary)
        return summary
    }
}

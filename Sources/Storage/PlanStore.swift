import Foundation
import JunhengCore
import SQLKit

/// Offsets of a fact in the repaired text and in the original, in Unicode scalars.
public struct TextSpan: Codable, Sendable, Equatable {
    public var repairedStart: Int
    public var repairedEnd: Int
    public var originalStart: Int
    public var originalEnd: Int

    public init(repairedStart: Int, repairedEnd: Int, originalStart: Int, originalEnd: Int) {
        self.repairedStart = repairedStart
        self.repairedEnd = repairedEnd
        self.originalStart = originalStart
        self.originalEnd = originalEnd
    }
}

public struct NewExtraction: Sendable {
    public var kind: ExtractionKind
    public var fields: [String: String]
    public var span: TextSpan
    public var quote: String

    public init(kind: ExtractionKind, fields: [String: String], span: TextSpan, quote: String) {
        self.kind = kind
        self.fields = fields
        self.span = span
        self.quote = quote
    }
}

public struct Extraction: Codable, Sendable, Equatable {
    public var id: Int64
    public var planID: Int64
    public var kind: ExtractionKind
    public var sortOrder: Int
    public var fields: [String: String]
    public var status: ExtractionStatus
    public var edited: Bool
    public var span: TextSpan
    public var quote: String
}

/// A plan as read from a document, ready to be stored as a draft.
public struct PlanDraft: Sendable {
    public struct Reference: Sendable {
        public var title: String
        public var documentNumber: String
        public init(title: String, documentNumber: String) {
            self.title = title
            self.documentNumber = documentNumber
        }
    }

    public var regionCode: RegionCode
    public var title: String
    public var issuer: String
    public var documentNumber: String
    public var signedOn: String?
    public var publishedOn: String?
    public var periodStart: Int?
    public var periodEnd: Int?
    public var basedOn: [Reference]
    public var filename: String
    public var encoding: String
    public var originalText: String
    public var repairedText: String
    /// The ingester's whole result, kept for reference and re-review.
    public var extractionJSON: String
    public var extractions: [NewExtraction]

    public init(regionCode: RegionCode, title: String, issuer: String, documentNumber: String, signedOn: String?,
                publishedOn: String?, periodStart: Int?, periodEnd: Int?, basedOn: [Reference], filename: String,
                encoding: String, originalText: String, repairedText: String, extractionJSON: String,
                extractions: [NewExtraction]) {
        self.regionCode = regionCode
        self.title = title
        self.issuer = issuer
        self.documentNumber = documentNumber
        self.signedOn = signedOn
        self.publishedOn = publishedOn
        self.periodStart = periodStart
        self.periodEnd = periodEnd
        self.basedOn = basedOn
        self.filename = filename
        self.encoding = encoding
        self.originalText = originalText
        self.repairedText = repairedText
        self.extractionJSON = extractionJSON
        self.extractions = extractions
    }
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
}

public struct SourceDocument: Codable, Sendable {
    public var id: Int64
    public var filename: String
    public var encoding: String
    public var originalText: String
    public var repairedText: String
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
        let sourceID = try await db.insert(into: "source_documents")
            .columns("filename", "encoding", "original_text", "repaired_text", "extraction_json", "created_at")
            .values(SQLBind(draft.filename), SQLBind(draft.encoding), SQLBind(draft.originalText),
                    SQLBind(draft.repairedText), SQLBind(draft.extractionJSON), SQLBind(now))
            .returning("id").first()!.decode(column: "id", as: Int64.self)
        let planID = try await db.insert(into: "plans")
            .columns("region_code", "title", "issuer", "document_number", "signed_on", "published_on",
                     "period_start", "period_end", "status", "created_by", "created_at", "source_document_id")
            .values(SQLBind(draft.regionCode.rawValue), SQLBind(draft.title), SQLBind(draft.issuer),
                    SQLBind(draft.documentNumber), SQLBind(draft.signedOn), SQLBind(draft.publishedOn),
                    SQLBind(draft.periodStart), SQLBind(draft.periodEnd), SQLBind("draft"), SQLBind(actor.userID),
                    SQLBind(now), SQLBind(sourceID))
            .returning("id").first()!.decode(column: "id", as: Int64.self)
        try await db.update("source_documents").set("plan_id", to: planID).where("id", .equal, sourceID).run()
        for reference in draft.basedOn {
            try await db.insert(into: "plan_references").columns("plan_id", "title", "document_number")
                .values(SQLBind(planID), SQLBind(reference.title), SQLBind(reference.documentNumber)).run()
        }
        for (order, extraction) in draft.extractions.enumerated() {
            try await db.insert(into: "plan_extractions")
                .columns("plan_id", "kind", "sort_order", "fields_json", "repaired_start", "repaired_end",
                         "original_start", "original_end", "quote")
                .values(SQLBind(planID), SQLBind(extraction.kind.rawValue), SQLBind(order),
                        SQLBind(try Self.json(extraction.fields)), SQLBind(extraction.span.repairedStart),
                        SQLBind(extraction.span.repairedEnd), SQLBind(extraction.span.originalStart),
                        SQLBind(extraction.span.originalEnd), SQLBind(extraction.quote))
                .run()
        }
        let plan = try await existingPlan(planID)
        try await AuditLog(db).record(actor, action: "create_draft", entity: "plan", entityID: String(planID),
                                      regionCode: plan.regionCode.rawValue, after: plan)
        return plan
    }

    private static let planColumns = """
        id, region_code, title, issuer, document_number, signed_on, published_on, period_start, period_end,
        status, created_at, published_at, source_document_id
        """

    private static func plan(from row: any SQLRow) throws -> PlanRecord {
        let code = try row.decode(column: "region_code", as: String.self)
        guard let region = RegionCode(rawValue: code) else {
            throw JunhengError.invalid(field: "region_code", "数据库中的地区代码无效：\(code)")
        }
        return PlanRecord(
            id: try row.decode(column: "id", as: Int64.self), regionCode: region,
            title: try row.decode(column: "title", as: String.self),
            issuer: try row.decode(column: "issuer", as: String.self),
            documentNumber: try row.decode(column: "document_number", as: String.self),
            signedOn: try row.decode(column: "signed_on", as: String?.self),
            publishedOn: try row.decode(column: "published_on", as: String?.self),
            periodStart: try row.decode(column: "period_start", as: Int?.self),
            periodEnd: try row.decode(column: "period_end", as: Int?.self),
            status: try row.decode(column: "status", as: String.self),
            createdAt: try row.decode(column: "created_at", as: String.self),
            publishedAt: try row.decode(column: "published_at", as: String?.self),
            sourceDocumentID: try row.decode(column: "source_document_id", as: Int64?.self))
    }

    public func plan(_ id: Int64) async throws -> PlanRecord? {
        try await db.raw("SELECT \(unsafeRaw: Self.planColumns) FROM plans WHERE id = \(bind: id)").first().map(Self.plan(from:))
    }

    public func existingPlan(_ id: Int64) async throws -> PlanRecord {
        guard let plan = try await plan(id) else { throw JunhengError.notFound("规划 \(id)") }
        return plan
    }

    /// Plans of the given regions (all when nil), newest first.
    public func plans(regionCodes: [RegionCode]? = nil) async throws -> [PlanRecord] {
        if let regionCodes {
            if regionCodes.isEmpty { return [] }
            return try await db.raw("""
                SELECT \(unsafeRaw: Self.planColumns) FROM plans
                WHERE region_code IN (\(binds: regionCodes.map(\.rawValue))) ORDER BY id DESC
                """).all().map(Self.plan(from:))
        }
        return try await db.raw("SELECT \(unsafeRaw: Self.planColumns) FROM plans ORDER BY id DESC").all().map(Self.plan(from:))
    }

    public func sourceDocument(_ id: Int64) async throws -> SourceDocument {
        guard let row = try await db.select()
            .columns("id", "filename", "encoding", "original_text", "repaired_text")
            .from("source_documents").where("id", .equal, id).first()
        else { throw JunhengError.notFound("原文 \(id)") }
        return SourceDocument(id: id, filename: try row.decode(column: "filename", as: String.self),
                              encoding: try row.decode(column: "encoding", as: String.self),
                              originalText: try row.decode(column: "original_text", as: String.self),
                              repairedText: try row.decode(column: "repaired_text", as: String.self))
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
            quote: try row.decode(column: "quote", as: String.self))
    }

    public func extractions(planID: Int64, kind: ExtractionKind? = nil) async throws -> [Extraction] {
        var query = db.select().column("*").from("plan_extractions").where("plan_id", .equal, planID)
        if let kind { query = query.where("kind", .equal, kind.rawValue) }
        return try await query.orderBy("sort_order").all().map(Self.extraction(from:))
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

    /// Turns the accepted facts into the plan's indicators and targets, a draft catalogue, tasks
    /// and projects, each with provenance, and marks the plan published. Refused while any fact is
    /// still pending, so nothing is published unreviewed.
    public func publish(planID: Int64, actor: AuditActor) async throws -> PublishSummary {
        let plan = try await requireDraft(planID)
        let all = try await extractions(planID: planID)
        let pending = all.filter { $0.status == .pending }
        if !pending.isEmpty { throw JunhengError.conflict("还有 \(pending.count) 项未审核，请先采纳或舍弃") }
        let accepted = all.filter { $0.status == .accepted }
        let problems = accepted.flatMap { extraction in
            PlanReviewRules.problems(kind: extraction.kind, fields: extraction.fields).map {
                ValidationIssue(field: "extraction \(extraction.id).\($0.field)", reason: $0.reason)
            }
        }
        if !problems.isEmpty { throw JunhengError.invalid(problems) }
        guard let sourceID = plan.sourceDocumentID else { throw JunhengError.conflict("规划 \(planID) 没有原文，无法记录出处") }

        var summary = PublishSummary(planID: planID, indicators: 0, targets: 0, catalogueVersionID: nil, serviceItems: 0,
                                     domains: 0, tasks: 0, projects: 0, achievementsKept: 0)
        let now = Timestamp.now()
        let region = plan.regionCode.rawValue

        func provenance(_ entity: String, _ entityID: Int64, _ extraction: Extraction) async throws {
            try await db.insert(into: "provenance")
                .columns("source_document_id", "entity", "entity_id", "repaired_start", "repaired_end",
                         "original_start", "original_end", "quote")
                .values(SQLBind(sourceID), SQLBind(entity), SQLBind(entityID), SQLBind(extraction.span.repairedStart),
                        SQLBind(extraction.span.repairedEnd), SQLBind(extraction.span.originalStart),
                        SQLBind(extraction.span.originalEnd), SQLBind(extraction.quote))
                .run()
        }
        func insertID(_ builder: SQLInsertBuilder) async throws -> Int64 {
            try await builder.returning("id").first()!.decode(column: "id", as: Int64.self)
        }

        // Service items → domains and a draft catalogue version.
        let items = accepted.filter { $0.kind == .item }
        if !items.isEmpty {
            var domainIDs: [String: Int64] = [:]
            for item in items {
                let name = item.fields["domain"] ?? ""
                guard domainIDs[name] == nil else { continue }
                domainIDs[name] = try await insertID(db.insert(into: "domains").columns("plan_id", "name", "sort_order")
                    .values(SQLBind(planID), SQLBind(name), SQLBind(domainIDs.count)))
            }
            summary.domains = domainIDs.count
            let nextVersion = try await CatalogueStore(db).nextVersionNumber(plan.regionCode)
            let versionID = try await insertID(db.insert(into: "catalogue_versions")
                .columns("region_code", "plan_id", "version_number", "status", "title", "note", "created_by", "created_at")
                .values(SQLBind(region), SQLBind(planID), SQLBind(nextVersion), SQLBind("draft"), SQLBind(plan.title),
                        SQLBind("由规划文件生成，待补全后发布"), SQLBind(actor.userID), SQLBind(now)))
            summary.catalogueVersionID = versionID
            let catalogueItems = CatalogueNumbering.assigningKeys(
                to: items.map { CatalogueItem(key: "", domain: $0.fields["domain"] ?? "", name: $0.fields["name"] ?? "") })
            for (index, (item, extraction)) in zip(catalogueItems, items).enumerated() {
                let itemID = try await insertID(db.insert(into: "service_items")
                    .columns("version_id", "item_key", "domain_id", "domain_name", "sort_order", "name")
                    .values(SQLBind(versionID), SQLBind(item.key), SQLBind(domainIDs[item.domain]),
                            SQLBind(item.domain), SQLBind(index), SQLBind(item.name)))
                try await provenance("service_item", itemID, extraction)
            }
            summary.serviceItems = items.count
        }

        // Targets → one indicator each, with the plan region's target.
        for target in accepted where target.kind == .target {
            let fields = target.fields
            guard fields["kind"] == "target" else {
                summary.achievementsKept += 1
                continue
            }
            guard let year = Int(fields["year"] ?? "") ?? plan.periodEnd else {
                throw JunhengError.invalid(field: "extraction \(target.id).year", "目标年份未知：请填写目标年份")
            }
            let comparator = TargetComparator(rawValue: fields["comparator"] ?? "") ?? .atLeast
            let high = Double(fields["valueHigh"] ?? "")
            // "每千人口" + "执业(助理)医师数": the indicator's name carries its denominator.
            let indicator = fields["indicator"] ?? ""
            let per = fields["per"] ?? ""
            let name = per.isEmpty || indicator.contains(per) ? indicator : per + indicator
            let indicatorID = try await insertID(db.insert(into: "indicators")
                .columns("code", "name", "unit", "direction", "binding", "definition", "created_at")
                .values(SQLBind("P\(planID)-T\(target.sortOrder + 1)"), SQLBind(name),
                        SQLBind(fields["unit"] ?? ""),
                        SQLBind(Direction(rawValue: fields["direction"] ?? "")?.rawValue ?? comparator.impliedDirection.rawValue),
                        SQLBind(fields["attribute"] == "binding" ? "binding" : "expected"),
                        SQLBind("摘自《\(plan.title)》：\(target.quote)"), SQLBind(now)))
            summary.indicators += 1
            let targetID = try await insertID(db.insert(into: "targets")
                .columns("indicator_id", "region_code", "plan_id", "baseline_year", "baseline_value", "target_year",
                         "target_value", "target_value_high", "comparator")
                .values(SQLBind(indicatorID), SQLBind(region), SQLBind(planID), SQLBind(Int(fields["baselineYear"] ?? "")),
                        SQLBind(Double(fields["baselineValue"] ?? "")), SQLBind(year), SQLBind(Double(fields["value"] ?? "") ?? 0),
                        SQLBind(high), SQLBind(high == nil ? comparator.rawValue : TargetComparator.range.rawValue)))
            summary.targets += 1
            try await provenance("indicator", indicatorID, target)
            try await provenance("target", targetID, target)
        }

        // Tasks with their lead and cooperating departments.
        let departments = try await DepartmentStore(db).departments(in: plan.regionCode)
        for task in accepted where task.kind == .task {
            let taskID = try await insertID(db.insert(into: "tasks")
                .columns("plan_id", "region_code", "title", "description", "created_at")
                .values(SQLBind(planID), SQLBind(region), SQLBind(task.fields["title"] ?? ""), SQLBind(task.quote), SQLBind(now)))
            let lead = (task.fields["lead"] ?? "").trimmingCharacters(in: .whitespaces)
            let cooperating = (task.fields["cooperating"] ?? "").split(separator: PlanReviewRules.listSeparator)
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && $0 != lead }
            var seen: Set<String> = []
            for (order, (name, role)) in ([(lead, "lead")] + cooperating.map { ($0, "cooperating") }).enumerated()
            where !name.isEmpty && seen.insert(name).inserted {
                try await db.insert(into: "task_departments")
                    .columns("task_id", "department_name", "department_id", "role", "sort_order")
                    .values(SQLBind(taskID), SQLBind(name), SQLBind(departments.first { $0.name == name }?.id),
                            SQLBind(role), SQLBind(order))
                    .run()
            }
            try await provenance("task", taskID, task)
            summary.tasks += 1
        }

        for project in accepted where project.kind == .project {
            let projectID = try await insertID(db.insert(into: "projects")
                .columns("plan_id", "region_code", "name", "description", "target_value", "target_unit", "target_year", "created_at")
                .values(SQLBind(planID), SQLBind(region), SQLBind(project.fields["name"] ?? ""),
                        SQLBind(project.fields["quantities"] ?? ""), SQLBind(Double(project.fields["targetValue"] ?? "")),
                        SQLBind(project.fields["targetUnit"] ?? ""), SQLBind(plan.periodEnd), SQLBind(now)))
            try await provenance("project", projectID, project)
            summary.projects += 1
        }

        try await db.update("plans").set("status", to: "published").set("published_at", to: now)
            .where("id", .equal, planID).run()
        try await AuditLog(db).record(actor, action: "publish", entity: "plan", entityID: String(planID),
                                      regionCode: region, before: plan, after: summary)
        return summary
    }
}

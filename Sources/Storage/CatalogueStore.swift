import Foundation
import JunhengCore
import SQLKit

public struct CatalogueVersion: Codable, Sendable, Equatable {
    public var id: Int64
    public var regionCode: RegionCode
    public var planID: Int64?
    public var versionNumber: Int
    public var status: CatalogueStatus
    public var basedOnID: Int64?
    public var title: String
    public var note: String
    public var createdAt: String
    public var submittedAt: String?
    public var publishedAt: String?
    public var itemCount: Int
}

/// The service catalogue (基本公共服务清单) of each region, in versions that move through the
/// ``CatalogueStatus`` lifecycle; this store checks each step against it and persists the result.
public struct CatalogueStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) { self.db = db }

    // MARK: versions

    private static func version(from row: any SQLRow) throws -> CatalogueVersion {
        let code = try row.decode(column: "region_code", as: String.self)
        guard let region = RegionCode(rawValue: code),
              let status = CatalogueStatus(rawValue: try row.decode(column: "status", as: String.self))
        else { throw JunhengError.invalid(field: "catalogue_versions", "数据库中的清单版本无效") }
        return CatalogueVersion(
            id: try row.decode(column: "id", as: Int64.self), regionCode: region,
            planID: try row.decode(column: "plan_id", as: Int64?.self),
            versionNumber: try row.decode(column: "version_number", as: Int.self), status: status,
            basedOnID: try row.decode(column: "based_on_id", as: Int64?.self),
            title: try row.decode(column: "title", as: String.self), note: try row.decode(column: "note", as: String.self),
            createdAt: try row.decode(column: "created_at", as: String.self),
            submittedAt: try row.decode(column: "submitted_at", as: String?.self),
            publishedAt: try row.decode(column: "published_at", as: String?.self),
            itemCount: try row.decode(column: "item_count", as: Int.self))
    }

    private static let versionQuery = """
        SELECT v.*, (SELECT COUNT(*) FROM service_items i WHERE i.version_id = v.id) AS item_count
        FROM catalogue_versions v
        """

    public func versions(regionCode: RegionCode? = nil) async throws -> [CatalogueVersion] {
        let condition: SQLQueryString = regionCode.map { "WHERE v.region_code = \(bind: $0.rawValue)" } ?? ""
        return try await db.raw("\(unsafeRaw: Self.versionQuery) \(condition) ORDER BY v.region_code, v.version_number DESC")
            .all().map(Self.version(from:))
    }

    public func version(_ id: Int64) async throws -> CatalogueVersion {
        guard let row = try await db.raw("\(unsafeRaw: Self.versionQuery) WHERE v.id = \(bind: id)").first() else {
            throw JunhengError.notFound("清单版本 \(id)")
        }
        return try Self.version(from: row)
    }

    /// The version the public sees: the region's latest published one.
    public func published(regionCode: RegionCode) async throws -> CatalogueVersion? {
        try await db.raw("""
            \(unsafeRaw: Self.versionQuery) WHERE v.region_code = \(bind: regionCode.rawValue) AND v.status = 'published'
            ORDER BY v.version_number DESC
            """).first().map(Self.version(from:))
    }

    /// Starts a new draft for a region holding `items`, e.g. from an import or a copy.
    public func createDraft(regionCode: RegionCode, title: String, items: [CatalogueItem], basedOn: Int64? = nil,
                            note: String = "", actor: AuditActor) async throws -> CatalogueVersion {
        _ = try await RegionStore(db).existingRegion(regionCode)
        let keys = items.map(\.key)
        if let duplicate = Dictionary(grouping: keys.filter { !$0.isEmpty }, by: { $0 }).first(where: { $0.value.count > 1 })?.key {
            throw JunhengError.invalid(field: "key", "项目编码“\(duplicate)”重复")
        }
        let id = try await db.insert(into: "catalogue_versions")
            .columns("region_code", "version_number", "status", "based_on_id", "title", "note", "created_by", "created_at")
            .values(SQLBind(regionCode.rawValue), SQLBind(try await nextVersionNumber(regionCode)), SQLBind(CatalogueStatus.draft.rawValue),
                    SQLBind(basedOn), SQLBind(title), SQLBind(note), SQLBind(actor.userID), SQLBind(Timestamp.now()))
            .returning("id").first()!.decode(column: "id", as: Int64.self)
        for (index, item) in CatalogueNumbering.assigningKeys(to: items).enumerated() {
            try await insert(item, versionID: id, order: index)
        }
        let created = try await version(id)
        try await AuditLog(db).record(actor, action: "create", entity: "catalogue_version", entityID: String(id),
                                      regionCode: regionCode.rawValue, after: created)
        return created
    }

    /// Starts the draft a published plan describes, its domains recorded with the plan; returns the
    /// version and the items' ids in order, for provenance. Publishing the plan is what is audited.
    func createDraft(_ draft: PlanPublication.CatalogueDraft, planID: Int64, regionCode: RegionCode,
                     actor: AuditActor) async throws -> (versionID: Int64, itemIDs: [Int64]) {
        var domainIDs: [String: Int64] = [:]
        for (order, name) in draft.domains.enumerated() {
            domainIDs[name] = try await db.insert(into: "domains").columns("plan_id", "name", "sort_order")
                .values(SQLBind(planID), SQLBind(name), SQLBind(order))
                .returning("id").first()!.decode(column: "id", as: Int64.self)
        }
        let versionID = try await db.insert(into: "catalogue_versions")
            .columns("region_code", "plan_id", "version_number", "status", "title", "note", "created_by", "created_at")
            .values(SQLBind(regionCode.rawValue), SQLBind(planID), SQLBind(try await nextVersionNumber(regionCode)),
                    SQLBind(CatalogueStatus.draft.rawValue), SQLBind(draft.title), SQLBind(draft.note),
                    SQLBind(actor.userID), SQLBind(Timestamp.now()))
            .returning("id").first()!.decode(column: "id", as: Int64.self)
        var itemIDs: [Int64] = []
        for (order, item) in draft.items.enumerated() {
            itemIDs.append(try await db.insert(into: "service_items")
                .columns("version_id", "item_key", "domain_id", "domain_name", "sort_order", "name")
                .values(SQLBind(versionID), SQLBind(item.key), SQLBind(domainIDs[item.domain]), SQLBind(item.domain),
                        SQLBind(order), SQLBind(item.name))
                .returning("id").first()!.decode(column: "id", as: Int64.self))
        }
        return (versionID, itemIDs)
    }

    /// The number the region's next version gets.
    private func nextVersionNumber(_ regionCode: RegionCode) async throws -> Int {
        CatalogueNumbering.versionNumber(after: try await db.raw("""
            SELECT MAX(version_number) AS n FROM catalogue_versions WHERE region_code = \(bind: regionCode.rawValue)
            """).first()?.decode(column: "n", as: Int?.self))
    }

    /// A new draft that starts as a copy of a published version.
    public func newDraft(from publishedID: Int64, actor: AuditActor) async throws -> CatalogueVersion {
        let source = try await version(publishedID)
        _ = try source.status.next(for: .newDraft, versionID: publishedID)
        try CatalogueStatus.requireNoOpenDraft(among: try await versions(regionCode: source.regionCode).map(\.status))
        return try await createDraft(regionCode: source.regionCode, title: source.title, items: try await items(versionID: publishedID),
                                     basedOn: publishedID, note: "基于第 \(source.versionNumber) 版", actor: actor)
    }

    /// The version, when `step` may be taken on it now.
    private func version(_ id: Int64, takingStep step: CatalogueStep) async throws -> (CatalogueVersion, next: CatalogueStatus) {
        let version = try await version(id)
        return (version, try version.status.next(for: step, versionID: id))
    }

    /// The version, when its items may be changed now.
    private func editableVersion(_ id: Int64) async throws -> CatalogueVersion {
        let version = try await version(id)
        try version.status.requireEditable(versionID: id)
        return version
    }

    public func submit(_ id: Int64, actor: AuditActor) async throws -> CatalogueVersion {
        let (before, next) = try await version(id, takingStep: .submit)
        try await validateForPublishing(id)
        try await db.update("catalogue_versions").set("status", to: next.rawValue).set("submitted_at", to: Timestamp.now())
            .where("id", .equal, id).run()
        return try await audited(id, action: "submit", before: before, actor: actor)
    }

    /// Sends a version under review back for changes.
    public func returnToDraft(_ id: Int64, actor: AuditActor) async throws -> CatalogueVersion {
        let (before, next) = try await version(id, takingStep: .returnToDraft)
        try await db.update("catalogue_versions").set("status", to: next.rawValue).where("id", .equal, id).run()
        return try await audited(id, action: "return", before: before, actor: actor)
    }

    /// Publishes a version under review: the structured standards, funding shares and eligibility
    /// are derived from the texts, and the previously published version is superseded.
    public func publish(_ id: Int64, actor: AuditActor) async throws -> CatalogueVersion {
        let (before, next) = try await version(id, takingStep: .publish)
        try await validateForPublishing(id)
        try await db.update("catalogue_versions").set("status", to: CatalogueStatus.superseded.rawValue)
            .where("region_code", .equal, before.regionCode.rawValue).where("status", .equal, CatalogueStatus.published.rawValue).run()
        for row in try await db.select().columns("id", "standard_text", "funding_text", "target_population")
            .from("service_items").where("version_id", .equal, id).all() {
            let itemID = try row.decode(column: "id", as: Int64.self)
            try await storeStructure(itemID: itemID, standard: ServiceStandard(parsing: try row.decode(column: "standard_text", as: String.self)),
                                     funding: FundingSplit(parsing: try row.decode(column: "funding_text", as: String.self)),
                                     eligibility: Eligibility(parsing: try row.decode(column: "target_population", as: String.self)))
        }
        try await db.update("catalogue_versions").set("status", to: next.rawValue).set("published_by", to: actor.userID)
            .set("published_at", to: Timestamp.now()).where("id", .equal, id).run()
        return try await audited(id, action: "publish", before: before, actor: actor)
    }

    private func audited(_ id: Int64, action: String, before: CatalogueVersion, actor: AuditActor) async throws -> CatalogueVersion {
        let after = try await version(id)
        try await AuditLog(db).record(actor, action: action, entity: "catalogue_version", entityID: String(id),
                                      regionCode: after.regionCode.rawValue, before: before, after: after)
        return after
    }

    /// Funding shares that are given must add up to 100 %; a version with an item whose do not is refused.
    private func validateForPublishing(_ id: Int64) async throws {
        let items = try await items(versionID: id)
        if items.isEmpty { throw JunhengError.invalid(field: "items", "清单没有任何服务项目") }
        let issues = items.flatMap { item in
            item.funding.validationIssues().map { ValidationIssue(field: "\(item.key).fundingText", reason: "“\(item.name)”：\($0.reason)") }
        }
        if !issues.isEmpty { throw JunhengError.invalid(issues) }
    }

    private func storeStructure(itemID: Int64, standard: ServiceStandard, funding: FundingSplit, eligibility: Eligibility) async throws {
        try await db.delete(from: "service_standards").where("item_id", .equal, itemID).run()
        for (order, quantity) in standard.quantities.enumerated() {
            try await db.insert(into: "service_standards")
                .columns("item_id", "sort_order", "text", "value", "value_high", "unit", "comparator", "per_what")
                .values(SQLBind(itemID), SQLBind(order), SQLBind(quantity.quote.text), SQLBind(quantity.value),
                        SQLBind(quantity.valueHigh), SQLBind(quantity.unit),
                        SQLBind(quantity.valueHigh == nil ? quantity.comparator.rawValue : TargetComparator.range.rawValue),
                        SQLBind(quantity.per ?? ""))
                .run()
        }
        try await db.delete(from: "funding_splits").where("item_id", .equal, itemID).run()
        for share in funding.shares {
            guard let percent = share.percent, share.levels.count == 1, let level = share.levels.first else { continue }
            try await db.raw("""
                INSERT INTO funding_splits (item_id, government_level, share) VALUES (\(bind: itemID), \(bind: level.rawValue), \(bind: percent))
                ON CONFLICT (item_id, government_level) DO UPDATE SET share = excluded.share
                """).run()
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try await db.update("service_items").set("eligibility_json", to: String(decoding: try encoder.encode(eligibility), as: UTF8.self))
            .where("id", .equal, itemID).run()
    }

    // MARK: items

    private func insert(_ item: CatalogueItem, versionID: Int64, order: Int) async throws {
        try await db.insert(into: "service_items")
            .columns("version_id", "item_key", "domain_name", "sort_order", "name", "target_population", "content",
                     "standard_text", "funding_text", "lead_department_name", "legal_basis", "derived_from_item_key")
            .values(SQLBind(versionID), SQLBind(item.key), SQLBind(item.domain), SQLBind(order), SQLBind(item.name),
                    SQLBind(item.targetPopulation), SQLBind(item.content), SQLBind(item.standardText), SQLBind(item.fundingText),
                    SQLBind(item.leadDepartment), SQLBind(item.legalBasis), SQLBind(item.derivedFromKey))
            .run()
    }

    public func items(versionID: Int64) async throws -> [CatalogueItem] {
        try await db.select().column("*").from("service_items").where("version_id", .equal, versionID)
            .orderBy("sort_order").orderBy("id").all().map { row in
                CatalogueItem(
                    key: try row.decode(column: "item_key", as: String.self), domain: try row.decode(column: "domain_name", as: String.self),
                    name: try row.decode(column: "name", as: String.self),
                    targetPopulation: try row.decode(column: "target_population", as: String.self),
                    content: try row.decode(column: "content", as: String.self),
                    standardText: try row.decode(column: "standard_text", as: String.self),
                    fundingText: try row.decode(column: "funding_text", as: String.self),
                    leadDepartment: try row.decode(column: "lead_department_name", as: String.self),
                    legalBasis: try row.decode(column: "legal_basis", as: String.self),
                    derivedFromKey: try row.decode(column: "derived_from_item_key", as: String?.self))
            }
    }

    /// Adds or replaces an item of a draft (by key); an empty key gets the next free one.
    @discardableResult
    public func saveItem(_ item: CatalogueItem, versionID: Int64, actor: AuditActor) async throws -> CatalogueItem {
        let version = try await editableVersion(versionID)
        var item = item
        var issues: [ValidationIssue] = []
        if item.name.trimmingCharacters(in: .whitespaces).isEmpty { issues.append(.init(field: "name", reason: "项目名称不能为空")) }
        if item.domain.trimmingCharacters(in: .whitespaces).isEmpty { issues.append(.init(field: "domain", reason: "领域不能为空")) }
        issues += item.funding.validationIssues(field: "fundingText")
        guard issues.isEmpty else { throw JunhengError.invalid(issues) }
        let existing = try await items(versionID: versionID)
        item = CatalogueNumbering.assigningKeys(to: [item], taken: Set(existing.map(\.key)))[0]
        let before = existing.first { $0.key == item.key }
        if before != nil {
            try await db.update("service_items")
                .set("domain_name", to: item.domain).set("name", to: item.name).set("target_population", to: item.targetPopulation)
                .set("content", to: item.content).set("standard_text", to: item.standardText).set("funding_text", to: item.fundingText)
                .set("lead_department_name", to: item.leadDepartment).set("legal_basis", to: item.legalBasis)
                .set("derived_from_item_key", to: item.derivedFromKey)
                .where("version_id", .equal, versionID).where("item_key", .equal, item.key).run()
        } else {
            try await insert(item, versionID: versionID, order: existing.count)
        }
        try await AuditLog(db).record(actor, action: before == nil ? "create" : "update", entity: "service_item",
                                      entityID: "\(versionID)/\(item.key)", regionCode: version.regionCode.rawValue,
                                      before: before, after: item)
        return item
    }

    public func removeItem(key: String, versionID: Int64, actor: AuditActor) async throws {
        let version = try await editableVersion(versionID)
        guard let before = try await items(versionID: versionID).first(where: { $0.key == key }) else {
            throw JunhengError.notFound("服务项目 \(key)")
        }
        try await db.delete(from: "service_items").where("version_id", .equal, versionID).where("item_key", .equal, key).run()
        try await AuditLog(db).record(actor, action: "delete", entity: "service_item", entityID: "\(versionID)/\(key)",
                                      regionCode: version.regionCode.rawValue, before: before)
    }

    /// Public search over a published version: name, population, content and standard text.
    public func search(_ text: String, versionID: Int64) async throws -> [CatalogueItem] {
        let term = text.trimmingCharacters(in: .whitespaces)
        guard !term.isEmpty else { return try await items(versionID: versionID) }
        return try await items(versionID: versionID).filter { item in
            [item.name, item.domain, item.targetPopulation, item.content, item.standardText, item.leadDepartment]
                .contains { $0.contains(term) }
        }
    }
}

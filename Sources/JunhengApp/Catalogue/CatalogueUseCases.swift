import Foundation
import JunhengCore
import Storage

/// The service catalogue (清单): versions and their review, items with department scope,
/// exchange files, diff and upper/lower compliance, and what the public sees.
public struct CatalogueUseCases: Sendable {
    let app: JunhengApp
    private var database: JunhengDatabase { app.database }
    private var store: CatalogueStore { CatalogueStore(database.sql) }
    /// The public catalogue's reads: a published version never changes, so the replica serves it.
    private var publishedStore: CatalogueStore { CatalogueStore(app.replica.sql) }

    // MARK: reading

    /// Published (and superseded) versions are public; others only to those who edit or publish
    /// the region's catalogue.
    public func mayRead(_ version: CatalogueVersion, actor: Actor) async throws -> Bool {
        if version.status == .published || version.status == .superseded { return true }
        for permission in [Permission.editCatalogue, .publishCatalogue]
        where try await app.access.allows(permission, region: version.regionCode, actor: actor) { return true }
        return false
    }

    /// Whether the actor may change the items of this version (a draft in their scope).
    public func mayEdit(_ version: CatalogueVersion, actor: Actor) async throws -> Bool {
        guard version.status == .draft, actor.user != nil else { return false }
        return try await app.access.allows(.editCatalogue, region: version.regionCode, actor: actor)
    }

    /// The versions the actor may read, optionally of one region.
    public func versions(region: RegionCode? = nil, actor: Actor) async throws -> [CatalogueVersion] {
        var visible: [CatalogueVersion] = []
        for version in try await store.versions(regionCode: region) where try await mayRead(version, actor: actor) {
            visible.append(version)
        }
        return visible
    }

    /// The version, or `notFound` when it does not exist or the actor may not read it.
    public func readable(_ idText: String?, actor: Actor) async throws -> CatalogueVersion {
        let id = try recordID(idText, "清单版本")
        let version = try await store.version(id)
        guard try await mayRead(version, actor: actor) else { throw JunhengError.notFound("清单版本 \(id)") }
        return version
    }

    /// A version the actor may act on with `permission` over its region.
    public func editable(_ idText: String?, permission: Permission, actor: Actor) async throws -> CatalogueVersion {
        _ = try app.access.requireUser(actor)
        let version = try await readable(idText, actor: actor)
        try await app.access.authorize(permission, region: version.regionCode, actor: actor)
        return version
    }

    public func items(of version: CatalogueVersion) async throws -> [CatalogueItem] {
        try await store.items(versionID: version.id)
    }

    /// The published version of a region, or `notFound` saying it has none.
    /// The items of the catalogue that applies to `region`: its own published one, or its nearest
    /// ancestor's; none when no catalogue up the chain is published.
    public func applicableItems(for region: RegionCode) async throws -> [CatalogueItem] {
        let store = CatalogueStore(app.replica.sql)
        for code in try await app.access.regionPath(region) {
            if let version = try await store.published(regionCode: code) { return try await store.items(versionID: version.id) }
        }
        return []
    }

    public func published(region: RegionCode) async throws -> CatalogueVersion {
        guard let version = try await publishedStore.published(regionCode: region) else {
            throw JunhengError.notFound("地区 \(region.rawValue) 尚未发布基本公共服务清单")
        }
        return version
    }

    /// Items of a published version matching `query` (all of them for an empty query).
    public func search(_ query: String, in version: CatalogueVersion) async throws -> [CatalogueItem] {
        try await publishedStore.search(query, versionID: version.id)
    }

    /// The items of a published version with what each means for a person.
    public func find(for profile: PersonProfile, in version: CatalogueVersion) async throws -> [(item: CatalogueItem, match: EligibilityMatch)] {
        try await publishedStore.items(versionID: version.id).map { ($0, $0.eligibility.match(profile)) }
    }

    // MARK: comparing

    /// Items added, removed and changed between two versions the actor may read.
    public func diff(from: String?, to: String?, actor: Actor) async throws -> (from: CatalogueVersion, to: CatalogueVersion, diff: CatalogueDiff) {
        let older = try await readable(from, actor: actor)
        let newer = try await readable(to, actor: actor)
        return (older, newer, CatalogueDiff.between(try await items(of: older), try await items(of: newer)))
    }

    /// The lower level's catalogue against its upper level's, each finding quoting both sides.
    public func compliance(upper: String?, lower: String?, actor: Actor) async throws
        -> (upper: CatalogueVersion, lower: CatalogueVersion, findings: [ComplianceFinding]) {
        let upperVersion = try await readable(upper, actor: actor)
        let lowerVersion = try await readable(lower, actor: actor)
        // Standards bind downwards only: a region is checked against a catalogue of one of its own
        // upper levels, never against another province's.
        let lowerPath = try await app.access.regionPath(lowerVersion.regionCode)
        guard lowerPath.dropFirst().contains(upperVersion.regionCode) else {
            let regions = app.regions
            let upperName = try await regions.region(upperVersion.regionCode).name
            let lowerName = try await regions.region(lowerVersion.regionCode).name
            throw JunhengError.invalid(field: "upper", "\(upperName)不是\(lowerName)的上级地区：只能与本地区上级的清单对照")
        }
        return (upperVersion, lowerVersion,
                CatalogueCompliance.findings(upper: try await items(of: upperVersion), lower: try await items(of: lowerVersion)))
    }

    // MARK: changing

    /// A spreadsheet (XLSX, CSV) or JSON file becomes a new draft for `region`; any bad row
    /// rejects the whole file.
    /// A department editor's file may hold only items their department leads.
    public func importDraft(_ data: Data, filename: String, region: RegionCode, title: String?, actor: Actor) async throws -> CatalogueVersion {
        try await app.access.authorize(.editCatalogue, region: region, actor: actor)
        try await requireDepartmentScope(actor: actor, over: [])
        let items = try CatalogueExchange.read(data, filename: filename)
        try await requireDepartmentScope(actor: actor, over: items)
        let audit = actor.audit
        return try await database.transaction { db in
            try await CatalogueStore(db).createDraft(regionCode: region, title: title ?? filename, items: items,
                                                     note: "导入自 \(filename)", actor: audit)
        }
    }

    /// Adds (empty key) or changes an item of a draft; department editors only the items their
    /// department leads.
    public func saveItem(_ item: CatalogueItem, versionID: String?, actor: Actor) async throws -> CatalogueItem {
        let version = try await editable(versionID, permission: .editCatalogue, actor: actor)
        if let existing = try await items(of: version).first(where: { $0.key == item.key }) {
            try await requireDepartment(of: existing, actor: actor)
        }
        try await requireDepartment(of: item, actor: actor)
        let audit = actor.audit
        return try await database.transaction { try await CatalogueStore($0).saveItem(item, versionID: version.id, actor: audit) }
    }

    /// Removes an item from a draft; department editors only the items their department leads.
    public func removeItem(key: String, from version: CatalogueVersion, actor: Actor) async throws {
        if let existing = try await items(of: version).first(where: { $0.key == key }) {
            try await requireDepartment(of: existing, actor: actor)
        }
        let audit = actor.audit
        try await database.transaction { try await CatalogueStore($0).removeItem(key: key, versionID: version.id, actor: audit) }
    }

    /// One step of a version's life; each step needs its own permission over the region. Sending
    /// a whole version for review (or starting the next one) is not a department editor's to do
    /// unless every item is their department's; nobody returns or publishes a version they created
    /// or submitted, administrators included.
    public func perform(_ step: CatalogueStep, on versionID: String?, actor: Actor) async throws -> CatalogueVersion {
        let version = try await editable(versionID, permission: step.permission, actor: actor)
        switch step {
        case .submit, .newDraft:
            try await requireDepartmentScope(actor: actor, over: try await items(of: version))
        case .publish, .returnToDraft:
            if case .denied(let reason) = app.access.policy.mayReview(reviewer: actor.user?.id,
                                                                      authors: try await authors(of: version)) {
                throw JunhengError.forbidden(reason)
            }
        }
        let audit = actor.audit
        return try await database.transaction { db in
            let store = CatalogueStore(db)
            switch step {
            case .submit: return try await store.submit(version.id, actor: audit)
            case .returnToDraft: return try await store.returnToDraft(version.id, actor: audit)
            case .publish: return try await store.publish(version.id, actor: audit)
            case .newDraft: return try await store.newDraft(from: version.id, actor: audit)
            }
        }
    }

    /// Who made a version what it is: whoever created it and whoever last sent it for review.
    func authors(of version: CatalogueVersion) async throws -> [Int64?] {
        let log = AuditLog(database.sql)
        var authors: [Int64?] = []
        for action in ["create", "submit"] {
            let entries = try await log.entries(
                matching: AuditFilter(action: action, entity: "catalogue_version", entityID: String(version.id)), limit: 1)
            authors += entries.map(\.userID)
        }
        return authors
    }

    /// Refuses a department editor unless every one of `items` is led by their department (and
    /// one who has no department at all).
    private func requireDepartmentScope(actor: Actor, over items: [CatalogueItem]) async throws {
        guard let user = actor.user, user.role == .departmentEditor else { return }
        var own: Department?
        if let id = user.departmentID { own = try await DepartmentStore(database.sql).department(id: id) }
        let departments = items.map { item in own.flatMap { $0.name == item.leadDepartment ? $0.id : nil } }
        if case .denied = app.access.policy.decideDepartments(role: user.role, scope: user.scope,
                                                             objectDepartments: own == nil ? [nil] : departments) {
            let others = Set(items.map(\.leadDepartment).filter { $0 != own?.name }).sorted().prefix(3)
            throw JunhengError.forbidden("部门填报员只能处理本部门（\(own?.name ?? "未指定")）牵头的项目"
                                         + (others.isEmpty ? "" : "，而其中有\(others.joined(separator: "、"))牵头的项目"))
        }
    }

    /// Department editors may change only the items their department leads.
    private func requireDepartment(of item: CatalogueItem, actor: Actor) async throws {
        guard let user = actor.user, user.role == .departmentEditor else { return }
        var own: Department?
        if let id = user.departmentID { own = try await DepartmentStore(database.sql).department(id: id) }
        guard let own, own.name == item.leadDepartment else {
            throw JunhengError.forbidden("部门填报员只能修改本部门（\(own?.name ?? "未指定")）牵头的项目")
        }
    }
}

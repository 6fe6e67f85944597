import Foundation
import Hummingbird
import JunhengCore
import Storage

/// `/api/v1/catalogues`: versions, items, review and publishing, export/import, diff and
/// upper/lower compliance; `/api/v1/public/catalogue`: what citizens see, and the entitlement finder.
struct CatalogueAPI {
    let services: JunhengServices
    private var db: JunhengDatabase { services.database }

    func register(on api: RouterGroup<AppContext>) {
        api.get("catalogues", use: versions)
        api.post("catalogues/import", use: importFile)
        api.get("catalogues/diff", use: diff)
        api.get("catalogues/compliance", use: compliance)
        api.get("catalogues/:id", use: version)
        api.get("catalogues/:id/export", use: export)
        api.post("catalogues/:id/items", use: addItem)
        api.put("catalogues/:id/items/:key", use: saveItem)
        api.delete("catalogues/:id/items/:key", use: removeItem)
        api.post("catalogues/:id/submit", use: submit)
        api.post("catalogues/:id/return", use: returnToDraft)
        api.post("catalogues/:id/publish", use: publish)
        api.post("catalogues/:id/draft", use: newDraft)
        api.get("public/catalogue/:region", use: publicCatalogue)
        api.get("public/catalogue/:region/finder", use: finder)
    }

    struct VersionWithItems: Encodable, Sendable {
        let version: CatalogueVersion
        let items: [CatalogueItem]
    }

    @Sendable func versions(_ request: Request, context: AppContext) async throws -> JSON<ItemList<CatalogueVersion>> {
        let region = try request.uri.queryParameters["region"].map { try regionCode(String($0), field: "region") }
        var visible: [CatalogueVersion] = []
        for version in try await CatalogueStore(db.sql).versions(regionCode: region)
        where try await services.mayRead(version, context: context) { visible.append(version) }
        return JSON(ItemList(visible))
    }

    @Sendable func version(_ request: Request, context: AppContext) async throws -> JSON<VersionWithItems> {
        let version = try await services.readableCatalogue(context.parameters.get("id"), context: context)
        return JSON(VersionWithItems(version: version, items: try await CatalogueStore(db.sql).items(versionID: version.id)))
    }

    @Sendable func export(_ request: Request, context: AppContext) async throws -> Response {
        let version = try await services.readableCatalogue(context.parameters.get("id"), context: context)
        let formatText = request.uri.queryParameters["format"].map(String.init) ?? "xlsx"
        guard let format = CatalogueExchange.Format(rawValue: formatText) else {
            throw JunhengError.invalid(field: "format", "格式应为 xlsx、csv 或 json")
        }
        let data = try CatalogueExchange.export(try await CatalogueStore(db.sql).items(versionID: version.id), format: format)
        let filename = "catalogue-\(version.regionCode.rawValue)-v\(version.versionNumber).\(format.rawValue)"
        return Response(status: .ok, headers: [.contentType: format.contentType,
                                               .contentDisposition: "attachment; filename=\"\(filename)\""],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// A spreadsheet (or JSON) becomes a new draft for `?region=`.
    @Sendable func importFile(_ request: Request, context: AppContext) async throws -> JSON<CatalogueVersion> {
        _ = try services.requireUser(context)
        var request = request
        let file = try await UploadedFile(request: &request, context: context)
        let region = try regionCode(file.fields["region"], field: "region")
        try await services.authorize(.editCatalogue, region: region, context: context)
        let items = try CatalogueExchange.read(file.data, filename: file.filename)
        let actor = context.auditActor
        return JSON(try await db.transaction { db in
            try await CatalogueStore(db).createDraft(regionCode: region, title: file.fields["title"] ?? file.filename, items: items,
                                                     note: "导入自 \(file.filename)", actor: actor)
        }, status: .created)
    }

    @Sendable func addItem(_ request: Request, context: AppContext) async throws -> JSON<CatalogueItem> {
        var item = try await request.decode(as: CatalogueItem.self, context: context)
        item.key = ""
        return JSON(try await services.saveCatalogueItem(item, versionText: context.parameters.get("id"), context: context),
                    status: .created)
    }

    @Sendable func saveItem(_ request: Request, context: AppContext) async throws -> JSON<CatalogueItem> {
        var item = try await request.decode(as: CatalogueItem.self, context: context)
        item.key = try context.parameters.require("key")
        return JSON(try await services.saveCatalogueItem(item, versionText: context.parameters.get("id"), context: context))
    }

    struct Removed: Encodable, Sendable { let removed: String }

    @Sendable func removeItem(_ request: Request, context: AppContext) async throws -> JSON<Removed> {
        let version = try await services.editableCatalogue(context.parameters.get("id"), permission: .editCatalogue, context: context)
        let key = try context.parameters.require("key")
        try await services.removeCatalogueItem(key: key, version: version, context: context)
        return JSON(Removed(removed: key))
    }

    @Sendable func submit(_ request: Request, context: AppContext) async throws -> JSON<CatalogueVersion> {
        try await lifecycle(request, context: context, permission: .editCatalogue) { try await $0.submit($1, actor: $2) }
    }

    @Sendable func returnToDraft(_ request: Request, context: AppContext) async throws -> JSON<CatalogueVersion> {
        try await lifecycle(request, context: context, permission: .publishCatalogue) { try await $0.returnToDraft($1, actor: $2) }
    }

    @Sendable func publish(_ request: Request, context: AppContext) async throws -> JSON<CatalogueVersion> {
        try await lifecycle(request, context: context, permission: .publishCatalogue) { try await $0.publish($1, actor: $2) }
    }

    @Sendable func newDraft(_ request: Request, context: AppContext) async throws -> JSON<CatalogueVersion> {
        try await lifecycle(request, context: context, permission: .editCatalogue) { try await $0.newDraft(from: $1, actor: $2) }
    }

    private func lifecycle(_ request: Request, context: AppContext, permission: Permission,
                           _ step: @escaping @Sendable (CatalogueStore, Int64, AuditActor) async throws -> CatalogueVersion) async throws -> JSON<CatalogueVersion> {
        let version = try await services.editableCatalogue(context.parameters.get("id"), permission: permission, context: context)
        let actor = context.auditActor
        return JSON(try await db.transaction { try await step(CatalogueStore($0), version.id, actor) })
    }

    @Sendable func diff(_ request: Request, context: AppContext) async throws -> JSON<CatalogueDiff> {
        let query = request.uri.queryParameters
        let from = try await services.readableCatalogue(query["from"].map(String.init), context: context)
        let to = try await services.readableCatalogue(query["to"].map(String.init), context: context)
        let store = CatalogueStore(db.sql)
        return JSON(CatalogueDiff.between(try await store.items(versionID: from.id), try await store.items(versionID: to.id)))
    }

    @Sendable func compliance(_ request: Request, context: AppContext) async throws -> JSON<ItemList<ComplianceFinding>> {
        let query = request.uri.queryParameters
        let upper = try await services.readableCatalogue(query["upper"].map(String.init), context: context)
        let lower = try await services.readableCatalogue(query["lower"].map(String.init), context: context)
        let store = CatalogueStore(db.sql)
        return JSON(ItemList(CatalogueCompliance.findings(upper: try await store.items(versionID: upper.id),
                                                          lower: try await store.items(versionID: lower.id))))
    }

    @Sendable func publicCatalogue(_ request: Request, context: AppContext) async throws -> JSON<VersionWithItems> {
        let (version, store) = try await services.publishedCatalogue(context.parameters.get("region"))
        let query = request.uri.queryParameters["q"].map(String.init) ?? ""
        return JSON(VersionWithItems(version: version, items: try await store.search(query, versionID: version.id)))
    }

    struct FinderResult: Encodable, Sendable {
        struct Match: Encodable, Sendable {
            let item: CatalogueItem
            let match: EligibilityMatch
        }
        let version: CatalogueVersion
        let profile: PersonProfile
        let applies: [Match]
        let maybe: [Match]
    }

    @Sendable func finder(_ request: Request, context: AppContext) async throws -> JSON<FinderResult> {
        let (version, store) = try await services.publishedCatalogue(context.parameters.get("region"))
        let profile = try PersonProfile(query: request.uri.queryParameters)
        let matches = try await store.items(versionID: version.id).map { FinderResult.Match(item: $0, match: $0.eligibility.match(profile)) }
        return JSON(FinderResult(version: version, profile: profile, applies: matches.filter { $0.match.outcome == .applies },
                                 maybe: matches.filter { $0.match.outcome == .maybe }))
    }
}

extension PersonProfile {
    /// A profile from query parameters: age, area (urban/rural), residency, disability, income,
    /// veteran, stage, pregnant — each optional.
    init(query: some Sequence<(key: Substring, value: Substring)>) throws {
        var values: [String: String] = [:]
        for (key, value) in query where !value.isEmpty { values[String(key)] = String(value) }
        let age = try values["age"].map { text -> Int in
            guard let age = Int(text), (0...130).contains(age) else { throw JunhengError.invalid(field: "age", "年龄应为 0–130 的整数") }
            return age
        }
        func parse<T: RawRepresentable>(_ key: String, as type: T.Type) throws -> T? where T.RawValue == String {
            guard let text = values[key] else { return nil }
            guard let value = T(rawValue: text) else { throw JunhengError.invalid(field: key, "“\(text)”不是可识别的取值") }
            return value
        }
        self.init(age: age, area: try parse("area", as: Area.self), residency: try parse("residency", as: Residency.self),
                  disability: try parse("disability", as: DisabilityLevel.self),
                  incomeStatus: try parse("income", as: IncomeStatus.self),
                  isVeteran: values["veteran"].map(Self.isYes), isEntitledGroup: values["entitled"].map(Self.isYes),
                  schoolStage: try parse("stage", as: SchoolStage.self), pregnant: values["pregnant"].map(Self.isYes))
    }

    static func isYes(_ text: String) -> Bool { ["true", "1", "yes", "on", "是"].contains(text.lowercased()) }
}

extension JunhengServices {
    /// Published versions are public; others only to those who edit or publish the region's catalogue.
    func mayRead(_ version: CatalogueVersion, context: AppContext) async throws -> Bool {
        if version.status == .published || version.status == .superseded { return true }
        guard let user = context.user else { return false }
        let path = try await regionPath(version.regionCode)
        return [.editCatalogue, .publishCatalogue].contains { permission in
            policy.decide(role: user.role, scope: user.scope, permission: permission, targetRegionPath: path).isAllowed
        }
    }

    func readableCatalogue(_ idText: String?, context: AppContext) async throws -> CatalogueVersion {
        guard let id = idText.flatMap(Int64.init) else { throw APIError.notFound("清单版本 \(idText ?? "")") }
        let version = try await CatalogueStore(database.sql).version(id)
        guard try await mayRead(version, context: context) else { throw APIError.notFound("清单版本 \(id)") }
        return version
    }

    func editableCatalogue(_ idText: String?, permission: Permission, context: AppContext) async throws -> CatalogueVersion {
        _ = try requireUser(context)
        let version = try await readableCatalogue(idText, context: context)
        try await authorize(permission, region: version.regionCode, context: context)
        return version
    }

    func publishedCatalogue(_ regionText: String?) async throws -> (CatalogueVersion, CatalogueStore) {
        let region = try regionCode(regionText, field: "region")
        let store = CatalogueStore(database.sql)
        guard let version = try await store.published(regionCode: region) else {
            throw APIError.notFound("地区 \(region.rawValue) 尚未发布基本公共服务清单")
        }
        return (version, store)
    }

    /// Department editors may change only the items their department leads.
    func requireDepartment(of item: CatalogueItem, context: AppContext) async throws {
        guard let user = context.user, user.role == .departmentEditor else { return }
        var own: Department?
        if let id = user.departmentID { own = try await DepartmentStore(database.sql).department(id: id) }
        guard let own, own.name == item.leadDepartment else {
            throw APIError.forbidden("部门填报员只能修改本部门（\(own?.name ?? "未指定")）牵头的项目")
        }
    }

    /// Removes an item from a draft; department editors only the items their department leads.
    func removeCatalogueItem(key: String, version: CatalogueVersion, context: AppContext) async throws {
        if let existing = try await CatalogueStore(database.sql).items(versionID: version.id).first(where: { $0.key == key }) {
            try await requireDepartment(of: existing, context: context)
        }
        let actor = context.auditActor
        try await database.transaction { try await CatalogueStore($0).removeItem(key: key, versionID: version.id, actor: actor) }
    }

    func saveCatalogueItem(_ item: CatalogueItem, versionText: String?, context: AppContext) async throws -> CatalogueItem {
        let version = try await editableCatalogue(versionText, permission: .editCatalogue, context: context)
        if let existing = try await CatalogueStore(database.sql).items(versionID: version.id).first(where: { $0.key == item.key }) {
            try await requireDepartment(of: existing, context: context)
        }
        try await requireDepartment(of: item, context: context)
        let actor = context.auditActor
        return try await database.transaction { try await CatalogueStore($0).saveItem(item, versionID: version.id, actor: actor) }
    }
}

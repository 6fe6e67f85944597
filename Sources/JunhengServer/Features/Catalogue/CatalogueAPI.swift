import Foundation
import Hummingbird
import JunhengApp
import JunhengCore
import Storage

/// `/api/v1/catalogues`: versions, items, review and publishing, export/import, diff and
/// upper/lower compliance; `/api/v1/public/catalogue`: what citizens see, and the entitlement finder.
struct CatalogueAPI {
    let services: JunhengServices
    private var catalogue: CatalogueUseCases { services.app.catalogue }

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
        return JSON(ItemList(try await catalogue.versions(region: region, actor: context.actor)))
    }

    @Sendable func version(_ request: Request, context: AppContext) async throws -> JSON<VersionWithItems> {
        let version = try await catalogue.readable(context.parameters.get("id"), actor: context.actor)
        return JSON(VersionWithItems(version: version, items: try await catalogue.items(of: version)))
    }

    @Sendable func export(_ request: Request, context: AppContext) async throws -> Response {
        let version = try await catalogue.readable(context.parameters.get("id"), actor: context.actor)
        let formatText = request.uri.queryParameters["format"].map(String.init) ?? "xlsx"
        guard let format = CatalogueExchange.Format(rawValue: formatText) else {
            throw JunhengError.invalid(field: "format", "格式应为 xlsx、csv 或 json")
        }
        let data = try CatalogueExchange.export(try await catalogue.items(of: version), format: format)
        let filename = "catalogue-\(version.regionCode.rawValue)-v\(version.versionNumber).\(format.rawValue)"
        return Download.response(data, filename: filename, fallback: "catalogue.\(format.rawValue)", contentType: format.contentType)
    }

    /// A spreadsheet (or JSON) becomes a new draft for `?region=`.
    @Sendable func importFile(_ request: Request, context: AppContext) async throws -> JSON<CatalogueVersion> {
        _ = try context.requireUser()
        var request = request
        let file = try await UploadedFile(request: &request, context: context)
        let region = try regionCode(file.fields["region"], field: "region")
        return JSON(try await catalogue.importDraft(file.data, filename: file.filename, region: region, title: file.fields["title"],
                                                    actor: context.actor), status: .created)
    }

    @Sendable func addItem(_ request: Request, context: AppContext) async throws -> JSON<CatalogueItem> {
        var item = try await request.decode(as: CatalogueItem.self, context: context)
        item.key = ""
        return JSON(try await catalogue.saveItem(item, versionID: context.parameters.get("id"), actor: context.actor),
                    status: .created)
    }

    @Sendable func saveItem(_ request: Request, context: AppContext) async throws -> JSON<CatalogueItem> {
        var item = try await request.decode(as: CatalogueItem.self, context: context)
        item.key = try context.parameters.require("key")
        return JSON(try await catalogue.saveItem(item, versionID: context.parameters.get("id"), actor: context.actor))
    }

    struct Removed: Encodable, Sendable { let removed: String }

    @Sendable func removeItem(_ request: Request, context: AppContext) async throws -> JSON<Removed> {
        let version = try await catalogue.editable(context.parameters.get("id"), permission: .editCatalogue, actor: context.actor)
        let key = try context.parameters.require("key")
        try await catalogue.removeItem(key: key, from: version, actor: context.actor)
        return JSON(Removed(removed: key))
    }

    @Sendable func submit(_ request: Request, context: AppContext) async throws -> JSON<CatalogueVersion> {
        JSON(try await catalogue.perform(.submit, on: context.parameters.get("id"), actor: context.actor))
    }

    @Sendable func returnToDraft(_ request: Request, context: AppContext) async throws -> JSON<CatalogueVersion> {
        JSON(try await catalogue.perform(.returnToDraft, on: context.parameters.get("id"), actor: context.actor))
    }

    @Sendable func publish(_ request: Request, context: AppContext) async throws -> JSON<CatalogueVersion> {
        JSON(try await catalogue.perform(.publish, on: context.parameters.get("id"), actor: context.actor))
    }

    @Sendable func newDraft(_ request: Request, context: AppContext) async throws -> JSON<CatalogueVersion> {
        JSON(try await catalogue.perform(.newDraft, on: context.parameters.get("id"), actor: context.actor))
    }

    @Sendable func diff(_ request: Request, context: AppContext) async throws -> JSON<CatalogueDiff> {
        let query = request.uri.queryParameters
        return JSON(try await catalogue.diff(from: query["from"].map(String.init), to: query["to"].map(String.init),
                                             actor: context.actor).diff)
    }

    @Sendable func compliance(_ request: Request, context: AppContext) async throws -> JSON<ItemList<ComplianceFinding>> {
        let query = request.uri.queryParameters
        return JSON(ItemList(try await catalogue.compliance(upper: query["upper"].map(String.init), lower: query["lower"].map(String.init),
                                                            actor: context.actor).findings))
    }

    @Sendable func publicCatalogue(_ request: Request, context: AppContext) async throws -> JSON<VersionWithItems> {
        let version = try await catalogue.published(region: try regionCode(context.parameters.get("region"), field: "region"))
        let query = request.uri.queryParameters["q"].map(String.init) ?? ""
        return JSON(VersionWithItems(version: version, items: try await catalogue.search(query, in: version)))
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
        let version = try await catalogue.published(region: try regionCode(context.parameters.get("region"), field: "region"))
        let profile = try PersonProfile(query: request.uri.queryParameters)
        let matches = try await catalogue.find(for: profile, in: version).map { FinderResult.Match(item: $0.item, match: $0.match) }
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

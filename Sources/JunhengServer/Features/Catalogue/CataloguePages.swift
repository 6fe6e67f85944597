import Foundation
import Hummingbird
import JunhengApp
import JunhengCore
import Storage

/// Public catalogue pages (no login) and the management page of catalogue versions.
struct CataloguePages {
    let services: JunhengServices
    private var catalogue: CatalogueUseCases { services.app.catalogue }
    private var regions: RegionUseCases { services.app.regions }

    func register(on router: Router<AppContext>) {
        router.get("catalogue", use: index)
        router.get("catalogue/:region", use: catalogue)
        router.get("catalogue/:region/items/:key", use: item)
        router.get("catalogue/:region/finder", use: finder)
        router.get("catalogues", use: manage)
        router.post("catalogues/import", use: importFile)
        router.get("catalogues/diff", use: diff)
        router.get("catalogues/compliance", use: compliance)
        router.get("catalogues/:id", use: versionPage)
        router.post("catalogues/:id/items", use: saveItem)
        router.post("catalogues/:id/:step", use: step)
    }

    /// Every region with a published catalogue.
    @Sendable func index(_ request: Request, context: AppContext) async throws -> Response {
        try await services.pages.publicPage("Catalogue/catalogue-index", request: request, context: context) {
            var rows: [CatalogueIndexPage.Row] = []
            for version in try await catalogue.versions(actor: context.actor) where version.status == .published {
                rows.append(CatalogueIndexPage.Row(version, region: try await regions.region(version.regionCode)))
            }
            return (context.language.strings["catalogue"]!, CatalogueIndexPage(regions: rows))
        }
    }

    /// A region's published catalogue, or what a search (`q`) found in it.
    @Sendable func catalogue(_ request: Request, context: AppContext) async throws -> Response {
        let query = request.uri.queryParameters["q"].map(String.init) ?? ""
        return try await services.pages.publicPage("Catalogue/catalogue", request: request, context: context, variant: "q=" + query) {
            let (version, region) = try await published(context)
            let items = try await catalogue.search(query, in: version)
            return (context.language.format("catalogueOf", region.name),
                    CataloguePage(version, region: region, query: query, items: items, language: context.language))
        }
    }

    @Sendable func item(_ request: Request, context: AppContext) async throws -> Response {
        try await services.pages.publicPage("Catalogue/catalogue-item", request: request, context: context) {
            let (version, region) = try await published(context)
            let key = try context.parameters.require("key")
            guard let item = try await catalogue.items(of: version).first(where: { $0.key == key }) else {
                throw APIError.notFound("服务项目 \(key)")
            }
            return (item.name, CatalogueItemPage(item, region: region))
        }
    }

    /// The entitlement finder: a person describes themselves and sees the items that apply.
    @Sendable func finder(_ request: Request, context: AppContext) async throws -> Response {
        let (version, region) = try await published(context)
        let query = request.uri.queryParameters
        let asked = query.contains { !$0.value.isEmpty && $0.key != "lang" }
        let matches = asked ? try await catalogue.find(for: try PersonProfile(query: query), in: version).map { ($0.item, $0.match) } : []
        // The first value of each field, as the form shows it again.
        let fields = Dictionary(query.map { (String($0.key), String($0.value)) }, uniquingKeysWith: { first, _ in first })
        return try services.pages.render("Catalogue/finder", title: "\(region.name) · \(context.language.text("finder"))",
                                         page: FinderPage(region: region, query: fields, asked: asked, matches: matches,
                                                          language: context.language),
                                         request: request, context: context)
    }

    // MARK: management

    @Sendable func manage(_ request: Request, context: AppContext) async throws -> Response {
        try await renderManage(request: request, context: context)
    }

    private func renderManage(request: Request, context: AppContext, formError: FormError? = nil) async throws -> Response {
        let user = try context.requireUser()
        let visible = try await catalogue.versions(actor: context.actor)
        return try services.pages.render("Catalogue/catalogues", title: context.language.strings["catalogues"]!,
                                         page: CataloguesPage(visible, user: user, language: context.language), request: request, context: context, formError: formError)
    }

    /// A version with its items; a draft's items can be edited, added and removed here.
    @Sendable func versionPage(_ request: Request, context: AppContext) async throws -> Response {
        let version = try await catalogue.readable(context.parameters.get("id"), actor: context.actor)
        return try await renderVersion(version, request: request, context: context)
    }

    private func renderVersion(_ version: CatalogueVersion, request: Request, context: AppContext,
                               formError: FormError? = nil) async throws -> Response {
        let mayEdit = try await catalogue.mayEdit(version, actor: context.actor)
        let items = try await catalogue.items(of: version)
        return try services.pages.render("Catalogue/catalogue-version", title: "\(version.title) v\(version.versionNumber)",
                                         page: CatalogueVersionPage(version, items: items, mayEdit: mayEdit, language: context.language),
                                         request: request, context: context, formError: formError)
    }

    @Sendable func saveItem(_ request: Request, context: AppContext) async throws -> Response {
        let version = try await catalogue.editable(context.parameters.get("id"), permission: .editCatalogue, actor: context.actor)
        var request = request
        let form = try await FormFields.read(&request, limit: 256 * 1024)
        let key = form["key"] ?? ""
        let outcome = try await FormError.catching(prefix: key + context.language.punctuation.colon) {
            if form["decision"] == "remove" {
                try await catalogue.removeItem(key: key, from: version, actor: context.actor)
            } else {
                let item = CatalogueItem(
                    key: key, domain: form["domain"] ?? "", name: form["name"] ?? "", targetPopulation: form["targetPopulation"] ?? "",
                    content: form["content"] ?? "", standardText: form["standardText"] ?? "", fundingText: form["fundingText"] ?? "",
                    leadDepartment: form["leadDepartment"] ?? "", legalBasis: form["legalBasis"] ?? "",
                    derivedFromKey: form.nonEmpty("derivedFromKey"))
                _ = try await catalogue.saveItem(item, versionID: String(version.id), actor: context.actor)
            }
        }
        if case .failure(let error) = outcome { return try await renderVersion(version, request: request, context: context, formError: error) }
        return Response.redirect(to: "/catalogues/\(version.id)#item-\(key)", type: .found)
    }

    /// Two versions side by side: items added, removed and changed, field by field.
    @Sendable func diff(_ request: Request, context: AppContext) async throws -> Response {
        let query = request.uri.queryParameters
        let (from, to, diff) = try await catalogue.diff(from: query["from"].map(String.init), to: query["to"].map(String.init),
                                                        actor: context.actor)
        return try services.pages.render("Catalogue/catalogue-diff", title: context.language.strings["diffTitle"]!,
                                         page: CatalogueDiffPage(from: from, to: to, diff: diff, language: context.language), request: request, context: context)
    }

    /// The lower level's catalogue against its upper level's, each finding quoting both sides.
    @Sendable func compliance(_ request: Request, context: AppContext) async throws -> Response {
        let query = request.uri.queryParameters
        let (upper, lower, findings) = try await catalogue.compliance(upper: query["upper"].map(String.init),
                                                                      lower: query["lower"].map(String.init), actor: context.actor)
        let page = CatalogueCompliancePage(upper: (upper, try await regions.region(upper.regionCode)),
                                           lower: (lower, try await regions.region(lower.regionCode)), findings: findings,
                                           language: context.language)
        return try services.pages.render("Catalogue/catalogue-compliance", title: context.language.strings["complianceTitle"]!,
                                         page: page, request: request, context: context)
    }

    @Sendable func importFile(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        var request = request
        let outcome = try await FormError.catching(prefix: context.language.text("notImported")) {
            let file = try await UploadedFile(request: &request, context: context)
            let region = try regionCode(file.fields["region"] ?? user.regionCode?.rawValue, field: "region")
            return try await catalogue.importDraft(file.data, filename: file.filename, region: region, title: nil, actor: context.actor)
        }
        if case .failure(let error) = outcome { return try await renderManage(request: request, context: context, formError: error) }
        return Response.redirect(to: "/catalogues", type: .found)
    }

    @Sendable func step(_ request: Request, context: AppContext) async throws -> Response {
        let stepName = try context.parameters.require("step")
        guard let step = CatalogueStep(rawValue: stepName) else { throw APIError.notFound("操作 \(stepName)") }
        let version = try await catalogue.editable(context.parameters.get("id"), permission: step.permission, actor: context.actor)
        let outcome = try await FormError.catching { try await catalogue.perform(step, on: String(version.id), actor: context.actor) }
        if case .failure(let error) = outcome { return try await renderManage(request: request, context: context, formError: error) }
        return Response.redirect(to: "/catalogues", type: .found)
    }

    /// The published version of the region in the path, with the region.
    private func published(_ context: AppContext) async throws -> (CatalogueVersion, Region) {
        let version = try await catalogue.published(region: try regionCode(context.parameters.get("region"), field: "region"))
        return (version, try await regions.region(version.regionCode))
    }
}

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

    private func itemValues(_ item: CatalogueItem, region: String) -> [String: Any] {
        ["key": item.key, "domain": item.domain, "name": item.name, "targetPopulation": item.targetPopulation,
         "content": item.content, "standard": item.standardText, "funding": item.fundingText,
         "lead": item.leadDepartment, "legalBasis": item.legalBasis, "region": region]
    }

    private func grouped(_ items: [CatalogueItem], region: String) -> [[String: Any]] {
        var order: [String] = []
        var byDomain: [String: [CatalogueItem]] = [:]
        for item in items {
            if byDomain[item.domain] == nil { order.append(item.domain) }
            byDomain[item.domain, default: []].append(item)
        }
        return order.map { ["domain": $0, "count": byDomain[$0]!.count, "items": byDomain[$0]!.map { itemValues($0, region: region) }] }
    }

    /// Every region with a published catalogue.
    @Sendable func index(_ request: Request, context: AppContext) async throws -> Response {
        var rows: [[String: Any]] = []
        for version in try await catalogue.versions(actor: context.actor) where version.status == .published {
            let region = try await regions.region(version.regionCode)
            rows.append(["code": region.code.rawValue, "name": region.name, "number": version.versionNumber, "count": version.itemCount])
        }
        return try services.pages.render("Catalogue/catalogue-index", title: context.language.strings["catalogue"]!, values: ["regions": rows],
                                         request: request, context: context)
    }

    @Sendable func catalogue(_ request: Request, context: AppContext) async throws -> Response {
        let (version, region) = try await published(context)
        let query = request.uri.queryParameters["q"].map(String.init) ?? ""
        let items = try await catalogue.search(query, in: version)
        return try services.pages.render("Catalogue/catalogue", title: "\(region.name)基本公共服务清单", values: [
            "region": ["code": region.code.rawValue, "name": region.name], "q": query, "searching": !query.isEmpty,
            "version": ["number": version.versionNumber, "publishedAt": String((version.publishedAt ?? "").prefix(10)), "count": version.itemCount],
            "domains": grouped(items, region: region.code.rawValue), "resultCount": items.count,
        ], request: request, context: context)
    }

    @Sendable func item(_ request: Request, context: AppContext) async throws -> Response {
        let (version, region) = try await published(context)
        let key = try context.parameters.require("key")
        guard let item = try await catalogue.items(of: version).first(where: { $0.key == key }) else {
            throw APIError.notFound("服务项目 \(key)")
        }
        let shares = item.funding.shares.compactMap { share in
            share.percent.map { "\(share.levels.map(\.rawValue).joined(separator: "+"))：\(String(format: "%g", $0))%" }
        }
        return try services.pages.render("Catalogue/catalogue-item", title: item.name, values: [
            "region": ["code": region.code.rawValue, "name": region.name], "item": itemValues(item, region: region.code.rawValue),
            "quantities": item.standard.quantities.map { quantity in
                "\(quantity.per ?? "") \(quantity.comparator.rawValue) \(String(format: "%g", quantity.value))\(quantity.valueHigh.map { "–" + String(format: "%g", $0) } ?? "") \(quantity.unit)"
            },
            "shares": shares,
        ], request: request, context: context)
    }

    /// The entitlement finder: a person describes themselves and sees the items that apply.
    @Sendable func finder(_ request: Request, context: AppContext) async throws -> Response {
        let (version, region) = try await published(context)
        let query = request.uri.queryParameters
        let asked = query.contains { !$0.value.isEmpty && $0.key != "lang" }
        var applies: [[String: Any]] = [], maybe: [[String: Any]] = []
        if asked {
            let profile = try PersonProfile(query: query)
            for (item, match) in try await catalogue.find(for: profile, in: version) {
                var values = itemValues(item, region: region.code.rawValue)
                values["reasons"] = match.reasons.joined(separator: "；")
                switch match.outcome {
                case .applies: applies.append(values)
                case .maybe: maybe.append(values)
                case .doesNotApply: continue
                }
            }
        }
        func selected(_ key: String, _ value: String) -> Bool { query[Substring(key)].map(String.init) == value }
        func options(_ key: String, _ pairs: [(String, String)]) -> [[String: Any]] {
            pairs.map { ["value": $0.0, "label": $0.1, "selected": selected(key, $0.0)] }
        }
        return try services.pages.render("Catalogue/finder", title: "\(region.name) · 我能享受哪些服务", values: [
            "region": ["code": region.code.rawValue, "name": region.name], "asked": asked,
            "age": query["age"].map(String.init) ?? "",
            "areas": options("area", [("urban", "城镇"), ("rural", "农村")]),
            "residencies": options("residency", [("hukou", "本地户籍"), ("residencePermit", "持居住证"), ("resident", "常住")]),
            "disabilities": options("disability", [("notDisabled", "无"), ("moderate", "残疾（非重度）"), ("severe", "重度残疾")]),
            "incomes": options("income", [("ordinary", "一般"), ("lowIncome", "低收入"), ("minimumLivingAllowance", "低保"), ("extremePoverty", "特困")]),
            "stages": options("stage", [("notInSchool", "不在学"), ("preschool", "学前"), ("compulsory", "义务教育"), ("seniorHigh", "普通高中"),
                                        ("secondaryVocational", "中职"), ("higher", "高等教育")]),
            "veteran": selected("veteran", "true"), "pregnant": selected("pregnant", "true"),
            "applies": applies, "maybe": maybe, "appliesCount": applies.count, "maybeCount": maybe.count,
        ], request: request, context: context)
    }

    // MARK: management

    @Sendable func manage(_ request: Request, context: AppContext) async throws -> Response {
        try await renderManage(request: request, context: context)
    }

    private func renderManage(request: Request, context: AppContext, formError: FormError? = nil) async throws -> Response {
        let user = try context.requireUser()
        let visible = try await catalogue.versions(actor: context.actor)
        let mayEdit = user.role.permissions.contains(.editCatalogue)
        let mayPublish = user.role.permissions.contains(.publishCatalogue)
        let published = Dictionary(visible.filter { $0.status == .published }.map { ($0.regionCode, $0.id) }, uniquingKeysWith: max)
        return try services.pages.render("Catalogue/catalogues", title: context.language.strings["catalogues"]!, values: [
            "versions": visible.map { version in [
                "id": version.id, "region": version.regionCode.rawValue, "number": version.versionNumber,
                "status": version.status.chineseName, "title": version.title, "count": version.itemCount,
                "note": version.note, "basedOn": version.basedOnID.map { "\($0)" } ?? "",
                "maySubmit": mayEdit && version.status == .draft,
                "mayPublish": mayPublish && version.status == .underReview,
                "mayDraft": mayEdit && version.status == .published,
                "isPublished": version.status == .published,
                "previousPublished": version.status != .published ? (published[version.regionCode].map { "\($0)" } ?? "") : "",
            ] as [String: Any] },
            "mayEdit": mayEdit, "defaultRegion": user.regionCode?.rawValue ?? "",
        ], request: request, context: context, formError: formError)
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
        let fields: [CatalogueField] = [.domain, .name, .targetPopulation, .content, .standardText, .fundingText, .leadDepartment,
                                        .legalBasis, .derivedFromKey]
        return try services.pages.render("Catalogue/catalogue-version", title: "\(version.title) v\(version.versionNumber)", values: [
            "version": ["id": version.id, "region": version.regionCode.rawValue, "number": version.versionNumber,
                        "title": version.title, "status": version.status.chineseName, "count": version.itemCount] as [String: Any],
            "mayEdit": mayEdit,
            "items": items.map { item in [
                "key": item.key, "name": item.name, "domain": item.domain,
                "fields": fields.map { ["name": $0.rawValue, "label": $0.chineseName, "value": item[$0]] },
            ] as [String: Any] },
            "newFields": fields.map { ["name": $0.rawValue, "label": $0.chineseName] },
        ], request: request, context: context, formError: formError)
    }

    @Sendable func saveItem(_ request: Request, context: AppContext) async throws -> Response {
        let version = try await catalogue.editable(context.parameters.get("id"), permission: .editCatalogue, actor: context.actor)
        var request = request
        let form = try await FormFields.read(&request, limit: 256 * 1024)
        let key = form["key"] ?? ""
        let outcome = try await FormError.catching(prefix: "\(key)：") {
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
        return try services.pages.render("Catalogue/catalogue-diff", title: context.language.strings["diffTitle"]!, values: [
            "from": ["id": from.id, "number": from.versionNumber, "region": from.regionCode.rawValue],
            "to": ["id": to.id, "number": to.versionNumber, "region": to.regionCode.rawValue],
            "added": diff.added.map { ["key": $0.key, "name": $0.name, "domain": $0.domain] },
            "removed": diff.removed.map { ["key": $0.key, "name": $0.name, "domain": $0.domain] },
            "changed": diff.changed.map { change in [
                "key": change.after.key, "name": change.after.name,
                "changes": change.changes.map { ["field": $0.field.chineseName, "before": $0.before, "after": $0.after] },
            ] as [String: Any] },
            "unchanged": diff.added.isEmpty && diff.removed.isEmpty && diff.changed.isEmpty,
        ], request: request, context: context)
    }

    /// The lower level's catalogue against its upper level's, each finding quoting both sides.
    @Sendable func compliance(_ request: Request, context: AppContext) async throws -> Response {
        let query = request.uri.queryParameters
        let (upper, lower, findings) = try await catalogue.compliance(upper: query["upper"].map(String.init),
                                                                      lower: query["lower"].map(String.init), actor: context.actor)
        return try services.pages.render("Catalogue/catalogue-compliance", title: context.language.strings["complianceTitle"]!, values: [
            "upper": ["id": upper.id, "name": try await regions.region(upper.regionCode).name, "number": upper.versionNumber],
            "lower": ["id": lower.id, "name": try await regions.region(lower.regionCode).name, "number": lower.versionNumber],
            "count": findings.count,
            "findings": findings.map { finding in [
                "kind": finding.kind.chineseName, "field": finding.field.chineseName, "detail": finding.detail,
                "upperName": finding.upperName, "lowerName": finding.lowerName ?? "—",
                "upperQuote": finding.upperQuote.text, "lowerQuote": finding.lowerQuote?.text ?? "（无）",
            ] },
        ], request: request, context: context)
    }

    @Sendable func importFile(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        var request = request
        let outcome = try await FormError.catching(prefix: "未导入：") {
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

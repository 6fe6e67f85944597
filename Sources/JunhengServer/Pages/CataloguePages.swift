import Foundation
import Hummingbird
import JunhengCore
import Storage

/// Public catalogue pages (no login) and the management page of catalogue versions.
struct CataloguePages {
    let services: JunhengServices
    private var db: JunhengDatabase { services.database }

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
        let regions = RegionStore(db.sql)
        var rows: [[String: Any]] = []
        for version in try await CatalogueStore(db.sql).versions() where version.status == .published {
            let region = try await regions.existingRegion(version.regionCode)
            rows.append(["code": region.code.rawValue, "name": region.name, "number": version.versionNumber, "count": version.itemCount])
        }
        return try services.pages.render("catalogue-index", title: context.language.strings["catalogue"]!, values: ["regions": rows],
                                         request: request, context: context)
    }

    @Sendable func catalogue(_ request: Request, context: AppContext) async throws -> Response {
        let (version, store) = try await services.publishedCatalogue(context.parameters.get("region"))
        let region = try await RegionStore(db.sql).existingRegion(version.regionCode)
        let query = request.uri.queryParameters["q"].map(String.init) ?? ""
        let items = try await store.search(query, versionID: version.id)
        return try services.pages.render("catalogue", title: "\(region.name)基本公共服务清单", values: [
            "region": ["code": region.code.rawValue, "name": region.name], "q": query, "searching": !query.isEmpty,
            "version": ["number": version.versionNumber, "publishedAt": String((version.publishedAt ?? "").prefix(10)), "count": version.itemCount],
            "domains": grouped(items, region: region.code.rawValue), "resultCount": items.count,
        ], request: request, context: context)
    }

    @Sendable func item(_ request: Request, context: AppContext) async throws -> Response {
        let (version, store) = try await services.publishedCatalogue(context.parameters.get("region"))
        let key = try context.parameters.require("key")
        guard let item = try await store.items(versionID: version.id).first(where: { $0.key == key }) else {
            throw APIError.notFound("服务项目 \(key)")
        }
        let region = try await RegionStore(db.sql).existingRegion(version.regionCode)
        let shares = item.funding.shares.compactMap { share in
            share.percent.map { "\(share.levels.map(\.rawValue).joined(separator: "+"))：\(String(format: "%g", $0))%" }
        }
        return try services.pages.render("catalogue-item", title: item.name, values: [
            "region": ["code": region.code.rawValue, "name": region.name], "item": itemValues(item, region: region.code.rawValue),
            "quantities": item.standard.quantities.map { quantity in
                "\(quantity.per ?? "") \(quantity.comparator.rawValue) \(String(format: "%g", quantity.value))\(quantity.valueHigh.map { "–" + String(format: "%g", $0) } ?? "") \(quantity.unit)"
            },
            "shares": shares,
        ], request: request, context: context)
    }

    /// The entitlement finder: a person describes themselves and sees the items that apply.
    @Sendable func finder(_ request: Request, context: AppContext) async throws -> Response {
        let (version, store) = try await services.publishedCatalogue(context.parameters.get("region"))
        let region = try await RegionStore(db.sql).existingRegion(version.regionCode)
        let query = request.uri.queryParameters
        let asked = query.contains { !$0.value.isEmpty && $0.key != "lang" }
        var applies: [[String: Any]] = [], maybe: [[String: Any]] = []
        if asked {
            let profile = try PersonProfile(query: query)
            for item in try await store.items(versionID: version.id) {
                let match = item.eligibility.match(profile)
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
        return try services.pages.render("finder", title: "\(region.name) · 我能享受哪些服务", values: [
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

    private func renderManage(request: Request, context: AppContext, formError: String? = nil,
                              status: HTTPResponse.Status = .ok) async throws -> Response {
        let user = try services.requireUser(context)
        var visible: [CatalogueVersion] = []
        for version in try await CatalogueStore(db.sql).versions() where try await services.mayRead(version, context: context) {
            visible.append(version)
        }
        let mayEdit = user.role.permissions.contains(.editCatalogue)
        let mayPublish = user.role.permissions.contains(.publishCatalogue)
        let published = Dictionary(visible.filter { $0.status == .published }.map { ($0.regionCode, $0.id) }, uniquingKeysWith: max)
        return try services.pages.render("catalogues", title: context.language.strings["catalogues"]!, values: [
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
        ], request: request, context: context, status: status, formError: formError)
    }

    /// A version with its items; a draft's items can be edited, added and removed here.
    @Sendable func versionPage(_ request: Request, context: AppContext) async throws -> Response {
        let version = try await services.readableCatalogue(context.parameters.get("id"), context: context)
        return try await renderVersion(version, request: request, context: context)
    }

    private func renderVersion(_ version: CatalogueVersion, request: Request, context: AppContext, formError: String? = nil,
                               status: HTTPResponse.Status = .ok) async throws -> Response {
        var mayEdit = false
        if version.status == .draft, let user = context.user {
            let path = try await services.regionPath(version.regionCode)
            mayEdit = services.policy.decide(role: user.role, scope: user.scope, permission: .editCatalogue, targetRegionPath: path).isAllowed
        }
        let items = try await CatalogueStore(db.sql).items(versionID: version.id)
        let fields: [CatalogueField] = [.domain, .name, .targetPopulation, .content, .standardText, .fundingText, .leadDepartment,
                                        .legalBasis, .derivedFromKey]
        return try services.pages.render("catalogue-version", title: "\(version.title) v\(version.versionNumber)", values: [
            "version": ["id": version.id, "region": version.regionCode.rawValue, "number": version.versionNumber,
                        "title": version.title, "status": version.status.chineseName, "count": version.itemCount] as [String: Any],
            "mayEdit": mayEdit,
            "items": items.map { item in [
                "key": item.key, "name": item.name, "domain": item.domain,
                "fields": fields.map { ["name": $0.rawValue, "label": $0.chineseName, "value": item[$0]] },
            ] as [String: Any] },
            "newFields": fields.map { ["name": $0.rawValue, "label": $0.chineseName] },
        ], request: request, context: context, status: status, formError: formError)
    }

    @Sendable func saveItem(_ request: Request, context: AppContext) async throws -> Response {
        let version = try await services.editableCatalogue(context.parameters.get("id"), permission: .editCatalogue, context: context)
        var request = request
        let form = FormFields(String(buffer: try await request.collectBody(upTo: 256 * 1024)))
        let key = form["key"] ?? ""
        do {
            if form["decision"] == "remove" {
                try await services.removeCatalogueItem(key: key, version: version, context: context)
            } else {
                let item = CatalogueItem(
                    key: key, domain: form["domain"] ?? "", name: form["name"] ?? "", targetPopulation: form["targetPopulation"] ?? "",
                    content: form["content"] ?? "", standardText: form["standardText"] ?? "", fundingText: form["fundingText"] ?? "",
                    leadDepartment: form["leadDepartment"] ?? "", legalBasis: form["legalBasis"] ?? "",
                    derivedFromKey: form.nonEmpty("derivedFromKey"))
                _ = try await services.saveCatalogueItem(item, versionText: String(version.id), context: context)
            }
        } catch let error as JunhengError {
            let apiError = APIError.from(error)
            return try await renderVersion(version, request: request, context: context, formError: "\(key)：\(apiError.message)",
                                           status: apiError.status)
        }
        return Response.redirect(to: "/catalogues/\(version.id)#item-\(key)", type: .found)
    }

    /// Two versions side by side: items added, removed and changed, field by field.
    @Sendable func diff(_ request: Request, context: AppContext) async throws -> Response {
        let query = request.uri.queryParameters
        let from = try await services.readableCatalogue(query["from"].map(String.init), context: context)
        let to = try await services.readableCatalogue(query["to"].map(String.init), context: context)
        let store = CatalogueStore(db.sql)
        let diff = CatalogueDiff.between(try await store.items(versionID: from.id), try await store.items(versionID: to.id))
        return try services.pages.render("catalogue-diff", title: context.language.strings["diffTitle"]!, values: [
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
        let upper = try await services.readableCatalogue(query["upper"].map(String.init), context: context)
        let lower = try await services.readableCatalogue(query["lower"].map(String.init), context: context)
        let store = CatalogueStore(db.sql)
        let findings = CatalogueCompliance.findings(upper: try await store.items(versionID: upper.id),
                                                    lower: try await store.items(versionID: lower.id))
        let regions = RegionStore(db.sql)
        return try services.pages.render("catalogue-compliance", title: context.language.strings["complianceTitle"]!, values: [
            "upper": ["id": upper.id, "name": try await regions.existingRegion(upper.regionCode).name, "number": upper.versionNumber],
            "lower": ["id": lower.id, "name": try await regions.existingRegion(lower.regionCode).name, "number": lower.versionNumber],
            "count": findings.count,
            "findings": findings.map { finding in [
                "kind": finding.kind.chineseName, "field": finding.field.chineseName, "detail": finding.detail,
                "upperName": finding.upperName, "lowerName": finding.lowerName ?? "—",
                "upperQuote": finding.upperQuote.text, "lowerQuote": finding.lowerQuote?.text ?? "（无）",
            ] },
        ], request: request, context: context)
    }

    @Sendable func importFile(_ request: Request, context: AppContext) async throws -> Response {
        let user = try services.requireUser(context)
        var request = request
        do {
            let file = try await UploadedFile(request: &request, context: context)
            let region = try regionCode(file.fields["region"] ?? user.regionCode?.rawValue, field: "region")
            try await services.authorize(.editCatalogue, region: region, context: context)
            let items = try CatalogueExchange.read(file.data, filename: file.filename)
            let actor = context.auditActor
            _ = try await db.transaction { db in
                try await CatalogueStore(db).createDraft(regionCode: region, title: file.filename, items: items,
                                                         note: "导入自 \(file.filename)", actor: actor)
            }
        } catch let error as JunhengError {
            let apiError = APIError.from(error)
            return try await renderManage(request: request, context: context,
                                          formError: "未导入：" + apiError.message, status: apiError.status)
        }
        return Response.redirect(to: "/catalogues", type: .found)
    }

    @Sendable func step(_ request: Request, context: AppContext) async throws -> Response {
        let step = try context.parameters.require("step")
        let permission: Permission = ["publish", "return"].contains(step) ? .publishCatalogue : .editCatalogue
        let version = try await services.editableCatalogue(context.parameters.get("id"), permission: permission, context: context)
        let actor = context.auditActor
        do {
            _ = try await db.transaction { db -> CatalogueVersion in
                let store = CatalogueStore(db)
                switch step {
                case "submit": return try await store.submit(version.id, actor: actor)
                case "publish": return try await store.publish(version.id, actor: actor)
                case "return": return try await store.returnToDraft(version.id, actor: actor)
                case "draft": return try await store.newDraft(from: version.id, actor: actor)
                default: throw APIError.notFound("操作 \(step)")
                }
            }
        } catch let error as JunhengError {
            let apiError = APIError.from(error)
            return try await renderManage(request: request, context: context, formError: apiError.message, status: apiError.status)
        }
        return Response.redirect(to: "/catalogues", type: .found)
    }
}

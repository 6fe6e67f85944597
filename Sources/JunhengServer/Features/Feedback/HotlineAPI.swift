import Foundation
import Hummingbird
import JunhengApp
import JunhengCore
import Storage

/// `/api/v1/hotline`: the 12345 hotline's work orders — the export imported (raw body or multipart
/// `file`), the keywords that map orders to catalogue items, the review queue and a person's
/// choice, and the report (public).
struct HotlineAPI {
    let services: JunhengServices
    private var hotline: HotlineUseCases { services.app.hotline }

    func register(on api: RouterGroup<AppContext>) {
        api.post("hotline/orders", use: importOrders)
        api.get("hotline/keywords", use: keywords)
        api.put("hotline/keywords", use: setKeywords)
        api.get("hotline/unmapped", use: unmapped)
        api.post("hotline/orders/:number/item", use: assign)
        api.get("hotline/report", use: report)
    }

    @Sendable func importOrders(_ request: Request, context: AppContext) async throws -> JSON<HotlineImportResult> {
        _ = try context.requireUser()
        var request = request
        let file = try await UploadedFile(request: &request, context: context)
        return JSON(try await hotline.importOrders(upload: .data(file.data), filename: file.filename, actor: context.actor), status: .created)
    }

    struct KeywordRule: Codable, Sendable {
        let itemCode: String
        let keywords: [String]
    }

    @Sendable func keywords(_ request: Request, context: AppContext) async throws -> JSON<ItemList<KeywordRule>> {
        _ = try context.requireUser()
        return JSON(ItemList(try await hotline.keywordMap(actor: context.actor).rules.map { KeywordRule(itemCode: $0.itemCode, keywords: $0.keywords) }))
    }

    /// The whole map: `{"items": [{"itemCode", "keywords": [...]}]}`.
    @Sendable func setKeywords(_ request: Request, context: AppContext) async throws -> JSON<ItemList<KeywordRule>> {
        _ = try context.requireUser()
        struct Body: Decodable { let items: [KeywordRule] }
        let body = try await request.decode(as: Body.self, context: context)
        let saved = try await hotline.setKeywordMap(HotlineKeywordMap(rules: body.items.map { .init(itemCode: $0.itemCode, keywords: $0.keywords) }),
                                                    actor: context.actor)
        return JSON(ItemList(saved.rules.map { KeywordRule(itemCode: $0.itemCode, keywords: $0.keywords) }))
    }

    @Sendable func unmapped(_ request: Request, context: AppContext) async throws -> JSON<ItemList<HotlineRecord>> {
        _ = try context.requireUser()
        return JSON(ItemList(try await hotline.unmapped(actor: context.actor)))
    }

    @Sendable func assign(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        struct Body: Decodable { let itemCode: String }
        let body = try await request.decode(as: Body.self, context: context)
        try await hotline.assign(number: context.parameters.get("number") ?? "", itemCode: body.itemCode, actor: context.actor)
        return Response(status: .noContent)
    }

    /// `?region=&from=&to=` (days; the current year so far by default).
    @Sendable func report(_ request: Request, context: AppContext) async throws -> JSON<HotlineReport> {
        let query = request.uri.queryParameters
        let named = try query["region"].map { try regionCode(String($0), field: "region") }
        let region = try await services.app.regions.region(named, orHomeOf: context.actor)
        func day(_ name: String) throws -> CalendarDay? {
            guard let text = query[Substring(name)].map(String.init), !text.isEmpty else { return nil }
            guard let day = CalendarDay(text) else { throw JunhengError.invalid(field: name, "日期“\(text)”无法识别，应为 YYYY-MM-DD") }
            return day
        }
        return JSON(try await hotline.report(region: region, from: try day("from"), to: try day("to")))
    }
}

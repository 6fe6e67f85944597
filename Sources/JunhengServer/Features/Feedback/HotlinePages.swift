import Foundation
import Hummingbird
import JunhengApp
import JunhengCore
import Storage

/// `/hotline`: the 12345 hotline report of a region over a period (public: counts and rates, no
/// order's text) and, for those who manage the hotline, the export's import, the keywords that map
/// orders to catalogue items and the review queue of orders they miss. Refused forms keep what was
/// typed.
struct HotlinePages {
    let services: JunhengServices
    private var hotline: HotlineUseCases { services.app.hotline }

    func register(on router: Router<AppContext>) {
        router.get("hotline", use: show)
        router.get("hotline/report.csv", use: csv)
        router.post("hotline/import", use: importOrders)
        router.post("hotline/keywords", use: setKeywords)
        router.post("hotline/orders/:number/item", use: assign)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        try await render(request: request, context: context)
    }

    private func render(request: Request, context: AppContext, message: String? = nil, status: HTTPResponse.Status = .ok,
                        formError: FormError? = nil, typedKeywords: String? = nil) async throws -> Response {
        let query = request.uri.queryParameters
        let named = try query["region"].map { try regionCode(String($0), field: "region") }
        let region = try await services.app.regions.region(named, orHomeOf: context.actor)
        let report = try await hotline.report(region: region, from: query["from"].flatMap { CalendarDay(String($0)) },
                                              to: query["to"].flatMap { CalendarDay(String($0)) })
        let manages = context.user != nil ? try await hotline.mayManage(actor: context.actor) : false
        let queue = manages ? try await hotline.unmapped(actor: context.actor) : []
        let items = manages ? try await services.app.catalogue.applicableItems(for: region) : []
        let savedKeywords = manages ? try await hotline.keywordMap(actor: context.actor).text : ""
        let page = HotlinePage(report: report, manages: manages, keywords: typedKeywords ?? savedKeywords,
                               queue: queue, items: items, message: message, language: context.language)
        return try services.pages.render("Feedback/hotline", title: context.language.text("hotline.title"), page: page, request: request,
                                         context: context, status: status, formError: formError)
    }

    @Sendable func csv(_ request: Request, context: AppContext) async throws -> Response {
        let report = try await HotlineAPI(services: services).report(request, context: context).value
        return Download.response(HotlineReportCSV.data(report), filename: "12345热线工单分析 \(report.regionName) \(report.from)至\(report.to).csv",
                                 fallback: "hotline-\(report.regionCode).csv", contentType: "text/csv; charset=utf-8")
    }

    @Sendable func importOrders(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        var request = request
        let outcome = try await FormError.catching {
            let file = try await UploadedFile(request: &request, context: context)
            return try await hotline.importOrders(upload: .data(file.data), filename: file.filename, actor: context.actor)
        }
        switch outcome {
        case .success(let result):
            var message = context.language.fill("hotline.imported", ["added": "\(result.added)", "updated": "\(result.updated)",
                                                                     "mapped": "\(result.mapped)", "unmapped": "\(result.unmapped)"])
            if !result.ignoredColumns.isEmpty {
                message += " " + context.language.fill("hotline.ignored", ["columns": result.ignoredColumns.joined(separator: context.language.punctuation.listSeparator)])
            }
            return try await render(request: request, context: context, message: message, status: .created)
        case .failure(let error): return try await render(request: request, context: context, formError: error)
        }
    }

    @Sendable func setKeywords(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        var request = request
        let typed = (try await FormFields.read(&request))["keywords"] ?? ""
        let outcome = try await FormError.catching {
            try await hotline.setKeywordMap(try HotlineKeywordMap.read(text: typed), actor: context.actor)
        }
        switch outcome {
        case .success: return Response.redirect(to: "/hotline#keywords", type: .found)
        case .failure(let error): return try await render(request: request, context: context, formError: error, typedKeywords: typed)
        }
    }

    @Sendable func assign(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        var request = request
        let item = (try await FormFields.read(&request))["itemCode"] ?? ""
        let outcome = try await FormError.catching {
            try await hotline.assign(number: context.parameters.get("number") ?? "", itemCode: item, actor: context.actor)
        }
        switch outcome {
        case .success: return Response.redirect(to: "/hotline#review", type: .found)
        case .failure(let error): return try await render(request: request, context: context, formError: error)
        }
    }
}

/// `Feedback/hotline`: the report's tables and, for managers, the import, keywords and review queue.
struct HotlinePage {
    struct Row {
        let name: String
        let orders: Int
        let perTenThousand: String
        let resolution: String
        let satisfaction: String
    }

    struct Table {
        let caption: String
        let rows: [Row]
        let showsPopulation: Bool
    }

    struct Pending {
        let number: String
        let receivedOn: String
        let regionCode: String
        let text: String
    }

    struct Item {
        let code: String
        let name: String
    }

    let regionCode: String
    let from: String
    let to: String
    let summary: String
    let tables: [Table]
    let manages: Bool
    let keywords: String
    let queue: [Pending]
    let hasQueue: Bool
    let items: [Item]
    let message: String?
    let words: [String: String]

    init(report: HotlineReport, manages: Bool, keywords: String, queue: [HotlineRecord], items: [CatalogueItem], message: String?,
         language: Language) {
        regionCode = report.regionCode
        from = report.from.description
        to = report.to.description
        func rate(_ rate: HotlineRate) -> String {
            guard let value = rate.rate, let low = rate.lowerBound, let high = rate.upperBound else { return "—" }
            return language.fill("hotline.rate", ["rate": String(format: "%.1f", value * 100), "low": String(format: "%.1f", low * 100),
                                                  "high": String(format: "%.1f", high * 100), "n": "\(rate.trials)"])
        }
        func row(_ row: HotlineRow) -> Row {
            Row(name: row.name, orders: row.orders, perTenThousand: row.perTenThousand.map { String(format: "%.2f", $0) } ?? "—",
                resolution: rate(row.resolution), satisfaction: rate(row.satisfaction))
        }
        tables = [
            Table(caption: language.text("hotline.byRegion"), rows: [row(report.total)] + report.byRegion.map(row), showsPopulation: true),
            Table(caption: language.text("hotline.byDepartment"), rows: report.byDepartment.map(row), showsPopulation: false),
            Table(caption: language.text("hotline.byDomain"), rows: report.byDomain.map(row), showsPopulation: false),
        ]
        summary = language.fill("hotline.summary", [
            "region": report.regionName, "from": report.from.description, "to": report.to.description, "orders": "\(report.total.orders)",
            "unmapped": "\(report.unmapped)", "year": report.populationYear.map(String.init) ?? "—",
            "covered": "\(report.childrenWithPopulation)", "children": "\(report.children)"])
        self.manages = manages
        self.keywords = keywords
        self.queue = queue.map { Pending(number: $0.order.number, receivedOn: $0.order.receivedOn.description,
                                         regionCode: $0.order.regionCode, text: $0.order.text) }
        hasQueue = !queue.isEmpty
        self.items = items.map { Item(code: $0.key, name: $0.name) }
        self.message = message
        words = UIStrings.words(of: HotlineStrings.table, prefix: "hotline.", in: language)
    }
}

/// The words of `/hotline` (merged into ``UIStrings/table``).
enum HotlineStrings {
    static let table: [String: (zh: String, en: String)] = [
        "hotline": ("12345热线", "12345 hotline"),
        "hotline.title": ("12345热线工单分析", "12345 hotline work orders"),
        "hotline.intro": ("12345热线的工单按服务项目归类：受理量（每万人）、办结率和满意率，各带 95% 置信区间（Wilson 法）。不含来电人信息和工单原文。",
                          "The 12345 hotline's work orders by service item: volume per 10,000 residents, resolution and satisfaction rates, each with its 95% confidence interval (Wilson). Callers and the orders' texts are not shown."),
        "hotline.period": ("统计期间", "Period"),
        "hotline.region": ("地区代码", "Region code"),
        "hotline.from": ("自", "From"),
        "hotline.to": ("至", "To"),
        "hotline.show": ("查看", "Show"),
        "hotline.summary": ("{region} {from} 至 {to}：共 {orders} 件工单，其中 {unmapped} 件尚未归入服务项目。每万人受理量按 {year} 年人口分布点计算（{covered}/{children} 个下级地区有人口数据）。",
                            "{region}, {from} to {to}: {orders} work orders, {unmapped} of them not yet placed under a service item. Volumes per 10,000 residents use the population points of {year} ({covered} of {children} lower-level regions have a population)."),
        "hotline.byRegion": ("按地区", "By region"),
        "hotline.byDepartment": ("按承办单位", "By department"),
        "hotline.byDomain": ("按服务领域", "By service domain"),
        "hotline.name": ("名称", "Name"),
        "hotline.orders": ("工单数", "Orders"),
        "hotline.perTenThousand": ("每万人", "Per 10,000"),
        "hotline.resolution": ("办结率", "Resolved"),
        "hotline.satisfaction": ("满意率", "Satisfied"),
        "hotline.rate": ("{rate}%（{low}–{high}%，样本 {n}）", "{rate}% ({low}–{high}%, n = {n})"),
        "hotline.download": ("下载统计表（CSV）", "Download the tables (CSV)"),
        "hotline.import": ("导入热线工单", "Import work orders"),
        "hotline.importHelp": ("CSV 或 XLSX（热线平台导出）：工单编号、受理日期、区划代码、诉求内容为必填列，承办单位、办理状态、满意度可选；其他列（如来电人、联系电话）不读取。任何一行有误则整份不导入；同一工单编号再次导入时更新。",
                               "CSV or XLSX as the hotline exports it: 工单编号, 受理日期, 区划代码 and 诉求内容 are required, 承办单位, 办理状态 and 满意度 optional; other columns (the caller's name and telephone among them) are not read. A file with any bad row is not imported; an order imported again is updated."),
        "hotline.file": ("文件", "File"),
        "hotline.importButton": ("导入", "Import"),
        "hotline.imported": ("新增 {added} 件，更新 {updated} 件；{mapped} 件已按关键词归入服务项目，{unmapped} 件待人工归类。",
                             "{added} added, {updated} updated; {mapped} placed under a service item by keyword, {unmapped} waiting for review."),
        "hotline.ignored": ("未读取的列：{columns}。", "Columns not read: {columns}."),
        "hotline.keywords": ("归类关键词", "Keywords"),
        "hotline.keywordsHelp": ("每行一个服务项目：项目编码=关键词、关键词（如 A03=托育、托儿所）。工单内容命中关键词最多（按字数）的项目即为其归类；并列或无命中的进入待归类。保存后按新关键词重新归类（人工归类的除外）。",
                                 "One service item per line: its code, =, then keywords separated by commas (e.g. B10=hospital, clinic). An order goes to the item whose keywords cover most of its text; a tie or no match goes to review. Saving maps the orders again (except those a person placed)."),
        "hotline.saveKeywords": ("保存关键词", "Save the keywords"),
        "hotline.review": ("待人工归类", "Waiting for review"),
        "hotline.noReview": ("没有待归类的工单。", "No work orders waiting."),
        "hotline.number": ("工单编号", "Order"),
        "hotline.receivedOn": ("受理日期", "Received"),
        "hotline.text": ("诉求内容", "Request"),
        "hotline.item": ("服务项目", "Service item"),
        "hotline.assign": ("归类", "Place"),
    ]
}

import Foundation
import Hummingbird
import JunhengCore
import Storage

/// `/api/v1/indicators`, targets, progress, observations, submissions and warnings.
struct MonitoringAPI {
    let services: JunhengServices
    private var db: JunhengDatabase { services.database }

    func register(on api: RouterGroup<AppContext>) {
        api.get("indicators", use: indicators)
        api.post("indicators", use: createIndicator)
        api.get("indicators/:id", use: indicator)
        api.patch("indicators/:id", use: updateIndicator)
        api.get("indicators/:id/targets", use: targets)
        api.put("indicators/:id/targets/:region", use: setTarget)
        api.get("indicators/:id/progress", use: progress)
        api.get("regions/:code/progress", use: regionProgress)
        api.get("observations", use: observations)
        api.post("observations", use: submitRows)
        api.post("observations/upload", use: upload)
        api.get("submissions", use: submissions)
        api.post("submissions/:id/approve", use: approve)
        api.post("submissions/:id/return", use: returnSubmission)
        api.get("warnings", use: warnings)
    }

    @Sendable func indicators(_ request: Request, context: AppContext) async throws -> JSON<ItemList<IndicatorRecord>> {
        JSON(ItemList(try await IndicatorStore(db.sql).indicators()))
    }

    @Sendable func indicator(_ request: Request, context: AppContext) async throws -> JSON<IndicatorRecord> {
        JSON(try await services.indicator(context.parameters.get("id")))
    }

    struct NewIndicatorRequest: Decodable {
        let code: String
        let name: String
        let unit: String
        let direction: Direction?
        let binding: Binding?
        let domainName: String?
        let departmentId: Int64?
        let definition: String?
        let numeratorId: Int64?
        let denominatorId: Int64?
        let factor: Double?
        let additive: Bool?
        let minimum: Double?
        let maximum: Double?
        let disaggregations: [String]?
    }

    /// Indicators are shared by every region; defining one needs `manageIndicators` in one's own scope.
    @Sendable func createIndicator(_ request: Request, context: AppContext) async throws -> JSON<IndicatorRecord> {
        let user = try services.requireUser(context)
        let body = try await request.decode(as: NewIndicatorRequest.self, context: context)
        try await services.authorize(.manageIndicators, region: user.regionCode, context: context)
        let new = NewIndicator(code: body.code, name: body.name, unit: body.unit, direction: body.direction ?? .higher,
                               binding: body.binding ?? .expected, domainName: body.domainName ?? "",
                               departmentID: body.departmentId, definition: body.definition ?? "",
                               numeratorID: body.numeratorId, denominatorID: body.denominatorId, factor: body.factor,
                               additive: body.additive ?? false, minimum: body.minimum, maximum: body.maximum,
                               disaggregations: body.disaggregations ?? [])
        let actor = context.auditActor
        return JSON(try await db.transaction { try await IndicatorStore($0).create(new, actor: actor) }, status: .created)
    }

    struct IndicatorChanges: Decodable {
        let name: String?
        let unit: String?
        let direction: Direction?
        let binding: Binding?
        let domainName: String?
        let definition: String?
        let additive: Bool?
        let minimum: Double?
        let maximum: Double?
        let disaggregations: [String]?
    }

    /// Corrects an indicator (e.g. a direction the plan reader got wrong); needs `manageIndicators`.
    @Sendable func updateIndicator(_ request: Request, context: AppContext) async throws -> JSON<IndicatorRecord> {
        let user = try services.requireUser(context)
        let indicator = try await services.indicator(context.parameters.get("id"))
        let body = try await request.decode(as: IndicatorChanges.self, context: context)
        try await services.authorize(.manageIndicators, region: user.regionCode, context: context)
        let actor = context.auditActor
        return JSON(try await db.transaction { db in
            try await IndicatorStore(db).update(id: indicator.id, name: body.name, unit: body.unit, direction: body.direction,
                                                binding: body.binding, domainName: body.domainName, definition: body.definition,
                                                additive: body.additive, minimum: body.minimum.map { $0 }, maximum: body.maximum.map { $0 },
                                                disaggregations: body.disaggregations, actor: actor)
        })
    }

    @Sendable func targets(_ request: Request, context: AppContext) async throws -> JSON<ItemList<TargetRecord>> {
        let indicator = try await services.indicator(context.parameters.get("id"))
        return JSON(ItemList(try await IndicatorStore(db.sql).targets(indicatorID: indicator.id)))
    }

    @Sendable func setTarget(_ request: Request, context: AppContext) async throws -> JSON<TargetRecord> {
        _ = try services.requireUser(context)
        let indicator = try await services.indicator(context.parameters.get("id"))
        let region = try regionCode(context.parameters.get("region"), field: "region")
        let body = try await request.decode(as: NewTarget.self, context: context)
        try await services.authorize(.manageIndicators, region: region, context: context)
        let actor = context.auditActor
        return JSON(try await db.transaction { db in
            try await IndicatorStore(db).setTarget(indicatorID: indicator.id, regionCode: region, body, actor: actor)
        })
    }

    /// The region (default: where the indicator's first target is set) and each of its children.
    @Sendable func progress(_ request: Request, context: AppContext) async throws -> JSON<ItemList<ProgressRow>> {
        let indicator = try await services.indicator(context.parameters.get("id"))
        let region = try await services.defaultRegion(for: indicator, request: request)
        return JSON(ItemList(try await Monitoring(db.sql, engine: db.engine).progressTable(indicator, parent: region)))
    }

    @Sendable func regionProgress(_ request: Request, context: AppContext) async throws -> JSON<ItemList<ProgressRow>> {
        let region = try regionCode(context.parameters.get("code"), field: "code")
        return JSON(ItemList(try await Monitoring(db.sql, engine: db.engine).overview(of: region)))
    }

    @Sendable func observations(_ request: Request, context: AppContext) async throws -> JSON<ItemList<ObservationPoint>> {
        let query = request.uri.queryParameters
        guard let id = query["indicator"].flatMap({ Int64(String($0)) }) else {
            throw JunhengError.invalid(field: "indicator", "请给出指标 ID")
        }
        let region = try regionCode(query["region"].map(String.init), field: "region")
        let regions = [region.rawValue] + (try await RegionStore(db.sql).children(of: region)).map(\.code.rawValue)
        return JSON(ItemList(try await ObservationStore(db.sql, engine: db.engine).points(
            indicatorID: id, regionCodes: regions, disaggregation: query["disaggregation"].map(String.init) ?? "")))
    }

    struct RowsRequest: Decodable {
        struct Row: Decodable {
            let region: String
            let indicator: String
            let year: Int
            let value: Double
            let disaggregation: String?
            let unit: String?
        }
        let rows: [Row]
        let source: String?
    }

    /// Figures as JSON; the same checks as a file upload, rows numbered from 1.
    @Sendable func submitRows(_ request: Request, context: AppContext) async throws -> JSON<ObservationImport.Outcome> {
        let user = try services.requireUser(context)
        let body = try await request.decode(as: RowsRequest.self, context: context)
        try await services.authorize(.submitData, region: user.regionCode, context: context)
        let table = UploadTable(sheet: nil, header: ["region", "indicator", "year", "value", "disaggregation", "unit"],
                                rows: body.rows.map { [$0.region, $0.indicator, String($0.year), String($0.value),
                                                       $0.disaggregation ?? "", $0.unit ?? ""] },
                                headerRow: 0)
        return JSON(try await ObservationImport(database: db, jumpThreshold: services.configuration.jumpThreshold).importTables(
            [table], source: body.source ?? "api", scope: user.regionCode, actor: context.auditActor), status: .created)
    }

    /// A CSV or XLSX file as the body (`?filename=`), or a multipart form with `file`.
    @Sendable func upload(_ request: Request, context: AppContext) async throws -> JSON<ObservationImport.Outcome> {
        let user = try services.requireUser(context)
        try await services.authorize(.submitData, region: user.regionCode, context: context)
        var request = request
        let file = try await UploadedFile(request: &request, context: context)
        let tables = try UploadTables.read(file.data, filename: file.filename)
        return JSON(try await ObservationImport(database: db, jumpThreshold: services.configuration.jumpThreshold).importTables(
            tables, source: file.filename, scope: user.regionCode, actor: context.auditActor), status: .created)
    }

    @Sendable func submissions(_ request: Request, context: AppContext) async throws -> JSON<ItemList<SubmissionRecord>> {
        let user = try services.requireUser(context)
        let status = request.uri.queryParameters["status"].flatMap { SubmissionStatus(rawValue: String($0)) }
        let visible = try await services.visibleRegions(for: user)
        return JSON(ItemList(try await ObservationStore(db.sql, engine: db.engine).submissions(regionCodes: visible, status: status)))
    }

    struct ReviewComment: Decodable { let comment: String? }

    @Sendable func approve(_ request: Request, context: AppContext) async throws -> JSON<SubmissionRecord> {
        let body = try? await request.decode(as: ReviewComment.self, context: context)
        return JSON(try await services.reviewSubmission(context.parameters.get("id"), approve: true,
                                                        comment: body?.comment ?? "", context: context))
    }

    @Sendable func returnSubmission(_ request: Request, context: AppContext) async throws -> JSON<SubmissionRecord> {
        let body = try? await request.decode(as: ReviewComment.self, context: context)
        return JSON(try await services.reviewSubmission(context.parameters.get("id"), approve: false,
                                                        comment: body?.comment ?? "", context: context))
    }

    @Sendable func warnings(_ request: Request, context: AppContext) async throws -> JSON<ItemList<EarlyWarning>> {
        let query = request.uri.queryParameters
        let region = try regionCode(query["region"].map(String.init), field: "region")
        let department = query["department"].flatMap { Int64(String($0)) }
        return JSON(ItemList(try await Monitoring(db.sql, engine: db.engine).warnings(root: region, departmentID: department)))
    }
}

extension JunhengServices {
    /// Approves or returns a submission: the reviewer needs `reviewData` over its region.
    /// Shared by the API and the review page.
    func reviewSubmission(_ idText: String?, approve: Bool, comment: String, context: AppContext) async throws -> SubmissionRecord {
        _ = try requireUser(context)
        guard let id = idText.flatMap(Int64.init),
              let submission = try await ObservationStore(database.sql, engine: database.engine).submission(id)
        else { throw APIError.notFound("报送") }
        try await authorize(.reviewData, region: submission.regionCode, context: context)
        let actor = context.auditActor
        let engine = database.engine
        return try await database.transaction { db in
            let store = ObservationStore(db, engine: engine)
            return approve ? try await store.approve(id, comment: comment, actor: actor)
                           : try await store.returnSubmission(id, comment: comment, actor: actor)
        }
    }

    func indicator(_ idText: String?) async throws -> IndicatorRecord {
        guard let id = idText.flatMap(Int64.init), let indicator = try await IndicatorStore(database.sql).indicator(id: id) else {
            throw APIError.notFound("指标 \(idText ?? "")")
        }
        return indicator
    }

    /// `?region=` or the region where the indicator's first target was set.
    func defaultRegion(for indicator: IndicatorRecord, request: Request) async throws -> RegionCode {
        if let text = request.uri.queryParameters["region"] { return try regionCode(String(text), field: "region") }
        guard let first = try await IndicatorStore(database.sql).targets(indicatorID: indicator.id).first else {
            throw JunhengError.invalid(field: "region", "该指标尚无目标，请指定地区")
        }
        return first.regionCode
    }
}

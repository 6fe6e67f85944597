import Foundation
import Hummingbird
import JunhengApp
import JunhengCore
import Storage

/// `/api/v1/indicators`, targets, progress, observations, submissions and warnings.
struct MonitoringAPI {
    let services: JunhengServices
    private var monitoring: MonitoringUseCases { services.app.monitoring }

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
        api.get("submissions/:id", use: submission)
        api.post("submissions/:id/approve", use: approve)
        api.post("submissions/:id/return", use: returnSubmission)
        api.get("warnings", use: warnings)
    }

    /// Filtered as the indicator list page is: `plan`, `domain`, `department`, `region`, `q`.
    @Sendable func indicators(_ request: Request, context: AppContext) async throws -> JSON<ItemList<IndicatorRecord>> {
        JSON(ItemList(try await monitoring.indicators(matching: MonitoringPages.indicatorQuery(request))))
    }

    @Sendable func indicator(_ request: Request, context: AppContext) async throws -> JSON<IndicatorRecord> {
        JSON(try await monitoring.indicator(context.parameters.get("id")))
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
        _ = try context.requireUser()
        let body = try await request.decode(as: NewIndicatorRequest.self, context: context)
        let new = IndicatorRecord(code: body.code, name: body.name, unit: body.unit, direction: body.direction ?? .higher,
                               binding: body.binding ?? .expected, domainName: body.domainName ?? "",
                               departmentID: body.departmentId, definition: body.definition ?? "",
                               numeratorID: body.numeratorId, denominatorID: body.denominatorId, factor: body.factor,
                               additive: body.additive ?? false, minimum: body.minimum, maximum: body.maximum,
                               disaggregations: body.disaggregations ?? [])
        return JSON(try await monitoring.createIndicator(new, actor: context.actor), status: .created)
    }

    /// `departmentId` of a PATCH body: absent leaves the lead department as it is, null removes it.
    struct LeadDepartmentField: Decodable {
        let change: Int64??

        enum CodingKeys: String, CodingKey { case departmentId }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            guard container.contains(.departmentId) else { change = nil; return }
            change = .some(try container.decodeNil(forKey: .departmentId) ? nil : try container.decode(Int64.self, forKey: .departmentId))
        }
    }

    /// Corrects an indicator (e.g. a direction the plan reader got wrong) or assigns its lead
    /// department (`departmentId`, which must exist); needs `manageIndicators`.
    @Sendable func updateIndicator(_ request: Request, context: AppContext) async throws -> JSON<IndicatorRecord> {
        _ = try context.requireUser()
        let indicator = try await monitoring.indicator(context.parameters.get("id"))
        var request = request
        // Read once, decoded twice: the changes, and whether departmentId is there at all.
        _ = try await request.collectBody(upTo: 64 * 1024)
        let changes = try await request.decode(as: MonitoringUseCases.IndicatorChanges.self, context: context)
        let department = try await request.decode(as: LeadDepartmentField.self, context: context)
        return JSON(try await monitoring.updateIndicator(indicator, changes, leadDepartment: department.change, actor: context.actor))
    }

    @Sendable func targets(_ request: Request, context: AppContext) async throws -> JSON<ItemList<TargetRecord>> {
        let indicator = try await monitoring.indicator(context.parameters.get("id"))
        return JSON(ItemList(try await monitoring.targets(of: indicator)))
    }

    /// The body of `PUT …/targets/{region}` (`NewTarget` in docs/openapi.json).
    struct NewTargetRequest: Decodable {
        let baselineYear: Int?
        let baselineValue: Double?
        let targetYear: Int
        let targetValue: Double
        let targetValueHigh: Double?
        let comparator: TargetComparator
    }

    @Sendable func setTarget(_ request: Request, context: AppContext) async throws -> JSON<TargetRecord> {
        _ = try context.requireUser()
        let indicator = try await monitoring.indicator(context.parameters.get("id"))
        let region = try regionCode(context.parameters.get("region"), field: "region")
        let body = try await request.decode(as: NewTargetRequest.self, context: context)
        let target = TargetRecord(indicatorID: indicator.id, regionCode: region, baselineYear: body.baselineYear,
                                  baselineValue: body.baselineValue, targetYear: body.targetYear, targetValue: body.targetValue,
                                  targetValueHigh: body.targetValueHigh, comparator: body.comparator)
        return JSON(try await monitoring.setTarget(target, actor: context.actor))
    }

    /// The region (default: where the indicator's first target is set) and each of its children.
    @Sendable func progress(_ request: Request, context: AppContext) async throws -> JSON<ItemList<ProgressRow>> {
        let indicator = try await monitoring.indicator(context.parameters.get("id"))
        let region = try await monitoring.defaultRegion(for: indicator, region: request.uri.queryParameters["region"].map(String.init))
        return JSON(ItemList(try await monitoring.progressTable(indicator, parent: region, actor: context.actor)))
    }

    @Sendable func regionProgress(_ request: Request, context: AppContext) async throws -> JSON<ItemList<ProgressRow>> {
        let region = try regionCode(context.parameters.get("code"), field: "code")
        return JSON(ItemList(try await monitoring.overview(of: region, actor: context.actor)))
    }

    /// The figures of an indicator in a region and its children: approved ones, and those awaiting
    /// approval only where the caller's scope covers the region.
    @Sendable func observations(_ request: Request, context: AppContext) async throws -> JSON<ItemList<ObservationPoint>> {
        let query = request.uri.queryParameters
        guard let id = query["indicator"].flatMap({ Int64(String($0)) }) else {
            throw JunhengError.invalid(field: "indicator", "请给出指标 ID")
        }
        let region = try regionCode(query["region"].map(String.init), field: "region")
        let regions = [region.rawValue] + (try await services.app.regions.children(of: region)).map(\.code.rawValue)
        return JSON(ItemList(try await monitoring.points(
            indicatorID: id, regionCodes: regions, disaggregation: query["disaggregation"].map(String.init) ?? "", actor: context.actor)))
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
        _ = try context.requireUser()
        let body = try await request.decode(as: RowsRequest.self, context: context)
        let table = UploadTable(sheet: nil, header: ["region", "indicator", "year", "value", "disaggregation", "unit"],
                                rows: body.rows.map { [$0.region, $0.indicator, String($0.year), String($0.value),
                                                       $0.disaggregation ?? "", $0.unit ?? ""] },
                                headerRow: 0)
        return JSON(try await monitoring.submit([table], source: body.source ?? "api", actor: context.actor), status: .created)
    }

    /// A CSV or XLSX file as the body (`?filename=`), or a multipart form with `file`.
    @Sendable func upload(_ request: Request, context: AppContext) async throws -> JSON<ObservationImport.Outcome> {
        _ = try context.requireUser()
        try await services.app.monitoring.requireSubmitter(actor: context.actor)
        var request = request
        let file = try await UploadedFile(request: &request, context: context)
        return JSON(try await monitoring.submitFile(.data(file.data), filename: file.filename, actor: context.actor), status: .created)
    }

    @Sendable func submissions(_ request: Request, context: AppContext) async throws -> JSON<ItemList<SubmissionRecord>> {
        let status = request.uri.queryParameters["status"].flatMap { SubmissionStatus(rawValue: String($0)) }
        return JSON(ItemList(try await monitoring.submissions(status: status, actor: context.actor)))
    }

    /// Each value of a submission beside the approved figure for the same key and last year's,
    /// the change, and the validator's warnings on its row.
    @Sendable func submission(_ request: Request, context: AppContext) async throws -> JSON<SubmissionDetail> {
        JSON(try await monitoring.submissionDetail(context.parameters.get("id"), actor: context.actor))
    }

    struct ReviewComment: Decodable { let comment: String? }

    @Sendable func approve(_ request: Request, context: AppContext) async throws -> JSON<SubmissionRecord> {
        let body = try await request.decodeIfPresent(as: ReviewComment.self, context: context)
        return JSON(try await monitoring.review(submission: context.parameters.get("id"), approve: true,
                                                comment: body?.comment ?? "", actor: context.actor))
    }

    @Sendable func returnSubmission(_ request: Request, context: AppContext) async throws -> JSON<SubmissionRecord> {
        let body = try await request.decodeIfPresent(as: ReviewComment.self, context: context)
        return JSON(try await monitoring.review(submission: context.parameters.get("id"), approve: false,
                                                comment: body?.comment ?? "", actor: context.actor))
    }

    /// Made from approved figures only, so the same for every caller: answered from the public
    /// cache (emptied by any write; the day is in the key, since it decides which year is due).
    @Sendable func warnings(_ request: Request, context: AppContext) async throws -> Response {
        let query = request.uri.queryParameters
        let region = try regionCode(query["region"].map(String.init), field: "region")
        let department = query["department"].flatMap { Int64(String($0)) }
        let today = Timestamp.today()
        let key = PublicCache.Key(path: request.uri.path,
                                  variant: "region=\(region.rawValue)&department=\(department.map(String.init) ?? "")&today=\(today)")
        return try await services.publicCache.body(for: key) {
            .json(bytes: WarningsJSON.encode(try await monitoring.warnings(root: region, departmentID: department)))
        }.response(to: request, context: context)
    }
}

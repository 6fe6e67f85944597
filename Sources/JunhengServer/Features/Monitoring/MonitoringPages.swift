import Charts
import Foundation
import Hummingbird
import JunhengApp
import JunhengCore
import Storage

/// Pages for indicators, progress, data collection, review and warnings.
struct MonitoringPages {
    let services: JunhengServices
    private var monitoring: MonitoringUseCases { services.app.monitoring }

    func register(on router: Router<AppContext>) {
        router.get("indicators", use: indicators)
        router.get("indicators/:id", use: indicator)
        router.post("indicators/:id", use: editIndicator)
        router.get("regions/:code/indicators", use: regionOverview)
        router.get("data", use: dataEntry)
        router.post("data", use: submitForm)
        router.post("data/upload", use: upload)
        router.get("submissions", use: submissions)
        router.post("submissions/:id/review", use: review)
        router.get("warnings", use: warnings)
        MonitoringExports(services: services).register(on: router)
    }

    static func chartStatus(_ status: ProgressStatus) -> ChartStatus {
        switch status {
        case .targetAchieved: .met
        case .substantialProgress: .onTrack
        case .moderateProgress, .limitedProgress: .atRisk
        case .deterioration: .offTrack
        case .insufficientData: .noData
        }
    }

    static func number(_ value: Double?) -> String {
        guard let value else { return "—" }
        return value.rounded() == value && abs(value) < 1e12 ? String(Int64(value)) : String(format: "%.2f", value)
    }

    /// The indicator list, narrowed by the GET parameters `plan`, `domain`, `department`, `region`
    /// and `q`; a bad one shows the form again with the error and an empty list.
    @Sendable func indicators(_ request: Request, context: AppContext) async throws -> Response {
        let query = Self.indicatorQuery(request)
        let outcome = try await FormError.catching { try await monitoring.indicators(matching: query) }
        // Departments belong to a region: those of the region asked about, else the viewer's, else the demo city's.
        let departmentRegion = query.region.flatMap(RegionCode.init(rawValue:)) ?? context.user?.regionCode ?? DemoData.city
        var formError: FormError?
        if case .failure(let error) = outcome { formError = error }
        let page = IndicatorsPage(indicators: (try? outcome.get()) ?? [], query: query,
                                  plans: try await services.app.plans.plans(actor: context.actor),
                                  domains: try await monitoring.indicatorDomains(),
                                  departments: try await services.app.accounts.departments(in: departmentRegion))
        return try services.pages.render("Monitoring/indicators", title: context.language.strings["indicators"]!, page: page,
                                         request: request, context: context, formError: formError)
    }

    /// The indicator filters of a page or API request.
    static func indicatorQuery(_ request: Request) -> IndicatorQuery {
        let parameters = request.uri.queryParameters
        return IndicatorQuery(plan: parameters["plan"].map(String.init), domain: parameters["domain"].map(String.init),
                              department: parameters["department"].map(String.init), region: parameters["region"].map(String.init),
                              text: parameters["q"].map(String.init))
    }

    @Sendable func indicator(_ request: Request, context: AppContext) async throws -> Response {
        let indicator = try await monitoring.indicator(context.parameters.get("id"))
        let region = try await monitoring.defaultRegion(for: indicator, region: request.uri.queryParameters["region"].map(String.init))
        let rows = try await monitoring.progressTable(indicator, parent: region, actor: context.actor)
        // Breakdown of the region's figures by the indicator's disaggregations (城乡, 性别 …), by year;
        // figures awaiting approval only for readers in scope, as in the table.
        var breakdown: [(key: String, points: [ObservationPoint])] = []
        for key in indicator.disaggregations {
            let points = try await monitoring.points(indicatorID: indicator.id, regionCodes: [region.rawValue], disaggregation: key,
                                                     actor: context.actor)
            if !points.isEmpty { breakdown.append((key, points)) }
        }
        let page = IndicatorPage(
            indicator: indicator, region: region, rows: rows, dataNote: try await monitoring.dataNote(indicator), breakdown: breakdown,
            provenance: try await services.app.plans.provenance(entity: "indicator", id: indicator.id).first,
            mayEdit: context.user != nil && monitoring.mayManageIndicators(actor: context.actor))
        return try services.pages.render("Monitoring/indicator", title: indicator.name, page: page, request: request, context: context)
    }

    /// The edit form on the indicator page: name, unit, direction and binding.
    @Sendable func editIndicator(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let indicator = try await monitoring.indicator(context.parameters.get("id"))
        var request = request
        let form = try await FormFields.read(&request)
        _ = try await monitoring.updateIndicator(indicator, .init(
            name: form.nonEmpty("name"), unit: form["unit"], direction: form["direction"].flatMap(Direction.init(rawValue:)),
            binding: form["binding"].flatMap(Binding.init(rawValue:))), actor: context.actor)
        let region = form.nonEmpty("region").map { "?region=\($0)" } ?? ""
        return Response.redirect(to: "/indicators/\(indicator.id)\(region)", type: .found)
    }

    @Sendable func regionOverview(_ request: Request, context: AppContext) async throws -> Response {
        let code = try regionCode(context.parameters.get("code"), field: "code")
        let region = try await services.app.regions.region(code)
        let page = RegionIndicatorsPage(region: region, rows: try await monitoring.overview(of: code, actor: context.actor))
        return try services.pages.render("Monitoring/region-indicators", title: "\(region.name) · \(context.language.strings["indicators"]!)",
                                         page: page, request: request, context: context)
    }

    // MARK: data collection

    /// The form for one region and year: every indicator assigned to the reporter, with the figure
    /// already stored, and an upload form for a whole sheet.
    @Sendable func dataEntry(_ request: Request, context: AppContext) async throws -> Response {
        try await renderDataEntry(request: request, context: context)
    }

    private func renderDataEntry(request: Request, context: AppContext, message: String? = nil, formError: FormError? = nil,
                                 details: [ValidationIssue] = []) async throws -> Response {
        let user = try context.requireUser()
        try await monitoring.requireSubmitter(actor: context.actor)
        let query = request.uri.queryParameters
        let region = try query["region"].map { try regionCode(String($0), field: "region") } ?? user.regionCode ?? DemoData.city
        let year = query["year"].flatMap { Int(String($0)) } ?? (Int(Timestamp.today().prefix(4))! - 1)
        let regionRecord = try await services.app.regions.region(region)
        let assigned = try await monitoring.reportableIndicators(for: region, actor: context.actor)
        let stored = try await monitoring.storedValues(indicatorIDs: assigned.map(\.id), regionCodes: [region.rawValue])
        let page = DataEntryPage(region: regionRecord, year: year, indicators: assigned, stored: stored,
                                 message: message, details: formError?.details ?? details)
        return try services.pages.render("Monitoring/data", title: context.language.strings["dataEntry"]!, page: page,
                                         request: request, context: context, formError: formError)
    }

    @Sendable func submitForm(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        var request = request
        let form = try await FormFields.read(&request, limit: 1 << 20)
        guard let regionText = form.nonEmpty("region"), let year = form.nonEmpty("year") else {
            throw JunhengError.invalid(field: "region", "缺少地区或年份")
        }
        let indicators = try await monitoring.indicators()
        let rows = indicators.compactMap { indicator -> [String]? in
            guard let value = form.nonEmpty("value-\(indicator.id)") else { return nil }
            return [regionText, indicator.code, year, value]
        }
        let outcome = try await FormError.catching {
            try await monitoring.submit([UploadTable(sheet: nil, header: ["region", "indicator", "year", "value"], rows: rows, headerRow: 0)],
                                        source: "网页填报", actor: context.actor)
        }
        switch outcome {
        case .success(let stored):
            return try await renderDataEntry(request: request, context: context,
                                             message: "已提交 \(stored.submission.rowCount) 项数据（报送 #\(stored.submission.id)），等待审核",
                                             details: stored.warnings)
        case .failure(let error):
            return try await renderDataEntry(request: request, context: context, formError: error)
        }
    }

    @Sendable func upload(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        var request = request
        let outcome = try await FormError.catching(prefix: "上传未导入任何数据：") {
            try await monitoring.requireSubmitter(actor: context.actor)
            let file = try await UploadedFile(request: &request, context: context)
            return (file.filename, try await monitoring.submit(try UploadTables.read(file.data, filename: file.filename),
                                                               source: file.filename, actor: context.actor))
        }
        switch outcome {
        case .success(let (filename, stored)):
            return try await renderDataEntry(request: request, context: context,
                                             message: "已导入“\(filename)”共 \(stored.submission.rowCount) 行（报送 #\(stored.submission.id)），等待审核",
                                             details: stored.warnings)
        case .failure(let error):
            return try await renderDataEntry(request: request, context: context, formError: error)
        }
    }

    // MARK: review

    @Sendable func submissions(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        let page = SubmissionsPage(submissions: try await monitoring.submissions(actor: context.actor), viewer: user)
        return try services.pages.render("Monitoring/submissions", title: context.language.strings["submissions"]!, page: page,
                                         request: request, context: context)
    }

    @Sendable func review(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        var request = request
        let form = try await FormFields.read(&request)
        _ = try await monitoring.review(submission: context.parameters.get("id"), approve: form["decision"] != "return",
                                        comment: form["comment"] ?? "", actor: context.actor)
        return Response.redirect(to: "/submissions", type: .found)
    }

    @Sendable func warnings(_ request: Request, context: AppContext) async throws -> Response {
        let query = request.uri.queryParameters
        let region = try query["region"].map { try regionCode(String($0), field: "region") } ?? context.user?.regionCode ?? DemoData.city
        let department = query["department"].flatMap { Int64(String($0)) }
        let list = try await monitoring.warnings(root: region, departmentID: department)
        let departments = try await services.app.accounts.departments(in: region)
        let page = WarningsPage(region: region, departments: departments, selectedDepartment: department, warnings: list)
        return try services.pages.render("Monitoring/warnings", title: context.language.strings["warnings"]!, page: page,
                                         request: request, context: context)
    }
}

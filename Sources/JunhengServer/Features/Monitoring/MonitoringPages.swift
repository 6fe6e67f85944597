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
        router.get("submissions/:id", use: submission)
        router.get("submissions/:id/file", use: submissionFile)
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

    /// The note under an indicator's charts in `language`; demo data keeps its Chinese label
    /// (示例数据, as the demo marks its figures) beside the English words.
    static func words(_ note: MonitoringUseCases.DataNote, in language: Language) -> String {
        switch note {
        case .demo: language.text("demoDataNote")
        case .sources(let sources):
            language.text("dataSources") + language.punctuation.colon + sources.joined(separator: language.punctuation.listSeparator)
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
        // Departments belong to a region: those of the region asked about, else the viewer's, else the home region's.
        let departmentRegion = try await services.app.regions.region(query.region.flatMap(RegionCode.init(rawValue:)),
                                                                     orHomeOf: context.actor)
        var formError: FormError?
        if case .failure(let error) = outcome { formError = error }
        let page = IndicatorsPage(indicators: (try? outcome.get()) ?? [], query: query,
                                  plans: try await services.app.plans.plans(actor: context.actor),
                                  domains: try await monitoring.indicatorDomains(),
                                  departments: try await services.app.accounts.departments(in: departmentRegion),
                                  language: context.language)
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
        var page = IndicatorPage(
            indicator: indicator, region: region, rows: rows, dataNote: try await monitoring.dataNote(indicator).map { Self.words($0, in: context.language) }, breakdown: breakdown,
            provenance: try await services.app.plans.provenance(entity: "indicator", id: indicator.id).first,
            mayEdit: context.user != nil && monitoring.mayManageIndicators(actor: context.actor), language: context.language)
        page.map = try IndicatorPage.map(indicator: indicator, rows: rows,
                                         shapes: try await services.app.maps.shapes(of: rows.dropFirst().map(\.region)),
                                         language: context.language)
        if page.mayEdit {
            if let own = rows.first?.target, !own.inherited { page.ownTarget = IndicatorPage.TargetForm(own.target, language: context.language) }
            // The lead department is chosen among the editor's region's departments.
            page.departments = try await services.app.accounts.departments(in: context.user?.regionCode ?? region).map {
                IndicatorPage.DepartmentOption(id: $0.id, name: $0.name, selected: $0.id == indicator.departmentID)
            }
        }
        return try services.pages.render("Monitoring/indicator", title: indicator.name, page: page, request: request, context: context)
    }

    /// The edit form on the indicator page: name, unit, direction, binding and lead department
    /// (an empty choice removes it).
    @Sendable func editIndicator(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let indicator = try await monitoring.indicator(context.parameters.get("id"))
        var request = request
        let form = try await FormFields.read(&request)
        var leadDepartment: Int64??
        if let department = form["department"] {
            guard department.isEmpty || Int64(department) != nil else {
                throw JunhengError.invalid(field: "department", "部门“\(department)”无效")
            }
            leadDepartment = .some(Int64(department))
        }
        _ = try await monitoring.updateIndicator(indicator, .init(
            name: form.nonEmpty("name"), unit: form["unit"], direction: form["direction"].flatMap(Direction.init(rawValue:)),
            binding: form["binding"].flatMap(Binding.init(rawValue:))), leadDepartment: leadDepartment, actor: context.actor)
        // The region's own target: comparator and values as the plan means them ("≤ 30 分钟", a range 2–3).
        if let comparatorText = form["comparator"], let regionText = form.nonEmpty("region") {
            guard let comparator = TargetComparator(rawValue: comparatorText) else {
                throw JunhengError.invalid(field: "comparator", "比较方式“\(comparatorText)”无效")
            }
            let region = try regionCode(regionText, field: "region")
            guard let own = try await monitoring.targets(of: indicator).filter({ $0.regionCode == region })
                .max(by: { $0.targetYear < $1.targetYear }) else {
                throw JunhengError.invalid(field: "comparator", "该地区没有自己的目标")
            }
            guard let value = Double(form["targetValue"] ?? "") else {
                throw JunhengError.invalid(field: "targetValue", "目标值“\(form["targetValue"] ?? "")”不是数字")
            }
            let high = form.nonEmpty("targetValueHigh").flatMap(Double.init)
            if comparator == .range, (high ?? -Double.infinity) < value {
                throw JunhengError.invalid(field: "targetValueHigh", "区间目标须填写不小于下限的上限")
            }
            _ = try await monitoring.setTarget(TargetRecord(
                indicatorID: indicator.id, regionCode: region, baselineYear: own.baselineYear, baselineValue: own.baselineValue,
                targetYear: own.targetYear, targetValue: value, targetValueHigh: comparator == .range ? high : nil,
                comparator: comparator), actor: context.actor)
        }
        let region = form.nonEmpty("region").map { "?region=\($0)" } ?? ""
        return Response.redirect(to: "/indicators/\(indicator.id)\(region)", type: .found)
    }

    @Sendable func regionOverview(_ request: Request, context: AppContext) async throws -> Response {
        let code = try regionCode(context.parameters.get("code"), field: "code")
        let region = try await services.app.regions.region(code)
        let status = request.uri.queryParameters["status"].flatMap { ProgressStatus(rawValue: String($0)) }
        let page = RegionIndicatorsPage(region: region, rows: try await monitoring.overview(of: code, actor: context.actor),
                                        status: status, language: context.language)
        return try services.pages.render("Monitoring/region-indicators", title: "\(region.name) · \(context.language.strings["indicators"]!)",
                                         page: page, request: request, context: context)
    }

    // MARK: data collection

    /// The form for one region and year: every indicator assigned to the reporter, with how its
    /// figure stands, and an upload form for a whole sheet.
    @Sendable func dataEntry(_ request: Request, context: AppContext) async throws -> Response {
        let query = request.uri.queryParameters
        return try await renderDataEntry(request: request, context: context, region: query["region"].map(String.init),
                                         year: query["year"].map(String.init))
    }

    /// What a post of the data-entry form leaves on the page: the values typed, and the messages
    /// about them by indicator.
    struct PostedForm {
        var typed: [Int64: String] = [:]
        var errors: [Int64: String] = [:]
        var warnings: [Int64: String] = [:]
    }

    private func renderDataEntry(request: Request, context: AppContext, region regionText: String?, year yearText: String?,
                                 posted: PostedForm = PostedForm(), message: String? = nil, formError: FormError? = nil,
                                 details: [ValidationIssue] = [], stored: [String] = []) async throws -> Response {
        _ = try context.requireUser()
        try await monitoring.requireSubmitter(actor: context.actor)
        let region = try await services.app.regions.region(
            try regionText.flatMap { $0.isEmpty ? nil : $0 }.map { try regionCode($0, field: "region") }, orHomeOf: context.actor)
        let year = yearText.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } ?? (Int(Timestamp.today().prefix(4))! - 1)
        let regionRecord = try await services.app.regions.region(region)
        let assigned = try await monitoring.reportableIndicators(for: region, actor: context.actor)
        let figures = try await monitoring.entryFigures(region: region, year: year, indicatorIDs: assigned.map(\.id))
        let page = DataEntryPage(region: regionRecord, year: yearText ?? String(year), indicators: assigned, figures: figures,
                                 typed: posted.typed, fieldErrors: posted.errors, fieldWarnings: posted.warnings,
                                 message: message, details: formError?.details ?? details, stored: stored)
        return try services.pages.render("Monitoring/data", title: context.language.strings["dataEntry"]!, page: page,
                                         request: request, context: context, formError: formError)
    }

    /// Submits the form's non-empty fields as one submission. Errors come back beside the fields
    /// they concern, in words (region, year and indicator by name), with every typed value kept.
    @Sendable func submitForm(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        var request = request
        let form = try await FormFields.read(&request, limit: 1 << 20)
        guard let regionText = form.nonEmpty("region"), let year = form.nonEmpty("year") else {
            throw JunhengError.invalid(field: "region", "缺少地区或年份")
        }
        let region = try await services.app.regions.region(try regionCode(regionText, field: "region"))
        // Row n of the table is the n-th indicator with a value: how issues find their field.
        let entered = try await monitoring.indicators().compactMap { indicator -> (IndicatorRecord, String)? in
            form.nonEmpty("value-\(indicator.id)").map { (indicator, $0) }
        }
        var posted = PostedForm(typed: Dictionary(uniqueKeysWithValues: entered.map { ($0.0.id, $0.1) }))
        func inWords(_ indicator: IndicatorRecord, _ reason: String) -> String {
            "\(region.name) \(year) 年 \(indicator.name)：\(reason)"
        }
        func field(of issue: ValidationIssue) -> IndicatorRecord? {
            guard let row = issue.row, entered.indices.contains(row - 1) else { return nil }
            return entered[row - 1].0
        }
        let outcome = try await FormError.catching {
            try await monitoring.submit([UploadTable(sheet: nil, header: ["region", "indicator", "year", "value"],
                                                     rows: entered.map { [regionText, $0.0.code, year, $0.1] }, headerRow: 0)],
                                        source: "网页填报", actor: context.actor)
        }
        switch outcome {
        case .success(let stored):
            for warning in stored.warnings { if let indicator = field(of: warning) { posted.warnings[indicator.id] = inWords(indicator, warning.reason) } }
            let language = context.language
            let names = entered.prefix(3).map { "\($0.0.name) \($0.1)\($0.0.unit)" }.joined(separator: language.punctuation.listSeparator)
            // What was stored now shows as pending: the inputs start from the stored figures again.
            return try await renderDataEntry(
                request: request, context: context, region: regionText, year: year,
                posted: PostedForm(warnings: posted.warnings),
                message: language.fill("figuresSubmitted", ["count": String(stored.submission.rowCount), "items": names,
                                                            "more": entered.count > 3 ? language.text("andMore") : "",
                                                            "id": String(stored.submission.id)]))
        case .failure(let error):
            var unplaced: [ValidationIssue] = []
            for issue in error.details {
                guard let indicator = field(of: issue) else { unplaced.append(issue); continue }
                // One message per field: the first problem found.
                if posted.errors[indicator.id] == nil { posted.errors[indicator.id] = inWords(indicator, issue.reason) }
            }
            let placed = posted.errors.count
            let summary = placed > 0 && unplaced.isEmpty
                ? "\(placed) \(context.language.strings["fieldsToCorrect"]!)"
                : error.message
            return try await renderDataEntry(request: request, context: context, region: regionText, year: year, posted: posted,
                                             formError: FormError(message: summary, details: unplaced, status: error.status))
        }
    }

    @Sendable func upload(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        var request = request
        let outcome = try await FormError.catching(prefix: context.language.text("uploadRejected")) {
            try await monitoring.requireSubmitter(actor: context.actor)
            let file = try await UploadedFile(request: &request, context: context)
            // The file itself is kept with the submission, for its reviewer.
            return (file.filename, try await monitoring.submitFile(.data(file.data), filename: file.filename, actor: context.actor))
        }
        let query = request.uri.queryParameters
        let (region, year) = (query["region"].map(String.init), query["year"].map(String.init))
        switch outcome {
        case .success(let (filename, stored)):
            let names = Dictionary(try await monitoring.indicators().map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
            let lines = stored.stored.map { count in
                context.language.fill("storedRows", ["indicator": names[count.indicatorID] ?? String(count.indicatorID),
                                                     "year": String(count.year), "count": String(count.rows)])
            }
            return try await renderDataEntry(request: request, context: context, region: region, year: year,
                                             message: context.language.fill("fileImported", ["file": filename, "count": String(stored.submission.rowCount),
                                                                                              "id": String(stored.submission.id)]),
                                             details: stored.warnings, stored: lines)
        case .failure(let error):
            return try await renderDataEntry(request: request, context: context, region: region, year: year, formError: error)
        }
    }

    // MARK: review

    @Sendable func submissions(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        let page = SubmissionsPage(submissions: try await monitoring.submissions(actor: context.actor), viewer: user,
                                   language: context.language)
        return try services.pages.render("Monitoring/submissions", title: context.language.strings["submissions"]!, page: page,
                                         request: request, context: context)
    }

    /// One submission for its reviewer (and its submitter): values beside the approved figures,
    /// the file it came as, and the approve/return form.
    @Sendable func submission(_ request: Request, context: AppContext) async throws -> Response {
        try await renderSubmission(request: request, context: context)
    }

    private func renderSubmission(request: Request, context: AppContext, typedComment: String = "",
                                  formError: FormError? = nil) async throws -> Response {
        let user = try context.requireUser()
        let detail = try await monitoring.submissionDetail(context.parameters.get("id"), actor: context.actor)
        return try services.pages.render(
            "Monitoring/submission", title: "\(context.language.strings["submission"]!) #\(detail.submission.id)",
            page: SubmissionPage(detail, viewer: user, typedComment: typedComment, language: context.language), request: request, context: context,
            formError: formError)
    }

    /// The file a submission was uploaded as, under its own name.
    @Sendable func submissionFile(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let file = try await monitoring.submissionFile(context.parameters.get("id"), actor: context.actor)
        return Download.response(Data(file.bytes), filename: file.filename, fallback: "upload", contentType: file.contentType)
    }

    /// Approves or returns from the submission page; a refusal the reviewer can fix (returning
    /// without a comment) shows the page again with the message and the comment as typed.
    @Sendable func review(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        var request = request
        let form = try await FormFields.read(&request)
        let id: String = try context.parameters.require("id")
        let comment = form["comment"] ?? ""
        let outcome = try await FormError.catching {
            try await monitoring.review(submission: id, approve: form["decision"] != "return", comment: comment, actor: context.actor)
        }
        switch outcome {
        case .success: return Response.redirect(to: "/submissions/\(id)", type: .found)
        case .failure(let error): return try await renderSubmission(request: request, context: context, typedComment: comment, formError: error)
        }
    }

    @Sendable func warnings(_ request: Request, context: AppContext) async throws -> Response {
        let query = request.uri.queryParameters
        let region = try await services.app.regions.region(
            try query["region"].map { try regionCode(String($0), field: "region") }, orHomeOf: context.actor)
        let department = query["department"].flatMap { Int64(String($0)) }
        let kind = query["kind"].flatMap { WarningKind(rawValue: String($0)) }
        let list = try await monitoring.warnings(root: region, departmentID: department).filter { kind == nil || $0.kind == kind }
        let departments = try await services.app.accounts.departments(in: region)
        let page = WarningsPage(region: region, departments: departments, selectedDepartment: department, kind: kind, warnings: list,
                                page: query["page"].flatMap { Int(String($0)) } ?? 1, language: context.language)
        return try services.pages.render("Monitoring/warnings", title: context.language.strings["warnings"]!, page: page,
                                         request: request, context: context)
    }
}

import Foundation
import Hummingbird
import JunhengApp
import JunhengCore
import Storage

/// Pages for key tasks and projects (重点任务): the ledger (台账) with its spreadsheet import, a
/// task with its reports and the forms of each role, department dashboards, the supervising
/// office's overview, reporting periods and the department names plans use. Anonymous readers
/// see what the use cases give the public: tasks, and approved reports only.
struct TaskPages {
    let services: JunhengServices
    private var tasks: TaskUseCases { services.app.tasks }

    func register(on router: Router<AppContext>) {
        router.get("tasks", use: ledger)
        router.get("tasks/mine", use: mine)
        router.get("tasks/supervision", use: supervision)
        router.get("tasks/periods", use: periods)
        router.post("tasks/periods", use: openPeriod)
        router.post("tasks/periods/:id/status", use: setPeriodStatus)
        router.post("tasks/periods/:id/unlock", use: unlock)
        router.post("tasks/settings", use: saveSettings)
        router.get("tasks/departments", use: departmentNames)
        router.post("tasks/departments", use: mapDepartmentName)
        router.get("tasks/ledger/import", use: importPage)
        router.post("tasks/ledger/import", use: importLedger)
        router.get("tasks/files/:id", use: file)
        router.get("tasks/:id", use: task)
        router.post("tasks/:id/report", use: fileReport)
        router.post("tasks/:id/review", use: review)
        router.post("tasks/:id/contribution", use: contribute)
        router.post("tasks/:id/attachments", use: attach)
        router.post("tasks/:id/colour", use: overrideColour)
        router.post("tasks/:id/edit", use: edit)
        router.get("departments/:id", use: department)
        TaskExports(services: services).register(on: router)
    }

    // MARK: ledger

    /// `/tasks?region=&plan=&department=&colour=&kind=&due_by=`; a bad filter shows the form again
    /// with the error and an empty table.
    @Sendable func ledger(_ request: Request, context: AppContext) async throws -> Response {
        let query = Self.ledgerQuery(request)
        let outcome = try await FormError.catching {
            try await tasks.ledger(try Self.ledgerFilter(query, language: context.language), actor: context.actor)
        }
        var formError: FormError?
        if case .failure(let error) = outcome { formError = error }
        // The department filter offers the departments of the region asked about, else the
        // reader's, else those of the regions the ledger shows.
        var departmentRegions: [RegionCode] = [(try? optionalRegionCode(query.region, field: "region")) ?? nil,
                                               context.user?.regionCode].compactMap { $0 }.prefix(1).map { $0 }
        if departmentRegions.isEmpty { departmentRegions = Set((try? outcome.get())?.rows.map(\.task.regionCode) ?? []).sorted() }
        var departments: [Department] = []
        for region in departmentRegions { departments += try await services.app.accounts.departments(in: region) }
        let page = LedgerPage(ledger: try? outcome.get(), query: query, plans: try await services.app.plans.plans(actor: context.actor),
                              departments: departments, mayImport: context.user != nil, language: context.language)
        return try services.pages.render("Tasks/ledger", title: context.language.text("taskLedger"), page: page, request: request,
                                         context: context, formError: formError)
    }

    static func ledgerQuery(_ request: Request) -> LedgerPage.Query {
        let parameters = request.uri.queryParameters
        let value = { (key: String) in parameters[Substring(key)].map { String($0).trimmingCharacters(in: .whitespaces) } ?? "" }
        return LedgerPage.Query(region: value("region"), plan: value("plan"), department: value("department"), colour: value("colour"),
                                kind: value("kind"), dueBy: value("due_by"))
    }

    static func ledgerFilter(_ query: LedgerPage.Query, language: Language) throws -> LedgerFilter {
        func id(_ text: String, field: String) throws -> Int64? {
            guard !text.isEmpty else { return nil }
            guard let id = Int64(text) else { throw JunhengError.invalid(field: field, language.format("notInteger", text)) }
            return id
        }
        var filter = LedgerFilter(region: try optionalRegionCode(query.region.isEmpty ? nil : query.region, field: "region"),
                                  planID: try id(query.plan, field: "plan"), departmentID: try id(query.department, field: "department"))
        if !query.colour.isEmpty {
            guard let colour = TaskColour(rawValue: query.colour) else {
                throw JunhengError.invalid(field: "colour", language.fill("unknownChoice", ["value": query.colour]))
            }
            filter.colour = colour
        }
        if !query.kind.isEmpty {
            guard let kind = TaskKind(rawValue: query.kind) else {
                throw JunhengError.invalid(field: "kind", language.fill("unknownChoice", ["value": query.kind]))
            }
            filter.kind = kind
        }
        if !query.dueBy.isEmpty {
            guard let day = CalendarDay(query.dueBy) else { throw JunhengError.invalid(field: "due_by", language.fill("notADate", ["value": query.dueBy])) }
            filter.dueBy = day
        }
        return filter
    }

    /// The nav's "my tasks": a department editor's dashboard, the supervising office's overview,
    /// everyone else's ledger of their region.
    @Sendable func mine(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        if let department = user.departmentID { return Response.redirect(to: "/departments/\(department)", type: .found) }
        let region = user.regionCode.map { "?region=\($0.rawValue)" } ?? ""
        if user.role.permissions.contains(.superviseTasks) { return Response.redirect(to: "/tasks/supervision\(region)", type: .found) }
        return Response.redirect(to: "/tasks\(region)", type: .found)
    }

    // MARK: one task

    @Sendable func task(_ request: Request, context: AppContext) async throws -> Response {
        try await renderTask(context.parameters.get("id"), request: request, context: context)
    }

    private func renderTask(_ id: String?, request: Request, context: AppContext, posted: TaskPage.Posted = .none,
                            formError: FormError? = nil) async throws -> Response {
        let view = try await tasks.task(id, actor: context.actor)
        let rights = try await tasks.rights(on: view.task, actor: context.actor)
        let reports = try await tasks.reports(of: view.task, actor: context.actor)
        let departments = try await services.app.accounts.departments(in: view.task.regionCode)
        var page = TaskPage(view: view, children: try await tasks.children(of: view),
                            provenance: try await tasks.provenance(of: view.task), reports: reports, rights: rights,
                            departments: departments, language: context.language)
        if context.user != nil {
            let open = try await tasks.periods(region: view.task.regionCode).filter { $0.status == .open }
            let asked = request.uri.queryParameters["period"].flatMap { Int64(String($0)) }
            let period = open.first { $0.id == asked } ?? open.first
            page.addForms(view: view, rights: rights, openPeriods: open, period: period,
                          report: period.flatMap { period in reports.first { $0.report.periodID == period.id } }, allReports: reports,
                          departments: departments, posted: posted, language: context.language)
        }
        return try services.pages.render("Tasks/task", title: view.task.title, page: page, request: request, context: context,
                                         formError: formError)
    }

    /// Redirects to the task page on success; shows it again with the error and what was typed.
    private func respond(_ outcome: Result<some Any, FormError>, task id: String, request: Request, context: AppContext,
                         posted: TaskPage.Posted, anchor: String = "") async throws -> Response {
        switch outcome {
        case .success: return Response.redirect(to: "/tasks/\(id)\(anchor)", type: .found)
        case .failure(let error): return try await renderTask(id, request: request, context: context, posted: posted, formError: error)
        }
    }

    /// The lead department's report: 保存 (`step=save`) or 报送 (`step=submit`).
    @Sendable func fileReport(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let id: String = try context.parameters.require("id")
        var request = request
        let form = try await FormFields.read(&request)
        let language = context.language
        let outcome = try await FormError.catching { () -> TaskReportRecord in
            let view = try await tasks.task(id, actor: context.actor)
            let content = ReportContent(
                progressText: form["progress"] ?? "", problems: form["problems"] ?? "", nextSteps: form["nextSteps"] ?? "",
                fundsUsed: try Self.number(form, "fundsUsed", language: language), percent: try Self.number(form, "percent", language: language),
                reportedStatus: form.nonEmpty("status").flatMap(TaskStatus.init(rawValue:)),
                milestonesDone: view.task.milestones.map(\.id).filter { form["milestone_\($0)"] != nil })
            return try await tasks.fileReport(task: id, period: form["period"], content: content,
                                              step: form["step"] == "submit" ? .submit : .save, actor: context.actor)
        }
        return try await respond(outcome, task: id, request: request, context: context, posted: .report(form), anchor: "#report")
    }

    /// The supervising office returns a submitted report with a comment, or approves it.
    @Sendable func review(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let id: String = try context.parameters.require("id")
        var request = request
        let form = try await FormFields.read(&request)
        let comment = form["comment"] ?? ""
        let outcome = try await FormError.catching {
            try await tasks.review(report: form["report"], step: form["decision"] == "return" ? .returnToDepartment : .approve,
                                   comment: comment, actor: context.actor)
        }
        return try await respond(outcome, task: id, request: request, context: context, posted: .review(comment))
    }

    @Sendable func contribute(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let id: String = try context.parameters.require("id")
        var request = request
        let form = try await FormFields.read(&request)
        let text = form["text"] ?? ""
        let outcome = try await FormError.catching { try await tasks.contribute(report: form["report"], text: text, actor: context.actor) }
        return try await respond(outcome, task: id, request: request, context: context, posted: .contribution(text))
    }

    /// An attachment to the report of the open period (multipart, field `file`).
    @Sendable func attach(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let id: String = try context.parameters.require("id")
        var request = request
        let outcome = try await FormError.catching {
            let upload = try await UploadedFile(request: &request, context: context)
            return try await tasks.attach(report: upload.fields["report"], filename: upload.filename,
                                          contentType: Self.contentType(of: upload.filename), bytes: [UInt8](upload.data),
                                          actor: context.actor)
        }
        return try await respond(outcome, task: id, request: request, context: context, posted: .none, anchor: "#report")
    }

    /// An attachment under its own name, for those who may read its report.
    @Sendable func file(_ request: Request, context: AppContext) async throws -> Response {
        let (file, data) = try await tasks.attachment(context.parameters.get("id"), actor: context.actor)
        return Download.response(Data(data), filename: file.filename, fallback: "attachment", contentType: file.contentType)
    }

    /// A colour set by hand with a reason; an empty choice goes back to the computed colour.
    @Sendable func overrideColour(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let id: String = try context.parameters.require("id")
        var request = request
        let form = try await FormFields.read(&request)
        let language = context.language
        let outcome = try await FormError.catching {
            let colour = try form.nonEmpty("colour").map { text in
                guard let colour = TaskColour(rawValue: text) else {
                    throw JunhengError.invalid(field: "colour", language.fill("unknownChoice", ["value": text]))
                }
                return colour
            }
            return try await tasks.overrideColour(task: id, colour: colour, reason: form["reason"] ?? "", actor: context.actor)
        }
        return try await respond(outcome, task: id, request: request, context: context, posted: .colour(form))
    }

    /// The planner's edit: dates, weight, progress method, lead and cooperating departments
    /// (sent only when changed, so names that match no department are kept).
    @Sendable func edit(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let id: String = try context.parameters.require("id")
        var request = request
        let form = try await FormFields.read(&request)
        let language = context.language
        let outcome = try await FormError.catching {
            let view = try await tasks.task(id, actor: context.actor)
            var changes = TaskChanges(startsOn: try Self.day(form, "startsOn", language: language),
                                      dueOn: try Self.day(form, "dueOn", language: language),
                                      weight: try Self.number(form, "weight", language: language),
                                      progressMethod: form.nonEmpty("method").flatMap(TaskProgressMethod.init(rawValue:)))
            let lead = form.nonEmpty("lead").flatMap(Int64.init)
            let departments = try await services.app.accounts.departments(in: view.task.regionCode)
            let cooperating = departments.map(\.id).filter { form["cooperating_\($0)"] != nil && $0 != lead }
            if let lead, lead != view.task.lead?.departmentID { changes.leadDepartmentID = lead }
            if Set(cooperating) != Set(view.task.cooperating.compactMap(\.departmentID)) { changes.cooperatingDepartmentIDs = cooperating }
            return try await tasks.update(task: id, changes, actor: context.actor)
        }
        return try await respond(outcome, task: id, request: request, context: context, posted: .edit(form))
    }

    // MARK: dashboards

    @Sendable func department(_ request: Request, context: AppContext) async throws -> Response {
        let text: String = try context.parameters.require("id")
        guard let id = Int64(text) else { throw JunhengError.notFound("部门 \(text)") }
        let dashboard = try await tasks.dashboard(department: id, actor: context.actor)
        var periods: [Int64: ReportingPeriodRecord] = [:]
        for period in try await tasks.periods(region: dashboard.department.regionCode) { periods[period.id] = period }
        let page = DepartmentPage(dashboard, periods: periods, showReports: dashboard.followsReports, language: context.language)
        return try services.pages.render("Tasks/department", title: dashboard.department.name, page: page, request: request,
                                         context: context)
    }

    @Sendable func supervision(_ request: Request, context: AppContext) async throws -> Response {
        let regionText = request.uri.queryParameters["region"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        let region = try optionalRegionCode(regionText, field: "region")
        let overview = try await tasks.supervision(region: region, actor: context.actor)
        var toReview: [(task: TaskView, report: TaskReportRecord)]?
        var periods: [Int64: ReportingPeriodRecord] = [:]
        if let user = context.user, user.role.permissions.contains(.superviseTasks) {
            let waiting = try await tasks.reportsToReview(actor: context.actor)
            toReview = waiting
            for code in Set(waiting.map(\.task.task.regionCode)) {
                for period in try await tasks.periods(region: code) { periods[period.id] = period }
            }
        }
        let page = SupervisionPage(region: regionText ?? "", overview: overview, toReview: toReview, periods: periods,
                                   language: context.language)
        return try services.pages.render("Tasks/supervision", title: context.language.text("taskSupervision"), page: page,
                                         request: request, context: context)
    }

    // MARK: periods

    @Sendable func periods(_ request: Request, context: AppContext) async throws -> Response {
        try await renderPeriods(region: request.uri.queryParameters["region"].map(String.init), request: request, context: context)
    }

    private func renderPeriods(region regionText: String?, request: Request, context: AppContext, typed: FormFields? = nil,
                               formError: FormError? = nil) async throws -> Response {
        let code = try await services.app.regions.region(
            try optionalRegionCode(regionText.flatMap { $0.isEmpty ? nil : $0 }, field: "region"), orHomeOf: context.actor)
        let region = try await services.app.regions.region(code)
        var rows: [(ReportingPeriodRecord, [PeriodUnlock])] = []
        for period in try await tasks.periods(region: code) { rows.append((period, try await tasks.unlocks(period: period))) }
        let page = PeriodsPage(region: region, periods: rows, departments: try await services.app.accounts.departments(in: code),
                               mayManage: try await tasks.mayManage(region: code, actor: context.actor),
                               settings: try await tasks.settings(region: code), typed: typed, language: context.language)
        return try services.pages.render("Tasks/periods", title: context.language.text("taskPeriods"), page: page, request: request,
                                         context: context, formError: formError)
    }

    /// Opens the period containing the day typed, or the first day of the year and quarter chosen.
    @Sendable func openPeriod(_ request: Request, context: AppContext) async throws -> Response {
        let language = context.language
        return try await periodsForm(request, context: context, keepTyped: true) { form in
            let region = try regionCode(form["region"], field: "region")
            var frequency = form.nonEmpty("frequency").flatMap(PeriodFrequency.init(rawValue:))
            var day = try Self.day(form, "day", language: language)
            if day == nil, let yearText = form.nonEmpty("year") {
                guard let year = Int(yearText), let first = CalendarDay(year: year, month: 1, day: 1) else {
                    throw JunhengError.invalid(field: "year", language.format("notInteger", yearText))
                }
                if let quarter = form.nonEmpty("quarter").flatMap(Int.init), (1...4).contains(quarter) {
                    day = CalendarDay(year: year, month: quarter * 3 - 2, day: 1)
                    frequency = frequency ?? .quarterly
                } else {
                    day = first
                }
            }
            return try await tasks.openPeriod(region: region, frequency: frequency, containing: day,
                                              dueOn: try Self.day(form, "dueOn", language: language), actor: context.actor).regionCode
        }
    }

    /// Saves the region's colour margins, due-soon days, reporting frequency and status percentages.
    @Sendable func saveSettings(_ request: Request, context: AppContext) async throws -> Response {
        let language = context.language
        return try await periodsForm(request, context: context, keepTyped: true, anchor: "#settings") { form in
            let region = try regionCode(form["region"], field: "region")
            func number(_ field: String) throws -> Double {
                let text = form[field]?.trimmingCharacters(in: .whitespaces) ?? ""
                guard let value = Double(text) else { throw JunhengError.invalid(field: field, language.fill("notANumber", ["value": text])) }
                return value
            }
            let days = form["dueSoonDays"]?.trimmingCharacters(in: .whitespaces) ?? ""
            guard let dueSoonDays = Int(days) else { throw JunhengError.invalid(field: "dueSoonDays", language.format("notInteger", days)) }
            var percents: [TaskStatus: Double] = [:]
            for status in TaskStatus.allCases { percents[status] = try number("percent_\(status.rawValue)") }
            try await tasks.saveSettings(TaskSettings(
                thresholds: ColourThresholds(yellowLag: try number("yellowLag"), redLag: try number("redLag"), dueSoonDays: dueSoonDays),
                statusScale: TaskStatusScale(percents: percents),
                frequency: form.nonEmpty("settingsFrequency").flatMap(PeriodFrequency.init(rawValue:)) ?? .quarterly),
                region: region, actor: context.actor)
            return region
        }
    }

    @Sendable func setPeriodStatus(_ request: Request, context: AppContext) async throws -> Response {
        try await periodsForm(request, context: context) { form in
            try await tasks.setPeriodStatus(form["status"] == "closed" ? .closed : .open, period: context.parameters.get("id"),
                                            actor: context.actor).regionCode
        }
    }

    @Sendable func unlock(_ request: Request, context: AppContext) async throws -> Response {
        let language = context.language
        return try await periodsForm(request, context: context) { form in
            guard let department = form.nonEmpty("department").flatMap(Int64.init) else {
                throw JunhengError.invalid(field: "department", language.text("chooseDepartment"))
            }
            try await tasks.unlock(period: context.parameters.get("id"), departmentID: department, reason: form["reason"] ?? "",
                                   actor: context.actor)
            return nil
        }
    }

    /// A form of the periods page: runs `action` on the posted fields, then goes back to the page
    /// of the region it names (else the form's region) at `anchor`, or shows the page again with
    /// the error — with what was typed, for the forms whose fields the page shows again.
    private func periodsForm(_ request: Request, context: AppContext, keepTyped: Bool = false, anchor: String = "",
                             _ action: (FormFields) async throws -> RegionCode?) async throws -> Response {
        _ = try context.requireUser()
        var request = request
        let form = try await FormFields.read(&request)
        switch try await FormError.catching({ try await action(form) }) {
        case .success(let region):
            return Response.redirect(to: "/tasks/periods?region=\(region?.rawValue ?? form["region"] ?? "")\(anchor)", type: .found)
        case .failure(let error):
            return try await renderPeriods(region: form["region"], request: request, context: context, typed: keepTyped ? form : nil,
                                           formError: error)
        }
    }

    // MARK: department names

    @Sendable func departmentNames(_ request: Request, context: AppContext) async throws -> Response {
        try await renderDepartmentNames(region: request.uri.queryParameters["region"].map(String.init), request: request, context: context)
    }

    private func renderDepartmentNames(region regionText: String?, request: Request, context: AppContext,
                                       formError: FormError? = nil) async throws -> Response {
        let user = try context.requireUser()
        let code = try await services.app.regions.region(
            try optionalRegionCode(regionText.flatMap { $0.isEmpty ? nil : $0 }, field: "region") ?? user.regionCode,
            orHomeOf: context.actor)
        let page = DepartmentNamesPage(region: try await services.app.regions.region(code),
                                       names: try await tasks.unmatchedDepartmentNames(region: code, actor: context.actor),
                                       departments: try await services.app.accounts.departments(in: code))
        return try services.pages.render("Tasks/department-names", title: context.language.text("taskDepartmentNames"), page: page,
                                         request: request, context: context, formError: formError)
    }

    /// Maps a name to a department (`department=ID`) or to no department (`department=none`).
    @Sendable func mapDepartmentName(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        var request = request
        let form = try await FormFields.read(&request)
        let language = context.language
        let outcome = try await FormError.catching {
            let region = try regionCode(form["region"], field: "region")
            let choice = form.nonEmpty("department")
            guard let choice, choice == "none" || Int64(choice) != nil else {
                throw JunhengError.invalid(field: "department", language.text("chooseDepartment"))
            }
            try await tasks.mapDepartmentName(form["name"] ?? "", to: Int64(choice), region: region, actor: context.actor)
            return region
        }
        switch outcome {
        case .success(let region): return Response.redirect(to: "/tasks/departments?region=\(region.rawValue)", type: .found)
        case .failure(let error): return try await renderDepartmentNames(region: form["region"], request: request, context: context,
                                                                         formError: error)
        }
    }

    // MARK: ledger import

    @Sendable func importPage(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        return try services.pages.render("Tasks/ledger-import", title: context.language.text("importLedger"), page: LedgerImportPage(),
                                         request: request, context: context)
    }

    /// Step one, an upload: the changes it would make, the file kept in the page's form. Step
    /// two, that form (`apply`, the file as base64): all the changes in one transaction, or none.
    /// Both are multipart, bounded by the upload size rather than the form size.
    @Sendable func importLedger(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        var request = request
        let language = context.language
        var data = Data()
        var filename = "ledger.xlsx"
        var apply = false
        let outcome = try await FormError.catching(prefix: language.text("notImported")) { () -> LedgerImportPreview in
            let form: MultipartForm
            if let parsed = context.multipartForm { form = parsed } else { form = try await MultipartForm(request: &request, context: context) }
            if form.fields["apply"] != nil {
                guard let file = form.fields["fileData"].flatMap({ Data(base64Encoded: $0) }) else {
                    throw JunhengError.invalid(field: "file", language.text("chooseFile"))
                }
                (data, filename, apply) = (file, form.fields["filename"] ?? filename, true)
                return try await tasks.applyLedgerImport(data, filename: filename, actor: context.actor)
            }
            guard let file = form.files["file"], !file.data.isEmpty else {
                throw JunhengError.invalid(field: "file", language.text("chooseFile"))
            }
            (data, filename) = (file.data, file.filename)
            return try await tasks.previewLedgerImport(data, filename: filename, actor: context.actor)
        }
        let page: LedgerImportPage
        var formError: FormError?
        switch outcome {
        case .success(let preview): page = LedgerImportPage(preview: preview, applied: apply, file: data, filename: filename)
        case .failure(let error):
            formError = error
            page = LedgerImportPage(details: error.details)
        }
        return try services.pages.render("Tasks/ledger-import", title: language.text("importLedger"), page: page, request: request,
                                         context: context, formError: formError)
    }

    // MARK: form values

    /// A number typed in a form, nil when blank.
    static func number(_ form: FormFields, _ field: String, language: Language) throws -> Double? {
        guard let text = form.nonEmpty(field) else { return nil }
        guard let value = Double(text), value.isFinite else { throw JunhengError.invalid(field: field, language.fill("notANumber", ["value": text])) }
        return value
    }

    /// A date typed in a form, nil when blank.
    static func day(_ form: FormFields, _ field: String, language: Language) throws -> CalendarDay? {
        guard let text = form.nonEmpty(field) else { return nil }
        guard let day = CalendarDay(text) else { throw JunhengError.invalid(field: field, language.fill("notADate", ["value": text])) }
        return day
    }

    static func contentType(of filename: String) -> String {
        switch filename.split(separator: ".").last?.lowercased() ?? "" {
        case "pdf": "application/pdf"
        case "png": "image/png"
        case "jpg", "jpeg": "image/jpeg"
        case "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        case "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case "txt": "text/plain; charset=utf-8"
        default: "application/octet-stream"
        }
    }
}

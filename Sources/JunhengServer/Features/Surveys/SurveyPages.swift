import Foundation
import Hummingbird
import JunhengApp
import JunhengCore
import Storage

/// `/surveys`: the satisfaction surveys and, for those who run them, a new one from the standard
/// questionnaire; `/surveys/ID`: its results by region × domain with their intervals and the
/// respondents beside each (a cell under the minimum shows only its count), the fielding and
/// closing buttons and the import of responses, which keeps the page when a file is refused.
struct SurveyPages {
    let services: JunhengServices
    private var surveys: SurveyUseCases { services.app.surveys }

    func register(on router: Router<AppContext>) {
        router.get("surveys", use: list)
        router.post("surveys", use: create)
        router.get("surveys/:id", use: show)
        router.post("surveys/:id/status", use: setStatus)
        router.post("surveys/:id/responses", use: importResponses)
        router.post("surveys/:id/margins", use: uploadMargins)
        router.post("surveys/:id/margins/population-points", use: marginsFromPopulationPoints)
        router.post("surveys/:id/margins/clear", use: clearMargins)
        router.get("surveys/:id/results.csv", use: csv)
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        try await renderList(request: request, context: context)
    }

    private func renderList(request: Request, context: AppContext, typed: (region: String, title: String) = ("", ""),
                            formError: FormError? = nil) async throws -> Response {
        let language = context.language
        let summaries = try await SurveysAPI.summaries(services.app, actor: context.actor)
        let mayCreate = context.user?.role.permissions.contains(.runSurveys) ?? false
        let page = SurveysPage(surveys: summaries.map { summary in
            SurveysPage.Row(id: summary.id, title: summary.title, region: summary.regionCode,
                            status: language.text("survey.status.\(summary.status.rawValue)"), responses: summary.responses)
        }, mayCreate: mayCreate, region: typed.region.isEmpty ? (context.user?.regionCode?.rawValue ?? "") : typed.region,
                               title: typed.title, words: UIStrings.words(of: SurveyStrings.table, prefix: "survey.", in: language))
        return try services.pages.render("Surveys/surveys", title: language.text("survey.title"), page: page, request: request,
                                         context: context, formError: formError)
    }

    @Sendable func create(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        var request = request
        let fields = try await FormFields.read(&request)
        let typed = (fields["region"] ?? "", fields["title"] ?? "")
        let outcome = try await FormError.catching {
            try await surveys.create(region: try regionCode(typed.0, field: "region"), questionnaire: .standard(title: typed.1),
                                     actor: context.actor)
        }
        switch outcome {
        case .success(let survey): return Response.redirect(to: "/surveys/\(survey.id)", type: .found)
        case .failure(let error): return try await renderList(request: request, context: context, typed: typed, formError: error)
        }
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        try await render(context.parameters.get("id"), request: request, context: context)
    }

    func render(_ id: String?, request: Request, context: AppContext, message: String? = nil,
                status: HTTPResponse.Status = .ok, formError: FormError? = nil, typedSource: String? = nil,
                typedInvitation: (count: String, contacts: String)? = nil) async throws -> Response {
        let survey = try await surveys.survey(id, actor: context.actor)
        // A design that gives no error (a stratum with one sampling point) or margins that cannot
        // hold are said in place of the table.
        let results = try await FormError.catching { try await surveys.results(survey) }
        let mayRun = try await surveys.mayRun(survey, actor: context.actor)
        let invitations = mayRun ? try await surveys.invitationCounts(survey) : (sent: 0, answered: 0)
        var page = SurveyPage(survey: survey, results: try? results.get(), mayRun: mayRun,
                              mayInterview: context.user?.role.permissions.contains(.interviewRespondents) ?? false,
                              invitations: invitations, message: message, typedSource: typedSource,
                              typedInvitation: typedInvitation ?? ("", ""), language: context.language)
        if case .failure(let problem) = results { page.designProblem = problem.message }
        return try services.pages.render("Surveys/survey", title: survey.questionnaire.title, page: page, request: request,
                                         context: context, status: status, formError: formError)
    }

    @Sendable func setStatus(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        var request = request
        let fields = try await FormFields.read(&request)
        let id = context.parameters.get("id")
        let outcome = try await FormError.catching {
            guard let status = fields["status"].flatMap(QuestionnaireStatus.init(rawValue:)) else {
                throw JunhengError.invalid(field: "status", "未知的调查状态")
            }
            return try await surveys.setStatus(id, to: status, actor: context.actor)
        }
        switch outcome {
        case .success(let survey): return Response.redirect(to: "/surveys/\(survey.id)", type: .found)
        case .failure(let error): return try await render(id, request: request, context: context, formError: error)
        }
    }

    @Sendable func importResponses(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        var request = request
        let id = context.parameters.get("id")
        let outcome = try await FormError.catching {
            let file = try await UploadedFile(request: &request, context: context)
            return try await surveys.importResponses(id, upload: .data(file.data), filename: file.filename, actor: context.actor)
        }
        switch outcome {
        case .success(let result):
            let message = context.language.fill("survey.imported", ["count": "\(result.responses)", "total": "\(result.total)"])
            return try await render(id, request: request, context: context, message: message, status: .created)
        case .failure(let error):
            return try await render(id, request: request, context: context, formError: error)
        }
    }

    @Sendable func uploadMargins(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        var request = request
        let id = context.parameters.get("id")
        var typedSource = ""
        let outcome = try await FormError.catching {
            let file = try await UploadedFile(request: &request, context: context)
            typedSource = file.fields["source"] ?? ""
            return try await surveys.setMargins(id, upload: .data(file.data), filename: file.filename, source: typedSource,
                                                actor: context.actor)
        }
        return try await afterMargins(outcome, id: id, request: request, context: context, typedSource: typedSource)
    }

    @Sendable func marginsFromPopulationPoints(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let id = context.parameters.get("id")
        let outcome = try await FormError.catching { try await surveys.setRegionMarginsFromPopulationPoints(id, actor: context.actor) }
        return try await afterMargins(outcome, id: id, request: request, context: context, typedSource: nil)
    }

    @Sendable func clearMargins(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let id = context.parameters.get("id")
        let outcome = try await FormError.catching { try await surveys.clearMargins(id, actor: context.actor) }
        return try await afterMargins(outcome, id: id, request: request, context: context, typedSource: nil)
    }

    private func afterMargins(_ outcome: Result<SurveyRecord, FormError>, id: String?, request: Request, context: AppContext,
                              typedSource: String?) async throws -> Response {
        switch outcome {
        case .success(let survey): return Response.redirect(to: "/surveys/\(survey.id)#margins", type: .found)
        case .failure(let error): return try await render(id, request: request, context: context, formError: error, typedSource: typedSource)
        }
    }

    @Sendable func csv(_ request: Request, context: AppContext) async throws -> Response {
        let survey = try await surveys.survey(context.parameters.get("id"), actor: context.actor)
        let data = SurveyResultsCSV.data(try await surveys.results(survey))
        return Download.response(data, filename: "\(survey.questionnaire.title).csv", fallback: "survey-\(survey.id).csv",
                                 contentType: "text/csv; charset=utf-8")
    }
}

/// `Surveys/surveys`: the list and the new-survey form.
struct SurveysPage {
    struct Row {
        let id: Int64
        let title: String
        let region: String
        let status: String
        let responses: Int
    }

    let surveys: [Row]
    let hasSurveys: Bool
    let mayCreate: Bool
    let region: String
    let title: String
    let words: [String: String]

    init(surveys: [Row], mayCreate: Bool, region: String, title: String, words: [String: String]) {
        self.surveys = surveys
        hasSurveys = !surveys.isEmpty
        self.mayCreate = mayCreate
        self.region = region
        self.title = title
        self.words = words
    }
}

/// `Surveys/survey`: the results table, region by region, a column per domain.
struct SurveyPage {
    struct Cell {
        let text: String
        let interval: String
        let respondents: String
        let suppressed: Bool
        let imprecise: Bool
    }

    struct Row {
        let code: String
        let name: String
        let isRegion: Bool
        let cells: [Cell]
    }

    let id: Int64
    let title: String
    let status: String
    let domains: [String]
    let rows: [Row]
    let summary: String
    let mayRun: Bool
    let mayField: Bool
    let mayClose: Bool
    let mayImport: Bool
    let importHelp: String
    let message: String?
    var designProblem: String?
    /// How the weights were raked, or that they are the design's.
    let weighting: String
    /// How far apart the children's overall indices are, and over how many.
    let spread: String
    /// The population margins, a line per dimension.
    let margins: [String]
    let hasMargins: Bool
    let marginsSource: String
    let marginsHelp: String
    /// The interviewer's form, for those who may enter answers while the survey is in the field.
    let mayInterview: Bool
    let mayInvite: Bool
    /// The questions, one line each: code, text and type.
    let questions: [String]
    let invitationsSummary: String
    let inviteCount: String
    let inviteContacts: String
    /// Stored, not computed: templates see only stored properties.
    let hasResults: Bool
    let words: [String: String]

    init(survey: SurveyRecord, results: SurveyResults?, mayRun: Bool, mayInterview: Bool, invitations: (sent: Int, answered: Int),
         message: String?, typedSource: String?, typedInvitation: (count: String, contacts: String), language: Language) {
        id = survey.id
        title = survey.questionnaire.title
        let state = survey.questionnaire.status
        status = language.text("survey.status.\(state.rawValue)")
        domains = [language.text("survey.overall")] + (results?.domains ?? [])
        var rows: [Row] = []
        var codes: [(String, String)] = []
        var seen = Set<String>()
        for cell in results?.cells ?? [] where seen.insert(cell.regionCode).inserted { codes.append((cell.regionCode, cell.regionName)) }
        for (code, name) in codes {
            guard let results else { break }
            rows.append(Row(code: code, name: name, isRegion: code == results.regionCode, cells: ([""] + results.domains).map { domain in
                guard let cell = results.cell(code, domain) else {
                    return Cell(text: "—", interval: "", respondents: "", suppressed: true, imprecise: false)
                }
                let n = language.fill("survey.n", ["n": "\(cell.respondents)"])
                guard !cell.suppressed, let value = cell.value, let low = cell.lowerBound, let high = cell.upperBound else {
                    return Cell(text: language.text("survey.suppressed"), interval: "", respondents: n, suppressed: true, imprecise: false)
                }
                return Cell(text: String(format: "%.1f", value), interval: String(format: "%.1f–%.1f", low, high), respondents: n,
                            suppressed: false, imprecise: cell.imprecise)
            }))
        }
        self.rows = rows
        hasResults = !rows.isEmpty
        summary = results.map { results in
            language.fill("survey.summary", [
                "respondents": "\(results.respondents)", "strata": "\(results.strata)", "clusters": "\(results.clusters)",
                "minimum": "\(results.minimumRespondents)", "cv": String(format: "%.0f", results.maximumCoefficientOfVariation * 100)])
        } ?? ""
        self.mayRun = mayRun
        mayField = mayRun && state == .draft
        mayClose = mayRun && state == .fielded
        mayImport = mayRun && state == .fielded
        self.mayInterview = mayInterview && state == .fielded
        mayInvite = mayRun && state == .fielded
        questions = survey.questionnaire.questions.map { question in
            let kind = language.text("survey.kind.\(QuestionDraft(question).kind)")
            return "\(question.code). \(question.text)\(language.punctuation.open)\(kind)\(language.punctuation.close)"
        }
        invitationsSummary = language.fill("survey.invitations", ["sent": "\(invitations.sent)", "answered": "\(invitations.answered)"])
        (inviteCount, inviteContacts) = typedInvitation
        importHelp = language.fill("survey.importHelp", ["columns": (SurveyResponseReader.Column.all + survey.questionnaire.questions.map(\.code))
            .joined(separator: language.punctuation.listSeparator)])
        self.message = message
        let list = language.punctuation.listSeparator
        func dimensionNames(_ dimensions: [MarginDimension]) -> String {
            dimensions.map { language.text("survey.dimension.\($0.rawValue)") }.joined(separator: list)
        }
        weighting = results?.raking.map { raking in
            language.fill("survey.raked", ["dimensions": dimensionNames(raking.dimensions), "iterations": "\(raking.iterations)",
                                           "source": raking.source])
        } ?? language.text("survey.designWeights")
        spread = results.map { results in
            guard let spread = results.spread else { return language.text("survey.noSpread") }
            func number(_ value: Double?, _ format: String) -> String { value.map { String(format: format, $0) } ?? "—" }
            return language.fill("survey.spread", [
                "measured": "\(spread.measured)", "children": "\(spread.children)", "lowest": number(spread.lowest, "%.1f"),
                "highest": number(spread.highest, "%.1f"), "cv": number(spread.coefficientOfVariation, "%.3f"),
                "gini": number(spread.gini, "%.3f"), "ratio": number(spread.maxMinRatio, "%.2f")])
        } ?? ""
        margins = survey.margins.map { margins in
            margins.dimensions.map { dimension in
                let populations = margins.populations[dimension] ?? [:]
                return language.fill("survey.marginLine", [
                    "dimension": dimensionNames([dimension]), "categories": "\(populations.count)",
                    "total": Int(populations.values.reduce(0, +).rounded()).formatted()])
            }
        } ?? []
        hasMargins = survey.margins != nil
        marginsSource = typedSource ?? survey.margins?.source ?? ""
        marginsHelp = language.fill("survey.marginsHelp", ["columns": PopulationMargins.Column.all.joined(separator: list),
                                                           "bands": survey.questionnaire.ageBands.joined(separator: list)])
        words = UIStrings.words(of: SurveyStrings.table, prefix: "survey.", in: language)
    }
}

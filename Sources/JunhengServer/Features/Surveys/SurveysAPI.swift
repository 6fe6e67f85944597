import Foundation
import Hummingbird
import JunhengApp
import JunhengCore
import Storage

/// A survey in a list: what it is, where it stands and how many answered.
struct SurveySummary: Encodable, Sendable {
    let id: Int64
    let regionCode: String
    let title: String
    let status: QuestionnaireStatus
    let questions: Int
    let responses: Int
}

/// `/api/v1/surveys`: satisfaction surveys — created from the standard questionnaire or a given
/// one, fielded and closed, their responses imported from CSV or XLSX, and their results by region
/// × domain with intervals (small cells carry only their count).
struct SurveysAPI {
    let services: JunhengServices
    private var surveys: SurveyUseCases { services.app.surveys }

    func register(on api: RouterGroup<AppContext>) {
        api.get("surveys", use: list)
        api.post("surveys", use: create)
        api.get("surveys/:id", use: show)
        api.post("surveys/:id/status", use: setStatus)
        api.post("surveys/:id/responses", use: importResponses)
        api.get("surveys/:id/results", use: results)
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> JSON<ItemList<SurveySummary>> {
        JSON(ItemList(try await Self.summaries(services.app, actor: context.actor)))
    }

    static func summaries(_ app: JunhengApp, actor: Actor) async throws -> [SurveySummary] {
        let counts = try await app.surveys.responseCounts()
        return try await app.surveys.surveys(actor: actor).map { survey in
            SurveySummary(id: survey.id, regionCode: survey.regionCode.rawValue, title: survey.questionnaire.title,
                          status: survey.questionnaire.status, questions: survey.questionnaire.questions.count,
                          responses: counts[survey.id] ?? 0)
        }
    }

    struct NewSurvey: Decodable {
        let regionCode: String
        let title: String?
        let questionnaire: Questionnaire?
    }

    /// `{"regionCode", "title"}` starts from the standard questionnaire; `{"regionCode", "questionnaire"}` gives one whole.
    @Sendable func create(_ request: Request, context: AppContext) async throws -> JSON<SurveyRecord> {
        _ = try context.requireUser()
        let body = try await request.decode(as: NewSurvey.self, context: context)
        let questionnaire = body.questionnaire ?? .standard(title: body.title ?? "")
        return JSON(try await surveys.create(region: try regionCode(body.regionCode, field: "regionCode"), questionnaire: questionnaire,
                                             actor: context.actor), status: .created)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> JSON<SurveyRecord> {
        JSON(try await surveys.survey(context.parameters.get("id"), actor: context.actor))
    }

    struct StatusChange: Decodable { let status: QuestionnaireStatus }

    @Sendable func setStatus(_ request: Request, context: AppContext) async throws -> JSON<SurveyRecord> {
        _ = try context.requireUser()
        let body = try await request.decode(as: StatusChange.self, context: context)
        return JSON(try await surveys.setStatus(context.parameters.get("id"), to: body.status, actor: context.actor))
    }

    /// The file as the body (`?filename=` names it) or a multipart `file`.
    @Sendable func importResponses(_ request: Request, context: AppContext) async throws -> JSON<SurveyImportResult> {
        _ = try context.requireUser()
        var request = request
        let file = try await UploadedFile(request: &request, context: context)
        return JSON(try await surveys.importResponses(context.parameters.get("id"), upload: .data(file.data), filename: file.filename,
                                                      actor: context.actor), status: .created)
    }

    @Sendable func results(_ request: Request, context: AppContext) async throws -> JSON<SurveyResults> {
        JSON(try await surveys.results(try await surveys.survey(context.parameters.get("id"), actor: context.actor)))
    }
}

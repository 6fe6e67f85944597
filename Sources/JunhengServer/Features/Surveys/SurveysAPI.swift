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
        api.put("surveys/:id/questionnaire", use: revise)
        api.post("surveys/:id/responses", use: importResponses)
        api.get("surveys/:id/results", use: results)
        api.post("surveys/:id/margins", use: setMargins)
        api.post("surveys/:id/margins/population-points", use: marginsFromPopulationPoints)
        api.delete("surveys/:id/margins", use: clearMargins)
        api.post("surveys/:id/answers", use: interview)
        api.post("surveys/:id/invitations", use: invite)
        api.get("invitations/:token", use: invitation)
        api.post("invitations/:token", use: answerInvitation)
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

    /// A questionnaire given whole: a draft's is replaced; a fielded or closed survey gets its next
    /// version as a new draft (201), the answers collected keeping their questions.
    @Sendable func revise(_ request: Request, context: AppContext) async throws -> JSON<SurveyRecord> {
        _ = try context.requireUser()
        let body = try await request.decode(as: Questionnaire.self, context: context)
        let id = context.parameters.get("id")
        let saved = try await surveys.revise(id, title: body.title, questions: body.questions, ageBands: body.ageBands, actor: context.actor)
        return JSON(saved, status: String(saved.id) == id ? .ok : .created)
    }

    /// The file as the body (`?filename=` names it) or a multipart `file`.
    @Sendable func importResponses(_ request: Request, context: AppContext) async throws -> JSON<SurveyImportResult> {
        _ = try context.requireUser()
        var request = request
        let file = try await UploadedFile(request: &request, context: context)
        return JSON(try await surveys.importResponses(context.parameters.get("id"), upload: .data(file.data), filename: file.filename,
                                                      actor: context.actor), status: .created)
    }

    /// The margins table as the body (`?filename=`, `?source=`) or a multipart `file` and `source`.
    @Sendable func setMargins(_ request: Request, context: AppContext) async throws -> JSON<SurveyRecord> {
        _ = try context.requireUser()
        var request = request
        let file = try await UploadedFile(request: &request, context: context)
        return JSON(try await surveys.setMargins(context.parameters.get("id"), upload: .data(file.data), filename: file.filename,
                                                 source: file.fields["source"] ?? "", actor: context.actor))
    }

    @Sendable func marginsFromPopulationPoints(_ request: Request, context: AppContext) async throws -> JSON<SurveyRecord> {
        _ = try context.requireUser()
        return JSON(try await surveys.setRegionMarginsFromPopulationPoints(context.parameters.get("id"), actor: context.actor))
    }

    @Sendable func clearMargins(_ request: Request, context: AppContext) async throws -> JSON<SurveyRecord> {
        _ = try context.requireUser()
        return JSON(try await surveys.clearMargins(context.parameters.get("id"), actor: context.actor))
    }

    /// One respondent's answers, as an interviewer enters them: an object of column → text, the
    /// columns of an import (地区代码, 城乡, 性别, 年龄段, 调查点, and the question codes).
    @Sendable func interview(_ request: Request, context: AppContext) async throws -> JSON<SurveyImportResult> {
        _ = try context.requireUser()
        let fields = try await request.decode(as: [String: String].self, context: context)
        let total = try await surveys.interview(context.parameters.get("id"), fields: fields, actor: context.actor)
        return JSON(SurveyImportResult(responses: 1, total: total), status: .created)
    }

    struct InvitationRequest: Decodable {
        let count: Int?
        let contacts: [String]?
    }

    /// An invitation as handed out: the respondent's link, once.
    struct InvitationLink: Encodable {
        let link: String
        let contact: String?
    }

    @Sendable func invite(_ request: Request, context: AppContext) async throws -> JSON<ItemList<InvitationLink>> {
        _ = try context.requireUser()
        let body = try await request.decode(as: InvitationRequest.self, context: context)
        let invitations = try await surveys.invite(context.parameters.get("id"), count: body.count ?? 0, contacts: body.contacts ?? [],
                                                   actor: context.actor)
        let base = SurveyAnswerPages.origin(of: request, secure: services.configuration.secureCookies)
        return JSON(ItemList(invitations.map { InvitationLink(link: "\(base)/s/\($0.token)", contact: $0.contact) }), status: .created)
    }

    /// What an invitation's form asks: the questionnaire and the regions a respondent may choose.
    struct InvitedSurvey: Encodable {
        let title: String
        let questionnaire: Questionnaire
        let regions: [RegionSummary]
    }

    struct RegionSummary: Encodable {
        let code: String
        let name: String
    }

    @Sendable func invitation(_ request: Request, context: AppContext) async throws -> JSON<InvitedSurvey> {
        let survey = try await surveys.invited(token: context.parameters.get("token") ?? "")
        return JSON(InvitedSurvey(title: survey.questionnaire.title, questionnaire: survey.questionnaire,
                                  regions: try await surveys.answerRegions(survey).map { RegionSummary(code: $0.code.rawValue, name: $0.name) }))
    }

    /// An invited respondent's answers (column → text, as for an interviewer, without 调查点); the link is then used up.
    @Sendable func answerInvitation(_ request: Request, context: AppContext) async throws -> Response {
        let fields = try await request.decode(as: [String: String].self, context: context)
        try await surveys.answer(token: context.parameters.get("token") ?? "", fields: fields)
        return Response(status: .noContent)
    }

    @Sendable func results(_ request: Request, context: AppContext) async throws -> JSON<SurveyResults> {
        JSON(try await surveys.results(try await surveys.survey(context.parameters.get("id"), actor: context.actor)))
    }
}

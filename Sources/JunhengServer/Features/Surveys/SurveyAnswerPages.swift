import Foundation
import Hummingbird
import JunhengApp
import JunhengCore
import Spreadsheet
import Storage

/// The forms that take one respondent's answers: `/surveys/ID/interview`, which an interviewer
/// fills on a phone (signed in, for respondents in their region), and `/s/TOKEN`, which an invited
/// respondent opens by their one-time link (no login). `POST /surveys/ID/invitations` makes the
/// links and hands them out once, as a CSV to send from. A refused form comes back with what was
/// typed and each problem named.
struct SurveyAnswerPages {
    let services: JunhengServices
    private var surveys: SurveyUseCases { services.app.surveys }

    func register(on router: Router<AppContext>) {
        router.get("surveys/:id/interview", use: interviewForm)
        router.post("surveys/:id/interview", use: interview)
        router.post("surveys/:id/invitations", use: invite)
        router.get("s/:token", use: invitationForm)
        router.post("s/:token", use: answerInvitation)
    }

    @Sendable func interviewForm(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        return try await renderInterview(context.parameters.get("id"), request: request, context: context)
    }

    private func renderInterview(_ id: String?, request: Request, context: AppContext, typed: [String: String] = [:],
                                 message: String? = nil, status: HTTPResponse.Status = .ok,
                                 formError: FormError? = nil) async throws -> Response {
        let survey = try await surveys.survey(id, actor: context.actor)
        let page = SurveyAnswerPage(survey: survey, regions: try await surveys.answerRegions(survey), action: "/surveys/\(survey.id)/interview",
                                    interviewer: true, typed: typed, message: message, language: context.language)
        return try services.pages.render("Surveys/answer", title: survey.questionnaire.title, page: page, request: request,
                                         context: context, status: status, formError: formError)
    }

    @Sendable func interview(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        var request = request
        let id = context.parameters.get("id")
        let fields = try await FormFields.read(&request)
        let outcome = try await FormError.catching {
            try await surveys.interview(id, fields: try await answerFields(fields, survey: try await surveys.survey(id, actor: context.actor)),
                                        actor: context.actor)
        }
        switch outcome {
        case .success(let total):
            // A fresh form for the next respondent, keeping where the interviewer is working.
            let kept = fields.values.filter { [SurveyResponseReader.Column.region, SurveyResponseReader.Column.cluster].contains($0.key) }
            return try await renderInterview(id, request: request, context: context, typed: kept,
                                             message: context.language.fill("survey.saved", ["total": "\(total)"]), status: .created)
        case .failure(let error):
            return try await renderInterview(id, request: request, context: context, typed: fields.values, formError: error)
        }
    }

    @Sendable func invite(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        var request = request
        let id = context.parameters.get("id")
        let fields = try await FormFields.read(&request, limit: 1024 * 1024)
        let outcome = try await FormError.catching {
            try await surveys.invite(id, count: Int(fields.nonEmpty("count") ?? "") ?? 0,
                                     contacts: (fields["contacts"] ?? "").components(separatedBy: .newlines), actor: context.actor)
        }
        switch outcome {
        case .success(let invitations):
            let base = Self.origin(of: request, secure: services.configuration.secureCookies)
            let rows: [[String]] = [[context.language.text("survey.inviteLink"), context.language.text("survey.inviteContact")]]
                + invitations.map { ["\(base)/s/\($0.token)", $0.contact ?? ""] }
            return Download.response(CSVWriter.write(rows.map { $0.map(CellValue.string) }), filename: "调查邀请链接.csv",
                                     fallback: "survey-invitations.csv", contentType: "text/csv; charset=utf-8")
        case .failure(let error):
            return try await SurveyPages(services: services).render(
                id, request: request, context: context, formError: error,
                typedInvitation: (fields["count"] ?? "", fields["contacts"] ?? ""))
        }
    }

    /// `https://host` (or `http://` without secure cookies) as the request named it, for links sent out.
    static func origin(of request: Request, secure: Bool) -> String {
        "\(secure ? "https" : "http")://\(request.head.authority ?? "localhost")"
    }

    @Sendable func invitationForm(_ request: Request, context: AppContext) async throws -> Response {
        try await renderInvitation(context.parameters.get("token") ?? "", request: request, context: context)
    }

    private func renderInvitation(_ token: String, request: Request, context: AppContext, typed: [String: String] = [:],
                                  formError: FormError? = nil) async throws -> Response {
        let survey: SurveyRecord
        do {
            survey = try await surveys.invited(token: token)
        } catch JunhengError.conflict(let message) {
            // An answered link says so plainly rather than as an error page.
            let page = SurveyThanksPage(heading: context.language.text("survey.thanksTitle"), message: message)
            return try services.pages.render("Surveys/thanks", title: context.language.text("survey.thanksTitle"), page: page,
                                             request: request, context: context, status: .conflict)
        }
        let page = SurveyAnswerPage(survey: survey, regions: try await surveys.answerRegions(survey), action: "/s/\(token)",
                                    interviewer: false, typed: typed, message: nil, language: context.language)
        return try services.pages.render("Surveys/answer", title: survey.questionnaire.title, page: page, request: request,
                                         context: context, formError: formError)
    }

    @Sendable func answerInvitation(_ request: Request, context: AppContext) async throws -> Response {
        var request = request
        let token = context.parameters.get("token") ?? ""
        let fields = try await FormFields.read(&request)
        let outcome = try await FormError.catching {
            try await surveys.answer(token: token, fields: try await answerFields(fields, survey: try await surveys.invited(token: token)))
        }
        switch outcome {
        case .success:
            let page = SurveyThanksPage(heading: context.language.text("survey.thanksTitle"), message: context.language.text("survey.thanks"))
            return try services.pages.render("Surveys/thanks", title: context.language.text("survey.thanksTitle"), page: page,
                                             request: request, context: context, status: .created)
        case .failure(let error):
            return try await renderInvitation(token, request: request, context: context, typed: fields.values, formError: error)
        }
    }

    /// The form's fields as the columns a response is read from: a multiple-choice question's
    /// boxes (`Q5.1`, `Q5.2` …) joined into one cell.
    private func answerFields(_ fields: FormFields, survey: SurveyRecord) async throws -> [String: String] {
        var cells = fields.values
        for question in survey.questionnaire.questions {
            guard case .multipleChoice(let options) = question.kind else { continue }
            cells[question.code] = options.indices.compactMap { fields["\(question.code).\($0 + 1)"] }.joined(separator: "、")
        }
        return cells
    }
}

/// `Surveys/thanks`: what an invited respondent sees after answering, or on opening a used link.
struct SurveyThanksPage {
    let heading: String
    let message: String
}

/// `Surveys/answer`: one respondent's form — where they live, then each question as it asks
/// (a scale or choices as buttons large enough for a thumb, numbers, text).
struct SurveyAnswerPage {
    struct Option {
        let value: String
        let label: String
        let checked: Bool
    }

    struct Question {
        let code: String
        let text: String
        let required: Bool
        /// One of: radio buttons (a scale, a single choice), check boxes, a number, a text.
        let radios: [Option]
        let boxes: [Option]
        let isNumber: Bool
        let isText: Bool
        let value: String
        let maximumLength: Int
    }

    let title: String
    let action: String
    let interviewer: Bool
    let regions: [Option]
    let residences: [Option]
    let sexes: [Option]
    let ageBands: [Option]
    let cluster: String
    let questions: [Question]
    let message: String?
    let words: [String: String]

    init(survey: SurveyRecord, regions: [Region], action: String, interviewer: Bool, typed: [String: String], message: String?,
         language: Language) {
        typealias Column = SurveyResponseReader.Column
        title = survey.questionnaire.title
        self.action = action
        self.interviewer = interviewer
        func options(_ values: [(value: String, label: String)], column: String) -> [Option] {
            values.map { Option(value: $0.value, label: $0.label, checked: typed[column] == $0.value) }
        }
        self.regions = options(regions.map { ($0.code.rawValue, $0.name) }, column: Column.region)
        residences = options(Residence.allCases.map { ($0.chineseName, language.text("survey.residence.\($0.rawValue)")) },
                             column: Column.residence)
        sexes = options(Sex.allCases.map { ($0.chineseName, language.text("survey.sex.\($0.rawValue)")) }, column: Column.sex)
        ageBands = options(survey.questionnaire.ageBands.map { ($0, $0) }, column: Column.ageBand)
        cluster = typed[Column.cluster] ?? ""
        questions = survey.questionnaire.questions.map { question in
            let typedValue = typed[question.code] ?? ""
            func choices(_ labels: [String]) -> [Option] {
                labels.map { Option(value: $0, label: $0, checked: typedValue == $0) }
            }
            var radios: [Option] = []
            var boxes: [Option] = []
            var (isNumber, isText, maximumLength) = (false, false, 0)
            switch question.kind {
            case .satisfaction(let scale): radios = choices(scale.points.map(\.label) + [scale.notUsedLabel])
            case .singleChoice(let labels): radios = choices(labels)
            case .multipleChoice(let labels):
                boxes = labels.enumerated().map { index, label in
                    Option(value: "\(question.code).\(index + 1)", label: label, checked: typed["\(question.code).\(index + 1)"] != nil)
                }
            case .number: isNumber = true
            case .text(let limit): (isText, maximumLength) = (true, limit)
            }
            return Question(code: question.code, text: question.text, required: question.required, radios: radios, boxes: boxes,
                            isNumber: isNumber, isText: isText, value: typedValue, maximumLength: maximumLength)
        }
        self.message = message
        words = UIStrings.words(of: SurveyStrings.table, prefix: "survey.", in: language)
    }
}

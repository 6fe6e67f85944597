import Foundation
import Hummingbird
import JunhengApp
import JunhengCore
import Storage

/// `/surveys/ID/questionnaire`: the questionnaire builder. Every question is a row of fields
/// (code, text, type, domain, options one per line, bounds, required, remove) with an empty row
/// for a new one; saving edits a draft in place, or makes a fielded or closed survey's next
/// version as a new draft. A refused form comes back as it was typed, each problem named by the
/// question's number.
struct QuestionnairePages {
    let services: JunhengServices
    private var surveys: SurveyUseCases { services.app.surveys }

    func register(on router: Router<AppContext>) {
        router.get("surveys/:id/questionnaire", use: show)
        router.post("surveys/:id/questionnaire", use: save)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let survey = try await builderSurvey(context)
        let questionnaire = survey.questionnaire
        return try render(survey, title: questionnaire.title, drafts: questionnaire.questions.map(QuestionDraft.init),
                          ageBands: questionnaire.ageBands.joined(separator: "\n"), request: request, context: context)
    }

    @Sendable func save(_ request: Request, context: AppContext) async throws -> Response {
        let survey = try await builderSurvey(context)
        var request = request
        let fields = try await FormFields.read(&request, limit: 1024 * 1024)
        let rows = min(Int(fields["count"] ?? "") ?? 0, 500)
        let drafts = (0..<rows).map { index in
            func field(_ name: String) -> String { fields["q\(index).\(name)"] ?? "" }
            return QuestionDraft(code: field("code"), text: field("text"), kind: field("kind"), domain: field("domain"),
                                 itemCode: field("itemCode"), options: field("options"), minimum: field("minimum"),
                                 maximum: field("maximum"), required: fields["q\(index).required"] != nil,
                                 removed: fields["q\(index).removed"] != nil)
        }
        let (title, ageBands) = (fields["title"] ?? "", fields["ageBands"] ?? "")
        let outcome = try await FormError.catching {
            let questions = try QuestionDraft.questions(drafts)
            let bands = ageBands.components(separatedBy: .newlines).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            return try await surveys.revise(String(survey.id), title: title, questions: questions, ageBands: bands, actor: context.actor)
        }
        switch outcome {
        case .success(let saved): return Response.redirect(to: "/surveys/\(saved.id)", type: .found)
        case .failure(let error):
            return try render(survey, title: title, drafts: drafts, ageBands: ageBands, request: request, context: context, formError: error)
        }
    }

    /// The survey, for those who may run it (others: 403, or 404 for a draft they may not see).
    private func builderSurvey(_ context: AppContext) async throws -> SurveyRecord {
        _ = try context.requireUser()
        let survey = try await surveys.survey(context.parameters.get("id"), actor: context.actor)
        guard try await surveys.mayRun(survey, actor: context.actor) else {
            throw JunhengError.forbidden("需要“\(Permission.runSurveys.chineseName)”权限")
        }
        return survey
    }

    private func render(_ survey: SurveyRecord, title: String, drafts: [QuestionDraft], ageBands: String, request: Request,
                        context: AppContext, formError: FormError? = nil) throws -> Response {
        let page = QuestionnairePage(survey: survey, title: title, drafts: drafts + [QuestionDraft(required: true)], ageBands: ageBands,
                                     language: context.language)
        return try services.pages.render("Surveys/questionnaire", title: survey.questionnaire.title, page: page, request: request,
                                         context: context, formError: formError)
    }
}

/// `Surveys/questionnaire`: the builder's rows, the last one empty for a new question.
struct QuestionnairePage {
    struct Kind {
        let value: String
        let name: String
        let selected: Bool
    }

    struct Row {
        let index: Int
        let number: Int
        let heading: String
        let draft: QuestionDraft
        let kinds: [Kind]
        let isNew: Bool
    }

    let id: Int64
    let title: String
    let ageBands: String
    let rows: [Row]
    let count: Int
    let domains: [String]
    /// Saving a fielded or closed survey makes its next version.
    let makesNewVersion: Bool
    let versionNote: String
    let words: [String: String]

    init(survey: SurveyRecord, title: String, drafts: [QuestionDraft], ageBands: String, language: Language) {
        id = survey.id
        self.title = title
        self.ageBands = ageBands
        rows = drafts.enumerated().map { index, draft in
            Row(index: index, number: index + 1, heading: language.fill("survey.questionHeading", ["number": "\(index + 1)"]), draft: draft, kinds: QuestionDraft.Kind.allCases.map { kind in
                Kind(value: kind.rawValue, name: language.text("survey.kind.\(kind.rawValue)"), selected: draft.kind == kind.rawValue)
            }, isNew: index == drafts.count - 1)
        }
        count = drafts.count
        domains = Questionnaire.catalogueDomains
        let questionnaire = survey.questionnaire
        makesNewVersion = questionnaire.status != .draft
        versionNote = language.fill(makesNewVersion ? "survey.newVersionNote" : "survey.draftNote",
                                    ["version": "\(questionnaire.version)", "next": "\(questionnaire.version + 1)"])
        words = UIStrings.words(of: SurveyStrings.table, prefix: "survey.", in: language)
    }
}

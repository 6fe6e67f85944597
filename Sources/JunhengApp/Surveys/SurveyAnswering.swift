import Foundation
import JunhengCore
import Storage

/// An invitation as it is handed out, once: the token for the respondent's link and the contact it
/// is for. Only the token's hash is stored, so a lost list cannot be printed again.
public struct SurveyInvitation: Sendable, Equatable, Codable {
    public var token: String
    public var contact: String?
}

/// Answers entered one respondent at a time, on the form that an interviewer fills on a phone
/// (访员录入, signed in) or that an invited respondent opens by a one-time link (no login). Both read
/// the form's fields as an import reads a row (``SurveyResponseReader``), so the same answer is
/// accepted or refused the same way, with the same words.
extension SurveyUseCases {
    /// The most invitations one request makes.
    public static let invitationLimit = 5_000

    /// Stores one respondent's answers entered by an interviewer, who may enter them only for
    /// respondents in their own region (`interviewRespondents`); returns the survey's responses.
    public func interview(_ idText: String?, fields: [String: String], actor: Actor) async throws -> Int {
        let survey = try await existing(idText)
        // Who may comes first (over the region the form names, else the survey's), then what the survey allows.
        let named = fields[SurveyResponseReader.Column.region].flatMap { RegionCode(rawValue: $0.trimmingCharacters(in: .whitespaces)) }
        try await app.access.authorize(.interviewRespondents, region: named ?? survey.regionCode, actor: actor)
        let response = try await read(fields, for: try fielded(survey))
        let (audit, source) = (actor.audit, "访员录入（\(actor.user?.username ?? "system")）")
        return try await app.database.transaction { db in
            let store = SurveyStore(db)
            try await store.add([response], to: survey.id, day: Timestamp.today(), source: source, actor: audit)
            return try await store.responses(of: survey.id).count
        }
    }

    /// Makes one-time links: one per contact when contacts are given (a name and telephone per
    /// line, kept apart from the answers), else `count` without contacts.
    public func invite(_ idText: String?, count: Int, contacts: [String], actor: Actor) async throws -> [SurveyInvitation] {
        let survey = try await existing(idText)
        try await app.access.authorize(.runSurveys, region: survey.regionCode, actor: actor)
        _ = try fielded(survey)
        let named = contacts.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        let wanted = named.isEmpty ? count : named.count
        guard (1...Self.invitationLimit).contains(wanted) else {
            throw JunhengError.invalid(field: "count", "邀请数应在 1 到 \(Self.invitationLimit) 之间")
        }
        if let long = named.firstIndex(where: { $0.count > 200 }) {
            throw JunhengError.invalid(field: "contacts", "第 \(long + 1) 个联系人超过 200 字")
        }
        let invitations = (0..<wanted).map { index in
            SurveyInvitation(token: Secrets.randomToken(), contact: named.isEmpty ? nil : named[index])
        }
        let (audit, rows) = (actor.audit, invitations.map { (tokenHash: Secrets.hash($0.token), contact: $0.contact) })
        try await app.database.transaction { db in
            try await SurveyStore(db).addInvitations(rows, to: survey.id, day: Timestamp.today(), actor: audit)
        }
        return invitations
    }

    /// The survey an invitation opens: only while it is unused and the survey is in the field.
    public func invited(token: String) async throws -> SurveyRecord {
        let store = SurveyStore(app.database.sql)
        guard let invitation = try await store.invitation(tokenHash: Secrets.hash(token)),
              let survey = try await store.survey(invitation.surveyID) else {
            throw JunhengError.notFound("调查邀请")
        }
        guard invitation.usedOn == nil else { throw JunhengError.conflict("此邀请链接已经填写过问卷，每个链接只能填写一次。感谢您的参与！") }
        return try fielded(survey)
    }

    /// Stores an invited respondent's answers and uses up the link, in one transaction: a second
    /// answer by the same link (or two at once) is refused and stores nothing.
    public func answer(token: String, fields: [String: String]) async throws {
        let survey = try await invited(token: token)
        let response = try await read(fields, for: survey)
        let tokenHash = Secrets.hash(token)
        try await app.database.transaction { db in
            let store = SurveyStore(db)
            guard let invitation = try await store.invitation(tokenHash: tokenHash),
                  try await store.use(invitation, on: Timestamp.today()) else {
                throw JunhengError.conflict("此邀请链接已经填写过问卷，每个链接只能填写一次。感谢您的参与！")
            }
            try await store.add([response], to: survey.id, day: Timestamp.today(), source: "邀请链接", actor: .system("survey invitation"))
        }
    }

    /// How many invitations the survey has and how many were answered.
    public func invitationCounts(_ survey: SurveyRecord) async throws -> (sent: Int, answered: Int) {
        try await SurveyStore(app.replica.sql).invitationCounts(of: survey.id)
    }

    /// The regions a respondent of the survey may say they live in: its children, or the region
    /// itself when it has none.
    public func answerRegions(_ survey: SurveyRecord) async throws -> [Region] {
        let children = try await app.regions.children(of: survey.regionCode)
        return children.isEmpty ? [try await app.regions.region(survey.regionCode)] : children
    }

    private func fielded(_ survey: SurveyRecord) throws -> SurveyRecord {
        guard survey.questionnaire.status == .fielded else {
            throw JunhengError.conflict("调查当前为“\(survey.questionnaire.status.chineseName)”，只有调查中的问卷可以填写")
        }
        return survey
    }

    /// The form's fields as a response, its region checked to lie in the survey's.
    private func read(_ fields: [String: String], for survey: SurveyRecord) async throws -> SurveyResponse {
        let response = try SurveyResponseReader(questionnaire: survey.questionnaire).read(fields)
        let subtree = try await RegionStore(app.database.sql).subtreeCodes(of: survey.regionCode)
        guard subtree.contains(where: { $0.rawValue == response.regionCode }) else {
            throw JunhengError.invalid(field: SurveyResponseReader.Column.region,
                                       "地区代码 \(response.regionCode.excerpt()) 不在本次调查的地区（\(survey.regionCode.rawValue)）内")
        }
        return response
    }
}

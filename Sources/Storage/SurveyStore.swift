import Foundation
import JunhengCore
import SQLKit

/// A satisfaction survey of a region: its questionnaire (one version, frozen once fielded) and status.
public struct SurveyRecord: Codable, Sendable, Equatable {
    public var id: Int64
    public var regionCode: RegionCode
    public var questionnaire: Questionnaire
    /// The populations its weights are raked to, when the planner gave them.
    public var margins: PopulationMargins?
    public var createdAt: String

    public init(id: Int64 = 0, regionCode: RegionCode, questionnaire: Questionnaire, margins: PopulationMargins? = nil,
                createdAt: String = "") {
        self.id = id
        self.regionCode = regionCode
        self.questionnaire = questionnaire
        self.margins = margins
        self.createdAt = createdAt
    }
}

/// Surveys and their responses. Answers are stored as JSON by question code; a response keeps the
/// day it was collected, never the time, and no contact details.
public struct SurveyStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) { self.db = db }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return encoder
    }()

    /// `value` as the JSON text a column keeps.
    static func json(_ value: some Encodable) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    public func create(_ survey: SurveyRecord, actor: AuditActor) async throws -> SurveyRecord {
        let now = Timestamp.now()
        let id = try await db.insert(into: "surveys")
            .columns("region_code", "title", "status", "questionnaire", "margins", "created_by", "created_at")
            .values(SQLBind(survey.regionCode.rawValue), SQLBind(survey.questionnaire.title),
                    SQLBind(survey.questionnaire.status.rawValue),
                    SQLBind(try Self.json(survey.questionnaire)),
                    SQLBind(try survey.margins.map(Self.json)),
                    SQLBind(actor.userID), SQLBind(now))
            .returning("id").first()!.decode(column: "id", as: Int64.self)
        try await AuditLog(db).record(actor, action: "create", entity: "survey", entityID: String(id),
                                      regionCode: survey.regionCode.rawValue, after: ["title": survey.questionnaire.title])
        return SurveyRecord(id: id, regionCode: survey.regionCode, questionnaire: survey.questionnaire, margins: survey.margins, createdAt: now)
    }

    public func survey(_ id: Int64) async throws -> SurveyRecord? {
        try await select().where("id", .equal, id).first().map(Self.record)
    }

    /// The surveys of `regionCodes` (all when nil), newest first.
    public func surveys(regionCodes: [RegionCode]? = nil) async throws -> [SurveyRecord] {
        var query = select()
        if let regionCodes { query = query.where("region_code", .in, regionCodes.map(\.rawValue)) }
        return try await query.orderBy("id", .descending).all().map(Self.record)
    }

    private func select() -> SQLSelectBuilder {
        db.select().columns("id", "region_code", "questionnaire", "margins", "created_at").from("surveys")
    }

    private static func record(_ row: any SQLRow) throws -> SurveyRecord {
        let code = try row.decode(column: "region_code", as: String.self)
        return SurveyRecord(id: try row.decode(column: "id", as: Int64.self),
                            regionCode: RegionCode(rawValue: code) ?? RegionCode(rawValue: "000000")!,
                            questionnaire: try JSONDecoder().decode(Questionnaire.self,
                                                                    from: Data(try row.decode(column: "questionnaire", as: String.self).utf8)),
                            margins: try row.decode(column: "margins", as: String?.self).map {
                                try JSONDecoder().decode(PopulationMargins.self, from: Data($0.utf8))
                            },
                            createdAt: try row.decode(column: "created_at", as: String.self))
    }

    /// Moves the survey to `status` (the questionnaire's own rule says which moves are allowed).
    public func setStatus(_ id: Int64, to status: QuestionnaireStatus, actor: AuditActor) async throws -> SurveyRecord {
        guard var survey = try await survey(id) else { throw JunhengError.notFound("调查") }
        let before = survey.questionnaire.status
        survey.questionnaire.status = try before.next(status)
        try await db.update("surveys").set("status", to: SQLBind(status.rawValue))
            .set("questionnaire", to: SQLBind(try Self.json(survey.questionnaire)))
            .where("id", .equal, id).run()
        try await AuditLog(db).record(actor, action: status.rawValue, entity: "survey", entityID: String(id),
                                      regionCode: survey.regionCode.rawValue, before: ["status": before.rawValue],
                                      after: ["status": status.rawValue])
        return survey
    }

    /// Replaces a draft's questionnaire (its title with it); a fielded or closed one never changes.
    public func setQuestionnaire(_ id: Int64, _ questionnaire: Questionnaire, actor: AuditActor) async throws -> SurveyRecord {
        guard var survey = try await survey(id) else { throw JunhengError.notFound("调查") }
        guard survey.questionnaire.status == .draft else {
            throw JunhengError.conflict("问卷已经“\(survey.questionnaire.status.chineseName)”，不能再修改：请修订为新版本")
        }
        let before = survey.questionnaire.questions.count
        survey.questionnaire = questionnaire
        try await db.update("surveys").set("title", to: SQLBind(questionnaire.title))
            .set("questionnaire", to: SQLBind(try Self.json(questionnaire)))
            .where("id", .equal, id).run()
        try await AuditLog(db).record(actor, action: "edit_questionnaire", entity: "survey", entityID: String(id),
                                      regionCode: survey.regionCode.rawValue, before: ["questions": "\(before)"],
                                      after: ["questions": "\(questionnaire.questions.count)", "title": questionnaire.title])
        return survey
    }

    /// Sets (or, with nil, removes) the populations the survey's weights are raked to.
    public func setMargins(_ id: Int64, _ margins: PopulationMargins?, actor: AuditActor) async throws -> SurveyRecord {
        guard var survey = try await survey(id) else { throw JunhengError.notFound("调查") }
        let before = survey.margins?.dimensions.map(\.rawValue).joined(separator: ",") ?? ""
        survey.margins = margins
        try await db.update("surveys")
            .set("margins", to: SQLBind(try margins.map(Self.json)))
            .where("id", .equal, id).run()
        try await AuditLog(db).record(actor, action: "set_margins", entity: "survey", entityID: String(id),
                                      regionCode: survey.regionCode.rawValue, before: ["dimensions": before],
                                      after: ["dimensions": margins?.dimensions.map(\.rawValue).joined(separator: ",") ?? "",
                                              "source": margins?.source ?? ""])
        return survey
    }

    /// Stores responses collected on `day` (YYYY-MM-DD) from `source` (a file's name, 访员录入),
    /// with one audit entry for them all.
    public func add(_ responses: [SurveyResponse], to surveyID: Int64, day: String, source: String,
                    actor: AuditActor) async throws {
        for chunk in responses.chunked(into: 200) {
            var insert = db.insert(into: "survey_responses")
                .columns("survey_id", "region_code", "residence", "sex", "age_band", "cluster", "weight", "answers",
                         "collected_on", "source")
            for response in chunk {
                insert = insert.values(SQLBind(surveyID), SQLBind(response.regionCode), SQLBind(response.residence.rawValue),
                                       SQLBind(response.sex?.rawValue), SQLBind(response.ageBand), SQLBind(response.cluster),
                                       SQLBind(response.weight),
                                       SQLBind(try Self.json(response.answers)),
                                       SQLBind(day), SQLBind(source))
            }
            try await insert.run()
        }
        try await AuditLog(db).record(actor, action: "import", entity: "survey_responses", entityID: String(surveyID),
                                      after: ["responses": responses.count])
    }

    /// Every response of the survey, in the order stored.
    public func responses(of surveyID: Int64) async throws -> [SurveyResponse] {
        let decoder = JSONDecoder()
        return try await db.select()
            .columns("region_code", "residence", "sex", "age_band", "cluster", "weight", "answers")
            .from("survey_responses").where("survey_id", .equal, surveyID).orderBy("id").all().map { row in
                SurveyResponse(regionCode: try row.decode(column: "region_code", as: String.self),
                               residence: Residence(rawValue: try row.decode(column: "residence", as: String.self)) ?? .rural,
                               sex: try row.decode(column: "sex", as: String?.self).flatMap(Sex.init(rawValue:)),
                               ageBand: try row.decode(column: "age_band", as: String?.self),
                               cluster: try row.decode(column: "cluster", as: String?.self),
                               weight: try row.decode(column: "weight", as: Double?.self),
                               answers: try decoder.decode([String: SurveyAnswer].self,
                                                           from: Data(try row.decode(column: "answers", as: String.self).utf8)))
            }
    }

    /// How many responses each survey has, by survey id.
    public func responseCounts() async throws -> [Int64: Int] {
        var counts: [Int64: Int] = [:]
        for row in try await db.select().column("survey_id").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from("survey_responses").groupBy("survey_id").all() {
            counts[try row.decode(column: "survey_id", as: Int64.self)] = try row.decode(column: "n", as: Int.self)
        }
        return counts
    }
}

/// One-time links for invited respondents (邀请链接). Only each token's hash is kept, with the
/// contact the planner gave (name, telephone) — stored apart from the answers: an answer never
/// says which invitation it came by, and no export joins them.
extension SurveyStore {
    /// An invitation as it is kept.
    public struct Invitation: Sendable, Equatable {
        public var id: Int64
        public var surveyID: Int64
        public var usedOn: String?
    }

    /// Stores invitations (token hash, contact) made on `day`, with one audit entry for them all.
    public func addInvitations(_ invitations: [(tokenHash: String, contact: String?)], to surveyID: Int64, day: String,
                               actor: AuditActor) async throws {
        for chunk in invitations.chunked(into: 200) {
            var insert = db.insert(into: "survey_invitations").columns("survey_id", "token_hash", "contact", "created_on")
            for invitation in chunk {
                insert = insert.values(SQLBind(surveyID), SQLBind(invitation.tokenHash), SQLBind(invitation.contact), SQLBind(day))
            }
            try await insert.run()
        }
        try await AuditLog(db).record(actor, action: "invite", entity: "survey", entityID: String(surveyID),
                                      after: ["invitations": invitations.count])
    }

    public func invitation(tokenHash: String) async throws -> Invitation? {
        try await db.select().columns("id", "survey_id", "used_on").from("survey_invitations")
            .where("token_hash", .equal, tokenHash).first().map { row in
                Invitation(id: try row.decode(column: "id", as: Int64.self), surveyID: try row.decode(column: "survey_id", as: Int64.self),
                           usedOn: try row.decode(column: "used_on", as: String?.self))
            }
    }

    /// Marks the invitation used on `day`; false when it already was (another answer got there first).
    public func use(_ invitation: Invitation, on day: String) async throws -> Bool {
        try await db.update("survey_invitations").set("used_on", to: SQLBind(day))
            .where("id", .equal, invitation.id).where("used_on", .is, SQLLiteral.null)
            .returning("id").first() != nil
    }

    /// How many invitations the survey has and how many were answered.
    public func invitationCounts(of surveyID: Int64) async throws -> (sent: Int, answered: Int) {
        let row = try await db.select()
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "sent")
            .column(SQLFunction("COUNT", args: SQLColumn("used_on")), as: "answered")
            .from("survey_invitations").where("survey_id", .equal, surveyID).first()
        return (try row?.decode(column: "sent", as: Int.self) ?? 0, try row?.decode(column: "answered", as: Int.self) ?? 0)
    }
}

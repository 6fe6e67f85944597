import Foundation
import JunhengCore
import Storage
import Surveys
import TextFormats

/// A survey as the public home page shows it: its overall index for the region, nil when the
/// results have no honest number (suppressed, or a design or raking problem).
public struct PublicSurvey: Sendable, Equatable {
    public var surveyID: Int64
    public var title: String
    public var status: QuestionnaireStatus
    public var respondents: Int
    public var overall: SurveyCell?
}

/// What an import of responses stored.
public struct SurveyImportResult: Sendable, Equatable, Codable {
    public var responses: Int
    /// The survey's responses after the import.
    public var total: Int

    public init(responses: Int, total: Int) {
        self.responses = responses
        self.total = total
    }
}

/// Satisfaction surveys (满意度调查): created from the standard questionnaire (or one given whole),
/// fielded (its questions frozen) and closed by those who may `runSurveys` in the region; responses
/// imported from a survey company's CSV or XLSX, all or nothing; results by child region × domain
/// with design-based intervals, small cells suppressed. A survey's results are public once it is
/// fielded; a draft is its makers'.
public struct SurveyUseCases: Sendable {
    let app: JunhengApp

    public func create(region: RegionCode, questionnaire: Questionnaire, actor: Actor) async throws -> SurveyRecord {
        try await app.access.authorize(.runSurveys, region: region, actor: actor)
        _ = try await app.regions.region(region)
        var validated = try questionnaire.validated()
        validated.status = .draft
        let (draft, audit) = (validated, actor.audit)
        return try await app.database.transaction { db in
            try await SurveyStore(db).create(SurveyRecord(regionCode: region, questionnaire: draft), actor: audit)
        }
    }

    /// Changes the questions: a draft in place; a fielded or closed survey as its next version, a
    /// new draft of the same region, so the answers already collected keep the questions they
    /// answered. Returns the survey that now holds the questions.
    public func revise(_ idText: String?, title: String?, questions: [SurveyQuestion], ageBands: [String]?,
                       actor: Actor) async throws -> SurveyRecord {
        let survey = try await existing(idText)
        try await app.access.authorize(.runSurveys, region: survey.regionCode, actor: actor)
        var revised = survey.questionnaire.revised(questions: questions, ageBands: ageBands)
        if let title = title?.trimmingCharacters(in: .whitespaces) { revised.title = title }
        let (checked, audit) = (try revised.validated(), actor.audit)
        return try await app.database.transaction { db in
            let store = SurveyStore(db)
            if survey.questionnaire.status == .draft { return try await store.setQuestionnaire(survey.id, checked, actor: audit) }
            return try await store.create(SurveyRecord(regionCode: survey.regionCode, questionnaire: checked, margins: survey.margins),
                                          actor: audit)
        }
    }

    /// Fields a draft or closes a fielded survey.
    public func setStatus(_ idText: String?, to status: QuestionnaireStatus, actor: Actor) async throws -> SurveyRecord {
        let survey = try await existing(idText)
        try await app.access.authorize(.runSurveys, region: survey.regionCode, actor: actor)
        let audit = actor.audit
        return try await app.database.transaction { db in try await SurveyStore(db).setStatus(survey.id, to: status, actor: audit) }
    }

    /// The surveys the actor may see: fielded and closed ones for everyone, drafts for those who
    /// may run surveys in their region.
    public func surveys(actor: Actor) async throws -> [SurveyRecord] {
        var visible: [SurveyRecord] = []
        for survey in try await SurveyStore(app.replica.sql).surveys() where try await mayRead(survey, actor: actor) {
            visible.append(survey)
        }
        return visible
    }

    public func survey(_ idText: String?, actor: Actor) async throws -> SurveyRecord {
        let survey = try await existing(idText)
        guard try await mayRead(survey, actor: actor) else { throw JunhengError.notFound("调查") }
        return survey
    }

    public func mayRun(_ survey: SurveyRecord, actor: Actor) async throws -> Bool {
        try await app.access.allows(.runSurveys, region: survey.regionCode, actor: actor)
    }

    private func mayRead(_ survey: SurveyRecord, actor: Actor) async throws -> Bool {
        if survey.questionnaire.status != .draft { return true }
        return try await mayRun(survey, actor: actor)
    }

    func existing(_ idText: String?) async throws -> SurveyRecord {
        guard let id = idText.flatMap(Int64.init), let survey = try await SurveyStore(app.database.sql).survey(id) else {
            throw JunhengError.notFound("调查")
        }
        return survey
    }

    /// The region's newest survey that is fielded or closed, with its overall index.
    public func latestPublic(region: RegionCode) async throws -> PublicSurvey? {
        let store = SurveyStore(app.replica.sql)
        guard let survey = try await store.surveys(regionCodes: [region]).first(where: { $0.questionnaire.status != .draft }) else {
            return nil
        }
        let results = try? await results(survey)
        let overall = results?.cell(region.rawValue, "")
        return PublicSurvey(surveyID: survey.id, title: survey.questionnaire.title, status: survey.questionnaire.status,
                            respondents: try await store.responseCounts()[survey.id] ?? 0,
                            overall: overall.flatMap { $0.suppressed ? nil : $0 })
    }

    public func responseCounts() async throws -> [Int64: Int] { try await SurveyStore(app.replica.sql).responseCounts() }

    /// Imports a fielded survey's responses from a CSV or XLSX file: one row per respondent, the
    /// attribute columns (地区代码, 城乡, 性别, 年龄段, 调查点, 权重) and one column per question code.
    /// Every row is read (``SurveyResponseReader``) and its region checked to lie in the survey's
    /// region before any is stored; problems name sheet, row, column letter and reason.
    public func importResponses(_ idText: String?, upload: UploadSource, filename: String,
                                actor: Actor) async throws -> SurveyImportResult {
        let survey = try await existing(idText)
        try await app.access.authorize(.runSurveys, region: survey.regionCode, actor: actor)
        guard survey.questionnaire.status == .fielded else {
            throw JunhengError.conflict("调查当前为“\(survey.questionnaire.status.chineseName)”，只有调查中的问卷可以导入答卷")
        }
        let reader = SurveyResponseReader(questionnaire: survey.questionnaire)
        let known = Set(SurveyResponseReader.Column.all + survey.questionnaire.questions.map(\.code))
        var responses: [(sheet: String?, row: Int, letters: [String: String], response: SurveyResponse)] = []
        var issues: [ValidationIssue] = []
        var header = TableHeader([])
        var sheetName: String?
        try UploadTables.forEachRow(of: upload, filename: filename, table: { sheet, cells, headerRow in
            sheetName = sheet
            header = TableHeader(cells)
            var seen: Set<String> = []
            for (index, name) in header.names.enumerated() where !name.isEmpty && !seen.insert(name).inserted {
                issues.append(ValidationIssue(field: name, reason: "列“\(name.excerpt())”出现了两次", sheet: sheet, row: headerRow,
                                              column: ObservationValidator.columnLetter(index)))
            }
            for required in [SurveyResponseReader.Column.region, SurveyResponseReader.Column.residence] where header.letters[required] == nil {
                issues.append(ValidationIssue(field: required, reason: "缺少必填列“\(required)”", sheet: sheet, row: headerRow))
            }
            let missing = survey.questionnaire.questions.filter { $0.required && header.letters[$0.code] == nil }.map(\.code)
            if !missing.isEmpty {
                issues.append(ValidationIssue(field: "file", reason: "缺少必答题的列：\(missing.joined(separator: "、"))", sheet: sheet,
                                              row: headerRow))
            }
            for name in header.names where !name.isEmpty && !known.contains(name) {
                issues.append(ValidationIssue(field: name, reason: "无法识别的列名“\(name.excerpt())”（问卷中没有这道题）", sheet: sheet,
                                              row: headerRow, column: header.letters[name]))
            }
        }, row: { cells, number in
            guard issues.count < 200, cells.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else { return }
            do {
                responses.append((sheetName, number, header.letters, try reader.read(header.cells(cells), row: number, sheet: sheetName)))
            } catch let error as JunhengError {
                issues += header.located(error.issues)
            }
        })
        if issues.isEmpty && responses.isEmpty { issues.append(ValidationIssue(field: "file", reason: "文件中没有答卷")) }
        if issues.isEmpty {
            let subtree = Set(try await RegionStore(app.database.sql).subtreeCodes(of: survey.regionCode).map(\.rawValue))
            for entry in responses where !subtree.contains(entry.response.regionCode) {
                issues.append(ValidationIssue(field: SurveyResponseReader.Column.region,
                                              reason: "地区代码 \(entry.response.regionCode.excerpt()) 不在本次调查的地区（\(survey.regionCode.rawValue)）内",
                                              sheet: entry.sheet, row: entry.row, column: entry.letters[SurveyResponseReader.Column.region]))
            }
        }
        guard issues.isEmpty else { throw JunhengError.invalid(Array(issues.prefix(200))) }
        let (audit, day, read) = (actor.audit, Timestamp.today(), responses.map(\.response))
        return try await app.database.transaction { db in
            let store = SurveyStore(db)
            try await store.add(read, to: survey.id, day: day, source: filename, actor: audit)
            return SurveyImportResult(responses: read.count, total: try await store.responses(of: survey.id).count)
        }
    }

    /// Sets the populations the survey's weights are raked to from a CSV or XLSX table with the
    /// columns 维度, 类别, 人口 (``PopulationMargins/read(rows:children:ageBands:source:)``), all or
    /// nothing; every problem names its row and column letter.
    public func setMargins(_ idText: String?, upload: UploadSource, filename: String, source: String,
                           actor: Actor) async throws -> SurveyRecord {
        let survey = try await existing(idText)
        try await app.access.authorize(.runSurveys, region: survey.regionCode, actor: actor)
        var rows: [(number: Int, cells: [String: String])] = []
        var header = TableHeader([])
        var issues: [ValidationIssue] = []
        try UploadTables.forEachRow(of: upload, filename: filename, table: { sheet, cells, headerRow in
            header = TableHeader(cells)
            for required in PopulationMargins.Column.all where header.letters[required] == nil {
                issues.append(ValidationIssue(field: required, reason: "缺少必填列“\(required)”", sheet: sheet, row: headerRow))
            }
        }, row: { cells, number in
            guard cells.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else { return }
            rows.append((number, header.cells(cells)))
        })
        guard issues.isEmpty else { throw JunhengError.invalid(issues) }
        let children = try await app.regions.children(of: survey.regionCode).map { ($0.code.rawValue, $0.name) }
        let margins: PopulationMargins
        do {
            margins = try PopulationMargins.read(rows: rows, children: children, ageBands: survey.questionnaire.ageBands,
                                                 source: source)
        } catch {
            throw JunhengError.invalid(header.located(error.issues))
        }
        return try await store(margins, on: survey, actor: actor)
    }

    /// Takes the population of each child region from the population points (the latest year they
    /// have), keeping the survey's other margins; the totals must still agree within 1 %.
    public func setRegionMarginsFromPopulationPoints(_ idText: String?, actor: Actor) async throws -> SurveyRecord {
        let survey = try await existing(idText)
        try await app.access.authorize(.runSurveys, region: survey.regionCode, actor: actor)
        let (found, residents) = try await app.facilities.residentsByChild(of: survey.regionCode)
        guard let year = found else {
            throw JunhengError.conflict("本地区还没有人口分布点：请先在“设施与可达性”页面导入人口分布点，或上传人口结构表")
        }
        let populations = Dictionary(uniqueKeysWithValues: residents.map { ($0.key.rawValue, $0.value) })
        var margins = survey.margins ?? PopulationMargins(populations: [:], source: "")
        margins.populations[.region] = populations
        let pointsSource = "\(year) 年人口分布点（各下级地区合计）"
        margins.source = margins.source.isEmpty || margins.source == pointsSource ? pointsSource : margins.source + "；" + pointsSource
        return try await store(try margins.agreeing(), on: survey, actor: actor)
    }

    /// Removes the survey's population margins: its weights are the design's again.
    public func clearMargins(_ idText: String?, actor: Actor) async throws -> SurveyRecord {
        let survey = try await existing(idText)
        try await app.access.authorize(.runSurveys, region: survey.regionCode, actor: actor)
        return try await store(nil, on: survey, actor: actor)
    }

    private func store(_ margins: PopulationMargins?, on survey: SurveyRecord, actor: Actor) async throws -> SurveyRecord {
        let audit = actor.audit
        return try await app.database.transaction { db in try await SurveyStore(db).setMargins(survey.id, margins, actor: audit) }
    }

    /// The survey's satisfaction indices by child region × domain (``SurveyEstimation``).
    public func results(_ survey: SurveyRecord) async throws -> SurveyResults {
        let store = SurveyStore(app.replica.sql)
        let responses = try await store.responses(of: survey.id)
        let region = try await app.regions.region(survey.regionCode)
        let children = try await app.regions.children(of: survey.regionCode)
        let lineages = try await RegionStore(app.replica.sql).lineages(of: Set(responses.map(\.regionCode)).compactMap { RegionCode(rawValue: $0) })
        let childCodes = Set(children.map(\.code))
        return try SurveyEstimation.results(
            surveyID: survey.id, region: (region.code.rawValue, region.name), children: children.map { ($0.code.rawValue, $0.name) },
            questionnaire: survey.questionnaire, responses: responses, margins: survey.margins,
            childOf: { code in
                RegionCode(rawValue: code).flatMap { lineages[$0] }?.first { childCodes.contains($0.code) }?.code.rawValue
            })
    }
}

import Foundation
import Hummingbird
import JunhengApp
import JunhengCore
import Storage

/// `/api/v1/reports…`: annual monitoring reports and mid-term evaluations (list, start a draft,
/// edit its texts, publish, start a new edition, delete a draft, a published edition's files), and
/// `/api/v1/report-figures`: a report's figures as they stand now, with the verdicts drawn from
/// them — the same numbers the report's page, PDF and DOCX print.
struct ReportsAPI {
    let services: JunhengServices
    private var reports: ReportUseCases { services.app.reports }

    func register(on api: RouterGroup<AppContext>) {
        api.get("reports", use: list)
        api.post("reports", use: create)
        api.get("reports/:id", use: report)
        api.patch("reports/:id", use: update)
        api.delete("reports/:id", use: delete)
        api.post("reports/:id/publish", use: publish)
        api.post("reports/:id/editions", use: newEdition)
        api.get("reports/:id/files/:format", use: file)
        api.get("report-figures", use: figures)
    }

    // MARK: response shapes

    struct ReportJSON: Encodable, Sendable {
        let id: Int64
        let regionCode: String
        let planId: Int64?
        let kind: ReportKind
        let year: Int
        let edition: Int
        let stage: ReportStage
        let title: String
        let texts: ReportTexts
        let supersedesId: Int64?
        let createdAt: String
        let updatedAt: String
        let publishedAt: String?
        /// What changed from the edition this one supersedes.
        let changes: [ChangeJSON]
        /// The stored files of a published edition.
        let files: [String: String]

        init(_ report: ReportRecord) {
            id = report.id
            regionCode = report.regionCode.rawValue
            planId = report.planID
            kind = report.kind
            year = report.year
            edition = report.edition
            stage = report.stage
            title = report.title
            texts = report.texts
            supersedesId = report.supersedesID
            createdAt = report.createdAt
            updatedAt = report.updatedAt
            publishedAt = report.publishedAt
            changes = report.changes.map(ChangeJSON.init)
            files = report.stage == .draft ? [:] : Dictionary(uniqueKeysWithValues: ReportFormat.allCases.map {
                ($0.rawValue, "/api/v1/reports/\(report.id)/files/\($0.rawValue)")
            })
        }
    }

    /// A difference between editions, flat: `kind` says which fields are set.
    struct ChangeJSON: Encodable, Sendable {
        var kind: String
        var indicator: String?
        var region: String?
        var year: Int?
        var old: String?
        var new: String?
        var section: String?

        init(_ change: ReportChange) {
            switch change {
            case .valueChanged(let indicator, let region, let year, let old, let new):
                self.init(kind: "value", indicator: indicator, region: region, year: year,
                          old: old.map { String($0) }, new: new.map { String($0) })
            case .statusChanged(let indicator, let old, let new):
                self.init(kind: "status", indicator: indicator, old: old.rawValue, new: new.rawValue)
            case .indicatorAdded(let name): self.init(kind: "indicatorAdded", indicator: name)
            case .indicatorRemoved(let name): self.init(kind: "indicatorRemoved", indicator: name)
            case .textChanged(let section): self.init(kind: "text", section: section.rawValue)
            }
        }

        private init(kind: String, indicator: String? = nil, region: String? = nil, year: Int? = nil, old: String? = nil,
                     new: String? = nil, section: String? = nil) {
            self.kind = kind
            self.indicator = indicator
            self.region = region
            self.year = year
            self.old = old
            self.new = new
            self.section = section
        }
    }

    /// A problem of 存在问题, flat.
    struct ProblemJSON: Encodable, Sendable {
        var kind: String
        var indicatorId: Int64
        var indicator: String
        var year: Int?
        var value: Double?
        var expected: Double?
        var previousYear: Int?
        var previousValue: Double?
        var upperTarget: Double?
        var regionMissing: Bool?
        var childrenMissing: [String]?

        init(_ problem: ReportProblem) {
            switch problem {
            case .bindingOffTrajectory(let id, let name, _, let latest, let expected):
                self.init(kind: "bindingOffTrajectory", indicatorId: id, indicator: name, year: latest.year, value: latest.value,
                          expected: expected)
            case .deteriorating(let id, let name, _, let previous, let latest):
                self.init(kind: "deteriorating", indicatorId: id, indicator: name, year: latest.year, value: latest.value,
                          previousYear: previous.year, previousValue: previous.value)
            case .missingData(let id, let name, let regionMissing, let children):
                self.init(kind: "missingData", indicatorId: id, indicator: name, regionMissing: regionMissing, childrenMissing: children)
            case .weakerThanUpperTarget(let id, let name, _, let own, let upper):
                self.init(kind: "weakerThanUpperTarget", indicatorId: id, indicator: name, value: own, upperTarget: upper)
            }
        }

        private init(kind: String, indicatorId: Int64, indicator: String, year: Int? = nil, value: Double? = nil,
                     expected: Double? = nil, previousYear: Int? = nil, previousValue: Double? = nil, upperTarget: Double? = nil,
                     regionMissing: Bool? = nil, childrenMissing: [String]? = nil) {
            self.kind = kind
            self.indicatorId = indicatorId
            self.indicator = indicator
            self.year = year
            self.value = value
            self.expected = expected
            self.previousYear = previousYear
            self.previousValue = previousValue
            self.upperTarget = upperTarget
            self.regionMissing = regionMissing
            self.childrenMissing = childrenMissing
        }
    }

    /// The figures and what the report concludes from them.
    struct FiguresJSON: Encodable, Sendable {
        let figures: ReportFigures
        let summary: ReportSummary
        let problems: [ProblemJSON]
        /// Mid-term assessments of the indicators with a target and a baseline.
        let midterm: [MidtermAssessment]

        init(_ figures: ReportFigures) {
            self.figures = figures
            summary = ReportSummary(figures)
            problems = ReportRules.problems(figures).map(ProblemJSON.init)
            midterm = figures.indicators.compactMap(ReportRules.midterm)
        }
    }

    struct ReportWithFiguresJSON: Encodable, Sendable {
        let report: ReportJSON
        let analysis: FiguresJSON
    }

    // MARK: handlers

    @Sendable func list(_ request: Request, context: AppContext) async throws -> JSON<ItemList<ReportJSON>> {
        JSON(ItemList(try await reports.reports(actor: context.actor).map(ReportJSON.init)))
    }

    struct CreateBody: Decodable {
        let kind: ReportKind
        let regionCode: String
        let year: Int
        let planId: Int64?
        let title: String?
    }

    @Sendable func create(_ request: Request, context: AppContext) async throws -> JSON<ReportJSON> {
        _ = try context.requireUser()
        let body = try await request.decode(as: CreateBody.self, context: context)
        let report = try await reports.createDraft(kind: body.kind, region: try regionCode(body.regionCode, field: "regionCode"),
                                                   planID: body.planId, year: body.year, title: body.title, actor: context.actor)
        return JSON(ReportJSON(report), status: .created)
    }

    @Sendable func report(_ request: Request, context: AppContext) async throws -> JSON<ReportWithFiguresJSON> {
        let view = try await reports.report(context.parameters.get("id"), actor: context.actor)
        return JSON(ReportWithFiguresJSON(report: ReportJSON(view.report), analysis: FiguresJSON(view.figures)))
    }

    struct UpdateBody: Decodable {
        let title: String?
        let texts: ReportTexts?
    }

    @Sendable func update(_ request: Request, context: AppContext) async throws -> JSON<ReportJSON> {
        _ = try context.requireUser()
        let body = try await request.decode(as: UpdateBody.self, context: context)
        let current = try await reports.report(context.parameters.get("id"), actor: context.actor).report
        return JSON(ReportJSON(try await reports.updateDraft(String(current.id), title: body.title ?? current.title,
                                                             texts: body.texts ?? current.texts, actor: context.actor)))
    }

    @Sendable func delete(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        try await reports.deleteDraft(context.parameters.get("id"), actor: context.actor)
        return Response(status: .noContent)
    }

    /// Queues the publishing (the PDF takes seconds to print): 202 with the job, followed at
    /// `/api/v1/jobs/{id}`; refusals that need no printing (not a draft, not allowed) come at once.
    @Sendable func publish(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        return try JobsAPI.accepted(try await reports.requestPublish(context.parameters.get("id"), actor: context.actor),
                                    request: request, context: context)
    }

    @Sendable func newEdition(_ request: Request, context: AppContext) async throws -> JSON<ReportJSON> {
        _ = try context.requireUser()
        return JSON(ReportJSON(try await reports.newEdition(of: context.parameters.get("id"), actor: context.actor)), status: .created)
    }

    @Sendable func file(_ request: Request, context: AppContext) async throws -> Response {
        guard let format = context.parameters.get("format").flatMap(ReportFormat.init(rawValue:)) else {
            throw JunhengError.notFound("报告文件格式 \(context.parameters.get("format") ?? "")")
        }
        let (report, file) = try await reports.file(context.parameters.get("id"), format: format, actor: context.actor)
        return Self.download(file.bytes, format: format, report: report, sha256: file.sha256, request: request)
    }

    /// `/api/v1/report-figures?kind=annual&region=130500&year=2020[&plan=ID]`.
    @Sendable func figures(_ request: Request, context: AppContext) async throws -> JSON<FiguresJSON> {
        let parameters = request.uri.queryParameters
        let kindText = parameters["kind"].map(String.init) ?? "annual"
        guard let kind = ReportKind(rawValue: kindText) else {
            throw JunhengError.invalid(field: "kind", "报告类型应为 annual 或 midterm")
        }
        guard let yearText = parameters["year"].map(String.init), let year = Int(yearText) else {
            throw JunhengError.invalid(field: "year", "请给出年份（year）")
        }
        var plan: Int64?
        if let planText = parameters["plan"].map(String.init), !planText.isEmpty {
            guard let id = Int64(planText) else { throw JunhengError.invalid(field: "plan", "规划编号应为整数") }
            plan = id
        }
        let region = try regionCode(parameters["region"].map(String.init), field: "region")
        return JSON(FiguresJSON(try await reports.currentFigures(kind: kind, region: region, planID: plan, year: year,
                                                                 for: context.actor)))
    }

    /// A report file as a download named after the report (`邢台市2020年….pdf`), HTML shown inline.
    /// A published file never changes, so its SHA-256 is its `ETag` and a matching `If-None-Match` gets 304.
    static func download(_ bytes: Data, format: ReportFormat, report: ReportRecord, sha256: String? = nil,
                         request: Request) -> Response {
        if let sha256, request.headers[.ifNoneMatch]?.split(separator: ",").contains(where: {
            $0.trimmingCharacters(in: .whitespaces) == "\"\(sha256)\""
        }) == true {
            return Response(status: .notModified, headers: [.eTag: "\"\(sha256)\""])
        }
        var headers: HTTPFields = [:]
        if let sha256 { headers[.eTag] = "\"\(sha256)\"" }
        if report.stage == .draft { headers[.cacheControl] = "no-store" }
        return Download.response(bytes, filename: "\(report.title).\(format.rawValue)", fallback: "report-\(report.id).\(format.rawValue)",
                                 contentType: format.contentType, inline: format == .html, headers: headers)
    }
}

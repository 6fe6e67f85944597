import Crypto
import Foundation
import JunhengCore
import Storage

/// Turns a report into the files a published edition keeps (HTML, PDF, DOCX, XLSX). The server
/// implements it with its page templates, a headless browser and the office writers; the use
/// cases only ask for bytes, so publishing stays one transaction whatever renders.
public protocol ReportRendering: Sendable {
    func files(for report: ReportRecord, figures: ReportFigures) async throws -> [ReportFormat: Data]
}

/// A report with the figures it shows: a published edition's frozen copy, or a draft's current
/// figures (read afresh each time it is opened).
public struct ReportWithFigures: Sendable, Equatable {
    public var report: ReportRecord
    public var figures: ReportFigures

    public init(report: ReportRecord, figures: ReportFigures) {
        self.report = report
        self.figures = figures
    }
}

/// Annual monitoring reports and mid-term evaluations: drafts a planner edits, editions published
/// for good with their figures and files, and new editions that supersede them.
public struct ReportUseCases: Sendable {
    let app: JunhengApp
    private var database: JunhengDatabase { app.database }
    private var store: ReportStore { ReportStore(database.sql) }

    /// The figures of a report as they stand now (approved figures only): what a draft shows and
    /// what `junheng report` prints. Anyone may read them: they are public figures.
    /// Read from the primary, unless `actor` is given: then where that actor's reads go (the
    /// replica for an anonymous visitor, see `JunhengApp.reads(for:)`).
    public func currentFigures(kind: ReportKind, region: RegionCode, planID: Int64?, year: Int,
                               for actor: Actor? = nil) async throws -> ReportFigures {
        try Self.validate(year: year)
        return try await ReportAssembly(app: app, database: actor.map(app.reads(for:)) ?? database)
            .figures(kind: kind, region: region, planID: planID, year: year)
    }

    /// The reports `actor` reads from: the replica for an anonymous visitor.
    private func store(for actor: Actor) -> ReportStore { ReportStore(app.reads(for: actor).sql) }

    /// Published and superseded editions for everyone; drafts too for those who may write reports
    /// in their region.
    public func reports(actor: Actor) async throws -> [ReportRecord] {
        let published = try await store(for: actor).reports(stages: [.published, .superseded])
        guard actor.user?.role.permissions.contains(.writeReports) == true || actor.isSystem else { return published }
        let drafts = try await store.reports(regions: try await app.access.visibleRegions(for: actor), stages: [.draft])
        return drafts + published
    }

    /// The latest published edition of each report, newest year first: the public reports page.
    public func publishedReports() async throws -> [ReportRecord] {
        try await store.reports(stages: [.published])
    }

    /// A report with its figures; a draft only for those who may write it.
    public func report(_ idText: String?, actor: Actor) async throws -> ReportWithFigures {
        let report = try await existing(idText, in: store(for: actor))
        if report.stage == .draft {
            try await app.access.authorize(.writeReports, region: report.regionCode, actor: actor)
        }
        if let frozen = report.figures { return ReportWithFigures(report: report, figures: frozen) }
        return ReportWithFigures(report: report, figures: try await currentFigures(kind: report.kind, region: report.regionCode,
                                                                            planID: report.planID, year: report.year, for: actor))
    }

    /// A published edition's file, byte for byte as it was published.
    public func file(_ idText: String?, format: ReportFormat, actor: Actor) async throws -> (ReportRecord, ReportFileRecord) {
        let reads = store(for: actor)
        let report = try await existing(idText, in: reads)
        guard report.stage != .draft, let file = try await reads.file(reportID: report.id, format: format) else {
            throw JunhengError.notFound("报告 \(report.id) 没有已发布的\(format.rawValue.uppercased())文件")
        }
        return (report, file)
    }

    /// Starts a draft for a region, year and (optionally) plan; the title defaults to the usual one.
    public func createDraft(kind: ReportKind, region: RegionCode, planID: Int64?, year: Int, title: String?,
                            actor: Actor) async throws -> ReportRecord {
        try Self.validate(year: year)
        let user = try await app.access.authorize(.writeReports, region: region, actor: actor)
        let regionRecord = try await RegionStore(database.sql).existingRegion(region)
        if let planID {
            let plan = try await PlanStore(database.sql).existingPlan(planID)
            guard try await RegionStore(database.sql).path(of: region).contains(plan.regionCode) else {
                throw JunhengError.invalid(field: "planId", "规划“\(plan.title)”不适用于\(regionRecord.name)")
            }
        }
        let title = try Self.validate(title: title?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
            ?? Self.defaultTitle(kind: kind, regionName: regionRecord.name, year: year))
        return try await store.create(ReportRecord(regionCode: region, planID: planID, kind: kind, year: year, title: title,
                                                   createdBy: user?.id), actor: actor.audit)
    }

    /// Changes a draft's title and the planner's text sections.
    public func updateDraft(_ idText: String?, title: String, texts: ReportTexts, actor: Actor) async throws -> ReportRecord {
        let report = try await existing(idText)
        try await app.access.authorize(.writeReports, region: report.regionCode, actor: actor)
        for section in ReportTextSection.allCases where texts[section].count > ReportTexts.maximumLength {
            throw JunhengError.invalid(field: section.rawValue, "正文不能超过 \(ReportTexts.maximumLength) 字")
        }
        return try await store.update(report.id, title: try Self.validate(title: title), texts: texts, actor: actor.audit)
    }

    /// Publishes a draft: reads the figures once more, renders the files from them and keeps both,
    /// with the differences from the edition it supersedes. Nothing is stored if rendering fails.
    public func publish(_ idText: String?, renderer: any ReportRendering, actor: Actor) async throws -> ReportRecord {
        let draft = try await existing(idText)
        let user = try await app.access.authorize(.writeReports, region: draft.regionCode, actor: actor)
        guard draft.stage == .draft else { throw JunhengError.conflict("报告已经发布") }
        let figures = try await currentFigures(kind: draft.kind, region: draft.regionCode, planID: draft.planID, year: draft.year)
        var changes: [ReportChange] = []
        if let previousID = draft.supersedesID, let previous = try await store.report(previousID), let old = previous.figures {
            changes = ReportRules.differences(from: old, previous.texts, to: figures, draft.texts)
        }
        var published = draft
        published.stage = .published
        published.figures = figures
        published.changes = changes
        published.publishedBy = user?.id
        published.publishedAt = Timestamp.now()
        let rendered = try await renderer.files(for: published, figures: figures)
        let files = rendered.sorted { $0.key.rawValue < $1.key.rawValue }.map { format, bytes in
            ReportFileRecord(format: format, bytes: bytes, sha256: SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined())
        }
        let audit = actor.audit
        let differences = changes
        return try await database.transaction { db in
            try await ReportStore(db).publish(draft.id, figures: figures, changes: differences, files: files, userID: user?.id, actor: audit)
        }
    }

    /// Queues the publishing of a draft as a `report-publish` job (printing the PDF takes Chromium
    /// seconds), which any server process may run (``JobWorker``); what can be refused now is
    /// refused now, with the errors `publish` gives.
    public func requestPublish(_ idText: String?, actor: Actor) async throws -> JobRecord {
        let draft = try await existing(idText)
        try await app.access.authorize(.writeReports, region: draft.regionCode, actor: actor)
        guard draft.stage == .draft else { throw JunhengError.conflict("报告已经发布") }
        return try await app.jobs.enqueue(.reportPublish, parameters: ReportPublishParameters(reportID: draft.id), actor: actor)
    }

    /// A `report-publish` job's work. A retry that finds the report already published (the
    /// attempt before stopped after publishing and before marking the job done) finishes the job.
    func publish(job: JobRecord, worker: String, renderer: any ReportRendering, actor: Actor) async throws {
        let parameters = try JSONDecoder().decode(ReportPublishParameters.self, from: Data(job.parameters.utf8))
        let report = try await store.existingReport(parameters.reportID)
        if report.stage == .draft {
            _ = try await publish(String(report.id), renderer: renderer, actor: actor)
        } else if job.attempts <= 1 {
            throw JunhengError.conflict("报告已经发布")
        }
        let result = String(decoding: try JSONEncoder().encode(parameters), as: UTF8.self)
        try await database.transaction { db in try await JobStore.complete(job.id, worker: worker, result: result, in: db) }
    }

    /// A new draft edition of a published report, with its texts, that will supersede it when published.
    public func newEdition(of idText: String?, actor: Actor) async throws -> ReportRecord {
        let report = try await existing(idText)
        let user = try await app.access.authorize(.writeReports, region: report.regionCode, actor: actor)
        guard report.stage == .published else {
            throw JunhengError.conflict(report.stage == .draft ? "草稿可以直接修改" : "这一版已被新版取代，请在最新版上修订")
        }
        let pending = try await store.reports(regions: [report.regionCode], stages: [.draft]).first { $0.supersedesID == report.id }
        if let pending { throw JunhengError.conflict("已有修订草稿（报告 \(pending.id)）") }
        return try await store.create(ReportRecord(regionCode: report.regionCode, planID: report.planID, kind: report.kind,
                                                   year: report.year, edition: report.edition + 1, title: report.title,
                                                   texts: report.texts, supersedesID: report.id, createdBy: user?.id),
                                      actor: actor.audit)
    }

    public func deleteDraft(_ idText: String?, actor: Actor) async throws {
        let report = try await existing(idText)
        try await app.access.authorize(.writeReports, region: report.regionCode, actor: actor)
        try await store.deleteDraft(report.id, actor: actor.audit)
    }

    // MARK: what the home page shows

    /// The reports a region owes today (``ReportSchedule``), each with the draft already started.
    public func reportsDue(region: RegionCode) async throws -> [ReportDue] {
        let reports = try await store.reports(regions: [region], stages: ReportStage.allCases)
        let plans = try await PlanStore(database.sql).plans(regionCodes: [region]).filter { $0.status == "published" }
        let today = app.tasks.today
        let due = ReportSchedule.due(
            today: today, plans: plans.compactMap { plan in plan.periodStart.flatMap { start in plan.periodEnd.map { (plan.id, start, $0) } } },
            published: { kind, year, plan in
                reports.contains { $0.stage != .draft && $0.kind == kind && $0.year == year && (plan == nil || $0.planID == plan) }
            })
        let regionName = try await RegionStore(database.sql).existingRegion(region).name
        return due.map { item in
            let draft = reports.first { $0.stage == .draft && $0.kind == item.kind && $0.year == item.year }
            return ReportDue(kind: item.kind, title: draft?.title ?? Self.defaultTitle(kind: item.kind, regionName: regionName, year: item.year),
                             year: item.year, dueOn: item.dueOn, reportID: draft?.id)
        }
    }

    /// The region's latest published report, for the public home page.
    public func latestPublished(region: RegionCode) async throws -> PublishedReport? {
        try await store.reports(regions: [region], stages: [.published]).first.map { report in
            PublishedReport(reportID: report.id, title: report.title, year: report.year,
                            publishedOn: String((report.publishedAt ?? "").prefix(10)))
        }
    }

    // MARK: rules of input

    private func existing(_ idText: String?, in reads: ReportStore? = nil) async throws -> ReportRecord {
        guard let idText, let id = Int64(idText), id > 0 else { throw JunhengError.notFound("报告“\(idText ?? "")”不存在") }
        return try await (reads ?? store).existingReport(id)
    }

    static func validate(year: Int) throws {
        guard (2000...2100).contains(year) else { throw JunhengError.invalid(field: "year", "年份应在 2000 至 2100 之间") }
    }

    static func validate(title: String) throws -> String {
        let title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !title.isEmpty else { throw JunhengError.invalid(field: "title", "请填写报告标题") }
        guard title.count <= 200 else { throw JunhengError.invalid(field: "title", "报告标题不能超过 200 字") }
        return title
    }

    /// 邢台市2020年基本公共服务均等化监测报告 / 邢台市基本公共服务均等化规划中期评估报告（2018年）.
    public static func defaultTitle(kind: ReportKind, regionName: String, year: Int) -> String {
        switch kind {
        case .annual: "\(regionName)\(year)年基本公共服务均等化监测报告"
        case .midterm: "\(regionName)基本公共服务均等化规划中期评估报告（\(year)年）"
        }
    }
}

extension String {
    fileprivate var nilIfEmpty: String? { isEmpty ? nil : self }
}

import Foundation
import JunhengCore
import SQLKit

/// A reporting period a region opened (`reporting_periods`).
public struct ReportingPeriodRecord: Codable, Sendable, Equatable {
    public var id: Int64
    public var regionCode: RegionCode
    public var window: PeriodWindow
    public var status: PeriodStatus
    public var openedBy: Int64?
    public var openedAt: String
    public var closedAt: String?
}

/// A department's unlock of a closed period, with the reason the planner gave.
public struct PeriodUnlock: Codable, Sendable, Equatable {
    public var periodID: Int64
    public var departmentID: Int64
    public var reason: String
    public var unlockedBy: Int64?
    public var unlockedAt: String
}

/// A lead department's progress report on one task for one period (`task_reports`); `id` is 0
/// until stored. What the department wrote is its ``ReportContent``, read as if it were the
/// record's own fields (`report.progressText`).
@dynamicMemberLookup
public struct TaskReportRecord: Codable, Sendable, Equatable {
    public var id: Int64
    public var taskID: Int64
    public var periodID: Int64
    public var departmentID: Int64?
    public var status: ReportStatus
    public var content: ReportContent
    /// The supervising office's comment when it returned or approved the report.
    public var reviewComment: String
    public var createdBy: Int64?
    public var updatedAt: String
    public var submittedAt: String?
    public var reviewedBy: Int64?
    public var reviewedAt: String?

    public init(id: Int64 = 0, taskID: Int64, periodID: Int64, departmentID: Int64?, status: ReportStatus = .draft,
                content: ReportContent = ReportContent(), reviewComment: String = "", createdBy: Int64? = nil,
                updatedAt: String = "", submittedAt: String? = nil, reviewedBy: Int64? = nil, reviewedAt: String? = nil) {
        self.id = id
        self.taskID = taskID
        self.periodID = periodID
        self.departmentID = departmentID
        self.status = status
        self.content = content
        self.reviewComment = reviewComment
        self.createdBy = createdBy
        self.updatedAt = updatedAt
        self.submittedAt = submittedAt
        self.reviewedBy = reviewedBy
        self.reviewedAt = reviewedAt
    }

    public subscript<Value>(dynamicMember field: WritableKeyPath<ReportContent, Value>) -> Value {
        get { content[keyPath: field] }
        set { content[keyPath: field] = newValue }
    }
}

/// A cooperating department's part of a lead's report.
public struct ReportContribution: Codable, Sendable, Equatable {
    public var reportID: Int64
    public var departmentID: Int64
    public var text: String
    public var updatedBy: Int64?
    public var updatedAt: String
}

/// An attachment of a report, without its bytes.
public struct ReportFile: Codable, Sendable, Equatable {
    public var id: Int64
    public var reportID: Int64
    public var filename: String
    public var contentType: String
    public var size: Int
    public var uploadedAt: String
}

/// The colour thresholds, status percentages and reporting frequency a region set (`task_settings`).
public struct TaskSettings: Codable, Sendable, Equatable {
    public var thresholds: ColourThresholds
    public var statusScale: TaskStatusScale
    public var frequency: PeriodFrequency

    public static let standard = TaskSettings(thresholds: .standard, statusScale: .standard, frequency: .quarterly)

    public init(thresholds: ColourThresholds, statusScale: TaskStatusScale, frequency: PeriodFrequency) {
        self.thresholds = thresholds
        self.statusScale = statusScale
        self.frequency = frequency
    }
}

/// Reporting periods, progress reports with their contributions and files, and task settings.
public struct TaskReportStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) { self.db = db }

    // MARK: periods

    private struct PeriodRow: Decodable {
        var id: Int64
        var regionCode: String
        var frequency: String
        var startsOn: String
        var endsOn: String
        var dueOn: String
        var status: String
        var openedBy: Int64?
        var openedAt: String
        var closedAt: String?

        func record() throws -> ReportingPeriodRecord {
            guard let region = RegionCode(rawValue: regionCode), let frequency = PeriodFrequency(rawValue: frequency),
                  let starts = CalendarDay(startsOn), let ends = CalendarDay(endsOn), let due = CalendarDay(dueOn),
                  let status = PeriodStatus(rawValue: status) else {
                throw JunhengError.invalid(field: "reporting_periods", "数据库中的填报周期 \(id) 数据无效")
            }
            var window = PeriodWindow(frequency: frequency, containing: starts, dueOn: due)
            window.endsOn = ends
            return ReportingPeriodRecord(id: id, regionCode: region, window: window, status: status, openedBy: openedBy,
                                         openedAt: openedAt, closedAt: closedAt)
        }
    }

    private static let periodColumns = ["id", "region_code", "frequency", "starts_on", "ends_on", "due_on", "status",
                                        "opened_by", "opened_at", "closed_at"]

    /// Periods of the given regions, latest first.
    public func periods(in regions: [RegionCode]) async throws -> [ReportingPeriodRecord] {
        try await db.select().columns(Self.periodColumns).from("reporting_periods")
            .where("region_code", .in, regions.map(\.rawValue)).orderBy("starts_on", .descending).orderBy("id", .descending)
            .all().map { try $0.decode(model: PeriodRow.self, keyDecodingStrategy: .convertFromSnakeCase).record() }
    }

    public func existingPeriod(id: Int64) async throws -> ReportingPeriodRecord {
        guard let row = try await db.select().columns(Self.periodColumns).from("reporting_periods").where("id", .equal, id).first()
        else { throw JunhengError.notFound("填报周期 \(id) 不存在") }
        return try row.decode(model: PeriodRow.self, keyDecodingStrategy: .convertFromSnakeCase).record()
    }

    /// Opens a period for a region; a second period of the same dates is a conflict.
    public func openPeriod(_ window: PeriodWindow, region: RegionCode, userID: Int64?, actor: AuditActor) async throws
        -> ReportingPeriodRecord {
        let exists = try await db.select().column("id").from("reporting_periods").where("region_code", .equal, region.rawValue)
            .where("frequency", .equal, window.frequency.rawValue).where("starts_on", .equal, window.startsOn.description).first()
        if exists != nil { throw JunhengError.conflict("\(window.chineseLabel)的填报周期已经开启") }
        let id = try await db.insert(into: "reporting_periods")
            .columns("region_code", "frequency", "starts_on", "ends_on", "due_on", "status", "opened_by", "opened_at")
            .values(SQLBind(region.rawValue), SQLBind(window.frequency.rawValue), SQLBind(window.startsOn.description),
                    SQLBind(window.endsOn.description), SQLBind(window.dueOn.description), SQLBind(PeriodStatus.open.rawValue),
                    SQLBind(userID), SQLBind(Timestamp.now()))
            .returning("id").first()!.decode(column: "id", as: Int64.self)
        let period = try await existingPeriod(id: id)
        try await AuditLog(db).record(actor, action: "open", entity: "reporting_period", entityID: String(id),
                                      regionCode: region.rawValue, after: period)
        return period
    }

    /// Closes an open period (reports lock) or reopens a closed one; audited.
    public func setStatus(_ status: PeriodStatus, periodID: Int64, actor: AuditActor) async throws -> ReportingPeriodRecord {
        let before = try await existingPeriod(id: periodID)
        guard before.status != status else {
            throw JunhengError.conflict("填报周期\(before.window.chineseLabel)已经是“\(status.chineseName)”")
        }
        try await db.update("reporting_periods").set("status", to: status.rawValue)
            .set("closed_at", to: SQLBind(status == .closed ? Timestamp.now() : nil)).where("id", .equal, periodID).run()
        let after = try await existingPeriod(id: periodID)
        try await AuditLog(db).record(actor, action: status == .closed ? "close" : "reopen", entity: "reporting_period",
                                      entityID: String(periodID), regionCode: after.regionCode.rawValue, before: before, after: after)
        return after
    }

    /// Lets one department report in a closed period again; the reason is logged.
    public func unlock(periodID: Int64, departmentID: Int64, reason: String, userID: Int64?, actor: AuditActor) async throws {
        let period = try await existingPeriod(id: periodID)
        guard period.status == .closed else { throw JunhengError.conflict("填报周期\(period.window.chineseLabel)尚未关闭，无需解锁") }
        let unlock = PeriodUnlock(periodID: periodID, departmentID: departmentID, reason: reason, unlockedBy: userID,
                                  unlockedAt: Timestamp.now())
        try await db.delete(from: "period_unlocks").where("period_id", .equal, periodID)
            .where("department_id", .equal, departmentID).run()
        try await db.insert(into: "period_unlocks")
            .columns("period_id", "department_id", "reason", "unlocked_by", "unlocked_at")
            .values(SQLBind(periodID), SQLBind(departmentID), SQLBind(reason), SQLBind(userID), SQLBind(unlock.unlockedAt))
            .run()
        try await AuditLog(db).record(actor, action: "unlock", entity: "reporting_period", entityID: String(periodID),
                                      regionCode: period.regionCode.rawValue, after: unlock)
    }

    public func unlocks(periodID: Int64) async throws -> [PeriodUnlock] {
        try await db.select().propertyColumns(["period_id", "department_id", "reason", "unlocked_by", "unlocked_at"])
            .from("period_unlocks").where("period_id", .equal, periodID).orderBy("unlocked_at").all()
            .map { try $0.decode(model: PeriodUnlock.self) }
    }

    // MARK: reports

    private struct ReportRow: Decodable {
        var id: Int64
        var taskId: Int64
        var periodId: Int64
        var departmentId: Int64?
        var status: String
        var progressText: String
        var problems: String
        var nextSteps: String
        var fundsUsed: Double?
        var percent: Double?
        var reportedStatus: String?
        var achievedValue: Double?
        var milestonesDone: String
        var reviewComment: String
        var createdBy: Int64?
        var updatedAt: String
        var submittedAt: String?
        var reviewedBy: Int64?
        var reviewedAt: String?

        func record() throws -> TaskReportRecord {
            guard let status = ReportStatus(rawValue: status) else {
                throw JunhengError.invalid(field: "task_reports", "数据库中的进展报告 \(id) 数据无效")
            }
            return TaskReportRecord(
                id: id, taskID: taskId, periodID: periodId, departmentID: departmentId, status: status,
                content: ReportContent(progressText: progressText, problems: problems, nextSteps: nextSteps, fundsUsed: fundsUsed,
                                       percent: percent, reportedStatus: reportedStatus.flatMap(TaskStatus.init(rawValue:)),
                                       achievedValue: achievedValue,
                                       milestonesDone: milestonesDone.split(separator: ",").compactMap { Int64($0) }),
                reviewComment: reviewComment, createdBy: createdBy, updatedAt: updatedAt, submittedAt: submittedAt,
                reviewedBy: reviewedBy, reviewedAt: reviewedAt)
        }
    }

    private static let reportColumns = [
        "id", "task_id", "period_id", "department_id", "status", "progress_text", "problems", "next_steps", "funds_used",
        "percent", "reported_status", "achieved_value", "milestones_done", "review_comment", "created_by", "updated_at",
        "submitted_at", "reviewed_by", "reviewed_at",
    ]

    /// Reports matching the given tasks and/or periods, oldest period first.
    public func reports(taskIDs: [Int64]? = nil, periodIDs: [Int64]? = nil, status: ReportStatus? = nil) async throws
        -> [TaskReportRecord] {
        // An empty list matches nothing (and `IN ()` is an error on PostgreSQL).
        if taskIDs?.isEmpty == true || periodIDs?.isEmpty == true { return [] }
        let query = db.select().columns(Self.reportColumns).from("task_reports")
        if let taskIDs { query.where("task_id", .in, taskIDs) }
        if let periodIDs { query.where("period_id", .in, periodIDs) }
        if let status { query.where("status", .equal, status.rawValue) }
        return try await query.orderBy("period_id").orderBy("task_id").all()
            .map { try $0.decode(model: ReportRow.self, keyDecodingStrategy: .convertFromSnakeCase).record() }
    }

    public func report(id: Int64) async throws -> TaskReportRecord? {
        try await db.select().columns(Self.reportColumns).from("task_reports").where("id", .equal, id).first()
            .map { try $0.decode(model: ReportRow.self, keyDecodingStrategy: .convertFromSnakeCase).record() }
    }

    public func existingReport(id: Int64) async throws -> TaskReportRecord {
        guard let report = try await report(id: id) else { throw JunhengError.notFound("进展报告 \(id) 不存在") }
        return report
    }

    public func report(taskID: Int64, periodID: Int64) async throws -> TaskReportRecord? {
        try await reports(taskIDs: [taskID], periodIDs: [periodID]).first
    }

    /// Stores a new report or replaces a stored one's content and status; audited with before and after.
    @discardableResult
    public func save(_ report: TaskReportRecord, action: String, regionCode: RegionCode, actor: AuditActor) async throws
        -> TaskReportRecord {
        var report = report
        report.updatedAt = Timestamp.now()
        let values: [(String, SQLBind)] = [
            ("task_id", SQLBind(report.taskID)), ("period_id", SQLBind(report.periodID)),
            ("department_id", SQLBind(report.departmentID)), ("status", SQLBind(report.status.rawValue)),
            ("progress_text", SQLBind(report.progressText)), ("problems", SQLBind(report.problems)),
            ("next_steps", SQLBind(report.nextSteps)), ("funds_used", SQLBind(report.fundsUsed)),
            ("percent", SQLBind(report.percent)), ("reported_status", SQLBind(report.reportedStatus?.rawValue)),
            ("achieved_value", SQLBind(report.achievedValue)),
            ("milestones_done", SQLBind(report.milestonesDone.map(String.init).joined(separator: ","))),
            ("review_comment", SQLBind(report.reviewComment)), ("created_by", SQLBind(report.createdBy)),
            ("updated_at", SQLBind(report.updatedAt)), ("submitted_at", SQLBind(report.submittedAt)),
            ("reviewed_by", SQLBind(report.reviewedBy)), ("reviewed_at", SQLBind(report.reviewedAt)),
        ]
        let before = report.id == 0 ? nil : try await existingReport(id: report.id)
        if report.id == 0 {
            report.id = try await db.insert(into: "task_reports").columns(values.map(\.0)).values(values.map(\.1))
                .returning("id").first()!.decode(column: "id", as: Int64.self)
        } else {
            let update = db.update("task_reports")
            for (column, value) in values { update.set(SQLColumn(column), to: value) }
            try await update.where("id", .equal, report.id).run()
        }
        let after = try await existingReport(id: report.id)
        try await AuditLog(db).record(actor, action: action, entity: "task_report", entityID: String(report.id),
                                      regionCode: regionCode.rawValue, before: before, after: after)
        return after
    }

    public func contributions(reportIDs: [Int64]) async throws -> [ReportContribution] {
        guard !reportIDs.isEmpty else { return [] }
        return try await db.select().propertyColumns(["report_id", "department_id", "text", "updated_by", "updated_at"])
            .from("task_report_contributions").where("report_id", .in, reportIDs).orderBy("updated_at").all()
            .map { try $0.decode(model: ReportContribution.self) }
    }

    /// A cooperating department's part, replacing its earlier text; audited.
    public func contribute(reportID: Int64, departmentID: Int64, text: String, userID: Int64?, regionCode: RegionCode,
                           actor: AuditActor) async throws {
        let contribution = ReportContribution(reportID: reportID, departmentID: departmentID, text: text, updatedBy: userID,
                                              updatedAt: Timestamp.now())
        try await db.delete(from: "task_report_contributions").where("report_id", .equal, reportID)
            .where("department_id", .equal, departmentID).run()
        try await db.insert(into: "task_report_contributions")
            .columns("report_id", "department_id", "text", "updated_by", "updated_at")
            .values(SQLBind(reportID), SQLBind(departmentID), SQLBind(text), SQLBind(userID), SQLBind(contribution.updatedAt))
            .run()
        try await AuditLog(db).record(actor, action: "contribute", entity: "task_report", entityID: String(reportID),
                                      regionCode: regionCode.rawValue, after: contribution)
    }

    // MARK: files

    public func attach(reportID: Int64, filename: String, contentType: String, bytes: [UInt8], userID: Int64?) async throws
        -> Int64 {
        try await db.insert(into: "task_report_files")
            .columns("report_id", "filename", "content_type", "bytes", "uploaded_by", "uploaded_at")
            .values(SQLBind(reportID), SQLBind(filename), SQLBind(contentType), SQLBind(Data(bytes)), SQLBind(userID),
                    SQLBind(Timestamp.now()))
            .returning("id").first()!.decode(column: "id", as: Int64.self)
    }

    public func files(reportIDs: [Int64]) async throws -> [ReportFile] {
        guard !reportIDs.isEmpty else { return [] }
        return try await db.select().propertyColumns(["id", "report_id", "filename", "content_type", "uploaded_at"])
            .column(SQLFunction("LENGTH", args: SQLColumn("bytes")), as: "size")
            .from("task_report_files").where("report_id", .in, reportIDs).orderBy("id").all()
            .map { try $0.decode(model: ReportFile.self) }
    }

    /// A file's record and bytes.
    public func file(id: Int64) async throws -> (ReportFile, Data)? {
        guard let row = try await db.select().propertyColumns(["id", "report_id", "filename", "content_type", "uploaded_at"])
            .column("bytes").column(SQLFunction("LENGTH", args: SQLColumn("bytes")), as: "size")
            .from("task_report_files").where("id", .equal, id).first() else { return nil }
        return (try row.decode(model: ReportFile.self),
                try row.decode(column: "bytes", as: Data.self))
    }

    // MARK: settings

    /// The settings of the nearest region on `path` (the region, then its ancestors) that set them.
    public func settings(path: [RegionCode]) async throws -> TaskSettings {
        guard let region = path.first else { return .standard }
        return try await settings(paths: [region: path])[region] ?? .standard
    }

    /// The settings in force in each region (the key) with its path, the nearest region up the
    /// path that set them, else the standard ones: one query however many regions.
    public func settings(paths: [RegionCode: [RegionCode]]) async throws -> [RegionCode: TaskSettings] {
        let codes = Set(paths.values.joined()).map(\.rawValue)
        guard !codes.isEmpty else { return paths.mapValues { _ in .standard } }
        var saved: [String: TaskSettings] = [:]
        for row in try await db.select().columns("region_code", "yellow_lag", "red_lag", "due_soon_days", "frequency", "status_percents")
            .from("task_settings").where("region_code", .in, codes).all() {
            let percents = try JSONDecoder().decode([String: Double].self,
                                                    from: Data(try row.decode(column: "status_percents", as: String.self).utf8))
            saved[try row.decode(column: "region_code", as: String.self)] = TaskSettings(
                thresholds: ColourThresholds(yellowLag: try row.decode(column: "yellow_lag", as: Double.self),
                                             redLag: try row.decode(column: "red_lag", as: Double.self),
                                             dueSoonDays: try row.decode(column: "due_soon_days", as: Int.self)),
                statusScale: TaskStatusScale(percents: Dictionary(uniqueKeysWithValues: percents.compactMap { key, value in
                    TaskStatus(rawValue: key).map { ($0, value) } })),
                frequency: PeriodFrequency(rawValue: try row.decode(column: "frequency", as: String.self)) ?? .quarterly)
        }
        return paths.mapValues { path in path.lazy.compactMap { saved[$0.rawValue] }.first ?? .standard }
    }

    public func saveSettings(_ settings: TaskSettings, region: RegionCode, actor: AuditActor) async throws {
        let percents = Dictionary(uniqueKeysWithValues: settings.statusScale.percents.map { ($0.key.rawValue, $0.value) })
        let json = String(decoding: try JSONEncoder.sorted.encode(percents), as: UTF8.self)
        try await db.delete(from: "task_settings").where("region_code", .equal, region.rawValue).run()
        try await db.insert(into: "task_settings")
            .columns("region_code", "yellow_lag", "red_lag", "due_soon_days", "frequency", "status_percents", "updated_at")
            .values(SQLBind(region.rawValue), SQLBind(settings.thresholds.yellowLag), SQLBind(settings.thresholds.redLag),
                    SQLBind(settings.thresholds.dueSoonDays), SQLBind(settings.frequency.rawValue), SQLBind(json),
                    SQLBind(Timestamp.now()))
            .run()
        try await AuditLog(db).record(actor, action: "update", entity: "task_settings", entityID: region.rawValue,
                                      regionCode: region.rawValue, after: settings)
    }
}

private extension JSONEncoder {
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return encoder
    }
}

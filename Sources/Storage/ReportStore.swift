import Foundation
import JunhengCore
import SQLKit

/// An annual or mid-term report (`reports`); `id` is 0 until stored. A draft has no `figures`
/// (it shows the current ones); a published edition keeps the figures it was published with.
public struct ReportRecord: Codable, Sendable, Equatable {
    public var id: Int64
    public var regionCode: RegionCode
    public var planID: Int64?
    public var kind: ReportKind
    public var year: Int
    public var edition: Int
    public var stage: ReportStage
    public var title: String
    public var texts: ReportTexts
    public var figures: ReportFigures?
    /// What changed from the edition this one supersedes (empty for a first edition).
    public var changes: [ReportChange]
    public var supersedesID: Int64?
    public var createdBy: Int64?
    public var createdAt: String
    public var updatedAt: String
    public var publishedBy: Int64?
    public var publishedAt: String?

    public init(id: Int64 = 0, regionCode: RegionCode, planID: Int64?, kind: ReportKind, year: Int, edition: Int = 1,
                stage: ReportStage = .draft, title: String, texts: ReportTexts = ReportTexts(), figures: ReportFigures? = nil,
                changes: [ReportChange] = [], supersedesID: Int64? = nil, createdBy: Int64? = nil, createdAt: String = "",
                updatedAt: String = "", publishedBy: Int64? = nil, publishedAt: String? = nil) {
        self.id = id
        self.regionCode = regionCode
        self.planID = planID
        self.kind = kind
        self.year = year
        self.edition = edition
        self.stage = stage
        self.title = title
        self.texts = texts
        self.figures = figures
        self.changes = changes
        self.supersedesID = supersedesID
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.publishedBy = publishedBy
        self.publishedAt = publishedAt
    }
}

/// The formats a published report is kept in, byte for byte.
public enum ReportFormat: String, Codable, Sendable, CaseIterable {
    case html
    case pdf
    case docx
    case xlsx

    public var contentType: String {
        switch self {
        case .html: "text/html; charset=utf-8"
        case .pdf: "application/pdf"
        case .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        }
    }
}

/// One stored rendering of a published report and its SHA-256 (hex), computed by the caller.
public struct ReportFileRecord: Sendable, Equatable {
    public var format: ReportFormat
    public var bytes: Data
    public var sha256: String

    public init(format: ReportFormat, bytes: Data, sha256: String) {
        self.format = format
        self.bytes = bytes
        self.sha256 = sha256
    }
}

/// Reports and the files of their published editions.
public struct ReportStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) { self.db = db }

    private static let columns = ["id", "region_code", "plan_id", "kind", "year", "edition", "stage", "title", "texts",
                                  "figures", "changes", "supersedes_id", "created_by", "created_at", "updated_at",
                                  "published_by", "published_at"]

    private struct Row: Decodable {
        var id: Int64
        var regionCode: String
        var planID: Int64?
        var kind: String
        var year: Int
        var edition: Int
        var stage: String
        var title: String
        var texts: String
        var figures: String?
        var changes: String?
        var supersedesID: Int64?
        var createdBy: Int64?
        var createdAt: String
        var updatedAt: String
        var publishedBy: Int64?
        var publishedAt: String?

        func record() throws -> ReportRecord {
            guard let region = RegionCode(rawValue: regionCode), let kind = ReportKind(rawValue: kind),
                  let stage = ReportStage(rawValue: stage) else {
                throw JunhengError.invalid(field: "reports", "数据库中的报告 \(id) 数据无效")
            }
            let decoder = JSONDecoder()
            return ReportRecord(
                id: id, regionCode: region, planID: planID, kind: kind, year: year, edition: edition, stage: stage, title: title,
                texts: try decoder.decode(ReportTexts.self, from: Data(texts.utf8)),
                figures: try figures.map { try decoder.decode(ReportFigures.self, from: Data($0.utf8)) },
                changes: try changes.map { try decoder.decode([ReportChange].self, from: Data($0.utf8)) } ?? [],
                supersedesID: supersedesID, createdBy: createdBy, createdAt: createdAt, updatedAt: updatedAt,
                publishedBy: publishedBy, publishedAt: publishedAt)
        }
    }

    private static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    private func select() -> SQLSelectBuilder { db.select().propertyColumns(Self.columns).from("reports") }

    public func report(_ id: Int64) async throws -> ReportRecord? {
        try await select().where("id", .equal, id).first()?.decode(model: Row.self).record()
    }

    public func existingReport(_ id: Int64) async throws -> ReportRecord {
        guard let report = try await report(id) else { throw JunhengError.notFound("报告 \(id) 不存在") }
        return report
    }

    /// Reports of some regions (all when nil) in some stages, newest year first, then newest edition.
    public func reports(regions: [RegionCode]? = nil, stages: [ReportStage]) async throws -> [ReportRecord] {
        var query = select().where("stage", .in, stages.map(\.rawValue))
        if let regions { query = query.where("region_code", .in, regions.map(\.rawValue)) }
        return try await query.orderBy("year", .descending).orderBy("kind").orderBy("edition", .descending)
            .orderBy("id", .descending).all().map { try $0.decode(model: Row.self).record() }
    }

    /// The latest edition of the same report (region, plan, kind, year) other than drafts.
    public func latestPublishedEdition(of report: ReportRecord) async throws -> ReportRecord? {
        var query = select().where("region_code", .equal, report.regionCode.rawValue).where("kind", .equal, report.kind.rawValue)
            .where("year", .equal, report.year).where("stage", .equal, ReportStage.published.rawValue)
        query = report.planID.map { query.where("plan_id", .equal, $0) } ?? query.where("plan_id", .is, SQLLiteral.null)
        return try await query.orderBy("edition", .descending).first()?.decode(model: Row.self).record()
    }

    /// Stores a new draft.
    public func create(_ report: ReportRecord, actor: AuditActor) async throws -> ReportRecord {
        let now = Timestamp.now()
        let id = try await db.insert(into: "reports")
            .columns("region_code", "plan_id", "kind", "year", "edition", "stage", "title", "texts", "changes", "supersedes_id",
                     "created_by", "created_at", "updated_at")
            .values(SQLBind(report.regionCode.rawValue), SQLBind(report.planID), SQLBind(report.kind.rawValue), SQLBind(report.year),
                    SQLBind(report.edition), SQLBind(ReportStage.draft.rawValue), SQLBind(report.title),
                    SQLBind(try Self.json(report.texts)), SQLBind(try Self.json(report.changes)), SQLBind(report.supersedesID),
                    SQLBind(report.createdBy), SQLBind(now), SQLBind(now))
            .returning("id").first()!.decode(column: "id", as: Int64.self)
        let stored = try await existingReport(id)
        try await AuditLog(db).record(actor, action: "create", entity: "report", entityID: String(id),
                                      regionCode: stored.regionCode.rawValue, after: Audited(stored))
        return stored
    }

    /// Changes a draft's title and texts; a published report cannot change.
    public func update(_ id: Int64, title: String, texts: ReportTexts, actor: AuditActor) async throws -> ReportRecord {
        let before = try await existingReport(id)
        guard before.stage == .draft else { throw JunhengError.conflict("报告已发布，不能修改；可以发布新版") }
        try await db.update("reports").set("title", to: title).set("texts", to: try Self.json(texts))
            .set("updated_at", to: Timestamp.now()).where("id", .equal, id).where("stage", .equal, ReportStage.draft.rawValue).run()
        let after = try await existingReport(id)
        try await AuditLog(db).record(actor, action: "update", entity: "report", entityID: String(id),
                                      regionCode: after.regionCode.rawValue, before: Audited(before), after: Audited(after))
        return after
    }

    /// Publishes a draft with the figures and files it was rendered from, marking the edition it
    /// supersedes; run it in a transaction so a report is never published without its files.
    public func publish(_ id: Int64, figures: ReportFigures, changes: [ReportChange], files: [ReportFileRecord],
                        userID: Int64?, actor: AuditActor) async throws -> ReportRecord {
        let before = try await existingReport(id)
        guard before.stage == .draft else { throw JunhengError.conflict("报告已经发布") }
        let now = Timestamp.now()
        try await db.update("reports").set("stage", to: ReportStage.published.rawValue).set("figures", to: try Self.json(figures))
            .set("changes", to: try Self.json(changes)).set("published_by", to: SQLBind(userID)).set("published_at", to: now)
            .set("updated_at", to: now).where("id", .equal, id).run()
        for file in files {
            try await db.insert(into: "report_files").columns("report_id", "format", "bytes", "sha256")
                .values(SQLBind(id), SQLBind(file.format.rawValue), SQLBind(file.bytes), SQLBind(file.sha256)).run()
        }
        if let previous = before.supersedesID {
            try await db.update("reports").set("stage", to: ReportStage.superseded.rawValue).where("id", .equal, previous)
                .where("stage", .equal, ReportStage.published.rawValue).run()
        }
        let after = try await existingReport(id)
        try await AuditLog(db).record(actor, action: "publish", entity: "report", entityID: String(id),
                                      regionCode: after.regionCode.rawValue, before: Audited(before), after: Audited(after))
        return after
    }

    /// Deletes a draft (a published edition stays for good).
    public func deleteDraft(_ id: Int64, actor: AuditActor) async throws {
        let before = try await existingReport(id)
        guard before.stage == .draft else { throw JunhengError.conflict("已发布的报告不能删除") }
        try await db.delete(from: "reports").where("id", .equal, id).run()
        try await AuditLog(db).record(actor, action: "delete", entity: "report", entityID: String(id),
                                      regionCode: before.regionCode.rawValue, before: Audited(before))
    }

    /// A published edition's stored file.
    public func file(reportID: Int64, format: ReportFormat) async throws -> ReportFileRecord? {
        try await db.select().columns("bytes", "sha256").from("report_files").where("report_id", .equal, reportID)
            .where("format", .equal, format.rawValue).first().map { row in
                ReportFileRecord(format: format, bytes: try row.decode(column: "bytes", as: Data.self),
                                 sha256: try row.decode(column: "sha256", as: String.self))
            }
    }

    /// The audit row carries what a reader checks (stage, title, texts), not the figures' bulk.
    private struct Audited: Encodable {
        var kind: ReportKind
        var year: Int
        var edition: Int
        var stage: ReportStage
        var title: String
        var texts: ReportTexts
        init(_ report: ReportRecord) {
            kind = report.kind
            year = report.year
            edition = report.edition
            stage = report.stage
            title = report.title
            texts = report.texts
        }
    }
}

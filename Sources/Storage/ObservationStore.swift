import Foundation
import JunhengCore
import SQLKit

public struct SubmissionRecord: Codable, Sendable, Equatable {
    public var id: Int64
    public var regionCode: RegionCode
    public var year: Int
    public var status: SubmissionStatus
    public var source: String
    public var rowCount: Int
    public var createdBy: Int64?
    public var createdAt: String
    public var reviewedBy: Int64?
    public var reviewedAt: String?
    public var reviewComment: String
    public var warnings: [ValidationIssue]
}

/// The file a submission was uploaded as, kept with it for its reviewer.
public struct SubmissionFile: Sendable, Equatable {
    public var filename: String
    public var contentType: String
    public var bytes: Data

    public init(filename: String, contentType: String, bytes: Data) {
        self.filename = filename
        self.contentType = contentType
        self.bytes = bytes
    }
}

/// A file to keep with a submission as it is stored: read a megabyte at a time, from memory or
/// from disk, so that a large upload is never all in memory.
public struct SubmissionUpload: Sendable {
    public var filename: String
    public var contentType: String
    public var size: Int
    /// The bytes at an offset, at most `count` of them.
    public var read: @Sendable (_ offset: Int, _ count: Int) throws -> Data

    public init(filename: String, contentType: String, size: Int, read: @escaping @Sendable (_ offset: Int, _ count: Int) throws -> Data) {
        self.filename = filename
        self.contentType = contentType
        self.size = size
        self.read = read
    }

    /// A file held in memory (a web form's upload).
    public init(filename: String, contentType: String, bytes: Data) {
        self.init(filename: filename, contentType: contentType, size: bytes.count) { offset, count in
            bytes.subdata(in: (bytes.startIndex + offset)..<(bytes.startIndex + min(bytes.count, offset + count)))
        }
    }

    static let partSize = 1 << 20
}

/// One value of a submission as it was submitted, with the row it came from.
public struct SubmittedValue: Sendable, Equatable {
    public var key: ObservationKey
    public var value: Double
    /// The upload's row (1-based data rows of the web form and JSON; file rows of an upload).
    public var sourceRow: Int?
}

/// The newest submitted value of one indicator for a region and year, with where its submission
/// stands: what the data-entry form shows a reporter (a returned figure, with the reviewer's words).
public struct LatestSubmittedValue: Sendable, Equatable {
    public var indicatorID: Int64
    public var value: Double
    public var submissionID: Int64
    public var status: SubmissionStatus
    public var reviewComment: String
}

public struct ObservationPoint: Codable, Sendable, Equatable {
    public var regionCode: String
    public var year: Int
    public var value: Double
    public var status: String
}

/// Yearly data (监测数据): submissions from reporters, their review, and the current figures.
/// A submission's values show at once as `submitted`; approval makes them `approved` and locks
/// them — a later upload for an approved figure waits in its submission until that is approved.
public struct ObservationStore: Sendable {
    let db: any SQLDatabase
    let engine: DatabaseEngine

    public init(_ db: any SQLDatabase, engine: DatabaseEngine) {
        self.db = db
        self.engine = engine
    }

    /// Rows per multi-row INSERT: well under both engines' limits on bound parameters.
    static let batchSize = 500
    /// Rows per INSERT from arrays (PostgreSQL): large enough that statements do not matter.
    static let arrayBatchSize = 50_000

    /// Stores a validated upload as one submission. Call inside a transaction so that a failure
    /// leaves nothing behind. With `approval`, the submission is approved at once (as `approve`
    /// does, audited), and the figures are written once, as approved, instead of twice.
    public func submit(regionCode: RegionCode, source: String, observations: [ValidatedObservation],
                       warnings: [ValidationIssue], actor: AuditActor, file: SubmissionUpload? = nil,
                       approval: (comment: String, actor: AuditActor)? = nil) async throws -> SubmissionRecord {
        guard !observations.isEmpty else { throw JunhengError.invalid(field: "file", "没有可导入的数据行") }
        return try await store(regionCode: regionCode, source: source, year: observations.map(\.key.year).max()!,
                               rowCount: observations.count, warnings: warnings, actor: actor, file: file, approval: approval) { id in
            try await insertValues(observations, submission: id)
        }
    }

    /// Stores the rows of an import's staging table (`ObservationStaging`, checked) as one
    /// submission, as `submit` does; `year` is their latest, `rowCount` their number.
    public func submitStaged(regionCode: RegionCode, source: String, year: Int, rowCount: Int,
                             warnings: [ValidationIssue], actor: AuditActor, file: SubmissionUpload? = nil,
                             approval: (comment: String, actor: AuditActor)? = nil) async throws -> SubmissionRecord {
        guard rowCount > 0 else { throw JunhengError.invalid(field: "file", "没有可导入的数据行") }
        return try await store(regionCode: regionCode, source: source, year: year, rowCount: rowCount, warnings: warnings,
                               actor: actor, file: file, approval: approval) { id in
            // In key order, the order of the primary key the rows go into (the staging index has it).
            try await db.raw("""
                INSERT INTO submission_values (submission_id, indicator_id, region_code, year, disaggregation, value, source_row)
                SELECT \(bind: id), indicator_id, region_code, year, disaggregation, value, source_row FROM staged_observations
                ORDER BY indicator_id, region_code, year, disaggregation
                """).run()
        }
    }

    private func store(regionCode: RegionCode, source: String, year: Int, rowCount: Int, warnings: [ValidationIssue],
                       actor: AuditActor, file: SubmissionUpload?, approval: (comment: String, actor: AuditActor)?,
                       values insertValues: (Int64) async throws -> Void) async throws -> SubmissionRecord {
        let now = Timestamp.now()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let id = try await db.insert(into: "submissions")
            .columns("region_code", "year", "status", "source", "created_by", "created_at", "submitted_at", "row_count", "warnings_json")
            .values(SQLBind(regionCode.rawValue), SQLBind(year), SQLBind("submitted"), SQLBind(source), SQLBind(actor.userID),
                    SQLBind(now), SQLBind(now), SQLBind(rowCount),
                    SQLBind(String(decoding: try encoder.encode(warnings), as: UTF8.self)))
            .returning("id").first()!.decode(column: "id", as: Int64.self)

        try await insertValues(id)
        if let file {
            try await db.insert(into: "submission_files").columns("submission_id", "filename", "content_type")
                .values(SQLBind(id), SQLBind(file.filename), SQLBind(file.contentType)).run()
            // In parts of a megabyte: a large upload is never bound (or held) whole.
            for (part, offset) in stride(from: 0, to: max(file.size, 1), by: SubmissionUpload.partSize).enumerated() {
                try await db.insert(into: "submission_file_parts").columns("submission_id", "part", "bytes")
                    .values(SQLBind(id), SQLBind(part), SQLBind(try file.read(offset, SubmissionUpload.partSize))).run()
            }
        }
        if approval == nil {
            // The current figures, copied from the stored values in one statement. Figures
            // already approved stay as they are until this submission is approved.
            try await db.raw("""
                INSERT INTO observations (indicator_id, region_code, year, disaggregation, value, status, submission_id, source, created_by, created_at)
                SELECT indicator_id, region_code, year, disaggregation, value, 'submitted', submission_id, \(bind: source), \(bind: actor.userID), \(bind: now)
                FROM submission_values WHERE submission_id = \(bind: id)
                ON CONFLICT (indicator_id, region_code, year, disaggregation) DO UPDATE SET
                  value = excluded.value, status = excluded.status, submission_id = excluded.submission_id,
                  source = excluded.source, created_by = excluded.created_by, created_at = excluded.created_at
                WHERE observations.status <> 'approved'
                """).run()
        }
        let submission = try await existingSubmission(id)
        try await AuditLog(db).record(actor, action: "submit", entity: "submission", entityID: String(id),
                                      regionCode: regionCode.rawValue,
                                      after: SubmissionSummary(rows: rowCount, source: source, year: year))
        guard let approval else { return submission }
        return try await approve(id, comment: approval.comment, actor: approval.actor)
    }

    /// Stores a submission's values as submitted. PostgreSQL takes each column as one array
    /// (binding a million rows one value at a time costs more than storing them); SQLite, which
    /// has no arrays, takes multi-row INSERTs.
    private func insertValues(_ observations: [ValidatedObservation], submission id: Int64) async throws {
        switch engine {
        case .postgres:
            for batch in observations.chunked(into: Self.arrayBatchSize) {
                try await db.raw("""
                    INSERT INTO submission_values (submission_id, indicator_id, region_code, year, disaggregation, value, source_row)
                    SELECT \(bind: id), * FROM unnest(\(bind: batch.map(\.key.indicatorID)), \(bind: batch.map(\.key.regionCode)),
                      \(bind: batch.map(\.key.year)), \(bind: batch.map(\.key.disaggregation)), \(bind: batch.map(\.value)), \(bind: batch.map(\.row)))
                    """).run()
            }
        case .sqlite:
            for batch in observations.chunked(into: Self.batchSize) {
                var values: [SQLQueryString] = []
                for observation in batch {
                    let key = observation.key
                    values.append("(\(bind: id), \(bind: key.indicatorID), \(bind: key.regionCode), \(bind: key.year), \(bind: key.disaggregation), \(bind: observation.value), \(bind: observation.row))")
                }
                try await db.raw("""
                    INSERT INTO submission_values (submission_id, indicator_id, region_code, year, disaggregation, value, source_row)
                    VALUES \(SQLList(values, separator: SQLRaw(", ")))
                    """).run()
            }
        }
    }

    private static func submission(from row: any SQLRow) throws -> SubmissionRecord {
        let code = try row.decode(column: "region_code", as: String.self)
        guard let region = RegionCode(rawValue: code),
              let status = SubmissionStatus(rawValue: try row.decode(column: "status", as: String.self))
        else { throw JunhengError.invalid(field: "submissions", "数据库中的报送记录无效") }
        let warnings = (try? JSONDecoder().decode([ValidationIssue].self,
                                                  from: Data(try row.decode(column: "warnings_json", as: String.self).utf8))) ?? []
        return SubmissionRecord(
            id: try row.decode(column: "id", as: Int64.self), regionCode: region, year: try row.decode(column: "year", as: Int.self),
            status: status, source: try row.decode(column: "source", as: String.self),
            rowCount: try row.decode(column: "row_count", as: Int.self),
            createdBy: try row.decode(column: "created_by", as: Int64?.self),
            createdAt: try row.decode(column: "created_at", as: String.self),
            reviewedBy: try row.decode(column: "reviewed_by", as: Int64?.self),
            reviewedAt: try row.decode(column: "reviewed_at", as: String?.self),
            reviewComment: try row.decode(column: "review_comment", as: String.self), warnings: warnings)
    }

    public func submission(_ id: Int64) async throws -> SubmissionRecord? {
        try await db.select().column("*").from("submissions").where("id", .equal, id).first().map(Self.submission(from:))
    }

    public func existingSubmission(_ id: Int64) async throws -> SubmissionRecord {
        guard let submission = try await submission(id) else { throw JunhengError.notFound("报送 \(id)") }
        return submission
    }

    /// Submissions for the given regions (all when nil), newest first; with `departmentID`, only
    /// those holding a figure of one of the department's indicators.
    public func submissions(regionCodes: [RegionCode]?, status: SubmissionStatus? = nil, departmentID: Int64? = nil,
                            limit: Int = 200) async throws -> [SubmissionRecord] {
        var query = db.select().column("*").from("submissions")
        if let regionCodes {
            if regionCodes.isEmpty { return [] }
            query = query.where("region_code", .in, regionCodes.map(\.rawValue))
        }
        if let status { query = query.where("status", .equal, status.rawValue) }
        if let departmentID {
            query = query.where(SQLQueryString("""
                id IN (SELECT v.submission_id FROM submission_values v JOIN indicators i ON i.id = v.indicator_id
                       WHERE i.department_id = \(bind: departmentID))
                """))
        }
        return try await query.orderBy("id", .descending).limit(limit).all().map(Self.submission(from:))
    }

    /// Approves a submission: its values become the approved figures, replacing earlier approved
    /// ones (a correction) with the change audited.
    public func approve(_ id: Int64, comment: String, actor: AuditActor) async throws -> SubmissionRecord {
        let before = try await existingSubmission(id)
        try SubmissionReview.check(.approve, submissionID: id, status: before.status, reviewer: actor.userID,
                                   submitter: before.createdBy)
        let corrections = try await db.raw("""
            SELECT COUNT(*) AS n FROM submission_values v JOIN observations o
              ON o.indicator_id = v.indicator_id AND o.region_code = v.region_code AND o.year = v.year
             AND o.disaggregation = v.disaggregation
            WHERE v.submission_id = \(bind: id) AND o.status = 'approved' AND o.value <> v.value
            """).first()?.decode(column: "n", as: Int.self) ?? 0
        let now = Timestamp.now()
        try await db.raw("""
            INSERT INTO observations (indicator_id, region_code, year, disaggregation, value, status, submission_id, source, created_by, created_at)
            SELECT v.indicator_id, v.region_code, v.year, v.disaggregation, v.value, 'approved', v.submission_id, s.source, s.created_by, \(bind: now)
            FROM submission_values v JOIN submissions s ON s.id = v.submission_id
            WHERE v.submission_id = \(bind: id)
            ON CONFLICT (indicator_id, region_code, year, disaggregation) DO UPDATE SET
              value = excluded.value, status = 'approved', submission_id = excluded.submission_id,
              source = excluded.source, created_by = excluded.created_by, created_at = excluded.created_at
            """).run()
        try await ApprovedTotals(db: db, engine: engine).refresh(submission: id)
        try await db.update("submissions").set("status", to: "approved").set("reviewed_by", to: actor.userID)
            .set("reviewed_at", to: now).set("review_comment", to: comment).where("id", .equal, id).run()
        let after = try await existingSubmission(id)
        try await AuditLog(db).record(actor, action: "approve", entity: "submission", entityID: String(id),
                                      regionCode: before.regionCode.rawValue, before: before,
                                      after: ApprovalSummary(status: "approved", correctedApprovedValues: corrections))
        return after
    }

    /// Returns a submission to its reporter with a comment; its unapproved figures are marked returned.
    public func returnSubmission(_ id: Int64, comment: String, actor: AuditActor) async throws -> SubmissionRecord {
        let before = try await existingSubmission(id)
        try SubmissionReview.check(.sendBack(reason: comment), submissionID: id, status: before.status,
                                   reviewer: actor.userID, submitter: before.createdBy)
        try await db.update("observations").set("status", to: "returned")
            .where("submission_id", .equal, id).where("status", .equal, "submitted").run()
        try await db.update("submissions").set("status", to: "returned").set("reviewed_by", to: actor.userID)
            .set("reviewed_at", to: Timestamp.now()).set("review_comment", to: comment).where("id", .equal, id).run()
        let after = try await existingSubmission(id)
        try await AuditLog(db).record(actor, action: "return", entity: "submission", entityID: String(id),
                                      regionCode: before.regionCode.rawValue, before: before, after: after)
        return after
    }

    // MARK: reading

    /// The file a submission was uploaded as, if it came as one.
    public func submissionFile(_ id: Int64) async throws -> SubmissionFile? {
        guard let row = try await db.select().columns("filename", "content_type").from("submission_files")
            .where("submission_id", .equal, id).first() else { return nil }
        var bytes = Data()
        for part in try await db.select().column("bytes").from("submission_file_parts").where("submission_id", .equal, id)
            .orderBy("part").all() {
            bytes.append(try part.decode(column: "bytes", as: Data.self))
        }
        return SubmissionFile(filename: try row.decode(column: "filename", as: String.self),
                              contentType: try row.decode(column: "content_type", as: String.self), bytes: bytes)
    }

    /// A submission's values as submitted, in the order of its rows.
    public func submissionValues(_ id: Int64) async throws -> [SubmittedValue] {
        try await db.select().columns("indicator_id", "region_code", "year", "disaggregation", "value", "source_row")
            .from("submission_values").where("submission_id", .equal, id)
            .orderBy("source_row").orderBy("indicator_id").orderBy("region_code").orderBy("year").all().map { row in
                SubmittedValue(key: ObservationKey(indicatorID: try row.decode(column: "indicator_id", as: Int64.self),
                                                   regionCode: try row.decode(column: "region_code", as: String.self),
                                                   year: try row.decode(column: "year", as: Int.self),
                                                   disaggregation: try row.decode(column: "disaggregation", as: String.self)),
                               value: try row.decode(column: "value", as: Double.self),
                               sourceRow: try row.decode(column: "source_row", as: Int?.self))
            }
    }

    /// The approved figures of some indicators, regions and years: what a submission is compared with.
    public func approvedValues(indicatorIDs: [Int64], regionCodes: [String], years: [Int]) async throws -> [ObservationKey: Double] {
        guard !indicatorIDs.isEmpty, !regionCodes.isEmpty, !years.isEmpty else { return [:] }
        var values: [ObservationKey: Double] = [:]
        for row in try await db.select().columns("indicator_id", "region_code", "year", "disaggregation", "value")
            .from("observations").where("indicator_id", .in, indicatorIDs).where("region_code", .in, regionCodes)
            .where("year", .in, years).where("status", .equal, "approved").all() {
            let key = ObservationKey(indicatorID: try row.decode(column: "indicator_id", as: Int64.self),
                                     regionCode: try row.decode(column: "region_code", as: String.self),
                                     year: try row.decode(column: "year", as: Int.self),
                                     disaggregation: try row.decode(column: "disaggregation", as: String.self))
            values[key] = try row.decode(column: "value", as: Double.self)
        }
        return values
    }

    /// For each of the indicators, the newest submitted total for the region and year, with its
    /// submission's status and review comment.
    public func latestSubmittedValues(regionCode: String, year: Int, indicatorIDs: [Int64]) async throws -> [Int64: LatestSubmittedValue] {
        guard !indicatorIDs.isEmpty else { return [:] }
        var latest: [Int64: LatestSubmittedValue] = [:]
        for row in try await db.raw("""
            SELECT v.indicator_id, v.value, s.id, s.status, s.review_comment
            FROM submission_values v JOIN submissions s ON s.id = v.submission_id
            WHERE v.region_code = \(bind: regionCode) AND v.year = \(bind: year) AND v.disaggregation = ''
              AND v.indicator_id IN (\(binds: indicatorIDs))
            ORDER BY s.id DESC
            """).all() {
            let indicatorID = try row.decode(column: "indicator_id", as: Int64.self)
            guard latest[indicatorID] == nil,
                  let status = SubmissionStatus(rawValue: try row.decode(column: "status", as: String.self)) else { continue }
            latest[indicatorID] = LatestSubmittedValue(
                indicatorID: indicatorID, value: try row.decode(column: "value", as: Double.self),
                submissionID: try row.decode(column: "id", as: Int64.self), status: status,
                reviewComment: try row.decode(column: "review_comment", as: String.self))
        }
        return latest
    }

    /// The current figures of an indicator for some regions (totals unless a disaggregation is
    /// given), returned rows excluded. Figures awaiting approval only as `pending` allows: none
    /// for the public, those of the reader's regions for a signed-in reader.
    public func points(indicatorID: Int64, regionCodes: [String], disaggregation: String = "",
                       years: ClosedRange<Int>? = nil, pending: PendingFigures = .visible(regions: nil)) async throws -> [ObservationPoint] {
        guard !regionCodes.isEmpty else { return [] }
        var query = db.select().columns("region_code", "year", "value", "status").from("observations")
            .where("indicator_id", .equal, indicatorID).where("disaggregation", .equal, disaggregation)
            .where("region_code", .in, regionCodes)
        switch pending {
        case .visible(regions: nil):
            query = query.where("status", .notEqual, "returned")
        case .visible(regions: let regions?) where !regions.isEmpty:
            query = query.where(group: { group in
                group.where("status", .equal, "approved").orWhere(group: {
                    $0.where("status", .equal, "submitted").where("region_code", .in, regions.sorted())
                })
            })
        case .hidden, .visible:
            query = query.where("status", .equal, "approved")
        }
        if let years { query = query.where("year", .greaterThanOrEqual, years.lowerBound).where("year", .lessThanOrEqual, years.upperBound) }
        return try await query.orderBy("region_code").orderBy("year").all().map { row in
            ObservationPoint(regionCode: try row.decode(column: "region_code", as: String.self),
                             year: try row.decode(column: "year", as: Int.self),
                             value: try row.decode(column: "value", as: Double.self),
                             status: try row.decode(column: "status", as: String.self))
        }
    }

    /// Stored values for the given indicators and regions, for validating an upload against them.
    public func storedValues(indicatorIDs: [Int64], regionCodes: [String]) async throws -> [ObservationKey: Double] {
        guard !indicatorIDs.isEmpty, !regionCodes.isEmpty else { return [:] }
        var values: [ObservationKey: Double] = [:]
        for row in try await db.select().columns("indicator_id", "region_code", "year", "disaggregation", "value")
            .from("observations").where("indicator_id", .in, indicatorIDs).where("region_code", .in, regionCodes)
            .where("status", .notEqual, "returned").all() {
            let key = ObservationKey(indicatorID: try row.decode(column: "indicator_id", as: Int64.self),
                                     regionCode: try row.decode(column: "region_code", as: String.self),
                                     year: try row.decode(column: "year", as: Int.self),
                                     disaggregation: try row.decode(column: "disaggregation", as: String.self))
            values[key] = try row.decode(column: "value", as: Double.self)
        }
        return values
    }

    /// The distinct sources an indicator's figures came from (file names, 网页填报, the demo), sorted.
    public func sources(indicatorID: Int64, limit: Int) async throws -> [String] {
        guard limit > 0 else { return [] }
        // A skip scan of `observations_indicator_source`: each step is the next source after the
        // last, one index lookup, so the cost is `limit` lookups however many figures there are.
        let query: SQLQueryString = """
            WITH RECURSIVE found(source, n) AS (
              SELECT MIN(source), 1 FROM observations WHERE indicator_id = \(bind: indicatorID)
              UNION ALL
              SELECT (SELECT MIN(o.source) FROM observations o WHERE o.indicator_id = \(bind: indicatorID) AND o.source > found.source),
                     found.n + 1
              FROM found WHERE found.source IS NOT NULL AND found.n < \(bind: limit)
            )
            SELECT source FROM found WHERE source IS NOT NULL ORDER BY source
            """
        return try await db.raw(query).all().map { try $0.decode(column: "source", as: String.self) }
    }

    /// Whether any figure of these indicators in these regions came from `source` (the demo's
    /// invented figures are labelled by theirs).
    public func hasSource(_ source: String, indicatorIDs: [Int64], regionCodes: [String]) async throws -> Bool {
        guard !indicatorIDs.isEmpty, !regionCodes.isEmpty else { return false }
        return try await db.select().column("indicator_id").from("observations").where("source", .equal, source)
            .where("indicator_id", .in, indicatorIDs).where("region_code", .in, regionCodes).limit(1).first() != nil
    }

    public func count() async throws -> Int {
        try await db.raw("SELECT COUNT(*) AS n FROM observations").first()?.decode(column: "n", as: Int.self) ?? 0
    }
}

/// What the audit trail records for a submission and an approval.
struct SubmissionSummary: Encodable {
    let rows: Int
    let source: String
    let year: Int
}

struct ApprovalSummary: Encodable {
    let status: String
    /// How many already approved figures the approval changed: corrections after approval.
    let correctedApprovedValues: Int
}

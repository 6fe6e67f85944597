import Foundation
import JunhengCore
import Spreadsheet
import Storage

/// The one path every observation upload takes — JSON rows, CSV, XLSX, the web form and
/// `junheng import observations`: validate everything, and only then store it as one submission,
/// in one transaction. Any error rejects the whole upload with sheet, row, column and reason.
public struct ObservationImport: Sendable {
    public let database: JunhengDatabase
    /// Year-over-year change above which a value is flagged (0.5 = ±50 %).
    public var jumpThreshold: Double

    public static let defaultJumpThreshold = 0.5

    public init(database: JunhengDatabase, jumpThreshold: Double = ObservationImport.defaultJumpThreshold) {
        self.database = database
        self.jumpThreshold = jumpThreshold
    }

    /// How far an import of a file has come, for a progress bar.
    public enum Progress: Sendable, Equatable {
        /// Rows read and checked on their own so far (the number of the last one).
        case reading(row: Int)
        /// All rows read: loading, the checks across rows and storing, in the database.
        case storing(rows: Int)
    }

    public struct Outcome: Codable, Sendable {
        public var submission: SubmissionRecord
        public var warnings: [ValidationIssue]
        /// Rows stored by indicator and year.
        public var stored: [StoredCount]
    }

    /// Validates and stores an upload made by someone scoped to `scope` (nil = nationwide) and, for
    /// a department editor, to the indicators `department` leads; `file`, the upload as it came, is
    /// kept with the submission for its reviewer.
    public func importTables(_ tables: [UploadTable], source: String, scope: RegionCode?, department: Int64? = nil,
                             actor: AuditActor, file: SubmissionUpload? = nil) async throws -> Outcome {
        try await validateAndSubmit(source: source, scope: scope, department: department, actor: actor, file: file,
                                    approval: nil) { reader in
            for table in tables {
                try reader.table(sheet: table.sheet, header: table.header, headerRow: table.headerRow)
                for (offset, cells) in table.rows.enumerated() { try reader.row(cells, number: table.headerRow + offset + 1) }
            }
        }
    }

    /// Reads a CSV or XLSX file held in memory and imports it (`importFile` of `.data`).
    public func importFile(_ data: Data, filename: String, scope: RegionCode?, department: Int64? = nil, actor: AuditActor,
                           approval: (comment: String, actor: AuditActor)? = nil) async throws -> Outcome {
        try await importFile(.data(data), filename: filename, scope: scope, department: department, actor: actor, approval: approval)
    }

    /// Reads a CSV or XLSX upload as a stream and imports it as `importTables` does, keeping the
    /// file with the submission; with `approval`, the submission is approved in the same
    /// transaction. `progress` hears the rows read so far, then that they are being stored.
    public func importFile(_ upload: UploadSource, filename: String, scope: RegionCode?, department: Int64? = nil,
                           actor: AuditActor, approval: (comment: String, actor: AuditActor)? = nil,
                           limits: SpreadsheetLimits = .upload,
                           progress: @escaping (Progress) -> Void = { _ in }) async throws -> Outcome {
        try await validateAndSubmit(source: filename, scope: scope, department: department, actor: actor,
                                    file: try Self.file(upload, filename: filename), approval: approval) { reader in
            try UploadTables.forEachRow(of: upload, filename: filename, limits: limits,
                                        table: { try reader.table(sheet: $0, header: $1, headerRow: $2) },
                                        row: { cells, number in
                                            try reader.row(cells, number: number)
                                            progress(.reading(row: number))
                                        })
            progress(.storing(rows: reader.rowCount))
        }
    }

    /// An uploaded file as kept with its submission; its type follows from its name, the one thing
    /// `UploadTables` reads it by.
    public static func file(_ upload: UploadSource, filename: String) throws -> SubmissionUpload {
        let contentType = switch (filename as NSString).pathExtension.lowercased() {
        case "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        case "csv": "text/csv"
        default: "application/octet-stream"
        }
        switch upload {
        case .data(let data):
            return SubmissionUpload(filename: filename, contentType: contentType, bytes: data)
        case .file(let path):
            let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
            return SubmissionUpload(filename: filename, contentType: contentType, size: size) { offset, count in
                let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
                defer { try? handle.close() }
                try handle.seek(toOffset: UInt64(offset))
                return try handle.read(upToCount: count) ?? Data()
            }
        }
    }

    /// Reads the upload through `read` — each row checked on its own as it passes, the accepted
    /// ones spooled to a file — then, in one transaction, loads the spool into a staging table,
    /// checks across rows there (duplicates, sums of additive indicators) and stores the
    /// submission from it. Memory stays that of one row and the lookups of regions and
    /// indicators, however long the upload. Errors are the in-memory validator's, in its order:
    /// the header's alone if any; else each row's and duplicates, by row; then sums.
    private func validateAndSubmit(source: String, scope: RegionCode?, department: Int64?, actor: AuditActor,
                                   file: SubmissionUpload?, approval: (comment: String, actor: AuditActor)?,
                                   read: (StagingReader) throws -> Void) async throws -> Outcome {
        let db = database.sql
        let regionStore = RegionStore(db)
        var writable: [RegionCode]?
        if let scope { writable = try await regionStore.subtreeCodes(of: scope) }
        var regions: [String: (name: String, parent: String?)] = [:]
        for region in try await regionStore.allRegionsWithParents() { regions[region.code.rawValue] = (region.name, region.parentCode?.rawValue) }
        // Derived indicators are computed, never uploaded.
        let indicators = try await IndicatorStore(db).indicators().filter { !$0.isDerived }
        let context = UploadContext(regions: regions, indicators: indicators.map(\.rule),
                                    writableRegions: Set(writable.map { $0.map(\.rawValue) } ?? Array(regions.keys)),
                                    jumpThreshold: jumpThreshold, writableDepartment: department)
        let reader = try StagingReader(checker: UploadRowChecker(context: context))
        try read(reader)
        guard reader.headerErrors.isEmpty else { throw JunhengError.invalid(reader.headerErrors) }
        guard reader.rowCount > 0 else { throw JunhengError.invalid(field: "file", "文件中没有数据行") }
        try reader.spool.finish()

        let regionCodes = reader.regionCodes
        let additive = indicators.filter(\.additive).map(\.id)
        let (threshold, tolerance, layouts) = (jumpThreshold, context.additivityTolerance, reader.layouts)
        let (rowErrors, spool, year) = (reader.rowErrors, reader.spool, reader.latestYear)
        let submission = try await database.bulkTransaction { session in
            let staging = ObservationStaging(session)
            try await staging.load(spool)
            func issue(_ row: StagedRow, _ column: UploadColumn, _ reason: String) -> ValidationIssue {
                layouts[row.table].issue(column, row: row.row, reason)
            }
            let duplicates = try await staging.duplicates()
            if !duplicates.isEmpty { try await staging.removeDuplicates() }
            var errors = Self.merged(rowErrors, duplicates.map { ($0.row, [issue($0.row, .region, ObservationValidator.duplicateReason(firstRow: $0.firstRow))]) })
            for sum in try await staging.childSums(indicatorIDs: additive, asOf: Timestamp.today()) {
                if let reason = ObservationValidator.additivityReason(value: sum.value, childSum: sum.childSum, tolerance: tolerance) {
                    errors.append(issue(sum.row, .value, reason))
                }
            }
            guard errors.isEmpty else { throw JunhengError.invalid(errors) }
            let warnings = try await staging.previousYearChanges(beyond: threshold).compactMap { change in
                ObservationValidator.jumpReason(value: change.value, previous: change.previous, threshold: threshold)
                    .map { issue(change.row, .value, $0) }
            }
            let submissionRegion = try await Self.commonAncestor(of: regionCodes, fallback: scope, in: session.sql)
            let stored = try await ObservationStore(session.sql, engine: session.engine).submitStaged(
                regionCode: submissionRegion, source: source, year: year, rowCount: spool.count,
                warnings: warnings, actor: actor, file: file, approval: approval)
            let counts = try await staging.counts()
            try await staging.drop()
            return Outcome(submission: stored, warnings: warnings, stored: counts)
        }
        return submission
    }

    /// Two lists of issues by row, each in upload order, as one in upload order.
    static func merged(_ first: [(StagedRow, [ValidationIssue])], _ second: [(StagedRow, [ValidationIssue])]) -> [ValidationIssue] {
        var result: [ValidationIssue] = []
        var (i, j) = (0, 0)
        func before(_ a: StagedRow, _ b: StagedRow) -> Bool { (a.table, a.row) < (b.table, b.row) }
        while i < first.count || j < second.count {
            if j == second.count || (i < first.count && !before(second[j].0, first[i].0)) {
                result += first[i].1
                i += 1
            } else {
                result += second[j].1
                j += 1
            }
        }
        return result
    }

    /// The lowest region containing all the given ones: the submission's region, which decides
    /// who reviews it.
    private static func commonAncestor(of codes: Set<String>, fallback: RegionCode?, in db: DatabaseSession) async throws -> RegionCode {
        let store = RegionStore(db)
        var shared: [RegionCode]?
        for code in codes.sorted() {
            guard let regionCode = RegionCode(rawValue: code) else { continue }
            let path = try await store.path(of: regionCode)
            shared = shared.map { current in current.filter(path.contains) } ?? path
        }
        if let first = shared?.first { return first }
        if let fallback { return fallback }
        throw JunhengError.invalid(field: "region", "数据涉及的地区没有共同的上级，请分开上传")
    }
}

/// What an import keeps while its upload streams past: each table's layout (from its header),
/// the header's problems, each rejected row's, and the accepted rows spooled to a file; besides
/// these only counts and the regions named, so memory does not grow with the upload.
final class StagingReader {
    let checker: UploadRowChecker
    let spool: StagingSpool
    private(set) var layouts: [UploadLayout] = []
    private(set) var headerErrors: [ValidationIssue] = []
    private(set) var rowErrors: [(StagedRow, [ValidationIssue])] = []
    /// Non-blank data rows read.
    private(set) var rowCount = 0
    private(set) var regionCodes: Set<String> = []
    private(set) var latestYear = 0
    /// The current table's layout; nil after a bad header (its rows are not read).
    private var layout: UploadLayout?

    init(checker: UploadRowChecker) throws {
        self.checker = checker
        spool = try StagingSpool()
    }

    func table(sheet: String?, header: [String], headerRow: Int) throws {
        let (layout, errors) = ObservationValidator.layout(header: header, sheet: sheet)
        headerErrors += errors
        self.layout = layout
        if let layout { layouts.append(layout) }
    }

    func row(_ cells: [String], number: Int) throws {
        guard let layout, let row = layout.row(cells, number: number) else { return }
        rowCount += 1
        switch checker.check(row) {
        case .rejected(let issues):
            rowErrors.append((StagedRow(table: layouts.count - 1, row: number), issues))
        case .accepted(let observation):
            regionCodes.insert(observation.key.regionCode)
            latestYear = max(latestYear, observation.key.year)
            try spool.append(observation, table: layouts.count - 1)
        }
    }
}

import Foundation
import JunhengCore
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

    public struct Outcome: Codable, Sendable {
        public var submission: SubmissionRecord
        public var warnings: [ValidationIssue]
    }

    /// Validates and stores an upload made by someone scoped to `scope` (nil = nationwide) and, for
    /// a department editor, to the indicators `department` leads; `file`, the upload as it came, is
    /// kept with the submission for its reviewer.
    public func importTables(_ tables: [UploadTable], source: String, scope: RegionCode?, department: Int64? = nil,
                             actor: AuditActor, file: SubmissionFile? = nil) async throws -> Outcome {
        try await validateAndSubmit(tables, source: source, scope: scope, department: department, actor: actor, file: file,
                                    approval: nil)
    }

    /// Reads a CSV or XLSX file and imports it as `importTables` does, keeping the file with the
    /// submission; with `approval`, the submission is approved in the same transaction.
    public func importFile(_ data: Data, filename: String, scope: RegionCode?, department: Int64? = nil, actor: AuditActor,
                           approval: (comment: String, actor: AuditActor)? = nil) async throws -> Outcome {
        try await validateAndSubmit(try UploadTables.read(data, filename: filename), source: filename, scope: scope,
                                    department: department, actor: actor,
                                    file: Self.file(data, filename: filename), approval: approval)
    }

    /// An uploaded file as kept with its submission; its type follows from its name, the one thing
    /// `UploadTables` reads it by.
    public static func file(_ data: Data, filename: String) -> SubmissionFile {
        let contentType = switch (filename as NSString).pathExtension.lowercased() {
        case "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        case "csv": "text/csv"
        default: "application/octet-stream"
        }
        return SubmissionFile(filename: filename, contentType: contentType, bytes: data)
    }

    private func validateAndSubmit(_ tables: [UploadTable], source: String, scope: RegionCode?, department: Int64?, actor: AuditActor,
                                   file: SubmissionFile?, approval: (comment: String, actor: AuditActor)?) async throws -> Outcome {
        var rows: [UploadRow] = []
        var headerErrors: [ValidationIssue] = []
        for table in tables {
            let parsed = ObservationValidator.rows(header: table.header, data: table.rows, sheet: table.sheet, headerRow: table.headerRow)
            rows += parsed.rows
            headerErrors += parsed.errors
        }
        guard headerErrors.isEmpty else { throw JunhengError.invalid(headerErrors) }
        guard !rows.isEmpty else { throw JunhengError.invalid(field: "file", "文件中没有数据行") }

        let db = database.sql
        let regionStore = RegionStore(db)
        var writable: [RegionCode]?
        if let scope { writable = try await regionStore.subtreeCodes(of: scope) }
        var regions: [String: (name: String, parent: String?)] = [:]
        for region in try await regionStore.allRegionsWithParents() { regions[region.code.rawValue] = (region.name, region.parentCode?.rawValue) }
        // Derived indicators are computed, never uploaded.
        let indicators = try await IndicatorStore(db).indicators().filter { !$0.isDerived }
        // Stored figures matter for the regions named (year-on-year) and their children (sums).
        let named = Set(rows.map { $0.text(.region) })
        let namedCodes = Set(regions.filter { named.contains($0.key) || named.contains($0.value.name) }.keys)
        let childCodes = regions.filter { region in region.value.parent.map(namedCodes.contains) ?? false }.keys
        let namedIndicators = Set(rows.map { $0.text(.indicator) })
        let stored = try await ObservationStore(db, engine: database.engine).storedValues(
            indicatorIDs: indicators.filter { namedIndicators.contains($0.code) || namedIndicators.contains($0.name) }.map(\.id),
            regionCodes: Array(namedCodes.union(childCodes)))
        let context = UploadContext(regions: regions, indicators: indicators.map(\.rule),
                                    writableRegions: Set(writable.map { $0.map(\.rawValue) } ?? Array(regions.keys)),
                                    storedValues: stored, jumpThreshold: jumpThreshold, writableDepartment: department)
        let validation = ObservationValidator.validate(rows, context: context)
        guard validation.isValid else { throw JunhengError.invalid(validation.errors) }

        let submissionRegion = try await commonAncestor(of: Set(validation.observations.map { $0.key.regionCode }), fallback: scope)
        let engine = database.engine
        let submission = try await database.transaction { db in
            try await ObservationStore(db, engine: engine).submit(
                regionCode: submissionRegion, source: source, observations: validation.observations,
                warnings: validation.warnings, actor: actor, file: file, approval: approval)
        }
        return Outcome(submission: submission, warnings: validation.warnings)
    }

    /// The lowest region containing all the given ones: the submission's region, which decides
    /// who reviews it.
    private func commonAncestor(of codes: Set<String>, fallback: RegionCode?) async throws -> RegionCode {
        let store = RegionStore(database.sql)
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

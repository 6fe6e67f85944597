import Foundation
import JunhengCore
import NIOCore
import PostgresKit
import SQLKit
import SQLiteKit

/// The accepted rows of an upload, written to a temporary file as the upload is read, in
/// PostgreSQL's `COPY` text format (one row a line, tab-separated, `\` escapes): reading stays
/// synchronous and in constant memory, and the file then streams into the staging table —
/// as it is through `COPY` on PostgreSQL, parsed into batched inserts on SQLite. Written by one
/// task at a time; the file is deleted with the spool.
public final class StagingSpool: @unchecked Sendable {
    let url: URL
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    /// Rows appended so far.
    public private(set) var count = 0

    static let flushSize = 1 << 20

    public init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("junheng-staging-\(UUID().uuidString).tsv")
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
        handle = try FileHandle(forWritingTo: url)
        buffer.reserveCapacity(Self.flushSize + 4096)
    }

    deinit {
        try? handle.close()
        try? FileManager.default.removeItem(at: url)
    }

    /// Appends an accepted row of table `table` (0-based, in upload order).
    public func append(_ observation: ValidatedObservation, table: Int) throws {
        let key = observation.key
        buffer.append(contentsOf: "\(table)\t\(observation.row)\t\(key.indicatorID)\t".utf8)
        Self.appendEscaped(key.regionCode, to: &buffer)
        buffer.append(contentsOf: "\t\(key.year)\t".utf8)
        Self.appendEscaped(key.disaggregation, to: &buffer)
        // Swift's shortest round-trip form ("91.5", "1e-05"), read back exactly by both engines.
        buffer.append(contentsOf: "\t\(observation.value)\n".utf8)
        count += 1
        if buffer.count >= Self.flushSize { try flush() }
    }

    /// Writes what is buffered; call before loading.
    public func finish() throws {
        try flush()
        try handle.synchronize()
    }

    private func flush() throws {
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// COPY text escapes: backslash, tab, line feed and carriage return.
    static func appendEscaped(_ text: String, to buffer: inout [UInt8]) {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "\t"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case UInt8(ascii: "\n"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            default: buffer.append(byte)
            }
        }
    }

    /// Undoes `appendEscaped`.
    static func unescaped(_ field: ArraySlice<UInt8>) -> String {
        guard field.contains(UInt8(ascii: "\\")) else { return String(decoding: field, as: UTF8.self) }
        var bytes: [UInt8] = []
        var escaping = false
        for byte in field {
            if escaping {
                switch byte {
                case UInt8(ascii: "t"): bytes.append(UInt8(ascii: "\t"))
                case UInt8(ascii: "n"): bytes.append(UInt8(ascii: "\n"))
                case UInt8(ascii: "r"): bytes.append(UInt8(ascii: "\r"))
                default: bytes.append(byte)
                }
                escaping = false
            } else if byte == UInt8(ascii: "\\") {
                escaping = true
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The file's bytes a megabyte at a time.
    func forEachPiece(_ body: ([UInt8]) async throws -> Void) async throws {
        let reader = try FileHandle(forReadingFrom: url)
        defer { try? reader.close() }
        while let data = try reader.read(upToCount: Self.flushSize), !data.isEmpty {
            try await body([UInt8](data))
        }
    }
}

/// Rows of one indicator and year in an import.
public struct StoredCount: Codable, Sendable, Equatable {
    public var indicatorID: Int64
    public var year: Int
    public var rows: Int
}

/// Where a staged row came from: its table (sheet) in upload order and its row there.
public struct StagedRow: Sendable, Hashable {
    public var table: Int
    public var row: Int

    public init(table: Int, row: Int) {
        self.table = table
        self.row = row
    }
}

/// The staging table of one import (a temporary table of the transaction's connection): the
/// accepted rows of the upload with their table and row, checked across rows in a few
/// set-based statements — duplicates, sums of additive indicators, year-on-year changes —
/// and then stored as a submission by `ObservationStore.submitStaged`. Nothing in it outlives
/// the transaction.
public struct ObservationStaging: Sendable {
    let session: BulkSession
    var db: any SQLDatabase { session.sql }

    static let columns = ["table_index", "source_row", "indicator_id", "region_code", "year", "disaggregation", "value"]
    /// Rows per INSERT on SQLite: 7 parameters each, under SQLite's 32,766.
    static let sqliteBatch = 4_000

    public init(_ session: BulkSession) {
        self.session = session
    }

    /// Creates the staging table, loads the spool into it and indexes it by key.
    public func load(_ spool: StagingSpool) async throws {
        try await db.raw("""
            CREATE TEMPORARY TABLE staged_observations (
              table_index INTEGER NOT NULL, source_row INTEGER NOT NULL, indicator_id BIGINT NOT NULL,
              region_code TEXT NOT NULL, year INTEGER NOT NULL, disaggregation TEXT NOT NULL, value DOUBLE PRECISION NOT NULL
            )
            """).run()
        switch session.connection {
        case .postgres(let connection):
            try await connection.copyFrom(table: "staged_observations", columns: Self.columns, logger: connection.logger) { writer in
                try await spool.forEachPiece { try await writer.write(ByteBuffer(bytes: $0)) }
            }
        case .sqlite(let connection):
            try await loadSQLite(spool, into: connection)
        }
        try await db.raw("""
            CREATE INDEX staged_observations_key
            ON staged_observations (indicator_id, region_code, year, disaggregation, table_index, source_row)
            """).run()
        // A temporary table is never analysed by autovacuum; the joins below need its size.
        if case .postgres = session.connection { try await db.raw("ANALYZE staged_observations").run() }
    }

    /// Parses the spool's lines into multi-row INSERTs bound as SQLite values directly.
    private func loadSQLite(_ spool: StagingSpool, into connection: SQLiteConnection) async throws {
        func statement(rows: Int) -> String {
            "INSERT INTO staged_observations (\(Self.columns.joined(separator: ", "))) VALUES "
                + Array(repeating: "(?, ?, ?, ?, ?, ?, ?)", count: rows).joined(separator: ", ")
        }
        let full = statement(rows: Self.sqliteBatch)
        var binds: [SQLiteData] = []
        binds.reserveCapacity(Self.sqliteBatch * Self.columns.count)
        func insert() async throws {
            let rows = binds.count / Self.columns.count
            try await connection.query(rows == Self.sqliteBatch ? full : statement(rows: rows), binds) { _ in }
            binds.removeAll(keepingCapacity: true)
        }
        var partial: [UInt8] = []
        try await spool.forEachPiece { piece in
            var lines = partial
            lines.append(contentsOf: piece)
            var start = lines.startIndex
            while let end = lines[start...].firstIndex(of: UInt8(ascii: "\n")) {
                let fields = lines[start..<end].split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false)
                func integer(_ index: Int) -> SQLiteData { .integer(SQLiteInt64(String(decoding: fields[index], as: UTF8.self))!) }
                binds.append(integer(0))
                binds.append(integer(1))
                binds.append(integer(2))
                binds.append(.text(StagingSpool.unescaped(fields[3])))
                binds.append(integer(4))
                binds.append(.text(StagingSpool.unescaped(fields[5])))
                binds.append(.float(Double(String(decoding: fields[6], as: UTF8.self))!))
                start = end + 1
                if binds.count == Self.sqliteBatch * Self.columns.count { try await insert() }
            }
            partial = Array(lines[start...])
        }
        if !binds.isEmpty { try await insert() }
    }

    /// Every staged row whose key an earlier row already has, with that earlier row's number,
    /// in upload order.
    public func duplicates() async throws -> [(row: StagedRow, firstRow: Int)] {
        // A pass over the key index finds whether there are any; the window sorts them out only then.
        guard try await db.raw("""
            SELECT 1 AS found FROM staged_observations GROUP BY indicator_id, region_code, year, disaggregation
            HAVING COUNT(*) > 1 LIMIT 1
            """).first() != nil else { return [] }
        return try await db.raw("""
            SELECT table_index, source_row, first_row FROM (
              SELECT table_index, source_row, FIRST_VALUE(source_row) OVER w AS first_row, ROW_NUMBER() OVER w AS n
              FROM staged_observations
              WINDOW w AS (PARTITION BY indicator_id, region_code, year, disaggregation ORDER BY table_index, source_row)
            ) d WHERE n > 1 ORDER BY table_index, source_row
            """).all().map { row in
                (StagedRow(table: try row.decode(column: "table_index", as: Int.self),
                           row: try row.decode(column: "source_row", as: Int.self)),
                 try row.decode(column: "first_row", as: Int.self))
            }
    }

    /// Removes every row but the first of each key: the checks across rows judge the first.
    public func removeDuplicates() async throws {
        try await db.raw("""
            DELETE FROM staged_observations WHERE EXISTS (
              SELECT 1 FROM staged_observations e
              WHERE e.indicator_id = staged_observations.indicator_id AND e.region_code = staged_observations.region_code
                AND e.year = staged_observations.year AND e.disaggregation = staged_observations.disaggregation
                AND (e.table_index < staged_observations.table_index
                     OR (e.table_index = staged_observations.table_index AND e.source_row < staged_observations.source_row)))
            """).run()
    }

    /// For each staged value of the given (additive) indicators whose region has children (as
    /// of `date`), all of them known — staged, else stored and not returned — and at least one
    /// staged: the value and the children's sum, in upload order.
    public func childSums(indicatorIDs: [Int64], asOf date: String) async throws -> [(row: StagedRow, value: Double, childSum: Double)] {
        guard !indicatorIDs.isEmpty else { return [] }
        return try await db.raw("""
            SELECT p.table_index, p.source_row, p.value, SUM(COALESCE(u.value, o.value)) AS child_sum
            FROM staged_observations p
            JOIN region_links l ON l.parent_code = p.region_code
              AND (l.valid_from IS NULL OR l.valid_from <= \(bind: date)) AND (l.valid_to IS NULL OR l.valid_to > \(bind: date))
            LEFT JOIN staged_observations u ON u.indicator_id = p.indicator_id AND u.region_code = l.child_code
              AND u.year = p.year AND u.disaggregation = p.disaggregation
            LEFT JOIN observations o ON o.indicator_id = p.indicator_id AND o.region_code = l.child_code
              AND o.year = p.year AND o.disaggregation = p.disaggregation AND o.status <> 'returned'
            WHERE p.indicator_id IN (\(binds: indicatorIDs))
            GROUP BY p.table_index, p.source_row, p.value
            HAVING COUNT(COALESCE(u.value, o.value)) = COUNT(*) AND COUNT(u.value) > 0
            ORDER BY p.table_index, p.source_row
            """).all().map { row in
                (StagedRow(table: try row.decode(column: "table_index", as: Int.self),
                           row: try row.decode(column: "source_row", as: Int.self)),
                 try row.decode(column: "value", as: Double.self), try row.decode(column: "child_sum", as: Double.self))
            }
    }

    /// Staged values with the previous year's (staged, else stored and not returned) that
    /// differ from it by more than about `threshold` (a fraction; a little less, so that the
    /// caller's exact rule decides at the boundary), in upload order.
    public func previousYearChanges(beyond threshold: Double) async throws -> [(row: StagedRow, value: Double, previous: Double)] {
        try await db.raw("""
            SELECT table_index, source_row, value, previous FROM (
              SELECT s.table_index, s.source_row, s.value, COALESCE(u.value, o.value) AS previous
              FROM staged_observations s
              LEFT JOIN staged_observations u ON u.indicator_id = s.indicator_id AND u.region_code = s.region_code
                AND u.year = s.year - 1 AND u.disaggregation = s.disaggregation
              LEFT JOIN observations o ON o.indicator_id = s.indicator_id AND o.region_code = s.region_code
                AND o.year = s.year - 1 AND o.disaggregation = s.disaggregation AND o.status <> 'returned'
            ) c
            WHERE previous <> 0 AND ABS(value - previous) > \(bind: threshold * 0.999) * ABS(previous)
            ORDER BY table_index, source_row
            """).all().map { row in
                (StagedRow(table: try row.decode(column: "table_index", as: Int.self),
                           row: try row.decode(column: "source_row", as: Int.self)),
                 try row.decode(column: "value", as: Double.self), try row.decode(column: "previous", as: Double.self))
            }
    }

    /// How many rows each indicator and year has, by indicator and year: what an import reports
    /// it stored.
    public func counts() async throws -> [StoredCount] {
        try await db.raw("""
            SELECT indicator_id, year, COUNT(*) AS n FROM staged_observations GROUP BY indicator_id, year ORDER BY indicator_id, year
            """).all().map { row in
                StoredCount(indicatorID: try row.decode(column: "indicator_id", as: Int64.self),
                            year: try row.decode(column: "year", as: Int.self), rows: try row.decode(column: "n", as: Int.self))
            }
    }

    /// Drops the table (PostgreSQL would at commit; a SQLite connection keeps it otherwise).
    public func drop() async throws {
        try await db.raw("DROP TABLE staged_observations").run()
    }
}

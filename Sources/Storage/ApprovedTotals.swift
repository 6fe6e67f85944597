#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import SQLKit

/// A read model of the approved totals (`approved_totals`): one row per indicator and region
/// holding every approved yearly total as text (`2019=96.5,2020=97.25`), so that warnings,
/// public progress and reports read a few hundred rows for a province instead of tens of
/// thousands of figures. Approving a submission is the only way an approved figure changes
/// (`ObservationStore.approve`), and it rebuilds the rows of the pairs it touched in the same
/// transaction; deleting an indicator deletes its rows.
struct ApprovedTotals {
    let db: any SQLDatabase
    let engine: DatabaseEngine

    /// The series of the approved totals of the rows of `observations o` grouped by indicator
    /// and region, written exactly: PostgreSQL's float text is the shortest that reads back the
    /// same double; SQLite's `%!.17g` has the 17 significant digits that always do (without `!` its
    /// printf stops at 16, and 0.1 + 0.2 would come back as 0.3).
    static func seriesAggregate(_ engine: DatabaseEngine) -> String {
        switch engine {
        case .sqlite: "group_concat(o.year || '=' || printf('%!.17g', o.value), ',')"
        case .postgres: "string_agg(o.year || '=' || o.value::text, ',')"
        }
    }

    /// Rebuilds the rows of every indicator and region pair with a total in submission `id`.
    func refresh(submission id: Int64) async throws {
        let pairs: SQLQueryString = """
            SELECT DISTINCT indicator_id, region_code FROM submission_values
            WHERE submission_id = \(bind: id) AND disaggregation = ''
            """
        try await db.raw("DELETE FROM approved_totals WHERE (indicator_id, region_code) IN (\(pairs))").run()
        try await db.raw("""
            INSERT INTO approved_totals (indicator_id, region_code, series)
            SELECT o.indicator_id, o.region_code, \(unsafeRaw: Self.seriesAggregate(engine))
            FROM (\(pairs)) p
            JOIN observations o ON o.indicator_id = p.indicator_id AND o.region_code = p.region_code
             AND o.disaggregation = '' AND o.status = 'approved'
            GROUP BY o.indicator_id, o.region_code
            """).run()
    }

    /// The approved totals of some indicators in some regions, as (indicator, region, year, value).
    /// Each row comes as one text, `ID REGION SERIES`: the drivers' generic decoding costs about
    /// the same per cell whatever its size, and it was a sixth of a province's warnings on
    /// PostgreSQL with three cells a row.
    func figures(indicatorIDs: [Int64], regionCodes: [String]) async throws -> [Monitoring.Figure] {
        var figures: [Monitoring.Figure] = []
        let line = SQLAlias(SQLRaw("CAST(indicator_id AS TEXT) || ' ' || region_code || ' ' || series"), as: SQLIdentifier("line"))
        for row in try await db.select().column(line).from("approved_totals")
            .where("indicator_id", .in, indicatorIDs).where("region_code", .in, regionCodes).all() {
            let (indicatorID, regionCode, series) = try Self.parse(line: try row.decode(column: "line", as: String.self))
            for (year, value) in series {
                figures.append(Monitoring.Figure(indicatorID: indicatorID, regionCode: regionCode, year: year, value: value,
                                                 approved: true))
            }
        }
        return figures
    }

    /// One row as `figures` reads it: `ID REGION SERIES`.
    static func parse(line: String) throws -> (indicatorID: Int64, regionCode: String, series: [(year: Int, value: Double)]) {
        let parsed = line.withCString { start -> (Int64, String, [(year: Int, value: Double)])? in
            var end: UnsafeMutablePointer<CChar>?
            let id = strtoll(start, &end, 10)
            guard let afterID = end, afterID != UnsafeMutablePointer(mutating: start),
                  afterID.pointee == CChar(UInt8(ascii: " ")) else { return nil }
            let codeStart = afterID + 1
            var codeEnd = codeStart
            while codeEnd.pointee != 0, codeEnd.pointee != CChar(UInt8(ascii: " ")) { codeEnd += 1 }
            guard codeEnd != codeStart, codeEnd.pointee != 0 else { return nil }
            let code = String(decoding: UnsafeRawBufferPointer(start: codeStart, count: codeEnd - codeStart), as: UTF8.self)
            guard let series = parseSeries(codeEnd + 1) else { return nil }
            return (id, code, series)
        }
        guard let parsed else { throw MalformedSeries(series: line) }
        return parsed
    }

    /// A series' years and values; a malformed one is an error (the table is written only here).
    static func parse(_ series: String) throws -> [(year: Int, value: Double)] {
        guard let parsed = series.withCString({ parseSeries(UnsafeMutablePointer(mutating: $0)) }) else {
            throw MalformedSeries(series: series)
        }
        return parsed
    }

    /// `2019=96.5,2020=97.25` up to the terminating NUL, read with the C library's `strtol` and
    /// `strtod` in place: a province's warnings read some 18,000 values, and a `Double` made from
    /// each substring costs a copy. Nil when anything is out of place.
    private static func parseSeries(_ start: UnsafeMutablePointer<CChar>) -> [(year: Int, value: Double)]? {
        var result: [(year: Int, value: Double)] = []
        var cursor = start
        while true {
            var end: UnsafeMutablePointer<CChar>?
            let year = strtol(cursor, &end, 10)
            guard let afterYear = end, afterYear != cursor, afterYear.pointee == CChar(UInt8(ascii: "=")) else { return nil }
            cursor = afterYear + 1
            let value = strtod(cursor, &end)
            guard let afterValue = end, afterValue != cursor else { return nil }
            result.append((year, value))
            switch afterValue.pointee {
            case 0: return result
            case CChar(UInt8(ascii: ",")): cursor = afterValue + 1
            default: return nil
            }
        }
    }

    struct MalformedSeries: Error, CustomStringConvertible {
        let series: String
        var description: String { "approved_totals 中的数据序列无法读取：\(series.prefix(80))" }
    }
}

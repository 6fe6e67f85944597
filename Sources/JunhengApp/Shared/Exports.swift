import Equalization
import Foundation
import JunhengCore
import Spreadsheet
import Storage

/// The two spreadsheet formats a table can be downloaded in.
public enum ExportFormat: String, Sendable, CaseIterable {
    case csv
    case xlsx

    /// The format a `format=` parameter names; XLSX when absent, `invalid` for anything else.
    public static func parse(_ text: String?) throws -> ExportFormat {
        guard let text, !text.isEmpty else { return .xlsx }
        guard let format = ExportFormat(rawValue: text.lowercased()) else {
            throw JunhengError.invalid(field: "format", "导出格式应为 csv 或 xlsx，而不是“\(text)”")
        }
        return format
    }

    public var contentType: String {
        switch self {
        case .csv: "text/csv; charset=utf-8"
        case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        }
    }
}

/// A downloadable spreadsheet: its bytes, the name to save it under (ASCII, safe in a header) and its type.
public struct ExportFile: Sendable {
    public let filename: String
    public let format: ExportFormat
    public let data: Data

    public var contentType: String { format.contentType }
}

/// Builds spreadsheets from tables with Chinese headers. CSV text cells that a spreadsheet
/// program would run as a formula (starting with = + - @, a tab or a carriage return) get a
/// leading apostrophe (`CSVWriter.neutralised`, which every CSV written goes through), so a region
/// name or comment typed as "=HYPERLINK(…)" stays text; numbers stay numbers. XLSX needs none of
/// this: its text cells are typed as text and never evaluated.
public enum Exports {
    /// One sheet: `header`, then `rows`.
    public static func file(named basename: String, sheet: String, header: [String], rows: [[CellValue]],
                            format: ExportFormat) throws -> ExportFile {
        let table = [header.map(CellValue.string)] + rows
        let data: Data
        switch format {
        case .csv: data = CSVWriter.write(table)
        case .xlsx: data = try XLSXWriter.write([SheetContent(name: sheet, rows: table, headerRowCount: 1)])
        }
        return ExportFile(filename: "\(basename).\(format.rawValue)", format: format, data: data)
    }

    /// A text cell with the apostrophe that keeps it from being read as a formula; other cells unchanged.
    public static func neutralised(_ cell: CellValue) -> CellValue { CSVWriter.neutralised(cell) }

    static func number(_ value: Double?) -> CellValue { value.map(CellValue.number) ?? .empty }
    static func text(_ value: String?) -> CellValue { value.map { $0.isEmpty ? .empty : .string($0) } ?? .empty }

    // MARK: the tables

    /// The progress table of an indicator: the region and each child, one row each.
    public static func progressTable(_ rows: [ProgressRow], indicator: IndicatorRecord, region: RegionCode,
                                     format: ExportFormat) throws -> ExportFile {
        try file(named: "indicator-\(indicator.id)-\(region.rawValue)", sheet: "进展",
                 header: ["地区代码", "地区", "指标", "单位", "基期年份", "基期值", "最新年份", "最新值", "目标比较", "目标值",
                          "目标年份", "目标来自上级", "进展比", "状态"],
                 rows: rows.map { row in
                     [.string(row.region.code.rawValue), .string(row.region.name), .string(indicator.name), text(indicator.unit),
                      number(row.baselineYear.map(Double.init)), number(row.baselineValue), number(row.latestYear.map(Double.init)),
                      number(row.latestValue), text(row.target?.target.comparator.rawValue), number(row.target?.target.targetValue),
                      number(row.target.map { Double($0.target.targetYear) }),
                      row.target.map { .string($0.inherited ? "是" : "否") } ?? .empty,
                      number(row.result?.ratio), .string(row.status.chineseName)]
                 }, format: format)
    }

    /// The warnings of a region and its children.
    public static func warnings(_ warnings: [EarlyWarning], region: RegionCode, departmentID: Int64?,
                                format: ExportFormat) throws -> ExportFile {
        try file(named: "warnings-\(region.rawValue)" + (departmentID.map { "-department-\($0)" } ?? ""), sheet: "预警",
                 header: ["严重程度", "类型", "地区代码", "地区", "指标ID", "指标", "年份", "说明"],
                 rows: warnings.map { warning in
                     [.string(warning.chineseSeverity), .string(warning.kind.rawValue), .string(warning.regionCode),
                      .string(warning.regionName), .number(Double(warning.indicatorID)), .string(warning.indicatorName),
                      number(warning.year.map(Double.init)), .string(warning.message)]
                 }, format: format)
    }

    /// An equalization result: the children's values, weights and groups, then the measures and
    /// how many children they cover.
    public static func equalization(_ result: EqualizationAnalysis.Result, format: ExportFormat) throws -> ExportFile {
        var rows: [[CellValue]] = result.regions.map { region in
            [.string(region.code), .string(region.name), number(region.value), number(region.weight), text(region.group)]
        }
        let measures = result.report.weighted ?? result.report.unweighted
        rows.append([])
        rows.append([.string("指标"), .string(measures?.weighting == .weighted ? "值（加权）" : "值")])
        let named: [(String, Double?)] = [
            ("平均值", measures?.mean), ("变异系数 CV", measures?.cv), ("基尼系数", measures?.gini),
            ("泰尔指数 T（GE(1)）", measures?.theilT), ("泰尔指数 L（MLD，GE(0)）", measures?.theilL),
            ("最大值/最小值", measures?.maxMinRatio), ("最小值/平均值", measures?.minMeanRatio),
            ("组内差距（泰尔T）", measures?.decomposition?.theilT?.within),
            ("组间差距（泰尔T）", measures?.decomposition?.theilT?.between),
        ]
        rows += named.map { [.string($0.0), number($0.1)] }
        // A measure over regions says what it rests on; an incomplete year has no measures above.
        rows.append([.string("覆盖"), .string(result.coverage.chineseDescription)])
        rows.append([.string("数据完整"), .string(result.complete ? "是" : "否（不计算差距指数）")])
        return try file(named: "equalization-\(result.indicator.id)-\(result.parent.code.rawValue)-\(result.year)",
                        sheet: "均等化", header: ["地区代码", "地区", "\(result.indicator.name)（\(result.indicator.unit)）", "权重", "分组"],
                        rows: rows, format: format)
    }

    /// Audit entries, with their changes as readable lines and times in China Standard Time.
    public static func audit(_ entries: [AuditEntry], format: ExportFormat) throws -> ExportFile {
        try file(named: "audit", sheet: "审计日志", header: ["编号", "时间（北京时间）", "操作人", "操作", "对象", "对象编号", "地区", "变更"],
                 rows: entries.map { entry in
                     [.number(Double(entry.id)), .string(ChinaTime.format(entry.occurredAt)), text(entry.username), .string(entry.action),
                      .string(entry.entity), text(entry.entityID), text(entry.regionCode),
                      text(AuditFieldDiff.changes(before: entry.before, after: entry.after).map(\.chineseDescription).joined(separator: "\n"))]
                 }, format: format)
    }
}

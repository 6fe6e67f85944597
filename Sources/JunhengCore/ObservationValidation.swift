import Foundation
import TextFormats

/// The columns of an observation upload.
public enum UploadColumn: Int, CaseIterable, Sendable {
    case region, indicator, year, value, disaggregation, unit

    /// The English header, also the field name in validation issues.
    public var name: String {
        switch self {
        case .region: "region"
        case .indicator: "indicator"
        case .year: "year"
        case .value: "value"
        case .disaggregation: "disaggregation"
        case .unit: "unit"
        }
    }

    public init?(name: String) {
        guard let column = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = column
    }
}

/// One row of an observation upload, as text cells by column, with its place in the file for
/// error messages.
public struct UploadRow: Sendable {
    public var sheet: String?
    public var row: Int
    /// Cell text indexed by `UploadColumn.rawValue`, "" where the upload has no such column: an
    /// array rather than a dictionary because uploads run to a million rows.
    public var cells: [String]
    /// Spreadsheet letter of each column (same indexing; shared by a table's rows), so errors point
    /// at the cell a user sees.
    public var letters: [String?]

    /// The cell's text without surrounding whitespace.
    public func text(_ column: UploadColumn) -> String {
        cells[column.rawValue].trimmedOfWhitespace
    }

    func letter(_ column: UploadColumn) -> String {
        letters[column.rawValue] ?? column.name
    }

    /// A problem with one of the row's cells.
    public func issue(_ column: UploadColumn, _ reason: String) -> ValidationIssue {
        ValidationIssue(field: column.name, reason: reason, sheet: sheet, row: row, column: letter(column))
    }
}

/// How the columns of one table of an upload map to `UploadColumn`s, found from its header by
/// `ObservationValidator.layout`: turns its rows into `UploadRow`s one at a time.
public struct UploadLayout: Sendable {
    public let sheet: String?
    /// (column in the file, `UploadColumn.rawValue`) pairs.
    let sources: [(Int, Int)]
    /// Spreadsheet letter of each upload column, shared by the table's rows.
    let letters: [String?]

    /// The row's cells by upload column, or nil for a blank line (common at the end of exported
    /// sheets), which is not a row.
    public func row(_ cells: [String], number: Int) -> UploadRow? {
        if cells.allSatisfy(\.isBlank) { return nil }
        var named = [String](repeating: "", count: UploadColumn.allCases.count)
        for (index, column) in sources where index < cells.count { named[column] = cells[index] }
        return UploadRow(sheet: sheet, row: number, cells: named, letters: letters)
    }

    /// A problem with a cell of row `row` of this table.
    public func issue(_ column: UploadColumn, row: Int, _ reason: String) -> ValidationIssue {
        UploadRow(sheet: sheet, row: row, cells: [], letters: letters).issue(column, reason)
    }
}

extension String {
    /// Trims as `trimmingCharacters(in: .whitespacesAndNewlines)` does, without its cost when
    /// there is nothing to trim, as for almost every cell of an upload.
    var trimmedOfWhitespace: String {
        guard let first = unicodeScalars.first, let last = unicodeScalars.last,
              !first.isWhitespaceOrNewline, !last.isWhitespaceOrNewline
        else { return isEmpty ? self : trimmingCharacters(in: .whitespacesAndNewlines) }
        return self
    }

    /// Empty or only spaces and tabs (`CharacterSet.whitespaces`), as a blank spreadsheet cell.
    var isBlank: Bool {
        unicodeScalars.allSatisfy { CharacterSet.whitespaces.contains($0) }
    }

    /// The text without `character`, copied only when it occurs.
    func removing(_ character: Unicode.Scalar) -> String {
        unicodeScalars.contains(character) ? replacingOccurrences(of: String(character), with: "") : self
    }
}

extension Unicode.Scalar {
    private static let whitespaceAndNewlines = CharacterSet.whitespacesAndNewlines

    var isWhitespaceOrNewline: Bool {
        if isASCII { return value == 32 || (9...13).contains(value) }
        return Self.whitespaceAndNewlines.contains(self)
    }
}

/// What the validator needs to know about an indicator.
public struct IndicatorRule: Sendable, Hashable {
    public var id: Int64
    public var code: String
    public var name: String
    public var unit: String
    public var additive: Bool
    public var minimum: Double?
    public var maximum: Double?
    /// Allowed disaggregation keys besides the total ""; empty means any key is accepted.
    public var disaggregations: [String]
    /// The department that leads the indicator, if any: a department's editor reports only its own.
    public var departmentID: Int64?

    public init(id: Int64, code: String, name: String, unit: String, additive: Bool = false,
                minimum: Double? = nil, maximum: Double? = nil, disaggregations: [String] = [], departmentID: Int64? = nil) {
        self.id = id
        self.departmentID = departmentID
        self.code = code
        self.name = name
        self.unit = unit
        self.additive = additive
        self.minimum = minimum
        self.maximum = maximum
        self.disaggregations = disaggregations
    }

    /// The range a value must lie in: the indicator's own bounds, else 0–100 for a percentage and
    /// 0–1000 for a per-mille rate (a rate over 100 % is a typing error, not a result).
    public var effectiveRange: (minimum: Double?, maximum: Double?) {
        switch unit {
        case "%": (minimum ?? 0, maximum ?? 100)
        case "‰": (minimum ?? 0, maximum ?? 1000)
        default: (minimum, maximum)
        }
    }
}

public struct ObservationKey: Hashable, Sendable, Codable {
    public var indicatorID: Int64
    public var regionCode: String
    public var year: Int
    public var disaggregation: String

    public init(indicatorID: Int64, regionCode: String, year: Int, disaggregation: String) {
        self.indicatorID = indicatorID
        self.regionCode = regionCode
        self.year = year
        self.disaggregation = disaggregation
    }
}

public struct ValidatedObservation: Sendable, Equatable {
    public var key: ObservationKey
    public var value: Double
    /// Where it came from in the upload, kept with the submitted value.
    public var row: Int

    public init(key: ObservationKey, value: Double, row: Int) {
        self.key = key
        self.value = value
        self.row = row
    }
}

/// The context an upload is checked against: the regions and indicators it may name, the
/// regions the uploader may write for, and values already stored (for year-over-year checks).
public struct UploadContext: Sendable {
    /// Code → (name, parent code) of every region the upload may mention.
    public var regions: [String: (name: String, parent: String?)]
    public var indicators: [IndicatorRule]
    /// The uploader may only write for these regions (their subtree).
    public var writableRegions: Set<String>
    /// A department editor's department: they may only write figures of the indicators it leads.
    /// Nil for everyone else.
    public var writableDepartment: Int64?
    /// Stored values, for comparison with the previous year and for additivity with stored children.
    public var storedValues: [ObservationKey: Double]
    /// A year-over-year change larger than this fraction is a warning (0.5 = ±50 %).
    public var jumpThreshold: Double
    /// Children may differ from their parent's total by this fraction before it is an error.
    public var additivityTolerance: Double

    public init(regions: [String: (name: String, parent: String?)], indicators: [IndicatorRule],
                writableRegions: Set<String>, storedValues: [ObservationKey: Double] = [:],
                jumpThreshold: Double = 0.5, additivityTolerance: Double = 0.005, writableDepartment: Int64? = nil) {
        self.regions = regions
        self.indicators = indicators
        self.writableRegions = writableRegions
        self.writableDepartment = writableDepartment
        self.storedValues = storedValues
        self.jumpThreshold = jumpThreshold
        self.additivityTolerance = additivityTolerance
    }
}

public struct UploadValidation: Sendable {
    public var observations: [ValidatedObservation]
    public var errors: [ValidationIssue]
    public var warnings: [ValidationIssue]
    public var isValid: Bool { errors.isEmpty }
}

/// Checks an observation upload row by row before anything is stored. Columns (Chinese or
/// English headers): region (code or name), indicator (code or name), year, value, and optionally
/// disaggregation and unit. Every problem is reported with its row and column; the caller stores
/// nothing unless there are no errors.
public enum ObservationValidator {
    /// Accepted header names for each column.
    public static let columnAliases: [String: [String]] = [
        "region": ["region", "地区", "地区代码", "区划代码", "行政区划", "地区名称"],
        "indicator": ["indicator", "指标", "指标代码", "指标名称"],
        "year": ["year", "年份", "年度"],
        "value": ["value", "数值", "值", "指标值"],
        "disaggregation": ["disaggregation", "分组", "分类", "维度"],
        "unit": ["unit", "单位", "计量单位"],
    ]

    /// Maps a header row to column names; unknown headers are errors so a misspelt column is not
    /// silently ignored.
    public static func columns(header: [String], sheet: String? = nil) -> (mapping: [Int: String], errors: [ValidationIssue]) {
        var mapping: [Int: String] = [:]
        var errors: [ValidationIssue] = []
        for (index, raw) in header.enumerated() {
            let name = raw.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            if name.isEmpty { continue }
            guard let column = columnAliases.first(where: { $0.value.contains(name) })?.key else {
                errors.append(ValidationIssue(field: raw.excerpt(), reason: "无法识别的列名“\(raw.excerpt())”", sheet: sheet, row: 1, column: columnLetter(index)))
                continue
            }
            if mapping.values.contains(column) {
                errors.append(ValidationIssue(field: raw.excerpt(), reason: "列“\(column.excerpt())”重复", sheet: sheet, row: 1, column: columnLetter(index)))
            }
            mapping[index] = column
        }
        for required in ["region", "indicator", "year", "value"] where !mapping.values.contains(required) {
            errors.append(ValidationIssue(field: required, reason: "缺少必需的列“\(required)”（\(columnAliases[required]!.dropFirst().joined(separator: "/"))）",
                                          sheet: sheet, row: 1))
        }
        return (mapping, errors)
    }

    /// Turns a header and data rows (as read from CSV or a sheet; row numbers 1-based, header
    /// on row `headerRow`) into upload rows, or the header's problems.
    public static func rows(header: [String], data: [[String]], sheet: String? = nil,
                            headerRow: Int = 1) -> (rows: [UploadRow], errors: [ValidationIssue]) {
        let (layout, errors) = layout(header: header, sheet: sheet)
        guard let layout else { return ([], errors) }
        var rows: [UploadRow] = []
        rows.reserveCapacity(data.count)
        for (offset, cells) in data.enumerated() {
            if let row = layout.row(cells, number: headerRow + offset + 1) { rows.append(row) }
        }
        return (rows, [])
    }

    /// How a table's columns map to upload columns, from its header: what turns each of its
    /// rows into an `UploadRow` as the rows stream past. Nil with the header's problems.
    public static func layout(header: [String], sheet: String? = nil) -> (layout: UploadLayout?, errors: [ValidationIssue]) {
        let (mapping, errors) = columns(header: header, sheet: sheet)
        guard errors.isEmpty else { return (nil, errors) }
        // (file column, upload column) pairs, and each upload column's letter for all rows to share.
        let sources = mapping.compactMap { index, name in UploadColumn(name: name).map { (index, $0.rawValue) } }
        var letters = [String?](repeating: nil, count: UploadColumn.allCases.count)
        for (index, column) in sources { letters[column] = columnLetter(index) }
        return (UploadLayout(sheet: sheet, sources: sources, letters: letters), [])
    }

    /// Spreadsheet column letter of a 0-based index: 0 → A, 26 → AA.
    public static func columnLetter(_ index: Int) -> String {
        var index = index
        var letters = ""
        repeat {
            letters = String(UnicodeScalar(UInt8(65 + index % 26))) + letters
            index = index / 26 - 1
        } while index >= 0
        return letters
    }

    /// Checks rows held in memory: each row alone (`UploadRowChecker`), then across rows —
    /// duplicates, year-on-year jumps (warnings), sums of additive indicators. An import of a
    /// file does the checks across rows on a staging table instead, with the same rules.
    public static func validate(_ rows: [UploadRow], context: UploadContext) -> UploadValidation {
        var errors: [ValidationIssue] = []
        var warnings: [ValidationIssue] = []
        var accepted: [ValidatedObservation] = []
        let checker = UploadRowChecker(context: context)

        // Where each key was accepted: its first row, and its value for the checks across rows.
        var acceptedIndex: [ObservationKey: Int] = [:]
        acceptedIndex.reserveCapacity(rows.count)
        accepted.reserveCapacity(rows.count)

        for row in rows {
            switch checker.check(row) {
            case .rejected(let rowErrors):
                errors += rowErrors
            case .accepted(let observation):
                if let first = acceptedIndex[observation.key] {
                    errors.append(row.issue(.region, duplicateReason(firstRow: accepted[first].row)))
                    continue
                }
                acceptedIndex[observation.key] = accepted.count
                accepted.append(observation)
            }
        }

        let uploaded = { (key: ObservationKey) in acceptedIndex[key].map { accepted[$0].value } }
        warnings += valueIssues(yearOverYearJumps(accepted, uploaded: uploaded, context: context), rows: rows)
        errors += valueIssues(additivityProblems(accepted, uploaded: uploaded, context: context), rows: rows)
        return UploadValidation(observations: errors.isEmpty ? accepted : [], errors: errors, warnings: warnings)
    }

    /// A row whose region, indicator, year and disaggregation an earlier row already gave.
    public static func duplicateReason(firstRow: Int) -> String {
        "与第 \(firstRow) 行重复（同一地区、指标、年份和分组）"
    }

    /// The warning for a value that changed by more than `threshold` (a fraction) from the
    /// previous year's; nil when it did not, or when the previous year's is 0.
    public static func jumpReason(value: Double, previous: Double, threshold: Double) -> String? {
        guard previous != 0 else { return nil }
        let change = (value - previous) / abs(previous)
        guard abs(change) > threshold else { return nil }
        return String(format: "比上年（%g）变化 %+.1f%%，超过 ±%.0f%% 的提示阈值，请核实", previous, change * 100, threshold * 100)
    }

    /// The error for a region's value of an additive indicator that its children's `sum` does
    /// not match within `tolerance` (a fraction); nil when it does.
    public static func additivityReason(value: Double, childSum sum: Double, tolerance: Double) -> String? {
        guard abs(sum - value) > max(abs(value) * tolerance, 1e-9) else { return nil }
        return String(format: "下级地区合计 %g 与本级数值 %g 不一致（该指标可加总）", sum, value)
    }

    /// Issues on the value cell of accepted rows, placed through the upload's rows (indexed only
    /// when there is an issue: a clean million-row upload has none).
    static func valueIssues(_ found: [(row: Int, reason: String)], rows: [UploadRow]) -> [ValidationIssue] {
        guard !found.isEmpty else { return [] }
        let rowByNumber = Dictionary(rows.map { ($0.row, $0) }, uniquingKeysWith: { first, _ in first })
        return found.map { row, reason in
            ValidationIssue(field: UploadColumn.value.name, reason: reason, sheet: rowByNumber[row]?.sheet, row: row,
                            column: rowByNumber[row]?.letter(.value) ?? UploadColumn.value.name)
        }
    }

    static func yearOverYearJumps(_ accepted: [ValidatedObservation], uploaded: (ObservationKey) -> Double?,
                                  context: UploadContext) -> [(row: Int, reason: String)] {
        accepted.compactMap { observation in
            var previousKey = observation.key
            previousKey.year -= 1
            guard let previous = uploaded(previousKey) ?? context.storedValues[previousKey],
                  let reason = jumpReason(value: observation.value, previous: previous, threshold: context.jumpThreshold)
            else { return nil }
            return (observation.row, reason)
        }
    }

    /// For additive indicators (counts such as beds or schools), the children of a region must
    /// add up to the region's own value when all of them are known.
    static func additivityProblems(_ accepted: [ValidatedObservation], uploaded: (ObservationKey) -> Double?,
                                   context: UploadContext) -> [(row: Int, reason: String)] {
        let additive = Set(context.indicators.filter(\.additive).map(\.id))
        guard !additive.isEmpty else { return [] }
        var childrenOf: [String: [String]] = [:]
        for (code, region) in context.regions { if let parent = region.parent { childrenOf[parent, default: []].append(code) } }
        var problems: [(row: Int, reason: String)] = []
        for observation in accepted where additive.contains(observation.key.indicatorID) {
            guard let children = childrenOf[observation.key.regionCode], !children.isEmpty else { continue }
            let childKeys = children.map { child -> ObservationKey in
                var key = observation.key
                key.regionCode = child
                return key
            }
            let childUploads = childKeys.map(uploaded)
            let childValues = zip(childKeys, childUploads).compactMap { key, upload in upload ?? context.storedValues[key] }
            // Only judge when every child is known and at least one comes with this upload.
            guard childValues.count == children.count, childUploads.contains(where: { $0 != nil }) else { continue }
            if let reason = additivityReason(value: observation.value, childSum: childValues.reduce(0, +),
                                             tolerance: context.additivityTolerance) {
                problems.append((observation.row, reason))
            }
        }
        return problems
    }
}

/// The checks of one upload row on its own, against the upload's context: region (code, or a
/// name unique among the uploader's regions or everywhere), the right to write for it (and, for
/// a department editor, for the indicator), indicator, year, value, disaggregation, unit and the
/// indicator's range. Built once per upload; the lookups it builds are the size of the region
/// registry and the indicator list, whatever the length of the upload.
public struct UploadRowChecker: Sendable {
    /// What a row turned out to be.
    public enum Outcome: Sendable {
        case accepted(ValidatedObservation)
        case rejected([ValidationIssue])
    }

    let context: UploadContext
    let localByName: [String: String]
    let globalByName: [String: String]
    let localDuplicates: Set<String>
    let globalDuplicates: Set<String>
    let indicatorByCode: [String: IndicatorRule]
    let indicatorByName: [String: IndicatorRule]

    public init(context: UploadContext) {
        self.context = context
        // Names resolve inside the uploader's own regions first (朝阳区 is in Beijing and in
        // Changchun), then anywhere, so that a name outside the subtree is reported as such.
        let writable = context.regions.filter { context.writableRegions.contains($0.key) }
        localByName = Dictionary(writable.map { ($0.value.name, $0.key) }, uniquingKeysWith: { first, _ in first })
        globalByName = Dictionary(context.regions.map { ($0.value.name, $0.key) }, uniquingKeysWith: { first, _ in first })
        func duplicates(_ regions: [String: (name: String, parent: String?)]) -> Set<String> {
            Set(Dictionary(grouping: regions, by: { $0.value.name }).filter { $0.value.count > 1 }.keys)
        }
        localDuplicates = duplicates(writable)
        globalDuplicates = duplicates(context.regions)
        indicatorByCode = Dictionary(context.indicators.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        indicatorByName = Dictionary(context.indicators.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func check(_ row: UploadRow) -> Outcome {
        func issue(_ column: UploadColumn, _ reason: String) -> ValidationIssue { row.issue(column, reason) }
        var rowErrors: [ValidationIssue] = []

        let regionText = row.text(.region)
        var regionCode: String?
        if context.regions[regionText] != nil {
            regionCode = regionText
        } else if localDuplicates.contains(regionText)
                    || (localByName[regionText] == nil && globalDuplicates.contains(regionText)) {
            rowErrors.append(issue(.region, "地区名称“\(regionText.excerpt())”不唯一，请使用地区代码"))
        } else if let code = localByName[regionText] ?? globalByName[regionText] {
            regionCode = code
        } else {
            rowErrors.append(issue(.region, regionText.isEmpty ? "地区为空" : "未知地区“\(regionText.excerpt())”"))
        }
        if let code = regionCode, !context.writableRegions.contains(code) {
            rowErrors.append(issue(.region, "无权填报地区 \(code)（\(context.regions[code]?.name ?? "")）"))
        }

        let indicatorText = row.text(.indicator)
        let indicator = indicatorByCode[indicatorText] ?? indicatorByName[indicatorText]
        if indicator == nil {
            rowErrors.append(issue(.indicator, indicatorText.isEmpty ? "指标为空" : "未知指标“\(indicatorText.excerpt())”"))
        }

        let year = Int(row.text(.year).removing("年")).flatMap { (1949...2100).contains($0) ? $0 : nil }
        if year == nil { rowErrors.append(issue(.year, "年份“\(row.text(.year).excerpt())”无效")) }

        let valueText = row.text(.value).removing(",")
        let value = Double(valueText).flatMap { $0.isFinite ? $0 : nil }
        if value == nil {
            rowErrors.append(issue(.value, valueText.isEmpty ? "数值为空" : "数值“\(row.text(.value).excerpt())”不是数字"))
        }

        if let indicator, let department = context.writableDepartment, indicator.departmentID != department {
            rowErrors.append(issue(.indicator, "无权填报指标“\(indicator.name)”：该指标不由本部门牵头"))
        }
        if let indicator {
            let key = row.text(.disaggregation)
            if !key.isEmpty && !indicator.disaggregations.isEmpty && !indicator.disaggregations.contains(key) {
                rowErrors.append(issue(.disaggregation,
                                       "分组“\(key.excerpt())”不是指标“\(indicator.name)”的分组（可用：\(indicator.disaggregations.joined(separator: "、"))）"))
            }
            let unit = row.text(.unit)
            if !unit.isEmpty && unit != indicator.unit {
                rowErrors.append(issue(.unit, "单位“\(unit.excerpt())”与指标“\(indicator.name)”的单位“\(indicator.unit)”不符"))
            }
            if let value {
                let range = indicator.effectiveRange
                if let minimum = range.minimum, value < minimum {
                    rowErrors.append(issue(.value, "数值 \(value) 小于指标“\(indicator.name)”允许的最小值 \(minimum)"))
                }
                if let maximum = range.maximum, value > maximum {
                    rowErrors.append(issue(.value, "数值 \(value) 超过指标“\(indicator.name)”允许的最大值 \(maximum)"))
                }
            }
        }

        guard rowErrors.isEmpty, let regionCode, let indicator, let year, let value else { return .rejected(rowErrors) }
        let key = ObservationKey(indicatorID: indicator.id, regionCode: regionCode, year: year, disaggregation: row.text(.disaggregation))
        return .accepted(ValidatedObservation(key: key, value: value, row: row.row))
    }
}

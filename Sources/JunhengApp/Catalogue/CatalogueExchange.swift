import Foundation
import JunhengCore
import Spreadsheet
import TextFormats

/// The catalogue as governments exchange it: one row per item, columns in Chinese, as XLSX, CSV or
/// JSON. Exporting and re-importing gives back the same items.
public enum CatalogueExchange {
    public enum Format: String, Sendable, CaseIterable {
        case xlsx, csv, json

        public var contentType: String {
            switch self {
            case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            case .csv: "text/csv; charset=utf-8"
            case .json: "application/json; charset=utf-8"
            }
        }
    }

    /// Columns in order, with the header a sheet uses and the other headers accepted on import.
    static let columns: [(field: CatalogueField, header: String, aliases: [String])] = [
        (.key, "项目编码", ["编码", "key"]),
        (.domain, "领域", ["服务领域", "类别", "domain"]),
        (.name, "服务项目", ["项目名称", "项目", "name"]),
        (.targetPopulation, "服务对象", ["对象", "targetPopulation"]),
        (.content, "服务内容", ["内容", "content"]),
        (.standardText, "服务指导标准", ["服务标准", "指导标准", "标准", "standardText"]),
        (.fundingText, "支出责任", ["支出责任及分担方式", "经费", "fundingText"]),
        (.leadDepartment, "牵头负责单位", ["牵头单位", "责任单位", "leadDepartment"]),
        (.legalBasis, "法律依据", ["政策依据", "依据", "legalBasis"]),
        (.derivedFromKey, "上级项目编码", ["derivedFromKey"]),
    ]

    public static func export(_ items: [CatalogueItem], format: Format, sheetName: String = "基本公共服务清单") throws -> Data {
        let header = ["序号"] + columns.map(\.header)
        let rows = items.enumerated().map { index, item in [String(index + 1)] + columns.map { item[$0.field] } }
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            return try encoder.encode(items)
        case .csv:
            return CSVWriter.write(([header] + rows).map { $0.map { CellValue.string($0) } })
        case .xlsx:
            return try XLSXWriter.write([SheetContent(name: sheetName, rows: ([header] + rows).map { $0.map { CellValue.string($0) } },
                                                      headerRowCount: 1, columnWidths: [6, 10, 14, 24, 30, 40, 40, 30, 20, 24, 12],
                                                      merges: [])])
        }
    }

    /// Reads items from a file; a malformed file or row is an error naming sheet, row and column,
    /// and nothing is returned.
    public static func read(_ data: Data, filename: String) throws -> [CatalogueItem] {
        if filename.lowercased().hasSuffix(".json") {
            do {
                return try JSONDecoder().decode([CatalogueItem].self, from: data)
            } catch {
                throw JunhengError.invalid(field: "file", "JSON 格式错误：\(error)")
            }
        }
        let tables = try UploadTables.read(data, filename: filename)
        guard !tables.isEmpty else { throw JunhengError.invalid(field: "file", "文件中没有数据") }
        // Workbooks often hold one sheet per domain: every visible sheet is read, in order.
        var items: [CatalogueItem] = []
        var issues: [ValidationIssue] = []
        var firstPlaceOfKey: [String: String] = [:]
        for table in tables {
            let (sheetItems, sheetIssues) = read(table, firstPlaceOfKey: &firstPlaceOfKey)
            items += sheetItems
            issues += sheetIssues
        }
        guard issues.isEmpty else { throw JunhengError.invalid(issues) }
        guard !items.isEmpty else { throw JunhengError.invalid(field: "file", "文件中没有服务项目") }
        return items
    }

    private static func read(_ table: UploadTable, firstPlaceOfKey: inout [String: String]) -> ([CatalogueItem], [ValidationIssue]) {
        var mapping: [Int: CatalogueField] = [:]
        var issues: [ValidationIssue] = []
        for (index, raw) in table.header.enumerated() {
            let name = raw.trimmingCharacters(in: .whitespaces)
            if name.isEmpty || name == "序号" { continue }
            guard let column = columns.first(where: { $0.header == name || $0.aliases.contains(name) }) else {
                issues.append(ValidationIssue(field: name.excerpt(), reason: "无法识别的列名“\(name.excerpt())”", sheet: table.sheet, row: table.headerRow,
                                              column: ObservationValidator.columnLetter(index)))
                continue
            }
            mapping[index] = column.field
        }
        // A sheet without a 领域 column is named after its domain.
        let sheetDomain = mapping.values.contains(.domain) ? nil : table.sheet
        if !mapping.values.contains(.name) {
            issues.append(ValidationIssue(field: "name", reason: "缺少必需的列“服务项目”", sheet: table.sheet, row: table.headerRow))
        }
        if sheetDomain == nil && !mapping.values.contains(.domain) {
            issues.append(ValidationIssue(field: "domain", reason: "缺少必需的列“领域”", sheet: table.sheet, row: table.headerRow))
        }
        guard issues.isEmpty else { return ([], issues) }
        let letterOf = Dictionary(uniqueKeysWithValues: mapping.map { ($0.value, ObservationValidator.columnLetter($0.key)) })
        var items: [CatalogueItem] = []
        // Merged domain cells leave the rows below them blank: they carry the domain above.
        var currentDomain = sheetDomain ?? ""
        for (offset, cells) in table.rows.enumerated() where cells.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            let rowNumber = table.headerRow + offset + 1
            var fields: [CatalogueField: String] = [:]
            for (index, field) in mapping where index < cells.count { fields[field] = cells[index].trimmingCharacters(in: .whitespacesAndNewlines) }
            if let domain = fields[.domain], !domain.isEmpty { currentDomain = domain }
            let item = CatalogueItem(
                key: fields[.key] ?? "", domain: currentDomain, name: fields[.name] ?? "",
                targetPopulation: fields[.targetPopulation] ?? "", content: fields[.content] ?? "",
                standardText: fields[.standardText] ?? "", fundingText: fields[.fundingText] ?? "",
                leadDepartment: fields[.leadDepartment] ?? "", legalBasis: fields[.legalBasis] ?? "",
                derivedFromKey: (fields[.derivedFromKey] ?? "").isEmpty ? nil : fields[.derivedFromKey])
            func issue(_ field: CatalogueField, _ reason: String) -> ValidationIssue {
                ValidationIssue(field: field.rawValue, reason: reason, sheet: table.sheet, row: rowNumber, column: letterOf[field])
            }
            if item.name.isEmpty { issues.append(issue(.name, "服务项目名称为空")) }
            if item.domain.isEmpty { issues.append(issue(.domain, "领域为空")) }
            issues += item.funding.validationIssues().map { issue(.fundingText, $0.reason) }
            if !item.key.isEmpty {
                let place = [table.sheet.map { "工作表 \($0) " }, "第 \(rowNumber) 行"].compactMap { $0 }.joined()
                if let first = firstPlaceOfKey[item.key] {
                    issues.append(issue(.key, "项目编码“\(item.key.excerpt())”与\(first)重复"))
                } else {
                    firstPlaceOfKey[item.key] = place
                }
            }
            items.append(item)
        }
        return (items, issues)
    }
}

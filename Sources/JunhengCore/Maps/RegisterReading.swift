import Foundation
import TextFormats

/// A column of a register a clerk uploads (facilities, population points): its header, the other
/// headers registers use for it, and whether a file must have it.
public protocol RegisterColumn: CaseIterable, Hashable, Sendable {
    var header: String { get }
    var aliases: [String] { get }
    var isRequired: Bool { get }
}

extension RegisterColumn {
    /// The column a header cell names, by its own header or one of its aliases.
    public static func named(_ cell: String) -> Self? {
        let name = cell.trimmingCharacters(in: .whitespacesAndNewlines)
        return allCases.first { $0.header == name || $0.aliases.contains(name) }
    }
}

/// Where each of a register's columns is in one table, found from its header: turns cells into
/// text by column and points errors at the cell a user sees. Headers it does not know (备注, 序号)
/// are left alone, since registers carry columns of their own.
public struct RegisterLayout<Column: RegisterColumn>: Sendable {
    public let sheet: String?
    let indexOf: [Column: Int]

    /// The layout of a table whose header is `header` on row `headerRow`, or the header's problems:
    /// a required column missing, a column given twice.
    public static func read(header: [String], sheet: String?, headerRow: Int) -> Result<Self, JunhengError> {
        var indexOf: [Column: Int] = [:]
        var issues: [ValidationIssue] = []
        for (index, cell) in header.enumerated() {
            guard let column = Column.named(cell) else { continue }
            if let first = indexOf[column] {
                issues.append(ValidationIssue(field: column.header,
                                              reason: "列“\(column.header)”出现了两次（另见 \(ObservationValidator.columnLetter(first)) 列）",
                                              sheet: sheet, row: headerRow, column: ObservationValidator.columnLetter(index)))
            } else {
                indexOf[column] = index
            }
        }
        for column in Column.allCases where column.isRequired && indexOf[column] == nil {
            issues.append(ValidationIssue(field: column.header, reason: "缺少必填列“\(column.header)”", sheet: sheet, row: headerRow))
        }
        return issues.isEmpty ? .success(Self(sheet: sheet, indexOf: indexOf)) : .failure(.invalid(issues))
    }

    /// The text of `column` in `cells`, trimmed; "" when the table has no such column.
    public func text(_ column: Column, in cells: [String]) -> String {
        guard let index = indexOf[column], index < cells.count else { return "" }
        return cells[index].trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A problem with `column` of row `row`.
    public func issue(_ column: Column, row: Int, _ reason: String) -> ValidationIssue {
        ValidationIssue(field: column.header, reason: reason, sheet: sheet, row: row,
                        column: indexOf[column].map(ObservationValidator.columnLetter))
    }
}

/// Reading the cells registers share: numbers, codes, coordinates.
public enum RegisterCells {
    /// China's extent in degrees, with a margin: a position outside it is a typing error.
    static let longitudes = 73.0...136.0
    static let latitudes = 3.0...54.0

    /// Degrees from "114.504", "114°30′15″", "114°30'15\"E" or "114度30分15秒"; nil for anything else.
    public static func degrees(_ text: String) -> Double? {
        var text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let last = text.last, "EeNn东北".contains(last) { text.removeLast() }
        if let plain = Double(text), plain.isFinite { return plain }
        let parts = text.split(whereSeparator: { "°度′'分″\"秒 ".contains($0) })
        guard (1...3).contains(parts.count), let whole = Double(parts[0]) else { return nil }
        let minutes = parts.count > 1 ? Double(parts[1]) : 0
        let seconds = parts.count > 2 ? Double(parts[2]) : 0
        guard let minutes, let seconds, (0..<60).contains(minutes), (0..<60).contains(seconds) else { return nil }
        return whole + minutes / 60 + seconds / 3600
    }

    /// The position in `longitudeText`, `latitudeText`, or what is wrong with it, in a clerk's words.
    public static func position(longitude longitudeText: String, latitude latitudeText: String)
        -> (longitude: Double?, latitude: Double?, problems: [(isLongitude: Bool, reason: String)])
    {
        var problems: [(Bool, String)] = []
        let longitude = degrees(longitudeText)
        let latitude = degrees(latitudeText)
        if longitudeText.isEmpty { problems.append((true, "经度为空")) }
        else if longitude == nil { problems.append((true, "经度“\(longitudeText.excerpt())”不是数字或度分秒")) }
        if latitudeText.isEmpty { problems.append((false, "纬度为空")) }
        else if latitude == nil { problems.append((false, "纬度“\(latitudeText.excerpt())”不是数字或度分秒")) }
        guard let longitude, let latitude else { return (nil, nil, problems) }
        if latitudes.contains(longitude) && longitudes.contains(latitude) {
            return (nil, nil, [(true, "经度 \(longitudeText) 与纬度 \(latitudeText) 像是填反了")])
        }
        if !longitudes.contains(longitude) { problems.append((true, "经度 \(longitudeText) 不在中国境内（应在 73 至 136 之间）")) }
        if !latitudes.contains(latitude) { problems.append((false, "纬度 \(latitudeText) 不在中国境内（应在 3 至 54 之间）")) }
        return problems.isEmpty ? (longitude, latitude, []) : (nil, nil, problems)
    }

    /// A whole number from 0 to `maximum` ("1,200" and "30.0" read as such); nil otherwise.
    public static func count(_ text: String, maximum: Int) -> Int? {
        let plain = text.replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "，", with: "")
        guard let value = Double(plain), value.isFinite, value >= 0, value <= Double(maximum), value == value.rounded() else { return nil }
        return Int(value)
    }
}

/// The columns of a facility register (设施台账).
public enum FacilityColumn: String, RegisterColumn {
    case code, name, kind, region, longitude, latitude, beds, places, doctors, status, serviceItem, address

    public var header: String {
        switch self {
        case .code: "编号"
        case .name: "名称"
        case .kind: "类型"
        case .region: "区划代码"
        case .longitude: "经度"
        case .latitude: "纬度"
        case .beds: "床位"
        case .places: "学位"
        case .doctors: "医生"
        case .status: "状态"
        case .serviceItem: "服务项目"
        case .address: "地址"
        }
    }

    public var aliases: [String] {
        switch self {
        case .code: ["机构编号", "设施编号", "机构代码", "code"]
        case .name: ["机构名称", "设施名称", "name"]
        case .kind: ["设施类型", "机构类型", "kind", "type"]
        case .region: ["所在区划代码", "行政区划代码", "地区代码", "region"]
        case .longitude: ["经度（WGS84）", "经度(GCJ-02)", "longitude", "lon", "lng"]
        case .latitude: ["纬度（WGS84）", "纬度(GCJ-02)", "latitude", "lat"]
        case .beds: ["床位数", "编制床位", "beds"]
        case .places: ["学位数", "可提供学位", "places"]
        case .doctors: ["医生数", "执业（助理）医师数", "执业(助理)医师数", "doctors"]
        case .status: ["运行状态", "status"]
        case .serviceItem: ["清单服务项目", "service"]
        case .address: ["详细地址", "address"]
        }
    }

    public var isRequired: Bool { [.code, .name, .kind, .region, .longitude, .latitude].contains(self) }
}

/// The columns of a population-points file (人口分布点).
public enum PopulationColumn: String, RegisterColumn {
    case code, name, region, longitude, latitude, population, year

    public var header: String {
        switch self {
        case .code: "编号"
        case .name: "名称"
        case .region: "区划代码"
        case .longitude: "经度"
        case .latitude: "纬度"
        case .population: "常住人口"
        case .year: "年份"
        }
    }

    public var aliases: [String] {
        switch self {
        case .code: ["统计用区划代码", "村（社区）代码", "code"]
        case .name: ["村（社区）名称", "地名", "name"]
        case .region: ["所在区划代码", "县级区划代码", "region"]
        case .longitude: ["longitude", "lon", "lng"]
        case .latitude: ["latitude", "lat"]
        case .population: ["人口", "常住人口数", "人口数", "population"]
        case .year: ["统计年份", "year"]
        }
    }

    public var isRequired: Bool { true }
}

/// Reads register rows on their own — every cell's form, a code given twice in the file — and
/// says what is wrong in words a clerk understands. Whether a region exists and the uploader may
/// write there is the application's to check, with `layout.issue`.
public struct RegisterRowReader<Column: RegisterColumn> {
    public let layout: RegisterLayout<Column>
    /// Where each code was first seen in the file, to name the row a duplicate repeats.
    private var firstRowOfCode: [String: Int] = [:]

    public init(layout: RegisterLayout<Column>) { self.layout = layout }

    /// The row's `code` column checked for form and for a repeat within the file.
    mutating func code(_ column: Column, cells: [String], row: Int, issues: inout [ValidationIssue]) -> String {
        let code = layout.text(column, in: cells)
        if code.isEmpty {
            issues.append(layout.issue(column, row: row, "编号为空"))
        } else if code.count > 64 {
            issues.append(layout.issue(column, row: row, "编号“\(code.excerpt())”超过 64 个字符"))
        } else if let first = firstRowOfCode[code] {
            issues.append(layout.issue(column, row: row, "编号 \(code.excerpt()) 与第 \(first) 行重复"))
        } else {
            firstRowOfCode[code] = row
        }
        return code
    }

    func required(_ column: Column, cells: [String], row: Int, issues: inout [ValidationIssue]) -> String {
        let text = layout.text(column, in: cells)
        if text.isEmpty { issues.append(layout.issue(column, row: row, "\(column.header)为空")) }
        return text
    }

    func region(_ column: Column, cells: [String], row: Int, issues: inout [ValidationIssue]) -> String {
        let text = layout.text(column, in: cells)
        guard text.count == 6 || text.count == 9 || text.count == 12, text.allSatisfy(\.isASCIIDigit) else {
            issues.append(layout.issue(column, row: row, text.isEmpty ? "区划代码为空" : "区划代码“\(text.excerpt())”应为 6 位数字"))
            return text
        }
        // A 9- or 12-digit statistical code names a township or village: its county is the first six digits.
        return String(text.prefix(6))
    }

    func position(_ longitude: Column, _ latitude: Column, cells: [String], row: Int,
                  issues: inout [ValidationIssue]) -> (Double, Double)? {
        let read = RegisterCells.position(longitude: layout.text(longitude, in: cells), latitude: layout.text(latitude, in: cells))
        for problem in read.problems { issues.append(layout.issue(problem.isLongitude ? longitude : latitude, row: row, problem.reason)) }
        guard let x = read.longitude, let y = read.latitude else { return nil }
        return (x, y)
    }

    func count(_ column: Column, cells: [String], row: Int, maximum: Int, issues: inout [ValidationIssue]) -> Int? {
        let text = layout.text(column, in: cells)
        guard !text.isEmpty else { return nil }
        guard let value = RegisterCells.count(text, maximum: maximum) else {
            issues.append(layout.issue(column, row: row, "\(column.header)“\(text.excerpt())”应为 0 至 \(maximum) 的整数"))
            return nil
        }
        return value
    }
}

extension RegisterRowReader where Column == FacilityColumn {
    /// The facility on row `row`, or nil with its problems added to `issues`; a blank row is nil
    /// with no problem. Coordinates are as the file gives them (converted by the caller).
    public mutating func facility(_ cells: [String], row: Int, issues: inout [ValidationIssue]) -> Facility? {
        guard cells.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else { return nil }
        let before = issues.count
        let code = code(.code, cells: cells, row: row, issues: &issues)
        let name = required(.name, cells: cells, row: row, issues: &issues)
        let kindText = required(.kind, cells: cells, row: row, issues: &issues)
        let kind = FacilityKind.named(kindText)
        if !kindText.isEmpty && kind == nil {
            issues.append(layout.issue(.kind, row: row, "未知的设施类型“\(kindText.excerpt())”，可用：\(FacilityKind.all.map(\.name).joined(separator: "、"))"))
        }
        let region = region(.region, cells: cells, row: row, issues: &issues)
        let position = position(.longitude, .latitude, cells: cells, row: row, issues: &issues)
        let beds = count(.beds, cells: cells, row: row, maximum: 100_000, issues: &issues)
        let places = count(.places, cells: cells, row: row, maximum: 100_000, issues: &issues)
        let doctors = count(.doctors, cells: cells, row: row, maximum: 100_000, issues: &issues)
        let statusText = layout.text(.status, in: cells)
        let status = FacilityStatus.named(statusText)
        if status == nil {
            issues.append(layout.issue(.status, row: row, "未知的状态“\(statusText.excerpt())”，可用：\(FacilityStatus.allCases.map(\.name).joined(separator: "、"))"))
        }
        guard issues.count == before, let kind, let position, let status else { return nil }
        return Facility(code: code, name: name, kind: kind.key, regionCode: region, longitude: position.0, latitude: position.1,
                        beds: beds, places: places, doctors: doctors, status: status,
                        serviceItem: layout.text(.serviceItem, in: cells), address: layout.text(.address, in: cells))
    }
}

extension RegisterRowReader where Column == PopulationColumn {
    /// The population point on row `row`, as ``facility(_:row:issues:)`` reads a facility.
    public mutating func point(_ cells: [String], row: Int, issues: inout [ValidationIssue]) -> PopulationPoint? {
        guard cells.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else { return nil }
        let before = issues.count
        let code = code(.code, cells: cells, row: row, issues: &issues)
        let name = required(.name, cells: cells, row: row, issues: &issues)
        let region = region(.region, cells: cells, row: row, issues: &issues)
        let position = position(.longitude, .latitude, cells: cells, row: row, issues: &issues)
        if layout.text(.population, in: cells).isEmpty { issues.append(layout.issue(.population, row: row, "常住人口为空")) }
        let population = count(.population, cells: cells, row: row, maximum: 10_000_000, issues: &issues)
        let yearText = layout.text(.year, in: cells)
        let year = Int(yearText).flatMap { (1949...2100).contains($0) ? $0 : nil }
        if year == nil { issues.append(layout.issue(.year, row: row, yearText.isEmpty ? "年份为空" : "年份“\(yearText.excerpt())”应为四位年份")) }
        guard issues.count == before, let position, let population, let year else { return nil }
        return PopulationPoint(code: code, name: name, regionCode: region, longitude: position.0, latitude: position.1,
                               population: population, year: year)
    }
}

import Foundation

/// One 12345 hotline work order (工单) as the hotline's export gives it, without the caller: the
/// export's name and telephone columns are never read. Its text is kept with personal data masked.
public struct HotlineOrder: Sendable, Equatable, Codable {
    /// The hotline's own number: importing the same export again updates, never duplicates.
    public var number: String
    public var receivedOn: CalendarDay
    public var regionCode: String
    /// The department the hotline sent it to (承办单位), as the export writes it.
    public var department: String
    public var text: String
    /// 办结 or not; nil when the export does not say.
    public var resolved: Bool?
    /// The caller's verdict: satisfied (满意, 基本满意) or not; nil when not rated.
    public var satisfied: Bool?

    public init(number: String, receivedOn: CalendarDay, regionCode: String, department: String, text: String,
                resolved: Bool?, satisfied: Bool?) {
        self.number = number
        self.receivedOn = receivedOn
        self.regionCode = regionCode
        self.department = department
        self.text = text
        self.resolved = resolved
        self.satisfied = satisfied
    }
}

/// Reads a hotline export's rows into ``HotlineOrder``s, every problem named by its column.
public enum HotlineOrderReader {
    /// The columns read; others (the caller's name and telephone among them) are passed over.
    public enum Column {
        public static let number = "工单编号"
        public static let receivedOn = "受理日期"
        public static let region = "区划代码"
        public static let department = "承办单位"
        public static let text = "诉求内容"
        public static let status = "办理状态"
        public static let satisfaction = "满意度"
        public static let required = [number, receivedOn, region, text]
        public static let all = [number, receivedOn, region, department, text, status, satisfaction]
    }

    /// Longest text kept of an order.
    public static let textLimit = 2_000

    public static func read(_ cells: [String: String], row: Int, sheet: String? = nil) throws(JunhengError) -> HotlineOrder {
        var issues: [ValidationIssue] = []
        func cell(_ column: String) -> String { cells[column]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "" }
        func problem(_ column: String, _ reason: String) {
            issues.append(ValidationIssue(field: column, reason: reason, sheet: sheet, row: row, column: column))
        }
        for column in Column.required where cell(column).isEmpty { problem(column, "缺少\(column)") }
        let dayText = cell(Column.receivedOn)
        let day = CalendarDay(dayText.split(separator: " ").first.map(String.init) ?? "")
        if !dayText.isEmpty && day == nil { problem(Column.receivedOn, "受理日期应为日期（如 2026-03-01），而不是“\(dayText)”") }
        let region = cell(Column.region)
        if !region.isEmpty && RegionCode(rawValue: region) == nil { problem(Column.region, "区划代码“\(region)”不是有效的行政区划代码") }
        let statusText = cell(Column.status)
        let resolved: Bool? = switch statusText {
        case "": nil
        case "已办结", "办结", "已完成", "已解决", "已回访": true
        case "未办结", "办理中", "处理中", "未解决", "退回", "已受理": false
        default: nil
        }
        if !statusText.isEmpty && resolved == nil {
            problem(Column.status, "办理状态应为“已办结”“办理中”“未办结”等，而不是“\(statusText)”")
        }
        let ratingText = cell(Column.satisfaction)
        let satisfied: Bool? = switch ratingText {
        case "", "未评价", "未回访", "无": nil
        case "满意", "非常满意", "基本满意", "比较满意": true
        case "不满意", "非常不满意", "一般": false
        default: nil
        }
        if !["", "未评价", "未回访", "无"].contains(ratingText) && satisfied == nil {
            problem(Column.satisfaction, "满意度应为“满意”“基本满意”“不满意”或“未评价”，而不是“\(ratingText)”")
        }
        if !issues.isEmpty { throw .invalid(issues) }
        return HotlineOrder(number: cell(Column.number), receivedOn: day!, regionCode: region, department: cell(Column.department),
                            text: String(PersonalData.masked(cell(Column.text)).prefix(textLimit)), resolved: resolved, satisfied: satisfied)
    }
}

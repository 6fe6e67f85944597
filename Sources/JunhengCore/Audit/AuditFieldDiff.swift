import Foundation

/// One field that an audited change altered, as the audit page lists it ("名称：A → B").
/// Nested objects are flattened to dotted paths (`target.targetValue`); a value that did not
/// exist on one side is the empty string.
public struct AuditFieldChange: Equatable, Sendable {
    public var field: String
    public var before: String
    public var after: String

    public init(field: String, before: String, after: String) {
        self.field = field
        self.before = before
        self.after = after
    }

    /// "名称：A → B", with the field's Chinese label where one is known and "—" for a missing side.
    public var chineseDescription: String {
        "\(AuditFieldDiff.label(for: field))：\(before.isEmpty ? "—" : before) → \(after.isEmpty ? "—" : after)"
    }

    /// "Name: A → B", with the field's English label; the values are data and stay as recorded,
    /// except the yes/no of a boolean, which the diff writes in Chinese.
    public var englishDescription: String {
        func english(_ value: String) -> String {
            switch value {
            case "": "—"
            case AuditFieldDiff.yes: "yes"
            case AuditFieldDiff.no: "no"
            default: value
            }
        }
        return "\(AuditFieldDiff.label(for: field, english: true)): \(english(before)) → \(english(after))"
    }
}

/// Compares the before and after JSON objects of an audit row field by field. Pure and total:
/// text that is not a JSON object is treated as a single field named `value`, so a damaged row
/// still shows what it holds instead of failing the page.
public enum AuditFieldDiff {
    /// The fields whose values differ, in field-name order. `nil` stands for "no object" (a
    /// creation has no before, a deletion no after).
    public static func changes(before: String?, after: String?) -> [AuditFieldChange] {
        let old = flatten(parse(before))
        let new = flatten(parse(after))
        return Set(old.keys).union(new.keys).sorted().compactMap { field in
            let was = old[field] ?? ""
            let now = new[field] ?? ""
            return was == now ? nil : AuditFieldChange(field: field, before: was, after: now)
        }
    }

    /// Chinese labels for the fields the stores record; other fields keep their JSON name.
    public static let labels: [String: String] = [
        "name": "名称", "displayName": "姓名", "username": "用户名", "role": "角色", "regionCode": "地区",
        "departmentID": "部门", "active": "启用", "code": "代码", "unit": "单位", "direction": "方向",
        "binding": "属性", "domainName": "领域", "definition": "定义", "additive": "可加总", "minimum": "最小值",
        "maximum": "最大值", "disaggregations": "分类维度", "targetValue": "目标值", "targetYear": "目标年份",
        "baselineValue": "基期值", "baselineYear": "基期年份", "comparator": "比较方式", "status": "状态",
        "group": "组", "title": "标题", "value": "值", "comment": "意见", "shortName": "简称",
    ]

    /// English labels of the same fields.
    public static let englishLabels: [String: String] = [
        "name": "Name", "displayName": "Display name", "username": "Username", "role": "Role", "regionCode": "Region",
        "departmentID": "Department", "active": "Active", "code": "Code", "unit": "Unit", "direction": "Direction",
        "binding": "Type", "domainName": "Domain", "definition": "Definition", "additive": "Additive", "minimum": "Minimum",
        "maximum": "Maximum", "disaggregations": "Disaggregations", "targetValue": "Target value", "targetYear": "Target year",
        "baselineValue": "Baseline value", "baselineYear": "Baseline year", "comparator": "Comparison", "status": "Status",
        "group": "Group", "title": "Title", "value": "Value", "comment": "Comment", "shortName": "Short name",
    ]

    /// How a boolean reads in a change.
    static let yes = "是"
    static let no = "否"

    /// The label of a (possibly dotted) field: the last component's label, after its parents' paths.
    public static func label(for field: String, english: Bool = false) -> String {
        var parts = field.split(separator: ".").map(String.init)
        guard let last = parts.popLast() else { return field }
        return (parts + [(english ? englishLabels : labels)[last] ?? last]).joined(separator: ".")
    }

    /// A JSON value as decoded without losing the difference between booleans, whole numbers and text.
    indirect enum Value: Decodable, Equatable {
        case null, bool(Bool), integer(Int64), number(Double), string(String), array([Value]), object([String: Value])

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() { self = .null }
            else if let bool = try? container.decode(Bool.self) { self = .bool(bool) }
            else if let integer = try? container.decode(Int64.self) { self = .integer(integer) }
            else if let number = try? container.decode(Double.self) { self = .number(number) }
            else if let string = try? container.decode(String.self) { self = .string(string) }
            else if let array = try? container.decode([Value].self) { self = .array(array) }
            else { self = .object(try container.decode([String: Value].self)) }
        }

        /// How a value reads in the list: text as is, yes/no for booleans, whole numbers without ".0".
        var text: String {
            switch self {
            case .null: ""
            case .bool(let value): value ? AuditFieldDiff.yes : AuditFieldDiff.no
            case .integer(let value): String(value)
            case .number(let value): value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
            case .string(let value): value
            case .array(let values): "[" + values.map(\.text).joined(separator: ", ") + "]"
            case .object(let fields): "{" + fields.keys.sorted().map { "\($0): \(fields[$0]!.text)" }.joined(separator: ", ") + "}"
            }
        }
    }

    static func parse(_ text: String?) -> Value? {
        guard let text, !text.isEmpty else { return nil }
        return (try? JSONDecoder().decode(Value.self, from: Data(text.utf8))) ?? .string(text)
    }

    static func flatten(_ value: Value?, prefix: String = "") -> [String: String] {
        switch value {
        case nil: return [:]
        case .object(let fields)?:
            var result: [String: String] = [:]
            for (key, field) in fields {
                let path = prefix.isEmpty ? key : "\(prefix).\(key)"
                if case .object = field { result.merge(flatten(field, prefix: path)) { $1 } } else { result[path] = field.text }
            }
            return result
        case let other?:
            return [prefix.isEmpty ? "value" : prefix: other.text]
        }
    }
}

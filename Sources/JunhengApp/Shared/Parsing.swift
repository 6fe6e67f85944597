import Foundation
import JunhengCore
import TextFormats

/// Codes that arrive as text (a path, a query, a form, a JSON body, a command-line option):
/// a bad one is `invalid` naming the field.
public func regionCode(_ text: String?, field: String) throws -> RegionCode {
    guard let text, let code = RegionCode(rawValue: text.trimmingCharacters(in: .whitespaces)) else {
        throw JunhengError.invalid(field: field, "“\((text ?? "").excerpt())”不是有效的地区代码（6、9 或 12 位数字）")
    }
    return code
}

/// An optional region code: nil when missing or blank.
public func optionalRegionCode(_ text: String?, field: String) throws -> RegionCode? {
    guard let text, !text.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
    return try regionCode(text, field: field)
}

/// A record id from a path or query: `notFound` naming `what` when it is not a number.
public func recordID(_ text: String?, _ what: String) throws -> Int64 {
    guard let id = text.flatMap(Int64.init) else { throw JunhengError.notFound("\(what) \(text ?? "")") }
    return id
}

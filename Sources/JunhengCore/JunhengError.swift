/// One thing wrong with an input: which field (and, for uploads, which sheet, row and column) and why.
public struct ValidationIssue: Codable, Sendable, Equatable, CustomStringConvertible {
    public var field: String
    public var reason: String
    public var sheet: String?
    public var row: Int?
    public var column: String?

    public init(field: String, reason: String, sheet: String? = nil, row: Int? = nil, column: String? = nil) {
        self.field = field
        self.reason = reason
        self.sheet = sheet
        self.row = row
        self.column = column
    }

    public var description: String {
        var place: [String] = []
        if let sheet { place.append("工作表 \(sheet)") }
        if let row { place.append("第 \(row) 行") }
        if let column { place.append("列 \(column)") }
        let prefix = place.isEmpty ? field : place.joined(separator: " ")
        return "\(prefix)：\(reason)"
    }
}

/// Errors the domain and storage layers raise; the HTTP layer maps each case to one status code
/// (404, 409, 422, 403, 401, 429, 503) and the CLI prints the message.
public enum JunhengError: Error, Sendable, Equatable, CustomStringConvertible {
    case notFound(String)
    case conflict(String)
    case invalid([ValidationIssue])
    case forbidden(String)
    case unauthorized(String)
    /// Too many attempts (failed logins): try again after the given number of seconds.
    case rateLimited(String, retryAfterSeconds: Int)
    /// A tool the work needs is missing or failed (the PDF printer): nothing the caller sent was wrong.
    case unavailable(String)

    public static func invalid(field: String, _ reason: String) -> JunhengError {
        .invalid([ValidationIssue(field: field, reason: reason)])
    }

    public var description: String {
        switch self {
        case .notFound(let what): "未找到：\(what)"
        case .conflict(let message): "冲突：\(message)"
        case .invalid(let issues): "输入有误：" + issues.map(\.description).joined(separator: "；")
        case .forbidden(let reason): "无权操作：\(reason)"
        case .unauthorized(let reason): "未登录：\(reason)"
        case .rateLimited(let message, _): message
        case .unavailable(let message): "暂时无法完成：\(message)"
        }
    }
}

extension JunhengError {
    /// The validation issues of an `invalid` error; empty for any other kind.
    public var issues: [ValidationIssue] {
        if case .invalid(let issues) = self { return issues }
        return []
    }
}

extension JunhengError {
    /// Which kind of refusal, without its words: what a caller (and a test) branches on.
    public enum Kind: Sendable, Equatable {
        case notFound, conflict, invalid, forbidden, unauthorized, rateLimited, unavailable
    }

    public var kind: Kind {
        switch self {
        case .notFound: .notFound
        case .conflict: .conflict
        case .invalid: .invalid
        case .forbidden: .forbidden
        case .unauthorized: .unauthorized
        case .rateLimited: .rateLimited
        case .unavailable: .unavailable
        }
    }
}

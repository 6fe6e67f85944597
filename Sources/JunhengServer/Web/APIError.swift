import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import JunhengCore

/// The one error shape of the JSON API: `{"error": {"code", "message", "details"}}`.
public struct APIError: Error, Sendable {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    public var details: [ValidationIssue]
    /// Extra headers, e.g. `Retry-After` on 429 or `WWW-Authenticate` on 401.
    public var headers: HTTPFields

    public init(_ status: HTTPResponse.Status, code: String, message: String,
                details: [ValidationIssue] = [], headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.headers = headers
    }

    public static func badRequest(_ message: String, details: [ValidationIssue] = []) -> APIError {
        APIError(.badRequest, code: "bad_request", message: message, details: details)
    }

    public static func unauthorized(_ message: String = "需要登录") -> APIError {
        APIError(.unauthorized, code: "unauthorized", message: message,
                 headers: [.wwwAuthenticate: "Bearer realm=\"junheng\""])
    }

    public static func forbidden(_ message: String) -> APIError {
        APIError(.forbidden, code: "forbidden", message: message)
    }

    public static func notFound(_ message: String) -> APIError {
        APIError(.notFound, code: "not_found", message: message)
    }

    /// 413: the body is larger than this route allows this caller.
    public static func payloadTooLarge(limit: Int) -> APIError {
        APIError(.contentTooLarge, code: "payload_too_large",
                 message: "请求内容超过允许的大小（\(HTTPLimits.describe(bytes: limit))）")
    }

    /// Maps any error to the API shape. Domain errors keep their meaning; anything unexpected
    /// becomes a 500 whose message does not leak internals (the log has the details).
    public static func from(_ error: any Error) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as JunhengError:
            switch error {
            case .notFound(let what): return .notFound("未找到：\(what)")
            case .conflict(let message): return APIError(.conflict, code: "conflict", message: message)
            case .invalid(let issues):
                return APIError(.unprocessableContent, code: "validation_failed",
                                message: issues.map(\.description).joined(separator: "；"), details: issues)
            case .forbidden(let reason): return .forbidden(reason)
            case .unauthorized(let reason): return .unauthorized(reason)
            case .rateLimited(let message, let seconds):
                return APIError(.tooManyRequests, code: "rate_limited", message: message,
                                headers: [.retryAfter: String(seconds)])
            case .unavailable(let message): return APIError(.serviceUnavailable, code: "unavailable", message: message)
            }
        case let error as DecodingError:
            return .badRequest("请求内容无法解析：\(Self.describe(error))")
        case let error as HTTPError:
            return APIError(error.status, code: Self.code(for: error.status),
                            message: error.body ?? error.status.reasonPhrase)
        case is NIOTooManyBytesError:
            // A body collected past its limit (`collectBody(upTo:)`, `request.decode`): 413, not 500.
            return APIError(.contentTooLarge, code: "payload_too_large", message: "请求内容超过允许的大小")
        default:
            return APIError(.internalServerError, code: "internal_error", message: "服务器内部错误")
        }
    }

    static func code(for status: HTTPResponse.Status) -> String {
        switch status.code {
        case 400: "bad_request"
        case 401: "unauthorized"
        case 403: "forbidden"
        case 404: "not_found"
        case 405: "method_not_allowed"
        case 409: "conflict"
        case 413: "payload_too_large"
        case 422: "validation_failed"
        case 429: "rate_limited"
        default: status.code >= 500 ? "internal_error" : "error"
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _): "缺少字段 \(key.stringValue)"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            ([context.codingPath.map(\.stringValue).joined(separator: ".")].filter { !$0.isEmpty }
                + [context.debugDescription]).joined(separator: "：")
        @unknown default: "\(error)"
        }
    }

    struct Body: Encodable {
        struct Inner: Encodable {
            let code: String
            let message: String
            let details: [ValidationIssue]
        }
        let error: Inner
    }

    func jsonResponse(requestID: String) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(Body(error: .init(code: code, message: message, details: details)))) ?? Data()
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        fields[.requestID] = requestID
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

extension HTTPField.Name {
    static let requestID = HTTPField.Name("X-Request-Id")!
    static let csrfToken = HTTPField.Name("X-CSRF-Token")!
    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!
}

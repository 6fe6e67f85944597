import Storage
import Foundation
import Hummingbird
import JunhengCore
import TextFormats

enum JSONCoding {
    static let contentType = "application/json; charset=utf-8"

    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

/// Decodes JSON request bodies (`request.decode`) within the request's body limit, refusing a
/// string that holds U+0000 (written `\u0000`; stored, the text would be cut there) with
/// `invalid` naming it by its path (`rows.0.indicator`), as forms and uploads are refused.
struct JSONRequestDecoder: RequestDecoder {
    func decode<T: Decodable>(_ type: T.Type, from request: Request, context: some RequestContext) async throws -> T {
        try decode(T.self, from: Data(buffer: try await request.body.collect(upTo: context.maxUploadSize)))
    }

    func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        // Only a body that spells the escape is parsed a second time to find where it is.
        if data.range(of: Data(#"\u0000"#.utf8)) != nil, let body = try? JSONSerialization.jsonObject(with: data, options: .fragmentsAllowed),
           let path = Self.pathOfNUL(in: body, at: []) {
            throw JunhengError.invalid(field: path.isEmpty ? "body" : path.joined(separator: ".").excerpt(), TextSafety.nulReason)
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(T.self, from: data)
    }

    /// The path of the first string or key holding U+0000 (keys in order), or nil.
    private static func pathOfNUL(in value: Any, at path: [String]) -> [String]? {
        switch value {
        case let text as String:
            return text.containsNUL ? path : nil
        case let array as [Any]:
            for (index, element) in array.enumerated() {
                if let found = pathOfNUL(in: element, at: path + [String(index)]) { return found }
            }
        case let object as [String: Any]:
            for key in object.keys.sorted() {
                if key.containsNUL { return path + [key] }
                if let found = pathOfNUL(in: object[key]!, at: path + [key]) { return found }
            }
        default: break
        }
        return nil
    }
}

extension Request {
    /// The JSON body as `T`, or nil when the body is empty (an optional body): refused like
    /// `decode(as:context:)` when it is there but malformed or holds a NUL character.
    func decodeIfPresent<T: Decodable>(as type: T.Type, context: AppContext) async throws -> T? {
        let data = Data(buffer: try await body.collect(upTo: context.maxUploadSize))
        guard data.contains(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) else { return nil }
        return try JSONRequestDecoder().decode(T.self, from: data)
    }
}

/// A JSON body with a chosen status (201 for creations).
struct JSON<Value: Encodable & Sendable>: ResponseGenerator {
    var value: Value
    var status: HTTPResponse.Status = .ok

    init(_ value: Value, status: HTTPResponse.Status = .ok) {
        self.value = value
        self.status = status
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let data = try JSONCoding.encoder().encode(value)
        return Response(status: status, headers: [.contentType: JSONCoding.contentType],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// Every list endpoint answers `{"items": [...], "count": n}`.
struct ItemList<Item: Encodable & Sendable>: Encodable, Sendable {
    let items: [Item]
    let count: Int
    init(_ items: [Item]) {
        self.items = items
        self.count = items.count
    }
}

/// An optional `yyyy-MM-dd` query value.
func dayParameter(_ request: Request, _ name: String) throws -> String? {
    guard let text = request.uri.queryParameters[Substring(name)].map(String.init), !text.isEmpty else { return nil }
    guard text.count == 10, Timestamp.date(from: text + "T00:00:00.000Z") != nil else {
        throw JunhengError.invalid(field: name, "日期格式应为 yyyy-MM-dd")
    }
    return text
}

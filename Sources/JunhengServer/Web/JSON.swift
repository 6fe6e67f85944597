import Storage
import Foundation
import Hummingbird
import JunhengCore

enum JSONCoding {
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
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
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
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

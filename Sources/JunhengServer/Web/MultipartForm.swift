import Foundation
import Hummingbird
import JunhengCore
import MultipartKit

/// A parsed `multipart/form-data` body: the text fields and uploaded files of a form.
struct MultipartForm: Sendable {
    struct File: Sendable {
        let filename: String
        let data: Data
    }

    private(set) var fields: [String: String] = [:]
    private(set) var files: [String: File] = [:]

    /// Parses the whole body (already bounded by the request's maximum upload size).
    init(request: inout Request, context: AppContext) async throws {
        guard let contentType = request.headers[.contentType], contentType.lowercased().hasPrefix("multipart/form-data"),
              let boundary = Self.boundary(in: contentType)
        else { throw APIError.badRequest("请以 multipart/form-data 上传文件") }
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        let parser = MultipartParser(boundary: boundary)
        var headers: [String: String] = [:]
        var buffer = ByteBuffer()
        var parts: [(headers: [String: String], body: ByteBuffer)] = []
        parser.onHeader = { name, value in headers[name.lowercased()] = value }
        parser.onBody = { chunk in buffer.writeBuffer(&chunk) }
        parser.onPartComplete = {
            parts.append((headers, buffer))
            headers = [:]
            buffer = ByteBuffer()
        }
        do {
            try parser.execute(body)
        } catch {
            throw APIError.badRequest("上传内容格式错误（multipart）：\(error)")
        }
        for part in parts {
            let disposition = part.headers["content-disposition"] ?? ""
            guard let name = Self.parameter("name", in: disposition) else { continue }
            if let filename = Self.parameter("filename", in: disposition) {
                files[name] = File(filename: filename, data: Data(buffer: part.body))
            } else {
                fields[name] = String(buffer: part.body)
            }
        }
    }

    static func boundary(in contentType: String) -> String? {
        parameter("boundary", in: contentType)
    }

    /// A `key=value` or `key="value"` parameter of a header value.
    static func parameter(_ key: String, in header: String) -> String? {
        for piece in header.split(separator: ";") {
            let pair = piece.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, pair[0].lowercased() == key else { continue }
            return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return nil
    }
}

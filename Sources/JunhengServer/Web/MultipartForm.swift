import Foundation
import Hummingbird
import JunhengCore

/// A parsed `multipart/form-data` body: the text fields and uploaded files of a form.
struct MultipartForm: Sendable {
    struct File: Sendable {
        let filename: String
        let data: Data
    }

    private(set) var fields: [String: String] = [:]
    private(set) var files: [String: File] = [:]

    /// Parses the body as it arrives, never holding more than the request's body limit (413 past
    /// it). `beforeFile` sees the text fields that came before the first file, as soon as that
    /// file's part begins: the CSRF check refuses a form there, so a forged upload is not read on.
    /// A text field or a file name holding U+0000 is `invalid` (422) naming the field.
    init(request: inout Request, context: AppContext,
         beforeFile: (([String: String]) throws -> Void)? = nil) async throws {
        guard let contentType = request.headers[.contentType], contentType.lowercased().hasPrefix("multipart/form-data"),
              let boundary = Self.boundary(in: contentType), let parser = MultipartParser(boundary: boundary)
        else { throw APIError.badRequest("请以 multipart/form-data 上传文件") }
        let limit = context.maxUploadSize
        var headers: [String: String] = [:]
        var buffer = ByteBuffer()
        var fields: [String: String] = [:]
        var files: [String: File] = [:]
        var fileStarted = false
        parser.onHeader = { name, value in headers[name.lowercased()] = value }
        parser.onBody = { chunk in
            if !fileStarted, Self.parameter("filename", in: headers["content-disposition"] ?? "") != nil { fileStarted = true }
            buffer.writeBuffer(&chunk)
        }
        parser.onPartComplete = {
            let disposition = headers["content-disposition"] ?? ""
            if let name = Self.parameter("name", in: disposition) {
                if let filename = Self.parameter("filename", in: disposition) {
                    fileStarted = true
                    files[name] = File(filename: filename, data: Data(buffer: buffer))
                } else {
                    fields[name] = String(buffer: buffer)
                }
            }
            headers = [:]
            buffer = ByteBuffer()
        }
        var received = 0
        var checked = beforeFile == nil
        for try await chunk in request.body {
            received += chunk.readableBytes
            guard received <= limit else { throw APIError.payloadTooLarge(limit: limit) }
            do {
                try parser.execute(chunk)
            } catch {
                throw APIError.badRequest("上传内容格式错误（multipart）：\(error)")
            }
            if !checked, fileStarted {
                checked = true
                try beforeFile?(fields)
            }
        }
        if !checked { try beforeFile?(fields) }
        // After the CSRF check: a text field or a file's name holding U+0000 is refused (stored,
        // it would be cut there), as in a urlencoded form.
        try TextSafety.refuseNUL(in: fields.merging(files.mapValues(\.filename)) { field, _ in field })
        request.body = .init(buffer: ByteBuffer())
        self.fields = fields
        self.files = files
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

import Foundation
import HTTPTypes
import Hummingbird

/// A file sent to the browser under its own (often Chinese) name.
///
/// RFC 6266: `filename*=UTF-8''…` carries the real name percent-encoded; a plain ASCII `filename`
/// beside it serves clients that do not read the encoded form.
enum Download {
    /// The `Content-Disposition` value for `filename`, `fallback` being its ASCII stand-in.
    /// A name in plain ASCII serves as its own stand-in.
    static func disposition(filename: String, fallback: String, inline: Bool = false) -> String {
        let safe = CharacterSet.alphanumerics.union(.init(charactersIn: ".-_"))
        let encoded = filename.addingPercentEncoding(withAllowedCharacters: safe) ?? fallback
        let plain = filename.unicodeScalars.allSatisfy { $0.isASCII && safe.contains($0) } && !filename.isEmpty ? filename : fallback
        return "\(inline ? "inline" : "attachment"); filename=\"\(plain)\"; filename*=UTF-8''\(encoded)"
    }

    /// A 200 response with the bytes, their type and name (`HTTPDefences` adds `nosniff` to every response).
    static func response(_ bytes: Data, filename: String, fallback: String, contentType: String, inline: Bool = false,
                         headers extra: HTTPFields = [:]) -> Response {
        var headers: HTTPFields = [.contentType: contentType,
                                   .contentDisposition: disposition(filename: filename, fallback: fallback, inline: inline)]
        headers.append(contentsOf: extra)
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

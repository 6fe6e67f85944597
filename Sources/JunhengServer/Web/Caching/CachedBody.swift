import CompressNIO
import Crypto
import Foundation
import HTTPTypes
import Hummingbird

/// A response body made once and answered many times from memory (a public page, a regions list,
/// a static file): its bytes, the same bytes gzip-compressed when that pays, a strong `ETag` per
/// encoding (a digest of the bytes, so equal bytes get equal tags in every process) and the time
/// these bytes were first made. `response(to:)` answers `If-None-Match` and `If-Modified-Since`
/// with 304 and picks the encoding from `Accept-Encoding`, so a cached page costs no rendering and
/// no compression per request.
struct CachedBody: Sendable {
    let contentType: String
    let cacheControl: String
    let identity: ByteBuffer
    /// Nil when the type is already compressed, the body is small, or gzip did not make it smaller.
    let gzipped: ByteBuffer?
    /// Quoted digest of the uncompressed bytes.
    let etag: String
    /// The gzip encoding's own tag: a strong tag names one representation.
    let gzipETag: String
    let lastModified: Date
    /// `lastModified` as the header writes it, formatted once.
    let lastModifiedText: String
    /// Set when this body's 200 answers may be replayed without the router (`PublicReplayHandler`):
    /// by the public cache when it hands the body out, `.unbound` for a static file.
    var replayStamp: ReplayStamp?

    /// Bytes this body holds in memory, for the cache's cap.
    var byteCount: Int { identity.readableBytes + (gzipped?.readableBytes ?? 0) }

    /// `modified` is when these bytes first appeared: a caller that made the same bytes again
    /// passes the earlier body as `previous`, which keeps its date.
    init(_ bytes: ByteBuffer, contentType: String, cacheControl: String, modified: Date = Date(), previous: CachedBody? = nil) {
        self.contentType = contentType
        self.cacheControl = cacheControl
        identity = bytes
        let digest = bytes.withUnsafeReadableBytes { SHA256.hash(data: $0) }.prefix(16).map { String(format: "%02x", $0) }.joined()
        etag = "\"\(digest)\""
        gzipETag = "\"\(digest)-gzip\""
        gzipped = Gzip.compressIfItPays(bytes, contentType: contentType)
        if let previous, previous.etag == etag {
            lastModified = previous.lastModified
        } else {
            // HTTP dates have whole seconds: a stored date with a fraction would never equal the one a client sends back.
            lastModified = Date(timeIntervalSince1970: modified.timeIntervalSince1970.rounded(.down))
        }
        lastModifiedText = HTTPDate.format(lastModified)
    }

    /// The 200 or 304 answer to `request`, in the encoding the client accepts. A 200 carries the
    /// replay stamp, if any, with the route's pattern (`context.endpointPath`).
    func response(to request: Request, context: some RequestContext) -> Response {
        let useGzip = gzipped != nil && Gzip.isAccepted(request.headers[values: .acceptEncoding])
        var headers: HTTPFields = [
            .contentType: contentType,
            .eTag: useGzip ? gzipETag : etag,
            .lastModified: lastModifiedText,
            .cacheControl: cacheControl,
        ]
        if gzipped != nil { headers[.vary] = "Accept-Encoding" }
        if Self.notModified(request, etag: headers[.eTag]!, lastModified: lastModified) {
            return Response(status: .notModified, headers: headers)
        }
        if useGzip { headers[.contentEncoding] = "gzip" }
        if let replayStamp { headers[ReplayStamp.headerName] = replayStamp.headerValue(route: context.endpointPath ?? request.uri.path) }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: useGzip ? gzipped! : identity))
    }

    /// RFC 9110 §13.1: `If-None-Match` decides when present (weak comparison, `*` matches);
    /// otherwise `If-Modified-Since` at or after the body's date.
    static func notModified(_ request: Request, etag: String, lastModified: Date) -> Bool {
        let candidates = request.headers[values: .ifNoneMatch].flatMap { $0.split(separator: ",") }
        if !candidates.isEmpty {
            let opaque = { (tag: Substring) in tag.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "W/", with: "") }
            return candidates.contains { opaque($0) == "*" || opaque($0) == etag }
        }
        guard let since = request.headers[.ifModifiedSince].flatMap(HTTPDate.parse) else { return false }
        return lastModified <= since
    }
}

/// gzip where it pays: text (HTML, CSS, JavaScript, JSON, CSV, SVG, XML) of at least
/// `minimumSize` bytes, and only when the result is smaller; never PDF, XLSX, DOCX or images,
/// which are compressed already.
enum Gzip {
    /// Below this a gzip header and the CPU cost more than the bytes saved.
    static let minimumSize = 1024

    static func isCompressible(contentType: String) -> Bool {
        let type = contentType.lowercased()
        return type.hasPrefix("text/") || type.hasPrefix("application/json") || type.hasPrefix("application/javascript")
            || type.hasPrefix("application/xml") || type.hasPrefix("image/svg+xml")
    }

    static func compressIfItPays(_ bytes: ByteBuffer, contentType: String) -> ByteBuffer? {
        guard bytes.readableBytes >= minimumSize, isCompressible(contentType: contentType) else { return nil }
        var input = bytes
        guard let compressed = try? input.compress(with: .gzip()), compressed.readableBytes < bytes.readableBytes * 9 / 10 else {
            return nil
        }
        return compressed
    }

    /// Whether the `Accept-Encoding` values take gzip: named (or `x-gzip`) with a q above 0, or
    /// not named and `*` with a q above 0.
    static func isAccepted(_ acceptEncoding: [String]) -> Bool {
        var gzip: Double?
        var any: Double?
        for value in acceptEncoding {
            for item in value.split(separator: ",") {
                let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
                guard let name = parts.first else { continue }
                let q = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
                if name == "gzip" || name == "x-gzip" { gzip = q } else if name == "*" { any = q }
            }
        }
        return (gzip ?? any ?? 0) > 0
    }
}

/// HTTP dates (`Sun, 06 Nov 1994 08:49:37 GMT`, RFC 9110 §5.6.7).
enum HTTPDate {
    private static func formatter() -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter
    }

    static func format(_ date: Date) -> String { formatter().string(from: date) }
    static func parse(_ text: String) -> Date? { formatter().date(from: text) }
}

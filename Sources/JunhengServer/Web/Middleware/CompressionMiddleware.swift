import HTTPTypes
import Hummingbird

/// gzip for the responses made per request (a signed-in reader's pages, API answers, CSV
/// exports) when the client accepts it and it pays (`Gzip`). Bodies from the public cache and
/// static files arrive already negotiated (they carry an ETag per encoding) and pass untouched,
/// as do streamed bodies of unknown length and anything above `largestBody`.
struct CompressionMiddleware: RouterMiddleware {
    typealias Context = AppContext

    /// Larger bodies are sent as they are rather than held in memory twice.
    static let largestBody = 16 << 20

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        guard response.headers[.contentEncoding] == nil, response.headers[.eTag] == nil,
              let length = response.body.contentLength, length >= Gzip.minimumSize, length <= Self.largestBody,
              Gzip.isCompressible(contentType: response.headers[.contentType] ?? "")
        else { return response }
        response.headers.append(HTTPField(name: .vary, value: "Accept-Encoding"))
        guard Gzip.isAccepted(request.headers[values: .acceptEncoding]) else { return response }
        let collector = BodyCollector()
        try await response.body.write(collector)
        guard let compressed = Gzip.compressIfItPays(collector.bytes, contentType: response.headers[.contentType] ?? "") else {
            response.body = .init(byteBuffer: collector.bytes)
            return response
        }
        response.headers[.contentEncoding] = "gzip"
        response.body = .init(byteBuffer: compressed)
        return response
    }
}

/// Gathers a response body that is already in memory into one buffer.
private final class BodyCollector: ResponseBodyWriter {
    var bytes = ByteBuffer()

    func write(_ buffer: ByteBuffer) async throws {
        var buffer = buffer
        bytes.writeBuffer(&buffer)
    }

    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}

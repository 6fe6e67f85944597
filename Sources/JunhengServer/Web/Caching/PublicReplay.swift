import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import Metrics
import NIOCore
import NIOHTTPTypes

/// Until when an answer made from the public cache may be replayed without the router: the cache
/// generation its bytes belong to (nil for bytes that no stored data changes, the static files)
/// and the moment the cache itself would make them again (`PublicCacheSettings.maxAge`).
///
/// The answer carries it to `PublicReplayHandler` in an internal header (`Junheng-Replay`),
/// with the route's pattern for the metrics; the handler takes the header off before the
/// answer leaves the server.
struct ReplayStamp: Sendable, Equatable {
    let generation: UInt64?
    let until: NIODeadline

    /// For bytes that nothing stored changes: replayed until the cache is emptied.
    static let unbound = ReplayStamp(generation: nil, until: .distantFuture)

    static let headerName = HTTPField.Name("Junheng-Replay")!

    /// `generation until route`, the generation `-` when unbound.
    func headerValue(route: String) -> String {
        "\(generation.map(String.init) ?? "-") \(until.uptimeNanoseconds) \(route)"
    }

    /// The stamp and route of a header written by `headerValue`; nil for anything else.
    static func parse(_ value: String) -> (stamp: ReplayStamp, route: String)? {
        let parts = value.split(separator: " ", maxSplits: 2)
        guard parts.count == 3, let until = UInt64(parts[1]) else { return nil }
        let generation: UInt64?
        if parts[0] == "-" {
            generation = nil
        } else {
            guard let number = UInt64(parts[0]) else { return nil }
            generation = number
        }
        return (ReplayStamp(generation: generation, until: NIODeadline.uptimeNanoseconds(until)), String(parts[2]))
    }
}

/// What decides the bytes of a public answer, read from a request head: the request target
/// (path and query), the language cookie and whether gzip is accepted. Nil for a request whose
/// answer may depend on anything else, which therefore always goes through the router: any
/// method but GET, credentials (a bearer token, a session cookie), a conditional or ranged
/// request, a body, `Expect`, or `Connection: close`.
enum ReplayKey {
    static func of(_ request: HTTPRequest) -> String? {
        guard request.method == .get, let target = request.path else { return nil }
        let fields = request.headerFields
        for name in refusing where fields[name] != nil { return nil }
        if let connection = fields[.connection], connection.lowercased().contains("close") { return nil }
        guard target.utf8.count <= longestTarget else { return nil }
        let cookieHeaders = fields[values: .cookie]
        // Any session cookie with a value, however written, is a credential: to the router.
        for pair in cookieHeaders.flatMap({ $0.split(separator: ";") }) {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.first?.trimmingCharacters(in: .whitespaces) == Cookies.session,
               parts.count > 1, !parts[1].trimmingCharacters(in: .whitespaces).isEmpty { return nil }
        }
        // The language exactly as the router settles it (AuthenticationMiddleware reads the cookie
        // with Hummingbird's parser): a cookie it does not understand is Chinese, as there.
        let language = Hummingbird.Cookies(from: cookieHeaders)[Cookies.language].flatMap { Language(rawValue: $0.value) } ?? .chinese
        let gzip = Gzip.isAccepted(fields[values: .acceptEncoding])
        return "\(target)\n\(language.rawValue)\n\(gzip ? "gzip" : "identity")"
    }

    /// A longer target is answered by the router, not kept: no page of ours needs one, and each
    /// kept key costs memory.
    static let longestTarget = 1024

    private static let refusing: [HTTPField.Name] = [
        .authorization, .contentLength, .transferEncoding, .expect,
        .ifNoneMatch, .ifModifiedSince, .ifMatch, .ifUnmodifiedSince, .ifRange, .range,
    ]
}

/// An answer the router made for an anonymous GET, as it went out (without its date), kept to be
/// written again for the same key while its stamp holds.
struct Replay: Sendable {
    let head: HTTPResponse
    let body: ByteBuffer
    let stamp: ReplayStamp
    let metrics: ReplayMetrics

    /// Memory this replay holds under `key`: the key, the head's fields, the body and what an
    /// entry costs besides (counted so that many small answers cannot outgrow the cap).
    func byteCount(key: String) -> Int {
        key.utf8.count + head.headerFields.reduce(0) { $0 + $1.name.rawName.utf8.count + $1.value.utf8.count } + body.readableBytes + 256
    }
}

/// The per-route figures a replayed answer still counts in, as the router's middleware would:
/// Hummingbird's request counter and duration, and the SQL statements (none).
struct ReplayMetrics: Sendable {
    let requests: Counter
    let duration: Timer
    let statements: Recorder

    init(route: String, status: HTTPResponse.Status) {
        let dimensions = [("http.route", route), ("http.request.method", "GET"), ("http.response.status_code", String(status.code))]
        requests = Counter(label: "hb.requests", dimensions: dimensions)
        duration = Timer(label: "http.server.request.duration", dimensions: dimensions)
        statements = RouteRecorders.shared.recorder(for: route)
    }
}

/// The last handler before Hummingbird's async channel: answers a request whose answer it has
/// seen the router make (a published page, the region list, a static file — answers stamped by
/// the public cache) by writing that answer again on the event loop, without the hop to a task,
/// the middleware and the router. Everything else, and every request while an earlier one on the
/// connection is still being answered, goes on to the router untouched, so answers stay in order.
///
/// Exactness: an answer is recorded only for a request whose key (`ReplayKey`) covers all that
/// its bytes depend on, only when it is a 200 without cookies, and only while its cache generation
/// is current; the cache forgets every replay when it is emptied (any write) and each stamp ends
/// when the cache would make the bytes again. The request is still logged and counted.
final class PublicReplayHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private struct Capture {
        let key: String
        let head: HTTPResponse
        let stamp: ReplayStamp
        let route: String
        var body: ByteBuffer?
        var bodyParts = 0
    }

    let cache: PublicCache
    let logger: Logger
    /// The keys of the requests handed to the router and not yet fully answered, oldest first
    /// (nil: that answer is not to be recorded).
    private var waiting = CircularBuffer<String?>()
    /// A request answered here: its answer is written when its end arrives (the connection's
    /// clock must see the request whole before the answer starts).
    private var pending: (replay: Replay, target: String, start: NIODeadline)?
    /// The answer now being written for the oldest waiting request, when it may be recorded.
    private var capture: Capture?
    private var date: (second: Int, text: String) = (.min, "")

    init(cache: PublicCache, logger: Logger) {
        self.cache = cache
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let request):
            let key = ReplayKey.of(request)
            if waiting.isEmpty, context.channel.isWritable, let key, let replay = cache.replay(for: key) {
                pending = (replay, request.path ?? "", .now())
                return
            }
            waiting.append(key)
        case .body:
            if pending != nil { return }
        case .end:
            if let pending {
                self.pending = nil
                answer(pending.replay, target: pending.target, start: pending.start, context: context)
                return
            }
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(var head) where head.status.code >= 200:
            guard let marker = head.headerFields[ReplayStamp.headerName] else { break }
            head.headerFields[ReplayStamp.headerName] = nil
            if let key = waiting.first ?? nil, head.status == .ok, head.headerFields[.setCookie] == nil,
               let (stamp, route) = ReplayStamp.parse(marker) {
                var recorded = head
                recorded.headerFields[.date] = nil
                capture = Capture(key: key, head: recorded, stamp: stamp, route: route)
            }
            context.write(wrapOutboundOut(.head(head)), promise: promise)
            return
        case .body(let buffer):
            capture?.body = buffer
            capture?.bodyParts += 1
        case .end(let trailers):
            if let capture, trailers == nil, capture.bodyParts == 1, let body = capture.body {
                cache.record(Replay(head: capture.head, body: body, stamp: capture.stamp,
                                    metrics: ReplayMetrics(route: capture.route, status: capture.head.status)),
                             under: capture.key)
            }
            capture = nil
            if !waiting.isEmpty { waiting.removeFirst() }
        default:
            break
        }
        context.write(data, promise: promise)
    }

    private func answer(_ replay: Replay, target: String, start: NIODeadline, context: ChannelHandlerContext) {
        // A request of its own: its own id in the log and the answer, as the router would give it.
        let id = RequestID().description
        logger.info("Request", metadata: [
            "hb.request.id": .string(id),
            "hb.request.path": .string(target),
            "hb.request.method": .string("GET"),
        ])
        var head = replay.head
        if head.headerFields[.requestID] != nil { head.headerFields[.requestID] = id }
        head.headerFields[.date] = currentDate()
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(replay.body)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        replay.metrics.requests.increment()
        replay.metrics.statements.record(0)
        replay.metrics.duration.recordNanoseconds(Int64(NIODeadline.now().uptimeNanoseconds - start.uptimeNanoseconds))
    }

    /// The `Date` header, made once a second per connection.
    private func currentDate() -> String {
        let now = Date()
        let second = Int(now.timeIntervalSince1970)
        if second != date.second { date = (second, HTTPDate.format(now)) }
        return date.text
    }
}

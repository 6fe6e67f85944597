import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTPTypes

/// HTTP/1.1 with what one client may hold (`HTTPLimits`): a cap on open connections per address,
/// and the idle, header and body deadlines that close a connection which sends nothing or trickles.
/// Hummingbird's own idle timeout resets on every body chunk, so one byte a minute would keep a
/// connection (and its request) forever; these deadlines do not. Last before the router, the
/// answers it has already made for anonymous readers are written again on the event loop
/// (`PublicReplayHandler`).
extension HTTPServerBuilder {
    static func junheng(limits: HTTPLimits, cache: PublicCache, logger: Logger) -> HTTPServerBuilder {
        let counter = ConnectionCounter(cap: limits.maxConnectionsPerAddress)
        return HTTPServerBuilder { responder in
            GuardedHTTP1Channel(responder: responder, limits: limits, counter: counter, cache: cache)
        }
    }
}

struct GuardedHTTP1Channel: ServerChildChannel, HTTPChannelHandler {
    typealias Value = HTTP1Channel.Value
    let responder: HTTPChannelHandler.Responder
    let limits: HTTPLimits
    let counter: ConnectionCounter
    let cache: PublicCache

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture { () -> HTTP1Channel in
            let clock = ConnectionClock(limits: limits, channel: channel, logger: logger)
            try channel.pipeline.syncOperations.addHandler(ConnectionGate(clock: clock, counter: counter), position: .first)
            let bound = NIOLoopBound(clock, eventLoop: channel.eventLoop)
            return HTTP1Channel(responder: responder, configuration: .init(additionalChannelHandlers: [RequestTimer(clock: bound.value)]))
        }.flatMap { $0.setup(channel: channel, logger: logger) }.flatMapThrowing { value in
            // After Hummingbird's connection state (which must see every request and answer, for
            // keep-alive and graceful shutdown), right before the async channel.
            let pipeline = channel.pipeline.syncOperations
            let state = try pipeline.handler(type: HTTPConnectionStateHandler.self)
            try pipeline.addHandler(PublicReplayHandler(cache: cache, logger: logger), position: .after(state))
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await handleHTTP(asyncChannel: value, logger: logger)
    }
}

/// Open connections per client address, shared by every connection of the server.
final class ConnectionCounter: Sendable {
    let cap: Int
    private let counts = NIOLockedValueBox<[String: Int]>([:])

    init(cap: Int) { self.cap = cap }

    /// Counts one more connection from `address`, or refuses it (false) at the cap.
    func open(_ address: String) -> Bool {
        counts.withLockedValue { counts in
            let open = counts[address, default: 0]
            guard cap <= 0 || open < cap else { return false }
            counts[address] = open + 1
            return true
        }
    }

    func close(_ address: String) {
        counts.withLockedValue { counts in
            let open = counts[address, default: 1] - 1
            counts[address] = open > 0 ? open : nil
        }
    }
}

/// First in the pipeline, on raw bytes: refuses a connection over its address's cap, and tells
/// the clock when the first byte of a request arrives (the header deadline starts there).
final class ConnectionGate: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    let clock: ConnectionClock
    let counter: ConnectionCounter
    private var address: String?
    private var refused = false
    private var started = false

    init(clock: ConnectionClock, counter: ConnectionCounter) {
        self.clock = clock
        self.counter = counter
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let address = context.channel.remoteAddress?.ipAddress ?? "unknown"
        if counter.open(address) {
            self.address = address
        } else {
            refused = true
            clock.logger.notice("connection refused: too many from one address",
                                metadata: ["address": "\(address)", "cap": "\(counter.cap)"])
        }
        if context.channel.isActive { start(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        start(context)
        context.fireChannelActive()
    }

    private func start(_ context: ChannelHandlerContext) {
        guard !started else { return }
        started = true
        if refused {
            context.close(promise: nil)
        } else {
            clock.start()
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        release()
        clock.stop()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        release()
    }

    private func release() {
        if let address {
            counter.close(address)
            self.address = nil
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !refused else { return }
        clock.bytesArrived()
        context.fireChannelRead(data)
    }
}

/// After the HTTP decoder, on request and response parts: moves the clock through a request, and
/// closes the connection after answering a request whose body was not read (a refusal, a 413):
/// the rest of that body is not worth receiving.
final class RequestTimer: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    let clock: ConnectionClock

    init(clock: ConnectionClock) { self.clock = clock }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        clock.requestPart(unwrapInboundIn(data))
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(var head) where head.status.code >= 200:
            if clock.responseStarted() {
                head.headerFields[.connection] = "close"
                context.write(wrapOutboundOut(.head(head)), promise: promise)
                return
            }
        case .end:
            if clock.responseEnded() {
                // Half-close first so the client reads the answer before the connection goes
                // (closing with unread input would reset it); then close for good.
                let channel = context.channel
                let promise = promise ?? context.eventLoop.makePromise()
                context.writeAndFlush(data, promise: promise)
                promise.futureResult.whenComplete { _ in
                    channel.close(mode: .output, promise: nil)
                    channel.eventLoop.scheduleTask(in: .seconds(1)) { channel.close(promise: nil) }
                }
                return
            }
        default: break
        }
        context.write(data, promise: promise)
    }
}

/// The deadlines of one connection. Waiting for a request: `idleTimeout` from the end of the last
/// answer (or from connecting); once its first byte arrives, `headerTimeout` for the whole head;
/// from the head on, `bodyTimeout` plus a second per `bodyMinRate` bytes received for the body.
/// While a handler works on a fully read request there is no deadline (the shutdown deadline
/// bounds that). All on the channel's event loop.
final class ConnectionClock {
    let limits: HTTPLimits
    let channel: any Channel
    let logger: Logger

    /// Heads received minus answers finished.
    private var inFlight = 0
    /// A request's body is still arriving (its head came, its end did not).
    private var readingBody = false
    private var bodyBytes = 0
    private var bodyStart = NIODeadline.now()
    /// When the connection last became idle, and when the next request's first byte came.
    private var idleSince = NIODeadline.now()
    private var requestStart: NIODeadline?
    private var closeAfterAnswer = false
    private var timer: Scheduled<Void>?
    /// When `timer` fires.
    private var timerDeadline: NIODeadline?
    private var stopped = false

    init(limits: HTTPLimits, channel: any Channel, logger: Logger) {
        self.limits = limits
        self.channel = channel
        self.logger = logger
    }

    func start() {
        idleSince = .now()
        reschedule()
    }

    func stop() {
        stopped = true
        timer?.cancel()
        timer = nil
        timerDeadline = nil
    }

    func bytesArrived() {
        if inFlight == 0, requestStart == nil {
            requestStart = .now()
            reschedule()
        }
    }

    func requestPart(_ part: HTTPRequestPart) {
        switch part {
        case .head:
            inFlight += 1
            readingBody = true
            bodyBytes = 0
            bodyStart = .now()
            requestStart = nil
        case .body(let buffer):
            bodyBytes += buffer.readableBytes
            return
        case .end:
            readingBody = false
        }
        reschedule()
    }

    /// An answer begins; true when its request's body is still unread (the connection then closes).
    func responseStarted() -> Bool {
        if readingBody, inFlight == 1 { closeAfterAnswer = true }
        return closeAfterAnswer
    }

    /// An answer is complete; true when the connection is to close now.
    func responseEnded() -> Bool {
        inFlight = max(0, inFlight - 1)
        if closeAfterAnswer { return true }
        if inFlight == 0 { idleSince = .now() }
        reschedule()
        return false
    }

    private var deadline: (NIODeadline, String)? {
        if readingBody {
            let earned = TimeAmount.milliseconds(Int64(bodyBytes) * 1000 / Int64(max(1, limits.bodyMinRate)))
            return (bodyStart + TimeAmount(limits.bodyTimeout) + earned, "slow request body")
        }
        guard inFlight == 0 else { return nil }
        if let requestStart { return (requestStart + TimeAmount(limits.headerTimeout), "slow request head") }
        return (idleSince + TimeAmount(limits.idleTimeout), "idle")
    }

    /// Makes sure a timer fires by the current deadline. A timer already set to fire no later is
    /// kept: when it fires, `fire` looks at the deadline then and sets the next one. So a request
    /// on a kept-alive connection cancels and sets a timer once (its first byte brings the head's
    /// deadline forward), not at each of its four steps; scheduling was a tenth of the server's
    /// work on a small cached page.
    private func reschedule() {
        guard !stopped, let (deadline, _) = deadline else { return }
        if timer != nil, let timerDeadline, timerDeadline <= deadline { return }
        timer?.cancel()
        timerDeadline = deadline
        timer = channel.eventLoop.assumeIsolatedUnsafeUnchecked().scheduleTask(deadline: deadline) { [self] in fire() }
    }

    private func fire() {
        timer = nil
        timerDeadline = nil
        guard !stopped, let (deadline, reason) = deadline else { return }
        if deadline <= .now() {
            logger.info("connection closed: \(reason)", metadata: [
                "address": "\(channel.remoteAddress?.ipAddress ?? "unknown")"])
            stop()
            channel.close(promise: nil)
        } else {
            reschedule()
        }
    }
}

import Foundation
import Hummingbird
import Metrics
import NIOConcurrencyHelpers
import NIOCore

/// How much the public cache may hold and how long an entry is answered before it is made again.
public struct PublicCacheSettings: Sendable, Equatable {
    /// Bytes of bodies (plain and gzip) the cache holds at most; the least recently used go first.
    /// 0 turns the cache off.
    public var capacity: Int
    /// An entry older than this is made again by the next request that meets it (the others are
    /// still answered from the old one meanwhile). This bounds how long a change made outside this
    /// process (`junheng` commands, another server on the same database) stays unseen; changes
    /// made through this server empty the cache at once.
    public var maxAge: Duration

    public init(capacity: Int = 64 << 20, maxAge: Duration = .seconds(2)) {
        self.capacity = capacity
        self.maxAge = maxAge
    }
}

/// Bodies that are the same for every reader who is not signed in — published catalogues and
/// reports as the public sees them, the region tree's JSON — made once and then answered from
/// memory (`CachedBody`: ETag, 304, gzip made once). The key holds everything besides the stored
/// data that changes the bytes: the path, and the variant (the language, the query). Pages for a
/// signed-in reader (their menu, their name, a CSRF token in the logout form) never come here.
///
/// Stale entries cannot be served after a change made through this server: every write that
/// succeeds (`PublicCacheInvalidation`) starts a new generation, and entries of an older one are
/// never answered. Bounded: at most `capacity` bytes, least recently used evicted first.
///
/// It also keeps the answers `PublicReplayHandler` writes again without the router (`Replay`):
/// recorded only while their generation is current, forgotten with everything else, and at most
/// `capacity` bytes of them besides the cached bodies (keys, heads, bodies; one at most a quarter
/// of it), the least recently used going first.
final class PublicCache: Sendable {
    struct Key: Hashable, Sendable {
        let path: String
        /// Everything besides the path that changes the bytes, e.g. `zh` or `en|q=学前`.
        let variant: String

        var byteCount: Int { path.utf8.count + variant.utf8.count }
    }

    private struct Entry {
        var body: CachedBody
        let generation: UInt64
        let madeAt: NIODeadline
        var lastUsed: UInt64
        /// A request is making this entry again; the others answer from `body` meanwhile.
        var refreshing = false

        func byteCount(_ key: Key) -> Int { body.byteCount + key.byteCount }
    }

    private struct State {
        var entries: [Key: Entry] = [:]
        var generation: UInt64 = 0
        var bytes = 0
        var clock: UInt64 = 0
        var replays: [String: KeptReplay] = [:]
        var replayBytes = 0
    }

    private struct KeptReplay {
        let replay: Replay
        let byteCount: Int
        var lastUsed: UInt64
    }

    private enum Lookup {
        case fresh(CachedBody)
        case make(previous: CachedBody?, generation: UInt64)
    }

    let settings: PublicCacheSettings
    private let state = NIOLockedValueBox(State())
    private let hits: Counter
    private let misses: Counter
    private let replayed: Counter

    init(settings: PublicCacheSettings = PublicCacheSettings()) {
        _ = MetricsBootstrap.registry
        self.settings = settings
        hits = Counter(label: "junheng_public_cache_requests_total", dimensions: [("result", "hit")])
        misses = Counter(label: "junheng_public_cache_requests_total", dimensions: [("result", "miss")])
        replayed = Counter(label: "junheng_public_cache_requests_total", dimensions: [("result", "replay")])
    }

    /// Bytes held now (bodies and keys).
    var byteCount: Int { state.withLockedValue { $0.bytes } }

    /// Forgets every entry and every replay: something that public bodies show may have changed.
    func invalidateAll() {
        state.withLockedValue { state in
            state.generation &+= 1
            state.entries.removeAll()
            state.bytes = 0
            state.replays.removeAll()
            state.replayBytes = 0
        }
    }

    /// The answer recorded under `key` (`ReplayKey`) while its stamp holds; counted as a replay.
    func replay(for key: String, now: NIODeadline = .now()) -> Replay? {
        let replay = state.withLockedValue { state -> Replay? in
            guard var kept = state.replays[key], kept.replay.stamp.until > now else { return nil }
            state.clock &+= 1
            kept.lastUsed = state.clock
            state.replays[key] = kept
            return kept.replay
        }
        if replay != nil { replayed.increment() }
        return replay
    }

    /// Keeps `replay` under `key` when its generation is current (bytes made before a change are
    /// never replayed), its stamp has not ended and it takes at most a quarter of the cap. Past
    /// the cap, the least recently used go until a quarter is free (one sort, not a search per
    /// new key).
    func record(_ replay: Replay, under key: String, now: NIODeadline = .now()) {
        let byteCount = replay.byteCount(key: key)
        guard settings.capacity > 0, replay.stamp.until > now, byteCount <= settings.capacity / 4 else { return }
        state.withLockedValue { state in
            guard replay.stamp.generation.map({ $0 == state.generation }) ?? true else { return }
            if let old = state.replays.removeValue(forKey: key) { state.replayBytes -= old.byteCount }
            if state.replayBytes + byteCount > settings.capacity {
                for (oldKey, old) in state.replays.sorted(by: { $0.value.lastUsed < $1.value.lastUsed }) {
                    guard state.replayBytes + byteCount > settings.capacity * 3 / 4 else { break }
                    state.replays.removeValue(forKey: oldKey)
                    state.replayBytes -= old.byteCount
                }
            }
            state.clock &+= 1
            state.replays[key] = KeptReplay(replay: replay, byteCount: byteCount, lastUsed: state.clock)
            state.replayBytes += byteCount
        }
    }

    /// The body under `key`, made by `make` when it is missing, of an older generation or older
    /// than `maxAge`. An error from `make` is thrown and nothing is kept (a 404 is not cached).
    /// The body comes stamped for replay until the moment it would be made again.
    func body(for key: Key, make: () async throws -> CachedBody.Source) async throws -> CachedBody {
        guard settings.capacity > 0 else { return try await make().body(previous: nil) }
        let now = NIODeadline.now()
        let maxAge = TimeAmount(settings.maxAge)
        let lookup = state.withLockedValue { state -> Lookup in
            state.clock &+= 1
            guard var entry = state.entries[key], entry.generation == state.generation else {
                return .make(previous: nil, generation: state.generation)
            }
            entry.lastUsed = state.clock
            defer { state.entries[key] = entry }
            guard now - entry.madeAt >= maxAge, !entry.refreshing else {
                var body = entry.body
                body.replayStamp = ReplayStamp(generation: state.generation, until: entry.madeAt + maxAge)
                return .fresh(body)
            }
            entry.refreshing = true
            return .make(previous: entry.body, generation: state.generation)
        }
        switch lookup {
        case .fresh(let body):
            hits.increment()
            return body
        case .make(let previous, let generation):
            misses.increment()
            var body: CachedBody
            do {
                body = try await make().body(previous: previous)
                body.replayStamp = ReplayStamp(generation: generation, until: now + maxAge)
            } catch {
                state.withLockedValue { state in
                    if state.entries[key]?.generation == generation { state.entries[key]?.refreshing = false }
                }
                throw error
            }
            store(body, under: key, generation: generation, madeAt: now)
            return body
        }
    }

    private func store(_ body: CachedBody, under key: Key, generation: UInt64, madeAt: NIODeadline) {
        state.withLockedValue { state in
            // Made before a change that emptied the cache: answer it this once, keep nothing.
            guard generation == state.generation else { return }
            if let old = state.entries.removeValue(forKey: key) { state.bytes -= old.byteCount(key) }
            let entry = Entry(body: body, generation: generation, madeAt: madeAt, lastUsed: state.clock)
            // One body may take a quarter of the cache at most, so one huge page cannot flush the rest.
            guard entry.byteCount(key) <= settings.capacity / 4 else { return }
            state.entries[key] = entry
            state.bytes += entry.byteCount(key)
            while state.bytes > settings.capacity, let oldest = state.entries.min(by: { $0.value.lastUsed < $1.value.lastUsed }) {
                state.entries.removeValue(forKey: oldest.key)
                state.bytes -= oldest.value.byteCount(oldest.key)
            }
        }
    }
}

extension CachedBody {
    /// What a cache miss makes: the bytes and how they are to be sent.
    struct Source {
        let bytes: ByteBuffer
        let contentType: String
        let cacheControl: String

        /// A JSON answer that is the same for every caller; clients revalidate it by ETag.
        static func json(_ value: some Encodable) throws -> Source {
            json(bytes: ByteBuffer(bytes: try JSONCoding.encoder().encode(value)))
        }

        /// JSON already written.
        static func json(bytes: ByteBuffer) -> Source {
            Source(bytes: bytes, contentType: JSONCoding.contentType, cacheControl: "no-cache")
        }

        func body(previous: CachedBody?) -> CachedBody {
            CachedBody(bytes, contentType: contentType, cacheControl: cacheControl, previous: previous)
        }
    }
}

/// Empties the public cache after every write that succeeded (any POST, PUT, PATCH or DELETE
/// answered below 400): publishing a catalogue or a report, a new edition, a region renamed or
/// moved. Writes are rare beside reads, so forgetting everything is cheap and leaves no case out.
struct PublicCacheInvalidation: RouterMiddleware {
    typealias Context = AppContext
    let cache: PublicCache

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        let response = try await next(request, context)
        if CSRFMiddleware.unsafeMethods.contains(request.method), response.status.code < 400 {
            cache.invalidateAll()
        }
        return response
    }
}

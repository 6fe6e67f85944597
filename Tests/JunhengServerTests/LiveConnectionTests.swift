import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JunhengApp
import JunhengCore
@testable import JunhengServer
import JunhengTestSupport
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Storage
import Testing

/// Connections on a real loopback server (issue 16, item 4): deadlines for heads, bodies and idle
/// connections, the per-address cap, bodies refused unread, and SIGTERM against the binary. These
/// watch the clock, so `make test` runs them on their own after the main suite
/// (`swift test --filter LiveConnectionTests`), where hundreds of parallel tests cannot starve
/// the server they start.
@Suite struct LiveConnectionTests {

    /// Deadlines far beyond what a test waits, for the tests that are not about deadlines: a
    /// loaded machine must not close a connection before the test has said what it came to say.
    static let roomy = HTTPLimits(maxBodySize: 1 << 20, maxUploadSize: 4 << 20, idleTimeout: .seconds(30),
                                  headerTimeout: .seconds(10), bodyTimeout: .seconds(30), bodyMinRate: 1000,
                                  maxConnectionsPerAddress: 6, shutdownTimeout: .seconds(1))

    /// Deadlines short enough to watch and long enough that a busy test process does not miss them:
    /// head 2 s, body 2.4 s (+1 s per 1000 bytes), idle 6 s.
    static let watchable = HTTPLimits(maxBodySize: 1 << 20, maxUploadSize: 4 << 20, idleTimeout: .seconds(6),
                                      headerTimeout: .seconds(2), bodyTimeout: .milliseconds(2400), bodyMinRate: 1000,
                                      maxConnectionsPerAddress: 6, shutdownTimeout: .seconds(1))

    @Test func anAnonymous60MBFormPostIsAnsweredAndClosedUnread() async throws {
        try await Self.live(limits: Self.roomy) { port in
            let connection = try await RawConnection.open(port: port)
            try await connection.send("POST /regions/130522/townships HTTP/1.1\r\nHost: localhost\r\nAccept: text/html\r\n"
                                      + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: \(60 << 20)\r\n\r\n")
            // The server may already have answered and closed: it needs no body to refuse.
            try? await connection.send(String(repeating: "a", count: 64 * 1024))
            #expect(await connection.waitUntilClosed(within: .seconds(10)))
            #expect(connection.received.hasPrefix("HTTP/1.1 403"))
            #expect(connection.received.lowercased().contains("connection: close"))
            // The rest is not wanted: the connection is gone.
            let accepted = await connection.sendUntilRefused(bytes: 60 << 20)
            #expect(accepted < 16 << 20, "the server took \(accepted) bytes after answering")
        }
    }

    @Test func aDeclaredOverLimitBodyIsRefusedFromItsHeaders() async throws {
        try await Self.live(limits: Self.roomy) { port in
            let connection = try await RawConnection.open(port: port)
            try await connection.send("POST /login HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\n"
                                      + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: \(60 << 20)\r\n\r\n")
            #expect(await connection.waitUntilClosed(within: .seconds(10)))
            #expect(connection.received.hasPrefix("HTTP/1.1 413"))
            #expect(connection.received.contains(#""code":"payload_too_large""#))
        }
    }

    @Test func slowHeadsSlowBodiesAndIdleConnectionsAreClosed() async throws {
        try await Self.live(limits: Self.watchable) { port in
            let start = ContinuousClock.now
            // A head sent a line at a time, never finished: closed at the header deadline (2 s),
            // long before the idle one.
            let slowHead = try await RawConnection.open(port: port)
            let trickle = Task {
                try? await slowHead.send("GET /healthz HTTP/1.1\r\n")
                for index in 0..<100 {
                    try? await Task.sleep(for: .milliseconds(100))
                    try? await slowHead.send("X-\(index): y\r\n")
                }
            }
            // A body a byte at a time: closed at the body deadline (2.4 s + 1 s per 1000 bytes).
            let slowBody = try await RawConnection.open(port: port)
            try await slowBody.send("POST /login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                                    + "Content-Length: 5000\r\n\r\n")
            let drip = Task {
                for _ in 0..<100 {
                    try? await slowBody.send("a")
                    try? await Task.sleep(for: .milliseconds(100))
                }
            }
            // A kept-alive connection that asks once and then says nothing: the idle deadline.
            let idle = try await RawConnection.open(port: port)
            try await idle.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")

            #expect(await slowHead.waitUntilClosed(within: .seconds(8)))
            let headClosed = ContinuousClock.now - start
            #expect(await slowBody.waitUntilClosed(within: .seconds(8)))
            #expect(await idle.waitUntilClosed(within: .seconds(12)))
            let idleClosed = ContinuousClock.now - start
            #expect(headClosed < .seconds(5), "slow head held \(headClosed)")
            #expect(idleClosed >= .seconds(5), "idle closed too early: \(idleClosed)")
            #expect(idle.received.hasPrefix("HTTP/1.1 200"))
            trickle.cancel()
            drip.cancel()
        }
    }

    @Test func aCrowdFromOneAddressIsCappedAndTheRestTimesOut() async throws {
        try await Self.live(limits: Self.watchable) { port in
            var connections: [RawConnection] = []
            for _ in 0..<60 {
                let connection = try await RawConnection.open(port: port)
                try? await connection.send("GET / HTTP/1.1\r\n") // and never the rest
                connections.append(connection)
            }
            try await Task.sleep(for: .milliseconds(300))
            let open = connections.filter(\.isOpen).count
            #expect(open <= 6, "\(open) connections from one address are open")
            // The few admitted trickle too: the header deadline closes them.
            for connection in connections {
                #expect(await connection.waitUntilClosed(within: .seconds(8)))
            }
            // Once they are gone, the address is welcome again.
            let fresh = try await RawConnection.open(port: port)
            try await fresh.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            #expect(await fresh.waitUntilClosed(within: .seconds(8)))
            #expect(fresh.received.hasPrefix("HTTP/1.1 200"))
        }
    }

    /// SIGTERM while a request is still being received: the real `junheng serve` exits within its
    /// shutdown deadline instead of waiting for the request.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: junhengBinary.path)))
    func sigtermStopsTheServerWithinItsDeadline() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("junheng-sigterm-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let port = 18511
        let process = Process()
        process.executableURL = Self.junhengBinary
        process.arguments = ["serve", "--database", directory.appendingPathComponent("j.sqlite").path, "--port", "\(port)",
                             "--shutdown-timeout", "1", "--body-timeout", "120", "--log-level", "warning"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        var connection: RawConnection?
        for _ in 0..<300 where connection == nil {
            connection = try? await RawConnection.open(port: port, host: "127.0.0.1")
            if connection == nil { try await Task.sleep(for: .milliseconds(100)) }
        }
        let held = try #require(connection, "the server did not start")
        // The login form is open to anyone; its body never completes, so the request stays running.
        try await held.send("POST /login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                            + "Content-Length: 50000\r\n\r\n_csrf=")
        try await Task.sleep(for: .milliseconds(300))
        let start = ContinuousClock.now
        kill(process.processIdentifier, SIGTERM)
        while process.isRunning, ContinuousClock.now - start < .seconds(10) {
            try await Task.sleep(for: .milliseconds(50))
        }
        let stopped = ContinuousClock.now - start
        #expect(!process.isRunning)
        #expect(stopped < .seconds(4), "stopping took \(stopped)")
    }

    static var junhengBinary: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../.build/debug/junheng").standardized
    }

    /// A real server on an ephemeral loopback port, with these limits.
    static func live(limits: HTTPLimits, _ body: @escaping @Sendable (Int) async throws -> Void) async throws {
        try await TestDatabase.with(.sqlite) { database in
            let services = try await JunhengServices.make(
                database: database, configuration: ServerConfiguration(port: 0, database: database.location, limits: limits))
            let app = buildApplication(services: services, logger: TestDatabase.logger)
            try await app.test(.live) { client in try await body(try #require(client.port)) }
        }
    }
}

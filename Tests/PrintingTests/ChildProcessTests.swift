import ExternalPrograms
import Foundation
import Testing

/// How a child process's end is read: its exit code or signal, what it left behind, and a status
/// that another reaper took.
struct ChildProcessTests {
    private func start(_ script: String, in directory: URL) throws -> ChildProcess {
        try ChildProcess("/bin/sh", arguments: ["-c", script], environment: [:],
                         log: directory.appendingPathComponent("log").path)
    }

    @Test func anExitCodeAndAKillingSignalAreReportedAsTheShellWould() async throws {
        try await ChildProcess.withScratchDirectory(prefix: "junheng-test") { directory in
            let exited = try await start("exit 3", in: directory).wait(timeout: .seconds(30))
            let killed = try await start("kill -TERM $$", in: directory).wait(timeout: .seconds(30))
            #expect(exited == 3)
            #expect(killed == 128 + SIGTERM)
        }
    }

    @Test func whatAProgramLeavesBehindIsKilledWhenItEnds() async throws {
        try await ChildProcess.withScratchDirectory(prefix: "junheng-test") { directory in
            let pids = directory.appendingPathComponent("pids")
            let process = try start("sleep 30 & echo $! > '\(pids.path)'; exit 0", in: directory)
            let code = try await process.wait(timeout: .seconds(30))
            #expect(code == 0)
            let orphan = try #require(pid_t(String(decoding: try Data(contentsOf: pids), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)))
            // Killed before wait returned; give the kernel a moment to finish it.
            var gone = false
            for _ in 0..<100 where !gone {
                gone = kill(orphan, 0) == -1 || ((try? String(contentsOfFile: "/proc/\(orphan)/stat", encoding: .utf8))?
                    .split(separator: ")").last?.split(separator: " ").first == "Z")
                if !gone { try await Task.sleep(for: .milliseconds(20)) }
            }
            #expect(gone, "the program's child outlived it")
        }
    }

    @Test func aStatusTakenByAnotherReaperIsNeverReadAsSuccess() async throws {
        try await ChildProcess.withScratchDirectory(prefix: "junheng-test") { directory in
            let process = try start("exit 0", in: directory)
            var status: Int32 = 0
            #expect(waitpid(process.pid, &status, 0) == process.pid)
            let code = try await process.wait(timeout: .seconds(30))
            #expect(code == ChildProcess.statusLost)
        }
    }
}

import Foundation

/// Why an outside program could not be run to the end.
public enum ChildProcessError: Error, Sendable, Equatable {
    /// `posix_spawn` failed: the program is missing, not executable, or the system is out of processes.
    case cannotStart(executable: String, reason: String)
    /// The program ran longer than its timeout and was killed with its children.
    case timedOut(Duration)
}

/// A child process leading its own process group, so it can be killed with everything it
/// started: the one way Junheng runs an outside program (Chromium, pdftotext, LibreOffice).
///
/// Its input is `/dev/null`; its output and errors go to a file, which nobody has to drain while
/// it runs. Nothing else this process has open is inherited (a server socket would stay bound,
/// and a file being written could not be executed), and it starts with default signal handling
/// (a server ignores SIGPIPE).
public struct ChildProcess: Sendable {
    public let pid: pid_t
    public let executable: String

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later), looked up at run time
    /// because Swift's Glibc module does not declare it.
    private static let closeFrom = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np").map {
        unsafeBitCast($0, to: CloseFrom.self)
    }
    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    /// Starts `executable` (a path) with `arguments`, writing its output and errors to `log`.
    public init(_ executable: String, arguments: [String], environment: [String: String], log: String) throws(ChildProcessError) {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        if let closeFrom = Self.closeFrom { _ = closeFrom(&actions, 3) }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setpgroup(&attributes, 0)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid = pid_t()
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard status == 0 else {
            throw .cannotStart(executable: executable, reason: String(cString: strerror(status)))
        }
        self.pid = pid
        self.executable = executable
    }

    /// The exit code (128 + n after signal n). On timeout or cancellation the group is killed
    /// first; after a normal exit it is killed too, for children the program left behind.
    public func wait(timeout: Duration) async throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let code = exitCode() { return code }
            if ContinuousClock.now >= deadline {
                killAndReap()
                throw ChildProcessError.timedOut(timeout)
            }
            do {
                // Polling keeps one code path for exit, timeout and cancellation; 20 ms is
                // nothing beside a program's start-up.
                try await Task.sleep(for: .milliseconds(20))
            } catch {
                killAndReap()
                throw error
            }
        }
    }

    /// `wait(timeout:)` for a caller on a thread of its own (not Swift's cooperative pool), which
    /// learns of cancellation through `isCancelled`.
    /// - Throws: `ChildProcessError.timedOut`, or `CancellationError` once `isCancelled` turns true.
    public func waitBlocking(timeout: Duration, isCancelled: () -> Bool = { false }) throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let code = exitCode() { return code }
            if isCancelled() {
                killAndReap()
                throw CancellationError()
            }
            if ContinuousClock.now >= deadline {
                killAndReap()
                throw ChildProcessError.timedOut(timeout)
            }
            usleep(20_000)
        }
    }

    /// The exit code when the process has ended, having killed what it left behind; nil while it runs.
    ///
    /// The ended process is first only looked at (`WNOWAIT`): while it is an unreaped zombie its
    /// process ID, and so its group's, cannot be given to a new process, and killing the group
    /// can only reach what it left behind. Reaping first and killing after would, once process
    /// IDs wrap around (32,768 on many containers), kill a stranger's group of the same number.
    private func exitCode() -> Int32? {
        var info = siginfo_t()
        guard waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 else {
            // ECHILD: something else in this process reaped it. Its status is lost; what it left
            // behind can no longer be told from a stranger's, so it is left alone.
            return errno == EINTR ? nil : Self.statusLost
        }
        guard info._sifields._sigchld.si_pid == pid else { return nil }
        kill(-pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        let code = info._sifields._sigchld.si_status
        return info.si_code == CLD_EXITED ? code : 128 + code
    }

    /// The exit code given when the process's status was taken by another reaper: not 0, which
    /// would read as success.
    public static let statusLost: Int32 = 255

    /// Kills the group while the leader is unreaped (see `exitCode()`), then reaps the leader.
    private func killAndReap() {
        kill(-pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }

    /// The program's path: `configured` (a path, or a name looked up on `PATH`) when given, else the
    /// environment variable's value, else the first of `names` found on `PATH`. A configured
    /// program that is missing gives nil rather than another one.
    public static func locate(
        _ configured: String?, environmentVariable: String, names: [String],
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String? {
        let searchPath = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map(String.init)
        func resolve(_ name: String) -> String? {
            if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
            return searchPath.lazy.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        }
        if let chosen = [configured, environment[environmentVariable]].lazy.compactMap({ $0 }).first(where: { !$0.isEmpty }) {
            return resolve(chosen)
        }
        return names.lazy.compactMap(resolve).first
    }

    /// Runs `body` with a new private directory (mode 700) under the system's temporary directory,
    /// removed afterwards: where a program's input, output, log and profile go.
    public static func withScratchDirectory<Result>(
        prefix: String, _ body: (URL) async throws -> Result
    ) async throws -> Result {
        let directory = try makeScratchDirectory(prefix: prefix)
        defer { try? FileManager.default.removeItem(at: directory) }
        return try await body(directory)
    }

    /// `withScratchDirectory(prefix:_:)` for synchronous work.
    public static func withScratchDirectory<Result>(prefix: String, _ body: (URL) throws -> Result) throws -> Result {
        let directory = try makeScratchDirectory(prefix: prefix)
        defer { try? FileManager.default.removeItem(at: directory) }
        return try body(directory)
    }

    private static func makeScratchDirectory(prefix: String) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "\(prefix)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(
            at: directory, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        return directory
    }

    /// The last `limit` characters a program wrote to its log, without lines that mention `noise`
    /// (Chromium's D-Bus complaints, LibreOffice's Java warning).
    public static func excerpt(ofLog log: URL, dropping noise: [String] = [], limit: Int = 300) -> String {
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        let lines = text.split(whereSeparator: \.isNewline).filter { line in !noise.contains { line.contains($0) } }
        return String(lines.joined(separator: "\n").suffix(limit))
    }
}

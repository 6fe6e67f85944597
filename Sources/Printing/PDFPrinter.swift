import Foundation

/// Why a PDF could not be printed. The descriptions are for logs; pages say it in their own words.
public enum PrintingError: Error, CustomStringConvertible, Equatable, Sendable {
    /// No Chromium at the configured path, in `JUNHENG_CHROMIUM`, or on `PATH`.
    case browserNotFound
    /// The browser ran longer than the printer's timeout and was killed with its children.
    case timedOut(seconds: Double)
    /// The browser exited with an error (128 + n when killed by signal n) or wrote no PDF;
    /// `stderr` is the end of what it printed, at most 300 characters.
    case failed(exitCode: Int32, stderr: String)

    public var description: String {
        switch self {
        case .browserNotFound:
            "no Chromium found: install chromium (or chromium-headless-shell) or set JUNHENG_CHROMIUM"
        case .timedOut(let seconds):
            "Chromium did not finish printing the PDF within \(seconds.formatted()) s"
        case .failed(let exitCode, let stderr):
            "Chromium failed to print the PDF (exit code \(exitCode))" + (stderr.isEmpty ? "" : ": \(stderr)")
        }
    }
}

/// Prints HTML to PDF with headless Chromium run as a subprocess, one job at a time.
///
/// The HTML decides the layout: `@page { size: A4; margin: …; @bottom-center { content: "第 "
/// counter(page) " 页" } }` gives page numbers (Chromium supports page-margin boxes), and the fonts
/// it uses are embedded, so CJK text needs a CJK font installed (Debian: `fonts-wqy-microhei`).
/// Callers wait their turn in arrival order; a job that outlives the timeout, or whose task is
/// cancelled, is killed together with every process it started.
public actor PDFPrinter {
    /// The browser to run: a path, or a name looked up on `PATH`; nil to find one.
    public nonisolated let executable: String?
    public nonisolated let timeout: Duration

    private var busy = false
    private var waiters: [(id: Int, continuation: CheckedContinuation<Void, Error>)] = []
    private var nextWaiterID = 0

    /// Browser names tried on `PATH` when neither `executable` nor `JUNHENG_CHROMIUM` names one.
    public static let browserNames = ["chromium-headless-shell", "chromium", "chromium-browser", "google-chrome"]

    public init(executable: String? = nil, timeout: Duration = .seconds(60)) {
        self.executable = executable
        self.timeout = timeout
    }

    /// The browser a printer made with `executable` would run: that path or name, else
    /// `JUNHENG_CHROMIUM`, else the first of `browserNames` on `PATH`. A configured browser that
    /// is missing gives nil rather than another browser.
    public static func locateBrowser(
        _ executable: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String? {
        let searchPath = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map(String.init)
        func resolve(_ name: String) -> String? {
            if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
            return searchPath.lazy.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        }
        if let configured = [executable, environment["JUNHENG_CHROMIUM"]].lazy.compactMap({ $0 }).first(where: {
            !$0.isEmpty
        }) {
            return resolve(configured)
        }
        return browserNames.lazy.compactMap(resolve).first
    }

    /// The PDF Chromium prints from `html`.
    /// - Throws: `PrintingError`, or `CancellationError` when the calling task is cancelled.
    public func pdf(fromHTML html: String) async throws -> Data {
        guard let browser = Self.locateBrowser(executable) else { throw PrintingError.browserNotFound }
        try await enterQueue()
        defer { leaveQueue() }
        try Task.checkCancellation()
        return try await BrowserJob(browser: browser, timeout: timeout).print(html)
    }

    // MARK: the queue

    /// Waits until no other job runs, in arrival order. An actor alone would let a second caller
    /// start while the first awaits its browser.
    private func enterQueue() async throws {
        guard busy else {
            busy = true
            return
        }
        nextWaiterID += 1
        let id = nextWaiterID
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                waiters.append((id, continuation))
            }
        } onCancel: {
            Task { await self.cancelWaiting(id) }
        }
    }

    private func cancelWaiting(_ id: Int) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(throwing: CancellationError())
    }

    /// Hands the turn to the longest waiter, so `busy` stays set between two jobs.
    private func leaveQueue() {
        if waiters.isEmpty {
            busy = false
        } else {
            waiters.removeFirst().continuation.resume()
        }
    }
}

/// One run of the browser in its own temporary directory and process group.
private struct BrowserJob {
    let browser: String
    let timeout: Duration

    func print(_ html: String) async throws -> Data {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "junheng-pdf-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(
            at: directory, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: directory) }
        let page = directory.appendingPathComponent("in.html")
        let output = directory.appendingPathComponent("out.pdf")
        let log = directory.appendingPathComponent("browser.log")
        try Data(html.utf8).write(to: page)

        let arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", "--no-first-run",
            // Containers give /dev/shm 64 MB, too little for a long report.
            "--disable-dev-shm-usage",
            "--user-data-dir=\(directory.appendingPathComponent("profile").path)",
            "--print-to-pdf=\(output.path)",
            page.absoluteString,
        ]
        var environment = ProcessInfo.processInfo.environment
        // A service account often has no writable home; keep Chromium's caches in the job's directory.
        environment["XDG_CONFIG_HOME"] = directory.appendingPathComponent("config").path
        environment["XDG_CACHE_HOME"] = directory.appendingPathComponent("cache").path

        let process = try ProcessGroup(browser, arguments: arguments, environment: environment, log: log.path)
        let exitCode = try await process.wait(timeout: timeout)
        let pdf = try? Data(contentsOf: output)
        guard exitCode == 0, let pdf, pdf.starts(with: Array("%PDF-".utf8)) else {
            throw PrintingError.failed(exitCode: exitCode, stderr: Self.excerpt(ofLog: log))
        }
        return pdf
    }

    /// The last 300 characters of the browser's output, without the D-Bus complaints Chromium
    /// prints on every server.
    static func excerpt(ofLog log: URL) -> String {
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        let lines = text.split(whereSeparator: \.isNewline).filter { !$0.contains("dbus") }
        return String(lines.joined(separator: "\n").suffix(300))
    }
}

/// A child process leading its own process group, so it can be killed with everything it started.
private struct ProcessGroup {
    let pid: pid_t

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later), looked up at run time
    /// because Swift's Glibc module does not declare it.
    private static let closeFrom = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np").map {
        unsafeBitCast($0, to: CloseFrom.self)
    }
    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    init(_ executable: String, arguments: [String], environment: [String: String], log: String) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        // A file, not a pipe: nobody has to drain it while the browser runs.
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Nothing else this process has open may live on in the browser: a server socket would stay
        // bound, and a file being written could not be executed (ETXTBSY) while a browser holds it.
        if let closeFrom = Self.closeFrom { _ = closeFrom(&actions, 3) }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setpgroup(&attributes, 0)
        // A server ignores SIGPIPE; the browser should not inherit that or a blocked signal.
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
            throw PrintingError.failed(exitCode: -1, stderr: "cannot start \(executable): \(String(cString: strerror(status)))")
        }
        self.pid = pid
    }

    /// The exit code (128 + n after signal n). On timeout or cancellation the group is killed
    /// first; after a normal exit it is killed too, for children the browser left behind.
    func wait(timeout: Duration) async throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while true {
            var status: Int32 = 0
            let waited = waitpid(pid, &status, WNOHANG)
            if waited == pid {
                kill(-pid, SIGKILL)
                return status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + status & 0x7F
            }
            if waited == -1 && errno == ECHILD {
                // Something else in this process reaped the browser: its status is lost, so the
                // PDF it left decides.
                kill(-pid, SIGKILL)
                return 0
            }
            if ContinuousClock.now >= deadline {
                killAndReap()
                throw PrintingError.timedOut(seconds: Double(timeout.components.seconds)
                    + Double(timeout.components.attoseconds) / 1e18)
            }
            do {
                // Polling keeps one code path for exit, timeout and cancellation; 20 ms is
                // nothing beside a browser's start-up.
                try await Task.sleep(for: .milliseconds(20))
            } catch {
                killAndReap()
                throw error
            }
        }
    }

    private func killAndReap() {
        kill(-pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }
}

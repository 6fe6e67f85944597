import ExternalPrograms
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
        ChildProcess.locate(executable, environmentVariable: "JUNHENG_CHROMIUM", names: browserNames, environment: environment)
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
        try await ChildProcess.withScratchDirectory(prefix: "junheng-pdf") { try await print(html, in: $0) }
    }

    private func print(_ html: String, in directory: URL) async throws -> Data {
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

        let exitCode: Int32
        do {
            let process = try ChildProcess(browser, arguments: arguments, environment: environment, log: log.path)
            exitCode = try await process.wait(timeout: timeout)
        } catch ChildProcessError.timedOut(let limit) {
            throw PrintingError.timedOut(seconds: Double(limit.components.seconds) + Double(limit.components.attoseconds) / 1e18)
        } catch ChildProcessError.cannotStart(let executable, let reason) {
            throw PrintingError.failed(exitCode: -1, stderr: "cannot start \(executable): \(reason)")
        }
        let pdf = try? Data(contentsOf: output)
        guard exitCode == 0, let pdf, pdf.starts(with: Array("%PDF-".utf8)) else {
            // Chromium complains about D-Bus on every server: not the reason.
            throw PrintingError.failed(exitCode: exitCode, stderr: ChildProcess.excerpt(ofLog: log, dropping: ["dbus"]))
        }
        return pdf
    }
}

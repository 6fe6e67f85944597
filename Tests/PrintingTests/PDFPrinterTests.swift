import Foundation
import Testing

@testable import Printing

/// A temporary directory holding a shell script that stands in for Chromium.
private struct FakeBrowser {
    let directory: URL
    var path: String { directory.appendingPathComponent("browser").path }
    var log: URL { directory.appendingPathComponent("log") }

    /// `body` runs with `$out` set to the `--print-to-pdf=` path and `$profile` to `--user-data-dir=`.
    init(_ body: String) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("junheng-fake-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let script = """
            #!/bin/sh
            for arg; do
              case $arg in
                --print-to-pdf=*) out=${arg#--print-to-pdf=} ;;
                --user-data-dir=*) profile=${arg#--user-data-dir=} ;;
              esac
            done
            log='\(log.path)'
            \(body)
            """
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
    }

    func logLines() -> [String] {
        ((try? String(contentsOf: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}

/// Whether `pid` still runs, given SIGKILL a moment to land; a zombie waiting for its reaper
/// does not run.
private func isRunning(_ pid: pid_t) async throws -> Bool {
    for _ in 0..<100 {
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        let state = stat.split(separator: ")").last?.split(separator: " ").first
        if state == nil || state == "Z" { return false }
        try await Task.sleep(for: .milliseconds(20))
    }
    return true
}

@Test func aMissingBrowserIsReportedAsNotFound() async {
    let printer = PDFPrinter(executable: "/nonexistent/chromium")
    await #expect(throws: PrintingError.browserNotFound) { try await printer.pdf(fromHTML: "<p>x</p>") }
    #expect(PDFPrinter.locateBrowser("no-such-browser-anywhere", environment: ["PATH": "/usr/bin"]) == nil)
}

@Test func theBrowserIsFoundFromTheEnvironmentThenThePath() throws {
    let fake = try FakeBrowser("exit 0")
    defer { fake.remove() }
    #expect(PDFPrinter.locateBrowser(environment: ["JUNHENG_CHROMIUM": fake.path, "PATH": "/nonexistent"]) == fake.path)
    #expect(PDFPrinter.locateBrowser("browser", environment: ["PATH": "/nonexistent:\(fake.directory.path)"]) == fake.path)
    #expect(PDFPrinter.locateBrowser(environment: ["JUNHENG_CHROMIUM": "/nonexistent/chromium"]) == nil)
}

// The fake browsers sleep ten minutes: a loaded parallel suite has been seen to keep the printer's
// task off the two cooperative threads for over 30 seconds, long enough for a shorter sleep to end
// on its own and the browser to exit 0 before the timeout or the cancellation was looked at.
@Test func aBrowserThatHangsIsKilledWithItsChildrenAtTheTimeout() async throws {
    let fake = try FakeBrowser(
        """
        echo "$profile" > "$log"
        sleep 600 &
        echo $! >> "$log"
        wait
        """)
    defer { fake.remove() }
    let printer = PDFPrinter(executable: fake.path, timeout: .seconds(2))
    await #expect(throws: PrintingError.timedOut(seconds: 2)) { try await printer.pdf(fromHTML: "<p>x</p>") }
    let lines = fake.logLines()
    try #require(lines.count == 2)
    #expect(try await !isRunning(pid_t(lines[1])!), "the browser's child outlived the timeout")
    #expect(!FileManager.default.fileExists(atPath: URL(fileURLWithPath: lines[0]).deletingLastPathComponent().path))
}

@Test func cancellingTheTaskKillsTheBrowser() async throws {
    let fake = try FakeBrowser(
        """
        sleep 600 &
        echo $! > "$log"
        wait
        """)
    defer { fake.remove() }
    let printer = PDFPrinter(executable: fake.path)
    let job = Task { try await printer.pdf(fromHTML: "<p>x</p>") }
    for _ in 0..<500 where fake.logLines().isEmpty { try await Task.sleep(for: .milliseconds(20)) }
    try #require(!fake.logLines().isEmpty, "the fake browser did not start")
    job.cancel()
    await #expect(throws: CancellationError.self) { try await job.value }
    #expect(try await !isRunning(pid_t(fake.logLines()[0])!))
}

@Test func aFailingBrowserGivesItsExitCodeAndTheEndOfItsOutput() async throws {
    let fake = try FakeBrowser(
        """
        echo "[1:1:ERROR:dbus/bus.cc:405] Failed to connect to the bus" >&2
        i=0; while [ $i -lt 100 ]; do printf 'noise ' >&2; i=$((i+1)); done
        echo "boom: cannot load page" >&2
        exit 3
        """)
    defer { fake.remove() }
    do {
        _ = try await PDFPrinter(executable: fake.path).pdf(fromHTML: "<p>x</p>")
        Issue.record("printing succeeded")
    } catch let PrintingError.failed(exitCode, stderr) {
        #expect(exitCode == 3, "\(stderr)")
        #expect(stderr.count == 300 && stderr.hasSuffix("boom: cannot load page") && !stderr.contains("dbus"))
    }
}

@Test func exitingWithoutAPDFIsAFailure() async throws {
    let fake = try FakeBrowser("echo 'not a pdf' > \"$out\"")
    defer { fake.remove() }
    await #expect(throws: PrintingError.failed(exitCode: 0, stderr: "")) {
        try await PDFPrinter(executable: fake.path).pdf(fromHTML: "<p>x</p>")
    }
}

@Test func concurrentPrintsTakeTurnsAndEachGetsItsPDF() async throws {
    let fake = try FakeBrowser(
        """
        echo start >> "$log"
        sleep 0.3
        cat "${out%out.pdf}in.html" > "$out"
        echo end >> "$log"
        """)
    defer { fake.remove() }
    let printer = PDFPrinter(executable: fake.path)
    async let first = printer.pdf(fromHTML: "%PDF-1 first")
    async let second = printer.pdf(fromHTML: "%PDF-1 second")
    async let third = printer.pdf(fromHTML: "%PDF-1 third")
    let pdfs = try await [first, second, third].map { String(decoding: $0, as: UTF8.self) }
    #expect(pdfs == ["%PDF-1 first", "%PDF-1 second", "%PDF-1 third"])
    #expect(fake.logLines() == ["start", "end", "start", "end", "start", "end"])
}

// MARK: with the real browser

private let browser = PDFPrinter.locateBrowser()

/// Two A4 pages of Chinese text with a table and an inline SVG chart, numbered in the bottom margin.
private let reportHTML = """
    <!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>监测报告</title><style>
    @page { size: A4; margin: 20mm 18mm;
      @bottom-center { content: "第 " counter(page) " 页 / 共 " counter(pages) " 页"; font-size: 9pt; } }
    html { font-family: "WenQuanYi Micro Hei", "Noto Sans CJK SC", sans-serif; }
    h1, h2, th { font-weight: normal; }
    .next { break-before: page; }
    table { border-collapse: collapse; } td, th { border: 1px solid #333; padding: 2mm; }
    </style></head><body>
    <h1>邢台市年度监测报告</h1>
    <h2>一、总体情况</h2><p>2020年，38项指标中有31项达到目标，约束性指标全部达标。</p>
    <table><tr><th>指标</th><th>2020年</th></tr><tr><td>每千人口执业（助理）医师数</td><td>2.9</td></tr></table>
    <svg width="240" height="120" role="img" aria-label="图表"><rect x="10" y="20" width="60" height="90" fill="#36c"/>
    <text x="10" y="15" font-size="12">医师数</text></svg>
    <h2 class="next">二、均等化</h2><p>县际基尼系数为0.12。</p>
    </body></html>
    """

private func run(_ tool: String, _ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [tool] + arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    try #require(process.terminationStatus == 0, "\(tool) failed; poppler-utils is installed by scripts/install-deps.sh test")
    return String(decoding: output, as: UTF8.self)
}

@Test(.enabled(if: browser != nil, "no Chromium installed (scripts/install-deps.sh installs it)"))
func chromiumPrintsNumberedA4PagesWithEmbeddedChineseFonts() async throws {
    let pdf = try await PDFPrinter().pdf(fromHTML: reportHTML)
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("junheng-test-\(UUID().uuidString).pdf")
    try pdf.write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }

    let info = try run("pdfinfo", [file.path])
    let pages = info.split(separator: "\n").first { $0.hasPrefix("Pages:") }.flatMap { Int($0.split(separator: " ").last!) }
    #expect(pages == 2)
    #expect(info.contains("(A4)"))
    // Columns: name, type (of one or two words), encoding, emb, sub, uni, object, generation.
    let fonts = try run("pdffonts", [file.path]).split(separator: "\n").dropFirst(2).map { $0.split(separator: " ") }
    #expect(fonts.contains { $0.count >= 8 && $0[0].contains("WenQuanYi") && $0[$0.count - 5] == "yes" })
    // pdftotext drops the spaces around the CJK page-number text.
    let text = try run("pdftotext", ["-layout", file.path, "-"]).filter { !$0.isWhitespace }
    for expected in ["邢台市年度监测报告", "一、总体情况", "每千人口执业（助理）医师数", "医师数", "二、均等化", "第1页/共2页", "第2页/共2页"] {
        #expect(text.contains(expected), "\(expected)")
    }
}

import ExternalPrograms
import Foundation
import PlanIngest

// Ingests the plans of a directory repeatedly, by format (.txt, .docx, .html, .pdf: a PDF through
// pdftotext, as the app reads it), and reports the best and median wall time per pass and the
// throughput in MB/s of the files and of the text read from them. Beside each format, in the same
// run, a program that only turns the same files into text: pandoc for DOCX and web pages,
// pdftotext alone for PDF.
// Usage: IngestBenchmark DIRECTORY [passes] [formats, comma-separated]
let arguments = CommandLine.arguments
let directory = URL(fileURLWithPath: arguments.count > 1 ? arguments[1] : "Sources/JunhengApp/Demo/Plans")
let rounds = arguments.count > 2 ? max(1, Int(arguments[2]) ?? 10) : 10
let formats = arguments.count > 3 ? arguments[3].split(separator: ",").map(String.init) : ["txt", "docx", "html", "pdf"]
let converter = DocumentConverter()

/// Best and median of `rounds` timed passes of `body`.
func timed(_ body: () throws -> Void) rethrows -> (best: Double, median: Double) {
    var times: [Double] = []
    for _ in 0..<rounds {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    times.sort()
    return (times[0], times[times.count / 2])
}

/// Runs a program to the end, its output thrown away.
func run(_ program: String, _ arguments: [String]) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: program)
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw CocoaError(.fileReadUnknown) }
}

func megabytes(_ bytes: Int) -> Double { Double(bytes) / 1_000_000 }

print("plan ingestion by format: \(rounds) passes, times per pass over all files of the format")
print("format | files | file bytes | text bytes | Junheng best / median (s) | MB/s of files | MB/s of text | baseline best / median (s) | baseline")
for format in formats {
    let files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
        .filter { $0.pathExtension == format }.sorted { $0.lastPathComponent < $1.lastPathComponent }
    guard !files.isEmpty else { continue }
    let inputs = try files.map { try Data(contentsOf: $0) }
    func ingestAll() throws -> Int {
        var text = 0
        for data in inputs {
            let ingestion = format == "pdf"
                ? try PlanIngester.ingest(try converter.pdfLayoutText(data), from: .pdfLayoutText)
                : try PlanIngester.ingest(data)
            text += ingestion.originalText.utf8.count
        }
        return text
    }
    let textBytes = try ingestAll()
    let ours = try timed { _ = try ingestAll() }
    let baseline: (name: String, program: String, arguments: (URL) -> [String])? = switch format {
    case "docx": ("pandoc -t plain", "/usr/bin/pandoc", { ["-f", "docx", "-t", "plain", $0.path] })
    case "html": ("pandoc -t plain", "/usr/bin/pandoc", { ["-f", "html", "-t", "plain", $0.path] })
    case "pdf": ("pdftotext -layout alone", "/usr/bin/pdftotext", { ["-layout", "-enc", "UTF-8", $0.path, "/dev/null"] })
    default: nil
    }
    let floor = try baseline.map { baseline in try timed { for file in files { try run(baseline.program, baseline.arguments(file)) } } }
    let fileBytes = inputs.reduce(0) { $0 + $1.count }
    print(String(
        format: "%@ | %d | %d | %d | %.3f / %.3f | %.2f | %.2f | %@ | %@", format, files.count, fileBytes, textBytes,
        ours.best, ours.median, megabytes(fileBytes) / ours.median, megabytes(textBytes) / ours.median,
        floor.map { String(format: "%.3f / %.3f", $0.best, $0.median) } ?? "—", baseline?.name ?? "—"))
}

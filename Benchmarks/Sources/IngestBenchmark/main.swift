import Foundation
import PlanIngest

// Ingests every .txt plan in a directory (default: the test fixtures) repeatedly and reports
// the best and median wall time per pass and the throughput in MB/s.
let arguments = CommandLine.arguments
let directory = URL(fileURLWithPath: arguments.count > 1 ? arguments[1] : "Sources/JunhengApp/Demo/Plans")
let rounds = arguments.count > 2 ? max(1, Int(arguments[2]) ?? 10) : 10
let files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
    .filter { $0.pathExtension == "txt" }
    .sorted { $0.lastPathComponent < $1.lastPathComponent }
let inputs = try files.map { try Data(contentsOf: $0) }
let bytes = inputs.reduce(0) { $0 + $1.count }
guard !inputs.isEmpty else { fatalError("no .txt files in \(directory.path)") }

var times: [Double] = []
var targets = 0
for _ in 0..<rounds {
    let start = DispatchTime.now().uptimeNanoseconds
    targets = 0
    for data in inputs { targets += try PlanIngester.ingest(data).result.targets.count }
    times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
}
times.sort()
let best = times[0], median = times[times.count / 2]
let megabytes = Double(bytes) / 1_000_000
print("plan ingestion: \(inputs.count) files, \(bytes) bytes, \(targets) targets, \(rounds) passes")
print(String(format: "best %.3f s (%.2f MB/s), median %.3f s (%.2f MB/s)", best, megabytes / best, median, megabytes / median))

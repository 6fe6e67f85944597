// Times the Equalization library on the synthetic national county panel written by
// Benchmarks/equalization/panel_benchmark.py, and writes its results in the layout that script
// compares against the numpy + PySAL baseline.
//
//     EqualizationBenchmark PANEL RESULTS [--repeat N] [--threads T]

import Dispatch
import Equalization
import Foundation

struct Panel {
    var counties: Int
    var indicators: Int
    var years: Int
    var province: [String]
    var isUrban: [Bool]
    /// [year][county]
    var population: [[Double]]
    /// [indicator][year][county], flattened.
    var values: [Double]

    var seriesCount: Int { indicators * years }

    func values(ofSeries series: Int) -> ArraySlice<Double> {
        values[(series * counties)..<((series + 1) * counties)]
    }

    init(contentsOf path: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        guard data.prefix(8) == Data("JHPANEL1".utf8) else {
            throw BenchmarkError("\(path) is not a panel file")
        }
        var offset = 8
        func integers(_ count: Int) -> [Int] {
            defer { offset += 4 * count }
            return (0..<count).map { index in
                Int(
                    Int32(
                        littleEndian: data.withUnsafeBytes {
                            $0.loadUnaligned(fromByteOffset: offset + 4 * index, as: Int32.self)
                        }))
            }
        }
        func doubles(_ count: Int) -> [Double] {
            defer { offset += 8 * count }
            return [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
                data.withUnsafeBytes { bytes in
                    for index in 0..<count {
                        buffer[index] = Double(
                            bitPattern: UInt64(
                                littleEndian: bytes.loadUnaligned(
                                    fromByteOffset: offset + 8 * index, as: UInt64.self)))
                    }
                }
                initialized = count
            }
        }
        let header = integers(4)
        let (counties, indicators, years) = (header[0], header[1], header[2])
        (self.counties, self.indicators, self.years) = (counties, indicators, years)
        province = integers(counties).map { "province \($0)" }
        isUrban = integers(counties).map { $0 == 1 }
        population = (0..<years).map { _ in doubles(counties) }
        values = doubles(indicators * years * counties)
    }
}

struct BenchmarkError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The length of MEASURES in panel_benchmark.py: the results of one series under one weighting.
let fieldsPerWeighting = 38

/// The fixed measure list of panel_benchmark.py (MEASURES), for one weighting.
func resultRow(
    _ distribution: Distribution, provinces: Grouping, urbanRural: Grouping, isUrban: [Bool]
) throws -> (row: [Double], lorenz: [LorenzPoint]) {
    let measures = try distribution.measures()
    let byProvince = try distribution.decompositions(by: provinces, alphas: [1, 0])
    let byUrbanRural = try distribution.decompositions(by: urbanRural, alphas: [1, 0])
    let urban = try distribution.compareFlagged(isUrban)
    func defined(_ value: Double?) -> Double { value ?? .nan }
    var row = [
        measures.mean, measures.standardDeviation, defined(measures.cv), defined(measures.gini),
        defined(measures.theilT), defined(measures.theilL),
    ]
    row += [-1, 0.5, 2].map { defined(measures.generalizedEntropy(alpha: $0)) }
    row += [0.5, 1, 2].map { defined(measures.atkinson(epsilon: $0)) }
    row += [
        measures.minimum, measures.maximum, defined(measures.maxMinRatio),
        defined(measures.minMeanRatio),
    ]
    row += measures.percentiles.map(\.value)
    row += measures.percentileRatios.map { defined($0.value) }
    for part in byProvince + byUrbanRural {
        row += [defined(part?.within), defined(part?.between)]
    }
    let gap = urban.flaggedVersusOthers
    row += [
        defined(urban.flaggedMean), defined(urban.othersMean), defined(gap?.ratio),
        defined(gap?.difference),
    ]
    precondition(row.count == fieldsPerWeighting, "row layout differs from panel_benchmark.py")
    return (row, measures.lorenzCurve ?? [])
}

/// A buffer that worker threads fill at disjoint rows.
final class SharedResults: @unchecked Sendable {
    let rows: UnsafeMutableBufferPointer<Double>
    let curves: UnsafeMutableBufferPointer<Double>
    init(rows: Int, curves: Int) {
        self.rows = .allocate(capacity: rows)
        self.curves = .allocate(capacity: curves)
    }
    deinit {
        rows.deallocate()
        curves.deallocate()
    }
}

func measurePanel(_ panel: Panel, threads: Int, into results: SharedResults) {
    let provinces = Grouping(groupOfRegion: panel.province)
    let urbanRural = Grouping(groupOfRegion: panel.isUrban.map { $0 ? "urban" : "rural" })
    let curveLength = panel.counties + 1
    DispatchQueue.concurrentPerform(iterations: threads) { worker in
        for series in stride(from: worker, to: panel.seriesCount, by: threads) {
            let year = series % panel.years
            do {
                let weighted = try Distribution(
                    values: Array(panel.values(ofSeries: series)), weights: panel.population[year])
                for (slot, distribution) in [weighted.ignoringWeights, weighted].enumerated() {
                    let (row, lorenz) = try resultRow(
                        distribution, provinces: provinces, urbanRural: urbanRural,
                        isUrban: panel.isUrban)
                    let rowStart = (series * 2 + slot) * fieldsPerWeighting
                    for (index, value) in row.enumerated() {
                        results.rows[rowStart + index] = value
                    }
                    let curveStart = (series * 2 + slot) * curveLength
                    for (index, point) in lorenz.enumerated() {
                        results.curves[curveStart + index] = point.valueShare
                    }
                }
            } catch {
                fatalError("series \(series): \(error)")
            }
        }
    }
}

func main() throws {
    var arguments = Array(CommandLine.arguments.dropFirst())
    func option(_ name: String, default value: Int) -> Int {
        guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else {
            return value
        }
        defer { arguments.removeSubrange(index...(index + 1)) }
        return Int(arguments[index + 1]) ?? value
    }
    let repetitions = option("--repeat", default: 5)
    let threads = option("--threads", default: ProcessInfo.processInfo.activeProcessorCount)
    guard arguments.count == 2 else {
        throw BenchmarkError(
            "usage: EqualizationBenchmark PANEL RESULTS [--repeat N] [--threads T]")
    }
    let panel = try Panel(contentsOf: arguments[0])
    let results = SharedResults(
        rows: panel.seriesCount * 2 * fieldsPerWeighting,
        curves: panel.seriesCount * 2 * (panel.counties + 1))
    let clock = ContinuousClock()
    for threadCount in Set([1, threads]).sorted() {
        var times: [Double] = []
        for _ in 0..<repetitions {
            let elapsed = clock.measure { measurePanel(panel, threads: threadCount, into: results) }
            times.append(
                Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
        }
        times.sort()
        let median = times[times.count / 2]
        print(
            "swift_seconds threads=\(threadCount) median=\(String(format: "%.4f", median))"
                + " best=\(String(format: "%.4f", times[0])) runs=\(repetitions)")
    }
    var output = Data(buffer: UnsafeBufferPointer(results.rows))
    output.append(Data(buffer: UnsafeBufferPointer(results.curves)))
    try output.write(to: URL(fileURLWithPath: arguments[1]))
}

do {
    try main()
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}

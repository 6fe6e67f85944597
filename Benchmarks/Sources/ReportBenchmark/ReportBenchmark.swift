// Report benchmark (issue 12): the annual report of a city of 20 counties × 50 indicators × 6 years,
// built as `junheng report` and the server build it, in every format, with two floors measured in
// the same run on the same data:
//   - the data: the same rows read with one SQL query by the `sqlite3` command-line tool;
//   - the PDF: Chromium printing the very same HTML file straight from the command line.
//
// Usage: ReportBenchmark OUT-DIR [runs]   (PDF: half the runs, at least 3)
// Writes OUT-DIR/reports.sqlite (built afresh, seeded, not timed), OUT-DIR/report.{html,pdf,docx,xlsx}
// and OUT-DIR/chromium.pdf, and prints one line per measure (`measure name=… median=… runs=…`).
import Foundation
import JunhengApp
import JunhengCore
import JunhengServer
import Logging
import Storage

// MARK: the synthetic city

/// 成都市 has exactly 20 county-level regions in the bundled GB/T 2260 registry.
let city = RegionCode(rawValue: "510100")!
let firstYear = 2015
let reportYear = 2020
let systemActor = AuditActor.system("benchmark（基准测试：合成数据）")

/// A small deterministic generator (SplitMix64), so every run builds the same city.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func uniform(_ range: ClosedRange<Double>) -> Double {
        range.lowerBound + (range.upperBound - range.lowerBound) * Double(next() >> 11) / Double(1 << 53)
    }
}

/// Fifty indicators of the kinds an equalization plan monitors: name, unit, direction, domain,
/// binding, and a plausible 2015 level for the city.
let specs: [(name: String, unit: String, direction: Direction, domain: String, binding: Bool, base: Double)] = {
    let domains = ["公共教育", "劳动就业创业", "社会保险", "医疗卫生", "社会服务", "住房保障", "公共文化体育", "残疾人服务"]
    let names: [(String, String, Direction, Bool, Double)] = [
        ("学前三年毛入园率", "%", .higher, true, 82), ("九年义务教育巩固率", "%", .higher, true, 93),
        ("高中阶段教育毛入学率", "%", .higher, true, 88), ("义务教育学校标准化建设达标率", "%", .higher, false, 70),
        ("小学班额超过45人的班级比例", "%", .lower, false, 18), ("专任教师本科以上学历比例", "%", .higher, false, 61),
        ("城镇新增就业人数", "万人", .higher, false, 4.2), ("城镇登记失业率", "%", .lower, true, 3.9),
        ("农村劳动力转移就业人数", "万人", .higher, false, 6.5), ("职业技能培训人次", "万人次", .higher, false, 3.1),
        ("基本养老保险参保率", "%", .higher, true, 85), ("基本医疗保险参保率", "%", .higher, true, 95),
        ("失业保险参保人数", "万人", .higher, false, 12), ("工伤保险参保人数", "万人", .higher, false, 14),
        ("社会保障卡持卡人口覆盖率", "%", .higher, false, 80), ("每千人口执业（助理）医师数", "人", .higher, false, 2.1),
        ("每千人口医疗卫生机构床位数", "张", .higher, false, 4.6), ("孕产妇死亡率", "1/10万", .lower, true, 14),
        ("婴儿死亡率", "‰", .lower, true, 6.2), ("5岁以下儿童死亡率", "‰", .lower, false, 8.1),
        ("居民电子健康档案建档率", "%", .higher, false, 72), ("65岁以上老年人健康管理率", "%", .higher, false, 62),
        ("高血压患者规范管理率", "%", .higher, false, 58), ("适龄儿童免疫规划疫苗接种率", "%", .higher, true, 92),
        ("每万人口全科医生数", "人", .higher, false, 1.5), ("乡镇卫生院标准化建设达标率", "%", .higher, false, 75),
        ("城乡居民人均基本公共卫生服务经费", "元", .higher, false, 45), ("特困人员集中供养能力", "%", .higher, false, 40),
        ("每千名老年人拥有养老床位数", "张", .higher, false, 28), ("社区养老服务设施覆盖率", "%", .higher, false, 55),
        ("农村低保标准", "元/年", .higher, false, 3600), ("孤儿基本生活费标准", "元/月", .higher, false, 900),
        ("城镇棚户区住房改造套数", "万套", .higher, false, 1.1), ("公共租赁住房保障户数", "万户", .higher, false, 2.4),
        ("农村危房改造户数", "万户", .higher, false, 0.9), ("城镇保障性住房覆盖率", "%", .higher, false, 20),
        ("人均公共文化设施面积", "平方米", .higher, false, 0.09), ("公共图书馆人均藏书量", "册", .higher, false, 0.6),
        ("广播电视人口综合覆盖率", "%", .higher, true, 97), ("经常参加体育锻炼人数比例", "%", .higher, false, 33),
        ("人均体育场地面积", "平方米", .higher, false, 1.4), ("行政村综合文化服务中心覆盖率", "%", .higher, false, 66),
        ("残疾人基本康复服务覆盖率", "%", .higher, false, 60), ("残疾儿童少年义务教育入学率", "%", .higher, true, 86),
        ("困难残疾人生活补贴覆盖率", "%", .higher, false, 88), ("残疾人辅助器具适配率", "%", .higher, false, 64),
        ("城乡居民基本公共服务满意度", "%", .higher, false, 78), ("县域义务教育均衡发展达标率", "%", .higher, true, 68),
        ("农村集中供水率", "%", .higher, false, 83), ("平均急救反应时间", "分钟", .lower, false, 19),
    ]
    precondition(names.count == 50)
    return names.enumerated().map { index, spec in
        (spec.0, spec.1, spec.2, domains[index * domains.count / names.count], spec.3, spec.4)
    }
}()

func clamp(_ value: Double, unit: String) -> Double {
    let bounded = unit == "%" ? min(100, max(0, value)) : max(0, value)
    return (bounded * 100).rounded() / 100
}

/// A fresh database: the registry, 50 indicators with city targets for 2020, a resident population
/// indicator (the weights), a region group set (城区 / 县市) and six years of approved figures for
/// the city and each of its counties, in one submission approved by the system.
func buildCity(_ database: JunhengDatabase, logger: Logger) async throws -> (counties: [Region], values: Int) {
    try await Migrator(database: database, logger: logger).migrate()
    _ = try await RegionStore(database.sql).loadRegistryIfEmpty()
    let engine = database.engine
    return try await database.transaction { db in
        let regions = RegionStore(db)
        let counties = try await regions.children(of: city)
        precondition(counties.count == 20, "expected 20 counties under \(city.rawValue), found \(counties.count)")
        let indicators = IndicatorStore(db)
        var observations: [ValidatedObservation] = []
        func add(_ indicator: Int64, _ region: RegionCode, _ year: Int, _ value: Double) {
            observations.append(ValidatedObservation(
                key: ObservationKey(indicatorID: indicator, regionCode: region.rawValue, year: year, disaggregation: ""),
                value: value, row: observations.count + 2))
        }
        var random = SplitMix64(seed: 20_201_231)
        for (index, spec) in specs.enumerated() {
            let indicator = try await indicators.create(IndicatorRecord(
                code: String(format: "BENCH-%02d", index + 1), name: spec.name, unit: spec.unit, direction: spec.direction,
                binding: spec.binding ? .binding : .expected, domainName: spec.domain,
                definition: "基准测试合成指标", minimum: 0, maximum: spec.unit == "%" ? 100 : nil), regionCode: city, actor: systemActor)
            let sign = spec.direction == .higher ? 1.0 : -1.0
            let target = clamp(spec.base * (1 + sign * 0.12), unit: spec.unit)
            _ = try await indicators.setTarget(TargetRecord(
                indicatorID: indicator.id, regionCode: city, baselineYear: firstYear, baselineValue: spec.base,
                targetYear: reportYear, targetValue: target, comparator: spec.direction == .higher ? .atLeast : .atMost), actor: systemActor)
            // The city moves steadily towards its target; each county from its own level at its own pace.
            for year in firstYear...reportYear {
                let share = Double(year - firstYear) / Double(reportYear - firstYear)
                add(indicator.id, city, year, clamp(spec.base + (target - spec.base) * share * 0.95, unit: spec.unit))
            }
            for county in counties {
                let level = spec.base * random.uniform(0.7...1.15)
                let pace = random.uniform(0.3...1.3)
                for year in firstYear...reportYear {
                    let share = Double(year - firstYear) / Double(reportYear - firstYear)
                    let noise = random.uniform(-0.015...0.015) * spec.base
                    add(indicator.id, county.code, year, clamp(level + (target - spec.base) * share * pace + noise, unit: spec.unit))
                }
            }
        }
        // Resident population, the weight of the equalization measures: 30–200 万 per county.
        let population = try await indicators.create(IndicatorRecord(
            code: "BENCH-POP", name: "常住人口（基准测试）", unit: "万人", definition: "基准测试合成数据：按人口加权", additive: true,
            minimum: 0), regionCode: city, actor: systemActor)
        var total = [Int: Double]()
        for county in counties {
            let start = (random.uniform(30...200) * 10).rounded() / 10
            for year in firstYear...reportYear {
                let value = (start * pow(1.004, Double(year - firstYear)) * 10).rounded() / 10
                add(population.id, county.code, year, value)
                total[year, default: 0] += value
            }
        }
        for (year, value) in total.sorted(by: { $0.key < $1.key }) { add(population.id, city, year, (value * 10).rounded() / 10) }

        // Urban districts against counties and county-level cities: the Theil decomposition.
        _ = try await regions.createGroupSet(RegionGroupSet(
            code: "bench-urban-rural", name: "城区与县（市）", scopeRegionCode: city,
            groups: [RegionGroup(code: "urban", name: "城区"), RegionGroup(code: "county", name: "县（市）")]), actor: systemActor)
        for county in counties {
            try await regions.assign(county.code, toGroup: county.name.hasSuffix("区") ? "urban" : "county",
                                     inSet: "bench-urban-rural", actor: systemActor)
        }

        let store = ObservationStore(db, engine: engine)
        let submission = try await store.submit(regionCode: city, source: "基准测试", observations: observations, warnings: [],
                                                actor: systemActor)
        _ = try await store.approve(submission.id, comment: "基准测试", actor: systemActor)
        return (counties, observations.count)
    }
}

// MARK: measuring

@MainActor
func seconds(_ body: () async throws -> Void) async rethrows -> Double {
    let clock = ContinuousClock()
    let start = clock.now
    try await body()
    let elapsed = clock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

/// Times `body` once to warm up, then `runs` times; prints and returns the median.
@MainActor @discardableResult
func measure(_ name: String, runs: Int, _ body: () async throws -> Void) async throws -> Double {
    try await body()
    var times: [Double] = []
    for _ in 0..<runs { times.append(try await seconds(body)) }
    let middle = median(times)
    print("measure name=\(name) median=\(String(format: "%.4f", middle)) min=\(String(format: "%.4f", times.min()!)) "
          + "max=\(String(format: "%.4f", times.max()!)) runs=\(runs)")
    return middle
}

/// Runs a program, its output to `stdout` (a file path) or discarded; fails unless it exits 0.
func run(_ executable: String, _ arguments: [String], stdout: String? = nil) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let stdout {
        _ = FileManager.default.createFile(atPath: stdout, contents: nil)
        process.standardOutput = FileHandle(forWritingAtPath: stdout)
    } else {
        process.standardOutput = FileHandle.nullDevice
    }
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw NSError(domain: "ReportBenchmark", code: Int(process.terminationStatus),
                      userInfo: [NSLocalizedDescriptionKey: "\(executable) \(arguments.prefix(3)) exited with \(process.terminationStatus)"])
    }
}

func which(_ name: String) -> String? {
    (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        .map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
}

func pdfPages(_ path: String, scratch: String) throws -> String {
    guard let pdfinfo = which("pdfinfo") else { return "?" }
    let info = scratch + "/pdfinfo.txt"
    try run(pdfinfo, [path], stdout: info)
    let text = try String(contentsOfFile: info, encoding: .utf8)
    return text.split(separator: "\n").first { $0.hasPrefix("Pages:") }.map { $0.dropFirst(6).trimmingCharacters(in: .whitespaces) } ?? "?"
}

// MARK: main

@main
enum ReportBenchmark {
    static func main() async throws {
        let arguments = CommandLine.arguments
        guard arguments.count >= 2 else {
            print("usage: ReportBenchmark OUT-DIR [runs]")
            exit(2)
        }
        let out = URL(fileURLWithPath: arguments[1]).standardizedFileURL.path
        let runs = arguments.count > 2 ? Int(arguments[2]) ?? 9 : 9
        let pdfRuns = max(3, runs / 2)
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let databasePath = out + "/reports.sqlite"
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: databasePath + suffix) }

        var logger = Logger(label: "benchmark")
        logger.logLevel = .warning
        let location = DatabaseLocation.sqliteFile(path: databasePath)
        let database = try await JunhengDatabase.open(location, logger: logger)
        let setup = try await seconds { _ = try await buildCity(database, logger: logger) }
        let observationCount = try await ObservationStore(database.sql, engine: database.engine).count()
        print("setup seconds=\(String(format: "%.1f", setup)) counties=20 indicators=\(specs.count) years=\(firstYear)-\(reportYear) "
              + "approved_figures=\(observationCount) database=\(databasePath)")

        let services = try await JunhengServices.make(database: database, configuration: ServerConfiguration(database: location))
        let app = services.app

        // What the report holds.
        let figures = try await app.reports.currentFigures(kind: .annual, region: city, planID: nil, year: reportYear)
        let decomposed = figures.equalization.filter { $0.theilTWithin != nil }.count
        print("report indicators=\(figures.indicators.count) children=\(figures.children.count) "
              + "equalization=\(figures.equalization.count) decomposed=\(decomposed) weighted=\(figures.equalization.filter(\.weighted).count) "
              + "composite=\(figures.composite != nil)")

        // (a) the figures alone, and the data-access floor: one SQL query through the sqlite3 tool.
        try await measure("figures", runs: runs) {
            _ = try await app.reports.currentFigures(kind: .annual, region: city, planID: nil, year: reportYear)
        }
        let codes = ([city.rawValue] + figures.children.map(\.code)).map { "'\($0)'" }.joined(separator: ",")
        let query = """
            SELECT i.id, i.name, i.unit, i.direction, t.baseline_year, t.baseline_value, t.target_year, t.target_value,
                   o.region_code, o.year, o.value
            FROM indicators i
            JOIN targets t ON t.indicator_id = i.id AND t.region_code = '\(city.rawValue)'
            JOIN observations o ON o.indicator_id = i.id
            WHERE o.status = 'approved' AND o.disaggregation = '' AND o.year <= \(reportYear) AND o.region_code IN (\(codes))
            ORDER BY i.id, o.region_code, o.year;
            """
        if let sqlite3 = which("sqlite3") {
            let rows = out + "/sqlite3-rows.txt"
            try await measure("sqlite3-one-query", runs: runs) { try run(sqlite3, ["-readonly", databasePath, query], stdout: rows) }
            let count = try String(contentsOfFile: rows, encoding: .utf8).split(separator: "\n").count
            print("sqlite3 rows=\(count)")
        } else {
            print("sqlite3 not found: baseline skipped")
        }

        // (b) HTML, (c) PDF, (d) DOCX and XLSX, each the whole `currentReport` (figures included).
        var files: [ReportFormat: Data] = [:]
        for format in [ReportFormat.html, .docx, .xlsx] {
            try await measure(format.rawValue, runs: runs) {
                files[format] = try await services.currentReport(kind: .annual, region: city, planID: nil, year: reportYear, format: format)
            }
        }
        try await measure("pdf", runs: pdfRuns) {
            files[.pdf] = try await services.currentReport(kind: .annual, region: city, planID: nil, year: reportYear, format: .pdf)
        }
        for (format, data) in files { try data.write(to: URL(fileURLWithPath: "\(out)/report.\(format.rawValue)")) }

        // The floor for the PDF: the same browser printing the very same HTML file from the command line,
        // with the flags our printer gives it (a fresh profile each time, as each of our jobs has).
        if let browser = [ProcessInfo.processInfo.environment["JUNHENG_CHROMIUM"]].compactMap({ $0 }).first(where: { !$0.isEmpty })
            ?? ["chromium-headless-shell", "chromium", "chromium-browser", "google-chrome"].lazy.compactMap(which).first {
            let htmlURL = URL(fileURLWithPath: out + "/report.html")
            let chromiumPDF = out + "/chromium.pdf"
            try await measure("chromium-cli-pdf", runs: pdfRuns) {
                let profile = NSTemporaryDirectory() + "report-benchmark-\(UUID().uuidString)"
                defer { try? FileManager.default.removeItem(atPath: profile) }
                try run(browser, ["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", "--no-first-run",
                                  "--disable-dev-shm-usage", "--user-data-dir=\(profile)", "--print-to-pdf=\(chromiumPDF)",
                                  htmlURL.absoluteString])
            }
            print("chromium browser=\(browser) pdf_bytes=\(try Data(contentsOf: URL(fileURLWithPath: chromiumPDF)).count) "
                  + "pages=\(try pdfPages(chromiumPDF, scratch: out))")
        }
        print("sizes html_bytes=\(files[.html]!.count) pdf_bytes=\(files[.pdf]!.count) pdf_pages=\(try pdfPages(out + "/report.pdf", scratch: out)) "
              + "docx_bytes=\(files[.docx]!.count) xlsx_bytes=\(files[.xlsx]!.count)")
        try await database.shutdown()
    }
}

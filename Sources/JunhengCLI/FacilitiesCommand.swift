import ArgumentParser
import Foundation
import Geography
import JunhengApp
import JunhengCore

/// `junheng facilities import|population|export`: the facility register and the population points
/// at the console — import a CSV or XLSX file (all rows or none), export a region's as GeoJSON.
struct FacilitiesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "facilities",
        abstract: "Service facilities (设施台账) and population points (人口分布点): import CSV/XLSX, export GeoJSON.",
        subcommands: [Import.self, Population.self, Export.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a facility register; a file with any bad row changes nothing, rows with a stored 编号 replace it.")
        @Argument(help: "The CSV or XLSX file.") var file: String
        @Option(help: "The datum of its coordinates: wgs84 or gcj02 (Chinese web maps).") var crs: CoordinateSystem = .wgs84
        @OptionGroup var databaseOptions: DatabaseOptions

        func run() async throws {
            let result = try await withApp(databaseOptions) {
                try await $0.facilities.importFacilities(.file(path: file), filename: (file as NSString).lastPathComponent, datum: crs,
                                                         actor: .system("facilities import"))
            }
            print(FacilitiesCommand.summary(result))
        }
    }

    struct Population: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import population points (编号, 名称, 区划代码, 经度, 纬度, 常住人口, 年份), all or nothing.")
        @Argument(help: "The CSV or XLSX file.") var file: String
        @Option(help: "The datum of its coordinates: wgs84 or gcj02.") var crs: CoordinateSystem = .wgs84
        @OptionGroup var databaseOptions: DatabaseOptions

        func run() async throws {
            let result = try await withApp(databaseOptions) {
                try await $0.facilities.importPopulation(.file(path: file), filename: (file as NSString).lastPathComponent, datum: crs,
                                                         actor: .system("facilities population"))
            }
            print(FacilitiesCommand.summary(result))
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A region's facilities (or population points) as GeoJSON in WGS84.")
        @Option(help: "The region, e.g. 130500 (its whole subtree).") var region: String
        @Option(help: "Facility types (key or name), repeatable; all when absent.") var type: [String] = []
        @Flag(help: "Export the population points instead.") var population = false
        @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") var output: String?
        @OptionGroup var databaseOptions: DatabaseOptions

        func run() async throws {
            guard let code = RegionCode(rawValue: region) else { throw ValidationError("--region: 地区代码应为 6 位数字") }
            let kinds = try type.map { text in
                guard let kind = FacilityKind.named(text) else { throw ValidationError("--type: 未知的设施类型“\(text)”") }
                return kind
            }
            let data = try await withApp(databaseOptions) { app in
                population ? try RegisterGeoJSON.populationPoints(try await app.facilities.populationPoints(in: code))
                    : try RegisterGeoJSON.facilities(try await app.facilities.facilities(in: code, kinds: kinds.isEmpty ? nil : kinds))
            }
            if let output { try data.write(to: URL(fileURLWithPath: output)) } else { FileHandle.standardOutput.write(data); print() }
        }
    }

    static func summary(_ result: RegisterImportResult) -> String {
        "已导入 \(result.rows) 行：新增 \(result.added) 条，更新 \(result.updated) 条（地区 \(result.regionCodes.joined(separator: "、"))）"
    }
}

/// `junheng access compute`: an accessibility measure for each child of a region, printed as a
/// table, and with `--indicator` submitted as that indicator's values for review.
struct AccessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "access",
        abstract: "Accessibility of facilities (可达性): coverage, nearest distance, 2SFCA and 3SFCA per child region.",
        subcommands: [Compute.self])

    struct Compute: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compute a measure per child region: region code, name, value, population, points, facilities in use.")
        @Option(help: "The facility type: a key (village-clinic, clinic, primary-school …) or a name (村卫生室).") var type: String
        @Option(help: "The region whose children to measure, e.g. 130500 (default: the region above every population point).")
        var region: String?
        @Option(help: "share (coverage, %), nearest (km), 2sfca, 2sfca-gravity or 3sfca (per 1,000 people).") var measure = "share"
        @Option(help: "The radius: 1km, 800m, 1.5公里.") var radius = ""
        @Option(help: "Or a travel time in minutes, turned into a radius at the mode's speed.") var minutes = ""
        @Option(help: "walk (5 km/h), bicycle (12 km/h) or drive (30 km/h), with --minutes.") var mode = ""
        @Option(help: "Submit the figures as this indicator's values (code or name), pending review.") var indicator: String?
        @Option(help: "The year the submitted figures are for (default: the population points' year).") var year: Int?
        @OptionGroup var databaseOptions: DatabaseOptions

        func run() async throws {
            if let region, RegionCode(rawValue: region) == nil { throw ValidationError("--region: 地区代码应为 6 位数字") }
            let (query, report, submitted) = try await withApp(databaseOptions) { app in
                let code: RegionCode
                if let given = region.flatMap(RegionCode.init(rawValue:)) {
                    code = given
                } else if let found = try await app.accessibility.defaultRegion() {
                    code = found
                } else {
                    throw ValidationError("--region: 尚未导入人口分布点，请指定地区")
                }
                let query = try AccessibilityQuery.parse(region: code, kind: type, measure: measure, radius: radius, minutes: minutes,
                                                         mode: mode)
                let report = try await app.accessibility.compute(query)
                guard let indicator else { return (query, report, nil as ObservationImport.Outcome?) }
                guard let year = year ?? report.populationYear else { throw ValidationError("--year: 没有人口分布点，请指定年份") }
                let source = "可达性测算：\(query.kind.name)，\(query.measure.rawValue)，半径 \(Int(query.radiusMetres)) 米"
                return (query, report, try await app.accessibility.submit(report, indicator: indicator, year: year, source: source,
                                                                          actor: .system("access compute")))
            }
            func text(_ value: Double?) -> String { value.map { String(format: "%.2f", $0) } ?? "—" }
            for row in report.rows {
                print([row.regionCode, row.regionName, text(row.value), "\(row.population)", "\(row.points)", "\(row.facilities)"]
                    .joined(separator: "\t"))
            }
            print([query.region.rawValue, report.regionName, text(report.overall), "\(report.population)", "\(report.points)", "\(report.facilities)"]
                .joined(separator: "\t"))
            FileHandle.standardError.write(Data("半径 \(Int(query.radiusMetres)) 米；\(report.rows.count) 个下级地区中 \(report.covered) 个有数值\n".utf8))
            if let submitted {
                print("已提交报送 #\(submitted.submission.id)（\(submitted.submission.rowCount) 个数值），待审核")
            }
        }
    }
}

import ArgumentParser
import Foundation
import Geography
import JunhengApp
import JunhengCore

extension CoordinateSystem: ExpressibleByArgument {}

/// `junheng geo import|export|list`: region boundaries at the console — import a GeoJSON file
/// (all or nothing), export the boundaries of a region's children at a level of detail, list what
/// is stored with its sources.
struct Geo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "geo",
        abstract: "Region boundaries (地图边界): import GeoJSON, export a region's children, list what is stored.",
        subcommands: [Import.self, Export.self, List.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import boundaries from a GeoJSON FeatureCollection; a file with any error changes nothing.")
        @Argument(help: "The GeoJSON file.") var file: String
        @Option(help: "The feature property holding the region code.") var codeProperty = "adcode"
        @Option(help: "The feature property holding the name, if any.") var nameProperty: String?
        @Option(help: "The datum of the file: wgs84 or gcj02 (Chinese web maps).") var crs: CoordinateSystem
        @Option(help: "Where the boundaries come from.") var source: String
        @Option(help: "Their vintage (year or date).") var vintage: String
        @Option(help: "The map approval number (审图号), for maps to be published.") var approvalNumber = ""
        @OptionGroup var databaseOptions: DatabaseOptions

        func run() async throws {
            let data = try Data(contentsOf: URL(fileURLWithPath: file))
            let options = BoundaryImportOptions(codeProperty: codeProperty, nameProperty: nameProperty, coordinateSystem: crs,
                                                source: source, vintage: vintage, approvalNumber: approvalNumber)
            let result = try await withApp(databaseOptions) {
                try await $0.maps.importBoundaries(data, options: options, actor: .system("geo import"))
            }
            print("已导入 \(result.regionCodes.count) 个地区的边界（替换 \(result.replaced) 个），共 \(result.pointCount) 个坐标点")
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The boundaries of a region's children as GeoJSON (code and name on each feature).")
        @Option(help: "The region whose children to export, e.g. 130500.") var parent: String
        @Option(help: "The map width in pixels the level of detail is chosen for.") var width = 640
        @Option(help: "The datum to write: wgs84 or gcj02.") var crs: CoordinateSystem = .wgs84
        @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") var output: String?
        @OptionGroup var databaseOptions: DatabaseOptions

        func run() async throws {
            guard let code = RegionCode(rawValue: parent) else { throw ValidationError("--parent: 地区代码应为 6 位数字") }
            let shapes = try await withApp(databaseOptions) { try await $0.maps.childShapes(of: code, width: width, in: crs) }
            let data = MapUseCases.geoJSON(shapes)
            if let output {
                try data.write(to: URL(fileURLWithPath: output))
                FileHandle.standardError.write(Data("\(shapes.boundaries.count)/\(shapes.requested) 个地区，级别 \(shapes.zoom)，写入 \(output)\n".utf8))
            } else {
                FileHandle.standardOutput.write(data)
                print()
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stored boundaries: code, name, source, vintage, 审图号, datum, points.")
        @OptionGroup var databaseOptions: DatabaseOptions

        func run() async throws {
            for summary in try await withApp(databaseOptions, { try await $0.maps.summaries() }) {
                print([summary.regionCode, summary.regionName, summary.provenance.source, summary.provenance.vintage,
                       summary.provenance.approvalNumber, summary.provenance.sourceSystem, "\(summary.pointCount)"].joined(separator: "\t"))
            }
        }
    }
}

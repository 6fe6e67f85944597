import Foundation
import Geography
import JunhengCore
import Storage

/// How a boundary file is read and where it came from.
public struct BoundaryImportOptions: Sendable, Equatable {
    /// The feature property holding the region code (`adcode` in most Chinese sources).
    public var codeProperty: String
    /// The property holding the name, if any (names shown come from the region registry).
    public var nameProperty: String?
    /// The datum of the file's coordinates.
    public var coordinateSystem: CoordinateSystem
    /// Where the boundaries come from (a surveying institute, a data set), required.
    public var source: String
    /// Their vintage (the year or date the boundaries are valid for), required.
    public var vintage: String
    /// The map approval number (审图号) a published map needs; empty for internal use.
    public var approvalNumber: String

    public init(codeProperty: String = "code", nameProperty: String? = nil, coordinateSystem: CoordinateSystem,
                source: String, vintage: String, approvalNumber: String = "") {
        self.codeProperty = codeProperty
        self.nameProperty = nameProperty
        self.coordinateSystem = coordinateSystem
        self.source = source
        self.vintage = vintage
        self.approvalNumber = approvalNumber
    }
}

/// What an import stored.
public struct BoundaryImportResult: Sendable, Equatable, Codable {
    /// The regions whose boundaries were stored, in file order.
    public var regionCodes: [String]
    /// How many of them replaced a boundary stored before.
    public var replaced: Int
    /// Positions stored (after conversion to WGS84 and rounding).
    public var pointCount: Int
}

/// Region boundaries (imported from GeoJSON, stored in WGS84, simplified per zoom level) and the
/// maps drawn over them. Boundaries are public, like the region registry; importing them needs
/// `manageRegions` over every region in the file.
public struct MapUseCases: Sendable {
    let app: JunhengApp

    /// Decimal places kept after conversion: about 0.1 m, far below any map's precision.
    static let coordinatePlaces = 6

    /// Reads a GeoJSON file of boundaries and stores them all, or nothing: a file with one bad
    /// feature, an unknown region code or a region outside the actor's scope changes nothing.
    /// Every stored boundary is then simplified again, together, for each ``MapZoom/levels``.
    public func importBoundaries(_ data: Data, options: BoundaryImportOptions, actor: Actor) async throws -> BoundaryImportResult {
        // Who may import at all is settled before the file is read; each region is checked below.
        if let user = actor.user {
            try await app.access.authorize(.manageRegions, region: user.regionCode, actor: actor)
        } else if !actor.isSystem {
            throw JunhengError.unauthorized("需要登录")
        }
        let source = options.source.trimmingCharacters(in: .whitespacesAndNewlines)
        let vintage = options.vintage.trimmingCharacters(in: .whitespacesAndNewlines)
        var issues: [ValidationIssue] = []
        if source.isEmpty { issues.append(ValidationIssue(field: "source", reason: "请填写边界数据的来源")) }
        if vintage.isEmpty { issues.append(ValidationIssue(field: "vintage", reason: "请填写边界数据的年份（版本）")) }
        let codeProperty = options.codeProperty.trimmingCharacters(in: .whitespaces)
        if codeProperty.isEmpty { issues.append(ValidationIssue(field: "codeProperty", reason: "请填写存放区划代码的属性名，如 adcode")) }
        guard issues.isEmpty else { throw JunhengError.invalid(issues) }

        let read: [RegionBoundary]
        do {
            read = try GeoJSONFormat(codeProperty: codeProperty, nameProperty: options.nameProperty).regions(from: data)
        } catch let error as GeographyError {
            throw JunhengError.invalid(field: "file", error.chineseDescription)
        }
        guard !read.isEmpty else { throw JunhengError.invalid(field: "file", "文件中没有任何区域边界") }

        let codes = read.map { RegionCode(rawValue: $0.code) }
        let known = try await RegionStore(app.database.sql).lineages(of: codes.compactMap { $0 })
        for (index, code) in codes.enumerated() where code == nil || known[code!] == nil {
            issues.append(ValidationIssue(field: "file", reason: "第 \(index + 1) 个要素：区划代码 \(read[index].code) 不在区划库中"))
        }
        guard issues.isEmpty else { throw JunhengError.invalid(issues) }
        for code in codes.compactMap({ $0 }) {
            try await app.access.authorize(.manageRegions, region: code, actor: actor)
        }

        let provenance = BoundaryProvenance(sourceSystem: options.coordinateSystem.rawValue, source: source, vintage: vintage,
                                            approvalNumber: options.approvalNumber.trimmingCharacters(in: .whitespacesAndNewlines))
        let stored = read.map { options.coordinateSystem.convert($0, to: .wgs84).rounded(places: Self.coordinatePlaces) }
        let records = stored.map { region in
            BoundaryRecord(regionCode: region.code, geometry: Self.text(region), provenance: provenance, pointCount: region.pointCount)
        }
        let audit = actor.audit
        let replaced = try await app.database.transaction { db in
            let store = BoundaryStore(db)
            let before = try await store.provenances(of: records.map(\.regionCode)).count
            try await store.replace(records, actor: audit)
            let all = try await store.all().map { try Self.region(from: $0.geometry) }
            try await store.replaceShapes(Self.simplifiedShapes(of: all))
            return before
        }
        return BoundaryImportResult(regionCodes: records.map(\.regionCode), replaced: replaced,
                                    pointCount: records.reduce(0) { $0 + $1.pointCount })
    }

    /// Every region's shape at every stored level, simplified together so that neighbours keep
    /// identical borders (``Topology``).
    static func simplifiedShapes(of regions: [RegionBoundary]) -> [Int: [String: String]] {
        guard !regions.isEmpty else { return [:] }
        let topology = Topology(regions: regions)
        let latitude = MapZoom.meanLatitude(of: regions)
        return Dictionary(uniqueKeysWithValues: MapZoom.levels.map { zoom in
            let shapes = topology.simplified(tolerance: Topology.tolerance(zoom: zoom, latitude: latitude))
            return (zoom, Dictionary(uniqueKeysWithValues: shapes.map { ($0.code, text($0)) }))
        })
    }

    /// A stored boundary's text: a FeatureCollection of the one region, code in `code`.
    static func text(_ region: RegionBoundary) -> String {
        String(decoding: storedFormat.data(for: [RegionBoundary(code: region.code, polygons: region.polygons)]), as: UTF8.self)
    }

    static func region(from text: String) throws -> RegionBoundary {
        guard let region = try storedFormat.regions(from: Data(text.utf8)).first else {
            throw JunhengError.invalid(field: "geometry", "数据库中的边界数据无效")
        }
        return region
    }

    private static let storedFormat = GeoJSONFormat(codeProperty: "code")

    /// What is stored: one row per region, without geometry.
    public func summaries() async throws -> [BoundarySummary] {
        try await BoundaryStore(app.database.sql).summaries()
    }

    /// The boundaries of `regions` (those that have one) at the stored level of detail a map
    /// `width` pixels wide needs, with the registry's names, in `system`. Codes without a boundary
    /// are left out.
    public func shapes(of regions: [Region], width: Int = MapShapes.defaultWidth,
                       in system: CoordinateSystem = .wgs84) async throws -> MapShapes {
        let store = BoundaryStore(app.replica.sql)
        let codes = regions.map(\.code.rawValue)
        // The level follows from the extent, which the finest shapes give as well as the full ones.
        let finest = try await store.shapes(of: codes, zoom: MapZoom.levels.last!).mapValues { try Self.region(from: $0) }
        let zoom = MapZoom.level(for: Array(finest.values), width: width)
        // At the finest level the shapes just read are the ones to draw; they are not read twice.
        let chosen = zoom == MapZoom.levels.last! ? finest
            : try await store.shapes(of: codes, zoom: zoom).mapValues { try Self.region(from: $0) }
        let names = Dictionary(regions.map { ($0.code.rawValue, $0.name) }, uniquingKeysWith: { first, _ in first })
        let boundaries = codes.compactMap { code -> RegionBoundary? in
            guard let shape = chosen[code] else { return nil }
            var region = CoordinateSystem.wgs84.convert(shape, to: system)
            region.name = names[code]
            return region
        }
        let provenances = try await store.provenances(of: boundaries.map(\.code))
        let sources = provenances.values.map { $0.approvalNumber.isEmpty ? $0.source : "\($0.source)，审图号 \($0.approvalNumber)" }
        return MapShapes(zoom: zoom, coordinateSystem: system, boundaries: boundaries, requested: regions.count,
                         sources: Array(Set(sources)).sorted())
    }

    /// The shapes of a region's children for a map (`parent` itself is left out), as ``shapes(of:width:in:)``.
    public func childShapes(of parent: RegionCode, width: Int = MapShapes.defaultWidth,
                            in system: CoordinateSystem = .wgs84) async throws -> MapShapes {
        try await shapes(of: try await app.regions.children(of: parent), width: width, in: system)
    }

    /// `shapes` as GeoJSON, each feature with `code` and `name`.
    public static func geoJSON(_ shapes: MapShapes) -> Data {
        GeoJSONFormat(codeProperty: "code", nameProperty: "name").data(for: shapes.boundaries)
    }
}

/// Boundaries ready for a map: at one level of detail, in one datum.
public struct MapShapes: Sendable, Equatable {
    /// The width in pixels the pages draw maps at.
    public static let defaultWidth = 640

    public var zoom: Int
    public var coordinateSystem: CoordinateSystem
    public var boundaries: [RegionBoundary]
    /// How many regions were asked for: more than `boundaries.count` when some have none.
    public var requested: Int
    /// Where the boundaries come from, with their approval numbers (审图号), each once.
    public var sources: [String]

    /// Whether every region asked for has a boundary.
    public var isComplete: Bool { boundaries.count == requested }
}

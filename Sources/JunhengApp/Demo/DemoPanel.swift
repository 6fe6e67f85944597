import Foundation
import JunhengCore
import Storage

/// The demo monitoring panel: Xingtai's real 13th-plan targets (read from the plan itself) and a
/// synthetic but plausible 2015–2020 series for the city and each county — 示例数据, never real
/// statistics, and labelled so on every chart. Deterministic: the same data on every machine.
enum DemoPanel {
    static let firstYear = 2015
    static let lastYear = 2020
    static let populationCode = "DEMO-POP"

    /// Publishes the plan's targets and loads the panel unless a plan for the city is there already.
    static func load(into database: JunhengDatabase, actor: AuditActor) async throws {
        let db = database.sql
        if try await PlanStore(db).plans(regionCodes: [DemoData.city]).contains(where: { $0.status == "published" }) { return }
        guard let url = Bundle.module.url(forResource: "Plans/xingtai-city-13th", withExtension: "txt") else {
            throw JunhengError.notFound("示例规划文件 xingtai-city-13th.txt")
        }
        var draft = try PlanDraftBuilder.draft(document: try Data(contentsOf: url), filename: "xingtai-13th-plan.txt",
                                               region: DemoData.city)
        // Only the plan's targets are needed for the panel.
        draft.extractions = draft.extractions.filter { $0.kind == .target && $0.fields["kind"] == "target" }
        let targetsOnly = draft
        let engine = database.engine
        try await database.transaction { db in
            let plans = PlanStore(db)
            let plan = try await plans.createDraft(targetsOnly, actor: actor)
            _ = try await plans.acceptPending(planID: plan.id, actor: actor)
            _ = try await plans.publish(planID: plan.id, actor: actor)
            try await generatePanel(db, engine: engine, planID: plan.id, actor: actor)
            try await assignLeadDepartments(db, planID: plan.id)
        }
    }

    /// Which demo department leads an indicator, by keywords of its name, first match wins.
    static let departmentKeywords: [(department: String, keywords: [String])] = [
        ("邢台市教育局", ["教育", "学校", "高中", "招生"]),
        ("邢台市卫生健康委员会", ["卫生", "医", "健康"]),
        ("邢台市人力资源和社会保障局", ["劳动", "持卡", "社保", "就业"]),
        ("邢台市民政局", ["特困", "供养", "社会工作", "养老"]),
    ]

    /// Gives the plan's indicators a lead department, so that department editors and the warnings'
    /// department filter have something to show. The plan names none: this is demo data, guessed
    /// from the indicators' names and audited as such.
    static func assignLeadDepartments(_ db: DatabaseSession, planID: Int64) async throws {
        let actor = AuditActor.system("demo（示例数据：按指标名称关键词指定牵头部门）")
        let departments = try await DepartmentStore(db).departments(in: DemoData.city)
        let indicators = IndicatorStore(db)
        let planned = Set(try await indicators.targets(regionCode: DemoData.city).filter { $0.planID == planID }.map(\.indicatorID))
        for indicator in try await indicators.indicators() where planned.contains(indicator.id) && indicator.departmentID == nil {
            guard let name = departmentKeywords.first(where: { $0.keywords.contains(where: indicator.name.contains) })?.department,
                  let department = departments.first(where: { $0.name == name }) else { continue }
            _ = try await indicators.update(id: indicator.id, departmentID: .some(department.id), actor: actor)
        }
    }

    /// Inner Mongolia's catalogue (82 items), read from its plan and published, so that the public
    /// catalogue pages and the entitlement finder have something real to show.
    static func loadCatalogue(into database: JunhengDatabase, actor: AuditActor) async throws {
        let region = RegionCode(rawValue: "150000")!
        if try await CatalogueStore(database.sql).published(regionCode: region) != nil { return }
        guard let url = Bundle.module.url(forResource: "Plans/inner-mongolia-13th", withExtension: "txt") else {
            throw JunhengError.notFound("示例规划文件 inner-mongolia-13th.txt")
        }
        var draft = try PlanDraftBuilder.draft(document: try Data(contentsOf: url), filename: "inner-mongolia-13th-plan.txt",
                                               region: region)
        draft.extractions = draft.extractions.filter { $0.kind == .item }
        let itemsOnly = draft
        try await database.transaction { db in
            let plans = PlanStore(db)
            let plan = try await plans.createDraft(itemsOnly, actor: actor)
            _ = try await plans.acceptPending(planID: plan.id, actor: actor)
            guard let versionID = try await plans.publish(planID: plan.id, actor: actor).catalogueVersionID else { return }
            let catalogue = CatalogueStore(db)
            _ = try await catalogue.submit(versionID, actor: actor)
            _ = try await catalogue.publish(versionID, actor: actor)
        }
    }

    static func generatePanel(_ db: DatabaseSession, engine: DatabaseEngine, planID: Int64, actor: AuditActor) async throws {
        let counties = try await RegionStore(db).children(of: DemoData.city)
        let indicators = IndicatorStore(db)
        var observations: [ValidatedObservation] = []
        func add(_ indicatorID: Int64, _ region: RegionCode, _ year: Int, _ value: Double) {
            observations.append(ValidatedObservation(
                key: ObservationKey(indicatorID: indicatorID, regionCode: region.rawValue, year: year, disaggregation: ""),
                value: value, row: observations.count + 1))
        }
        for target in try await indicators.targets(regionCode: DemoData.city) where target.planID == planID {
            let indicator = try await indicators.existingIndicator(id: target.indicatorID)
            guard target.targetYear > firstYear else { continue }
            let shape = SeriesShape(indicator: indicator, target: target)
            for year in firstYear...min(lastYear, target.targetYear) {
                add(indicator.id, DemoData.city, year, shape.value(year: year, baselineFactor: 1, pace: 0.97, slip: false))
            }
            for county in counties {
                var random = SplitMix64(seed: "\(indicator.code)/\(county.code.rawValue)")
                let baselineFactor = random.next(in: 0.68...1.06)
                let pace = random.next(in: 0.45...1.25)
                let slip = random.next(in: 0...1) < 0.15
                for year in firstYear...min(lastYear, target.targetYear) {
                    add(indicator.id, county.code, year, shape.value(year: year, baselineFactor: baselineFactor, pace: pace,
                                                                     slip: slip, random: &random))
                }
            }
        }
        // Resident population, the weight of equalization measures: 20–80 万 per county.
        let population = try await indicators.create(IndicatorRecord(
            code: populationCode, name: "常住人口（示例）", unit: "万人", definition: "示例数据：用于演示按人口加权的均等化分析",
            additive: true, minimum: 0), actor: actor)
        var cityPopulation = [Int: Double]()
        for county in counties {
            var random = SplitMix64(seed: "population/\(county.code.rawValue)")
            let start = (random.next(in: 20...80) * 10).rounded() / 10
            for year in firstYear...lastYear {
                let value = (start * pow(1.003, Double(year - firstYear)) * 10).rounded() / 10
                add(population.id, county.code, year, value)
                cityPopulation[year, default: 0] += value
            }
        }
        for (year, total) in cityPopulation.sorted(by: { $0.key < $1.key }) { add(population.id, DemoData.city, year, (total * 10).rounded() / 10) }

        let store = ObservationStore(db, engine: engine)
        let submission = try await store.submit(regionCode: DemoData.city, source: DemoData.observationSource,
                                                observations: observations, warnings: [], actor: actor)
        _ = try await store.approve(submission.id, comment: "示例数据", actor: actor)
    }

    /// How a demo series moves: from a baseline towards the target at a given pace, with a little
    /// noise, optionally slipping back in the last year, within the unit's natural bounds.
    struct SeriesShape {
        let baseline: Double
        let target: Double
        let targetYear: Int
        let isPercentage: Bool
        let isWholeNumber: Bool

        init(indicator: IndicatorRecord, target: TargetRecord) {
            let higher = indicator.direction == .higher
            self.target = target.targetValue
            targetYear = target.targetYear
            baseline = target.baselineValue ?? (higher ? target.targetValue * 0.85 : target.targetValue * 1.2)
            isPercentage = indicator.unit == "%"
            isWholeNumber = ["人", "名", "所", "个", "张", "家", "项", "辆"].contains(indicator.unit)
        }

        func value(year: Int, baselineFactor: Double, pace: Double, slip: Bool) -> Double {
            var random = SplitMix64(seed: "flat")
            return value(year: year, baselineFactor: baselineFactor, pace: pace, slip: slip, random: &random, noise: false)
        }

        func value(year: Int, baselineFactor: Double, pace: Double, slip: Bool, random: inout SplitMix64,
                   noise: Bool = true) -> Double {
            let start = baseline * baselineFactor
            let share = Double(year - DemoPanel.firstYear) / Double(targetYear - DemoPanel.firstYear)
            var value = start + (target - start) * share * pace
            if slip && year == DemoPanel.lastYear { value -= (target - start) * 0.25 }
            if noise { value *= 1 + random.next(in: -0.006...0.006) }
            if isPercentage { value = min(value, 100) }
            value = max(value, 0)
            return isWholeNumber ? value.rounded() : (value * 10).rounded() / 10
        }
    }
}

import Equalization
import Foundation
import JunhengCore
import Storage

/// Reads the figures of a report — a region, optionally one plan, one year — from approved data
/// in a fixed number of queries: progress of every indicator in the region and its children, the
/// population that weights the equalization measures, the composite index and the key tasks.
struct ReportAssembly: Sendable {
    let app: JunhengApp
    /// Where the figures are read: the primary, or the replica for an anonymous reader.
    let database: JunhengDatabase

    func figures(kind: ReportKind, region code: RegionCode, planID: Int64?, year: Int) async throws -> ReportFigures {
        let db = database.sql
        let monitoring = Monitoring(db, engine: database.engine)
        let (parent, children, rows) = try await monitoring.reportProgress(of: code, planID: planID, through: year)
        let plan = try await planID.asyncMap { try await PlanStore(db).existingPlan($0) }
        let departmentNames = Dictionary(try await DepartmentStore(db).departments(in: code).map { ($0.id, $0.name) },
                                         uniquingKeysWith: { first, _ in first })
        let childPlaces = children.map { ReportFigures.Place(code: $0.code.rawValue, name: $0.name) }
        let childCodes = children.map(\.code.rawValue)

        let indicators = rows.map { rows in Self.indicatorFigures(rows, year: year, departmentNames: departmentNames) }

        // Population weights and coverage shares, nearest year standing in (as the equalization pages do).
        var population: [String: FigureSeries] = [:]
        if let populationIndicator = try await IndicatorStore(db).indicators().first(where: EqualizationAnalysis.isPopulation) {
            population = try await monitoring.series(populationIndicator, regionCodes: childCodes)
        }
        let groupSet = try await RegionStore(db).groupSets().first { $0.scopeRegionCode == code }
        var groups: [String: String] = [:]
        if let groupSet {
            for member in try await RegionStore(db).members(ofSet: groupSet.code) { groups[member.regionCode.rawValue] = member.groupCode }
        }
        let equalization = children.count < 2 ? [] : zip(rows, indicators).compactMap { rows, indicator -> EqualizationFigures? in
            guard !EqualizationAnalysis.isPopulation(rows[0].indicator) else { return nil }
            return equalizationFigures(indicator, childRows: Array(rows.dropFirst()), year: year, population: population,
                                       groupSet: groupSet, groups: groups)
        }

        var composite: CompositeFigures?
        if children.count >= 2, let overview = try? await EqualizationAnalysis(database: database, coverageRule: app.settings.coverageRule).overview(parent: code, year: year),
           let index = overview.composite, let coverage = overview.compositeCoverage {
            let names = Dictionary(childPlaces.map { ($0.code, $0.name) }, uniquingKeysWith: { first, _ in first })
            composite = CompositeFigures(
                year: year, indicatorCount: index.indicators.count, coverage: coverage, gini: overview.compositeGini,
                scores: zip(index.regions, index.closeness).compactMap { code, score in
                    score.map { CompositeFigures.Score(place: .init(code: code, name: names[code] ?? code), score: $0) }
                }
                    .sorted { $0.score > $1.score })
        }

        return ReportFigures(
            kind: kind, region: .init(code: parent.code.rawValue, name: parent.name),
            plan: plan.map { .init(id: $0.id, title: $0.title, startYear: $0.periodStart, endYear: $0.periodEnd) },
            year: year, readOn: app.tasks.today.description, children: childPlaces, indicators: indicators, equalization: equalization,
            composite: composite, tasks: try await taskFigures(code),
            demoData: try await ObservationStore(db, engine: database.engine).hasSource(DemoData.observationSource, indicatorIDs: indicators.map(\.id),
                                                               regionCodes: [code.rawValue] + childCodes))
    }

    /// One indicator's figures from its progress rows (the region's first, then its children's).
    static func indicatorFigures(_ rows: [ProgressRow], year: Int, departmentNames: [Int64: String]) -> IndicatorFigures {
        let row = rows[0]
        let indicator = row.indicator
        let target = row.target.map { effective in
            IndicatorFigures.Target(value: effective.target.targetValue, year: effective.target.targetYear,
                                    inherited: effective.inherited, upperValue: effective.weakerThanParent?.targetValue)
        }
        return IndicatorFigures(
            id: indicator.id, name: indicator.name, unit: indicator.unit, domain: indicator.domainName,
            binding: indicator.binding == .binding, direction: indicator.direction,
            department: indicator.departmentID.flatMap { departmentNames[$0] }, target: target,
            baselineYear: row.baselineYear, baselineValue: row.baselineValue,
            values: row.values.sorted { $0.key < $1.key }.map { YearFigure(year: $0.key, value: $0.value) },
            status: row.status, ratio: row.result?.ratio, observedGrowth: row.result?.observedGrowth,
            expectedValue: row.result?.trajectory?.expectedValue, onTrajectory: row.result?.trajectory?.onTrack,
            children: rows.dropFirst().map { child in
                IndicatorFigures.Child(place: .init(code: child.region.code.rawValue, name: child.region.name),
                                       value: child.values[year], status: child.status)
            })
    }

    /// Measures over the children in the report's year, and the year before for the direction;
    /// only numbers when the coverage rule holds.
    func equalizationFigures(_ indicator: IndicatorFigures, childRows: [ProgressRow], year: Int,
                             population: [String: FigureSeries], groupSet: RegionGroupSet?,
                             groups: [String: String]) -> EqualizationFigures? {
        let codes = childRows.map(\.region.code.rawValue)
        let weights = codes.map { population[$0].flatMap { EqualizationAnalysis.nearest($0.values, to: year) } }
        let weighted = !population.isEmpty && weights.allSatisfy { $0 != nil }
        func measures(in year: Int) -> (Coverage, EqualizationReport?) {
            let values = childRows.map { $0.values[year] }
            let measured = try? EqualizationAnalysis.measures(
                codes: codes, values: values, in: year, population: population, weights: weighted ? weights : nil,
                groups: groupSet == nil ? nil : codes.map { groups[$0] }, rule: app.settings.coverageRule)
            return measured ?? (Coverage(values: values, population: nil), nil)
        }
        let (coverage, report) = measures(in: year)
        var figures = EqualizationFigures(indicatorID: indicator.id, name: indicator.name, unit: indicator.unit, year: year,
                                          coverage: coverage, complete: report != nil, weighted: weighted)
        guard let report, let chosen = report.weighted ?? report.unweighted else { return figures }
        figures.weighted = report.weighted != nil
        figures.mean = chosen.mean
        figures.cv = chosen.cv
        figures.gini = chosen.gini
        figures.theilT = chosen.theilT
        figures.theilL = chosen.theilL
        if let decomposition = chosen.decomposition?.theilT {
            figures.groupSet = groupSet?.name
            figures.theilTWithin = decomposition.within
            figures.theilTBetween = decomposition.between
        }
        if let benchmark = indicator.value(in: year) {
            figures.reachingBenchmark = childRows.compactMap { $0.values[year] }.filter {
                EqualizationAnalysis.reaches($0, benchmark: benchmark, direction: indicator.direction)
            }.count
        }
        let previous = measures(in: year - 1).1
        figures.previousGini = (previous?.weighted ?? previous?.unweighted)?.gini
        return figures
    }

    /// The key tasks of the region and below: colours as of today (a report on a past year still
    /// shows where the tasks stand when it is written).
    func taskFigures(_ region: RegionCode) async throws -> TaskFigures? {
        let overview = try await app.tasks.supervision(region: region, actor: .system("report"))
        let all = overview.departments.reduce(into: [TaskColour: Int]()) { total, row in
            for (colour, count) in row.counts { total[colour, default: 0] += count }
        }
        guard !overview.departments.isEmpty else { return nil }
        func counts(_ name: String, _ counts: [TaskColour: Int]) -> TaskFigures.ColourCounts {
            .init(name: name, red: counts[.red] ?? 0, yellow: counts[.yellow] ?? 0, green: counts[.green] ?? 0, blue: counts[.blue] ?? 0)
        }
        return TaskFigures(
            asOf: app.tasks.today.description, all: counts("合计", all),
            departments: overview.departments.map { counts($0.name, $0.counts) },
            late: overview.late.map { view in
                TaskFigures.LateTask(id: view.task.id, title: view.task.title, department: view.leadName, progress: view.progress,
                                     expected: view.expected, due: view.task.dueOn?.description)
            })
    }
}

extension Optional {
    /// `map` for an async transform.
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}

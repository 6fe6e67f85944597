import Charts
import Equalization
import Foundation
import Hummingbird
import JunhengApp
import JunhengCore
import Storage

/// The equalization page: how unequal an indicator is across a region's children, with the
/// Lorenz curve, the children against the mean and the benchmark, the decomposition and the trend.
struct EqualizationPages {
    let services: JunhengServices

    func register(on router: Router<AppContext>) {
        router.get("equalization", use: show)
        router.get("equalization/overview", use: overview)
    }

    @Sendable func overview(_ request: Request, context: AppContext) async throws -> Response {
        let query = request.uri.queryParameters
        let region = try query["region"].map { try regionCode(String($0), field: "region") } ?? DemoData.city
        let benchmark = try query["benchmark"].flatMap { $0.isEmpty ? nil : $0 }.map { try regionCode(String($0), field: "benchmark") }
        let overview = try await services.app.equalization.overview(
            parent: region, year: query["year"].flatMap { Int(String($0)) }, benchmark: benchmark)
        let closeness = Dictionary(uniqueKeysWithValues: zip(overview.composite?.regions ?? [], overview.composite?.closeness ?? []))
        let chart = BarChart(
            title: "综合均等化指数（熵权 TOPSIS，\(overview.year)年）",
            bars: overview.attainment.map { Bar(label: $0.name, value: closeness[$0.code] ?? nil) }, order: .descending,
            valueFractionDigits: 3, note: overview.composite == nil ? "指标数据不全，无法计算综合指数" : nil).svg(width: 720)
        return try services.pages.render("Equalization/equalization-overview", title: context.language.strings["equalizationOverview"]!, values: [
            "region": region.rawValue, "regionName": overview.parent.name, "year": overview.year,
            "benchmarkName": overview.benchmark.name, "threshold": Int(overview.threshold * 100),
            "indicatorCount": overview.indicators.count, "compositeGini": Self.format(overview.compositeGini),
            "leftOut": overview.compositeIndicatorsLeftOut.joined(separator: "、"), "chart": chart,
            "rows": overview.attainment.map { row in [
                "name": row.name, "code": row.code, "reached": row.attainment.reachedCount,
                "comparable": row.attainment.comparableCount,
                "share": row.attainment.share.map { String(format: "%.0f%%", $0 * 100) } ?? "—",
                "closeness": Self.format(closeness[row.code] ?? nil, digits: 3),
            ] as [String: Any] },
        ], request: request, context: context)
    }

    private static func format(_ value: Double?, digits: Int = 4) -> String {
        guard let value else { return "—" }
        return String(format: "%.\(digits)f", value)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let indicators = try await services.app.monitoring.indicators()
        guard request.uri.queryParameters["indicator"] != nil else {
            return try services.pages.render("Equalization/equalization", title: context.language.strings["equalization"]!, values: [
                "indicators": indicators.map { ["id": $0.id, "name": $0.name] as [String: Any] }, "region": DemoData.city.rawValue,
            ], request: request, context: context)
        }
        let result = try await services.app.equalization.analyse(try EqualizationAPI.request(from: request))
        let measures = result.report.weighted ?? result.report.unweighted
        let unit = result.indicator.unit

        var curves: [LorenzCurve] = []
        if let points = measures?.lorenzCurve {
            curves.append(LorenzCurve(label: "\(result.year)年", points: points.map { LorenzPoint(populationShare: $0.populationShare, valueShare: $0.valueShare) },
                                      gini: measures?.gini))
        }
        let bars = BarChart(
            title: "各下级地区\(result.indicator.name)（\(result.year)年）", unit: unit,
            bars: result.regions.map { Bar(label: $0.name, value: $0.value) },
            order: result.indicator.direction == .higher ? .descending : .ascending,
            references: [measures.map { ValueLine(label: "平均值", value: $0.mean) },
                         result.benchmark?.value.map { ValueLine(label: "基准（\(result.benchmark!.name)）", value: $0) }].compactMap { $0 },
            note: try await services.app.monitoring.dataNote(result.indicator)).svg(width: 720)
        let trend = LineChart(
            title: "差距指数走势", series: [
                TrendSeries(label: "基尼系数", values: Dictionary(uniqueKeysWithValues: result.trend.compactMap { point in point.gini.map { (point.year, $0) } })),
                TrendSeries(label: "泰尔指数T", values: Dictionary(uniqueKeysWithValues: result.trend.compactMap { point in point.theilT.map { (point.year, $0) } })),
            ], includesZero: true, valueFractionDigits: 3).svg(width: 720, height: 320)
        var decompositionChart = ""
        if result.groupSet != nil {
            decompositionChart = ColumnChart(
                title: "泰尔指数T分解（组内 / 组间）", categories: result.trend.map { "\($0.year)" },
                series: [ColumnSeries(label: "组内差距", values: result.trend.map(\.theilTWithin)),
                         ColumnSeries(label: "组间差距", values: result.trend.map(\.theilTBetween))]).svg(width: 720, height: 320)
        }
        let measureRows: [[String: String]] = [
            ["name": "平均值", "value": Self.format(measures?.mean, digits: 2)],
            ["name": "变异系数 CV", "value": Self.format(measures?.cv)],
            ["name": "基尼系数", "value": Self.format(measures?.gini)],
            ["name": "泰尔指数 T（GE(1)）", "value": Self.format(measures?.theilT)],
            ["name": "泰尔指数 L（MLD，GE(0)）", "value": Self.format(measures?.theilL)],
            ["name": "最大值/最小值", "value": Self.format(measures?.maxMinRatio, digits: 3)],
            ["name": "最小值/平均值", "value": Self.format(measures?.minMeanRatio, digits: 3)],
        ]
        let groups = (measures?.decomposition?.theilT?.groups ?? []).map { group in [
            "group": group.group, "regions": group.regionCount, "populationShare": Self.format(group.populationShare, digits: 3),
            "mean": Self.format(group.mean, digits: 2), "relativeMean": Self.format(group.relativeMean, digits: 3),
        ] as [String: Any] }
        let quality = result.report.dataQuality
        return try services.pages.render("Equalization/equalization", title: "\(result.parent.name) · \(result.indicator.name)", values: [
            "indicators": indicators.map { ["id": $0.id, "name": $0.name, "selected": $0.id == result.indicator.id] as [String: Any] },
            "region": result.parent.code.rawValue, "result": [
                "indicatorName": result.indicator.name, "regionName": result.parent.name, "year": result.year,
                "weighting": result.report.weighted == nil ? "未加权" : "按\(result.weightIndicator?.name ?? "人口")加权",
                "benchmarkName": result.benchmark?.name ?? "", "reaching": result.reachingBenchmark,
                "withData": result.regions.filter { $0.value != nil }.count,
                "within": Self.format(measures?.decomposition?.theilT?.within), "between": Self.format(measures?.decomposition?.theilT?.between),
                "missing": result.regions.filter { quality.missingValues.regions.contains($0.code) }.map(\.name).joined(separator: "、"),
            ] as [String: Any],
            "groupSet": result.groupSet ?? "", "measures": measureRows, "groups": groups,
            "lorenz": curves.isEmpty ? "" : LorenzChart(title: "洛伦兹曲线", curves: curves).svg(width: 520, height: 480),
            "bars": bars, "trend": trend, "decomposition": decompositionChart,
        ], request: request, context: context)
    }
}

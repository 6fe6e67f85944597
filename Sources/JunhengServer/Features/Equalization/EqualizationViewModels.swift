import Charts
import Equalization
import Foundation
import JunhengApp
import JunhengCore
import Storage

extension EqualizationPages {
    static func format(_ value: Double?, digits: Int = 4) -> String {
        guard let value else { return "—" }
        return String(format: "%.\(digits)f", value)
    }
}

extension Coverage {
    /// "覆盖 17/18 个地区，人口 94%" or "covers 17 of 18 regions, 94% of the population".
    func text(_ language: Language) -> String {
        language == .chinese ? chineseDescription : englishDescription
    }

    /// "数据不全（覆盖 1/18）": what an incomplete year shows instead of numbers.
    func incompleteText(_ language: Language) -> String {
        String(format: language.strings["incompleteYear"]!, covered, total)
    }
}

/// `Equalization/equalization-overview`: every indicator of a region at once — how many each child
/// reaches at the threshold of the benchmark's level, and the composite index with its chart.
struct EqualizationOverviewPage {
    /// One child region.
    struct Row {
        let name: String
        let code: String
        let reached: Int
        let comparable: Int
        /// "12/13": the indicators with a figure for this child in the year.
        let covered: String
        let share: String
        let closeness: String
    }

    let region: String
    let regionName: String
    let year: Int
    /// The year as the heading writes it: "2021年" or "2021".
    let yearText: String
    let benchmarkName: String
    /// Per cent.
    let threshold: Int
    let indicatorCount: Int
    let compositeGini: String
    /// The indicators left out of the composite; written (empty) after its label even when none are.
    let leftOut: String
    /// The composite index as SVG, rendered unescaped.
    let chart: String
    let rows: [Row]
    /// Under the table: the children with any figure in the year; under the chart: those the
    /// composite index covers (or why there is none).
    let coverage: String
    let compositeCoverage: String
    /// "数据不全（覆盖 1/18）" when the year is incomplete.
    let incomplete: String?
    /// No year is complete and the latest is shown.
    let noCompleteYear: Bool
    /// The composite index over the children's boundaries; nil without boundaries.
    var map: String?

    init(region: RegionCode, overview: EqualizationAnalysis.Overview, language: Language) {
        let closeness = Dictionary(uniqueKeysWithValues: zip(overview.composite?.regions ?? [], overview.composite?.closeness ?? []))
        let punctuation = language.punctuation
        chart = BarChart(
            title: language.format("compositeChartTitle", overview.year),
            bars: overview.attainment.map { Bar(label: $0.name, value: closeness[$0.code] ?? nil) }, order: .descending,
            valueFractionDigits: 3, note: overview.composite == nil ? language.text("compositeIncomplete") : nil,
            language: language.chart).svg(width: 720)
        coverage = overview.coverage.text(language)
        compositeCoverage = overview.compositeCoverage.map { language.text("compositeCoverage") + punctuation.colon + $0.text(language) } ?? ""
        incomplete = overview.complete ? nil : overview.coverage.incompleteText(language)
        noCompleteYear = overview.yearChoice == .latestIncomplete
        self.region = region.rawValue
        regionName = overview.parent.name
        year = overview.year
        yearText = language.format("yearOf", overview.year)
        benchmarkName = overview.benchmark.name
        threshold = Int(overview.threshold * 100)
        indicatorCount = overview.indicators.count
        compositeGini = EqualizationPages.format(overview.compositeGini)
        leftOut = overview.compositeIndicatorsLeftOut.joined(separator: punctuation.listSeparator)
        rows = overview.attainment.map { row in
            Row(name: row.name, code: row.code, reached: row.attainment.reachedCount, comparable: row.attainment.comparableCount,
                covered: "\(row.indicatorsCovered)/\(row.indicatorCount)",
                share: row.attainment.share.map { String(format: "%.0f%%", $0 * 100) } ?? "—",
                closeness: EqualizationPages.format(closeness[row.code] ?? nil, digits: 3))
        }
    }
}

/// `Equalization/equalization`: the form to choose an indicator and region and, once chosen, how
/// unequal the indicator is across the region's children — the measures, the Lorenz curve, the
/// children against the mean and the benchmark, the decomposition by groups and the trend.
///
/// Before an indicator is chosen only the form is filled and everything else is missing. (So the
/// groups table's `{{^empty(groups)}}` over a missing list writes an empty table, as before.)
struct EqualizationPage {
    /// One indicator in the form's list.
    struct IndicatorOption {
        let id: Int64
        let name: String
        let selected: Bool
    }

    /// The heading and summary line of an analysis (`{{#result}}`).
    struct Analysis {
        let indicatorName: String
        let regionName: String
        let year: Int
        /// The year as the heading writes it: "2021年" or "2021".
        let yearText: String
        let weighting: String
        let benchmarkName: String
        /// Children reaching the benchmark, of `withData`.
        let reaching: Int
        let withData: Int
        /// Theil T within and between the groups.
        let within: String
        let between: String
        /// Children without a figure; written (empty) after its label even when none are.
        let missing: String
        /// "覆盖 17/18 个地区，人口 94%", under every chart and table of measures.
        let coverage: String
        /// "数据不全（覆盖 1/18）" instead of the measures when the year is incomplete.
        let incomplete: String?
        /// No year is complete and the latest is shown.
        let noCompleteYear: Bool
    }

    /// One year of the trend: its indices, or that its data are incomplete.
    struct TrendRow {
        let year: Int
        let coverage: String
        let incomplete: String?
        let gini: String
        let theilT: String
    }

    /// One inequality measure.
    struct Measure {
        let name: String
        let value: String
    }

    /// One group of the Theil T decomposition.
    struct Group {
        let group: String
        let regions: Int
        let populationShare: String
        let mean: String
        let relativeMean: String

        init(_ contribution: GroupContribution) {
            group = contribution.group
            regions = contribution.regionCount
            populationShare = EqualizationPages.format(contribution.populationShare, digits: 3)
            mean = EqualizationPages.format(contribution.mean, digits: 2)
            relativeMean = EqualizationPages.format(contribution.relativeMean, digits: 3)
        }
    }

    let indicators: [IndicatorOption]
    let region: String
    let result: Analysis?
    /// The group set decomposed by; empty for none, which still writes the (dashed) within/between rows.
    let groupSet: String?
    let measures: [Measure]
    /// Missing before an indicator is chosen.
    let groups: [Group]?
    /// Charts as SVG, rendered unescaped; an empty Lorenz curve or decomposition when there is none.
    let lorenz: String?
    let bars: String?
    let trend: String?
    let decomposition: String?
    /// The trend year by year; missing before an indicator is chosen.
    let trendRows: [TrendRow]?
    /// The children's figures of the analysed year as a map; nil without boundaries.
    var map: String?

    /// The form alone, for the region's children.
    init(choosing indicators: [IndicatorRecord], region: RegionCode) {
        self.indicators = indicators.map { IndicatorOption(id: $0.id, name: $0.name, selected: false) }
        self.region = region.rawValue
        result = nil
        groupSet = nil
        measures = []
        groups = nil
        lorenz = nil
        bars = nil
        trend = nil
        decomposition = nil
        trendRows = nil
    }

    /// An analysis, with the form set to its indicator. `dataNote` is the indicator's note on its figures.
    init(indicators: [IndicatorRecord], analysis result: EqualizationAnalysis.Result, dataNote: String?, language: Language) {
        // Nil for an incomplete year: the analysis computes no measures then.
        let measures = result.report.weighted ?? result.report.unweighted
        let unit = result.indicator.unit
        let (punctuation, chart) = (language.punctuation, language.chart)

        var curves: [LorenzCurve] = []
        if let points = measures?.lorenzCurve {
            curves.append(LorenzCurve(label: language.format("yearOf", result.year), points: points.map { LorenzPoint(populationShare: $0.populationShare, valueShare: $0.valueShare) },
                                      gini: measures?.gini))
        }
        bars = BarChart(
            title: language.format("childrenValues", result.indicator.name, result.year), unit: unit,
            bars: result.regions.map { Bar(label: $0.name, value: $0.value) },
            order: result.indicator.direction == .higher ? .descending : .ascending,
            references: [measures.map { ValueLine(label: language.text("measureMean"), value: $0.mean) },
                         result.benchmark?.value.map { ValueLine(label: language.format("benchmarkOf", result.benchmark!.name), value: $0) }]
                .compactMap { $0 },
            note: dataNote, language: chart).svg(width: 720)
        // Incomplete years have no indices: the lines skip them and the note names them.
        let completeYears = result.trend.filter(\.complete)
        let leftOut = result.trend.filter { !$0.complete }.map { "\($0.year)\(punctuation.open)\($0.coverage.covered)/\($0.coverage.total)\(punctuation.close)" }
        trend = LineChart(
            title: language.text("gapTrend"), series: [
                TrendSeries(label: language.text("measureGini"), values: Dictionary(uniqueKeysWithValues: completeYears.compactMap { point in point.gini.map { (point.year, $0) } })),
                TrendSeries(label: language.text("theilTShort"), values: Dictionary(uniqueKeysWithValues: completeYears.compactMap { point in point.theilT.map { (point.year, $0) } })),
            ], includesZero: true, valueFractionDigits: 3,
            note: leftOut.isEmpty ? nil : language.format("trendLeavesOut", leftOut.joined(separator: punctuation.listSeparator)),
            language: chart
        ).svg(width: 720, height: 320)
        trendRows = result.trend.map { point in
            TrendRow(year: point.year, coverage: point.coverage.text(language),
                     incomplete: point.complete ? nil : point.coverage.incompleteText(language),
                     gini: EqualizationPages.format(point.gini), theilT: EqualizationPages.format(point.theilT))
        }
        if result.groupSet != nil {
            decomposition = ColumnChart(
                title: language.text("theilDecomposition"), categories: completeYears.map { "\($0.year)" },
                series: [ColumnSeries(label: language.text("withinGroups"), values: completeYears.map(\.theilTWithin)),
                         ColumnSeries(label: language.text("betweenGroups"), values: completeYears.map(\.theilTBetween))],
                language: chart).svg(width: 720, height: 320)
        } else {
            decomposition = ""
        }
        self.measures = !result.complete ? [] : [
            Measure(name: language.text("measureMean"), value: EqualizationPages.format(measures?.mean, digits: 2)),
            Measure(name: language.text("measureCV"), value: EqualizationPages.format(measures?.cv)),
            Measure(name: language.text("measureGini"), value: EqualizationPages.format(measures?.gini)),
            Measure(name: language.text("measureTheilT"), value: EqualizationPages.format(measures?.theilT)),
            Measure(name: language.text("measureTheilL"), value: EqualizationPages.format(measures?.theilL)),
            Measure(name: language.text("measureMaxMin"), value: EqualizationPages.format(measures?.maxMinRatio, digits: 3)),
            Measure(name: language.text("measureMinMean"), value: EqualizationPages.format(measures?.minMeanRatio, digits: 3)),
        ]
        groups = (measures?.decomposition?.theilT?.groups ?? []).map(Group.init)
        lorenz = curves.isEmpty ? "" : LorenzChart(title: chart.lorenzCurveLabel, curves: curves, language: chart).svg(width: 520, height: 480)

        let quality = result.report.dataQuality
        self.indicators = indicators.map { IndicatorOption(id: $0.id, name: $0.name, selected: $0.id == result.indicator.id) }
        region = result.parent.code.rawValue
        self.result = Analysis(
            indicatorName: result.indicator.name, regionName: result.parent.name, year: result.year,
            yearText: language.format("yearOf", result.year),
            weighting: result.report.weighted == nil ? language.text("unweighted")
                : language.format("weightedBy", result.weightIndicator?.name ?? language.text("population")),
            benchmarkName: result.benchmark?.name ?? "", reaching: result.reachingBenchmark,
            withData: result.regions.filter { $0.value != nil }.count,
            within: EqualizationPages.format(measures?.decomposition?.theilT?.within),
            between: EqualizationPages.format(measures?.decomposition?.theilT?.between),
            missing: result.regions.filter { quality.missingValues.regions.contains($0.code) }.map(\.name).joined(separator: punctuation.listSeparator),
            coverage: result.coverage.text(language), incomplete: result.complete ? nil : result.coverage.incompleteText(language),
            noCompleteYear: result.yearChoice == .latestIncomplete)
        groupSet = result.groupSet ?? ""
    }
}

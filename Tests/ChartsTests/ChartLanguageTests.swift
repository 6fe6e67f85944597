import Foundation
import Testing

@testable import Charts

/// In English a chart writes no Chinese of its own: descriptions, status names, the unit line,
/// the plan's reference labels, the Lorenz axes and the "no data" text are all English, while the
/// caller's titles and labels are drawn as given.
@Suite struct ChartLanguageTests {
    static var chinese: Regex<Substring> { #/[\u{4E00}-\u{9FFF}\u{3000}-\u{303F}\u{FF00}-\u{FFEF}]/# }

    static var englishCharts: [String] {
        let points = [YearValue(year: 2019, value: 90), YearValue(year: 2021, value: .nan)]
        return [
            BarChart(title: "Rates", unit: "%", bars: [Bar(label: "A", value: 94, status: .atRisk), Bar(label: "B", value: nil)],
                     order: .descending, references: [ValueLine(label: ChartLanguage.english.targetLabel, value: 95)],
                     language: .english).svg(),
            LineChart(title: "Trend", unit: "%", series: [TrendSeries(label: "A", points: points)],
                      references: TrendReference.plan(baseline: YearValue(year: 2020, value: 90),
                                                       target: YearValue(year: 2025, value: 95), language: .english),
                      language: .english).svg(),
            LineChart(title: "Empty", series: [], language: .english).svg(),
            ColumnChart(title: "Parts", unit: "%", categories: ["2020"], series: [ColumnSeries(label: "A", values: [1]),
                        ColumnSeries(label: "B", values: [nil])], language: .english).svg(),
            LorenzChart(title: "Lorenz", curves: [LorenzCurve(label: "2020", points: [
                LorenzPoint(populationShare: 0, valueShare: 0), LorenzPoint(populationShare: 1, valueShare: 1)], gini: 0.2)],
                        language: .english).svg(),
            Sparkline(label: "A", points: points, target: 95, status: .met, language: .english).svg(),
            SmallMultiples(title: "All", panels: [TrendPanel(label: "A", unit: "%", points: points, target: 95, status: .offTrack)],
                           language: .english).svg(),
        ]
    }

    @Test func englishChartsWriteNoChinese() {
        for svg in Self.englishCharts {
            #expect(svg.firstMatch(of: Self.chinese) == nil, "\(svg)")
        }
    }

    @Test func englishWordsAreUsed() {
        let all = Self.englishCharts.joined()
        for words in ["Bar chart: Rates (Unit: %). From highest to lowest.", "A 94 (At risk)", "B No data", "Target",
                      "Baseline", "Planned trajectory", "Line of equality", "Cumulative share of population", "Gini 0.200",
                      "Sparkline: A.", "Unit: %", "could not be drawn", "No data yet", "Total"] {
            #expect(all.contains(words), "\(words)")
        }
    }

    @Test func statusLabelsHaveOneNameInEachLanguage() {
        #expect(ChartStatus.allCases.map { $0.label(in: .chinese) } == ChartStatus.allCases.map(\.label))
        #expect(Set(ChartStatus.allCases.map(\.englishLabel)).count == ChartStatus.allCases.count)
    }
}

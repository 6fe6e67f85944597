/// The language of the words a chart writes itself (its descriptions, unit line, status names,
/// default labels). The caller's own texts (titles, labels, notes) are drawn as given.
public enum ChartLanguage: String, Sendable, Equatable, CaseIterable {
    case chinese
    case english

    /// The words and punctuation of this language, in one place so that every chart says a thing
    /// the same way.
    var words: ChartWords { self == .chinese ? .chinese : .english }

    /// "目标值" or "Target", for a caller's reference line that should read like the charts' own.
    public var targetLabel: String { words.target }

    /// "洛伦兹曲线" or "Lorenz curve", for a caller's title.
    public var lorenzCurveLabel: String { words.lorenzCurve }
}

/// The chart library's own words in one language.
struct ChartWords: Sendable {
    /// Between a label and its value: "：" or ": ".
    var colon: String
    /// Between the items of a list: "，" or ", ".
    var comma: String
    /// At the end of a sentence: "。" or ". ".
    var stop: String
    /// Before and after an aside: "（" "）" or " (" ")".
    var open: String
    var close: String
    /// Between the parts of a sparkline's description: "；" or "; ".
    var semicolon: String
    var unit: String
    var noData: String
    var baseline: String
    var target: String
    var trajectory: String
    var total: String
    var to: String
    var gini: String
    var equalityLine: String
    var populationShare: String
    var valueShare: String
    var descending: String
    var ascending: String
    var barChart: String
    var lineChart: String
    var stackedColumns: String
    var groupedColumns: String
    var lorenzCurve: String
    var sparkline: String
    var smallMultiples: String
    /// "横轴为%@，纵轴为%@。" with the axes' titles.
    var axes: @Sendable (String, String) -> String
    /// The year of a point: "2020年" or "2020".
    var year: @Sendable (Int) -> String
    /// The sentence about values left out.
    var dropped: @Sendable (Int) -> String

    static let chinese = ChartWords(
        colon: "：", comma: "，", stop: "。", open: "（", close: "）", semicolon: "；",
        unit: "单位", noData: "无数据", baseline: "基期值", target: "目标值", trajectory: "规划路径", total: "合计", to: "至", gini: "基尼系数",
        equalityLine: "绝对平等线", populationShare: "人口累计占比", valueShare: "累计占比",
        descending: "按数值从高到低排列。", ascending: "按数值从低到高排列。",
        barChart: "条形图", lineChart: "折线图", stackedColumns: "堆积柱形图", groupedColumns: "簇状柱形图",
        lorenzCurve: "洛伦兹曲线", sparkline: "迷你趋势图", smallMultiples: "小多图",
        axes: { "横轴为\($0)，纵轴为\($1)。" },
        year: { "\($0)年" },
        dropped: { "已略去\($0)个无法绘制的数值（非有限数、绝对值超过1e100或年份不在1–9999）。" })

    static let english = ChartWords(
        colon: ": ", comma: ", ", stop: ". ", open: " (", close: ")", semicolon: "; ",
        unit: "Unit", noData: "No data", baseline: "Baseline", target: "Target", trajectory: "Planned trajectory", total: "Total", to: "to", gini: "Gini",
        equalityLine: "Line of equality", populationShare: "Cumulative share of population",
        valueShare: "Cumulative share", descending: "From highest to lowest. ",
        ascending: "From lowest to highest. ", barChart: "Bar chart", lineChart: "Line chart",
        stackedColumns: "Stacked column chart", groupedColumns: "Grouped column chart",
        lorenzCurve: "Lorenz curve", sparkline: "Sparkline", smallMultiples: "Small multiples",
        axes: { "Across: \($0); up: \($1). " },
        year: { "\($0)" },
        dropped: { "\($0) values could not be drawn and are left out (not finite, beyond ±1e100 or a year outside 1–9999). " })
}

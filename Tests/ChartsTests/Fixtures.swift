import Testing

@testable import Charts

/// One chart to render, named for the test report.
struct RenderCase: Sendable, CustomTestStringConvertible {
    var testDescription: String
    var render: @Sendable () -> String

    init(_ name: String, _ render: @escaping @Sendable () -> String) {
        testDescription = name
        self.render = render
    }
}

func points(_ values: [Int: Double]) -> [YearValue] {
    values.map { YearValue(year: $0.key, value: $0.value) }.sorted { $0.year < $1.year }
}

/// Edge inputs for every chart: nothing, one value, equal values, huge and tiny magnitudes,
/// negative values and values that cannot be drawn.
let edgeCases: [RenderCase] = {
    let awkward: [[Int: Double]] = [
        [:], [2020: 5], [2016: 7, 2017: 7, 2018: 7], [2016: 1e15, 2020: 3.2e15],
        [2016: 1e-9, 2020: 3e-9],
        [2016: -4, 2017: -1.5, 2019: 2], [2016: .nan, 2017: .infinity, 2018: 2, 2019: -.infinity],
        [2016: 1e300, 2018: 1], [2016: -1e99, 2018: 1e99], [0: 1, 10_000: 2, 2018: 3],
    ]
    var cases = [RenderCase]()
    for (index, values) in awkward.enumerated() {
        let series = TrendSeries(label: "系列", values: values)
        let plain = values.values.map { $0 }
        cases.append(
            RenderCase("line \(index)") {
                LineChart(title: "趋势", unit: "%", series: [series]).svg()
            })
        cases.append(
            RenderCase("line with plan \(index)") {
                LineChart(
                    title: "趋势", series: [series, series],
                    references: TrendReference.plan(
                        baseline: YearValue(year: 2015, value: plain.first ?? 0),
                        target: YearValue(year: 2025, value: .nan))
                        + [.level(plain.last ?? .infinity, label: "平均")]
                ).svg(width: 300, height: 200)
            })
        cases.append(
            RenderCase("bars \(index)") {
                BarChart(
                    title: "条形",
                    bars: plain.map { Bar(label: "县", value: $0, status: .met) } + [
                        Bar(label: "空", value: nil)
                    ],
                    order: .descending,
                    references: [ValueLine(label: "均值", value: plain.first ?? .nan)]
                ).svg()
            })
        cases.append(
            RenderCase("columns \(index)") {
                ColumnChart(
                    title: "分解", categories: plain.indices.map { "\($0)" },
                    series: [
                        ColumnSeries(label: "组内", values: plain),
                        ColumnSeries(label: "组间", values: plain.reversed()),
                    ]
                ).svg()
            })
        cases.append(
            RenderCase("grouped columns \(index)") {
                ColumnChart(
                    title: "贡献", categories: ["甲", "乙"],
                    series: [ColumnSeries(label: "组", values: plain)], layout: .grouped
                ).svg()
            })
        cases.append(
            RenderCase("lorenz \(index)") {
                LorenzChart(
                    title: "洛伦兹",
                    curves: [
                        LorenzCurve(
                            label: "曲线",
                            points: plain.map {
                                LorenzPoint(populationShare: $0, valueShare: $0 / 2)
                            }, gini: plain.first)
                    ]
                ).svg()
            })
        cases.append(
            RenderCase("sparkline \(index)") {
                Sparkline(label: "迷你", points: points(values), target: plain.last).svg()
            })
        cases.append(
            RenderCase("small multiples \(index)") {
                SmallMultiples(
                    title: "小多图",
                    panels: [
                        TrendPanel(label: "甲", points: points(values)),
                        TrendPanel(label: "乙", points: [], target: 3),
                    ],
                    sharesScale: index % 2 == 0
                ).svg()
            })
    }
    cases.append(
        RenderCase("tiny canvas") {
            LineChart(title: "很小", series: [TrendSeries(label: "甲", values: [2016: 1, 2017: 2])])
                .svg(width: 1, height: 1)
        })
    cases.append(
        RenderCase("zero-size canvas") {
            BarChart(title: "零", bars: [Bar(label: "甲", value: 1)]).svg(width: 0, height: 0)
        })
    cases.append(RenderCase("no series") { LineChart(title: "空", series: []).svg() })
    cases.append(RenderCase("no bars") { BarChart(title: "空", bars: []).svg() })
    cases.append(
        RenderCase("no categories") {
            ColumnChart(title: "空", categories: [], series: [ColumnSeries(label: "甲", values: [1])])
                .svg()
        })
    cases.append(RenderCase("no curves") { LorenzChart(title: "空", curves: []).svg() })
    cases.append(RenderCase("no panels") { SmallMultiples(title: "空", panels: []).svg() })
    return cases
}()

/// A hostile label: markup, an entity, quotes, a control character and a line break.
let hostileLabel = "县<script>alert(\"x\")</script> & 'q'\u{1}\n二"

/// Every chart with ``hostileLabel`` in every text it takes.
let hostileCases: [RenderCase] = [
    RenderCase("line") {
        LineChart(
            title: hostileLabel, unit: hostileLabel,
            series: [TrendSeries(label: hostileLabel, values: [2016: 1, 2017: 2])],
            references: [
                .baseline(YearValue(year: 2016, value: 1), label: hostileLabel),
                .target(YearValue(year: 2020, value: 3), label: hostileLabel),
                .trajectory(
                    from: YearValue(year: 2016, value: 1), to: YearValue(year: 2020, value: 3),
                    label: hostileLabel),
                .level(2, label: hostileLabel),
                .band(
                    [
                        BandPoint(year: 2016, lower: 1, upper: 1),
                        BandPoint(year: 2020, lower: 2, upper: 4),
                    ], label: hostileLabel),
            ],
            note: hostileLabel
        ).svg()
    },
    RenderCase("bars") {
        BarChart(
            title: hostileLabel, unit: hostileLabel,
            bars: [Bar(label: hostileLabel, value: 3, status: .atRisk)],
            references: [ValueLine(label: hostileLabel, value: 2)], note: hostileLabel
        ).svg()
    },
    RenderCase("columns") {
        ColumnChart(
            title: hostileLabel, unit: hostileLabel, categories: [hostileLabel],
            series: [
                ColumnSeries(label: hostileLabel, values: [1]),
                ColumnSeries(label: hostileLabel, values: [2]),
            ],
            note: hostileLabel
        ).svg()
    },
    RenderCase("lorenz") {
        LorenzChart(
            title: hostileLabel, curves: [LorenzCurve(label: hostileLabel, points: [], gini: 0)],
            populationLabel: hostileLabel, valueLabel: hostileLabel, note: hostileLabel
        ).svg()
    },
    RenderCase("sparkline") {
        Sparkline(label: hostileLabel, points: [YearValue(year: 2020, value: 1)]).svg()
    },
    RenderCase("small multiples") {
        SmallMultiples(
            title: hostileLabel,
            panels: [TrendPanel(label: hostileLabel, unit: hostileLabel, points: [])],
            note: hostileLabel
        ).svg()
    },
]

/// One realistic chart of each kind.
let sampleCases: [RenderCase] = [
    RenderCase("line") {
        LineChart(
            title: "义务教育巩固率", unit: "%",
            series: [
                TrendSeries(
                    label: "全市",
                    values: [2015: 93.1, 2016: 93.8, 2017: 94.2, 2019: 95.0, 2020: 95.4]),
                TrendSeries(
                    label: "威县",
                    values: [2015: 91.0, 2016: 91.9, 2017: 92.5, 2018: 93.0, 2019: 93.2]),
            ],
            references: TrendReference.plan(
                baseline: YearValue(year: 2015, value: 93.1),
                target: YearValue(year: 2025, value: 96.5)),
            note: "示例数据"
        ).svg()
    },
    RenderCase("bars") {
        BarChart(
            title: "各县义务教育巩固率", unit: "%",
            bars: [
                Bar(label: "威县", value: 94.2, status: .onTrack),
                Bar(label: "临城县", value: nil, status: .noData),
                Bar(label: "南宫市", value: 96.1, status: .met),
                Bar(label: "沙河市", value: 91.3, status: .offTrack),
            ],
            order: .descending,
            references: [
                ValueLine(label: "全市平均", value: 94.3), ValueLine(label: "基准", value: 96.5),
            ]
        ).svg()
    },
    RenderCase("columns") {
        ColumnChart(
            title: "泰尔指数T分解", categories: ["2016年", "2018年", "2020年"],
            series: [
                ColumnSeries(label: "组内差距", values: [0.0821, 0.0712, 0.0598]),
                ColumnSeries(label: "组间差距", values: [0.0312, 0.0243, 0.0180]),
            ]
        ).svg()
    },
    RenderCase("lorenz") {
        LorenzChart(
            title: "洛伦兹曲线",
            curves: [
                LorenzCurve(
                    label: "2020年",
                    points: [
                        LorenzPoint(populationShare: 0.25, valueShare: 0.15),
                        LorenzPoint(populationShare: 0.5, valueShare: 0.35),
                        LorenzPoint(populationShare: 0.75, valueShare: 0.6),
                    ], gini: 0.183),
                LorenzCurve(
                    label: "2016年", points: [LorenzPoint(populationShare: 0.5, valueShare: 0.25)],
                    gini: 0.25),
            ]
        ).svg()
    },
    RenderCase("sparkline") {
        Sparkline(
            label: "威县", points: points([2016: 92.4, 2017: 92.9, 2020: 94.1]), target: 95,
            status: .atRisk
        ).svg()
    },
    RenderCase("small multiples") {
        SmallMultiples(
            title: "威县主要指标",
            panels: [
                TrendPanel(
                    label: "巩固率", unit: "%", points: points([2016: 92.4, 2020: 94.1]), target: 95,
                    status: .atRisk),
                TrendPanel(
                    label: "床位数", unit: "张", points: points([2016: 3.0, 2020: 4.1]), target: 4,
                    status: .met),
            ]
        ).svg()
    },
]

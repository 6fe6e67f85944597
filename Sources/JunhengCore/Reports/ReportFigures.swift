import Foundation

/// Which report a planner writes: the yearly monitoring report (年度监测报告) or the evaluation at
/// the plan's midpoint (中期评估).
public enum ReportKind: String, Codable, Sendable, CaseIterable {
    case annual
    case midterm

    public var chineseName: String { self == .annual ? "年度监测报告" : "中期评估报告" }
    public var englishName: String { self == .annual ? "Annual monitoring report" : "Mid-term evaluation" }
}

/// Where a report is in its life: a draft the planner edits, published (immutable, public), or
/// superseded by a later edition (still public, marked as replaced).
public enum ReportStage: String, Codable, Sendable, CaseIterable {
    case draft
    case published
    case superseded
}

/// The figures a report is made of, captured once: a draft shows them as of now, a published report
/// keeps the copy it was published with, so a later correction of a figure never changes it.
/// Approved figures only, up to the report's year.
public struct ReportFigures: Codable, Sendable, Equatable {
    /// A region named in a report, as it was named then.
    public struct Place: Codable, Sendable, Equatable, Hashable {
        public var code: String
        public var name: String
        public init(code: String, name: String) {
            self.code = code
            self.name = name
        }
    }

    /// The plan a report measures against.
    public struct PlanReference: Codable, Sendable, Equatable {
        public var id: Int64
        public var title: String
        public var startYear: Int?
        public var endYear: Int?
        public init(id: Int64, title: String, startYear: Int?, endYear: Int?) {
            self.id = id
            self.title = title
            self.startYear = startYear
            self.endYear = endYear
        }
    }

    public var kind: ReportKind
    public var region: Place
    public var plan: PlanReference?
    /// The year the report is about: figures of later years are left out.
    public var year: Int
    /// The day the figures were read (China time, `yyyy-MM-dd`).
    public var readOn: String
    /// The children of `region` (counties of a city …) the indicator sections compare.
    public var children: [Place]
    public var indicators: [IndicatorFigures]
    public var equalization: [EqualizationFigures]
    public var composite: CompositeFigures?
    public var tasks: TaskFigures?
    /// Some figures are the demo's invented ones (示例数据) and every chart must say so.
    public var demoData: Bool

    public init(kind: ReportKind, region: Place, plan: PlanReference?, year: Int, readOn: String, children: [Place],
                indicators: [IndicatorFigures], equalization: [EqualizationFigures], composite: CompositeFigures?,
                tasks: TaskFigures?, demoData: Bool) {
        self.kind = kind
        self.region = region
        self.plan = plan
        self.year = year
        self.readOn = readOn
        self.children = children
        self.indicators = indicators
        self.equalization = equalization
        self.composite = composite
        self.tasks = tasks
        self.demoData = demoData
    }

    /// The domains in the order their first indicator appears (the plan's order).
    public var domains: [String] {
        var seen: Set<String> = []
        return indicators.map(\.domain).filter { seen.insert($0).inserted }
    }
}

/// One year's approved figure.
public struct YearFigure: Codable, Sendable, Equatable {
    public var year: Int
    public var value: Double
    public init(year: Int, value: Double) {
        self.year = year
        self.value = value
    }
}

/// One indicator in the report's region, with its children's figures in the report's year.
public struct IndicatorFigures: Codable, Sendable, Equatable {
    /// The target in force in the region.
    public struct Target: Codable, Sendable, Equatable {
        public var value: Double
        public var year: Int
        /// The target is the parent region's (the region set none of its own).
        public var inherited: Bool
        /// The upper level's stronger target when the region's own is weaker (原则上不低于上级标准).
        public var upperValue: Double?
        public init(value: Double, year: Int, inherited: Bool, upperValue: Double? = nil) {
            self.value = value
            self.year = year
            self.inherited = inherited
            self.upperValue = upperValue
        }
    }

    /// A child region's figure in the report's year and its progress verdict.
    public struct Child: Codable, Sendable, Equatable {
        public var place: ReportFigures.Place
        public var value: Double?
        public var status: ProgressStatus
        public init(place: ReportFigures.Place, value: Double?, status: ProgressStatus) {
            self.place = place
            self.value = value
            self.status = status
        }
    }

    public var id: Int64
    public var name: String
    public var unit: String
    public var domain: String
    public var binding: Bool
    public var direction: Direction
    public var department: String?
    public var target: Target?
    public var baselineYear: Int?
    public var baselineValue: Double?
    /// The region's approved figures up to the report's year, oldest first.
    public var values: [YearFigure]
    public var status: ProgressStatus
    /// Observed growth relative to required (the progress method's ratio).
    public var ratio: Double?
    public var observedGrowth: Double?
    /// Where the straight line from baseline to target stands in the latest year.
    public var expectedValue: Double?
    public var onTrajectory: Bool?
    public var children: [Child]

    public init(id: Int64, name: String, unit: String, domain: String, binding: Bool, direction: Direction,
                department: String?, target: Target?, baselineYear: Int?, baselineValue: Double?, values: [YearFigure],
                status: ProgressStatus, ratio: Double?, observedGrowth: Double?, expectedValue: Double?,
                onTrajectory: Bool?, children: [Child]) {
        self.id = id
        self.name = name
        self.unit = unit
        self.domain = domain
        self.binding = binding
        self.direction = direction
        self.department = department
        self.target = target
        self.baselineYear = baselineYear
        self.baselineValue = baselineValue
        self.values = values
        self.status = status
        self.ratio = ratio
        self.observedGrowth = observedGrowth
        self.expectedValue = expectedValue
        self.onTrajectory = onTrajectory
        self.children = children
    }

    /// The latest approved figure (at most the report's year).
    public var latest: YearFigure? { values.last }

    /// The figure of one year.
    public func value(in year: Int) -> Double? { values.first { $0.year == year }?.value }

    /// How many children have a figure, of how many.
    public var childCoverage: Coverage { Coverage(values: children.map(\.value)) }
}

/// Equalization measures of one indicator over the children in the report's year. The measures
/// are nil when the children's coverage is incomplete: a few counties' figures are not the region's.
public struct EqualizationFigures: Codable, Sendable, Equatable {
    public var indicatorID: Int64
    public var name: String
    public var unit: String
    public var year: Int
    public var coverage: Coverage
    public var complete: Bool
    /// Population-weighted measures (else unweighted).
    public var weighted: Bool
    public var mean: Double?
    public var cv: Double?
    public var gini: Double?
    public var theilT: Double?
    public var theilL: Double?
    /// The group set the Theil T decomposition is over (e.g. 城乡), with within and between parts.
    public var groupSet: String?
    public var theilTWithin: Double?
    public var theilTBetween: Double?
    /// Children at 90 % or more of the region's own level (benchmark attainment), of those with a figure.
    public var reachingBenchmark: Int?
    /// The Gini of the same indicator in the previous year, for the direction of change.
    public var previousGini: Double?

    public init(indicatorID: Int64, name: String, unit: String, year: Int, coverage: Coverage, complete: Bool,
                weighted: Bool, mean: Double? = nil, cv: Double? = nil, gini: Double? = nil, theilT: Double? = nil,
                theilL: Double? = nil, groupSet: String? = nil, theilTWithin: Double? = nil, theilTBetween: Double? = nil,
                reachingBenchmark: Int? = nil, previousGini: Double? = nil) {
        self.indicatorID = indicatorID
        self.name = name
        self.unit = unit
        self.year = year
        self.coverage = coverage
        self.complete = complete
        self.weighted = weighted
        self.mean = mean
        self.cv = cv
        self.gini = gini
        self.theilT = theilT
        self.theilL = theilL
        self.groupSet = groupSet
        self.theilTWithin = theilTWithin
        self.theilTBetween = theilTBetween
        self.reachingBenchmark = reachingBenchmark
        self.previousGini = previousGini
    }
}

/// The composite index over all complete indicators: each child's score and the Gini of the scores.
public struct CompositeFigures: Codable, Sendable, Equatable {
    /// One child's composite score (closeness to the ideal, 0…1) and rank.
    public struct Score: Codable, Sendable, Equatable {
        public var place: ReportFigures.Place
        public var score: Double
        public init(place: ReportFigures.Place, score: Double) {
            self.place = place
            self.score = score
        }
    }

    public var year: Int
    public var indicatorCount: Int
    public var coverage: Coverage
    public var gini: Double?
    public var scores: [Score]

    public init(year: Int, indicatorCount: Int, coverage: Coverage, gini: Double?, scores: [Score]) {
        self.year = year
        self.indicatorCount = indicatorCount
        self.coverage = coverage
        self.gini = gini
        self.scores = scores
    }
}

/// The key tasks of the region: colour counts, and the late ones by department.
public struct TaskFigures: Codable, Sendable, Equatable {
    /// Tasks by colour: a department's, or all of them (named 合计).
    public struct ColourCounts: Codable, Sendable, Equatable {
        public var name: String
        public var red: Int
        public var yellow: Int
        public var green: Int
        public var blue: Int
        public init(name: String, red: Int, yellow: Int, green: Int, blue: Int) {
            self.name = name
            self.red = red
            self.yellow = yellow
            self.green = green
            self.blue = blue
        }
        public var total: Int { red + yellow + green + blue }
    }

    /// A task behind its time-proportional progress.
    public struct LateTask: Codable, Sendable, Equatable {
        public var id: Int64
        public var title: String
        public var department: String
        public var progress: Double?
        public var expected: Double?
        public var due: String?
        public init(id: Int64, title: String, department: String, progress: Double?, expected: Double?, due: String?) {
            self.id = id
            self.title = title
            self.department = department
            self.progress = progress
            self.expected = expected
            self.due = due
        }
    }

    /// The day the colours were computed on.
    public var asOf: String
    public var all: ColourCounts
    public var departments: [ColourCounts]
    public var late: [LateTask]

    public init(asOf: String, all: ColourCounts, departments: [ColourCounts], late: [LateTask]) {
        self.asOf = asOf
        self.all = all
        self.departments = departments
        self.late = late
    }
}

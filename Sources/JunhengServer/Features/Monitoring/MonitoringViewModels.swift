import Charts
import Foundation
import JunhengApp
import JunhengCore
import Storage

/// A region named in a page's heading and forms (`{{region.code}}`, `{{region.name}}`), on the
/// `Monitoring/indicator`, `Monitoring/region-indicators` and `Monitoring/data` templates.
struct RegionView {
    let code: String
    let name: String

    init(code: RegionCode, name: String) {
        self.code = code.rawValue
        self.name = name
    }
}

/// One region's progress on one indicator: a row of the `Monitoring/indicator` table (one region
/// per row) and of the `Monitoring/region-indicators` table (one indicator per row). A missing
/// target or trajectory renders as nothing.
struct ProgressRowView {
    let regionCode: String
    let regionName: String
    let indicatorID: Int64
    let indicatorName: String
    let unit: String
    let binding: String
    let baseline: String
    let latestYear: String
    let latestValue: String
    /// The latest figure still awaits approval.
    let provisional: Bool
    /// Figures awaiting approval that this reader may see, as "72.5（2021）", latest first; nil
    /// for none. Shown beside the approved value, never in charts or the status.
    let pending: String?
    let target: String?
    /// The target is the parent region's.
    let inherited: Bool
    /// The region's own target is weaker than its parent's.
    let weaker: Bool
    let status: String
    let statusName: String
    let statusColour: String
    /// Dark or white text, whichever reads on `statusColour` (WCAG AA).
    let statusTextColour: String
    let ratio: String
    let trajectory: String?
    /// The figures over the years as an inline SVG, rendered unescaped.
    let sparkline: String

    init(_ row: ProgressRow, language: Language) {
        let status = row.status
        let (open, close) = (language.punctuation.open, language.punctuation.close)
        regionCode = row.region.code.rawValue
        regionName = row.region.name
        indicatorID = row.indicator.id
        indicatorName = row.indicator.name
        unit = row.indicator.unit
        binding = row.indicator.binding.name(in: language)
        baseline = row.baselineYear.map { "\(MonitoringPages.number(row.baselineValue))\(open)\($0)\(close)" } ?? "—"
        latestYear = row.latestYear.map(String.init) ?? "—"
        latestValue = MonitoringPages.number(row.latestValue)
        provisional = row.latestYear.map(row.provisionalYears.contains) ?? false
        pending = row.pendingValues.isEmpty ? nil : row.pendingValues.sorted { $0.key > $1.key }
            .map { "\(MonitoringPages.number($0.value))\(open)\($0.key)\(close)" }.joined(separator: language.punctuation.spacer)
        target = row.target.map { target in
            // As the plan writes it: "≥ 96", "≤ 30", and a range as "2–3", never "range 2".
            target.target.comparator.describe(MonitoringPages.number(target.target.targetValue),
                                              high: target.target.targetValueHigh.map { MonitoringPages.number($0) })
                + "\(open)\(target.target.targetYear)\(close)"
        }
        inherited = row.target?.inherited ?? false
        weaker = row.target?.weakerThanParent != nil
        self.status = status.rawValue
        statusName = status.name(in: language)
        statusColour = MonitoringPages.chartStatus(status).colour
        statusTextColour = MonitoringPages.chartStatus(status).textColour
        ratio = row.result?.ratio.map { String(format: "%.3f", $0) } ?? "—"
        trajectory = row.result?.trajectory.map { $0.onTrack ? language.text("onTrajectory") : language.format("behindBy", MonitoringPages.number(abs($0.lead))) }
        let points = row.values.sorted { $0.key < $1.key }.map { YearValue(year: $0.key, value: $0.value) }
        sparkline = Sparkline(label: row.indicator.name, points: points, target: row.target?.target.targetValue,
                              status: MonitoringPages.chartStatus(status), language: language.chart).svg()
    }
}

/// `Monitoring/indicators`: the indicators matching the filter form (plan, domain, lead
/// department, region, text), each linked to its page, with how many matched.
struct IndicatorsPage {
    /// A choice in one of the filter's selects.
    struct Option {
        let value: String
        let name: String
        let selected: Bool
    }

    struct Row {
        let id: Int64
        let code: String
        let name: String
        let unit: String
        let binding: String
        let direction: String
        let derived: Bool

        init(_ indicator: IndicatorRecord, language: Language) {
            id = indicator.id
            code = indicator.code
            name = indicator.name
            unit = indicator.unit
            binding = indicator.binding.name(in: language)
            direction = indicator.direction.name(in: language)
            derived = indicator.isDerived
        }
    }

    let indicators: [Row]
    let count: Int
    /// Some filter is set (the form then offers to clear it).
    let filtered: Bool
    /// What was typed, kept in the form.
    let q: String
    let region: String
    let plans: [Option]
    let domains: [Option]
    let departments: [Option]

    init(indicators: [IndicatorRecord], query: IndicatorQuery = IndicatorQuery(), plans: [PlanRecord] = [], domains: [String] = [],
         departments: [Department] = [], language: Language) {
        self.indicators = indicators.map { Row($0, language: language) }
        count = indicators.count
        filtered = !query.isEmpty
        q = query.text ?? ""
        region = query.region ?? ""
        self.plans = plans.map { Option(value: String($0.id), name: $0.title, selected: String($0.id) == query.plan) }
        self.domains = domains.map { Option(value: $0, name: $0, selected: $0 == query.domain) }
        self.departments = departments.map { Option(value: String($0.id), name: $0.name, selected: String($0.id) == query.department) }
    }
}

/// `Monitoring/indicator`: one indicator in a region — its trend against the plan, its children's
/// latest figures, the breakdown by disaggregation, the progress table, where it was read from,
/// and the edit form for those who may change it.
struct IndicatorPage {
    /// The heading and the edit form's fields.
    struct Indicator {
        let id: Int64
        let code: String
        let name: String
        let unit: String
        let binding: String
        let direction: String
        /// A paragraph under the heading; an empty one when there is no definition (a section over
        /// "" renders), as before.
        let definition: String
        let unitValue: String
        let higher: Bool
        let isBinding: Bool
        /// The edit form's choices, named in the page's language.
        let higherName: String
        let lowerName: String
        let bindingName: String
        let expectedName: String

        init(_ indicator: IndicatorRecord, language: Language) {
            id = indicator.id
            code = indicator.code
            name = indicator.name
            unit = indicator.unit
            binding = indicator.binding.name(in: language)
            direction = indicator.direction.name(in: language)
            higherName = Direction.higher.name(in: language)
            lowerName = Direction.lower.name(in: language)
            bindingName = Binding.binding.name(in: language)
            expectedName = Binding.expected.name(in: language)
            definition = indicator.definition
            unitValue = indicator.unit
            higher = indicator.direction == .higher
            isBinding = indicator.binding == .binding
        }
    }

    /// The region's figures for one disaggregation (城乡, 性别 …), by year.
    struct Breakdown {
        let key: String
        let values: String

        init(key: String, points: [ObservationPoint], language: Language) {
            self.key = key
            let punctuation = language.punctuation
            let pending = punctuation.open + language.text("pendingShort") + punctuation.close
            // Points awaiting approval reach only readers in scope, and always say so.
            values = points.map { "\($0.year)\(punctuation.colon)\(MonitoringPages.number($0.value))\($0.status == "approved" ? "" : pending)" }
                .joined(separator: punctuation.spacer)
        }
    }

    /// One colour of the progress chips.
    struct LegendEntry {
        let label: String
        let colour: String
    }

    /// The plan sentence the indicator was read from. Without one, the fields are missing and the
    /// template still writes its (empty) source line, as the untyped page did.
    struct Provenance {
        let quote: String?
        let filename: String?
        let planID: Int64?

        init(_ record: ProvenanceRecord?) {
            quote = record?.quote
            filename = record?.filename
            planID = record.map { $0.planID ?? 0 }
        }
    }

    let indicator: Indicator
    let mayEdit: Bool
    let region: RegionView
    /// Trend and children's bars as SVG, rendered unescaped.
    let trend: String
    let bars: String
    /// The children's figures of the latest year any of them has, as a map; nil without boundaries.
    var map: String?
    let breakdown: [Breakdown]
    let rows: [ProgressRowView]
    let legend: [LegendEntry]
    let provenance: Provenance
    /// The edit form's choice of lead department: the departments of the editor's region.
    var departments: [DepartmentOption] = []
    /// The region's own target, for correcting its comparator and values; nil when the region
    /// inherits its target (correct it where it is set).
    var ownTarget: TargetForm?

    /// The region's own target in the edit form, the comparator as a choice in the page's words.
    struct TargetForm {
        struct Choice {
            let value: String
            let text: String
            let selected: Bool
        }

        let comparators: [Choice]
        let value: String
        let valueHigh: String
        let year: Int

        init(_ target: TargetRecord, language: Language) {
            comparators = TargetComparator.allCases.map {
                Choice(value: $0.rawValue, text: $0.name(in: language), selected: $0 == target.comparator)
            }
            value = MonitoringPages.number(target.targetValue)
            valueHigh = target.targetValueHigh.map { MonitoringPages.number($0) } ?? ""
            year = target.targetYear
        }
    }

    /// A department in the edit form's select, chosen when it leads the indicator.
    struct DepartmentOption {
        let id: Int64
        let name: String
        let selected: Bool
    }

    /// - Parameters:
    ///   - rows: the progress table, the region itself first and then its children.
    ///   - breakdown: the region's figures per disaggregation, those without figures left out.
    init(indicator: IndicatorRecord, region: RegionCode, rows: [ProgressRow], dataNote: String?,
         breakdown: [(key: String, points: [ObservationPoint])], provenance: ProvenanceRecord?, mayEdit: Bool,
         language: Language) {
        let chart = language.chart
        let parent = rows[0]
        var references: [TrendReference] = []
        if let target = parent.target, let baselineYear = parent.baselineYear, let baselineValue = parent.baselineValue {
            references = TrendReference.plan(baseline: YearValue(year: baselineYear, value: baselineValue),
                                             target: YearValue(year: target.target.targetYear, value: target.target.targetValue),
                                             language: chart)
        }
        trend = LineChart(title: "\(parent.region.name) \(indicator.name)", unit: indicator.unit,
                          series: [TrendSeries(label: parent.region.name, values: parent.values)],
                          references: references, note: dataNote, language: chart).svg(width: 720, height: 380)
        let children = rows.dropFirst().filter { $0.latestValue != nil }
        bars = BarChart(
            title: language.text("childrenLatest"), unit: indicator.unit,
            bars: rows.dropFirst().map { Bar(label: $0.region.name, value: $0.latestValue, status: MonitoringPages.chartStatus($0.status)) },
            order: indicator.direction == .higher ? .descending : .ascending,
            references: [parent.latestValue.map { ValueLine(label: "\(parent.region.name)", value: $0) },
                         parent.target.map { ValueLine(label: chart.targetLabel, value: $0.target.targetValue) }].compactMap { $0 },
            note: children.isEmpty ? language.text("noChildData") : nil, language: chart).svg(width: 720)
        self.indicator = Indicator(indicator, language: language)
        self.mayEdit = mayEdit
        self.region = RegionView(code: region, name: parent.region.name)
        self.breakdown = breakdown.map { Breakdown(key: $0.key, points: $0.points, language: language) }
        self.rows = rows.map { ProgressRowView($0, language: language) }
        legend = ChartStatus.allCases.map { LegendEntry(label: $0.label(in: chart), colour: $0.colour) }
        self.provenance = Provenance(provenance)
    }

    /// The children's approved figures of the latest year in which any child has one, over
    /// `shapes`: one year only, so that the colours compare like with like; a child without that
    /// year's figure is drawn as having none.
    static func map(indicator: IndicatorRecord, rows: [ProgressRow], shapes: MapShapes, language: Language) throws -> String? {
        let children = rows.dropFirst()
        guard let year = children.compactMap(\.latestYear).max() else {
            return try MapViews.choropleth(title: language.text("childrenLatest"), unit: indicator.unit, shapes: shapes,
                                           values: [:], note: language.text("noChildData"), language: language, idPrefix: "indicator-map")
        }
        let values = Dictionary(uniqueKeysWithValues: children.compactMap { row in row.values[year].map { (row.region.code.rawValue, $0) } })
        return try MapViews.choropleth(
            title: language.fill("map.childrenMap", ["indicator": indicator.name, "year": "\(year)"]), unit: indicator.unit,
            shapes: shapes, values: values, note: nil, language: language, idPrefix: "indicator-map")
    }
}

/// `Monitoring/region-indicators`: every indicator's progress in one region, with a count per status.
struct RegionIndicatorsPage {
    /// The indicators in one status, linked to the list of only those (`?status=`).
    struct StatusCount {
        let value: String
        let name: String
        let count: Int
        let colour: String
        let selected: Bool
    }

    let region: RegionView
    let rows: [ProgressRowView]
    let summary: [StatusCount]
    /// The list shows one status only (the summary still counts them all).
    let filtered: Bool

    init(region: Region, rows: [ProgressRow], status: ProgressStatus? = nil, language: Language) {
        self.region = RegionView(code: region.code, name: region.name)
        self.rows = rows.filter { status == nil || $0.status == status }.map { ProgressRowView($0, language: language) }
        var counts: [ProgressStatus: Int] = [:]
        for row in rows { counts[row.status, default: 0] += 1 }
        summary = ProgressStatus.allCases.map {
            StatusCount(value: $0.rawValue, name: $0.name(in: language), count: counts[$0] ?? 0,
                        colour: MonitoringPages.chartStatus($0).colour, selected: $0 == status)
        }
        filtered = status != nil
    }
}

/// `Monitoring/data`: the data-entry form for one region and year. Each field shows how its figure
/// stands — approved (changed only through an explicit correction), awaiting review, or returned
/// with the reviewer's comment and the returned value pre-filled — and, after a refused post,
/// what was typed with the error beside the field it concerns.
struct DataEntryPage {
    /// One indicator's row of the form.
    struct Field {
        let id: Int64
        let code: String
        let name: String
        let unit: String
        /// What the input holds: what was typed, else the returned or pending value, else empty.
        let value: String
        /// The approved figure; the input is then a correction, behind "提交更正".
        let approved: String?
        /// A correction was typed or is pending: the correction input starts open.
        let correcting: Bool
        let pending: Bool
        let returned: Bool
        /// The error about this field, in words: "临城县 2021 年 企业劳动合同签订率：…".
        let error: String?
        /// A warning the validator raised on the stored value (a jump on last year).
        let warning: String?
    }

    /// A returned submission whose figures the form shows, with the reviewer's comment.
    struct ReturnedNotice {
        let submissionID: Int64
        let comment: String
    }

    let region: RegionView
    let year: String
    let indicators: [Field]
    /// What was submitted; nil (no status line at all) when nothing was.
    let message: String?
    /// An upload's row-by-row problems or warnings (the form's own are beside their fields).
    let details: [String]
    /// What an upload stored, a line per indicator and year: "学前三年毛入园率 2020 年：18 行".
    let stored: [String]
    let returnedNotices: [ReturnedNotice]

    /// - Parameters:
    ///   - typed: the posted inputs by indicator, after a refused or accepted post (they win over
    ///     stored figures so nothing typed is lost).
    ///   - fieldErrors / fieldWarnings: messages by indicator.
    init(region: Region, year: String, indicators: [IndicatorRecord], figures: [Int64: EntryFigure], typed: [Int64: String],
         fieldErrors: [Int64: String], fieldWarnings: [Int64: String], message: String?, details: [ValidationIssue],
         stored: [String] = []) {
        self.region = RegionView(code: region.code, name: region.name)
        self.year = year
        var notices: [ReturnedNotice] = []
        self.indicators = indicators.map { indicator in
            let figure = figures[indicator.id] ?? EntryFigure()
            let stored = figure.returned?.value ?? figure.pendingValue
            let value = typed[indicator.id] ?? stored.map(Self.asTyped) ?? ""
            return Field(id: indicator.id, code: indicator.code, name: indicator.name, unit: indicator.unit, value: value,
                         approved: figure.approvedValue.map(Self.asTyped), correcting: !value.isEmpty,
                         pending: figure.pendingValue != nil && typed[indicator.id] == nil, returned: figure.returned != nil,
                         error: fieldErrors[indicator.id], warning: fieldWarnings[indicator.id])
        }
        for returned in indicators.compactMap({ figures[$0.id]?.returned })
        where !notices.contains(where: { $0.submissionID == returned.submissionID }) {
            notices.append(ReturnedNotice(submissionID: returned.submissionID, comment: returned.comment))
        }
        returnedNotices = notices
        self.message = message.flatMap { $0.isEmpty ? nil : $0 }
        self.details = details.map(\.description)
        self.stored = stored
    }

    /// A stored figure as a reporter would type it: 3.2, not 3.20; 85, not 85.0.
    static func asTyped(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e12 ? String(Int64(value)) : String(value)
    }
}

/// `Monitoring/submissions`: the submissions in the viewer's regions (a department editor's: of
/// their indicators), each linked to its page where it is reviewed; a returned one shows the
/// reviewer's comment to its submitter.
struct SubmissionsPage {
    struct Row {
        let id: Int64
        let region: String
        let year: Int
        let source: String
        let rows: Int
        let status: String
        let statusName: String
        let createdAt: String
        let comment: String
        let warnings: [String]
        /// Awaiting review by this viewer: the link says so.
        let open: Bool

        init(_ submission: SubmissionRecord, viewer: UserRecord, mayReview: Bool, language: Language) {
            id = submission.id
            region = submission.regionCode.rawValue
            year = submission.year
            source = submission.source
            rows = submission.rowCount
            status = submission.status.rawValue
            statusName = submission.status.name(in: language)
            createdAt = ChinaTime.format(submission.createdAt)
            comment = submission.reviewComment
            warnings = submission.warnings.map(\.description)
            open = submission.status == .submitted && mayReview && submission.createdBy != viewer.id
        }
    }

    let submissions: [Row]

    init(submissions: [SubmissionRecord], viewer: UserRecord, language: Language) {
        let mayReview = viewer.role.permissions.contains(.reviewData)
        self.submissions = submissions.map { Row($0, viewer: viewer, mayReview: mayReview, language: language) }
    }
}

/// `Monitoring/submission`: one submission for its reviewer — each value beside the approved one
/// and last year's, the change and the validator's warnings — with the approve/return form, which
/// keeps a typed comment when it is refused.
struct SubmissionPage {
    struct Row {
        let regionName: String
        let indicatorID: Int64
        let indicatorName: String
        let unit: String
        let year: Int
        /// nil for the total, which shows no label.
        let disaggregation: String?
        let value: String
        let approved: String
        let previousYear: String
        /// "+3.5（+5.2%）", or "—" without last year's approved figure.
        let change: String
        let warnings: [String]

        init(_ value: SubmissionDetail.Value, language: Language) {
            regionName = value.regionName
            indicatorID = value.indicatorID
            indicatorName = value.indicatorName
            unit = value.unit
            year = value.year
            disaggregation = value.disaggregation.isEmpty ? nil : value.disaggregation
            self.value = MonitoringPages.number(value.value)
            approved = MonitoringPages.number(value.approvedValue)
            previousYear = MonitoringPages.number(value.previousYearValue)
            change = value.change.map { change in
                let absolute = (change > 0 ? "+" : "") + MonitoringPages.number((change * 100).rounded() / 100)
                return value.changePercent.map { absolute + language.punctuation.open + String(format: "%+.1f%%", $0) + language.punctuation.close } ?? absolute
            } ?? "—"
            warnings = value.warnings
        }
    }

    let id: Int64
    let regionCode: String
    let year: Int
    let source: String
    let statusName: String
    let createdAt: String
    let submitter: String
    let filename: String?
    let reviewComment: String?
    let rows: [Row]
    let mayReview: Bool
    /// The viewer submitted it and it waits for someone else.
    let ownSubmission: Bool
    /// The comment typed into a refused review form.
    let typedComment: String

    init(_ detail: SubmissionDetail, viewer: UserRecord, typedComment: String = "", language: Language) {
        let submission = detail.submission
        id = submission.id
        regionCode = submission.regionCode.rawValue
        year = submission.year
        source = submission.source
        statusName = submission.status.name(in: language)
        createdAt = ChinaTime.format(submission.createdAt)
        submitter = detail.submitter ?? "—"
        filename = detail.filename
        reviewComment = submission.reviewComment.isEmpty ? nil : submission.reviewComment
        rows = detail.values.map { Row($0, language: language) }
        mayReview = detail.mayReview
        ownSubmission = submission.status == .submitted && submission.createdBy == viewer.id
        self.typedComment = typedComment
    }
}

/// `Monitoring/warnings`: the early warnings under a region, optionally for one department.
struct WarningsPage {
    struct DepartmentOption {
        let id: Int64
        let name: String
        let selected: Bool
    }

    struct Row {
        let kind: String
        let severity: String
        let high: Bool
        let indicatorID: Int64
        let indicatorName: String
        let regionCode: String
        let regionName: String
        let year: String
        let message: String

        init(_ warning: EarlyWarning, language: Language) {
            kind = warning.kind.name(in: language)
            severity = language == .chinese ? warning.chineseSeverity : warning.englishSeverity
            high = warning.severity == "high"
            indicatorID = warning.indicatorID
            indicatorName = warning.indicatorName
            regionCode = warning.regionCode
            regionName = warning.regionName
            year = warning.year.map(String.init) ?? ""
            message = language == .chinese ? warning.message : warning.englishMessage
        }
    }

    /// A kind of warning in the filter's select.
    struct KindOption {
        let value: String
        let name: String
        let selected: Bool
    }

    /// Rows on one page: a province's warnings run to thousands (5 MB of page at 20M figures);
    /// the downloads hold them all.
    static let pageSize = 200

    let region: String
    let count: Int
    let departments: [DepartmentOption]
    let kinds: [KindOption]
    /// The rows of the page shown.
    let warnings: [Row]
    /// "第 201–400 条，共 3,456 条", when there is more than one page.
    let range: String?
    /// Links to the neighbouring pages, with the same filters.
    let previous: String?
    let next: String?

    /// Page `page` (from 1; one past either end shows the nearest) of `warnings`.
    init(region: RegionCode, departments: [Department], selectedDepartment: Int64?, kind: WarningKind? = nil,
         warnings: [EarlyWarning], page: Int = 1, language: Language) {
        self.region = region.rawValue
        count = warnings.count
        self.departments = departments.map { DepartmentOption(id: $0.id, name: $0.name, selected: $0.id == selectedDepartment) }
        kinds = WarningKind.allCases.map { KindOption(value: $0.rawValue, name: $0.name(in: language), selected: $0 == kind) }
        let pages = max(1, (warnings.count + Self.pageSize - 1) / Self.pageSize)
        let page = min(max(1, page), pages)
        let shown = warnings[(page - 1) * Self.pageSize ..< min(warnings.count, page * Self.pageSize)]
        self.warnings = shown.map { Row($0, language: language) }
        guard pages > 1 else {
            range = nil
            previous = nil
            next = nil
            return
        }
        range = language.format("rowRange", shown.startIndex + 1, shown.endIndex, warnings.count)
        let filters = ["region=\(region.rawValue)"] + [selectedDepartment.map { "department=\($0)" }, kind.map { "kind=\($0.rawValue)" }].compactMap { $0 }
        func link(_ page: Int) -> String { "/warnings?" + (filters + ["page=\(page)"]).joined(separator: "&") }
        previous = page > 1 ? link(page - 1) : nil
        next = page < pages ? link(page + 1) : nil
    }
}

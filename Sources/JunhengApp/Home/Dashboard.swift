import Foundation
import JunhengCore
import Storage

/// The home page of each actor, assembled from the features' own use cases: a planner's progress,
/// warnings, missing figures and drafts; a reviewer's queue; what a department or county must
/// report and by when; and, for the public, the catalogue and a few headline figures (approved
/// figures only). Each part is loaded in a fixed number of reads, whatever the number of
/// indicators and regions.
public struct Dashboard: Sendable {
    let app: JunhengApp

    /// How many early warnings a planner's dashboard lists (all of them are counted).
    public static let warningLimit = 5
    /// How many headline figures the public dashboard shows: binding indicators first.
    public static let headlineLimit = 6

    /// The day due years and deadlines are judged on: the installation's pinned day, else today.
    private var today: CalendarDay { app.settings.today ?? CalendarDay.today }

    /// What `actor` sees on the home page: planners and administrators the planning part,
    /// reviewers and administrators the review part, department editors and region reporters the
    /// reporting part, the public the public part; all in the actor's home region.
    public func home(actor: Actor) async throws -> HomeDashboard {
        let code = try await app.regions.homeRegion(for: actor)
        var home = HomeDashboard(region: try await app.regions.region(code))
        guard let role = actor.user?.role else {
            home.publicView = try await publicView(region: code)
            return home
        }
        let permissions = role.permissions
        if permissions.contains(.manageIndicators) { home.planning = try await planning(region: code, actor: actor) }
        if !permissions.isDisjoint(with: [.reviewData, .superviseTasks, .publishCatalogue]) {
            home.review = try await review(actor: actor)
        }
        if role == .departmentEditor || role == .regionReporter { home.reporting = try await reporting(region: code, actor: actor) }
        return home
    }

    // MARK: parts

    func planning(region: RegionCode, actor: Actor) async throws -> PlanningDashboard {
        var counts = Dictionary(uniqueKeysWithValues: ProgressStatus.allCases.map { ($0, 0) })
        for row in try await app.monitoring.overview(of: region, actor: actor) { counts[row.status, default: 0] += 1 }
        let warnings = try await app.monitoring.warnings(root: region)
        let signals = warnings.filter { $0.kind != .missingData }
        return PlanningDashboard(
            statusCounts: counts, topWarnings: Array(signals.prefix(Self.warningLimit)), warningCount: signals.count,
            missingFigures: warnings.count - signals.count,
            planDrafts: try await app.plans.plans(actor: actor).filter { $0.status == "draft" },
            reportsDue: try await app.reports.reportsDue(region: region))
    }

    func review(actor: Actor) async throws -> ReviewDashboard {
        let permissions = actor.user?.role.permissions ?? []
        var review = ReviewDashboard()
        if permissions.contains(.reviewData) {
            review.submissions = try await app.monitoring.submissions(status: .submitted, actor: actor)
                .sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
        }
        if permissions.contains(.superviseTasks) { review.taskReports = try await app.tasks.reportsToReview(actor: actor) }
        if permissions.contains(.publishCatalogue) {
            review.catalogueVersions = try await app.catalogue.versions(actor: actor).filter { $0.status == .underReview }
        }
        return review
    }

    func reporting(region: RegionCode, actor: Actor) async throws -> ReportingDashboard {
        let reportable = Set(try await app.monitoring.reportableIndicators(for: region, actor: actor).map(\.id))
        let day = today.description
        var missing: [MissingFigure] = []
        for row in try await app.monitoring.overview(of: region, actor: actor) where reportable.contains(row.indicator.id) {
            guard let year = Monitoring.dueYear(today: day, targetYear: row.target?.target.targetYear),
                  row.values[year] == nil, row.pendingValues[year] == nil else { continue }
            missing.append(MissingFigure(indicator: row.indicator, year: year, deadline: FigureDeadline.deadline(forYear: year)))
        }
        return ReportingDashboard(
            region: region, missingFigures: missing.sorted { ($0.year, $0.indicator.id) < ($1.year, $1.indicator.id) },
            returnedSubmissions: try await app.monitoring.submissions(status: .returned, actor: actor),
            taskReports: try await app.tasks.reportsOwed(actor: actor))
    }

    func publicView(region: RegionCode) async throws -> PublicDashboard {
        var catalogue: CatalogueVersion?
        do {
            catalogue = try await app.catalogue.published(region: region)
        } catch JunhengError.notFound {
            catalogue = nil
        }
        let tables = try await app.monitoring.overviewWithChildren(of: region, actor: Actor(.anonymous))
        let headlines = tables.compactMap { rows -> HeadlineFigure? in
            guard let own = rows.first, let year = own.latestYear, let value = own.latestValue else { return nil }
            let children = rows.dropFirst()
            return HeadlineFigure(row: own, year: year, value: value, childrenReporting: children.filter { $0.values[year] != nil }.count,
                                  children: children.count)
        }
        // Binding indicators (约束性) lead; expected ones fill the rest when a region has few.
        let ranked = headlines.filter { $0.row.indicator.binding == .binding } + headlines.filter { $0.row.indicator.binding != .binding }
        return PublicDashboard(catalogue: catalogue, headlines: Array(ranked.prefix(Self.headlineLimit)),
                               latestReport: try await app.reports.latestPublished(region: region),
                               latestSurvey: try await app.surveys.latestPublic(region: region))
    }
}

extension JunhengApp {
    /// The home page's dashboards.
    public var dashboard: Dashboard { Dashboard(app: self) }
}

/// What one actor's home page shows: the parts their role uses, all about ``region``.
public struct HomeDashboard: Sendable {
    /// The reader's region, else the installation's home region.
    public var region: Region
    /// Planners and administrators.
    public var planning: PlanningDashboard?
    /// Reviewers (and administrators): what waits for them.
    public var review: ReviewDashboard?
    /// Department editors and region reporters: what they must report, and by when.
    public var reporting: ReportingDashboard?
    /// Visitors who are not signed in.
    public var publicView: PublicDashboard?

    public init(region: Region, planning: PlanningDashboard? = nil, review: ReviewDashboard? = nil,
                reporting: ReportingDashboard? = nil, publicView: PublicDashboard? = nil) {
        self.region = region
        self.planning = planning
        self.review = review
        self.reporting = reporting
        self.publicView = publicView
    }
}

/// A monitoring report (年度监测报告, 中期评估) a planner has to write (``ReportSchedule``).
public struct ReportDue: Sendable, Equatable {
    public var kind: ReportKind
    /// The draft's title, or the usual title in Chinese when none is started.
    public var title: String
    /// The year the report is about.
    public var year: Int
    public var dueOn: CalendarDay?
    /// The draft already started, if any.
    public var reportID: Int64?

    public init(kind: ReportKind, title: String, year: Int, dueOn: CalendarDay?, reportID: Int64?) {
        self.kind = kind
        self.title = title
        self.year = year
        self.dueOn = dueOn
        self.reportID = reportID
    }
}

/// The latest published report of the home region, for the public.
public struct PublishedReport: Sendable, Equatable {
    public var reportID: Int64
    public var title: String
    public var year: Int
    public var publishedOn: String

    public init(reportID: Int64, title: String, year: Int, publishedOn: String) {
        self.reportID = reportID
        self.title = title
        self.year = year
        self.publishedOn = publishedOn
    }
}

/// A planner's overview of the home region.
public struct PlanningDashboard: Sendable {
    /// The region's indicators by progress status (approved figures only), every status present.
    public var statusCounts: [ProgressStatus: Int]
    /// The most severe early warnings over the region and its children, missing figures aside.
    public var topWarnings: [EarlyWarning]
    /// All early warnings but missing figures.
    public var warningCount: Int
    /// Indicator × region pairs (the region and its children) without an approved figure for the
    /// year that is due (the missing-data warnings).
    public var missingFigures: Int
    /// Plans imported and not yet published that the planner may review.
    public var planDrafts: [PlanRecord]
    /// Monitoring reports due: empty until the Reports feature supplies them.
    public var reportsDue: [ReportDue]
}

/// What waits for a reviewer: each list nil when the reviewer does not do that kind of review.
public struct ReviewDashboard: Sendable {
    /// Submissions of figures awaiting review in the reviewer's scope, oldest first.
    public var submissions: [SubmissionRecord]?
    /// Task progress reports awaiting approval by the supervising office, oldest first.
    public var taskReports: [(task: TaskView, report: TaskReportRecord)]?
    /// Catalogue versions sent for review.
    public var catalogueVersions: [CatalogueVersion]?

    public init(submissions: [SubmissionRecord]? = nil, taskReports: [(task: TaskView, report: TaskReportRecord)]? = nil,
                catalogueVersions: [CatalogueVersion]? = nil) {
        self.submissions = submissions
        self.taskReports = taskReports
        self.catalogueVersions = catalogueVersions
    }
}

/// An indicator a region still has to report for a year, and the last day to do so.
public struct MissingFigure: Sendable, Equatable {
    public var indicator: IndicatorRecord
    public var year: Int
    public var deadline: CalendarDay
}

/// What a department editor or a region reporter must report, and by when.
public struct ReportingDashboard: Sendable {
    /// The region the figures are for.
    public var region: RegionCode
    /// Indicators the reporter reports (a department editor: its department's) with no figure,
    /// approved or awaiting review, for the year that is due.
    public var missingFigures: [MissingFigure]
    /// Submissions returned by the reviewer, to correct and submit again.
    public var returnedSubmissions: [SubmissionRecord]
    /// Task progress reports due in the open period, and those returned.
    public var taskReports: ReportsOwed
}

/// One of the public's headline figures: an indicator of the home region (binding ones first) with
/// its latest approved value and the approved series, and how many of the region's children have
/// a figure for that year.
public struct HeadlineFigure: Sendable {
    /// The region's progress row, from approved figures only.
    public var row: ProgressRow
    public var year: Int
    public var value: Double
    /// Children (counties of a city …) with an approved figure for ``year``.
    public var childrenReporting: Int
    /// All children of the region; 0 for a region without any.
    public var children: Int
}

/// What the public sees on the home page.
public struct PublicDashboard: Sendable {
    /// The home region's published catalogue, if it has one.
    public var catalogue: CatalogueVersion?
    public var headlines: [HeadlineFigure]
    /// The latest published monitoring report: nil until the Reports feature supplies it.
    public var latestReport: PublishedReport?
    /// The region's latest fielded or closed satisfaction survey, with its overall index.
    public var latestSurvey: PublicSurvey?
}

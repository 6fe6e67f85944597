import JunhengCore
import Storage

/// The application layer: Junheng's use cases, one value per feature, called by the HTTP server
/// and the `junheng` command alike. A use case takes an ``Actor`` (who asks) rather than an HTTP
/// request, checks what that actor may do, works in a transaction where it writes, and returns
/// domain values or throws ``JunhengError``.
public struct JunhengApp: Sendable {
    public let database: JunhengDatabase
    public let settings: AppSettings
    /// Where reads that tolerate replication lag go (a streaming replica); `database` unless one
    /// is given. See docs/operations.md, "Read replica", for which reads use it.
    public let replica: JunhengDatabase
    /// Failed logins per address and account, kept in the database: shared by every use of
    /// ``accounts`` and by every process on the same database.
    public let loginThrottle: LoginThrottle
    let access: Access

    public init(database: JunhengDatabase, replica: JunhengDatabase? = nil, settings: AppSettings = AppSettings(),
                loginThrottle: LoginThrottle? = nil) {
        self.database = database
        self.replica = replica ?? database
        self.settings = settings
        self.loginThrottle = loginThrottle ?? LoginThrottle(database: database)
        self.access = Access(database: database)
    }

    public var accounts: AccountUseCases { AccountUseCases(app: self) }
    public var regions: RegionUseCases { RegionUseCases(app: self) }
    public var plans: PlanUseCases { PlanUseCases(app: self) }
    public var catalogue: CatalogueUseCases { CatalogueUseCases(app: self) }
    public var monitoring: MonitoringUseCases { MonitoringUseCases(app: self) }
    public var tasks: TaskUseCases { TaskUseCases(app: self) }
    public var reports: ReportUseCases { ReportUseCases(app: self) }
    public var feedback: FeedbackUseCases { FeedbackUseCases(app: self) }
    public var jobs: JobUseCases { JobUseCases(app: self) }
    public var maps: MapUseCases { MapUseCases(app: self) }
    public var facilities: FacilityUseCases { FacilityUseCases(app: self) }
    public var accessibility: AccessibilityUseCases { AccessibilityUseCases(app: self) }
    public var surveys: SurveyUseCases { SurveyUseCases(app: self) }
    public var equalization: EqualizationAnalysis { EqualizationAnalysis(database: database, coverageRule: settings.coverageRule) }
    /// Equalization measures for the pages and the API, read from the replica: they use approved
    /// figures only, the same for every reader, where a moment's replication lag does no harm.
    /// Reports being published read the primary through ``equalization``.
    public var publicEqualization: EqualizationAnalysis {
        EqualizationAnalysis(database: replica, coverageRule: settings.coverageRule)
    }

    /// Where a read by `actor` goes: the replica for an anonymous visitor, who wrote nothing that
    /// a lagging copy could miss; the primary for a signed-in user (who may just have written:
    /// the page after a form is theirs) and for the system.
    func reads(for actor: Actor) -> JunhengDatabase {
        actor.user == nil && !actor.isSystem ? replica : database
    }
}

/// Settings of the use cases that an installation may change.
public struct AppSettings: Sendable {
    /// Uploaded figures changing by more than this fraction from the previous year are flagged.
    public var jumpThreshold: Double
    /// When a measure over a region's children may be shown as a number (the share of children
    /// that must have a figure; by default all of them).
    public var coverageRule: CoverageRule
    /// The day task colours are judged on; nil is today in China. Tests pin it.
    public var today: CalendarDay?
    /// The installation's own region (a city's system: the city), where pages open when neither the
    /// address nor the reader's account names one. Nil: the region of the first published plan.
    public var homeRegion: RegionCode?
    /// Leases, attempts and retry delays of background jobs.
    public var jobPolicy: JobPolicy

    public init(jumpThreshold: Double = ObservationImport.defaultJumpThreshold, coverageRule: CoverageRule = CoverageRule(),
                today: CalendarDay? = nil, homeRegion: RegionCode? = nil, jobPolicy: JobPolicy = JobPolicy()) {
        self.jumpThreshold = jumpThreshold
        self.coverageRule = coverageRule
        self.today = today
        self.homeRegion = homeRegion
        self.jobPolicy = jobPolicy
    }
}

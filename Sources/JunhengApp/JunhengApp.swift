import JunhengCore
import Storage

/// The application layer: Junheng's use cases, one value per feature, called by the HTTP server
/// and the `junheng` command alike. A use case takes an ``Actor`` (who asks) rather than an HTTP
/// request, checks what that actor may do, works in a transaction where it writes, and returns
/// domain values or throws ``JunhengError``.
public struct JunhengApp: Sendable {
    public let database: JunhengDatabase
    public let settings: AppSettings
    /// Failed logins per address and account, shared by every use of ``accounts``.
    public let loginThrottle: LoginThrottle
    let access: Access

    public init(database: JunhengDatabase, settings: AppSettings = AppSettings(), loginThrottle: LoginThrottle = LoginThrottle()) {
        self.database = database
        self.settings = settings
        self.loginThrottle = loginThrottle
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
    public var equalization: EqualizationAnalysis { EqualizationAnalysis(database: database, coverageRule: settings.coverageRule) }
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

    public init(jumpThreshold: Double = ObservationImport.defaultJumpThreshold, coverageRule: CoverageRule = CoverageRule(),
                today: CalendarDay? = nil, homeRegion: RegionCode? = nil) {
        self.jumpThreshold = jumpThreshold
        self.coverageRule = coverageRule
        self.today = today
        self.homeRegion = homeRegion
    }
}

import Foundation
import JunhengCore
import Spreadsheet
import Storage

/// Indicators and their targets, yearly figures (uploads and their review), progress against
/// targets and the warnings that follow from it.
public struct MonitoringUseCases: Sendable {
    let app: JunhengApp
    private var database: JunhengDatabase { app.database }
    private var monitoring: Monitoring { Monitoring(database.sql, engine: database.engine) }
    /// Reads of approved figures only, the same for every reader: the replica serves them.
    private var analytics: Monitoring { Monitoring(app.replica.sql, engine: app.replica.engine) }

    /// The read model for `actor`'s pages: an anonymous visitor's from the replica.
    private func monitoring(for actor: Actor) -> Monitoring {
        let database = app.reads(for: actor)
        return Monitoring(database.sql, engine: database.engine)
    }
    private var observations: ObservationStore { ObservationStore(database.sql, engine: database.engine) }

    // MARK: indicators and targets

    public func indicators() async throws -> [IndicatorRecord] { try await IndicatorStore(database.sql).indicators() }

    /// The indicator, or `notFound`.
    public func indicator(_ idText: String?) async throws -> IndicatorRecord {
        guard let id = idText.flatMap(Int64.init), let indicator = try await IndicatorStore(database.sql).indicator(id: id) else {
            throw JunhengError.notFound("指标 \(idText ?? "")")
        }
        return indicator
    }

    /// Whether the actor may define and correct indicators.
    public func mayManageIndicators(actor: Actor) -> Bool {
        actor.isSystem || actor.user?.role.permissions.contains(.manageIndicators) == true
    }

    /// Defining an indicator needs `manageIndicators` in one's own scope, which owns it until
    /// targets are set for it (see ``owningRegion(of:)``).
    public func createIndicator(_ new: IndicatorRecord, actor: Actor) async throws -> IndicatorRecord {
        try await app.access.authorize(.manageIndicators, region: actor.user?.regionCode, actor: actor)
        let audit = actor.audit
        let region = actor.user?.regionCode
        return try await database.transaction { try await IndicatorStore($0).create(new, regionCode: region, actor: audit) }
    }

    /// Who owns an indicator, which several regions share.
    public enum IndicatorOwner: Sendable, Equatable {
        /// Not known: no region has a target for it and it was defined by a nationwide user or the
        /// system. Only a planner of the root of its plan's region (the province above the city
        /// whose plan set it) or a nationwide administrator may change it — not any planner in
        /// their own scope.
        case unknown
        /// The lowest region above every region with a target for it and the region that defined
        /// it: the city for an indicator of the city's plan that its counties also report.
        case region(RegionCode)
        /// Regions with no common region use it.
        case country
    }

    /// The region that owns the indicator: the one that published the plan that set it, or that
    /// defined it, or above (see ``AccessPolicy/owningRegion(ofPaths:)``).
    public func owningRegion(of indicator: IndicatorRecord) async throws -> IndicatorOwner {
        var regions = Set(try await targets(of: indicator).map(\.regionCode))
        let created = try await AuditLog(database.sql).entries(
            matching: AuditFilter(action: "create", entity: "indicator", entityID: String(indicator.id)), limit: 1)
        if let code = created.first?.regionCode.flatMap(RegionCode.init(rawValue:)) { regions.insert(code) }
        guard !regions.isEmpty else { return .unknown }
        var paths: [[RegionCode]] = []
        for region in regions.sorted(by: { $0.rawValue < $1.rawValue }) { paths.append(try await app.access.regionPath(region)) }
        return app.access.policy.owningRegion(ofPaths: paths).map(IndicatorOwner.region) ?? .country
    }

    /// Refuses unless the actor manages indicators over the indicator's owning region; returns
    /// that region, for the audit row. An indicator whose owner is ``IndicatorOwner/unknown`` is
    /// authorised against the root of the region of the plan it was read from (its provenance),
    /// or, with no plan either, the whole country (a nationwide administrator).
    @discardableResult
    func requireOwner(of indicator: IndicatorRecord, actor: Actor) async throws -> RegionCode? {
        let region: RegionCode?
        switch try await owningRegion(of: indicator) {
        case .region(let owner): region = owner
        case .country: region = nil
        case .unknown: region = try await planRoot(of: indicator)
        }
        try await app.access.authorize(.manageIndicators, region: region, actor: actor)
        return region
    }

    /// The top of the region path of the plan the indicator was read from, or nil without one.
    private func planRoot(of indicator: IndicatorRecord) async throws -> RegionCode? {
        let planIDs = try await ProvenanceStore(database.sql).records(entity: "indicator", entityID: indicator.id).compactMap(\.planID)
        guard let planID = planIDs.first, let plan = try await PlanStore(database.sql).plan(planID) else { return nil }
        return try await app.access.regionPath(plan.regionCode).last
    }

    /// What a correction of an indicator may change; nil leaves a field as it is.
    public struct IndicatorChanges: Decodable, Sendable {
        public var name: String?
        public var unit: String?
        public var direction: Direction?
        public var binding: Binding?
        public var domainName: String?
        public var definition: String?
        public var additive: Bool?
        public var minimum: Double?
        public var maximum: Double?
        public var disaggregations: [String]?

        public init(name: String? = nil, unit: String? = nil, direction: Direction? = nil, binding: Binding? = nil) {
            self.name = name
            self.unit = unit
            self.direction = direction
            self.binding = binding
        }
    }

    /// Corrects an indicator (e.g. a direction the plan reader got wrong) and, with
    /// `leadDepartment`, assigns its lead department (`.some(nil)` removes it); needs
    /// `manageIndicators` over the region that owns it — a county does not change what its city
    /// set for every county. The audit row carries that region.
    public func updateIndicator(_ indicator: IndicatorRecord, _ changes: IndicatorChanges, leadDepartment: Int64?? = nil,
                                actor: Actor) async throws -> IndicatorRecord {
        let region = try await requireOwner(of: indicator, actor: actor)
        let audit = actor.audit
        return try await database.transaction { db in
            try await IndicatorStore(db).update(
                id: indicator.id, name: changes.name, unit: changes.unit, direction: changes.direction, binding: changes.binding,
                domainName: changes.domainName, definition: changes.definition, additive: changes.additive,
                minimum: changes.minimum.map { $0 }, maximum: changes.maximum.map { $0 },
                disaggregations: changes.disaggregations, departmentID: leadDepartment, regionCode: region, actor: audit)
        }
    }

    public func targets(of indicator: IndicatorRecord) async throws -> [TargetRecord] {
        try await IndicatorStore(database.sql).targets(indicatorID: indicator.id)
    }

    /// Sets (or replaces) the own target of `target.regionCode` for `target.indicatorID`; needs
    /// `manageIndicators` in that region and, for a region outside the indicator's owning region
    /// (which would widen the indicator to a region above), over the owning region too.
    public func setTarget(_ target: TargetRecord, actor: Actor) async throws -> TargetRecord {
        try await app.access.authorize(.manageIndicators, region: target.regionCode, actor: actor)
        if let indicator = try await IndicatorStore(database.sql).indicator(id: target.indicatorID),
           case .region(let owner) = try await owningRegion(of: indicator),
           try await !app.access.regionPath(target.regionCode).contains(owner) {
            try await app.access.authorize(.manageIndicators, region: owner, actor: actor)
        }
        let audit = actor.audit
        return try await database.transaction { db in
            try await IndicatorStore(db).setTarget(target, actor: audit)
        }
    }

    /// `region` when given, else the region where the indicator's first target was set.
    public func defaultRegion(for indicator: IndicatorRecord, region: String?) async throws -> RegionCode {
        if let region { return try regionCode(region, field: "region") }
        guard let first = try await targets(of: indicator).first else {
            throw JunhengError.invalid(field: "region", "该指标尚无目标，请指定地区")
        }
        return first.regionCode
    }

    // MARK: progress and warnings

    /// Whose figures awaiting approval the actor may see beside the approved ones: nobody's for an
    /// anonymous visitor (the public sees approved figures only), those of the user's scope for a
    /// signed-in user (every region's for a nationwide user and the system).
    public func pendingFigures(for actor: Actor) async throws -> PendingFigures {
        switch actor.kind {
        case .anonymous: return .hidden
        case .system: return .visible(regions: nil)
        case .user: return .visible(regions: try await app.access.visibleRegions(for: actor).map { Set($0.map(\.rawValue)) })
        }
    }

    /// The region and each of its children against the indicator's targets (approved figures),
    /// with the figures awaiting approval that the actor may see beside them.
    public func progressTable(_ indicator: IndicatorRecord, parent: RegionCode, actor: Actor) async throws -> [ProgressRow] {
        try await monitoring(for: actor).progressTable(indicator, parent: parent, pending: try await pendingFigures(for: actor))
    }

    /// Every indicator with a target for the region, with its progress (approved figures) and the
    /// figures awaiting approval that the actor may see.
    public func overview(of region: RegionCode, actor: Actor) async throws -> [ProgressRow] {
        try await monitoring(for: actor).overview(of: region, pending: try await pendingFigures(for: actor))
    }

    /// Every indicator that applies to the region, with its progress there and in each of its
    /// children (the region's row first), in one load; pending figures as the actor may see them.
    public func overviewWithChildren(of region: RegionCode, actor: Actor) async throws -> [[ProgressRow]] {
        try await monitoring(for: actor).overviewWithChildren(of: region, pending: try await pendingFigures(for: actor))
    }

    public func warnings(root: RegionCode, departmentID: Int64? = nil) async throws -> [EarlyWarning] {
        try await analytics.warnings(root: root, departmentID: departmentID)
    }

    /// The indicators a region reports (those with a target there or above), less derived ones;
    /// a department editor's only those of their department.
    public func reportableIndicators(for region: RegionCode, actor: Actor) async throws -> [IndicatorRecord] {
        var assigned = try await monitoring.indicators(applyingTo: region).filter { !$0.isDerived }
        if let user = actor.user, user.role == .departmentEditor, let department = user.departmentID {
            assigned = assigned.filter { $0.departmentID == department }
        }
        return assigned
    }

    // MARK: figures

    /// The current figures of an indicator in some regions: approved ones, and those awaiting
    /// approval only in regions within the actor's scope (none for an anonymous visitor).
    public func points(indicatorID: Int64, regionCodes: [String], disaggregation: String = "",
                       actor: Actor) async throws -> [ObservationPoint] {
        try await observations.points(indicatorID: indicatorID, regionCodes: regionCodes, disaggregation: disaggregation,
                                      pending: try await pendingFigures(for: actor))
    }

    public func storedValues(indicatorIDs: [Int64], regionCodes: [String]) async throws -> [ObservationKey: Double] {
        try await observations.storedValues(indicatorIDs: indicatorIDs, regionCodes: regionCodes)
    }

    /// What the note under an indicator's charts says: demo figures, else the sources of its
    /// figures (the pages word it in their language).
    public enum DataNote: Sendable, Equatable {
        case demo
        case sources([String])
    }

    /// ``DataNote/demo`` under charts of demo figures, else the sources of the indicator's figures.
    public func dataNote(_ indicator: IndicatorRecord) async throws -> DataNote? {
        let sources = try await observations.sources(indicatorID: indicator.id, limit: 3)
        if sources.contains(DemoData.observationSource) { return .demo }
        return sources.isEmpty ? nil : .sources(sources)
    }

    /// Refuses an actor who may not submit figures in their own scope (checked before an upload is
    /// read), and a department editor who has no department.
    public func requireSubmitter(actor: Actor) async throws {
        let user = try await app.access.authorize(.submitData, region: actor.user?.regionCode, actor: actor)
        if let user, case .denied(let reason) = app.access.policy.decideDepartments(role: user.role, scope: user.scope,
                                                                                   objectDepartments: []) {
            throw JunhengError.forbidden(reason)
        }
    }

    /// Validates and stores an upload as one submission from the actor, who must be allowed to
    /// submit figures in their own scope; any error rejects it whole. An uploaded `file` is kept
    /// with the submission, in the same transaction.
    public func submit(_ tables: [UploadTable], source: String, file: SubmissionUpload? = nil,
                       actor: Actor) async throws -> ObservationImport.Outcome {
        try await requireSubmitter(actor: actor)
        return try await ObservationImport(database: database, jumpThreshold: app.settings.jumpThreshold)
            .importTables(tables, source: source, scope: actor.user?.regionCode, department: Self.editorDepartment(actor.user),
                          actor: actor.audit, file: file)
    }

    /// `submit` of an uploaded CSV or XLSX file, read as a stream (`ObservationImport.importFile`)
    /// within `SpreadsheetLimits.upload`, and kept with the submission.
    public func submitFile(_ upload: UploadSource, filename: String, actor: Actor) async throws -> ObservationImport.Outcome {
        try await requireSubmitter(actor: actor)
        return try await ObservationImport(database: database, jumpThreshold: app.settings.jumpThreshold)
            .importFile(upload, filename: filename, scope: actor.user?.regionCode, department: Self.editorDepartment(actor.user),
                        actor: actor.audit)
    }

    // MARK: review

    /// The submissions in the regions the actor may see, newest first; a department editor's only
    /// those holding figures of their department's indicators.
    public func submissions(status: SubmissionStatus? = nil, actor: Actor) async throws -> [SubmissionRecord] {
        let user = try app.access.requireUser(actor)
        return try await observations.submissions(regionCodes: try await app.access.visibleRegions(for: actor), status: status,
                                                  departmentID: Self.editorDepartment(user))
    }

    /// Approves or returns a submission: the reviewer needs `reviewData` over its region.
    public func review(submission idText: String?, approve: Bool, comment: String, actor: Actor) async throws -> SubmissionRecord {
        _ = try app.access.requireUser(actor)
        guard let id = idText.flatMap(Int64.init), let submission = try await observations.submission(id) else {
            throw JunhengError.notFound("报送")
        }
        try await app.access.authorize(.reviewData, region: submission.regionCode, actor: actor)
        let audit = actor.audit
        let engine = database.engine
        return try await database.transaction { db in
            let store = ObservationStore(db, engine: engine)
            return approve ? try await store.approve(id, comment: comment, actor: audit)
                           : try await store.returnSubmission(id, comment: comment, actor: audit)
        }
    }
}

extension MonitoringUseCases {
    /// Imports a CSV or XLSX file as one submission whose rows must lie in `scope`'s subtree (the
    /// actor's own scope when nil); the actor needs `submitData` there. With an `approvalComment`
    /// the submission is approved in the same transaction — only the system may do that, since
    /// nobody reviews their own figures.
    public func importFile(_ data: Data, filename: String, scope: RegionCode?, approvalComment: String?,
                           actor: Actor) async throws -> ObservationImport.Outcome {
        try await importFile(.data(data), filename: filename, scope: scope, approvalComment: approvalComment, actor: actor)
    }

    /// `importFile` of an upload in memory or on disk, streamed (`ObservationImport.importFile`); `limits` bound what it may hold (a web
    /// form's upload `SpreadsheetLimits.upload`, a file given on the command line `.localFile`),
    /// and `progress` hears how far it has come.
    public func importFile(_ upload: UploadSource, filename: String, scope: RegionCode?, approvalComment: String?,
                           limits: SpreadsheetLimits = .upload, progress: @escaping (ObservationImport.Progress) -> Void = { _ in },
                           actor: Actor) async throws -> ObservationImport.Outcome {
        let region = scope ?? actor.user?.regionCode
        try await app.access.authorize(.submitData, region: region, actor: actor)
        try await requireSubmitter(actor: actor)
        if approvalComment != nil && !actor.isSystem { throw JunhengError.forbidden("不能审核自己提交的数据") }
        let audit = actor.audit
        return try await ObservationImport(database: database, jumpThreshold: app.settings.jumpThreshold).importFile(
            upload, filename: filename, scope: region, department: Self.editorDepartment(actor.user), actor: audit,
            approval: approvalComment.map { (comment: $0, actor: audit) }, limits: limits, progress: progress)
    }
}

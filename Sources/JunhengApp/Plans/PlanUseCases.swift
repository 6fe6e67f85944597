import Foundation
import JunhengCore
import PlanIngest
import Storage

/// Plan documents: reading one into a draft of proposed facts, the reviewer's decisions on each
/// fact, and publishing what was accepted.
public struct PlanUseCases: Sendable {
    let app: JunhengApp
    private var database: JunhengDatabase { app.database }

    /// A plan document and, when the document does not name it, its region.
    public struct Upload: Sendable {
        public var filename: String
        public var data: Data
        public var region: RegionCode?

        public init(filename: String, data: Data, region: RegionCode?) {
            self.filename = filename
            self.data = data
            self.region = region
        }
    }

    /// Reads the document and stores the draft with its proposed facts; the actor must manage
    /// plans for the document's region. Returns the plan and the number of facts by kind.
    ///
    /// The document (text, DOCX, web page, PDF or .doc/.wps: see `PlanFileReader`) is read within
    /// `IngestLimits` (a file of 32 MB holding 5 MB of text, 5,000 facts, 10 s, and a minute for a
    /// conversion; see docs/ingest-format.md) on a thread of its own, and reading stops when the calling task is
    /// cancelled; nothing is stored for a document that is refused or abandoned.
    public func ingest(_ upload: Upload, actor: Actor, limits: IngestLimits = IngestLimits()) async throws
        -> (plan: PlanRecord, counts: [String: Int]) {
        let draft = try await PlanDraftBuilder.draftOffThread(document: upload.data, filename: upload.filename,
                                                              region: upload.region, limits: limits)
        try Task.checkCancellation()
        if try await !app.access.allows(.managePlans, region: draft.regionCode, actor: actor), let user = actor.user,
           user.role.permissions.contains(.managePlans), let scope = user.regionCode {
            // Say which region the file was filed under and which the planner may use, so they can
            // correct the region rather than guess why the upload was refused.
            let regions = app.regions
            throw JunhengError.forbidden(
                "该文件属于\(try await regions.region(draft.regionCode).name)（\(draft.regionCode.rawValue)），不在您的管辖范围"
                + "\(try await regions.region(scope).name)（\(scope.rawValue)）内：只能导入本地区及下级地区的规划。"
                + "如文件的地区识别有误，请在“所属地区代码”中填写正确的地区后重新上传")
        }
        try await app.access.authorize(.managePlans, region: draft.regionCode, actor: actor)
        let audit = actor.audit
        let plan = try await database.transaction { db in try await PlanStore(db).createDraft(draft, actor: audit) }
        var counts: [String: Int] = [:]
        for extraction in draft.extractions { counts[extraction.kind.rawValue, default: 0] += 1 }
        return (plan, counts)
    }

    /// Published plans are public; drafts only to those who may manage plans for the region.
    public func mayRead(_ plan: PlanRecord, actor: Actor) async throws -> Bool {
        if plan.status == "published" { return true }
        return try await app.access.allows(.managePlans, region: plan.regionCode, actor: actor)
    }

    /// Whether the actor may review and publish this plan (a draft in their scope).
    public func mayEdit(_ plan: PlanRecord, actor: Actor) async throws -> Bool {
        guard plan.status == "draft", actor.user != nil else { return false }
        return try await app.access.allows(.managePlans, region: plan.regionCode, actor: actor)
    }

    /// The plans the actor may read, optionally of one region.
    public func plans(region: RegionCode? = nil, actor: Actor) async throws -> [PlanRecord] {
        var visible: [PlanRecord] = []
        for plan in try await PlanStore(database.sql).plans(regionCodes: region.map { [$0] })
        where try await mayRead(plan, actor: actor) { visible.append(plan) }
        return visible
    }

    /// The plan, or `notFound` when it does not exist or the actor may not read it.
    public func readable(_ idText: String?, actor: Actor) async throws -> PlanRecord {
        guard let id = idText.flatMap(Int64.init), let plan = try await PlanStore(database.sql).plan(id),
              try await mayRead(plan, actor: actor)
        else { throw JunhengError.notFound("规划 \(idText ?? "")") }
        return plan
    }

    /// A plan the actor may change: signed in, readable, and `managePlans` over its region.
    public func editable(_ idText: String?, actor: Actor) async throws -> PlanRecord {
        _ = try app.access.requireUser(actor)
        let plan = try await readable(idText, actor: actor)
        try await app.access.authorize(.managePlans, region: plan.regionCode, actor: actor)
        return plan
    }

    public func extractions(of plan: PlanRecord, kind: ExtractionKind? = nil) async throws -> [Extraction] {
        try await PlanStore(database.sql).extractions(planID: plan.id, kind: kind)
    }

    /// Facts are read a page at a time by the API and the review page: at most
    /// `maxExtractionPage` at once, `defaultExtractionPage` unless asked otherwise.
    public static let defaultExtractionPage = 500
    public static let maxExtractionPage = 1_000

    /// One page of the plan's facts in document order and how many match in all; `limit` is
    /// held to 1…`maxExtractionPage`.
    public func extractions(of plan: PlanRecord, kind: ExtractionKind? = nil, status: ExtractionStatus? = nil,
                            offset: Int, limit: Int = defaultExtractionPage) async throws
        -> (items: [Extraction], total: Int) {
        try await PlanStore(database.sql).extractions(planID: plan.id, kind: kind, status: status, offset: max(0, offset),
                                                      limit: min(max(1, limit), Self.maxExtractionPage))
    }

    /// How many facts the plan has of each kind and status.
    public func extractionCounts(of plan: PlanRecord) async throws -> [ExtractionKind: [ExtractionStatus: Int]] {
        try await PlanStore(database.sql).extractionCounts(planID: plan.id)
    }

    public func extraction(_ id: Int64, of plan: PlanRecord) async throws -> Extraction {
        try await PlanStore(database.sql).extraction(id, planID: plan.id)
    }

    public func sourceDocument(of plan: PlanRecord) async throws -> SourceDocument? {
        guard let id = plan.sourceDocumentID else { return nil }
        return try await PlanStore(database.sql).sourceDocument(id)
    }

    /// Accepts, drops, resets or edits one proposed fact of an editable plan.
    public func review(_ id: Int64, of plan: PlanRecord, status: ExtractionStatus?, fields: [String: String]?,
                       actor: Actor) async throws -> Extraction {
        let audit = actor.audit
        return try await database.transaction { db in
            try await PlanStore(db).review(id, planID: plan.id, status: status, fields: fields, actor: audit)
        }
    }

    public func acceptPending(of plan: PlanRecord, actor: Actor) async throws -> (accepted: Int, needsEdit: [Int64]) {
        let audit = actor.audit
        return try await database.transaction { db in try await PlanStore(db).acceptPending(planID: plan.id, actor: audit) }
    }

    /// Whether the actor may publish the plan, which is the approval of its draft: not the user
    /// who uploaded it — nobody reviews their own work, administrators included
    /// (`AccessPolicy.mayReview`); the system, which binds nobody, may.
    public func mayApprove(_ plan: PlanRecord, actor: Actor) async throws -> Bool {
        let uploader = try await PlanStore(database.sql).uploader(ofPlan: plan.id)
        return app.access.policy.mayReview(reviewer: actor.user?.id, authors: [uploader]).isAllowed
    }

    /// Refuses the plan's uploader its publishing (``mayApprove(_:actor:)``).
    public func requireApprover(of plan: PlanRecord, actor: Actor) async throws {
        guard try await mayApprove(plan, actor: actor) else {
            throw JunhengError.forbidden("不能发布自己上传的规划：规划草稿须由上传者以外有发布权限的人员审核后发布")
        }
    }

    /// Publishes the accepted facts: indicators and targets, a draft catalogue, tasks and projects;
    /// refused to the plan's uploader (``requireApprover(of:actor:)``).
    public func publish(_ plan: PlanRecord, actor: Actor) async throws -> PublishSummary {
        try await requireApprover(of: plan, actor: actor)
        let audit = actor.audit
        return try await database.transaction { db in try await PlanStore(db).publish(planID: plan.id, actor: audit) }
    }

    /// What publishing the plan would create now, for the planner to confirm; refused like
    /// publishing itself while facts are pending or invalid.
    public func preview(_ plan: PlanRecord) async throws -> PlanPublication {
        try PlanPublication(planID: plan.id, title: plan.title, periodEnd: plan.periodEnd, extractions: try await extractions(of: plan))
    }

    /// The region the document names, when it differs from the region the plan was filed under
    /// (an override at upload): the plan page warns about it.
    public func mismatchedDocumentRegion(of plan: PlanRecord) async throws -> Region? {
        guard let sourceID = plan.sourceDocumentID,
              let named = try await PlanStore(database.sql).documentRegionCode(sourceID: sourceID), named != plan.regionCode
        else { return nil }
        return try? await app.regions.region(named)
    }

    /// The sentences a stored fact came from.
    public func provenance(entity: String, id: Int64) async throws -> [ProvenanceRecord] {
        try await ProvenanceStore(database.sql).records(entity: entity, entityID: id)
    }
}

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
        return try await store(draft, actor: actor) { _, _ in }
    }

    /// What an upload became: a draft read at once, or a job that reads it in the background.
    public enum Submission: Sendable {
        case stored(PlanRecord, counts: [String: Int])
        case queued(JobRecord)
    }

    /// An upload from the web or the API. Text, DOCX and web pages are read at once (they take
    /// milliseconds) as `ingest` does; a PDF or a .doc/.wps file needs an outside program for
    /// seconds, so it becomes a `plan-ingest` job that any server process may run (``JobWorker``),
    /// and the uploader follows it on its page. Who may upload is checked before queueing; the
    /// region the document names is checked when it is read.
    public func submit(_ upload: Upload, actor: Actor, limits: IngestLimits = IngestLimits()) async throws -> Submission {
        guard PlanFileReader.needsConversion(upload.data) else {
            let (plan, counts) = try await ingest(upload, actor: actor, limits: limits)
            return .stored(plan, counts: counts)
        }
        let user = try app.access.requireUser(actor)
        guard user.role.permissions.contains(.managePlans) else { throw JunhengError.forbidden("没有导入规划的权限") }
        if let region = upload.region { try await app.access.authorize(.managePlans, region: region, actor: actor) }
        return .queued(try await app.jobs.enqueue(.planIngest, parameters: PlanIngestParameters(filename: upload.filename,
                                                                                                 region: upload.region?.rawValue),
                                                  input: upload.data, actor: actor))
    }

    /// A `plan-ingest` job's work: reads the queued file and stores its draft in the same
    /// transaction that marks the job done, so a job retried after a crash never stores twice.
    func ingest(job: JobRecord, input: Data, worker: String, actor: Actor, limits: IngestLimits = IngestLimits()) async throws {
        let parameters = try JSONDecoder().decode(PlanIngestParameters.self, from: Data(job.parameters.utf8))
        let draft = try await PlanDraftBuilder.draftOffThread(document: input, filename: parameters.filename,
                                                              region: parameters.region.flatMap(RegionCode.init(rawValue:)), limits: limits)
        try Task.checkCancellation()
        _ = try await store(draft, actor: actor) { db, result in
            let json = String(decoding: try JSONEncoder().encode(result), as: UTF8.self)
            try await JobStore.complete(job.id, worker: worker, result: json, in: db)
        }
    }

    /// Stores a draft read from a document once the actor is allowed its region, running
    /// `alongside` in the same transaction.
    private func store(_ draft: PlanDraft, actor: Actor,
                       alongside: @escaping @Sendable (DatabaseSession, PlanIngestResult) async throws -> Void) async throws
        -> (plan: PlanRecord, counts: [String: Int]) {
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
        var counts: [String: Int] = [:]
        for extraction in draft.extractions { counts[extraction.kind.rawValue, default: 0] += 1 }
        let kinds = counts
        let plan = try await database.transaction { db in
            let plan = try await PlanStore(db).createDraft(draft, actor: audit)
            try await alongside(db, PlanIngestResult(planID: plan.id, extractions: kinds))
            return plan
        }
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

    /// One page of the plan's facts in `order` (the document's, or the most doubtful first) and
    /// how many match in all; `limit` is held to 1…`maxExtractionPage`.
    public func extractions(of plan: PlanRecord, kind: ExtractionKind? = nil, status: ExtractionStatus? = nil,
                            order: ExtractionOrder = .document, offset: Int, limit: Int = defaultExtractionPage) async throws
        -> (items: [Extraction], total: Int) {
        try await PlanStore(database.sql).extractions(planID: plan.id, kind: kind, status: status, order: order,
                                                      offset: max(0, offset), limit: min(max(1, limit), Self.maxExtractionPage))
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

    /// A passage of a plan's repaired text selected to add a fact the ingester missed: where it
    /// lies in both texts, its text (the fact's quote) and the fields proposed from it.
    public struct Selection: Sendable, Equatable {
        public var kind: ExtractionKind
        public var span: TextSpan
        public var quote: String
        /// Every field of the kind; empty where nothing could be read from the passage.
        public var fields: [String: String]
    }

    /// Reads the passage `[start, end)` (Unicode scalars of the repaired text, white space at its
    /// ends left out) for a fact of `kind`: its original offsets (``OriginalOffsets``) and the
    /// fields proposed from it (``ManualExtraction/proposedFields(kind:selection:domain:)``; an item
    /// takes the domain of the item listed nearest before it).
    /// - Throws: `invalid` on `start`/`end` for a selection that is missing, empty, outside the
    ///   text or too long; `conflict` for a plan without its document.
    public func selection(of plan: PlanRecord, kind: ExtractionKind, start: Int?, end: Int?) async throws -> Selection {
        let store = PlanStore(database.sql)
        guard let sourceID = plan.sourceDocumentID else {
            throw JunhengError.conflict("规划 \(plan.id) 没有原文，不能从原文添加提取项")
        }
        let source = try await store.sourceDocument(sourceID)
        let scalars = Array(source.repairedText.unicodeScalars)
        let range = try ManualExtraction.span(start: start, end: end, in: scalars)
        let existing = try await store.extractions(planID: plan.id)
        let anchors = OriginalOffsets.anchors(inIngestionJSON: try await store.ingestionJSON(sourceID: sourceID) ?? "")
            + existing.flatMap { [OriginalOffsets.Anchor(repaired: $0.span.repairedStart, original: $0.span.originalStart),
                                  OriginalOffsets.Anchor(repaired: $0.span.repairedEnd, original: $0.span.originalEnd)] }
        let original = OriginalOffsets(repairedText: source.repairedText, originalText: source.originalText, anchors: anchors)
            .originalRange(of: range)
        var quote = String.UnicodeScalarView()
        quote.append(contentsOf: scalars[range])
        let domain = kind == .item
            ? existing.filter { $0.kind == .item && $0.span.repairedStart <= range.lowerBound }
                .max { $0.span.repairedStart < $1.span.repairedStart }?.fields["domain"]
            : nil
        return Selection(kind: kind, span: TextSpan(repairedStart: range.lowerBound, repairedEnd: range.upperBound,
                                                    originalStart: original.lowerBound, originalEnd: original.upperBound),
                         quote: String(quote),
                         fields: ManualExtraction.proposedFields(kind: kind, selection: String(quote), domain: domain))
    }

    /// Adds a fact the ingester missed, made from the passage `[start, end)` of the plan's
    /// repaired text (``selection(of:kind:start:end:)``): `fields` the reviewer gives replace
    /// those proposed from the passage, the quote is the passage, the rule
    /// ``ExtractionRule/manual`` and the confidence 1. Stored `accepted` unless `status` says
    /// `pending`, in either case only with every field valid; audited as `add`.
    /// - Throws: `forbidden` unless the actor manages plans for the plan's region; `invalid` on
    ///   the selection, on an unknown or invalid field, or for the status `dropped`; `conflict`
    ///   for a published plan or a passage that already is a fact of that kind.
    public func addExtraction(to plan: PlanRecord, kind: ExtractionKind, start: Int?, end: Int?, fields: [String: String],
                              status: ExtractionStatus = .accepted, actor: Actor) async throws -> Extraction {
        try await app.access.authorize(.managePlans, region: plan.regionCode, actor: actor)
        guard status != .dropped else {
            throw JunhengError.invalid(field: "status", "新添加的提取项只能是待审核（pending）或已采纳（accepted）")
        }
        let unknown = Set(fields.keys).subtracting(kind.fieldNames)
        if !unknown.isEmpty {
            throw JunhengError.invalid(unknown.sorted().map { ValidationIssue(field: $0, reason: "\(kind.chineseName)没有这个字段") })
        }
        let selection = try await selection(of: plan, kind: kind, start: start, end: end)
        let typed = fields.mapValues { $0.trimmingCharacters(in: .whitespaces) }
        let merged = selection.fields.merging(typed) { _, typed in typed }
        let issues = PlanReviewRules.problems(kind: kind, fields: merged)
        if !issues.isEmpty { throw JunhengError.invalid(issues) }
        if let twin = try await extractions(of: plan, kind: kind).first(where: {
            $0.status != .dropped && $0.span.repairedStart == selection.span.repairedStart
                && $0.span.repairedEnd == selection.span.repairedEnd
        }) {
            throw JunhengError.conflict("所选文字已是\(kind.chineseName) #\(twin.id)，无需重复添加")
        }
        let extraction = Extraction(id: 0, planID: plan.id, kind: kind, sortOrder: 0, fields: merged, status: status, edited: false,
                                    span: selection.span, quote: selection.quote, rule: ExtractionRule.manual, confidence: 1)
        let audit = actor.audit
        return try await database.transaction { db in
            try await PlanStore(db).addExtraction(extraction, planID: plan.id, actor: audit)
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

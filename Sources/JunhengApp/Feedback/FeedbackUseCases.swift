import Crypto
import Foundation
import JunhengCore
import Storage

/// A message as anyone holding its receipt, or the public answers page, may see it: no contact
/// details, no internal notes, and personal numbers in the text masked.
public struct PublicFeedback: Sendable, Equatable {
    public var receipt: String
    public var kind: FeedbackKind
    public var regionName: String
    public var itemName: String
    public var text: String
    public var status: FeedbackStatus
    public var receivedOn: CalendarDay
    public var dueOn: CalendarDay
    public var departmentName: String?
    public var answer: String?
    public var answeredOn: CalendarDay?
    public var rating: Int?
    /// For a merged message: the receipt of the one that carries the answer.
    public var mergedIntoReceipt: String?
}

/// A message with what its handler sees: the department, the deadline colour, the contact
/// (only for the handling department) and the internal notes.
public struct FeedbackCase: Sendable, Equatable {
    public var record: FeedbackRecord
    public var regionName: String
    public var departmentName: String?
    public var colour: TaskColour
    public var contact: FeedbackContact?
    public var notes: [FeedbackNote]
}

/// What the public form offers: the installation's region and its children, and the items of the
/// nearest published catalogue.
public struct FeedbackFormChoices: Sendable {
    public var regions: [Region]
    public var items: [CatalogueItem]
}

/// Citizens' feedback (需求反馈): the public form and receipt lookup, and the handling — routing
/// to the lead department of the item, accepting, answering, closing or merging — by departments
/// and the planner's office.
public struct FeedbackUseCases: Sendable {
    let app: JunhengApp
    private var database: JunhengDatabase { app.database }
    private var today: CalendarDay { app.settings.today ?? .today }
    let deadline = FeedbackDeadline.standard
    let policy = FeedbackPostingPolicy.standard

    /// Stores a message from the public form and returns it with its receipt number. Refused: a
    /// filled honeypot, a bad field, an unknown region or item, a duplicate, too many posts from
    /// one address. Routed to the department that leads the item when it can be told; otherwise
    /// the planner's office routes it.
    public func submit(_ submission: FeedbackSubmission, clientAddress: String, now: Date = Date(),
                       actor: Actor) async throws -> FeedbackRecord {
        if submission.isFromRobot { throw JunhengError.invalid(field: "website", "无法提交，请刷新页面后重试") }
        let clean = try submission.validated()
        guard let region = RegionCode(rawValue: clean.regionCode),
              try await RegionStore(database.sql).region(region) != nil else {
            throw JunhengError.invalid(field: "regionCode", "地区 \(clean.regionCode) 不存在")
        }
        let item = try await catalogueItem(clean.itemCode, for: region)
        let departmentID = try await leadDepartment(of: item, region: region)
        let addressHash = try await hashed(clientAddress)
        let received = CalendarDay(chinaDayOf: now)
        return try await database.transaction { session in
            let store = FeedbackStore(session)
            let recent = try await store.recentPosts(addressHash: addressHash, duplicateKey: clean.duplicateKey,
                                                     since: now.addingTimeInterval(-max(policy.window, policy.duplicateWindow)))
            try policy.decide(address: addressHash, duplicateKey: clean.duplicateKey, now: now, recent: recent)
            var generator = SystemRandomNumberGenerator()
            var receipt = ReceiptNumber.make(day: received, using: &generator)
            while try await store.feedback(receipt: receipt) != nil {
                receipt = ReceiptNumber.make(day: received, using: &generator)
            }
            let record = FeedbackRecord(
                receipt: receipt, kind: clean.kind, regionCode: region, itemKey: item?.key, itemName: item?.name ?? "",
                text: clean.text, departmentID: departmentID, receivedOn: received, dueOn: deadline.due(receivedOn: received),
                duplicateKey: clean.duplicateKey)
            let contact = FeedbackContact(name: clean.contactName, phone: clean.contactPhone)
            let stored = try await store.create(record, contact: contact, actor: actor.audit)
            try await store.recordPost(addressHash: addressHash, duplicateKey: clean.duplicateKey, receipt: receipt, at: now)
            return stored
        }
    }

    /// The regions and items the public form lists.
    public func formChoices(actor: Actor) async throws -> FeedbackFormChoices {
        let home = try await app.regions.region(nil, orHomeOf: actor)
        let regions = [try await app.regions.region(home)] + (try await app.regions.children(of: home))
        return FeedbackFormChoices(regions: regions, items: try await app.catalogue.applicableItems(for: home))
    }

    /// The departments a message can be routed to: its region's and its ancestors'.
    public func routableDepartments(for record: FeedbackRecord) async throws -> [Department] {
        var departments: [Department] = []
        for code in try await app.access.regionPath(record.regionCode) {
            departments += try await DepartmentStore(database.sql).departments(in: code)
        }
        return departments
    }

    /// The message behind a receipt number, as its sender may see it.
    public func lookup(receipt text: String) async throws -> PublicFeedback {
        guard let receipt = ReceiptNumber.normalised(text) else {
            throw JunhengError.invalid(field: "receipt", "回执号格式不对：应为 8 位日期、短横线和 8 个字母或数字，如 20261205-7Q3M9KDX")
        }
        guard let record = try await FeedbackStore(database.sql).feedback(receipt: receipt) else {
            throw JunhengError.notFound("没有回执号为 \(receipt) 的留言")
        }
        return try await publicView(record)
    }

    /// The sender's rating of the answer (1–5), once, by receipt number.
    public func rate(receipt text: String, rating: Int, actor: Actor) async throws -> PublicFeedback {
        let shown = try await lookup(receipt: text)
        return try await database.transaction { session in
            let store = FeedbackStore(session)
            guard var record = try await store.feedback(receipt: shown.receipt) else {
                throw JunhengError.notFound("没有回执号为 \(shown.receipt) 的留言")
            }
            record.rating = try AnswerRating.validated(rating, status: record.status, alreadyRated: record.rating != nil)
            return try await publicView(try await store.update(record, action: "rate", actor: actor.audit), session: session)
        }
    }

    /// Answered messages, newest first, for the public page.
    public func publishedAnswers(limit: Int = 50) async throws -> [PublicFeedback] {
        var shown: [PublicFeedback] = []
        for record in try await FeedbackStore(database.sql).answered(limit: limit) {
            shown.append(try await publicView(record))
        }
        return shown
    }

    /// The messages an actor handles: a department editor those routed to their department; a
    /// planner every message in their regions, routed or not. Oldest deadline first.
    public func inbox(actor: Actor, statuses: [FeedbackStatus]? = nil) async throws -> [FeedbackCase] {
        let user = try await app.access.authorize(.handleFeedback, region: actor.user?.regionCode, actor: actor)
        let store = FeedbackStore(database.sql)
        let regions = try await app.access.visibleRegions(for: actor)
        let records: [FeedbackRecord]
        if let user, user.role == .departmentEditor {
            guard let department = user.departmentID else { return [] }
            records = try await store.list(regions: regions, departmentIDs: [department], statuses: statuses)
        } else {
            records = try await store.list(regions: regions, statuses: statuses)
        }
        var cases: [FeedbackCase] = []
        for record in records { cases.append(try await handlerView(record, actor: actor, withDetails: false)) }
        return cases
    }

    /// One message with its contact (handling department only) and notes.
    public func detail(_ idText: String?, actor: Actor) async throws -> FeedbackCase {
        let record = try await authorizedRecord(idText, actor: actor)
        return try await handlerView(record, actor: actor, withDetails: true)
    }

    /// Accepts, answers (the public answer is required), closes, or merges into an earlier
    /// message (by its receipt number).
    public func handle(_ idText: String?, step: FeedbackStep, answer: String? = nil, mergeInto: String? = nil,
                       actor: Actor) async throws -> FeedbackCase {
        let record = try await authorizedRecord(idText, actor: actor)
        var changed = record
        changed.status = try record.status.next(for: step)
        switch step {
        case .answer:
            let text = answer?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            guard (5...4_000).contains(text.count) else {
                throw JunhengError.invalid(field: "answer", "答复应为 5 到 4000 字")
            }
            changed.answer = text
            changed.answeredOn = today
            changed.answeredBy = actor.user?.id
        case .merge:
            guard let receipt = mergeInto.flatMap(ReceiptNumber.normalised),
                  let target = try await FeedbackStore(database.sql).feedback(receipt: receipt) else {
                throw JunhengError.invalid(field: "mergeInto", "请填写要合并到的留言的回执号")
            }
            guard target.id != record.id, target.status != .merged else {
                throw JunhengError.invalid(field: "mergeInto", "只能合并到另一条未被合并的留言")
            }
            changed.mergedIntoID = target.id
        case .accept, .close:
            break
        }
        let update = changed
        let updated = try await database.transaction { session in
            try await FeedbackStore(session).update(update, action: step.rawValue, actor: actor.audit)
        }
        return try await handlerView(updated, actor: actor, withDetails: true)
    }

    /// Sends a message to a department of its region (or an ancestor's): the planner's office only.
    public func route(_ idText: String?, departmentID: Int64, actor: Actor) async throws -> FeedbackCase {
        let record = try await authorizedRecord(idText, actor: actor)
        if actor.user?.role == .departmentEditor {
            throw JunhengError.forbidden("留言的转办由规划管理员办理")
        }
        guard record.status.awaitsAnswer else { throw JunhengError.conflict("留言已答复，不能再转办") }
        let path = try await app.access.regionPath(record.regionCode)
        guard let department = try await DepartmentStore(database.sql).department(id: departmentID),
              path.contains(department.regionCode) else {
            throw JunhengError.invalid(field: "departmentID", "请选择留言所在地区或上级地区的部门")
        }
        var routed = record
        routed.departmentID = department.id
        let update = routed
        let updated = try await database.transaction { session in
            try await FeedbackStore(session).update(update, action: "route", actor: actor.audit)
        }
        return try await handlerView(updated, actor: actor, withDetails: true)
    }

    /// Adds an internal note (never shown to the public).
    public func addNote(_ idText: String?, text: String, actor: Actor) async throws -> FeedbackCase {
        let record = try await authorizedRecord(idText, actor: actor)
        let note = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...2_000).contains(note.count) else { throw JunhengError.invalid(field: "note", "备注应为 1 到 2000 字") }
        try await database.transaction { session in
            try await FeedbackStore(session).addNote(feedbackID: record.id, text: note, userID: actor.user?.id, actor: actor.audit)
        }
        return try await handlerView(record, actor: actor, withDetails: true)
    }

    // MARK: helpers

    private func authorizedRecord(_ idText: String?, actor: Actor) async throws -> FeedbackRecord {
        guard let id = idText.flatMap({ Int64($0) }) else { throw JunhengError.notFound("留言 \(idText ?? "") 不存在") }
        let record = try await FeedbackStore(database.sql).existingFeedback(id)
        let user = try await app.access.authorize(.handleFeedback, region: record.regionCode, department: record.departmentID,
                                                  actor: actor)
        if let user, user.role == .departmentEditor, user.departmentID == nil || user.departmentID != record.departmentID {
            throw JunhengError.forbidden("该留言未转给本部门办理")
        }
        return record
    }

    private func handlerView(_ record: FeedbackRecord, actor: Actor, withDetails: Bool) async throws -> FeedbackCase {
        let store = FeedbackStore(database.sql)
        let department = try await record.departmentID.asyncMap { try await DepartmentStore(database.sql).department(id: $0) }
        let ownDepartment = actor.user?.departmentID
        let handlesIt = actor.isSystem || (ownDepartment != nil && ownDepartment == record.departmentID)
        return FeedbackCase(
            record: record, regionName: try await regionName(record.regionCode, in: database.sql),
            departmentName: department??.name,
            colour: deadline.colour(status: record.status, due: record.dueOn, today: today),
            contact: withDetails && handlesIt ? try await store.contact(feedbackID: record.id) : nil,
            notes: withDetails ? try await store.notes(feedbackID: record.id) : [])
    }

    private func publicView(_ record: FeedbackRecord, session: DatabaseSession? = nil) async throws -> PublicFeedback {
        let db = session ?? database.sql
        let department = try await record.departmentID.asyncMap { try await DepartmentStore(db).department(id: $0) }
        let merged = try await record.mergedIntoID.asyncMap { try await FeedbackStore(db).feedback($0) }
        return PublicFeedback(
            receipt: record.receipt, kind: record.kind, regionName: try await regionName(record.regionCode, in: db),
            itemName: record.itemName, text: PersonalData.masked(record.text), status: record.status,
            receivedOn: record.receivedOn, dueOn: record.dueOn, departmentName: department??.name,
            answer: record.answer, answeredOn: record.answeredOn, rating: record.rating,
            mergedIntoReceipt: merged??.receipt)
    }

    /// Read on `db`, the transaction's own connection when there is one: asking the pool for a
    /// second connection while holding one can wait for ever on SQLite's small pool.
    private func regionName(_ code: RegionCode, in db: DatabaseSession) async throws -> String {
        try await RegionStore(db).region(code)?.name ?? code.rawValue
    }

    /// The item of the catalogue published for the region or its nearest ancestor with one.
    private func catalogueItem(_ key: String?, for region: RegionCode) async throws -> CatalogueItem? {
        guard let key else { return nil }
        let store = CatalogueStore(database.sql)
        for code in try await app.access.regionPath(region) {
            guard let version = try await store.published(regionCode: code) else { continue }
            if let item = try await store.items(versionID: version.id).first(where: { $0.key == key }) { return item }
            throw JunhengError.invalid(field: "itemCode", "服务项目 \(key) 不在\(code.rawValue)的基本公共服务清单中")
        }
        throw JunhengError.invalid(field: "itemCode", "地区 \(region.rawValue) 尚无已发布的服务清单，请不选服务项目")
    }

    /// The department leading the item in the message's region, or the nearest ancestor's; nil
    /// when none or several fit, so the planner's office routes it by hand.
    private func leadDepartment(of item: CatalogueItem?, region: RegionCode) async throws -> Int64? {
        guard let item, !item.leadDepartment.isEmpty else { return nil }
        let regions = RegionStore(database.sql)
        let names = try await regions.ancestors(of: region).map(\.name) + [try await regionName(region, in: database.sql)]
        for code in try await app.access.regionPath(region) {
            let candidates = try await DepartmentStore(database.sql).departments(in: code)
                .map { DepartmentCandidate(id: $0.id, name: $0.name, shortName: $0.shortName) }
            switch DepartmentMatching.match(item.leadDepartment, among: candidates, regionNames: names) {
            case .department(let id): return id
            case .ambiguous: return nil
            case .unmatched: continue
            }
        }
        return nil
    }

    /// HMAC-SHA256 of the address under the installation's own key: posts from one address can
    /// be counted without the address being stored, or recovered by hashing every IPv4 address.
    private func hashed(_ address: String) async throws -> String {
        let key = try await SettingsStore(database.sql).valueOrInsert("feedback_address_key") { Secrets.randomToken() }
        let mac = HMAC<SHA256>.authenticationCode(for: Data(address.utf8), using: SymmetricKey(data: Data(key.utf8)))
        return Data(mac).map { String(format: "%02x", $0) }.joined()
    }
}

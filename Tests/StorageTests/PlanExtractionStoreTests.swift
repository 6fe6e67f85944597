import Foundation
import JunhengCore
import JunhengTestSupport
import SQLKit
import Storage
import Testing

/// Issue 15, point 7, in storage: each fact keeps the rule that proposed it, its confidence and
/// (items) its origin; the most doubtful are listed first on request; a fact a reviewer adds goes
/// after the others and is audited.
@Suite struct PlanExtractionStoreTests {
    static let tester = AuditActor(userID: nil, username: "tester")
    static let text = "到2025年，学前三年毛入园率达到90%。开展老年人健康管理。全市人均体育场地面积力争达到2.6平方米。"

    static func span(_ start: Int, _ end: Int) -> TextSpan {
        TextSpan(repairedStart: start, repairedEnd: end, originalStart: start, originalEnd: end)
    }

    /// A draft of three facts: a sure target, a doubtful item read from a sentence, a middling task.
    static func draft() -> PlanDraft {
        PlanDraft(
            plan: PlanRecord(regionCode: RegionCode(rawValue: "130500")!, title: "测试规划", issuer: "", documentNumber: "",
                             signedOn: nil, publishedOn: nil, periodStart: 2021, periodEnd: 2025),
            basedOn: [], document: SourceDocument(filename: "t.txt", encoding: "utf-8", originalText: text, repairedText: text),
            extractionJSON: "{}",
            extractions: [
                .proposed(kind: .target, fields: ["indicator": "学前三年毛入园率", "comparator": ">=", "value": "90", "unit": "%",
                                                  "year": "2025", "kind": "target"],
                          span: span(15, 18), quote: "到2025年，学前三年毛入园率达到90%。", rule: "target.comparatorVerb", confidence: 0.95),
                .proposed(kind: .item, fields: ["domain": "病有所医", "name": "老年人健康管理"], span: span(23, 30),
                          quote: "开展老年人健康管理。", rule: "item.prose", confidence: 0.4, origin: "prose"),
                .proposed(kind: .task, fields: ["title": "开展老年人健康管理"], span: span(21, 31), quote: "开展老年人健康管理。",
                          rule: "task.sentence", confidence: 0.7),
            ])
    }

    @Test(arguments: TestEngine.all)
    func factsKeepTheirRuleConfidenceAndOriginAndTheMostDoubtfulComeFirstOnRequest(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let store = PlanStore(database.sql)
            let plan = try await store.createDraft(Self.draft(), actor: Self.tester)
            let stored = try await store.extractions(planID: plan.id)
            #expect(stored.map(\.rule) == ["target.comparatorVerb", "item.prose", "task.sentence"])
            #expect(stored.map(\.confidence) == [0.95, 0.4, 0.7])
            #expect(stored.map(\.origin) == ["", "prose", ""])
            #expect(stored[1].isFromProse)

            let doubtfulFirst = try await store.extractions(planID: plan.id, order: .confidence, offset: 0, limit: 10)
            #expect(doubtfulFirst.items.map(\.kind) == [.item, .task, .target])
            #expect(doubtfulFirst.total == 3)
            let inDocumentOrder = try await store.extractions(planID: plan.id, offset: 0, limit: 2)
            #expect(inDocumentOrder.items.map(\.kind) == [.target, .item])
        }
    }

    @Test(arguments: TestEngine.all)
    func factsStoredBeforeRulesWereRecordedReadAsSureAndWithoutARule(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let store = PlanStore(database.sql)
            let plan = try await store.createDraft(Self.draft(), actor: Self.tester)
            // A row as version 10 wrote it: the new columns take their defaults.
            try await database.sql.raw("""
                INSERT INTO plan_extractions (plan_id, kind, sort_order, fields_json, repaired_start, repaired_end,
                  original_start, original_end, quote)
                VALUES (\(bind: plan.id), 'task', 7, '{"title":"旧任务"}', 0, 5, 0, 5, '到2025年')
                """).run()
            let old = try #require(try await store.extractions(planID: plan.id, kind: .task).last)
            #expect(old.rule == "" && old.confidence == 1 && old.origin == "")
            // A confidence outside 0–1 is refused by the database.
            await #expect(throws: (any Error).self) {
                try await database.sql.raw("UPDATE plan_extractions SET confidence = 1.5 WHERE id = \(bind: old.id)").run()
            }
        }
    }

    @Test(arguments: TestEngine.all)
    func aFactAddedByHandGoesAfterTheOthersIsAuditedAndIsRefusedOnAPublishedPlan(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let store = PlanStore(database.sql)
            let plan = try await store.createDraft(Self.draft(), actor: Self.tester)
            let manual = Extraction(id: 0, planID: plan.id, kind: .target, sortOrder: 0,
                                    fields: ["indicator": "人均体育场地面积", "comparator": ">=", "value": "2.6", "unit": "平方米",
                                             "year": "2025", "kind": "target"],
                                    status: .accepted, edited: false, span: Self.span(33, 52),
                                    quote: "全市人均体育场地面积力争达到2.6平方米", rule: ExtractionRule.manual, confidence: 1)
            let added = try await store.addExtraction(manual, planID: plan.id, actor: Self.tester)
            #expect(added.id > 0 && added.sortOrder == 3 && added.status == .accepted && added.rule == "manual")
            #expect(added.quote == manual.quote && added.span == manual.span && added.fields == manual.fields)
            let reviewed = try await database.sql.raw("SELECT reviewed_at FROM plan_extractions WHERE id = \(bind: added.id)")
                .first()?.decode(column: "reviewed_at", as: String?.self)
            #expect(reviewed != nil)
            let audit = try #require(try await AuditLog(database.sql).entries(
                matching: AuditFilter(action: "add", entity: "plan_extraction", entityID: String(added.id)), limit: 1).first)
            #expect(audit.regionCode == "130500" && audit.after?.contains("人均体育场地面积") == true)

            // Two facts of a plan never share their place, which names the published indicators.
            await #expect(throws: (any Error).self) {
                try await database.sql.raw("UPDATE plan_extractions SET sort_order = 0 WHERE id = \(bind: added.id)").run()
            }

            try await database.sql.raw("UPDATE plans SET status = 'published' WHERE id = \(bind: plan.id)").run()
            await #expect(throws: JunhengError.conflict("规划 \(plan.id) 已发布，不能再修改审核结果")) {
                try await store.addExtraction(manual, planID: plan.id, actor: Self.tester)
            }
        }
    }
}

import Foundation
import JunhengApp
import JunhengCore
import JunhengTestSupport
import SQLKit
import Storage
import Testing

/// Issue 15, point 7, as a planner does it: add a target the ingester missed from its sentence,
/// have it published by someone else with its quote; what is refused stores nothing.
@Suite struct PlanAdditionTests {
    static let xingtai = RegionCode(rawValue: "130500")!

    static let document = SupplementaryPlan.document
    static let missed = SupplementaryPlan.missedTarget

    static func offsets(of words: String, in text: String) throws -> Range<Int> {
        try SupplementaryPlan.offsets(of: words, in: text)
    }

    static func draft(_ app: JunhengApp, by planner: Actor) async throws -> (PlanRecord, SourceDocument) {
        let (plan, _) = try await app.plans.ingest(.init(filename: "补充规划.txt", data: Data(document.utf8), region: nil),
                                                   actor: planner)
        return (plan, try #require(try await app.plans.sourceDocument(of: plan)))
    }

    @Test(arguments: TestEngine.all)
    func aTargetTheIngesterMissedIsAddedFromItsSentenceAndPublishedWithItAsItsQuote(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let app = JunhengApp(database: database)
            let planner = try await AccessRuleTests.user(app, "add-planner", role: .planner, region: Self.xingtai)
            let approver = try await AccessRuleTests.user(app, "add-approver", role: .planner, region: Self.xingtai)
            let (plan, source) = try await Self.draft(app, by: planner)
            let proposed = try await app.plans.extractions(of: plan, kind: .target)
            #expect(!proposed.contains { $0.quote.contains("公共文化设施") }, "the ingester now reads the sentence: pick another")

            // The selection takes the line break after the sentence along; it is left out.
            let words = try Self.offsets(of: Self.missed, in: source.repairedText)
            let selection = try await app.plans.selection(of: plan, kind: .target, start: words.lowerBound,
                                                          end: words.upperBound + 1)
            #expect(selection.quote == Self.missed)
            #expect(selection.span.repairedStart == words.lowerBound && selection.span.repairedEnd == words.upperBound)
            // The sentence is unchanged in the original: its original offsets are exact.
            let original = try Self.offsets(of: Self.missed, in: source.originalText)
            #expect(selection.span.originalStart == original.lowerBound && selection.span.originalEnd == original.upperBound)
            // No Arabic number to read: the value is left to the reviewer, who also names the indicator.
            #expect(selection.fields["value"] == "" && selection.fields["kind"] == "target" && selection.fields["comparator"] == ">=")

            let added = try await app.plans.addExtraction(
                to: plan, kind: .target, start: words.lowerBound, end: words.upperBound,
                fields: ["indicator": "每万人拥有公共文化设施面积", "value": "1200", "unit": "平方米", "year": "2025"], actor: planner)
            #expect(added.rule == ExtractionRule.manual && added.confidence == 1 && added.status == .accepted)
            #expect(added.quote == Self.missed && added.span == selection.span)
            #expect(added.fields["comparator"] == ">=" && added.fields["direction"] == "higher")

            // The rest as a reviewer leaves it: what needs an edit (a baseline without its year) dropped.
            for id in try await app.plans.acceptPending(of: plan, actor: planner).needsEdit {
                _ = try await app.plans.review(id, of: plan, status: .dropped, fields: nil, actor: planner)
            }
            await #expect(throws: JunhengError.self) { try await app.plans.publish(plan, actor: planner) }
            let summary = try await app.plans.publish(plan, actor: approver)
            let accepted = try await app.plans.extractions(of: plan, kind: .target).filter { $0.status == .accepted }
            #expect(summary.targets == accepted.count && accepted.contains { $0.id == added.id })
            let indicator = try #require(try await IndicatorStore(database.sql).indicators().first { $0.code == "P\(plan.id)-T\(added.sortOrder + 1)" })
            #expect(indicator.name == "每万人拥有公共文化设施面积" && indicator.unit == "平方米")
            let provenance = try #require(try await app.plans.provenance(entity: "indicator", id: indicator.id).first)
            #expect(provenance.quote == Self.missed)
        }
    }

    @Test(arguments: TestEngine.all)
    func aPassageConvertedFromTraditionalCharactersGetsTheOriginalRangeThatContainsIt(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let app = JunhengApp(database: database)
            let planner = try await AccessRuleTests.user(app, "trad-planner", role: .planner, region: Self.xingtai)
            let (plan, source) = try await Self.draft(app, by: planner)
            let words = try Self.offsets(of: "全市人均体育场地面积由1.8平方米提高到2.6平方米", in: source.repairedText)
            let selection = try await app.plans.selection(of: plan, kind: .target, start: words.lowerBound, end: words.upperBound)
            let original = try Self.offsets(of: "全市人均體育場地面積由1.8平方米提高到2.6平方米", in: source.originalText)
            #expect(selection.span.originalStart <= original.lowerBound && original.upperBound <= selection.span.originalEnd)
            #expect(selection.span.originalEnd - selection.span.originalStart < source.originalText.unicodeScalars.count / 2,
                    "the range between the nearest anchors, not the whole document")
            #expect(selection.fields["indicator"] == "人均体育场地面积" && selection.fields["value"] == "2.6"
                && selection.fields["baselineValue"] == "1.8" && selection.fields["unit"] == "平方米")
            // The ingester proposed this target from its value: a fact of the sentence is no twin of it.
            let added = try await app.plans.addExtraction(to: plan, kind: .target, start: words.lowerBound, end: words.upperBound,
                                                          fields: ["baselineYear": "2020"], status: .pending, actor: planner)
            #expect(added.status == .pending && added.fields["year"] == "" && added.fields["baselineYear"] == "2020")
        }
    }

    @Test(arguments: TestEngine.all)
    func aRefusedAdditionSaysWhyAndStoresNothing(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let app = JunhengApp(database: database)
            let planner = try await AccessRuleTests.user(app, "refused-planner", role: .planner, region: Self.xingtai)
            let (plan, source) = try await Self.draft(app, by: planner)
            let length = source.repairedText.unicodeScalars.count
            let words = try Self.offsets(of: Self.missed, in: source.repairedText)
            let before = try await app.plans.extractions(of: plan).count
            let auditBefore = try await AuditLog(database.sql).count()
            func add(_ start: Int?, _ end: Int?, _ fields: [String: String] = [:], kind: ExtractionKind = .target,
                     status: ExtractionStatus = .accepted) async throws {
                _ = try await app.plans.addExtraction(to: plan, kind: kind, start: start, end: end, fields: fields, status: status,
                                                      actor: planner)
            }
            await #expect(throws: JunhengError.invalid(field: "end", "所选位置 0–\(length + 1) 超出原文范围（原文共 \(length) 个字符，位置应在 0–\(length) 之间）")) {
                try await add(0, length + 1, ["value": "1"])
            }
            await #expect(throws: JunhengError.invalid(field: "start", "请先在原文中选择文字（起止位置不能为空）")) { try await add(nil, 5) }
            await #expect(throws: JunhengError.invalid(field: "end", "所选文字为空：结束位置 5 应大于起始位置 5")) { try await add(5, 5) }
            // Missing fields: the indicator and the value cannot be read from a Chinese amount.
            await #expect(throws: JunhengError.invalid([ValidationIssue(field: "indicator", reason: "指标名称不能为空"),
                                                        ValidationIssue(field: "value", reason: "目标值不能为空")])) {
                try await add(words.lowerBound, words.upperBound)
            }
            // …and a pending fact needs them as much as an accepted one.
            await #expect(throws: JunhengError.self) { try await add(words.lowerBound, words.upperBound, status: .pending) }
            await #expect(throws: JunhengError.invalid([ValidationIssue(field: "colour", reason: "目标指标没有这个字段")])) {
                try await add(words.lowerBound, words.upperBound, ["colour": "red"])
            }
            await #expect(throws: JunhengError.invalid(field: "status", "新添加的提取项只能是待审核（pending）或已采纳（accepted）")) {
                try await add(words.lowerBound, words.upperBound, ["title": "x"], kind: .task, status: .dropped)
            }
            #expect(try await app.plans.extractions(of: plan).count == before)
            #expect(try await AuditLog(database.sql).count() == auditBefore)

            // The same passage as the same kind twice is refused the second time.
            let first = try await app.plans.addExtraction(to: plan, kind: .task, start: words.lowerBound, end: words.upperBound,
                                                          fields: [:], actor: planner)
            #expect(first.fields["title"] == "全市每万人拥有公共文化设施面积不少于一千二百平方米")
            await #expect(throws: JunhengError.conflict("所选文字已是重点任务 #\(first.id)，无需重复添加")) {
                try await add(words.lowerBound, words.upperBound, kind: .task)
            }
        }
    }

    @Test(arguments: TestEngine.all)
    func onlyThoseWhoManageTheRegionsPlansAddAndOnlyToADraft(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let app = JunhengApp(database: database)
            let planner = try await AccessRuleTests.user(app, "own-planner", role: .planner, region: Self.xingtai)
            let reporter = try await AccessRuleTests.user(app, "add-reporter", role: .regionReporter, region: AccessRuleTests.linCheng)
            let county = try await AccessRuleTests.user(app, "county-planner", role: .planner, region: AccessRuleTests.linCheng)
            let (plan, source) = try await Self.draft(app, by: planner)
            let words = try Self.offsets(of: Self.missed, in: source.repairedText)
            for outsider in [reporter, county] {
                await expectRefusal(.forbidden) {
                    _ = try await app.plans.addExtraction(to: plan, kind: .task, start: words.lowerBound, end: words.upperBound,
                                                          fields: ["title": "越权"], actor: outsider)
                }
            }
            await #expect(throws: JunhengError.unauthorized("需要登录")) {
                _ = try await app.plans.addExtraction(to: plan, kind: .task, start: words.lowerBound, end: words.upperBound,
                                                      fields: ["title": "匿名"], actor: AccessRuleTests.anonymous)
            }
            #expect(try await app.plans.extractions(of: plan, kind: .task).allSatisfy { $0.rule != ExtractionRule.manual })

            try await database.sql.raw("UPDATE plans SET status = 'published' WHERE id = \(bind: plan.id)").run()
            await #expect(throws: JunhengError.conflict("规划 \(plan.id) 已发布，不能再修改审核结果")) {
                _ = try await app.plans.addExtraction(to: plan, kind: .task, start: words.lowerBound, end: words.upperBound,
                                                      fields: ["title": "迟到"], actor: planner)
            }
        }
    }
}

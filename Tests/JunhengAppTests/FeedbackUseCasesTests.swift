import Foundation
import JunhengApp
import JunhengCore
import JunhengTestSupport
import Storage
import Testing

/// Issue 13, demand feedback: a citizen's message gets a receipt, is routed, answered by the
/// department and followed by receipt; contacts reach only the handling department; duplicates,
/// floods and robots are refused without storing anything.
@Suite("Feedback")
struct FeedbackUseCasesTests {
    static let xingtai = RegionCode(rawValue: "130500")!
    static let message = FeedbackSubmission(
        kind: .request, regionCode: "130500", text: "我们小区附近没有普惠托育点，希望增加托育服务，电话13800138000。",
        contactName: "王先生", contactPhone: "13800138000")

    static func demo(_ database: JunhengDatabase) async throws -> (app: JunhengApp, planner: Actor, editor: Actor) {
        let app = JunhengApp(database: database, settings: AppSettings(today: CalendarDay(year: 2026, month: 12, day: 5)))
        let users = UserStore(database.sql)
        let planner = Actor.user(try #require(try await users.user(username: "planner")), requestID: nil)
        let editor = Actor.user(try #require(try await users.user(username: "edu-editor")), requestID: nil)
        return (app, planner, editor)
    }

    @Test(arguments: TestEngine.all)
    func aCitizenFollowsAMessageFromReceiptToRatedAnswer(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, holding: .demo()) { database in
            let (app, planner, editor) = try await Self.demo(database)
            let now = Date(timeIntervalSince1970: 1_796_000_000)
            let stored = try await app.feedback.submit(Self.message, clientAddress: "203.0.113.7", now: now, actor: Actor(.anonymous))
            #expect(stored.status == .new && stored.departmentID == nil)
            #expect(stored.dueOn == stored.receivedOn.adding(days: 15))

            let seen = try await app.feedback.lookup(receipt: stored.receipt.lowercased())
            #expect(seen.receipt == stored.receipt && seen.answer == nil && seen.regionName == "邢台市")
            #expect(seen.text.contains("138****8000") && !seen.text.contains("13800138000"))

            // The planner's office sees it unrouted and sends it to the education bureau.
            let inbox = try await app.feedback.inbox(actor: planner)
            #expect(inbox.map(\.record.receipt) == [stored.receipt])
            #expect(inbox[0].contact == nil)
            let education = try #require(try await DepartmentStore(database.sql).departments(in: Self.xingtai)
                .first { $0.name == "邢台市教育局" })
            let routed = try await app.feedback.route(String(stored.id), departmentID: education.id, actor: planner)
            #expect(routed.departmentName == "邢台市教育局" && routed.contact == nil)

            // Only the handling department reads the contact.
            let handling = try await app.feedback.detail(String(stored.id), actor: editor)
            #expect(handling.contact == FeedbackContact(name: "王先生", phone: "13800138000"))
            _ = try await app.feedback.addNote(String(stored.id), text: "已电话联系，拟在东关街道试点", actor: editor)
            let answered = try await app.feedback.handle(
                String(stored.id), step: .answer, answer: "已列入2027年普惠托育建设计划，将在东关街道新增托位60个。", actor: editor)
            #expect(answered.record.status == .answered && answered.notes.count == 1 && answered.colour == .blue)

            let followed = try await app.feedback.lookup(receipt: stored.receipt)
            #expect(followed.status == .answered && followed.answer?.hasPrefix("已列入2027年") == true)
            #expect(followed.departmentName == "邢台市教育局")
            let rated = try await app.feedback.rate(receipt: stored.receipt, rating: 4, actor: Actor(.anonymous))
            #expect(rated.rating == 4)
            let again = await expectRefusal(.conflict) {
                _ = try await app.feedback.rate(receipt: stored.receipt, rating: 5, actor: Actor(.anonymous))
            }
            #expect(again == .conflict("已评价过本次答复"))
            #expect(try await app.feedback.publishedAnswers().map(\.receipt) == [stored.receipt])
        }
    }

    @Test(arguments: TestEngine.all)
    func duplicatesFloodsAndRobotsAreRefusedAndNothingIsStored(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, holding: .demo()) { database in
            let (app, planner, _) = try await Self.demo(database)
            let now = Date(timeIntervalSince1970: 1_796_000_000)
            let first = try await app.feedback.submit(Self.message, clientAddress: "198.51.100.1", now: now, actor: Actor(.anonymous))
            var reworded = Self.message
            reworded.text = "我们小区附近没有普惠托育点 希望增加托育服务 电话13800138000"
            let duplicate = await expectRefusal(.conflict) {
                _ = try await app.feedback.submit(reworded, clientAddress: "198.51.100.1", now: now.addingTimeInterval(20),
                                                  actor: Actor(.anonymous))
            }
            #expect(duplicate == .conflict("已收到内容相同的留言，回执号 \(first.receipt)，请凭回执号查询办理情况"))

            for index in 1...4 {
                var other = Self.message
                other.text = "第\(index)条：希望社区卫生服务中心延长周末门诊时间。"
                _ = try await app.feedback.submit(other, clientAddress: "198.51.100.1", now: now.addingTimeInterval(Double(60 * index)),
                                                  actor: Actor(.anonymous))
            }
            var sixth = Self.message
            sixth.text = "第六条：希望增加老年食堂的数量和开放时间。"
            let flood = await expectRefusal(.rateLimited) {
                _ = try await app.feedback.submit(sixth, clientAddress: "198.51.100.1", now: now.addingTimeInterval(600),
                                                  actor: Actor(.anonymous))
            }
            #expect(flood == .rateLimited("提交过于频繁，请 50 分钟后再试", retryAfterSeconds: 3_000))
            // Another address is not held back.
            _ = try await app.feedback.submit(sixth, clientAddress: "198.51.100.2", now: now.addingTimeInterval(600),
                                              actor: Actor(.anonymous))

            var robot = Self.message
            robot.text = "机器人填写的内容，带有蜜罐字段的值。"
            robot.website = "http://example.com"
            await expectRefusal(.invalid) {
                _ = try await app.feedback.submit(robot, clientAddress: "198.51.100.3", now: now, actor: Actor(.anonymous))
            }
            var nowhere = Self.message
            nowhere.regionCode = "999999"
            await expectRefusal(.invalid) {
                _ = try await app.feedback.submit(nowhere, clientAddress: "198.51.100.4", now: now, actor: Actor(.anonymous))
            }
            #expect(try await app.feedback.inbox(actor: planner).count == 6)
        }
    }

    @Test(arguments: TestEngine.all)
    func aDepartmentHandlesOnlyWhatWasRoutedToIt(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, holding: .demo()) { database in
            let (app, planner, editor) = try await Self.demo(database)
            let stored = try await app.feedback.submit(Self.message, clientAddress: "192.0.2.9", actor: Actor(.anonymous))
            #expect(try await app.feedback.inbox(actor: editor).isEmpty)
            let refusal = await expectRefusal(.forbidden) {
                _ = try await app.feedback.handle(String(stored.id), step: .accept, actor: editor)
            }
            #expect(refusal == .forbidden("该留言未转给本部门办理"))
            let health = try #require(try await DepartmentStore(database.sql).departments(in: Self.xingtai)
                .first { $0.name == "邢台市卫生健康委员会" })
            _ = try await app.feedback.route(String(stored.id), departmentID: health.id, actor: planner)
            await expectRefusal(.forbidden) { _ = try await app.feedback.detail(String(stored.id), actor: editor) }
            await expectRefusal(.forbidden) {
                _ = try await app.feedback.route(String(stored.id), departmentID: health.id, actor: editor)
            }
            await expectRefusal(.unauthorized) { _ = try await app.feedback.inbox(actor: Actor(.anonymous)) }
            let notAnswer = await expectRefusal(.invalid) {
                _ = try await app.feedback.handle(String(stored.id), step: .answer, answer: "好", actor: planner)
            }
            #expect(notAnswer == .invalid(field: "answer", "答复应为 5 到 4000 字"))
            let unknown = await expectRefusal(.invalid) { _ = try await app.feedback.lookup(receipt: "12345") }
            #expect(unknown?.issues.first?.field == "receipt")
        }
    }
}

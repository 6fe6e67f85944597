import Foundation
import Testing

@testable import JunhengCore

@Suite struct FeedbackRulesTests {
    private let submission = FeedbackSubmission(
        kind: .request, regionCode: "130502", itemCode: "3", text: "  村里没有托育点，希望能在镇上开一个普惠托育班。 ",
        contactName: "张女士", contactPhone: "138 0013 8000")

    @Test func handlingMovesForwardOnly() throws {
        #expect(try FeedbackStatus.new.next(for: .accept) == .accepted)
        #expect(try FeedbackStatus.accepted.next(for: .answer) == .answered)
        #expect(try FeedbackStatus.answered.next(for: .answer) == .answered)
        #expect(try FeedbackStatus.answered.next(for: .close) == .closed)
        #expect(try FeedbackStatus.new.next(for: .merge) == .merged)
        #expect(throws: JunhengError.conflict("留言当前为“已办结”，不能答复")) { try FeedbackStatus.closed.next(for: .answer) }
        #expect(throws: JunhengError.conflict("留言当前为“已答复”，不能合并为重复留言")) {
            try FeedbackStatus.answered.next(for: .merge)
        }
    }

    @Test func deadlineColoursFollowTheTaskRules() {
        let deadline = FeedbackDeadline.standard
        let received = CalendarDay(year: 2026, month: 12, day: 1)!
        let due = deadline.due(receivedOn: received)
        #expect(due == CalendarDay(year: 2026, month: 12, day: 16)!)
        #expect(deadline.colour(status: .new, due: due, today: received) == .green)
        #expect(deadline.colour(status: .accepted, due: due, today: CalendarDay(year: 2026, month: 12, day: 13)!) == .yellow)
        #expect(deadline.colour(status: .accepted, due: due, today: CalendarDay(year: 2026, month: 12, day: 17)!) == .red)
        #expect(deadline.colour(status: .answered, due: due, today: CalendarDay(year: 2027, month: 1, day: 17)!) == .blue)
    }

    @Test func submissionIsTrimmedAndCheckedField_byField() throws {
        let clean = try submission.validated()
        #expect(clean.text == "村里没有托育点，希望能在镇上开一个普惠托育班。")
        #expect(!clean.isFromRobot)
        var bad = submission
        bad.text = "太差"
        bad.contactPhone = "12345"
        bad.regionCode = " "
        do {
            _ = try bad.validated()
            Issue.record("a bad submission was accepted")
        } catch {
            #expect(error.issues.map(\.field) == ["regionCode", "text", "contactPhone"])
            #expect(error.issues[1].reason == "请把诉求写清楚，至少 10 个字")
        }
        #expect(FeedbackSubmission.isPhoneNumber("0319-2223344"))
        #expect(!FeedbackSubmission.isPhoneNumber("２３４"))
        var robot = submission
        robot.website = "http://spam.example"
        #expect(robot.isFromRobot)
    }

    @Test func duplicatesIgnoreSpacingPunctuationAndCase() {
        var same = submission
        same.text = "村里没有托育点 希望能在镇上开一个普惠托育班"
        #expect(same.duplicateKey == submission.duplicateKey)
        var otherRegion = submission
        otherRegion.regionCode = "130503"
        #expect(otherRegion.duplicateKey != submission.duplicateKey)
        // FNV-1a's published test vectors.
        #expect(StableHash.fnv1a64("") == 0xcbf2_9ce4_8422_2325)
        #expect(StableHash.fnv1a64("a") == 0xaf63_dc4c_8601_ec8c)
    }

    @Test func postingPolicyRefusesDuplicatesAndFloods() throws {
        let policy = FeedbackPostingPolicy.standard
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let key = submission.duplicateKey
        let earlier = FeedbackPostingPolicy.RecentPost(address: "10.0.0.1", duplicateKey: key,
                                                       postedAt: now.addingTimeInterval(-30), receipt: "20261205-ABCDEFGH")
        #expect(throws: JunhengError.conflict("已收到内容相同的留言，回执号 20261205-ABCDEFGH，请凭回执号查询办理情况")) {
            try policy.decide(address: "10.0.0.1", duplicateKey: key, now: now, recent: [earlier])
        }
        #expect(throws: JunhengError.conflict("已有内容相同的留言正在办理，请勿重复提交")) {
            try policy.decide(address: "10.0.0.2", duplicateKey: key, now: now, recent: [earlier])
        }
        #expect(throws: Never.self) {
            try policy.decide(address: "10.0.0.1", duplicateKey: key, now: now.addingTimeInterval(86_400), recent: [earlier])
        }
        let flood = (0..<5).map {
            FeedbackPostingPolicy.RecentPost(address: "10.0.0.9", duplicateKey: "k\($0)",
                                             postedAt: now.addingTimeInterval(Double(-600 * $0)), receipt: "r\($0)")
        }
        // The oldest of the five (40 minutes ago) leaves the hour in 20 minutes.
        #expect(throws: JunhengError.rateLimited("提交过于频繁，请 20 分钟后再试", retryAfterSeconds: 1_200)) {
            try policy.decide(address: "10.0.0.9", duplicateKey: key, now: now, recent: flood)
        }
    }

    @Test func receiptNumbersCheckThemselvesAndForgiveLookalikes() {
        var generator = SplitMix64(state: 42)
        let receipt = ReceiptNumber.make(day: CalendarDay(year: 2026, month: 12, day: 5)!, using: &generator)
        #expect(receipt.hasPrefix("20261205-") && receipt.count == 17)
        #expect(ReceiptNumber.normalised(receipt) == receipt)
        #expect(ReceiptNumber.normalised(receipt.lowercased()) == receipt)
        // Every single-character change is caught.
        let characters = Array(receipt)
        for position in [0, 7, 9, 12, 15, 16] {
            for replacement in ReceiptNumber.alphabet where replacement != characters[position] {
                var changed = characters
                changed[position] = replacement
                if position < 8 && !replacement.isNumber { continue }
                #expect(ReceiptNumber.normalised(String(changed)) == nil, "\(String(changed))")
            }
        }
        var withO = characters
        if let zero = withO.indices.dropFirst(9).first(where: { withO[$0] == "0" }) {
            withO[zero] = "O"
            #expect(ReceiptNumber.normalised(String(withO)) == receipt)
        }
        #expect(ReceiptNumber.normalised("20261205-ABC") == nil)
    }

    @Test func ratingComesOnceAfterTheAnswer() throws {
        #expect(try AnswerRating.validated(5, status: .answered, alreadyRated: false) == 5)
        #expect(throws: JunhengError.conflict("留言尚未答复，暂不能评价")) {
            try AnswerRating.validated(5, status: .accepted, alreadyRated: false)
        }
        #expect(throws: JunhengError.conflict("已评价过本次答复")) { try AnswerRating.validated(4, status: .closed, alreadyRated: true) }
        #expect(throws: JunhengError.invalid(field: "rating", "评价应为 1 到 5 星")) {
            try AnswerRating.validated(0, status: .closed, alreadyRated: false)
        }
    }

    @Test func hotlineOrdersGoToTheItemWhoseKeywordsCoverMost() throws {
        let map = try HotlineKeywordMap(rules: [
            .init(itemCode: "B12", keywords: ["家庭医生签约", "家庭医生"]),
            .init(itemCode: "B10", keywords: ["医生", "看病"]),
            .init(itemCode: "A03", keywords: ["托育", "幼儿园"]),
            .init(itemCode: "A04", keywords: ["入园"]),
        ]).validated()
        #expect(map.classify("家庭医生签约后一直联系不上医生") == .mapped(itemCode: "B12", keyword: "家庭医生签约"))
        #expect(map.classify("孩子入园难") == .mapped(itemCode: "A04", keyword: "入园"))
        #expect(map.classify("幼儿园收费太高") == .mapped(itemCode: "A03", keyword: "幼儿园"))
        #expect(map.classify("托育 入园") == .ambiguous(itemCodes: ["A03", "A04"]))
        #expect(map.classify("路灯不亮") == .unmapped)
        #expect(throws: JunhengError.invalid([ValidationIssue(field: "B10", reason: "关键词“托育”已用于服务项目 A03")])) {
            try HotlineKeywordMap(rules: [.init(itemCode: "A03", keywords: ["托育"]), .init(itemCode: "B10", keywords: ["托育"])]).validated()
        }
    }
}

@Suite struct PersonalDataTests {
    @Test func phoneIdNumbersAndEmailsAreMaskedInPublicText() {
        #expect(PersonalData.masked("请打13800138000联系我") == "请打138****8000联系我")
        #expect(PersonalData.masked("身份证130502199001011234，邮箱 zhang.san@example.cn")
                == "身份证130502********1234，邮箱 z***@example.cn")
        #expect(PersonalData.masked("身份证13050219900101123X") == "身份证130502********123X")
        // Numbers that are not personal stay: a year, an amount, a 12-digit order number.
        #expect(PersonalData.masked("2026年补助3000元，工单号202612050001") == "2026年补助3000元，工单号202612050001")
    }
}

@Suite struct HotlineKeywordTextTests {
    @Test func keywordsAreReadOneItemPerLineAndWrittenBackTheSameWay() throws {
        let map = try HotlineKeywordMap.read(text: "A03=托育、托儿所\n\nB12：家庭医生, 签约\nA03 = 幼儿园\n")
        #expect(map.rules == [.init(itemCode: "A03", keywords: ["托育", "托儿所", "幼儿园"]), .init(itemCode: "B12", keywords: ["家庭医生", "签约"])])
        #expect(try HotlineKeywordMap.read(text: map.text) == map)
        #expect(throws: JunhengError.invalid([
            ValidationIssue(field: "keywords", reason: "第 1 行应写成“项目编码=关键词、关键词”，如“A03=托育、托儿所”", row: 1),
            ValidationIssue(field: "keywords", reason: "第 2 行缺少项目编码或关键词", row: 2),
        ])) { try HotlineKeywordMap.read(text: "托育\nB10=\n") }
        #expect(throws: JunhengError.invalid([ValidationIssue(field: "B10", reason: "关键词“托育”已用于服务项目 A03")])) {
            try HotlineKeywordMap.read(text: "A03=托育\nB10=托育")
        }
    }
}

import JunhengCore

extension FeedbackKind: Bilingual {}
extension FeedbackStatus: Bilingual {}

/// The words of the feedback pages in both languages (merged into ``UIStrings/table``).
enum FeedbackStrings {
    /// The `fb.*` strings without their prefix, for templates (`{{words.submit}}`).
    static func words(_ language: Language) -> [String: String] { UIStrings.words(of: table, prefix: "fb.", in: language) }

    static let table: [String: (zh: String, en: String)] = [
        "feedback": ("群众留言", "Feedback"),
        "feedbackInbox": ("留言办理", "Feedback to handle"),
        "fb.intro": ("对基本公共服务有需求、投诉、表扬或建议，请在这里留言。我们在 15 日内答复，凭回执号可查询办理情况。不需要登录；联系方式只有办理部门能看到，不会公开。",
                     "Tell us what you need from basic public services, or complain, praise or suggest. We answer within 15 days; follow your message with its receipt number. No sign-in needed; your contact details are seen only by the department that handles the message and are never published."),
        "fb.newMessage": ("我要留言", "Send a message"),
        "fb.kind": ("类型", "Kind"),
        "fb.region": ("所在地区", "Your area"),
        "fb.item": ("相关服务项目（可选）", "Service concerned (optional)"),
        "fb.itemNone": ("不确定 / 不选", "Not sure / none"),
        "fb.text": ("留言内容（10 到 2000 字）", "Your message (10 to 2,000 characters)"),
        "fb.contactName": ("称呼（可选）", "Name (optional)"),
        "fb.contactPhone": ("联系电话（可选）", "Phone (optional)"),
        "fb.contactNote": ("联系方式仅办理部门可见", "Seen only by the handling department"),
        "fb.website": ("网址（请留空）", "Website (leave empty)"),
        "fb.submit": ("提交留言", "Send"),
        "fb.received": ("留言已收到", "Message received"),
        "fb.keepReceipt": ("请记下回执号，凭它查询办理情况和答复：", "Keep this receipt number to follow your message and read the answer:"),
        "fb.lookup": ("查询办理情况", "Follow a message"),
        "fb.receiptNumber": ("回执号", "Receipt number"),
        "fb.find": ("查询", "Find"),
        "fb.status": ("办理状态", "Status"),
        "fb.receivedOn": ("收到日期", "Received"),
        "fb.dueOn": ("答复时限", "Answer due"),
        "fb.department": ("办理部门", "Handled by"),
        "fb.unrouted": ("待分办", "Being routed"),
        "fb.answer": ("答复", "Answer"),
        "fb.answeredOn": ("答复日期", "Answered"),
        "fb.noAnswerYet": ("尚未答复", "Not answered yet"),
        "fb.rate": ("评价本次答复", "Rate this answer"),
        "fb.rating": ("您的评价", "Your rating"),
        "fb.ratingValue": ("{stars} 星（满分 5 星）", "{stars} of 5 stars"),
        "fb.sendRating": ("提交评价", "Send rating"),
        "fb.mergedInto": ("与回执号 {receipt} 的留言合并办理，答复见该留言。", "Handled together with message {receipt}; see its answer."),
        "fb.published": ("已公开的答复", "Published answers"),
        "fb.noneAnswered": ("暂无已答复的留言", "No message has been answered yet"),
        "fb.publicNote": ("公开的留言已隐去手机号、身份证号和电子邮箱。", "Phone numbers, ID numbers and e-mail addresses are masked in published messages."),
        "fb.inbox": ("留言办理", "Feedback to handle"),
        "fb.inboxIntro": ("按答复时限排序：红灯已超期，黄灯 3 日内到期，蓝灯已答复。", "Oldest deadline first: red is overdue, yellow due within 3 days, blue answered."),
        "fb.noCases": ("没有留言", "No messages"),
        "fb.deadline": ("时限", "Deadline"),
        "fb.message": ("留言", "Message"),
        "fb.contact": ("联系方式", "Contact"),
        "fb.contactHidden": ("联系方式仅办理部门可见", "Contact details are shown to the handling department only"),
        "fb.noContact": ("未留联系方式", "No contact given"),
        "fb.notes": ("内部备注（不公开）", "Internal notes (never published)"),
        "fb.addNote": ("添加备注", "Add note"),
        "fb.accept": ("受理", "Accept"),
        "fb.publishAnswer": ("发布答复", "Publish answer"),
        "fb.close": ("办结", "Close"),
        "fb.mergeInto": ("重复留言：合并到回执号", "Duplicate of receipt"),
        "fb.merge": ("合并", "Merge"),
        "fb.routeTo": ("转给部门", "Route to department"),
        "fb.route": ("转办", "Route"),
        "fb.all": ("全部", "All"),
    ]
}

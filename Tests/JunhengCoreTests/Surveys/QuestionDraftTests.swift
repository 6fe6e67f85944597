import Foundation
import JunhengCore
import Testing

/// The questionnaire builder's rows read into questions: every kind, the standard scale when the
/// options are blank, and each problem named by the question's number.
@Suite struct QuestionDraftTests {
    @Test func everyKindReadsFromItsRowAndBackAgain() throws {
        let drafts = [
            QuestionDraft(code: "Q1", text: "您对托育服务满意吗？", domain: "幼有所育"),
            QuestionDraft(code: "Q2", text: "您对就医满意吗？", kind: "satisfaction", domain: "病有所医",
                          options: "满意=100\n一般＝50\n不满意 = 0"),
            QuestionDraft(code: "Q3", text: "您最常去哪里看病？", kind: "singleChoice", options: "村卫生室\n\n乡镇卫生院\n县医院", required: false),
            QuestionDraft(code: "Q4", text: "家中几口人？", kind: "number", minimum: "1", maximum: "20"),
            QuestionDraft(code: "Q5", text: "其他意见", kind: "text", required: false),
            QuestionDraft(code: "Q6", text: "删掉的题", kind: "text", removed: true),
            QuestionDraft(),
        ]
        let questions = try QuestionDraft.questions(drafts)
        #expect(questions.map(\.code) == ["Q1", "Q2", "Q3", "Q4", "Q5"])
        #expect(questions[0].kind == .satisfaction(.fivePoint))
        #expect(questions[1].kind == .satisfaction(SatisfactionScale(points: [
            .init(label: "满意", score: 100), .init(label: "一般", score: 50), .init(label: "不满意", score: 0)])))
        #expect(questions[2].kind == .singleChoice(options: ["村卫生室", "乡镇卫生院", "县医院"]) && !questions[2].required)
        #expect(questions[3].kind == .number(minimum: 1, maximum: 20))
        #expect(questions[4].kind == .text(maximumLength: 500))
        // Shown again in the builder, each question reads back to itself.
        #expect(try QuestionDraft.questions(questions.map(QuestionDraft.init)) == questions)
        #expect(QuestionDraft(questions[0]).options.isEmpty && QuestionDraft(questions[1]).options == "满意=100\n一般=50\n不满意=0")
    }

    @Test func everyBadRowIsNamedByItsNumber() {
        let drafts = [
            QuestionDraft(code: "Q1", text: "量表", options: "满意=很好\n不满意=0"),
            QuestionDraft(code: "Q2", text: "人数", kind: "number", minimum: "一", maximum: "9"),
            QuestionDraft(code: "Q3", text: "意见", kind: "text", maximum: "12.5"),
            QuestionDraft(code: "Q4", text: "？", kind: "ranking"),
        ]
        #expect(throws: JunhengError.invalid([
            ValidationIssue(field: "questions[0]", reason: "第 1 题：量表选项“满意=很好”应写成“名称=分值”，如“满意=75”"),
            ValidationIssue(field: "questions[1]", reason: "第 2 题：最小值应为数字，而不是“一”"),
            ValidationIssue(field: "questions[2]", reason: "第 3 题：字数上限应为 1 到 5000 之间的整数"),
            ValidationIssue(field: "questions[3]", reason: "第 4 题：未知的题型“ranking”"),
        ])) { try QuestionDraft.questions(drafts) }
    }
}

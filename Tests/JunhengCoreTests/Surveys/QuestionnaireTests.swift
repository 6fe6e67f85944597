import Foundation
import Testing

@testable import JunhengCore

@Suite struct QuestionnaireTests {
    private let questionnaire = Questionnaire(title: "2026年邢台市基本公共服务满意度调查", questions: [
        SurveyQuestion(code: "Q1", text: "您对孩子入托服务满意吗？", kind: .satisfaction(.fivePoint), domain: "幼有所育"),
        SurveyQuestion(code: "Q2", text: "您对义务教育满意吗？", kind: .satisfaction(.fivePoint), domain: "学有所教"),
        SurveyQuestion(code: "Q3", text: "您对学校课后服务满意吗？", kind: .satisfaction(.fivePoint), domain: "学有所教"),
        SurveyQuestion(code: "Q4", text: "您最希望改进哪些服务？", kind: .multipleChoice(options: ["托育", "教育", "医疗"]), required: false),
        SurveyQuestion(code: "Q5", text: "家中几口人？", kind: .number(minimum: 1, maximum: 20), required: false),
        SurveyQuestion(code: "Q6", text: "其他意见", kind: .text(maximumLength: 10), required: false),
    ])

    @Test func scaleReadsLabelsScoresAndTheNotUsedAnswer() {
        let scale = SatisfactionScale.fivePoint
        #expect(scale.reading("满意") == .score(75))
        #expect(scale.reading(" 100 ") == .score(100))
        #expect(scale.reading("未使用该服务") == .notUsed)
        #expect(scale.reading("60") == nil)
        #expect(scale.reading("还行") == nil)
    }

    @Test func scaleMustFallFromBestToWorstWithDistinctLabels() {
        let rising = SatisfactionScale(points: [.init(label: "满意", score: 1), .init(label: "不满意", score: 2)])
        #expect(throws: JunhengError.invalid(field: "scale", "量表分值须从“最满意”到“最不满意”依次递减")) {
            try rising.validated()
        }
        let clash = SatisfactionScale(points: [.init(label: "满意", score: 1), .init(label: "未使用该服务", score: 0)])
        #expect(throws: JunhengError.invalid(field: "scale", "量表选项的名称不能重复（含“未使用该服务”）")) {
            try clash.validated()
        }
        #expect(throws: Never.self) { try SatisfactionScale.fivePoint.validated() }
    }

    @Test func questionnaireValidationNamesEachQuestion() {
        var bad = questionnaire
        bad.questions[1].code = "Q1"
        bad.questions[2].domain = nil
        bad.questions[3].kind = .multipleChoice(options: ["托育"])
        bad.questions[4].code = "1题"
        do {
            _ = try bad.validated()
            Issue.record("an invalid questionnaire was accepted")
        } catch {
            #expect(error.issues.map(\.reason) == [
                "问题 Q1：编号重复",
                "问题 Q3：满意度题须关联服务领域",
                "问题 Q4：至少需要两个选项",
                "问题 1题：编号只能由字母、数字、下划线组成，且以字母开头（如 Q1）",
            ])
        }
    }

    @Test func aFieldedQuestionnaireIsRevisedAsTheNextVersion() throws {
        var fielded = questionnaire
        fielded.status = try fielded.status.next(.fielded)
        let revised = fielded.revised(questions: Array(fielded.questions.prefix(2)))
        #expect(revised.version == 2 && revised.status == .draft && revised.questions.count == 2)
        #expect(fielded.version == 1 && fielded.questions.count == 6)
        let draftEdit = questionnaire.revised(questions: Array(questionnaire.questions.prefix(1)))
        #expect(draftEdit.version == 1)
        #expect(throws: JunhengError.conflict("问卷当前为“调查中”，不能改为“草稿”")) {
            try QuestionnaireStatus.fielded.next(.draft)
        }
    }

    @Test func aRowIsReadIntoAResponse() throws {
        let reader = SurveyResponseReader(questionnaire: questionnaire)
        let response = try reader.read([
            "地区代码": "130502", "城乡": "农村", "性别": "女", "年龄段": "30-44岁", "调查点": "东郭村",
            "Q1": "未使用该服务", "Q2": "满意", "Q3": "50", "Q4": "医疗、托育", "Q5": "4",
        ])
        #expect(response.regionCode == "130502" && response.residence == .rural && response.sex == .female)
        #expect(response.cluster == "东郭村" && response.weight == nil)
        #expect(response.answers["Q1"] == .satisfaction(.notUsed))
        #expect(response.answers["Q3"] == .satisfaction(.score(50)))
        #expect(response.answers["Q4"] == .choices(["托育", "医疗"]))
        #expect(response.answers["Q6"] == nil)
    }

    @Test func aBadRowNamesEveryColumnAndReason() {
        let reader = SurveyResponseReader(questionnaire: questionnaire)
        do {
            _ = try reader.read([
                "地区代码": "130502", "城乡": "郊区", "年龄段": "70岁", "权重": "-2",
                "Q1": "还行", "Q3": "满意", "Q4": "医疗、体育", "Q5": "30", "Q6": "这条意见超过了十个字的限制",
            ], row: 7, sheet: "答卷")
            Issue.record("a bad row was accepted")
        } catch {
            #expect(error.issues.map(\.column) == ["城乡", "年龄段", "权重", "Q1", "Q2", "Q4", "Q5", "Q6"])
            #expect(error.issues.allSatisfy { $0.row == 7 && $0.sheet == "答卷" })
            #expect(error.issues.map(\.reason) == [
                "城乡应填写“城镇”或“农村”",
                "年龄段“70岁”不在问卷的年龄段中（18-29岁、30-44岁、45-59岁、60岁及以上）",
                "权重应为大于 0 的数，而不是“-2”",
                "“还行”不是量表上的选项（非常满意、满意、一般、不满意、非常不满意、未使用该服务）",
                "必答题未作答",
                "“体育”不是本题的选项（托育、教育、医疗）",
                "不能大于 20",
                "超过 10 字（共 13 字）",
            ])
        }
    }

    @Test func scoresAverageADomainsAnswersLeavingOutUnusedServices() throws {
        let reader = SurveyResponseReader(questionnaire: questionnaire)
        let responses = try [
            reader.read(["地区代码": "130502", "城乡": "城镇", "Q1": "非常满意", "Q2": "满意", "Q3": "一般"]),
            reader.read(["地区代码": "130502", "城乡": "城镇", "Q1": "未使用该服务", "Q2": "未使用该服务", "Q3": "不满意"]),
            reader.read(["地区代码": "130503", "城乡": "农村", "Q1": "未使用该服务", "Q2": "未使用该服务", "Q3": "未使用该服务"]),
        ]
        let byDomain = SatisfactionScores.byDomain(responses, questionnaire: questionnaire)
        #expect(byDomain["幼有所育"] == [100, nil, nil])
        #expect(byDomain["学有所教"] == [62.5, 25, nil])
        #expect(SatisfactionScores.overall(responses, questionnaire: questionnaire) == [75, 25, nil])
    }
}

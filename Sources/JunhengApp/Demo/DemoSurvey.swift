import Foundation
import JunhengCore
import Storage

/// The demo's satisfaction survey of Xingtai (示例数据): the standard questionnaire, fielded and
/// closed, with synthetic answers drawn from a seeded generator — in each county two urban and two
/// rural sampling points of a dozen respondents, weighted by a made-up county population; 新河县
/// drew only 24 respondents, so its cells are suppressed, as a real small sample's would be.
enum DemoSurvey {
    static let title = "邢台市2020年基本公共服务满意度调查（示例数据）"
    static let smallSample = "130530"

    static func load(into database: JunhengDatabase) async throws {
        let store = SurveyStore(database.sql)
        if try await store.surveys(regionCodes: [DemoData.city]).contains(where: { $0.questionnaire.title == title }) { return }
        let actor = AuditActor.system("demo")
        let questionnaire = Questionnaire.standard(title: title)
        let counties = try await RegionStore(database.sql).children(of: DemoData.city)
        var responses: [SurveyResponse] = []
        for county in counties {
            var random = SplitMix64(seed: "survey/\(county.code.rawValue)")
            let level = random.next(in: 0.45...0.8)
            let perPoint = county.code.rawValue == smallSample ? 6 : 12
            let population = random.next(in: 20...80) * 10_000
            let sample = Double(perPoint * 4)
            for residence in Residence.allCases {
                for point in 1...2 {
                    let cluster = "\(county.code.rawValue)-\(residence.rawValue)-\(point)"
                    let pointShift = random.next(in: -0.08...0.08) + (residence == .rural ? -0.05 : 0.03)
                    for _ in 0..<perPoint {
                        var answers: [String: SurveyAnswer] = [:]
                        for (index, question) in questionnaire.questions.enumerated() {
                            guard case .satisfaction(let scale) = question.kind else { continue }
                            let notUsed = [0, 7].contains(index) ? 0.4 : 0.1
                            if random.nextUnit() < notUsed {
                                answers[question.code] = .satisfaction(.notUsed)
                                continue
                            }
                            // Higher levels make the better points likelier; the scale is best first.
                            let drawn = min(max(level + pointShift + random.next(in: -0.35...0.35), 0), 0.999)
                            let chosen = scale.points[scale.points.count - 1 - Int(drawn * Double(scale.points.count))]
                            answers[question.code] = .satisfaction(.score(chosen.score))
                        }
                        responses.append(SurveyResponse(
                            regionCode: county.code.rawValue, residence: residence, sex: random.nextUnit() < 0.5 ? .male : .female,
                            ageBand: questionnaire.ageBands[Int(random.nextUnit() * Double(questionnaire.ageBands.count))],
                            cluster: cluster, weight: (population / sample).rounded(), answers: answers))
                    }
                }
            }
        }
        let answered = responses
        try await database.transaction { db in
            let surveys = SurveyStore(db)
            let survey = try await surveys.create(SurveyRecord(regionCode: DemoData.city, questionnaire: questionnaire), actor: actor)
            _ = try await surveys.setStatus(survey.id, to: .fielded, actor: actor)
            try await surveys.add(answered, to: survey.id, day: "2020-11-30", source: "示例数据（虚构的答卷）", actor: actor)
            _ = try await surveys.setStatus(survey.id, to: .closed, actor: actor)
        }
    }
}

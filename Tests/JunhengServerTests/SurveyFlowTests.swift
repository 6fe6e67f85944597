import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JunhengApp
import JunhengCore
import JunhengTestSupport
import Storage
import Testing

/// Issue 13, surveys over HTTP: the demo survey's results with intervals, a suppressed county that
/// shows no number on the page, in the API or in the CSV export, and a survey run through the pages.
@Suite struct SurveyFlowTests {
    @Test(arguments: TestEngine.all)
    func aSuppressedCellNeverShowsANumberInThePageTheAPIOrTheExport(engine: TestEngine) async throws {
        try await TestServer.with(engine, demo: (maps: false, survey: true)) { client, fixture in
            let list = try await client.json(.get, "/api/v1/surveys")
            let survey = try #require((try list.object["items"] as? [[String: Any]])?.first)
            let id = try #require(survey["id"] as? Int)
            #expect(survey["status"] as? String == "closed" && survey["responses"] as? Int == 840)

            let results = try await client.json(.get, "/api/v1/surveys/\(id)/results").object
            let cells = try #require(results["cells"] as? [[String: Any]])
            let small = cells.filter { $0["regionCode"] as? String == "130530" }
            #expect(small.count == 10)
            #expect(small.allSatisfy { $0["suppressed"] as? Bool == true && $0["value"] == nil && $0["lowerBound"] == nil })
            let city = try #require(cells.first { $0["regionCode"] as? String == "130500" && $0["domain"] as? String == "" })
            #expect(city["value"] is Double && city["degreesOfFreedom"] as? Int == 36)

            let page = try await client.execute(uri: "/surveys/\(id)", method: .get, headers: [.accept: "text/html"]).bodyText
            let row = try #require(page.range(of: "<td>新河县</td>").map { page[$0.upperBound...].prefix(while: { $0 != "\n" }) })
            let beforeEnd = row.components(separatedBy: "</tr>").first ?? ""
            #expect(beforeEnd.contains("样本不足") && !beforeEnd.contains(#/\d+\.\d/#), "\(beforeEnd)")
            #expect(page.contains("共 840 份答卷；分层 36 个"))

            let csv = try await client.execute(uri: "/surveys/\(id)/results.csv", method: .get, headers: [:])
            let lines = csv.bodyText.split(whereSeparator: \.isNewline).map { $0.split(separator: ",", omittingEmptySubsequences: false) }
            let xinhe = lines.filter { $0.first == "130530" }
            #expect(xinhe.count == 10 && xinhe.allSatisfy { $0[4] == "是" && $0[6...].allSatisfy(\.isEmpty) })
        }
    }

    @Test(arguments: TestEngine.all)
    func aPlannerCreatesFieldsAndFillsASurveyThroughThePages(engine: TestEngine) async throws {
        try await TestServer.with(engine, demo: (maps: false, survey: false)) { client, fixture in
            let planner = try await client.browserLogin(username: "planner", password: TestServer.password)
            let list = try await client.execute(uri: "/surveys", method: .get, headers: planner.headers)
            var csrf = try #require(list.bodyText.csrfToken)
            var headers = planner.headers
            headers[.contentType] = "application/x-www-form-urlencoded"
            let created = try await client.execute(uri: "/surveys", method: .post, headers: headers,
                                                   body: ByteBuffer(string: "_csrf=\(csrf)&region=130500&title=%E8%AF%95%E7%82%B9"))
            #expect(created.status == .found)
            let location = try #require(created.headers[.location])
            let draft = try await client.execute(uri: location, method: .get, headers: planner.headers)
            csrf = try #require(draft.bodyText.csrfToken)
            let fielded = try await client.execute(uri: "\(location)/status", method: .post, headers: headers,
                                                   body: ByteBuffer(string: "_csrf=\(csrf)&status=fielded"))
            #expect(fielded.status == .found)

            let page = try await client.execute(uri: location, method: .get, headers: planner.headers)
            csrf = try #require(page.bodyText.csrfToken)
            let bad = "地区代码,城乡,Q1,Q2,Q3,Q4,Q5,Q6,Q7,Q8,Q9\n130522,乡下,满意,满意,满意,满意,满意,满意,满意,满意,满意\n"
            let form = PagePathTests.multipart(file: bad, filename: "答卷.csv", fields: ["_csrf": csrf])
            var upload = planner.headers
            upload[.contentType] = form.contentType
            let refused = try await client.execute(uri: "\(location)/responses", method: .post, headers: upload,
                                                   body: ByteBuffer(string: form.body))
            #expect(refused.status == .unprocessableContent && refused.bodyText.contains("城乡应填写“城镇”或“农村”"))
            #expect(refused.bodyText.contains("第 2 行") && refused.bodyText.contains("列 B"))
            let id = Int64(location.split(separator: "/").last!)!
            #expect(try await SurveyStore(fixture.database.sql).responses(of: id).isEmpty)
        }
    }
}

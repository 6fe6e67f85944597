import Equalization
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JunhengApp
import JunhengCore
import JunhengTestSupport
import Storage
import Testing

@Suite struct EqualizationFlowTests {
    @Test(arguments: TestEngine.all)
    func measuresOverAStoredPanelMatchTheLibraryOnTheSameNumbers(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            let indicator = try await client.makeIndicator(fixture, code: "EDU")
            let population = try #require(try await client.json(.post, "/api/v1/indicators", token: fixture.plannerToken,
                body: #"{"code":"POP","name":"常住人口","unit":"万人","additive":false}"#).object["id"] as? Int)
            let set = try await client.json(.post, "/api/v1/region-groups", token: fixture.plannerToken, body:
                #"{"code":"ur","name":"城乡","scopeRegionCode":"130500","groups":[{"code":"district","name":"区"},{"code":"county","name":"县"}]}"#)
            #expect(set.status == .created)
            let children = try await RegionStore(fixture.database.sql).children(of: RegionCode(rawValue: "130500")!)
            var rows: [String] = []
            var values: [Double?] = [], weights: [Double?] = [], groups: [String?] = []
            for (index, child) in children.enumerated() {
                let group = child.name.hasSuffix("区") ? "district" : "county"
                _ = try await client.json(.put, "/api/v1/region-groups/ur/members/\(child.code.rawValue)", token: fixture.plannerToken,
                                          body: #"{"groupCode":"\#(group)"}"#)
                let value = index == 3 ? nil : 70 + Double(index % 7) * 2.5   // one county has not reported
                let weight = 20 + Double(index * 3)
                if let value { rows.append(#"{"region":"\#(child.code.rawValue)","indicator":"EDU","year":2020,"value":\#(value)}"#) }
                rows.append(#"{"region":"\#(child.code.rawValue)","indicator":"POP","year":2020,"value":\#(weight)}"#)
                values.append(value)
                weights.append(weight)
                groups.append(group)
            }
            let submitted = try await client.json(.post, "/api/v1/observations", token: fixture.plannerToken,
                                                  body: #"{"rows":[\#(rows.joined(separator: ","))]}"#)
            #expect(submitted.status == .created, "\(submitted.bodyText.prefix(300))")
            // Measures use approved figures only.
            let pendingResponse = try await client.json(.get, "/api/v1/equalization?indicator=\(indicator)&region=130500&year=2020")
            let pendingReport = try #require(try pendingResponse.object["report"] as? [String: Any])
            #expect(pendingReport["unweighted"] as? [String: Any] == nil && pendingReport["weighted"] as? [String: Any] == nil)
            let submission = try #require((try submitted.object["submission"] as? [String: Any])?["id"] as? Int)
            #expect(try await client.json(.post, "/api/v1/submissions/\(submission)/approve", token: fixture.reviewerToken).status == .ok)

            // By default every child needs a figure: 17 of 18 is incomplete, with no measures.
            let query = "indicator=\(indicator)&region=130500&year=2020&weight=\(population)&groups=ur"
            let incomplete = try await client.json(.get, "/api/v1/equalization?\(query)").object
            #expect(incomplete["complete"] as? Bool == false)
            #expect((incomplete["coverage"] as? [String: Any])?["covered"] as? Int == children.count - 1)
            #expect((incomplete["report"] as? [String: Any])?["weighted"] is NSNull)

            // With a threshold of 90 % the same figures are measured, as the library measures them.
            let app = JunhengApp(database: fixture.database, settings: AppSettings(coverageRule: CoverageRule(minimumShare: 0.9)))
            let result = try await app.equalization.analyse(EqualizationAnalysis.Request(
                indicatorID: Int64(indicator), parent: RegionCode(rawValue: "130500")!, year: 2020,
                weightIndicatorID: Int64(population), groupSet: "ur"))
            #expect(result.complete)
            let weighted = try #require(result.report.weighted)
            let expected = try EqualizationReport(regions: children.map(\.code.rawValue), values: values, weights: weights, groups: groups)
            #expect(abs(try #require(weighted.gini) - expected.weighted!.gini!) < 1e-12)
            #expect(abs(try #require(weighted.theilT) - expected.weighted!.theilT!) < 1e-12)
            let decomposition = try #require(weighted.decomposition?.theilT)
            #expect(abs(decomposition.within + decomposition.between - weighted.theilT!) < 1e-12)
            #expect(result.report.dataQuality.missingValues.regions == [children[3].code.rawValue])
            #expect(result.trend.count == 1)

            let overview = try await client.json(.get, "/api/v1/equalization/overview?region=130500&year=2020").object
            let attainment = try #require(overview["attainment"] as? [[String: Any]])
            #expect(attainment.count == children.count)
            // The city itself has no figure here, so nothing is comparable against it as the benchmark.
            #expect(attainment.allSatisfy { (($0["attainment"] as? [String: Any])?["comparableCount"] as? Int) == 0 })
            let page = try await client.execute(uri: "/equalization?indicator=\(indicator)&region=130500&groups=ur", method: .get,
                                                headers: [.accept: "text/html"])
            #expect(page.status == .ok)
            #expect(page.bodyText.contains("数据不全（覆盖 \(children.count - 1)/\(children.count)）"))
            #expect(page.bodyText.contains(children[3].name))
        }
    }

    @Test func aRegionWithoutChildrenIsAClearError() async throws {
        try await TestServer.with(.sqlite) { client, fixture in
            let indicator = try await client.makeIndicator(fixture)
            let response = try await client.json(.get, "/api/v1/equalization?indicator=\(indicator)&region=130522")
            #expect(response.status == .unprocessableContent)
        }
    }
}

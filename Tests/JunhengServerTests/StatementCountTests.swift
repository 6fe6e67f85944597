import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JunhengCore
import JunhengServer
import JunhengTestSupport
import Storage
import Testing

/// The read models load what they need in a fixed number of set-based statements: the warnings,
/// the overview and the progress table of a province issue as many statements for 2 indicators
/// over 11 prefectures as for 40 indicators over 21, and each request's count is on `/metrics`.
@Suite struct StatementCountTests {
    /// Hebei (11 prefectures) with 2 indicators, Sichuan (21 prefectures) with 40.
    static let few = (region: "130000", indicators: 2, children: 11)
    static let many = (region: "510000", indicators: 40, children: 21)

    /// `count` indicators with a target set in `region` and approved figures for 2019–2022 there
    /// and in each of its children, some falling and some rising, so that there is progress to
    /// assess and warnings to raise everywhere. Returns the first indicator's id.
    static func seed(_ database: JunhengDatabase, region: String, indicators count: Int) async throws -> Int64 {
        let db = database.sql
        let seeder = AuditActor.system("statement count test")
        let province = RegionCode(rawValue: region)!
        let regions = [region] + (try await RegionStore(db).children(of: province)).map(\.code.rawValue)
        var figures: [ValidatedObservation] = []
        var ids: [Int64] = []
        for number in 1...count {
            let indicator = try await IndicatorStore(db).create(
                IndicatorRecord(code: "SC\(region)-\(number)", name: "指标\(number)", unit: "%",
                                binding: number.isMultiple(of: 2) ? .binding : .expected), actor: seeder)
            ids.append(indicator.id)
            _ = try await IndicatorStore(db).setTarget(
                TargetRecord(indicatorID: indicator.id, regionCode: province, baselineYear: 2018, baselineValue: 50,
                             targetYear: 2025, targetValue: 90), actor: seeder)
            for (index, code) in regions.enumerated() {
                for year in 2019...2022 {
                    let slope = index.isMultiple(of: 3) ? -2.0 : 3.0
                    figures.append(ValidatedObservation(
                        key: ObservationKey(indicatorID: indicator.id, regionCode: code, year: year, disaggregation: ""),
                        value: 50 + Double(index % 7) + Double(year - 2019) * slope, row: figures.count + 2))
                }
            }
        }
        _ = try await ObservationStore(db, engine: database.engine).submit(
            regionCode: province, source: "seed.csv", observations: figures, warnings: [], actor: seeder,
            approval: (comment: "", actor: seeder))
        return ids[0]
    }

    /// The statements one GET issues, counted around the request as its own count sees them,
    /// and how many items its answer lists.
    static func statements(_ client: any TestClientProtocol, _ uri: String) async throws -> (statements: Int, items: Int) {
        let (response, statements) = try await StatementCount.counting { try await client.json(.get, uri) }
        #expect(response.status == .ok, "\(uri): \(response.bodyText)")
        let items = (try? response.decoded(Items.self).count) ?? 0
        return (statements, items)
    }

    struct Items: Decodable {
        let count: Int
    }

    @Test(arguments: TestEngine.all)
    func warningsOverviewAndProgressTableIssueAFixedNumberOfStatements(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            let fewFirst = try await Self.seed(fixture.database, region: Self.few.region, indicators: Self.few.indicators)
            let manyFirst = try await Self.seed(fixture.database, region: Self.many.region, indicators: Self.many.indicators)

            let warnings = (try await Self.statements(client, "/api/v1/warnings?region=\(Self.few.region)"),
                            try await Self.statements(client, "/api/v1/warnings?region=\(Self.many.region)"))
            // Real work on both sides: every indicator × region pair is assessed.
            #expect(warnings.0.items > 0 && warnings.1.items > warnings.0.items)
            #expect(warnings.0.statements == warnings.1.statements)
            #expect(warnings.0.statements == 5)

            let overview = (try await Self.statements(client, "/api/v1/regions/\(Self.few.region)/progress"),
                            try await Self.statements(client, "/api/v1/regions/\(Self.many.region)/progress"))
            #expect(overview.0.items == Self.few.indicators && overview.1.items == Self.many.indicators)
            #expect(overview.0.statements == overview.1.statements)
            #expect(overview.0.statements == 4)

            let progress = (try await Self.statements(client, "/api/v1/indicators/\(fewFirst)/progress?region=\(Self.few.region)"),
                            try await Self.statements(client, "/api/v1/indicators/\(manyFirst)/progress?region=\(Self.many.region)"))
            #expect(progress.0.items == 1 + Self.few.children && progress.1.items == 1 + Self.many.children)
            #expect(progress.0.statements == progress.1.statements)
            #expect(progress.0.statements == 5)

            let equalization = (try await Self.statements(client, "/api/v1/equalization/overview?region=\(Self.few.region)"),
                                try await Self.statements(client, "/api/v1/equalization/overview?region=\(Self.many.region)"))
            #expect(equalization.0.statements == equalization.1.statements)
            #expect(equalization.0.statements == 7)

            // The warnings page, with its chrome, grows no more than the API does.
            func page(_ region: String) async throws -> Int {
                try await StatementCount.counting {
                    try await client.execute(uri: "/warnings?region=\(region)", method: .get, headers: [.accept: "text/html"])
                }.statements
            }
            #expect(try await page(Self.few.region) == page(Self.many.region))
        }
    }

    @Test(arguments: TestEngine.all)
    func eachRequestsStatementCountIsAHistogramPerRouteOnMetrics(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            _ = try await Self.seed(fixture.database, region: Self.few.region, indicators: Self.few.indicators)
            let before = Self.histogram(try await client.execute(uri: "/metrics", method: .get, headers: [:]).bodyText)
            let counted = try await Self.statements(client, "/api/v1/warnings?region=\(Self.few.region)").statements
            let after = Self.histogram(try await client.execute(uri: "/metrics", method: .get, headers: [:]).bodyText)
            // Other tests in this process add to the same registry: at least this request's share.
            #expect(after.count >= before.count + 1)
            #expect(after.sum >= before.sum + Double(counted))
        }
    }

    /// The `_count` and `_sum` of the warnings API's series of the statement histogram.
    static func histogram(_ metrics: String) -> (count: Double, sum: Double) {
        func value(_ suffix: String) -> Double {
            let prefix = "junheng_sql_statements_per_request_\(suffix){route=\"/api/v1/warnings\"} "
            return metrics.split(separator: "\n").first { $0.hasPrefix(prefix) }.flatMap { Double($0.dropFirst(prefix.count)) } ?? 0
        }
        return (value("count"), value("sum"))
    }
}

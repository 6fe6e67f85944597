import Foundation
import JunhengApp
import JunhengCore
import JunhengTestSupport
import Storage
import Testing

/// Where a page opens when the address names no region: never a hard-coded demo city.
@Suite struct HomeRegionTests {
    @Test func theReaderTheInstallationThenTheFirstPublishedPlanDecideAndOtherwiseTheReaderIsAsked() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let anonymous = Actor(.anonymous)
            let bare = JunhengApp(database: database)
            await #expect(throws: JunhengError.invalid(
                field: "region", "请在网址中指定地区（region=地区代码），或用 junheng serve --home-region 设置本系统的默认地区")) {
                try await bare.regions.homeRegion(for: anonymous)
            }
            let suining = RegionCode(rawValue: "510900")!
            let configured = JunhengApp(database: database, settings: AppSettings(homeRegion: suining))
            #expect(try await configured.regions.homeRegion(for: anonymous) == suining)
            #expect(try await configured.regions.region(RegionCode(rawValue: "130500"), orHomeOf: anonymous).rawValue == "130500")

            let reporter = try await bare.accounts.createUser(
                username: "neiqiu", displayName: "", password: "test-password", role: .regionReporter, regionCode: "130523",
                departmentID: nil, actor: .system("test"))
            #expect(try await configured.regions.homeRegion(for: .user(reporter, requestID: nil)).rawValue == "130523")

            let text = try Data(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("Sources/JunhengApp/Demo/Plans/anju-district-13th.txt"))
            let system = Actor.system("test")
            let plan = try await bare.plans.ingest(.init(filename: "anju.txt", data: text, region: nil), actor: system).plan
            await #expect(throws: (any Error).self, "a draft does not count") { try await bare.regions.homeRegion(for: anonymous) }
            _ = try await bare.plans.acceptPending(of: plan, actor: system)
            _ = try await bare.plans.publish(plan, actor: system)
            #expect(try await bare.regions.homeRegion(for: anonymous) == plan.regionCode)
        }
    }
}

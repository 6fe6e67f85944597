import JunhengCore
import JunhengTestSupport
import SQLKit
import Storage
import Testing

private func code(_ text: String) -> RegionCode { RegionCode(rawValue: text)! }
private let tester = AuditActor(userID: nil, username: "tester")

@Suite struct RegionStoreTests {
    @Test(arguments: TestEngine.all)
    func registryLoadsOnceWithEveryRegion(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { (database) async throws -> Void in
            let store = RegionStore(database.sql)
            #expect(try await store.count() == 3210)
            #expect(try await store.loadRegistryIfEmpty() == 0)
            #expect(try await store.provinces().count == 34)
        }
    }

    @Test(arguments: TestEngine.all)
    func xingtaiHasItsEighteenCountyLevelChildren(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { (database) async throws -> Void in
            let children = try await RegionStore(database.sql).children(of: code("130500"))
            #expect(children.count == 18)
            #expect(children.contains { $0.name == "信都区" })
            #expect(children.contains { $0.name == "沙河市" })
            #expect(children.allSatisfy { $0.parentCode == code("130500") && $0.level == .county })
        }
    }

    @Test(arguments: TestEngine.all)
    func ancestorsRunNearestFirst(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { (database) async throws -> Void in
            let store = RegionStore(database.sql)
            #expect(try await store.ancestors(of: code("130522")).map(\.code) == [code("130500"), code("130000")])
            #expect(try await store.path(of: code("130522")) == [code("130522"), code("130500"), code("130000")])
            #expect(try await store.ancestors(of: code("130000")).isEmpty)
        }
    }

    @Test(arguments: TestEngine.all)
    func searchFindsByNameAndCodePrefixWithExactMatchFirst(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { (database) async throws -> Void in
            let store = RegionStore(database.sql)
            let byName = try await store.search("邢台")
            #expect(byName.first?.code == code("130500"))
            let byCode = try await store.search("1305")
            #expect(byCode.count == 19)
            #expect(try await store.search("临城", level: .county).map(\.code) == [code("130522")])
            // LIKE wildcards in the input are literal.
            #expect(try await store.search("%").isEmpty)
        }
    }

    @Test(arguments: TestEngine.all)
    func addingATownshipLinksItAndAudits(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { (database) async throws -> Void in
            let township = try await database.transaction { db in
                try await RegionStore(db).addRegion(code: code("130522100"), name: " 临城镇 ", level: .township,
                                                    parent: code("130522"), validFrom: nil, actor: tester)
            }
            #expect(township.name == "临城镇")
            let store = RegionStore(database.sql)
            #expect(try await store.children(of: code("130522")).map(\.code) == [code("130522100")])
            #expect(try await store.subtreeCodes(of: code("130500")).contains(code("130522100")))
            let audit = try await AuditLog(database.sql).entries(entity: "region", entityID: "130522100")
            #expect(audit.count == 1)
            #expect(audit.first?.username == "tester")
            #expect(audit.first?.after?.contains("临城镇") == true)
        }
    }

    @Test(arguments: TestEngine.all)
    func townshipRulesAreEnforced(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { (database) async throws -> Void in
            let store = RegionStore(database.sql)
            // Code does not start with the county's code.
            await expectRefusal(.invalid) {
                try await store.addRegion(code: code("130523100"), name: "某镇", level: .township,
                                          parent: code("130522"), validFrom: nil, actor: tester)
            }
            // Townships hang under counties only.
            await expectRefusal(.invalid) {
                try await store.addRegion(code: code("130500100"), name: "某镇", level: .township,
                                          parent: code("130500"), validFrom: nil, actor: tester)
            }
            _ = try await store.addRegion(code: code("130522100"), name: "临城镇", level: .township,
                                          parent: code("130522"), validFrom: nil, actor: tester)
            await #expect(throws: JunhengError.conflict("地区代码 130522100 已存在")) {
                try await store.addRegion(code: code("130522100"), name: "重复", level: .township,
                                          parent: code("130522"), validFrom: nil, actor: tester)
            }
            await expectRefusal(.invalid) {
                try await store.addRegion(code: code("130522101"), name: "某镇", level: .township,
                                          parent: code("130522"), validFrom: "2023-02-30", actor: tester)
            }
        }
    }

    @Test(arguments: TestEngine.all)
    func movingARegionIsDatedSoHistoryKeepsTheOldTree(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { (database) async throws -> Void in
            // 临城县 moves under 石家庄市 (130100) on 2025-01-01 — a made-up adjustment for the test.
            _ = try await database.transaction { db in
                try await RegionStore(db).moveRegion(code("130522"), to: code("130100"), effective: "2025-01-01", actor: tester)
            }
            let store = RegionStore(database.sql)
            #expect(try await store.children(of: code("130500"), asOf: "2024-12-31").count == 18)
            #expect(try await store.children(of: code("130500"), asOf: "2025-01-01").count == 17)
            #expect(try await store.region(code("130522"), asOf: "2024-06-01")?.parentCode == code("130500"))
            #expect(try await store.region(code("130522"), asOf: "2025-06-01")?.parentCode == code("130100"))
            #expect(try await store.ancestors(of: code("130522"), asOf: "2025-06-01").map(\.code) == [code("130100"), code("130000")])
        }
    }

    @Test(arguments: TestEngine.all)
    func aSecondMoveOnTheSameDayReplacesTheFirst(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { (database) async throws -> Void in
            // Found by scripts/fuzz-api.sh: the second move closed the first's link on the day it
            // began, an empty interval the table's CHECK refuses (a 500).
            for parent in ["130100", "130200"] {
                _ = try await database.transaction { db in
                    try await RegionStore(db).moveRegion(code("130522"), to: code(parent), effective: "2025-01-01", actor: tester)
                }
            }
            let store = RegionStore(database.sql)
            #expect(try await store.region(code("130522"), asOf: "2025-06-01")?.parentCode == code("130200"))
            #expect(try await store.region(code("130522"), asOf: "2024-06-01")?.parentCode == code("130500"))
            #expect(try await !store.children(of: code("130100"), asOf: "2025-06-01").map(\.code).contains(code("130522")))
        }
    }

    @Test(arguments: TestEngine.all)
    func aRegionCannotMoveUnderItsOwnDescendant(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { (database) async throws -> Void in
            let store = RegionStore(database.sql)
            await expectRefusal(.invalid) {
                try await store.moveRegion(code("130500"), to: code("130522"), effective: "2025-01-01", actor: tester)
            }
        }
    }

    @Test(arguments: TestEngine.all)
    func groupMembershipIsExclusiveWithinASet(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { (database) async throws -> Void in
            let store = RegionStore(database.sql)
            _ = try await store.createGroupSet(RegionGroupSet(
                code: "urban-rural", name: "城乡", scopeRegionCode: code("130500"),
                groups: [RegionGroup(code: "urban", name: "城镇"), RegionGroup(code: "rural", name: "农村")]), actor: tester)
            try await store.assign(code("130522"), toGroup: "urban", inSet: "urban-rural", actor: tester)
            try await store.assign(code("130522"), toGroup: "rural", inSet: "urban-rural", actor: tester)
            try await store.assign(code("130523"), toGroup: "rural", inSet: "urban-rural", actor: tester)
            let members = try await store.members(ofSet: "urban-rural")
            #expect(members.map(\.regionCode) == [code("130522"), code("130523")])
            #expect(members.allSatisfy { $0.groupCode == "rural" })
            await expectRefusal(.invalid) {
                try await store.assign(code("130524"), toGroup: "suburban", inSet: "urban-rural", actor: tester)
            }
            await expectRefusal(.invalid) {
                _ = try await store.createGroupSet(RegionGroupSet(code: "one", name: "单组", scopeRegionCode: nil,
                                                                  groups: [RegionGroup(code: "a", name: "A")]), actor: tester)
            }
        }
    }

    @Test(arguments: TestEngine.all)
    func aFailedTransactionLeavesNothingBehind(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { (database) async throws -> Void in
            struct Boom: Error {}
            await #expect(throws: Boom.self) {
                try await database.transaction { db in
                    _ = try await RegionStore(db).addRegion(code: code("130522100"), name: "临城镇", level: .township,
                                                            parent: code("130522"), validFrom: nil, actor: tester)
                    throw Boom()
                }
            }
            #expect(try await RegionStore(database.sql).region(code("130522100")) == nil)
            #expect(try await AuditLog(database.sql).count() == 0)
        }
    }
}

@Suite struct RegistryFileTests {
    @Test func parsesTheShippedFileWithCRLFLineEnds() throws {
        let rows = try RegionRegistry.bundled()
        #expect(rows.count == 3210)
        #expect(rows.filter { $0.level == .county }.count == 2843)
        #expect(rows.first { $0.code.rawValue == "130500" }?.name == "邢台市")
    }

    @Test func reportsTheLineOfABadRow() {
        #expect(throws: JunhengError.invalid([ValidationIssue(field: "regions-gbt2260.csv", reason: "格式错误：13050X,坏,county,130500", row: 3)])) {
            try RegionRegistry.parse("code,name,level,parent_code\r\n130500,邢台市,prefecture,130000\r\n13050X,坏,county,130500\r\n")
        }
    }
}

import Foundation
import Geography
import Spreadsheet
import JunhengApp
import JunhengCore
import JunhengTestSupport
import Storage
import Testing

/// Issue 14, facilities and accessibility: the register and population points are imported all
/// or nothing with every bad cell named, converted to WGS84, updated by code; the measures are
/// computed per county and become indicator values through an ordinary, reviewed submission.
@Suite("Facilities and accessibility")
struct FacilityUseCasesTests {
    static let xingtai = RegionCode(rawValue: "130500")!
    static let header = "编号,名称,类型,区划代码,经度,纬度,医生,状态\n"

    static func facilities(_ rows: String) -> UploadSource { .data(Data((header + rows).utf8)) }

    @Test(arguments: TestEngine.all)
    func theDemosCoverageIsComputedPerCountyAndStoredAsApprovedIndicatorValues(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, holding: .demo(maps: true)) { database in
            let app = JunhengApp(database: database)
            let query = try AccessibilityQuery.parse(region: Self.xingtai, kind: "村卫生室", measure: "share", radius: "",
                                                     minutes: "15", mode: "walk")
            #expect(query.radiusMetres == 1_250)
            let report = try await app.accessibility.compute(query)
            #expect(report.rows.count == 18 && report.covered == 18)
            #expect(report.points == 854 && report.rows.map(\.points).reduce(0, +) == 854)
            // The generator left 40 % of the villages of 信都区, 宁晋县 and 威县 without a clinic.
            let share = Dictionary(uniqueKeysWithValues: report.rows.map { ($0.regionCode, try! #require($0.value)) })
            let lagging = ["130503", "130528", "130533"]
            let others = share.filter { !lagging.contains($0.key) }.values.sorted()
            for code in lagging { #expect(share[code]! < others[others.count / 2], "\(code): \(share[code]!)") }

            // The demo submitted and approved these very figures, the city's own included.
            let indicator = try #require(try await IndicatorStore(database.sql).indicators().first { $0.code == "DEMO-ACCESS-CLINIC" })
            let stored = try await app.monitoring.storedValues(indicatorIDs: [indicator.id],
                                                               regionCodes: report.rows.map(\.regionCode) + ["130500"])
            #expect(stored.count == 19)
            let submissions = try await app.monitoring.submissions(actor: try await MapUseCasesTests.planner(database))
            let computed = try #require(submissions.first { $0.source.hasPrefix("示例数据（虚构的设施") })
            #expect(computed.status == .approved && computed.rowCount == 19 && computed.regionCode == Self.xingtai)
            for row in report.rows {
                let value = stored.first { $0.key.regionCode == row.regionCode }?.value
                #expect(abs(try #require(value) - row.value!) < 1e-4)
            }
        }
    }

    @Test(arguments: TestEngine.all)
    func aRegisterWithBadRowsIsRefusedWholeWithEachCellNamed(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, holding: .demo()) { database in
            let app = JunhengApp(database: database)
            let planner = try await MapUseCasesTests.planner(database)
            let file = Self.facilities("""
                F1,东关村卫生室,村卫生室,130522,114.50,37.44,2,在用
                F2,西关村卫生室,村卫生室,130522,37.44,114.50,1,在用
                F3,南关村卫生室,诊所,999999,114.50,37.44,1,在用
                """)
            await #expect(throws: JunhengError.invalid([
                ValidationIssue(field: "经度", reason: "经度 37.44 与纬度 114.50 像是填反了", row: 3, column: "E"),
                ValidationIssue(field: "类型", reason: "未知的设施类型“诊所”，可用：\(FacilityKind.all.map(\.name).joined(separator: "、"))",
                                row: 4, column: "C"),
            ])) {
                try await app.facilities.importFacilities(file, filename: "设施.csv", datum: .wgs84, actor: planner)
            }
            #expect(try await FacilityStore(database.sql).counts().facilities == 0)

            let unknownRegion = Self.facilities("F3,南关村卫生室,村卫生室,999999,114.50,37.44,1,在用\n")
            await #expect(throws: JunhengError.invalid([
                ValidationIssue(field: "区划代码", reason: "区划代码 999999 不在区划库中", row: 2, column: "D"),
            ])) {
                try await app.facilities.importFacilities(unknownRegion, filename: "设施.csv", datum: .wgs84, actor: planner)
            }
        }
    }

    @Test(arguments: TestEngine.all)
    func aReimportUpdatesByCodeAndConvertsGCJ02ToWGS84(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, holding: .demo()) { database in
            let app = JunhengApp(database: database)
            let planner = try await MapUseCasesTests.planner(database)
            let first = try await app.facilities.importFacilities(
                Self.facilities("F1,东关村卫生室,村卫生室,130522,114.50,37.44,2,在用\nF2,西关村卫生室,村卫生室,130522,114.52,37.45,1,\n"),
                filename: "设施.csv", datum: .gcj02, actor: planner)
            #expect(first == RegisterImportResult(rows: 2, added: 2, updated: 0, regionCodes: ["130522"]))
            let second = try await app.facilities.importFacilities(
                Self.facilities("F2,西关村卫生室,村卫生室,130522,114.52,37.45,3,停用\nF3,南关村卫生室,村卫生室,130522,114.51,37.43,1,在用\n"),
                filename: "设施.csv", datum: .wgs84, actor: planner)
            #expect(second == RegisterImportResult(rows: 2, added: 1, updated: 1, regionCodes: ["130522"]))

            let stored = try await app.facilities.facilities(in: Self.xingtai)
            #expect(stored.map(\.code) == ["F1", "F2", "F3"])
            #expect(stored[1].doctors == 3 && stored[1].status == .closed)
            // F1 came in GCJ-02: stored as the WGS84 position that GCJ-02 shifts onto the given one.
            let wgs = CoordinateSystem.gcj02.convert(Coordinate(longitude: 114.50, latitude: 37.44), to: .wgs84)
            #expect(abs(stored[0].longitude - wgs.longitude) < 1e-6 && abs(stored[0].latitude - wgs.latitude) < 1e-6)
            #expect(abs(stored[0].longitude - 114.50) > 1e-3)
        }
    }

    @Test(arguments: TestEngine.all)
    func aCountyReporterMayNotRegisterFacilitiesOfAnotherCounty(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, holding: .demo()) { database in
            let app = JunhengApp(database: database)
            let linchen = try await MapUseCasesTests.user("linchen", in: database)
            await #expect(throws: JunhengError.invalid([
                ValidationIssue(field: "区划代码", reason: "无权登记地区 130523（内丘县）的数据", row: 3, column: "D"),
            ])) {
                try await app.facilities.importFacilities(
                    Self.facilities("F1,东关村卫生室,村卫生室,130522,114.50,37.44,2,在用\nF2,内丘卫生室,村卫生室,130523,114.5,37.3,1,在用\n"),
                    filename: "设施.csv", datum: .wgs84, actor: linchen)
            }
            let own = try await app.facilities.importFacilities(
                Self.facilities("F1,东关村卫生室,村卫生室,130522,114.50,37.44,2,在用\n"), filename: "设施.csv", datum: .wgs84, actor: linchen)
            #expect(own.added == 1)
        }
    }

    /// A workbook as offices keep it: a 填表说明 sheet first (passed over), the register on the second
    /// sheet under a title row, numbers as numbers; a bad row there is named with its sheet.
    @Test(arguments: TestEngine.all)
    func anXLSXRegisterIsReadPastItsInstructionsSheetAndItsBadRowsNamedBySheet(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, holding: .demo()) { database in
            let app = JunhengApp(database: database)
            let planner = try await MapUseCasesTests.planner(database)
            func workbook(_ longitude: Double) throws -> Data {
                try XLSXWriter.write([
                    SheetContent(name: "填表说明", rows: [["请按模板填写，经纬度用十进制度。"]], headerRowCount: 0),
                    SheetContent(name: "村卫生室", rows: [
                        ["序号", "编号", "名称", "类型", "区划代码", "经度", "纬度", "医生"],
                        [1, "F1", "东关村卫生室", "村卫生室", "130522", .number(114.5), .number(37.44), 2],
                        [2, "F2", "西关村卫生室", "村卫生室", "130522", .number(longitude), .number(37.45), 1],
                    ], headerRowCount: 1),
                ])
            }
            await #expect(throws: JunhengError.invalid([
                ValidationIssue(field: "经度", reason: "经度 237.5 不在中国境内（应在 73 至 136 之间）", sheet: "村卫生室", row: 3, column: "F"),
            ])) {
                try await app.facilities.importFacilities(.data(try workbook(237.5)), filename: "设施.xlsx", datum: .wgs84, actor: planner)
            }
            #expect(try await FacilityStore(database.sql).counts().facilities == 0)
            let stored = try await app.facilities.importFacilities(.data(try workbook(114.52)), filename: "设施.xlsx", datum: .wgs84,
                                                                   actor: planner)
            #expect(stored == RegisterImportResult(rows: 2, added: 2, updated: 0, regionCodes: ["130522"]))
            #expect(try await app.facilities.facilities(in: Self.xingtai).map(\.doctors) == [2, 1])
        }
    }

    @Test func aQueryNeedsAKindAndEitherARadiusOrMinutes() throws {
        #expect(throws: JunhengError.invalid([
            ValidationIssue(field: "kind", reason: "未知的设施类型“诊所”，可用：\(FacilityKind.all.map(\.name).joined(separator: "、"))"),
            ValidationIssue(field: "radius", reason: "半径和时间只能填一个"),
        ])) {
            try AccessibilityQuery.parse(region: Self.xingtai, kind: "诊所", measure: "", radius: "1km", minutes: "15", mode: "")
        }
        let query = try AccessibilityQuery.parse(region: Self.xingtai, kind: "小学",
                                                 measure: "2sfca", radius: "2公里", minutes: "", mode: "")
        #expect(query.kind.key == "primary-school" && query.measure == .stepTwoStep && query.radiusMetres == 2_000 && query.minutes == nil)
    }
}

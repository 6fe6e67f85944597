import Foundation
import JunhengCore
import Testing

/// A facility register and population points read row by row: every problem named by row,
/// column and reason in a clerk's words.
@Suite("Register reading")
struct RegisterReadingTests {
    static let header = ["序号", "编号", "名称", "类型", "区划代码", "经度", "纬度", "医生", "状态", "备注"]

    static func reader(_ header: [String] = header) throws -> RegisterRowReader<FacilityColumn> {
        RegisterRowReader(layout: try RegisterLayout<FacilityColumn>.read(header: header, sheet: nil, headerRow: 1).get())
    }

    @Test func aGoodRowIsAFacilityAndUnknownColumnsAreLeftAlone() throws {
        var reader = try Self.reader()
        var issues: [ValidationIssue] = []
        let facility = reader.facility(["1", "F001", "东关村卫生室", "卫生室", "130522101003", "114.5012", "37.4423", "2", "", "新建"],
                                       row: 2, issues: &issues)
        #expect(issues.isEmpty)
        #expect(facility == Facility(code: "F001", name: "东关村卫生室", kind: "village-clinic", regionCode: "130522",
                                     longitude: 114.5012, latitude: 37.4423, doctors: 2, status: .inUse))
    }

    @Test func aMissingRequiredColumnIsNamedOnTheHeaderRow() {
        let result = RegisterLayout<FacilityColumn>.read(header: ["编号", "名称", "区划代码", "经度", "纬度"], sheet: "设施", headerRow: 3)
        guard case .failure(.invalid(let issues)) = result else { Issue.record("read \(result)"); return }
        #expect(issues == [ValidationIssue(field: "类型", reason: "缺少必填列“类型”", sheet: "设施", row: 3)])
    }

    @Test func aColumnGivenTwiceIsRefused() {
        let result = RegisterLayout<FacilityColumn>.read(header: ["编号", "名称", "类型", "区划代码", "经度", "纬度", "机构编号"],
                                                         sheet: nil, headerRow: 1)
        guard case .failure(.invalid(let issues)) = result else { Issue.record("read \(result)"); return }
        #expect(issues.map(\.reason) == ["列“编号”出现了两次（另见 A 列）"])
        #expect(issues.first?.column == "G")
    }

    @Test func swappedCoordinatesAreNamedAsSuch() throws {
        var reader = try Self.reader()
        var issues: [ValidationIssue] = []
        _ = reader.facility(["1", "F001", "卫生室", "村卫生室", "130522", "37.44", "114.50", "", "", ""], row: 7, issues: &issues)
        #expect(issues == [ValidationIssue(field: "经度", reason: "经度 37.44 与纬度 114.50 像是填反了", row: 7, column: "F")])
    }

    @Test func everyBadCellOfARowIsReportedWithItsColumn() throws {
        var reader = try Self.reader()
        var issues: [ValidationIssue] = []
        let facility = reader.facility(["1", "F001", "", "诊所", "13052", "181", "北纬37度", "两名", "营业中", ""], row: 4, issues: &issues)
        #expect(facility == nil)
        #expect(issues.map { "\($0.column ?? "-") \($0.reason)" } == [
            "C 名称为空",
            "D 未知的设施类型“诊所”，可用：乡镇卫生院、村卫生室、社区卫生服务中心、医院、幼儿园、小学、初中、综合文化站、公共图书馆、公共体育场地、养老机构、就业服务站",
            "E 区划代码“13052”应为 6 位数字",
            "G 纬度“北纬37度”不是数字或度分秒",
            "H 医生“两名”应为 0 至 100000 的整数",
            "I 未知的状态“营业中”，可用：在用、在建、规划、停用",
        ])
    }

    @Test func aCodeRepeatedInTheFileNamesTheRowItRepeats() throws {
        var reader = try Self.reader()
        var issues: [ValidationIssue] = []
        let row = ["", "F001", "卫生室", "村卫生室", "130522", "114.5", "37.4", "", "", ""]
        _ = reader.facility(row, row: 2, issues: &issues)
        _ = reader.facility(row, row: 9, issues: &issues)
        #expect(issues == [ValidationIssue(field: "编号", reason: "编号 F001 与第 2 行重复", row: 9, column: "B")])
    }

    @Test func aBlankRowIsNoRowAndNoProblem() throws {
        var reader = try Self.reader()
        var issues: [ValidationIssue] = []
        #expect(reader.facility(["", " ", ""], row: 5, issues: &issues) == nil)
        #expect(issues.isEmpty)
    }

    @Test(arguments: [("114.504", 114.504), ("114°30′15″", 114.504_166_666_666_67), ("114°30'15\"E", 114.504_166_666_666_67),
                      ("114度30分15秒", 114.504_166_666_666_67), ("37°26′N", 37.433_333_333_333_33)])
    func degreesAreReadInDecimalOrDegreesMinutesSeconds(text: String, degrees: Double) throws {
        #expect(abs(try #require(RegisterCells.degrees(text)) - degrees) < 1e-9)
    }

    @Test(arguments: ["", "东经", "114°75′", "1,14"])
    func whatIsNotAnAngleIsNil(text: String) {
        #expect(RegisterCells.degrees(text) == nil)
    }

    @Test func aPopulationPointNeedsAPopulationAndAYear() throws {
        var reader = RegisterRowReader(layout: try RegisterLayout<PopulationColumn>.read(
            header: ["编号", "名称", "区划代码", "经度", "纬度", "常住人口", "年份"], sheet: nil, headerRow: 1).get())
        var issues: [ValidationIssue] = []
        let good = reader.point(["130522101003", "东关村", "130522", "114.5", "37.4", "1,280", "2024"], row: 2, issues: &issues)
        #expect(good?.population == 1_280 && good?.year == 2024 && issues.isEmpty)
        _ = reader.point(["130522101004", "西关村", "130522", "114.5", "37.4", "", "24"], row: 3, issues: &issues)
        #expect(issues.map { "\($0.row ?? 0)\($0.column ?? "") \($0.reason)" } == ["3F 常住人口为空", "3G 年份“24”应为四位年份"])
    }

    @Test(arguments: [("村卫生室", "village-clinic"), ("卫生院", "township-health-centre"), ("敬老院", "elderly-care"),
                      ("primary-school", "primary-school")])
    func kindsAreFoundByNameAliasOrKey(text: String, key: String) {
        #expect(FacilityKind.named(text)?.key == key)
    }
}

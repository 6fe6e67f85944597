import JunhengCore
import Testing

@Suite struct ObservationValidationTests {
    static let enrolment = IndicatorRule(id: 1, code: "EDU-01", name: "学前三年毛入园率", unit: "%")
    static let beds = IndicatorRule(id: 2, code: "HEA-01", name: "医疗卫生机构床位数", unit: "张", additive: true)
    static let context = UploadContext(
        regions: ["130500": ("邢台市", "130000"), "130522": ("临城县", "130500"), "130523": ("内丘县", "130500"),
                  "130000": ("河北省", nil)],
        indicators: [enrolment, beds],
        writableRegions: ["130500", "130522", "130523"],
        storedValues: [ObservationKey(indicatorID: 1, regionCode: "130522", year: 2019, disaggregation: ""): 80])

    static func validate(_ lines: [[String]], context: UploadContext = context) -> UploadValidation {
        let (rows, errors) = ObservationValidator.rows(header: ["地区", "指标", "年份", "数值", "单位"], data: lines, sheet: "数据")
        #expect(errors.isEmpty)
        return ObservationValidator.validate(rows, context: context)
    }

    @Test func acceptsCodesOrNamesForRegionsAndIndicators() {
        let result = Self.validate([["130522", "EDU-01", "2020", "85.5", "%"], ["内丘县", "学前三年毛入园率", "2020年", "88", ""]])
        #expect(result.isValid)
        #expect(result.observations.map(\.key.regionCode) == ["130522", "130523"])
        #expect(result.observations.map(\.value) == [85.5, 88])
        #expect(result.observations.map(\.row) == [2, 3])
    }

    @Test func everyBadRowIsReportedWithSheetRowAndColumnLetter() {
        let result = Self.validate([
            ["130522", "EDU-01", "2020", "85", "%"],
            ["999999", "EDU-01", "2020", "85", "%"],        // unknown region
            ["130522", "NOPE", "2020", "85", "%"],          // unknown indicator
            ["130522", "EDU-01", "2020", "八十五", "%"],      // not a number
            ["130523", "EDU-01", "2020", "105", "%"],       // rate over 100 %
            ["130523", "EDU-01", "2020", "85", "人"],        // wrong unit
            ["130522", "EDU-01", "二〇二〇", "85", "%"],       // bad year
        ])
        #expect(!result.isValid)
        #expect(result.observations.isEmpty)
        let places = result.errors.map { "\($0.row!)\($0.column!)" }
        #expect(places == ["3A", "4B", "5D", "6D", "7E", "8C"])
        #expect(result.errors.allSatisfy { $0.sheet == "数据" })
        #expect(result.errors[3].description.contains("第 6 行"))
    }

    @Test func duplicateRowsAreErrorsNamingTheFirst() {
        let result = Self.validate([["130522", "EDU-01", "2020", "85", ""], ["临城县", "EDU-01", "2020", "86", ""]])
        #expect(result.errors.count == 1)
        #expect(result.errors[0].row == 3)
        #expect(result.errors[0].reason.contains("第 2 行"))
    }

    @Test func uploadsOutsideTheWritableSubtreeAreRefused() {
        var context = Self.context
        context.writableRegions = ["130522"]
        let result = Self.validate([["130523", "EDU-01", "2020", "85", ""]], context: context)
        #expect(result.errors.first?.field == "region")
    }

    @Test func namesResolveInsideTheUploadersOwnRegionsFirst() {
        var context = Self.context
        // A second 临城县 elsewhere: a reporter of Xingtai still means its own.
        context.regions["999901"] = ("临城县", "990000")
        context.writableRegions = ["130500", "130522", "130523"]
        #expect(Self.validate([["临城县", "EDU-01", "2020", "85", ""]], context: context).observations.first?.key.regionCode == "130522")
        context.writableRegions = ["130523"]
        let outside = Self.validate([["临城县", "EDU-01", "2020", "85", ""]], context: context)
        #expect(outside.errors.first?.reason.contains("不唯一") == true)
    }

    @Test func declaredDisaggregationsAreTheOnlyOnesAccepted() {
        var context = Self.context
        context.indicators = [IndicatorRule(id: 1, code: "EDU-01", name: "学前三年毛入园率", unit: "%",
                                            disaggregations: ["area=urban", "area=rural"])]
        let (rows, _) = ObservationValidator.rows(header: ["地区", "指标", "年份", "数值", "分组"], data: [
            ["130522", "EDU-01", "2020", "85", ""], ["130522", "EDU-01", "2020", "90", "area=urban"],
            ["130522", "EDU-01", "2020", "80", "sex=female"],
        ])
        let result = ObservationValidator.validate(rows, context: context)
        #expect(result.errors.count == 1)
        #expect(result.errors.first?.row == 4)
        #expect(result.errors.first?.column == "E")
    }

    @Test func largeYearOnYearJumpsAreWarningsNotErrors() {
        // Stored 2019 value is 80; 2020 in the file jumps to 130 (+62.5 %), the file's own 2021 back to 131.
        var context = Self.context
        context.indicators = [IndicatorRule(id: 1, code: "EDU-01", name: "学前三年毛入园率", unit: "%", maximum: 200)]
        let result = Self.validate([["130522", "EDU-01", "2020", "130", ""], ["130522", "EDU-01", "2021", "131", ""]], context: context)
        #expect(result.isValid)
        #expect(result.warnings.count == 1)
        #expect(result.warnings[0].row == 2)
        #expect(result.warnings[0].reason.contains("+62.5%"))
    }

    @Test func additiveIndicatorsMustAddUpWhenAllChildrenAreKnown() {
        let mismatch = Self.validate([["130500", "HEA-01", "2020", "1000", ""], ["130522", "HEA-01", "2020", "400", ""],
                                      ["130523", "HEA-01", "2020", "500", ""]])
        #expect(mismatch.errors.count == 1)
        #expect(mismatch.errors[0].row == 2)
        let consistent = Self.validate([["130500", "HEA-01", "2020", "900", ""], ["130522", "HEA-01", "2020", "400", ""],
                                        ["130523", "HEA-01", "2020", "500", ""]])
        #expect(consistent.isValid)
        // With a child missing nothing can be said.
        #expect(Self.validate([["130500", "HEA-01", "2020", "1000", ""], ["130522", "HEA-01", "2020", "400", ""]]).isValid)
    }

    @Test func unknownOrMissingHeadersAreErrors() {
        let (_, errors) = ObservationValidator.rows(header: ["地区", "指标", "年分", "数值"], data: [])
        #expect(errors.map(\.column) == ["C", nil])
        #expect(errors[1].reason.contains("year"))
    }

    @Test func blankLinesAreNotRows() {
        let (rows, _) = ObservationValidator.rows(header: ["region", "indicator", "year", "value"],
                                                  data: [["130522", "EDU-01", "2020", "1"], ["", "", "", ""], [" "]])
        #expect(rows.count == 1)
    }

    @Test func columnLettersGoPastZ() {
        #expect(ObservationValidator.columnLetter(0) == "A")
        #expect(ObservationValidator.columnLetter(25) == "Z")
        #expect(ObservationValidator.columnLetter(26) == "AA")
        #expect(ObservationValidator.columnLetter(701) == "ZZ")
    }
}

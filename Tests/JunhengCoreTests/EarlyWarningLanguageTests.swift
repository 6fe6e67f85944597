import Testing

@testable import JunhengCore

/// A warning's English sentence is made from the same numbers as its Chinese `message`, which the
/// API keeps as it was.
@Suite struct EarlyWarningLanguageTests {
    static let input = WarningInput(
        indicatorID: 1, indicatorName: "义务教育巩固率", unit: "%", binding: false, direction: .higher, departmentID: nil,
        regionCode: "130531", regionName: "广宗县", values: [2020: 90, 2021: 60], progress: nil, dueYear: nil,
        parentValue: 95, weakerThanParentTarget: nil, ownTarget: nil)

    @Test func eachWarningSaysTheSameInBothLanguages() {
        let warnings = EarlyWarningRules.evaluate(Self.input)
        #expect(warnings.map(\.kind) == [.deterioration, .behindParent])
        #expect(warnings.map(\.message) == ["广宗县“义务教育巩固率”由 2020 年的 90% 变为 2021 年的 60%",
                                           "广宗县为 60%，仅为上级（95%）的 63%"])
        #expect(warnings.map(\.englishMessage) == [
            "\u{201C}义务教育巩固率\u{201D} in 广宗县 went from 90% in 2020 to 60% in 2021",
            "广宗县 is at 60%, only 63% of the upper level's 95%",
        ])
        #expect(warnings.map(\.englishSeverity) == ["Medium", "Medium"])
    }
}

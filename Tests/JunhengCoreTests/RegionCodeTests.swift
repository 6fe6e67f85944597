import JunhengCore
import Testing

@Suite struct RegionCodeTests {
    @Test func acceptsSixNineAndTwelveDigitCodes() {
        #expect(RegionCode(rawValue: "130500") != nil)
        #expect(RegionCode(rawValue: "130522100") != nil)
        #expect(RegionCode(rawValue: "130522100000") != nil)
    }

    @Test(arguments: ["", "13050", "1305000", "13050a", "１３０５００", "130500 ", "-130500"])
    func rejectsAnythingElse(_ text: String) {
        #expect(RegionCode(rawValue: text) == nil)
    }

    @Test func townshipCodeMustStartWithItsCountyCode() {
        let county = RegionCode(rawValue: "130522")!
        #expect(RegionCode(rawValue: "130522100")!.isTownshipCode(under: county))
        #expect(!RegionCode(rawValue: "130523100")!.isTownshipCode(under: county))
        #expect(!RegionCode(rawValue: "130522")!.isTownshipCode(under: county))
    }

    @Test func levelsOrderFromProvinceToTownship() {
        #expect(RegionLevel.province < .prefecture)
        #expect(RegionLevel.county < .township)
        #expect(RegionLevel.allCases.sorted() == [.province, .prefecture, .county, .township])
    }
}

@Suite struct PasswordPolicyTests {
    @Test func shortPasswordsAreRefused() {
        #expect(PasswordPolicy.problem(with: "short") != nil)
        #expect(PasswordPolicy.problem(with: "long-enough") == nil)
    }

    @Test func passwordsBcryptWouldTruncateAreRefused() {
        #expect(PasswordPolicy.problem(with: String(repeating: "密", count: 25)) != nil) // 75 bytes
    }
}

import Foundation
@testable import JunhengCore
@testable import JunhengServer
import Testing

/// The warnings API writes its JSON itself, for speed: the bytes must be exactly those Foundation's
/// encoder gives, whatever the names hold.
@Suite struct WarningsJSONTests {
    static func warning(_ name: String, department: Int64?, year: Int?) -> EarlyWarning {
        EarlyWarning(kind: .behindParent, indicatorID: 7, indicatorName: name, regionCode: "130522", regionName: "临城县/城区",
                     departmentID: department, year: year, severity: "medium", message: "临城县为 60%，仅为上级（95%）的 63%")
    }

    @Test func theBytesAreFoundationsForAwkwardTextAndAbsentFields() throws {
        let warnings = [
            Self.warning("义务教育“巩固率”", department: 3, year: 2025),
            Self.warning("quote \" backslash \\ slash / tab \t newline \n return \r", department: nil, year: nil),
            Self.warning("controls \u{0}\u{1}\u{8}\u{C}\u{1F}\u{7F} and 😀 and \u{2028}", department: -1, year: nil),
        ]
        let expected = try JSONCoding.encoder().encode(ItemList(warnings))
        let written = WarningsJSON.encode(warnings)
        #expect(Data(written.readableBytesView) == expected)
        #expect(Data(WarningsJSON.encode([]).readableBytesView) == (try JSONCoding.encoder().encode(ItemList([EarlyWarning]()))))
    }
}

import Foundation
import Testing

@testable import JunhengCore

/// The C library's conversions give exactly the text Foundation's `String(format:)` gave for the
/// numbers warnings word, large, small, negative and not numbers alike.
@Suite struct PrintfNumberTests {
    static let values: [Double] = [84.53, 84.5349, 0.000123456, -12.5, 123456.7, 1e300, -.greatestFiniteMagnitude, 99.99999, 0, -0.0,
                                   .infinity, -.infinity, .nan, 62.5, 63.5, 0.5]

    @Test func writesWhatFoundationWrites() {
        for value in Self.values {
            #expect(PrintfNumber.text(value, "%.4g") == String(format: "%.4g", value), "\(value)")
            #expect(PrintfNumber.text(value, "%.0f") == String(format: "%.0f", value), "\(value)")
        }
        #expect(PrintfNumber.text(84.5349, "%.4g") == "84.53")
        #expect(PrintfNumber.text(123456.7, "%.4g") == "1.235e+05")
    }

    @Test func theLargestNumberIsWrittenWhole() {
        #expect(PrintfNumber.text(-.greatestFiniteMagnitude, "%.0f").count == 310)
    }
}

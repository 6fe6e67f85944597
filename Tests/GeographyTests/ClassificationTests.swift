import Foundation
import JunhengTestSupport
import Testing

@testable import Geography

/// mapclassify's `calemp` example: employment per km² in California's 58 counties, the last
/// column of Fixtures/calempdensity.csv. The references below are printed by
/// Fixtures/classification_reference_values.py.
private func calemp() throws -> [Double] {
    let lines = String(decoding: try fixture("calempdensity.csv"), as: UTF8.self)
        .split(whereSeparator: \.isNewline).dropFirst()
    // The county names hold commas inside quotes; the density is the unquoted last field.
    return try lines.map { line in
        guard let value = Double(line.split(separator: ",").last!) else {
            throw GeographyError.invalidParameter("bad fixture line \(line)")
        }
        return value
    }
}

@Test func quantilesMatchMapclassifyOnCalemp() throws {
    let values = try calemp()
    #expect(values.count == 58)
    let quantiles = try Classification(values: values, method: .quantiles, classes: 5)
    for (bound, reference) in zip(quantiles.upperBounds, [1.464, 5.798, 13.278, 54.616, 4111.45]) {
        expectClose(bound, reference, within: 1e-6)
    }
    #expect(quantiles.upperBounds.count == 5)
    #expect(quantiles.counts == [12, 11, 12, 11, 12])
    #expect(Array(quantiles.classIndices.prefix(10)) == [4, 0, 2, 3, 1, 0, 4, 1, 2, 3])
}

@Test func equalIntervalsMatchMapclassifyOnCalemp() throws {
    let equal = try Classification(values: try calemp(), method: .equalIntervals, classes: 5)
    let reference = [822.3939999999999, 1644.658, 2466.922, 3289.1859999999997, 4111.45]
    for (bound, expected) in zip(equal.upperBounds, reference) { expectClose(bound, expected, within: 1e-6) }
    #expect(equal.counts == [57, 0, 0, 0, 1])
}

@Test func naturalBreaksMatchMapclassifyFisherJenksOnCalemp() throws {
    let jenks = try Classification(values: try calemp(), method: .naturalBreaks, classes: 5)
    #expect(jenks.upperBounds.count == 5)
    for (bound, reference) in zip(jenks.upperBounds, [75.29, 192.05, 370.5, 722.85, 4111.45]) {
        expectClose(bound, reference, within: 1e-6)
    }
    #expect(jenks.counts == [49, 3, 4, 1, 1])
    #expect(Array(jenks.classIndices.prefix(10)) == [2, 0, 0, 0, 0, 0, 1, 0, 0, 0])
    #expect(jenks.minimum == 0.13)
}

@Test func naturalBreaksFindTheObviousGroups() throws {
    let values = [1.0, 2, 1.5, 10, 11, 10.5, 30, 31]
    let jenks = try Classification(values: values, method: .naturalBreaks, classes: 3)
    #expect(jenks.upperBounds == [2, 11, 31])
    #expect(jenks.classIndices == [0, 0, 0, 1, 1, 1, 2, 2])
}

@Test func tiesNeverStraddleANaturalBreakAndCollapseClasses() throws {
    let jenks = try Classification(values: [5, 5, 5, 5, 9], method: .naturalBreaks, classes: 4)
    #expect(jenks.upperBounds == [5, 9])
    let quantiles = try Classification(values: [1, 1, 1, 1, 1, 2], method: .quantiles, classes: 4)
    #expect(quantiles.upperBounds == [1, 2])
    let flat = try Classification(values: [3, 3], method: .equalIntervals, classes: 3)
    #expect(flat.upperBounds == [3])
    #expect(flat.classIndices == [0, 0])
}

@Test func classIndexOfFollowsMapclassifyBinning() throws {
    let c = try Classification(values: [0, 1, 2, 3, 4], method: .equalIntervals, classes: 2)
    #expect(c.upperBounds == [2, 4])
    #expect(c.classIndex(of: 2) == 0)
    #expect(c.classIndex(of: 2.000001) == 1)
    #expect(c.classIndex(of: -1) == nil)
    #expect(c.classIndex(of: 5) == nil)
}

@Test func rejectsEmptyNonFiniteAndZeroClasses() {
    #expect(throws: GeographyError.invalidParameter("no values to classify")) {
        try Classification(values: [], method: .quantiles, classes: 3)
    }
    #expect(throws: GeographyError.invalidParameter("value at index 1 is not a finite number")) {
        try Classification(values: [1, .nan], method: .quantiles, classes: 3)
    }
    #expect(throws: GeographyError.invalidParameter("classes is 0; it must be at least 1")) {
        try Classification(values: [1], method: .naturalBreaks, classes: 0)
    }
}

import Testing

/// Checks that `actual` is defined and within `tolerance` of `expected`: how the numeric suites
/// (equalization, surveys, geography) compare their results with published reference values.
public func expectClose(
    _ actual: Double?, _ expected: Double, within tolerance: Double = 1e-9,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    guard let actual else {
        Issue.record("expected \(expected), got nil", sourceLocation: sourceLocation)
        return
    }
    #expect(
        abs(actual - expected) <= tolerance, "\(actual) is not within \(tolerance) of \(expected)",
        sourceLocation: sourceLocation)
}

/// How a choropleth cuts values into classes.
public enum ClassificationMethod: String, Sendable, CaseIterable, Codable {
    /// Equal counts per class; breaks at the percentiles 100/k, 200/k, … (linear interpolation
    /// between order statistics, as mapclassify's `Quantiles` via SciPy's `scoreatpercentile`).
    case quantiles
    /// Classes of equal width from the minimum to the maximum (mapclassify's `EqualInterval`).
    case equalIntervals
    /// Fisher–Jenks natural breaks: the partition into k runs of sorted values with the least
    /// total within-class sum of squares, found exactly by dynamic programming.
    case naturalBreaks
}

/// Values cut into classes: each class's upper bound and each value's class. Class `i` holds the
/// values `v` with `upperBounds[i-1] < v <= upperBounds[i]` (the first class starts at
/// ``minimum``), as mapclassify bins them.
public struct Classification: Sendable, Equatable {
    public let method: ClassificationMethod
    /// The smallest value: the lower end of the first class.
    public let minimum: Double
    /// The upper bound of each class, ascending; the last is the largest value.
    public let upperBounds: [Double]
    /// The 0-based class of each input value, in input order.
    public let classIndices: [Int]

    /// Classifies `values` into `classes` classes. Fewer classes result when the values have
    /// fewer distinct quantiles or distinct values than asked for (as mapclassify collapses them).
    public init(values: [Double], method: ClassificationMethod, classes: Int) throws {
        guard !values.isEmpty else { throw GeographyError.invalidParameter("no values to classify") }
        guard classes >= 1 else {
            throw GeographyError.invalidParameter("classes is \(classes); it must be at least 1")
        }
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw GeographyError.invalidParameter("value at index \(bad) is not a finite number")
        }
        let sorted = values.sorted()
        self.method = method
        minimum = sorted[0]
        let bounds: [Double]
        switch method {
        case .quantiles: bounds = Self.quantileBounds(sorted, classes: classes)
        case .equalIntervals: bounds = Self.equalIntervalBounds(sorted, classes: classes)
        case .naturalBreaks: bounds = Self.naturalBreakBounds(sorted, classes: classes)
        }
        upperBounds = bounds
        classIndices = values.map { value in bounds.firstIndex { value <= $0 } ?? bounds.count - 1 }
    }

    /// The class of `value`, or nil when it lies outside ``minimum``…the last upper bound.
    public func classIndex(of value: Double) -> Int? {
        guard value >= minimum else { return nil }
        return upperBounds.firstIndex { value <= $0 }
    }

    /// How many values fall in each class.
    public var counts: [Int] {
        classIndices.reduce(into: Array(repeating: 0, count: upperBounds.count)) { $0[$1] += 1 }
    }

    /// mapclassify's definition: percentiles w, 2w, … with w = 100/k (the last set to 100),
    /// each interpolated as SciPy does, then duplicates dropped.
    private static func quantileBounds(_ sorted: [Double], classes: Int) -> [Double] {
        let step = 100 / Double(classes)
        let bounds = (0..<classes).map { i -> Double in
            let percentile = i == classes - 1 ? 100 : step + Double(i) * step
            let position = percentile / 100 * Double(sorted.count - 1)
            let lower = Int(position)
            guard Double(lower) != position else { return sorted[lower] }
            // SciPy's weights, written the same way so that the digits agree.
            let upper = lower + 1
            return sorted[lower] * (Double(upper) - position)
                + sorted[upper] * (position - Double(lower))
        }
        return uniqueAscending(bounds)
    }

    private static func equalIntervalBounds(_ sorted: [Double], classes: Int) -> [Double] {
        let (low, high) = (sorted[0], sorted[sorted.count - 1])
        let width = (high - low) / Double(classes)
        guard width > 0 else { return [high] }
        return (0..<classes).map { i in i == classes - 1 ? high : low + width + Double(i) * width }
    }

    /// Exact O(k·m²) dynamic programming over the m distinct values weighted by their counts,
    /// so that tied values never straddle a break.
    private static func naturalBreakBounds(_ sorted: [Double], classes: Int) -> [Double] {
        var distinct: [Double] = []
        var weights: [Double] = []
        for value in sorted {
            if value == distinct.last { weights[weights.count - 1] += 1 } else {
                distinct.append(value)
                weights.append(1)
            }
        }
        let m = distinct.count
        let k = min(classes, m)
        // Centring first keeps the sums of squares from cancelling catastrophically.
        let mean = sorted.reduce(0, +) / Double(sorted.count)
        var (w, s1, s2) = ([0.0], [0.0], [0.0])
        for (value, weight) in zip(distinct, weights) {
            let centred = value - mean
            w.append(w.last! + weight)
            s1.append(s1.last! + weight * centred)
            s2.append(s2.last! + weight * centred * centred)
        }
        // Sum of squared deviations of distinct values first..<end.
        func deviation(_ first: Int, _ end: Int) -> Double {
            let (n, s) = (w[end] - w[first], s1[end] - s1[first])
            return max(s2[end] - s2[first] - s * s / n, 0)
        }
        // cost[c][e]: the least total for the first e values in c + 1 classes; start[c][e]: where
        // the last of those classes begins.
        var cost = [(0...m).map { deviation(0, $0) }]
        var start = [Array(repeating: 0, count: m + 1)]
        for c in 1..<k {
            var row = Array(repeating: Double.infinity, count: m + 1)
            var from = Array(repeating: 0, count: m + 1)
            for end in (c + 1)...m {
                for first in c..<end {
                    let total = cost[c - 1][first] + deviation(first, end)
                    if total < row[end] { (row[end], from[end]) = (total, first) }
                }
            }
            cost.append(row)
            start.append(from)
        }
        var bounds: [Double] = []
        var end = m
        for c in stride(from: k - 1, through: 0, by: -1) {
            bounds.append(distinct[end - 1])
            end = start[c][end]
        }
        return bounds.reversed()
    }

    private static func uniqueAscending(_ values: [Double]) -> [Double] {
        values.sorted().reduce(into: []) { result, value in
            if result.last != value { result.append(value) }
        }
    }
}

/// Text as Unicode scalars, each carrying the range of the original it came from.
///
/// Every repair pass reads one `MappedText` and builds the next, so offsets in the final text
/// can always be traced back to the decoded original.
struct MappedText: Sendable {
    private(set) var scalars: [Unicode.Scalar] = []
    /// Original range `[originStart[i], originEnd[i])` that produced `scalars[i]`.
    private(set) var originStart: [Int] = []
    private(set) var originEnd: [Int] = []

    init() {}

    /// Identity mapping over `text`.
    init(original text: [Unicode.Scalar]) {
        scalars = text
        originStart = Array(0..<text.count)
        originEnd = Array(1...max(text.count, 1)).prefix(text.count).map { $0 }
    }

    var count: Int { scalars.count }

    mutating func reserve(_ n: Int) {
        scalars.reserveCapacity(n); originStart.reserveCapacity(n); originEnd.reserveCapacity(n)
    }

    mutating func append(_ s: Unicode.Scalar, from lower: Int, to upper: Int) {
        scalars.append(s); originStart.append(lower); originEnd.append(upper)
    }

    /// Copies scalar `i` of `source` with its origin.
    mutating func copy(_ i: Int, of source: MappedText) {
        append(source.scalars[i], from: source.originStart[i], to: source.originEnd[i])
    }

    /// Original range covered by `[lower, upper)` of this text; an empty range maps to the gap point.
    func originRange(_ lower: Int, _ upper: Int, originalCount: Int) -> (Int, Int) {
        guard lower < upper, lower >= 0, upper <= count else {
            let point = lower < count && lower >= 0 ? originStart[lower] : (count > 0 ? originEnd[count - 1] : 0)
            return (min(point, originalCount), min(point, originalCount))
        }
        var lo = originStart[lower], hi = originEnd[upper - 1]
        // Conversions may map one scalar to a wider range; keep the range well ordered.
        if hi < lo { swap(&lo, &hi) }
        return (lo, hi)
    }
}

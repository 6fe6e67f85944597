/// A quantity in comparison units: 元 (万元, 亿元 folded in), % (‰ folded in), and per year when the
/// text says per month or per day.
public struct ComparableQuantity: Codable, Sendable, Hashable {
    public var value: Double
    public var valueHigh: Double?
    public var unit: String
    public var period: StandardPeriod?

    public init(value: Double, valueHigh: Double?, unit: String, period: StandardPeriod?) {
        self.value = value
        self.valueHigh = valueHigh
        self.unit = unit
        self.period = period
    }
}

/// How a standard compares with another on the same quantity, from the point of view of the person served.
public enum Generosity: String, Codable, Sendable, CaseIterable {
    case moreGenerous
    case same
    case lessGenerous
}

public enum StandardComparison {
    /// Units folded into another before comparing, with the factor to multiply by.
    public static let unitConversions: [String: (unit: String, factor: Double)] = [
        "万元": ("元", 10_000), "亿元": ("元", 100_000_000), "‰": ("%", 0.1), "周岁": ("岁", 1), "名": ("人", 1), "床": ("张", 1),
    ]
    /// Per-month and per-day amounts become per-year: ×12 and ×365 (a calendar year; school-day
    /// amounts such as meal subsidies are over-stated by this, which is why the factor is documented).
    public static let periodFactors: [StandardPeriod: Double] = [.month: 12, .day: 365]

    public static func normalized(_ q: StandardQuantity) -> ComparableQuantity {
        let (unit, unitFactor) = unitConversions[q.unit] ?? (q.unit, 1)
        let periodFactor = q.period.flatMap { periodFactors[$0] } ?? 1
        let period = q.period.map { periodFactors[$0] == nil ? $0 : .year }
        let factor = unitFactor * periodFactor
        return ComparableQuantity(value: q.value * factor, valueHigh: q.valueHigh.map { $0 * factor }, unit: unit, period: period)
    }

    /// Which way is better for the person served: stated by `不低于`/`以上` (higher) or `不超过`/`以下`
    /// (lower); nil when the comparator does not say.
    static func statedDirection(_ comparator: TargetComparator) -> Direction? {
        switch comparator {
        case .atLeast: .higher
        case .atMost: .lower
        case .about, .equal, .range: nil
        }
    }

    /// Same quantity after conversion: same unit and period, same per-whom and base where both state
    /// them, and comparators that do not point opposite ways.
    public static func areComparable(_ a: StandardQuantity, _ b: StandardQuantity) -> Bool {
        let x = normalized(a), y = normalized(b)
        guard x.unit == y.unit, x.period == y.period else { return false }
        if let p = a.perWhom, let q = b.perWhom, p != q { return false }
        if (a.base == nil) != (b.base == nil) { return false }
        if let p = a.base, let q = b.base, CatalogueText.normalizedName(p) != CatalogueText.normalizedName(q) { return false }
        if let d = statedDirection(a.comparator), let e = statedDirection(b.comparator), d != e { return false }
        return true
    }

    /// How `candidate` compares with `reference`; nil when they are not comparable. The direction comes
    /// from whichever comparator states one; amounts stated plainly (`每生每年1000元`) count as floors,
    /// as `TargetComparator.impliedDirection` does. A range guarantees its worse end.
    public static func generosity(of candidate: StandardQuantity, against reference: StandardQuantity) -> Generosity? {
        guard areComparable(candidate, reference) else { return nil }
        let direction = statedDirection(reference.comparator) ?? statedDirection(candidate.comparator) ?? .higher
        func guaranteed(_ q: ComparableQuantity) -> Double { direction == .higher ? q.value : q.valueHigh ?? q.value }
        let c = guaranteed(normalized(candidate)), r = guaranteed(normalized(reference))
        let tolerance = 1e-9 * Swift.max(1, abs(c), abs(r))
        if abs(c - r) <= tolerance { return .same }
        return (c - r) * direction.sign > 0 ? .moreGenerous : .lessGenerous
    }
}

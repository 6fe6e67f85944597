/// Axis bounds and ticks at round numbers (1, 2 or 5 × 10ⁿ), by Heckbert's "nice numbers" (Graphics
/// Gems, 1990): the data's span is rounded up to a nice number, divided into `maxTicks − 1` parts,
/// that part is rounded to the nearest nice number to give the step, and the bounds are the
/// multiples of the step at or just outside the data.
///
/// `NiceScale(from: 93.1, to: 96.5)` gives 93…97 by 1; `NiceScale(from: 0, to: 100)` gives 0…100
/// by 20. Ticks are computed as k × m × 10ⁿ from integers, so that they print without
/// `0.30000000000000004`.
public struct NiceScale: Sendable, Equatable {
    public let lower: Double
    public let upper: Double
    public let step: Double
    /// From ``lower`` to ``upper`` inclusive, ``step`` apart.
    public let ticks: [Double]
    /// The n of the step's 10ⁿ.
    let stepExponent: Int

    /// Decimals that print every tick exactly: 0 for steps of 1 or more, 1 for 0.5, 2 for 0.05.
    public var fractionDigits: Int { max(0, -stepExponent) }

    /// - Parameters:
    ///   - a: one end of the data, in either order with `b`.
    ///   - b: the other end. Ends closer than a billionth of their magnitude count as equal and
    ///     are widened by 10% of it either way (two zeros give 0…1); non-finite ends give 0…1, and
    ///     magnitudes are capped at 10¹⁰⁰ (those under 10⁻¹⁰⁰ count as 0).
    ///   - maxTicks: the ticks wanted, at least 2; the result has about this many.
    public init(from a: Double, to b: Double, maxTicks: Int = 6) {
        let (a, b) = (Digits.clamped(a), Digits.clamped(b))
        var (low, high) = a.isFinite && b.isFinite ? (min(a, b), max(a, b)) : (0, 1)
        let magnitude = max(abs(low), abs(high))
        if high - low <= magnitude * 1e-9 {
            (low, high) = magnitude == 0 ? (0, 1) : (low - magnitude / 10, high + magnitude / 10)
        }
        let span = Self.niceNumber(high - low, rounded: false)
        let parts = Double(max(maxTicks, 2) - 1)
        let (mantissa, exponent) = Self.niceNumber(
            Self.value(1, span.mantissa, span.exponent) / parts, rounded: true)
        let step = Self.value(1, mantissa, exponent)
        // The tolerance keeps 0.3/0.1 = 2.9999999999999996 from adding a tick below the data.
        let first = Int((low / step + 1e-9).rounded(.down))
        let last = Int((high / step - 1e-9).rounded(.up))
        ticks = (first...max(first + 1, last)).map { Self.value($0, mantissa, exponent) }
        lower = ticks.first!
        upper = ticks.last!
        self.step = step
        stepExponent = exponent
    }

    /// The nice number (1, 2, 5 or 10 × 10ⁿ) nearest x when `rounded`, else the smallest one ≥ x,
    /// as a mantissa (1, 2 or 5) and exponent.
    private static func niceNumber(_ x: Double, rounded: Bool) -> (mantissa: Int, exponent: Int) {
        let exponent = Digits.exponent(of: x)
        let fraction = x / Digits.power(exponent)
        let mantissa =
            rounded
            ? (fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10)
            : (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10)
        return mantissa == 10 ? (1, exponent + 1) : (mantissa, exponent)
    }

    /// k × m × 10ⁿ, dividing by an exact power of ten for negative n so that 3 × 0.1 is 0.3.
    private static func value(_ k: Int, _ mantissa: Int, _ exponent: Int) -> Double {
        let units = Double(k * mantissa)
        return exponent >= 0 ? units * Digits.power(exponent) : units / Digits.power(-exponent)
    }
}

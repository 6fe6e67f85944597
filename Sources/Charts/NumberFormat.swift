/// Decimal arithmetic on `Double` without Foundation, so that every platform prints the same
/// digits.
enum Digits {
    /// The largest magnitude charts draw; beyond it spans overflow and nothing real lives there.
    static let limit = 1e100

    /// `x` within ±``limit``, with magnitudes under 1/``limit`` taken as 0 so that spans and steps
    /// never reach subnormal numbers; non-finite `x` is returned unchanged.
    static func clamped(_ x: Double) -> Double {
        guard x.isFinite else { return x }
        return abs(x) < 1 / limit ? 0 : min(max(x, -limit), limit)
    }

    /// 10^exponent, correctly rounded: the literal is parsed once, where repeated multiplication
    /// would drift past 10^22.
    static func power(_ exponent: Int) -> Double {
        Double("1e\(exponent)")!
    }

    /// The e with 10^e ≤ |x| < 10^(e+1), for finite non-zero x.
    static func exponent(of x: Double) -> Int {
        let magnitude = abs(x)
        // log10(2) × the binary exponent lands within one of the answer; the loops settle it.
        var exponent = Int((Double(magnitude.exponent) * 0.301_029_995_663_981_2).rounded(.down))
        while power(exponent + 1) <= magnitude { exponent += 1 }
        while power(exponent) > magnitude { exponent -= 1 }
        return exponent
    }

    /// `x` with exactly `fractionDigits` decimals ("12.30", "-0.5"), thousands grouped with
    /// commas from 10,000 up when `grouping` is on. Too many digits for exact integer arithmetic
    /// fall back to ``scientific(_:)``.
    static func fixed(_ x: Double, fractionDigits: Int, grouping: Bool = true) -> String {
        let digitsAfterPoint = min(max(fractionDigits, 0), 15)
        let scaled = (abs(x) * power(digitsAfterPoint)).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9e15 else { return scientific(x) }
        var digits = String(UInt64(scaled))
        if digits.count <= digitsAfterPoint {
            digits = String(repeating: "0", count: digitsAfterPoint + 1 - digits.count) + digits
        }
        var integerPart = String(digits.dropLast(digitsAfterPoint))
        if grouping && integerPart.count > 4 { integerPart = grouped(integerPart) }
        let sign = x < 0 && scaled > 0 ? "-" : ""
        let fraction = digitsAfterPoint > 0 ? "." + digits.suffix(digitsAfterPoint) : ""
        return sign + integerPart + fraction
    }

    /// `x` to at most `fractionDigits` decimals with trailing zeros dropped ("12.3", "7"),
    /// ungrouped: the form for SVG coordinates and lengths.
    static func compact(_ x: Double, fractionDigits: Int = 2) -> String {
        trimmingZeros(fixed(x, fractionDigits: fractionDigits, grouping: false))
    }

    /// Three significant digits and a power of ten ("1.5e-7"), for magnitudes no magnitude word
    /// covers.
    static func scientific(_ x: Double) -> String {
        guard x != 0 else { return "0" }
        var exponent = Self.exponent(of: x)
        var mantissa = (x / power(exponent) * 100).rounded(.toNearestOrAwayFromZero) / 100
        if abs(mantissa) >= 10 {  // 9.996 rounds up to 10.00
            exponent += 1
            mantissa /= 10
        }
        return trimmingZeros(fixed(mantissa, fractionDigits: 2, grouping: false)) + "e\(exponent)"
    }

    static func trimmingZeros(_ text: String) -> String {
        guard text.contains(".") else { return text }
        var trimmed = Substring(text)
        while trimmed.hasSuffix("0") { trimmed = trimmed.dropLast() }
        if trimmed.hasSuffix(".") { trimmed = trimmed.dropLast() }
        return trimmed == "-0" ? "0" : String(trimmed)
    }

    private static func grouped(_ integerDigits: String) -> String {
        var result = ""
        for (index, digit) in integerDigits.enumerated() {
            if index > 0 && (integerDigits.count - index) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return result
    }
}

/// How a chart prints its numbers: one magnitude word (亿, 万亿) and one number of decimals for a
/// whole axis or label set, so that neighbouring numbers line up.
struct NumberStyle: Equatable {
    /// 10^unitExponent is divided out and `unitWord` appended; 0 and "" for plain numbers.
    var unitExponent = 0
    var unitWord = ""
    var fractionDigits = 0
    /// For magnitudes beyond 万亿 or below 0.0001, where fixed decimals stop being readable.
    var scientific = false

    /// The style for a set of numbers whose largest magnitude is `magnitude`, with decimals
    /// chosen by the caller for that scale.
    private init(magnitude: Double, fractionDigits: (_ unitExponent: Int) -> Int) {
        guard magnitude > 0 else { return }
        if magnitude >= 1e16 || magnitude < 1e-4 {
            scientific = true
            return
        }
        if magnitude >= 1e12 {
            (unitExponent, unitWord) = (12, "万亿")
        } else if magnitude >= 1e8 {
            (unitExponent, unitWord) = (8, "亿")
        }
        self.fractionDigits = fractionDigits(unitExponent)
    }

    /// Tick labels: just the decimals the step needs (step 0.5 → one decimal).
    init(ticks scale: NiceScale) {
        let magnitude = max(abs(scale.lower), abs(scale.upper))
        self.init(magnitude: magnitude) { max(0, $0 - scale.stepExponent) }
    }

    /// Value labels: four significant digits on the largest value, then as many trailing zeros
    /// dropped as every label can lose (95.00, 96.50 → 95.0, 96.5), or exactly `fractionDigits`
    /// when the caller fixes them.
    init(values: [Double], fractionDigits fixedDigits: Int? = nil) {
        let magnitude = values.map(abs).max() ?? 0
        self.init(magnitude: magnitude) { unitExponent in
            if let fixedDigits { return min(max(fixedDigits, 0), 8) }
            return min(max(3 - (Digits.exponent(of: magnitude) - unitExponent), 0), 8)
        }
        guard fixedDigits == nil, !scientific else { return }
        while fractionDigits > 0 && values.allSatisfy({ number($0).hasSuffix("0") }) {
            fractionDigits -= 1
        }
    }

    func format(_ x: Double) -> String {
        number(x) + (x == 0 || scientific ? "" : unitWord)
    }

    private func number(_ x: Double) -> String {
        if scientific { return Digits.scientific(x) }
        return Digits.fixed(x / Digits.power(unitExponent), fractionDigits: fractionDigits)
    }
}

// The C maths library rather than Foundation: the kernels need only log, exp and pow.
#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Natural logarithm.
@inline(__always) func naturalLog(_ x: Double) -> Double { log(x) }

/// Natural logarithm, or 0 for 0: the convention 0·ln 0 = 0 of the Theil index and of entropy.
@inline(__always) func naturalLogOrZero(_ x: Double) -> Double { x == 0 ? 0 : log(x) }

/// e raised to `x`.
@inline(__always) func exponential(_ x: Double) -> Double { exp(x) }

/// `base` raised to `exponent`.
@inline(__always) func power(_ base: Double, _ exponent: Double) -> Double { pow(base, exponent) }

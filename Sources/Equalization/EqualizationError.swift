/// Misuse of the numeric API: input the kernels cannot take. Data problems that a report should
/// describe (missing values, zeros, bad weights) are not errors; they are listed in ``DataQuality``.
public enum EqualizationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A distribution needs at least one value.
    case emptySample
    /// Two parallel arrays differ in length.
    case lengthMismatch(argument: String, expected: Int, actual: Int)
    /// A value (0-based `index`) is NaN or infinite; missing values must be removed first.
    case nonFiniteValue(index: Int)
    /// A weight (0-based `index`) is not a finite number greater than 0.
    case invalidWeight(index: Int, weight: Double)
    /// The same region id appears twice (0-based `index` of the second).
    case duplicateRegion(String, index: Int)
    /// A region id is empty (0-based `index`).
    case emptyRegionID(index: Int)
    /// An option or argument is outside its documented range.
    case invalidParameter(String)

    public var description: String {
        switch self {
        case .emptySample:
            "no values to measure"
        case .lengthMismatch(let argument, let expected, let actual):
            "\(argument) has \(actual) entries, expected \(expected)"
        case .nonFiniteValue(let index):
            "value at index \(index) is not a finite number"
        case .invalidWeight(let index, let weight):
            "weight at index \(index) is \(weight); weights must be finite and greater than 0"
        case .duplicateRegion(let region, let index):
            "region '\(region)' appears more than once (again at index \(index))"
        case .emptyRegionID(let index):
            "region id at index \(index) is empty"
        case .invalidParameter(let message):
            message
        }
    }
}

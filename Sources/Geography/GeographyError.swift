/// What is wrong with a boundary file or with the arguments of a measure. Feature and ring
/// indices are 0-based, as in the file, so that the reader can find the place.
public enum GeographyError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The bytes are not JSON, or not the JSON shape GeoJSON prescribes.
    case invalidJSON(String)
    /// The top level is neither a Feature nor a FeatureCollection.
    case unsupportedTopLevel(type: String)
    /// A feature's geometry is missing or is not a Polygon or MultiPolygon.
    case unknownGeometryType(feature: Int, type: String)
    /// A feature lacks the property holding the region code, or it is empty.
    case missingCode(feature: Int, property: String)
    /// Two features carry the same region code.
    case duplicateCode(feature: Int, code: String)
    /// A position is not two or three finite numbers within longitude ±180, latitude ±90.
    case invalidPosition(feature: Int, polygon: Int, ring: Int, position: Int)
    /// A ring has fewer than four positions.
    case tooFewPositions(feature: Int, polygon: Int, ring: Int, count: Int)
    /// A ring's last position is not its first.
    case ringNotClosed(feature: Int, polygon: Int, ring: Int)
    /// Two parallel arrays differ in length.
    case lengthMismatch(argument: String, expected: Int, actual: Int)
    /// An option or argument is outside its documented range.
    case invalidParameter(String)

    public var description: String {
        switch self {
        case .invalidJSON(let reason):
            "not valid GeoJSON: \(reason)"
        case .unsupportedTopLevel(let type):
            "top-level type is '\(type)'; expected Feature or FeatureCollection"
        case .unknownGeometryType(let feature, let type):
            "feature \(feature): geometry type '\(type)' is not Polygon or MultiPolygon"
        case .missingCode(let feature, let property):
            "feature \(feature): property '\(property)' with the region code is missing or empty"
        case .duplicateCode(let feature, let code):
            "feature \(feature): region code '\(code)' appears more than once"
        case .invalidPosition(let feature, let polygon, let ring, let position):
            "feature \(feature), polygon \(polygon), ring \(ring): position \(position) is not a valid longitude/latitude"
        case .tooFewPositions(let feature, let polygon, let ring, let count):
            "feature \(feature), polygon \(polygon), ring \(ring): \(count) positions; a ring needs at least 4"
        case .ringNotClosed(let feature, let polygon, let ring):
            "feature \(feature), polygon \(polygon), ring \(ring): ring is not closed (last position differs from first)"
        case .lengthMismatch(let argument, let expected, let actual):
            "\(argument) has \(actual) entries, expected \(expected)"
        case .invalidParameter(let message):
            message
        }
    }
}

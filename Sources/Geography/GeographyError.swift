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

    /// The problem in words for the clerk who sent the file, with features, polygons and rings
    /// counted from 1 as a person counts them.
    public var chineseDescription: String {
        switch self {
        case .invalidJSON:
            "文件不是有效的 GeoJSON（应为 JSON 格式的 FeatureCollection 或 Feature）"
        case .unsupportedTopLevel(let type):
            "文件最外层类型为“\(type)”，应为 FeatureCollection 或 Feature"
        case .unknownGeometryType(let feature, let type):
            "第 \(feature + 1) 个要素：几何类型“\(type)”不是面（Polygon 或 MultiPolygon）"
        case .missingCode(let feature, let property):
            "第 \(feature + 1) 个要素：缺少存放区划代码的属性“\(property)”，或其值为空"
        case .duplicateCode(let feature, let code):
            "第 \(feature + 1) 个要素：区划代码 \(code) 在文件中出现了不止一次"
        case .invalidPosition(let feature, let polygon, let ring, let position):
            "第 \(feature + 1) 个要素第 \(polygon + 1) 个面第 \(ring + 1) 条边界：第 \(position + 1) 个坐标不是有效的经纬度"
        case .tooFewPositions(let feature, let polygon, let ring, let count):
            "第 \(feature + 1) 个要素第 \(polygon + 1) 个面第 \(ring + 1) 条边界：只有 \(count) 个坐标，至少需要 4 个"
        case .ringNotClosed(let feature, let polygon, let ring):
            "第 \(feature + 1) 个要素第 \(polygon + 1) 个面第 \(ring + 1) 条边界：首尾坐标不同，边界未闭合"
        case .lengthMismatch, .invalidParameter:
            description
        }
    }
}

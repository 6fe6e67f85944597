import Foundation

/// Reads and writes region boundaries as GeoJSON (RFC 7946): a FeatureCollection (or a single
/// Feature) whose features have Polygon or MultiPolygon geometries and carry the region code in a
/// property the caller names, such as `adcode`.
public struct GeoJSONFormat: Sendable, Equatable {
    /// The property holding the region code; a string or an integer (`"130502"` or `130502`).
    public var codeProperty: String
    /// The property holding the region's name, if the source has one.
    public var nameProperty: String?

    public init(codeProperty: String, nameProperty: String? = nil) {
        self.codeProperty = codeProperty
        self.nameProperty = nameProperty
    }

    /// The regions in `data`, in file order. Throws the first problem found, naming the feature
    /// (0-based), polygon and ring.
    public func regions(from data: Data) throws -> [RegionBoundary] {
        let root: JSONValue
        do {
            root = JSONValue(try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]))
        } catch {
            throw GeographyError.invalidJSON("the bytes are not JSON")
        }
        let features: [JSONValue]
        switch root["type"]?.string {
        case "FeatureCollection":
            guard let list = root["features"]?.array else {
                throw GeographyError.invalidJSON("FeatureCollection has no 'features' array")
            }
            features = list
        case "Feature":
            features = [root]
        case let other:
            throw GeographyError.unsupportedTopLevel(type: other ?? "none")
        }
        var seen = Set<String>()
        return try features.enumerated().map { index, feature in
            let region = try self.region(feature, index: index)
            guard seen.insert(region.code).inserted else {
                throw GeographyError.duplicateCode(feature: index, code: region.code)
            }
            return region
        }
    }

    private func region(_ feature: JSONValue, index: Int) throws -> RegionBoundary {
        let properties = feature["properties"]
        guard let code = properties?[codeProperty]?.codeText, !code.isEmpty else {
            throw GeographyError.missingCode(feature: index, property: codeProperty)
        }
        let name = nameProperty.flatMap { properties?[$0]?.string }
        let geometry = feature["geometry"]
        let coordinates = geometry?["coordinates"]
        let polygons: [JSONValue]
        switch geometry?["type"]?.string {
        case "Polygon":
            polygons = [coordinates ?? .null]
        case "MultiPolygon":
            polygons = coordinates?.array ?? [.null]
        case let other:
            throw GeographyError.unknownGeometryType(feature: index, type: other ?? "none")
        }
        let parsed = try polygons.enumerated().map { p, polygon in
            guard let rings = polygon.array, !rings.isEmpty else {
                throw GeographyError.invalidJSON("feature \(index), polygon \(p): no rings")
            }
            let parsedRings = try rings.enumerated().map { r, ring in
                try Self.ring(ring, at: (index, p, r))
            }
            return Polygon(exterior: parsedRings[0], holes: Array(parsedRings.dropFirst()))
        }
        return RegionBoundary(code: code, name: name, polygons: parsed)
    }

    private static func ring(
        _ value: JSONValue, at place: (feature: Int, polygon: Int, ring: Int)
    ) throws -> [Coordinate] {
        let positions = value.array ?? []
        let ring = try positions.enumerated().map { i, position in
            guard let numbers = position.array, numbers.count >= 2,
                let longitude = numbers[0].number, let latitude = numbers[1].number,
                abs(longitude) <= 180, abs(latitude) <= 90
            else {
                throw GeographyError.invalidPosition(
                    feature: place.feature, polygon: place.polygon, ring: place.ring, position: i)
            }
            return Coordinate(longitude: longitude, latitude: latitude)
        }
        guard ring.count >= 4 else {
            throw GeographyError.tooFewPositions(
                feature: place.feature, polygon: place.polygon, ring: place.ring, count: ring.count)
        }
        guard ring.first == ring.last else {
            throw GeographyError.ringNotClosed(
                feature: place.feature, polygon: place.polygon, ring: place.ring)
        }
        return ring
    }

    /// A FeatureCollection of `regions`: one Polygon, or a MultiPolygon when a region has several.
    /// Keys come in a fixed order and numbers print in their shortest exact form, so that the
    /// same regions always give the same bytes.
    public func data(for regions: [RegionBoundary]) -> Data {
        var out = "{\"type\":\"FeatureCollection\",\"features\":["
        for (index, region) in regions.enumerated() {
            if index > 0 { out += "," }
            out += "{\"type\":\"Feature\",\"properties\":{"
            out += jsonString(codeProperty) + ":" + jsonString(region.code)
            if let nameProperty, let name = region.name {
                out += "," + jsonString(nameProperty) + ":" + jsonString(name)
            }
            let single = region.polygons.count == 1
            out += "},\"geometry\":{\"type\":\"" + (single ? "Polygon" : "MultiPolygon")
            out += "\",\"coordinates\":"
            let polygons = region.polygons.map { polygon in
                "[" + polygon.rings.map { ring in
                    "[" + ring.map { "[\($0.longitude),\($0.latitude)]" }.joined(separator: ",") + "]"
                }.joined(separator: ",") + "]"
            }
            out += single ? polygons[0] : "[" + polygons.joined(separator: ",") + "]"
            out += "}}"
        }
        out += "]}"
        return Data(out.utf8)
    }
}

/// `text` as a JSON string literal.
private func jsonString(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case _ where scalar.value < 0x20:
            out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                + String(scalar.value, radix: 16)
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}

/// Any JSON value: GeoJSON properties are free-form, so a fixed Codable shape would reject valid
/// files. Read from `JSONSerialization`'s objects: a decoder trying each type in turn throws an
/// error for every wrong guess, several per coordinate of a boundary file.
private enum JSONValue {
    case null
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Booleans come as numbers, which no GeoJSON member here expects as a boolean.
    init(_ object: Any) {
        switch object {
        case let value as String: self = .string(value)
        case let value as NSNumber: self = .number(value.doubleValue)
        case let value as [Any]: self = .array(value.map(JSONValue.init))
        case let value as [String: Any]: self = .object(value.mapValues(JSONValue.init))
        default: self = .null
        }
    }

    subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    var number: Double? {
        if case .number(let value) = self, value.isFinite { return value }
        return nil
    }

    var array: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// A code written as a string or as a whole number (some sources store `adcode` as 130502).
    var codeText: String? {
        switch self {
        case .string(let value): value.trimmingCharacters(in: .whitespaces)
        case .number(let value) where value == value.rounded() && abs(value) < 1e15:
            String(Int64(value))
        default: nil
        }
    }
}

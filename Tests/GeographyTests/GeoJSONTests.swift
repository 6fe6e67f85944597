import Foundation
import Testing

@testable import Geography

private let format = GeoJSONFormat(codeProperty: "adcode", nameProperty: "name")

private func regions(_ json: String) throws -> [RegionBoundary] {
    try format.regions(from: Data(json.utf8))
}

private func feature(_ properties: String, _ geometry: String) -> String {
    "{\"type\":\"Feature\",\"properties\":{\(properties)},\"geometry\":\(geometry)}"
}

private func collection(_ features: String...) -> String {
    "{\"type\":\"FeatureCollection\",\"features\":[\(features.joined(separator: ","))]}"
}

private let square = "{\"type\":\"Polygon\",\"coordinates\":[[[114,37],[115,37],[115,38],[114,38],[114,37]]]}"

@Test func readsPolygonAndMultiPolygonWithHoleAndNumericCode() throws {
    let multi = """
        {"type":"MultiPolygon","coordinates":[
          [[[0,0],[4,0],[4,4],[0,4],[0,0]],[[1,1],[1,2],[2,2],[2,1],[1,1]]],
          [[[5,5],[6,5],[6,6],[5,5]]]]}
        """
    let parsed = try regions(
        collection(feature("\"adcode\":\"130502\",\"name\":\"襄都区\"", square),
                   feature("\"adcode\":130503,\"extra\":[1,{\"a\":null}]", multi)))
    #expect(parsed.count == 2)
    #expect(parsed[0] == RegionBoundary(code: "130502", name: "襄都区", polygons: [
        Polygon(exterior: ring([(114, 37), (115, 37), (115, 38), (114, 38)]))]))
    #expect(parsed[1].code == "130503")
    #expect(parsed[1].name == nil)
    #expect(parsed[1].polygons.count == 2)
    #expect(parsed[1].polygons[0].holes == [ring([(1, 1), (1, 2), (2, 2), (2, 1)])])
    #expect(parsed[1].polygons[1].exterior == ring([(5, 5), (6, 5), (6, 6)]))
}

@Test func readsASingleFeature() throws {
    let parsed = try regions(feature("\"adcode\":\"130500\"", square))
    #expect(parsed.map(\.code) == ["130500"])
}

@Test func writesFixedKeyOrderAndReadsItBack() throws {
    let original = [
        RegionBoundary(code: "130502", name: "襄都区\"", polygons: [
            Polygon(exterior: ring([(114.5, 37.25), (115, 37), (115, 38)]))]),
        RegionBoundary(code: "130503", polygons: [
            Polygon(exterior: ring([(0, 0), (4, 0), (4, 4), (0, 4)]),
                    holes: [ring([(1, 1), (1, 2), (2, 2)])]),
            Polygon(exterior: ring([(5, 5), (6, 5), (6, 6)])),
        ]),
    ]
    let data = format.data(for: original)
    let text = String(decoding: data, as: UTF8.self)
    #expect(text.hasPrefix(
        "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{\"adcode\":\"130502\",\"name\":\"襄都区\\\"\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[114.5,37.25],[115.0,37.0],[115.0,38.0],[114.5,37.25]]]}}"))
    #expect(text.contains("{\"type\":\"MultiPolygon\",\"coordinates\":[[[[0.0,0.0],"))
    #expect(try format.regions(from: data) == original)
}

@Test func reportsARingThatIsNotClosed() {
    let open = "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,1]]]}"
    let error = #expect(throws: GeographyError.self) {
        try regions(collection(feature("\"adcode\":\"1\"", square), feature("\"adcode\":\"2\"", open)))
    }
    #expect(error == .ringNotClosed(feature: 1, polygon: 0, ring: 0))
    #expect(error?.description == "feature 1, polygon 0, ring 0: ring is not closed (last position differs from first)")
}

@Test func reportsAHoleWithTooFewPositions() {
    let thin = "{\"type\":\"MultiPolygon\",\"coordinates\":[[[[0,0],[1,0],[1,1],[0,0]]],[[[0,0],[4,0],[4,4],[0,0]],[[1,1],[2,2],[1,1]]]]}"
    #expect(throws: GeographyError.tooFewPositions(feature: 0, polygon: 1, ring: 1, count: 3)) {
        try regions(collection(feature("\"adcode\":\"1\"", thin)))
    }
}

@Test func reportsUnknownGeometryMissingCodeDuplicateCodeAndBadPositions() {
    let line = "{\"type\":\"LineString\",\"coordinates\":[[0,0],[1,1]]}"
    #expect(throws: GeographyError.unknownGeometryType(feature: 0, type: "LineString")) {
        try regions(collection(feature("\"adcode\":\"1\"", line)))
    }
    #expect(throws: GeographyError.unknownGeometryType(feature: 0, type: "none")) {
        try regions(collection(feature("\"adcode\":\"1\"", "null")))
    }
    #expect(throws: GeographyError.missingCode(feature: 1, property: "adcode")) {
        try regions(collection(feature("\"adcode\":\"1\"", square), feature("\"code\":\"2\"", square)))
    }
    #expect(throws: GeographyError.missingCode(feature: 0, property: "adcode")) {
        try regions(collection(feature("\"adcode\":\" \"", square)))
    }
    #expect(throws: GeographyError.duplicateCode(feature: 1, code: "7")) {
        try regions(collection(feature("\"adcode\":7", square), feature("\"adcode\":\"7\"", square)))
    }
    let far = "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[181,0],[1,1],[0,0]]]}"
    #expect(throws: GeographyError.invalidPosition(feature: 0, polygon: 0, ring: 0, position: 1)) {
        try regions(collection(feature("\"adcode\":\"1\"", far)))
    }
    #expect(throws: GeographyError.unsupportedTopLevel(type: "Point")) {
        try regions("{\"type\":\"Point\",\"coordinates\":[0,0]}")
    }
    #expect(throws: GeographyError.invalidJSON("the bytes are not JSON")) {
        try regions("{\"type\":")
    }
}

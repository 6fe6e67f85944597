import Foundation
import Testing

@testable import Charts
import Geography

private func square(_ code: String, _ name: String, x: Double, value: Double?) -> ChoroplethRegion {
    ChoroplethRegion(
        code: code, name: name,
        polygons: [Polygon(exterior: ring([(114 + x, 37), (114.1 + x, 37), (114.1 + x, 37.1), (114 + x, 37.1)]))],
        value: value)
}

private let threeCounties = [
    square("130521", "邢台县", x: 0, value: 2.5),
    square("130522", "临城县", x: 0.1, value: 7.25),
    square("130523", "内丘县", x: 0.2, value: nil),
]

/// The texts of the legend group's `<text>` elements.
private func legendTexts(_ svg: String) -> [String] {
    let legend = svg.components(separatedBy: "<g class=\"legend\">")[1].components(separatedBy: "</g>")[0]
    return legend.components(separatedBy: "<text ").dropFirst().map {
        $0.components(separatedBy: ">")[1].components(separatedBy: "</text")[0]
    }
}

@Test func threeRegionsGetTheirClassesFillsTooltipsAndLegend() throws {
    let map = ChoroplethMap(
        title: "每千人口执业（助理）医师数", unit: "人", regions: threeCounties, method: .equalIntervals,
        classes: 2)
    let classification = try #require(try map.classification())
    #expect(classification.upperBounds == [4.875, 7.25])
    #expect(classification.classIndices == [0, 1])
    let svg = try map.svg(width: 400)
    #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"400\" height=\""))
    #expect(svg.contains("role=\"img\" aria-label=\"每千人口执业（助理）医师数\""))
    #expect(svg.contains("<title>每千人口执业（助理）医师数</title>"))
    #expect(svg.contains(
        "<desc>分级统计地图：每千人口执业（助理）医师数（单位：人）。按等间距分为2级。最高：临城县 7.25人，最低：邢台县 2.50人。无数据：1个地区。</desc>"))
    #expect(svg.contains("<path data-code=\"130521\" fill=\"#BDD7E7\" d=\""))
    #expect(svg.contains("<path data-code=\"130522\" fill=\"#3182BD\" d=\""))
    #expect(svg.contains("<path data-code=\"130523\" fill=\"url(#map-nodata)\" d=\""))
    #expect(svg.contains("<title>邢台县：2.50人</title>"))
    #expect(svg.contains("<title>内丘县：无数据</title>"))
    #expect(legendTexts(svg) == ["2.50–4.88（1个地区）", "4.88–7.25（1个地区）", "无数据（1个地区）"])
    #expect(svg.contains("<g class=\"unit\"><text x=\"16\" y=\"56\" fill=\"#666666\">单位：人</text></g>"))
    #expect(svg.contains("<g class=\"title\"><text x=\"16\" y=\"30\" font-size=\"16\" font-weight=\"bold\" fill=\"#1A1A1A\">每千人口执业（助理）医师数</text></g>"))
    #expect(svg.components(separatedBy: "<path ").count == 4)
}

@Test func regionPathsAreRoundedToTenthsAndRelative() throws {
    let map = ChoroplethMap(title: "T", regions: [threeCounties[0]], classes: 1)
    let svg = try map.svg(width: 132)
    // The map is at most as tall as its 100 units of width, so 0.1° of latitude is 100 units and
    // 0.1° of longitude 100 × cos(37.05°) = 79.81, rounded to 79.8; y grows southwards.
    #expect(svg.contains("d=\"M0 100l79.8 0 0-100-79.8 0z\""))
}

@Test func englishMapSpeaksEnglish() throws {
    let map = ChoroplethMap(
        title: "Doctors per 1,000", unit: " per 1,000", regions: threeCounties, method: .quantiles,
        classes: 2, language: .english, idPrefix: "doctors")
    let svg = try map.svg(width: 400)
    #expect(legendTexts(svg) == ["2.50–4.88 (1 region)", "4.88–7.25 (1 region)", "No data (1 region)"])
    #expect(svg.contains("fill=\"url(#doctors-nodata)\""))
    #expect(svg.contains("<desc>Choropleth map: Doctors per 1,000 (Unit:  per 1,000). 2 classes by quantiles. "))
}

@Test func coloursGetDarkerClassByClassSoTheyPrintInGrey() {
    for classes in 1...7 {
        let colours = ChoroplethMap.colours(classes: classes)
        #expect(colours.count == classes)
        let greys = colours.map(relativeLuminance)
        for (lighter, darker) in zip(greys, greys.dropFirst()) {
            // WCAG contrast of at least 1.2:1 between neighbouring classes.
            #expect((lighter + 0.05) / (darker + 0.05) >= 1.2, "\(colours)")
        }
    }
}

@Test func rejectsTooManyClassesAndNonFiniteValues() {
    #expect(throws: GeographyError.invalidParameter("classes is 8; a map shows 1 to 7")) {
        try ChoroplethMap(title: "T", regions: threeCounties, classes: 8).svg(width: 400)
    }
    var bad = threeCounties
    bad[0].value = .infinity
    #expect(throws: GeographyError.invalidParameter("region 130521 has a value that is not a finite number")) {
        try ChoroplethMap(title: "T", regions: bad).svg(width: 400)
    }
}

@Test func legendDropsTrailingZerosEveryBoundShares() throws {
    var whole = threeCounties
    (whole[0].value, whole[1].value) = (3, 18)
    let svg = try ChoroplethMap(title: "T", regions: whole, method: .equalIntervals, classes: 3).svg(width: 300)
    #expect(legendTexts(svg) == ["3–8（1个地区）", "8–13（0个地区）", "13–18（1个地区）", "无数据（1个地区）"])
    #expect(svg.contains("<title>临城县：18</title>"))
}

@Test func mapWithoutAnyValuesIsAllHatched() throws {
    let empty = threeCounties.map { var region = $0; region.value = nil; return region }
    let svg = try ChoroplethMap(title: "T", regions: empty).svg(width: 300)
    #expect(legendTexts(svg) == ["无数据（3个地区）"])
    #expect(svg.components(separatedBy: "fill=\"url(#map-nodata)\" d=").count == 4)
}

/// WCAG relative luminance of `#RRGGBB`.
private func relativeLuminance(_ hex: String) -> Double {
    let value = UInt32(hex.dropFirst(), radix: 16)!
    let channels = [value >> 16, value >> 8, value].map { (shifted: UInt32) -> Double in
        let c = Double(shifted & 0xFF) / 255
        return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
    }
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]
}

/// A closed ring through (longitude, latitude) pairs.
func ring(_ points: [(Double, Double)]) -> [Coordinate] {
    let open = points.map { Coordinate(longitude: $0.0, latitude: $0.1) }
    return open + [open[0]]
}

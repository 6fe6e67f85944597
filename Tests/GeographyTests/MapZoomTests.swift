import Foundation
import Testing

@testable import Geography

/// The level of detail a map is drawn at, coordinates rounded for storage, and the clerk's words
/// for a bad file.
struct MapZoomTests {
    /// A square region `span` degrees wide at Xingtai's latitude.
    static func square(_ code: String, west: Double, span: Double) -> RegionBoundary {
        RegionBoundary(code: code, polygons: [Polygon(exterior: ring([(west, 37), (west + span, 37), (west + span, 37 + span), (west, 37 + span)]))])
    }

    @Test func aMapPicksTheCoarsestLevelThatStillDrawsWithinHalfAPixel() {
        // 640 pixels over 1.3° (a city): zoom log2(640·360 / (256·1.3)) ≈ 9.4, so level 10.
        #expect(MapZoom.level(for: [Self.square("a", west: 114, span: 1.3)], width: 640) == 10)
        // A province of 10°: zoom ≈ 6.5, level 8; a county of 0.4°: zoom ≈ 11.1, level 12.
        #expect(MapZoom.level(for: [Self.square("a", west: 100, span: 10)], width: 640) == 8)
        #expect(MapZoom.level(for: [Self.square("a", west: 114, span: 0.4)], width: 640) == 12)
        // The whole country (60°): the coarsest level; a tiny township: the finest stored.
        #expect(MapZoom.level(for: [Self.square("a", west: 75, span: 60)], width: 640) == 6)
        #expect(MapZoom.level(for: [Self.square("a", west: 114, span: 0.01)], width: 640) == 12)
        #expect(MapZoom.level(for: [], width: 640) == 12)
    }

    @Test func roundingKeepsASharedVertexSharedAndDropsRepeats() {
        let left = RegionBoundary(code: "l", polygons: [Polygon(exterior: [
            coordinate(114.1234564, 37.1), coordinate(114.2000001, 37.1), coordinate(114.2000004, 37.1000001),
            coordinate(114.2, 37.2), coordinate(114.1234564, 37.1),
        ])])
        let rounded = left.rounded(places: 6)
        #expect(rounded.polygons[0].exterior == [
            coordinate(114.123456, 37.1), coordinate(114.2, 37.1), coordinate(114.2, 37.2), coordinate(114.123456, 37.1),
        ])
        #expect(rounded.pointCount == 4 && left.pointCount == 5)
    }

    @Test func aBadFileIsDescribedWithPlacesCountedFromOne() {
        #expect(GeographyError.ringNotClosed(feature: 0, polygon: 1, ring: 2).chineseDescription
            == "第 1 个要素第 2 个面第 3 条边界：首尾坐标不同，边界未闭合")
        #expect(GeographyError.missingCode(feature: 3, property: "adcode").chineseDescription
            == "第 4 个要素：缺少存放区划代码的属性“adcode”，或其值为空")
        #expect(GeographyError.duplicateCode(feature: 5, code: "130522").chineseDescription
            == "第 6 个要素：区划代码 130522 在文件中出现了不止一次")
    }
}

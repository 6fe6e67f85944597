import JunhengTestSupport
import Testing

@testable import Geography

/// eviltransform's published test vectors (wgsLat, wgsLng, gcjLat, gcjLng), e.g.
/// github.com/googollee/eviltransform go/transform_test.go.
private let published: [(String, Double, Double, Double, Double)] = [
    ("Shanghai", 31.1774276, 121.5272106, 31.17530398364597, 121.531541859215),
    ("Shenzhen", 22.543847, 113.912316, 22.540796131694766, 113.9171764808363),
    ("Beijing", 39.911954, 116.377817, 39.91334545536069, 116.38404722455657),
]

@Test func wgs84ToGCJ02MatchesEviltransformVectors() {
    for (_, wgsLatitude, wgsLongitude, gcjLatitude, gcjLongitude) in published {
        let gcj = CoordinateSystem.wgs84.convert(coordinate(wgsLongitude, wgsLatitude), to: .gcj02)
        expectClose(gcj.latitude, gcjLatitude, within: 1e-12)
        expectClose(gcj.longitude, gcjLongitude, within: 1e-12)
    }
}

@Test func gcj02ToWGS84RecoversThePublishedWGS84Within1e7Degrees() {
    for (_, wgsLatitude, wgsLongitude, gcjLatitude, gcjLongitude) in published {
        let wgs = CoordinateSystem.gcj02.convert(coordinate(gcjLongitude, gcjLatitude), to: .wgs84)
        expectClose(wgs.latitude, wgsLatitude, within: 1e-7)
        expectClose(wgs.longitude, wgsLongitude, within: 1e-7)
    }
}

@Test func outsideChinaNothingShifts() {
    for place in [coordinate(-104.9903, 39.7392), coordinate(153.0251, -27.4698), coordinate(2.35, 48.85)] {
        #expect(CoordinateSystem.wgs84.convert(place, to: .gcj02) == place)
        #expect(CoordinateSystem.gcj02.convert(place, to: .wgs84) == place)
    }
}

@Test func convertingARegionShiftsEveryRingAndComesBack() {
    let xingtai = RegionBoundary(code: "130500", polygons: [
        Polygon(exterior: ring([(114.4, 37.0), (114.6, 37.0), (114.6, 37.2)]),
                holes: [ring([(114.5, 37.05), (114.55, 37.05), (114.55, 37.1)])])])
    let gcj = CoordinateSystem.wgs84.convert(xingtai, to: .gcj02)
    #expect(gcj.polygons[0].holes[0][0] == CoordinateSystem.wgs84.convert(coordinate(114.5, 37.05), to: .gcj02))
    let back = CoordinateSystem.gcj02.convert(gcj, to: .wgs84)
    for (a, b) in zip(back.polygons[0].rings.joined(), xingtai.polygons[0].rings.joined()) {
        expectClose(a.longitude, b.longitude, within: 1e-7)
        expectClose(a.latitude, b.latitude, within: 1e-7)
    }
    #expect(CoordinateSystem.wgs84.convert(xingtai, to: .wgs84) == xingtai)
}

@Test func gcj02RoundTripHoldsAcrossChinaWithin1e7Degrees() {
    // A 1° grid from Kashgar to Heilongjiang and Hainan.
    for longitude in stride(from: 74.0, through: 135, by: 1) {
        for latitude in stride(from: 18.0, through: 53, by: 1) {
            let wgs = coordinate(longitude + 0.37, latitude + 0.61)
            let gcj = CoordinateSystem.wgs84.convert(wgs, to: .gcj02)
            // The shift is real (tens to hundreds of metres) …
            #expect(abs(gcj.longitude - wgs.longitude) + abs(gcj.latitude - wgs.latitude) > 1e-4)
            // … and undone by the iteration.
            let back = CoordinateSystem.gcj02.convert(gcj, to: .wgs84)
            #expect(abs(back.longitude - wgs.longitude) < 1e-7 && abs(back.latitude - wgs.latitude) < 1e-7, "\(wgs)")
        }
    }
}

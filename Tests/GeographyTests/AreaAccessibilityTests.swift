import Foundation
import Testing

@testable import Geography

/// The measures summarised per area, on points whose answers can be worked by hand: in area A a
/// village of 100 people beside a clinic with 2 doctors and a village of 300 people 5 km east of
/// it; in area B one village of 50 people 800 m north of the clinic.
@Suite("Accessibility per area")
struct AreaAccessibilityTests {
    static let clinic = Coordinate(longitude: 114.5, latitude: 37.0)
    /// 5 km east along the parallel, and 800 m north along the meridian.
    static let east = Coordinate(longitude: 114.5 + 5_000 / (GreatCircle.earthRadius * cos(37.0 * .pi / 180)) * 180 / .pi, latitude: 37.0)
    static let north = Coordinate(longitude: 114.5, latitude: 37.0 + 800 / GreatCircle.earthRadius * 180 / .pi)
    static let demand = [
        DemandPoint(coordinate: clinic, population: 100, area: "A"),
        DemandPoint(coordinate: east, population: 300, area: "A"),
        DemandPoint(coordinate: north, population: 50, area: "B"),
    ]
    static let supply = [SupplyPoint(coordinate: clinic, capacity: 2)]

    @Test func coverageIsTheShareOfEachAreasPeopleWithinTheRadius() throws {
        let result = try AreaAccessibility.compute(.shareWithin, demand: Self.demand, supply: Self.supply, radius: 1_000)
        #expect(result.byArea == ["A": 25, "B": 100])
        #expect(abs(try #require(result.overall) - 150.0 / 450 * 100) < 1e-9)
    }

    @Test func nearestDistanceIsThePopulationWeightedMeanInKilometres() throws {
        let result = try AreaAccessibility.compute(.nearestDistance, demand: Self.demand, supply: Self.supply, radius: 1_000)
        let eastKm = GreatCircle.distance(Self.clinic, Self.east) / 1000
        #expect(abs(eastKm - 5) < 0.01)
        #expect(abs(try #require(result.byArea["A"]) - 300 * eastKm / 400) < 1e-9)
        #expect(abs(try #require(result.byArea["B"]) - 0.8) < 1e-3)
    }

    @Test func stepCatchmentSharesTheDoctorsAmongThePeopleWithinReachPerThousand() throws {
        // Within 1 km of the clinic: 100 + 50 people share 2 doctors, 13.33 per 1,000; the far village has none.
        let result = try AreaAccessibility.compute(.stepTwoStep, demand: Self.demand, supply: Self.supply, radius: 1_000)
        let ratio = 2.0 / 150 * 1000
        #expect(abs(try #require(result.byArea["A"]) - ratio * 100 / 400) < 1e-9)
        #expect(abs(try #require(result.byArea["B"]) - ratio) < 1e-9)
    }

    @Test func withNoFacilityTheNearestDistanceIsLeftOutAndCoverageIsZero() throws {
        let nearest = try AreaAccessibility.compute(.nearestDistance, demand: Self.demand, supply: [], radius: 1_000)
        #expect(nearest.byArea.isEmpty && nearest.overall == nil)
        let share = try AreaAccessibility.compute(.shareWithin, demand: Self.demand, supply: [], radius: 1_000)
        #expect(share.byArea == ["A": 0, "B": 0])
    }

    @Test func aRadiusThatIsNotPositiveIsRefused() {
        #expect(throws: GeographyError.invalidParameter("radius is 0.0 m; it must be a finite number greater than 0")) {
            try AreaAccessibility.compute(.shareWithin, demand: Self.demand, supply: Self.supply, radius: 0)
        }
    }

    @Test(arguments: [("1km", 1_000.0), ("1.5 km", 1_500), ("800m", 800), ("800", 800), ("2公里", 2_000), ("500米", 500)])
    func distancesAreReadAsPlannersWriteThem(text: String, metres: Double) {
        #expect(DistanceText.metres(text) == metres)
    }

    @Test(arguments: ["", "km", "-1km", "0", "一公里", "1 mile"])
    func whatIsNotADistanceIsNil(text: String) {
        #expect(DistanceText.metres(text) == nil)
    }

    @Test func fifteenMinutesOnFootIsOneAndAQuarterKilometres() {
        #expect(TravelMode.walk.speed.metres(inMinutes: 15) == 1_250)
        #expect(TravelMode.drive.speed.metres(inMinutes: 15) == 7_500)
    }
}

import Foundation

@testable import Surveys

/// samplics' NHANES II extract (Fixtures/README.md): the columns the tests use, missing as nil.
struct NHANES {
    var strata: [String] = []
    var clusters: [String] = []
    var weights: [Double] = []
    var regions: [String] = []
    var races: [String] = []
    var zinc: [Double?] = []
    var highBloodPressure: [Double?] = []

    static let shared: NHANES = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/nhanes2.csv")
        let lines = try! String(contentsOf: url, encoding: .utf8).split(whereSeparator: \.isNewline)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        func column(_ name: String) -> Int { header.firstIndex(of: name)! }
        var data = NHANES()
        for line in lines.dropFirst() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            data.strata.append(cells[column("stratid")])
            data.clusters.append(cells[column("psuid")])
            data.weights.append(Double(cells[column("finalwgt")])!)
            data.regions.append(cells[column("region")])
            data.races.append(cells[column("race")])
            data.zinc.append(Double(cells[column("zinc")]))
            data.highBloodPressure.append(Double(cells[column("highbp")]))
        }
        return data
    }()

    func design(weights: [Double]? = nil) throws -> SampleDesign {
        try SampleDesign(weights: weights ?? self.weights, strata: strata, clusters: clusters)
    }
}

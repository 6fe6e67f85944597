import Foundation
import JunhengTestSupport
import Testing

@testable import Equalization

private let countiesCSV = """
    \u{FEFF}Group,Weight,Region,Value\r
    rural,3,130102,12\r
    rural,1,130104,7.5\r
    "urban, core",4,130105,20.25\r
    rural,1,130107,9\r
    "urban, core",5,130108,15.5\r
    rural,9,130109,4\r
    "urban, core",2,130110,30\r
    rural,6,130111,11\r

    """

private func json(_ report: EqualizationReport) throws -> [String: Any] {
    let data = try JSONEncoder().encode(report)
    return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
}

@Test func csvReportHasTheKeysTheCommandLinePromises() throws {
    let report = try EqualizationReport(csv: countiesCSV)
    let object = try json(report)
    for key in ["unweighted", "weighted"] {
        let block = try #require(object[key] as? [String: Any], "missing \(key)")
        for measure in ["mean", "cv", "gini", "theilT", "theilL"] {
            #expect(block[measure] is Double, "\(key).\(measure)")
        }
        let decomposition = try #require(block["decomposition"] as? [String: Any])
        for measure in ["theilT", "theilL"] {
            let part = try #require(decomposition[measure] as? [String: Any])
            #expect(part["within"] is Double && part["between"] is Double)
        }
    }
    // Same numbers as the library on the same data (ReferenceValueTests: PySAL on repeated data).
    expectClose(report.weighted?.gini, 0.3229265761480585)
    expectClose(report.weighted?.decomposition?.theilT?.between, 0.11010845961262536)
    expectClose(report.unweighted?.theilT, 0.15067021784560072)
    #expect(
        report.weighted?.decomposition?.theilT?.groups.map(\.group) == ["rural", "urban, core"])
    #expect(report.notComputed.isEmpty)
}

@Test func csvAndArraysGiveTheSameReport() throws {
    let fromArrays = try EqualizationReport(
        regions: ["130102", "130104", "130105", "130107", "130108", "130109", "130110", "130111"],
        values: EightCounties.values, weights: EightCounties.weights,
        groups: EightCounties.groups.map { $0 == "urban" ? "urban, core" : $0 })
    #expect(try EqualizationReport(csv: countiesCSV) == fromArrays)
}

@Test func undefinedMeasuresEncodeAsNullWithTheirReason() throws {
    let report = try EqualizationReport(csv: "region,value\na,0\nb,2\nc,4\n")
    let unweighted = try #require(try json(report)["unweighted"] as? [String: Any])
    #expect(unweighted["theilL"] is NSNull)
    #expect(unweighted["theilT"] is Double)
    let undefined = try #require(unweighted["undefined"] as? [[String: String]])
    #expect(undefined.contains(["measure": "theilL", "reason": "zeroValues"]))
    #expect(report.dataQuality.zeroValues == RegionList(["a"]))
    let object = try json(report)
    #expect(object["weighted"] is NSNull)
    #expect(report.notComputed == [UndefinedMeasure(measure: "weighted", reason: .noWeights)])
}

@Test func reportRoundTripsThroughJSON() throws {
    let report = try EqualizationReport(csv: "region,value,weight\na,0,1\nb,2,\nc,4,2\nd,,3\n")
    let decoded = try JSONDecoder().decode(
        EqualizationReport.self, from: try JSONEncoder().encode(report))
    #expect(decoded == report)
}

@Test func missingValuesAndBadWeightsAreExcludedAndListed() throws {
    let report = try EqualizationReport(
        regions: ["a", "b", "c", "d", "e", "f", "g", "h"],
        values: [1, nil, .nan, 4, 5, 6, .infinity, 8],
        weights: [1, 1, 1, nil, 0, -2, 1, .infinity],
        groups: ["x", "x", "y", nil, "y", " ", "x", "x"])
    let quality = report.dataQuality
    #expect(quality.regionCount == 8)
    #expect(quality.missingValues == RegionList(["b", "c"]))
    #expect(quality.nonFiniteValues == RegionList(["g"]))
    #expect(quality.missingWeights == RegionList(["d"]))
    #expect(quality.zeroWeights == RegionList(["e"]))
    #expect(quality.negativeWeights == RegionList(["f"]))
    #expect(quality.nonFiniteWeights == RegionList(["h"]))
    #expect(quality.regionsWithoutGroup == RegionList(["d", "f"]))
    // Unweighted keeps every usable value; weighted only the one region with a usable weight.
    #expect(report.unweighted?.regionCount == 5)
    expectClose(report.unweighted?.mean, (1 + 4 + 5 + 6 + 8) / 5.0, within: 1e-15)
    #expect(report.weighted?.regionCount == 1)
    let groups = report.unweighted?.decomposition?.theilT?.groups.map(\.group)
    #expect(groups == [EqualizationReport.unassignedGroup, "x", "y"])
}

@Test func noUsableValueGivesNullResultsWithReasons() throws {
    let report = try EqualizationReport(csv: "region,value,weight\na,NA,3\nb,-,4\n")
    #expect(report.unweighted == nil && report.weighted == nil)
    #expect(
        report.notComputed == [
            UndefinedMeasure(measure: "unweighted", reason: .noData),
            UndefinedMeasure(measure: "weighted", reason: .noData),
        ])
    #expect(report.dataQuality.missingValues.count == 2)
}

@Test(arguments: [
    ("", CSVError(row: 1, column: nil, reason: "no header row")),
    (
        "region,valu\na,1\n",
        CSVError(
            row: 1, column: "valu",
            reason: "unknown column; expected region, value and optionally weight, group")
    ),
    (
        "region,weight\na,1\n",
        CSVError(row: 1, column: "value", reason: "required column is missing")
    ),
    (
        "region,value,Value\na,1,2\n",
        CSVError(row: 1, column: "Value", reason: "column appears twice")
    ),
    (
        "region,value\na,1\nb,abc\n",
        CSVError(row: 3, column: "value", reason: "'abc' is not a number")
    ),
    (
        "region,value,weight\na,1,1e999\n",
        CSVError(row: 2, column: "weight", reason: "'1e999' is not a finite number")
    ),
    (
        "region,value\na,1,2\n",
        CSVError(row: 2, column: nil, reason: "3 fields, but the header has 2")
    ),
    (
        "region,value\na,1\n\na,2\n",
        CSVError(row: 4, column: "region", reason: "region 'a' already appears on row 2")
    ),
    ("region,value\n,1\n", CSVError(row: 2, column: "region", reason: "region id is empty")),
    (
        "region,value\n\"a\nb,1\n",
        CSVError(
            row: 2, column: "region",
            reason: "quoted field is not closed before the end of the file")
    ),
    (
        "region,value\na\"b,1\n",
        CSVError(
            row: 2, column: "region",
            reason: "a quote inside a field must be doubled and the field quoted")
    ),
    (
        "region,value\n\"a\"b,1\n",
        CSVError(row: 2, column: "region", reason: "text after the closing quote")
    ),
])
func badCSVNamesRowColumnAndReason(csv: String, expected: CSVError) {
    #expect(throws: expected) { try EqualizationReport(csv: csv) }
}

@Test func quotedFieldsMaySpanLinesAndContainQuotes() throws {
    let csv = "region,value,group\n\"a\",1,\"say \"\"hi\"\"\"\n\"b\",2,\"two\nlines\"\nc,x,g\n"
    #expect(throws: CSVError(row: 5, column: "value", reason: "'x' is not a number")) {
        try EqualizationReport(csv: csv)
    }
    let report = try EqualizationReport(
        csv: "region,value,group\n \"a\" ,1,\"say \"\"hi\"\"\"\nb,2,\"two\nlines\"\n")
    let groups = report.unweighted?.decomposition?.theilT?.groups.map(\.group)
    #expect(groups == ["say \"hi\"", "two\nlines"])
}

@Test func arraysOfOtherLengthsOrRepeatedRegionsAreRejected() {
    #expect(throws: EqualizationError.lengthMismatch(argument: "weights", expected: 2, actual: 1)) {
        try EqualizationReport(regions: ["a", "b"], values: [1, 2], weights: [1])
    }
    #expect(throws: EqualizationError.duplicateRegion("a", index: 1)) {
        try EqualizationReport(regions: ["a", "a"], values: [1, 2])
    }
    #expect(throws: EqualizationError.emptyRegionID(index: 0)) {
        try EqualizationReport(regions: [""], values: [1])
    }
}

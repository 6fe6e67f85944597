import TextFormats

extension EqualizationReport {
    /// The CSV columns, in any order; `weight` and `group` are optional.
    public static let csvColumns = ["region", "value", "weight", "group"]

    /// Cells read as a missing value or weight (compared case-insensitively).
    public static let missingMarkers: Set<String> = ["", "na", "n/a", "nan", "null", "-"]

    /// Measures one indicator from CSV text with a header row naming the columns `region`,
    /// `value` and optionally `weight` and `group` (any order, any letter case). Quoted fields,
    /// CRLF line ends and a byte-order mark are accepted.
    ///
    /// Missing values or weights (``missingMarkers``) are not errors: they are excluded and listed
    /// in ``dataQuality``. Throws ``CSVError`` naming the row and column for: no header, an
    /// unknown, repeated or absent column, a row with the wrong number of fields, a value or
    /// weight that is not a finite number, an empty or repeated region id, or malformed quoting.
    public init(csv: String, options: MeasureOptions = .standard) throws(CSVError) {
        var reader = EqualizationCSV(csv)
        guard let header = try reader.nextRecord() else {
            throw CSVError(row: 1, column: nil, reason: "no header row")
        }
        let columns = try CSVColumns(header: header)
        reader.columnNames = header.fields
        var regions: [String] = []
        var values: [Double?] = []
        var weights: [Double?]? = columns.weight == nil ? nil : []
        var groups: [String?]? = columns.group == nil ? nil : []
        var rowOfRegion: [String: Int] = [:]
        while let record = try reader.nextRecord() {
            guard record.fields.count == header.fields.count else {
                throw CSVError(
                    row: record.line, column: nil,
                    reason:
                        "\(record.fields.count) fields, but the header has \(header.fields.count)")
            }
            let region = record.fields[columns.region]
            if region.isEmpty {
                throw CSVError(row: record.line, column: "region", reason: "region id is empty")
            }
            if let firstRow = rowOfRegion.updateValue(record.line, forKey: region) {
                throw CSVError(
                    row: record.line, column: "region",
                    reason: "region '\(region)' already appears on row \(firstRow)")
            }
            regions.append(region)
            values.append(try Self.number(in: record, at: columns.value, named: "value"))
            if let weightColumn = columns.weight {
                weights?.append(try Self.number(in: record, at: weightColumn, named: "weight"))
            }
            if let groupColumn = columns.group {
                groups?.append(record.fields[groupColumn])
            }
        }
        self.init(
            checkedRegions: regions, values: values, weights: weights, groups: groups,
            options: options)
    }

    /// The cell as a number, nil when it is a missing marker.
    private static func number(
        in record: CSVParser.Record, at column: Int, named name: String
    ) throws(CSVError) -> Double? {
        let text = record.fields[column]
        if missingMarkers.contains(text.lowercased()) { return nil }
        guard let number = Double(text) else {
            throw CSVError(row: record.line, column: name, reason: "'\(text)' is not a number")
        }
        guard number.isFinite else {
            throw CSVError(
                row: record.line, column: name, reason: "'\(text)' is not a finite number")
        }
        return number
    }
}

/// Where each known column sits in the header.
private struct CSVColumns {
    var region: Int
    var value: Int
    var weight: Int?
    var group: Int?

    init(header: CSVParser.Record) throws(CSVError) {
        var indexOfName: [String: Int] = [:]
        for (index, field) in header.fields.enumerated() {
            let name = field.lowercased()
            guard EqualizationReport.csvColumns.contains(name) else {
                throw CSVError(
                    row: header.line, column: field,
                    reason: "unknown column; expected region, value and optionally weight, group")
            }
            if indexOfName.updateValue(index, forKey: name) != nil {
                throw CSVError(row: header.line, column: field, reason: "column appears twice")
            }
        }
        for required in ["region", "value"] where indexOfName[required] == nil {
            throw CSVError(row: header.line, column: required, reason: "required column is missing")
        }
        region = indexOfName["region"]!
        value = indexOfName["value"]!
        weight = indexOfName["weight"]
        group = indexOfName["group"]
    }
}

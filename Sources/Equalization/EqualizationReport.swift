/// Region ids sharing one data problem.
public struct RegionList: Codable, Sendable, Equatable {
    public var count: Int
    public var regions: [String]

    init(_ regions: [String] = []) {
        count = regions.count
        self.regions = regions
    }

    mutating func append(_ region: String) {
        regions.append(region)
        count += 1
    }
}

/// What was wrong with the input and what was done about it. Nothing is dropped silently.
///
/// A region whose value is unusable is excluded from everything and listed only under its value
/// problem. A region whose value is usable but whose weight is not (missing, NaN, infinite, 0 or
/// negative) stays in the unweighted results and is excluded from the weighted ones: its
/// population is unknown or meaningless, and a zero weight would not change them anyway.
public struct DataQuality: Codable, Sendable, Equatable {
    /// Regions received.
    public var regionCount: Int
    /// Value missing (nil, NaN, or in CSV empty, NA, N/A, NaN, null, -): excluded.
    public var missingValues = RegionList()
    /// Value ±infinity: excluded.
    public var nonFiniteValues = RegionList()
    /// Value 0: kept; measures that take logarithms (Theil L, GE(α ≤ 0), Atkinson(ε ≥ 1)) and
    /// ratios to the minimum become undefined.
    public var zeroValues = RegionList()
    /// Value < 0: kept; measures needing values ≥ 0 become undefined.
    public var negativeValues = RegionList()
    /// Weight missing or NaN: excluded from the weighted results.
    public var missingWeights = RegionList()
    /// Weight ±infinity: excluded from the weighted results.
    public var nonFiniteWeights = RegionList()
    /// Weight 0: excluded from the weighted results.
    public var zeroWeights = RegionList()
    /// Weight < 0: excluded from the weighted results.
    public var negativeWeights = RegionList()
    /// No group (nil or blank) while others have one: decomposed as the group
    /// ``EqualizationReport/unassignedGroup`` so that within + between still covers everyone.
    public var regionsWithoutGroup = RegionList()

    init(regionCount: Int) {
        self.regionCount = regionCount
    }
}

/// All measures of one indicator across regions, unweighted and (with weights) weighted, with
/// decompositions when groups are given and a report of every data problem. Encodes to the JSON
/// of `junheng equalize`: finite numbers only, `null` for what is undefined, reasons alongside.
public struct EqualizationReport: Codable, Sendable, Equatable {
    /// Every region with a usable value counted once; `nil` when there is none.
    @EncodedAsNull public var unweighted: InequalityMeasures?
    /// Regions with a usable value and weight, weighted; `nil` without weights or regions.
    @EncodedAsNull public var weighted: InequalityMeasures?
    /// Why ``unweighted`` or ``weighted`` is `nil` (measure `unweighted` or `weighted`).
    public var notComputed: [UndefinedMeasure]
    public var dataQuality: DataQuality

    /// The group of regions that have none when others do.
    public static let unassignedGroup = "(unassigned)"

    /// Measures one indicator from parallel arrays (the database path).
    ///
    /// - Parameters:
    ///   - regions: unique, non-empty region ids.
    ///   - values: the indicator per region; nil or NaN = missing.
    ///   - weights: population (or another weight) per region; nil for no weighted results.
    ///   - groups: an exclusive group label per region (urban/rural, province…); nil for no
    ///     decomposition.
    /// - Throws: ``EqualizationError`` for arrays of different lengths or empty or duplicate ids.
    public init(
        regions: [String], values: [Double?], weights: [Double?]? = nil,
        groups: [String?]? = nil, options: MeasureOptions = .standard
    ) throws(EqualizationError) {
        try Self.checkInput(regions: regions, values: values, weights: weights, groups: groups)
        self.init(
            checkedRegions: regions, values: values, weights: weights, groups: groups,
            options: options)
    }

    /// For arrays of equal length with unique, non-empty region ids.
    init(
        checkedRegions regions: [String], values: [Double?], weights: [Double?]?,
        groups: [String?]?, options: MeasureOptions
    ) {
        var quality = DataQuality(regionCount: regions.count)
        var unweightedSet = RegionSet()
        var weightedSet = RegionSet()
        for index in regions.indices {
            let region = regions[index]
            guard let value = values[index], !value.isNaN else {
                quality.missingValues.append(region)
                continue
            }
            guard value.isFinite else {
                quality.nonFiniteValues.append(region)
                continue
            }
            if value == 0 { quality.zeroValues.append(region) }
            if value < 0 { quality.negativeValues.append(region) }
            var group = EqualizationReport.unassignedGroup
            if let groups {
                if let label = groups[index], !label.allSatisfy(\.isWhitespace) {
                    group = label
                } else {
                    quality.regionsWithoutGroup.append(region)
                }
            }
            unweightedSet.append(value: value, weight: 1, group: group)
            guard let weights else { continue }
            switch weights[index] {
            case .none, .some(.nan): quality.missingWeights.append(region)
            case .some(let weight) where !weight.isFinite: quality.nonFiniteWeights.append(region)
            case .some(0): quality.zeroWeights.append(region)
            case .some(let weight) where weight < 0: quality.negativeWeights.append(region)
            case .some(let weight): weightedSet.append(value: value, weight: weight, group: group)
            }
        }
        let isGrouped = groups != nil
        notComputed = []
        dataQuality = quality
        unweighted = nil
        weighted = nil
        if weights != nil && weightedSet.values.count == unweightedSet.values.count {
            // Same regions in both: one distribution, sorted once, serves both weightings.
            let both = weightedSet.distribution()
            let grouping = weightedSet.grouping(isGrouped)
            weighted = both?.measures(options: options, alignedGrouping: grouping)
            unweighted = both?.ignoringWeights.measures(options: options, alignedGrouping: grouping)
        } else {
            unweighted = unweightedSet.distribution(weighted: false)?.measures(
                options: options, alignedGrouping: unweightedSet.grouping(isGrouped))
            weighted = weightedSet.distribution()?.measures(
                options: options, alignedGrouping: weightedSet.grouping(isGrouped))
        }
        if unweighted == nil {
            notComputed.append(UndefinedMeasure(measure: "unweighted", reason: .noData))
        }
        if weights == nil {
            notComputed.append(UndefinedMeasure(measure: "weighted", reason: .noWeights))
        } else if weighted == nil {
            notComputed.append(UndefinedMeasure(measure: "weighted", reason: .noData))
        }
    }

    private static func checkInput(
        regions: [String], values: [Double?], weights: [Double?]?, groups: [String?]?
    ) throws(EqualizationError) {
        let lengths = [
            ("values", values.count), ("weights", weights?.count), ("groups", groups?.count),
        ]
        for case (let argument, let count?) in lengths where count != regions.count {
            throw .lengthMismatch(argument: argument, expected: regions.count, actual: count)
        }
        var seen = Set<String>()
        for (index, region) in regions.enumerated() {
            if region.isEmpty { throw .emptyRegionID(index: index) }
            if !seen.insert(region).inserted { throw .duplicateRegion(region, index: index) }
        }
    }
}

/// The regions kept for one weighting, collected in input order.
private struct RegionSet {
    var values: [Double] = []
    var weights: [Double] = []
    var groups: [String] = []

    mutating func append(value: Double, weight: Double, group: String) {
        values.append(value)
        weights.append(weight)
        groups.append(group)
    }

    /// Values are finite and weights > 0 by construction.
    func distribution(weighted: Bool = true) -> Distribution? {
        values.isEmpty
            ? nil : Distribution(validValues: values, weights: weighted ? weights : nil)
    }

    func grouping(_ isGrouped: Bool) -> Grouping? {
        isGrouped ? Grouping(groupOfRegion: groups) : nil
    }
}

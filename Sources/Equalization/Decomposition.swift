/// An exclusive, exhaustive assignment of regions to groups (urban/rural, provinces, poverty
/// counties and the rest), aligned with a ``Distribution``'s regions.
public struct Grouping: Sendable, Equatable {
    /// The distinct group labels, sorted.
    public let labels: [String]
    /// For each region, in the distribution's order, the index of its group in ``labels``.
    public let groupIndices: [Int]
    /// Region indices ordered by group, so that each group's regions form one run: summing a
    /// group then keeps its total in a register instead of adding into memory region by region.
    let regionsByGroup: [Int]
    /// Where each group's run starts in `regionsByGroup`, followed by its end.
    let runBounds: [Int]

    /// - Parameter groupOfRegion: each region's group label, in the distribution's order.
    public init(groupOfRegion: [String]) {
        labels = Array(Set(groupOfRegion)).sorted()
        let indexOfLabel = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        groupIndices = groupOfRegion.map { indexOfLabel[$0]! }
        var bounds = [Int](repeating: 0, count: labels.count + 1)
        for group in groupIndices { bounds[group + 1] += 1 }
        for group in labels.indices { bounds[group + 1] += bounds[group] }
        runBounds = bounds
        var nextSlot = bounds
        var regionsByGroup = [Int](repeating: 0, count: groupIndices.count)
        for (region, group) in groupIndices.enumerated() {
            regionsByGroup[nextSlot[group]] = region
            nextSlot[group] += 1
        }
        self.regionsByGroup = regionsByGroup
    }

    /// Number of regions assigned.
    public var regionCount: Int { groupIndices.count }

    /// The positions in `regionsByGroup` of the regions in `group`.
    func run(of group: Int) -> Range<Int> { runBounds[group]..<runBounds[group + 1] }
}

/// One group's place in a GE(α) decomposition.
public struct GroupContribution: Codable, Sendable, Equatable {
    public var group: String
    public var regionCount: Int
    /// The group's share of the total weight, p_g = W_g/W (share of regions when unweighted).
    public var populationShare: Double
    /// The group mean μ_g.
    public var mean: Double
    /// μ_g/μ: the group mean relative to the overall mean (e.g. 0.85 = at 85% of the average).
    public var relativeMean: Double
    /// The group's share of Σwx: p_g·μ_g/μ.
    public var valueShare: Double
    /// GE(α) among the group's own regions; `nil` when the group mean is 0 (possible for α > 0
    /// when all of a group's values are 0), which then contributes 0.
    @EncodedAsNull public var inequality: Double?
    /// p_g·(μ_g/μ)^α·GE_g(α): the group's part of ``GEDecomposition/within``.
    public var contribution: Double
}

/// GE(α) = within + between for one grouping (Shorrocks 1980): within = Σ_g p_g(μ_g/μ)^α·GE_g(α),
/// between = GE(α) of the distribution in which every region has its group's mean.
public struct GEDecomposition: Codable, Sendable, Equatable {
    public var alpha: Double
    public var weighting: Weighting
    /// GE(α) of the whole distribution, computed directly (not as within + between).
    public var total: Double
    public var within: Double
    public var between: Double
    /// within / total; `nil` when total is 0.
    @EncodedAsNull public var withinShare: Double?
    /// between / total; `nil` when total is 0.
    @EncodedAsNull public var betweenShare: Double?
    /// One entry per group, in ``Grouping/labels`` order.
    public var groups: [GroupContribution]
}

/// Theil T and Theil L decomposed by the same grouping. A decomposition is `nil` when its
/// measure is undefined for the data (the reason is in ``InequalityMeasures/undefined``).
public struct GroupDecomposition: Codable, Sendable, Equatable {
    @EncodedAsNull public var theilT: GEDecomposition?
    @EncodedAsNull public var theilL: GEDecomposition?
}

extension Distribution {
    /// GE(α) decomposed into within- and between-group parts, one result per α (in order).
    /// A result is `nil` where GE(α) is undefined: α ≤ 0 with a zero value, or any negative value.
    ///
    /// Throws ``EqualizationError/lengthMismatch(argument:expected:actual:)`` when the grouping
    /// does not cover exactly this distribution's regions.
    public func decompositions(
        by grouping: Grouping, alphas: [Double]
    ) throws(EqualizationError) -> [GEDecomposition?] {
        try checkAligned(grouping)
        return withColumns { columns in
            columns.decompositions(by: grouping, forms: alphas.map(EntropyForm.init(alpha:)))
        }
    }

    /// GE(α) for one α decomposed by `grouping`; see ``decompositions(by:alphas:)``.
    public func decomposition(
        by grouping: Grouping, alpha: Double
    ) throws(EqualizationError) -> GEDecomposition? {
        try decompositions(by: grouping, alphas: [alpha])[0]
    }

    func checkAligned(_ grouping: Grouping) throws(EqualizationError) {
        guard grouping.regionCount == count else {
            throw .lengthMismatch(
                argument: "grouping", expected: count, actual: grouping.regionCount)
        }
    }
}

extension Columns {
    /// Shares one pass for the group totals among all forms; each form then takes one more pass,
    /// which also sums the total directly (not as within + between, so that the identity is a
    /// check).
    func decompositions(by grouping: Grouping, forms: [EntropyForm]) -> [GEDecomposition?] {
        grouping.regionsByGroup.withUnsafeBufferPointer { regionsByGroup in
            var groupWeight: [Double] = []
            var groupMean: [Double] = []
            for group in grouping.labels.indices {
                var weight = 0.0
                var sum = 0.0
                for position in grouping.run(of: group) {
                    let region = regionsByGroup[position]
                    weight += weights[region]
                    sum += weights[region] * values[region]
                }
                groupWeight.append(weight)
                // Equal values give every group exactly the overall mean, so every part is 0.
                groupMean.append(isConstant ? mean : sum / weight)
            }
            let groups = GroupTotals(
                grouping: grouping, regionsByGroup: regionsByGroup, weight: groupWeight,
                mean: groupMean, logMean: groupMean.map(naturalLogOrZero))
            return forms.map { form in
                reasonUndefined(on: form.domain) == nil ? decomposition(form, groups) : nil
            }
        }
    }

    private func decomposition(_ form: EntropyForm, _ groups: GroupTotals) -> GEDecomposition {
        let logMean = naturalLog(mean)
        // Σw·term within each group against its own mean; over the groups (each region at its
        // group's mean) against the overall mean; and over all regions against the overall mean,
        // for the total, in the same pass.
        let (groupTermSums, betweenTermSum, totalTermSum) = form.withTerm { term in
            var groupTermSums: [Double] = []
            var betweenTermSum = 0.0
            var totalTermSum = 0.0
            for group in groups.mean.indices {
                let (groupMean, groupLogMean) = (groups.mean[group], groups.logMean[group])
                var termSum = 0.0
                for position in groups.grouping.run(of: group) {
                    let region = groups.regionsByGroup[position]
                    let (weight, value, log) = (weights[region], values[region], logs[region])
                    termSum += weight * term(value, log, groupMean, groupLogMean)
                    totalTermSum += weight * term(value, log, mean, logMean)
                }
                groupTermSums.append(termSum)
                betweenTermSum +=
                    groups.weight[group] * term(groupMean, groupLogMean, mean, logMean)
            }
            return (groupTermSums, betweenTermSum, totalTermSum)
        }
        var within = 0.0
        var contributions = [GroupContribution]()
        contributions.reserveCapacity(groups.mean.count)
        for group in groups.mean.indices {
            let groupMean = groups.mean[group]
            let populationShare = groups.weight[group] / totalWeight
            let relativeMean = groupMean / mean
            // A zero-mean group's terms may be 0/0; its weight (μ_g/μ)^α is 0, so it adds nothing.
            let inequality: Double? =
                groupMean == 0
                ? nil
                : isConstant
                    ? 0
                    : form.value(
                        termSum: groupTermSums[group], totalWeight: groups.weight[group],
                        mean: groupMean)
            let contribution =
                inequality.map { populationShare * form.relativeMeanWeight(relativeMean) * $0 }
                ?? 0
            within += contribution
            contributions.append(
                GroupContribution(
                    group: groups.grouping.labels[group],
                    regionCount: groups.grouping.run(of: group).count,
                    populationShare: populationShare, mean: groupMean,
                    relativeMean: relativeMean, valueShare: populationShare * relativeMean,
                    inequality: inequality, contribution: contribution))
        }
        let (between, total) =
            isConstant
            ? (0, 0)
            : (
                form.value(termSum: betweenTermSum, totalWeight: totalWeight, mean: mean),
                form.value(termSum: totalTermSum, totalWeight: totalWeight, mean: mean)
            )
        return GEDecomposition(
            alpha: form.alpha, weighting: weighting, total: total, within: within,
            between: between,
            withinShare: total > 0 ? within / total : nil,
            betweenShare: total > 0 ? between / total : nil,
            groups: contributions)
    }
}

/// Each group's weight and mean, shared by the decompositions of one grouping.
private struct GroupTotals {
    let grouping: Grouping
    let regionsByGroup: UnsafeBufferPointer<Int>
    let weight: [Double]
    let mean: [Double]
    /// ln of each mean, 0 for a zero mean (whose terms are then 0 for α = 1).
    let logMean: [Double]
}

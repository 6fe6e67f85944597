/// An exclusive, exhaustive assignment of regions to groups (urban/rural, provinces, poverty
/// counties and the rest), aligned with a ``Distribution``'s regions.
public struct Grouping: Sendable, Equatable {
    /// The distinct group labels, sorted.
    public let labels: [String]
    /// For each region, in the distribution's order, the index of its group in ``labels``.
    public let groupIndices: [Int]

    /// - Parameter groupOfRegion: each region's group label, in the distribution's order.
    public init(groupOfRegion: [String]) {
        labels = Array(Set(groupOfRegion)).sorted()
        let indexOfLabel = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        groupIndices = groupOfRegion.map { indexOfLabel[$0]! }
    }

    /// Number of regions assigned.
    public var regionCount: Int { groupIndices.count }
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
    /// Shares one pass for the group totals among all forms; each form then takes one more pass.
    func decompositions(by grouping: Grouping, forms: [EntropyForm]) -> [GEDecomposition?] {
        let groupCount = grouping.labels.count
        var groupWeight = [Double](repeating: 0, count: groupCount)
        var groupSum = [Double](repeating: 0, count: groupCount)
        var groupRegionCount = [Int](repeating: 0, count: groupCount)
        grouping.groupIndices.withUnsafeBufferPointer { groupOf in
            for index in values.indices {
                let group = groupOf[index]
                groupWeight[group] += weights[index]
                groupSum[group] += weights[index] * values[index]
                groupRegionCount[group] += 1
            }
        }
        // Equal values give every group exactly the overall mean, so every part is exactly 0.
        let groupMean = groupCount == 0 ? [] : (0..<groupCount).map {
            isConstant ? mean : groupSum[$0] / groupWeight[$0]
        }
        let groupLogMean = groupMean.map(naturalLogOrZero)
        return forms.map { form in
            guard reasonUndefined(on: form.domain) == nil else { return nil }
            return grouping.groupIndices.withUnsafeBufferPointer { groupOf in
                decomposition(
                    form, groupOf: groupOf, labels: grouping.labels,
                    groupWeight: groupWeight, groupMean: groupMean, groupLogMean: groupLogMean,
                    groupRegionCount: groupRegionCount)
            }
        }
    }

    private func decomposition(
        _ form: EntropyForm, groupOf: UnsafeBufferPointer<Int>, labels: [String],
        groupWeight: [Double], groupMean: [Double], groupLogMean: [Double],
        groupRegionCount: [Int]
    ) -> GEDecomposition {
        var groupTermSum = [Double](repeating: 0, count: labels.count)
        for index in values.indices {
            let group = groupOf[index]
            groupTermSum[group] +=
                weights[index]
                * form.term(
                    values[index], log: logs[index], mean: groupMean[group],
                    logMean: groupLogMean[group])
        }
        let logMean = naturalLog(mean)
        var betweenTermSum = 0.0
        var within = 0.0
        var groups = [GroupContribution]()
        groups.reserveCapacity(labels.count)
        for group in labels.indices {
            betweenTermSum +=
                groupWeight[group]
                * form.term(
                    groupMean[group], log: groupLogMean[group], mean: mean, logMean: logMean)
            let populationShare = groupWeight[group] / totalWeight
            let relativeMean = groupMean[group] / mean
            // A zero-mean group's terms may be 0/0; its weight (μ_g/μ)^α is 0, so it adds nothing.
            let inequality: Double? =
                groupMean[group] == 0
                ? nil
                : isConstant
                    ? 0
                    : form.value(
                        termSum: groupTermSum[group], totalWeight: groupWeight[group],
                        mean: groupMean[group])
            let contribution =
                inequality.map { populationShare * form.relativeMeanWeight(relativeMean) * $0 }
                ?? 0
            within += contribution
            groups.append(
                GroupContribution(
                    group: labels[group], regionCount: groupRegionCount[group],
                    populationShare: populationShare, mean: groupMean[group],
                    relativeMean: relativeMean, valueShare: populationShare * relativeMean,
                    inequality: inequality, contribution: contribution))
        }
        let between =
            isConstant
            ? 0 : form.value(termSum: betweenTermSum, totalWeight: totalWeight, mean: mean)
        let total = generalizedEntropy(form)
        return GEDecomposition(
            alpha: form.alpha, weighting: weighting, total: total, within: within,
            between: between,
            withinShare: total > 0 ? within / total : nil,
            betweenShare: total > 0 ? between / total : nil,
            groups: groups)
    }
}

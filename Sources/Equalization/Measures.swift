extension Distribution {
    /// Every measure in ``InequalityMeasures`` under this distribution's ``weighting``, and, when
    /// `grouping` is given, Theil T and Theil L decomposed by it.
    ///
    /// Edge cases: one region or all values equal (and > 0) give exactly 0 for every inequality
    /// measure and 1 for every ratio; all zeros give mean 0 and every relative measure undefined.
    public func measures(
        options: MeasureOptions = .standard, groupedBy grouping: Grouping? = nil
    ) throws(EqualizationError) -> InequalityMeasures {
        if let grouping { try checkAligned(grouping) }
        return measures(options: options, alignedGrouping: grouping)
    }

    /// ``measures(options:groupedBy:)`` for a grouping known to cover this distribution.
    func measures(options: MeasureOptions, alignedGrouping grouping: Grouping?)
        -> InequalityMeasures
    {
        withColumns { columns in
            var builder = MeasureBuilder(columns: columns)
            return builder.measures(options: options, grouping: grouping)
        }
    }

    /// The value at `percent` (0…100): the smallest value whose cumulative weight share reaches
    /// percent/100 (inverted empirical CDF, numpy's `method="inverted_cdf"`). Always an observed
    /// value: P50 is the value of the region in which the middle person lives.
    public func percentile(_ percent: Double) -> Double {
        withColumns { $0.percentiles([percent])[0] }
    }
}

/// Assembles ``InequalityMeasures``, checking each measure's domain first and recording why it
/// is undefined; computes each GE(α) at most once (Atkinson reuses them).
private struct MeasureBuilder {
    let columns: Columns
    var undefined: [UndefinedMeasure] = []
    var computedEntropies: [(alpha: Double, value: Double)] = []

    init(columns: Columns) {
        self.columns = columns
    }

    mutating func measures(options: MeasureOptions, grouping: Grouping?) -> InequalityMeasures {
        let standardDeviation = columns.standardDeviation()
        let cv = isDefined("cv", on: .positiveMean) ? standardDeviation / columns.mean : nil
        let gini = isDefined("gini", on: .nonNegative) ? columns.gini() : nil
        let theilT = entropy(alpha: 1, named: "theilT")
        let theilL = entropy(alpha: 0, named: "theilL")
        let entropies = options.generalizedEntropyAlphas.map { alpha in
            GeneralizedEntropyValue(
                alpha: alpha,
                value: entropy(alpha: alpha, named: "generalizedEntropy(\(compact(alpha)))"))
        }
        let atkinsonValues = options.atkinsonEpsilons.map { epsilon in
            AtkinsonValue(epsilon: epsilon, value: atkinson(epsilon: epsilon))
        }
        let maxMinRatio =
            isDefined("maxMinRatio", on: .positive) ? columns.maximum / columns.minimum : nil
        let minMeanRatio =
            isDefined("minMeanRatio", on: .nonNegative) ? columns.minimum / columns.mean : nil
        // One pass for the reported percentiles and the ratios' numerators and denominators.
        let percentileValues = columns.percentiles(
            options.percentiles + options.percentileRatios.flatMap { [$0.upper, $0.lower] })
        let lorenzCurve =
            options.includesLorenzCurve && isDefined("lorenzCurve", on: .nonNegative)
            ? columns.lorenzCurve() : nil
        var decomposition: GroupDecomposition?
        if let grouping { decomposition = self.decomposition(by: grouping) }
        return InequalityMeasures(
            weighting: columns.weighting,
            regionCount: columns.count,
            totalWeight: columns.totalWeight,
            mean: columns.mean,
            standardDeviation: standardDeviation,
            minimum: columns.minimum,
            maximum: columns.maximum,
            cv: cv, gini: gini, theilT: theilT, theilL: theilL,
            generalizedEntropy: entropies,
            atkinson: atkinsonValues,
            maxMinRatio: maxMinRatio,
            minMeanRatio: minMeanRatio,
            percentiles: zip(options.percentiles, percentileValues).map {
                Percentile(percent: $0, value: $1)
            },
            percentileRatios: percentileRatios(
                options.percentileRatios,
                bounds: Array(percentileValues.dropFirst(options.percentiles.count))),
            lorenzCurve: lorenzCurve,
            decomposition: decomposition,
            undefined: undefined)
    }

    /// Whether the data lie in `domain`; if not, records why the measure `name` is undefined.
    private mutating func isDefined(_ name: String, on domain: ValueDomain) -> Bool {
        guard let reason = columns.reasonUndefined(on: domain) else { return true }
        undefined.append(UndefinedMeasure(measure: name, reason: reason))
        return false
    }

    private mutating func entropy(alpha: Double, named name: String) -> Double? {
        let form = EntropyForm(alpha: alpha)
        return isDefined(name, on: form.domain) ? cachedEntropy(form) : nil
    }

    private mutating func cachedEntropy(_ form: EntropyForm) -> Double {
        if let known = computedEntropies.first(where: { $0.alpha == form.alpha }) {
            return known.value
        }
        let value = columns.generalizedEntropy(form)
        computedEntropies.append((form.alpha, value))
        return value
    }

    /// Atkinson(ε) = 1 − (Σpᵢ(xᵢ/μ)^(1−ε))^(1/(1−ε)), and 1 − exp(−GE(0)) = 1 − geometric mean/μ
    /// for ε = 1. With α = 1 − ε the inner sum is 1 + α(α−1)·GE(α), so GE(α) is reused.
    private mutating func atkinson(epsilon: Double) -> Double? {
        let name = "atkinson(\(compact(epsilon)))"
        let domain: ValueDomain = epsilon >= 1 ? .positive : .nonNegative
        guard isDefined(name, on: domain) else { return nil }
        if epsilon == 0 { return 0 }
        if epsilon == 1 { return 1 - exponential(-cachedEntropy(.meanLogDeviation)) }
        let alpha = 1 - epsilon
        let meanOfPowers = 1 + alpha * (alpha - 1) * cachedEntropy(EntropyForm(alpha: alpha))
        return 1 - power(meanOfPowers, 1 / alpha)
    }

    /// - Parameter bounds: the upper and lower percentile of each pair, in turn.
    private mutating func percentileRatios(
        _ pairs: [PercentilePair], bounds: [Double]
    ) -> [PercentileRatio] {
        pairs.enumerated().map { index, pair in
            let name = "p\(compact(pair.upper))/p\(compact(pair.lower))"
            let (upper, lower) = (bounds[2 * index], bounds[2 * index + 1])
            var value: Double?
            if isDefined(name, on: .nonNegative) {
                if lower > 0 {
                    value = upper / lower
                } else {
                    undefined.append(UndefinedMeasure(measure: name, reason: .zeroValues))
                }
            }
            return PercentileRatio(upper: pair.upper, lower: pair.lower, value: value)
        }
    }

    private mutating func decomposition(by grouping: Grouping) -> GroupDecomposition {
        let parts = columns.decompositions(
            by: grouping, forms: [.theil, .meanLogDeviation])
        for (name, part, form) in [
            ("decomposition.theilT", parts[0], EntropyForm.theil),
            ("decomposition.theilL", parts[1], EntropyForm.meanLogDeviation),
        ] where part == nil {
            _ = isDefined(name, on: form.domain)
        }
        return GroupDecomposition(theilT: parts[0], theilL: parts[1])
    }
}

/// "2" rather than "2.0" in measure names.
func compact(_ number: Double) -> String {
    number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
}

/// What to do with a stratum in which only one cluster was drawn (or responded).
public enum LonelyClusterPolicy: Sendable, Equatable {
    /// Refuse with ``SurveyError/singleClusterStratum(_:)``: the sample plan should collapse the
    /// stratum with a similar one. The default, because any other choice is a modelling decision.
    case refuse
    /// Measure the lonely cluster's deviation from the grand mean of all clusters (R survey's
    /// `"adjust"`): conservative, and it keeps the stratum's respondents in the estimate.
    case centreOnGrandMean
}

/// How the respondents were drawn: a stratified cluster sample with design weights. Clusters are
/// nested in strata (cluster "1" of stratum A and cluster "1" of stratum B are different clusters,
/// as survey files usually number them). Without clusters every respondent is a cluster of its own;
/// without strata the sample is one stratum.
public struct SampleDesign: Sendable {
    /// The weight of each respondent: how many people of the population each stands for.
    public let weights: [Double]
    /// The stratum (0-based, in order of first appearance) of each respondent.
    public let stratumOfRespondent: [Int]
    /// The cluster (0-based over the whole sample) of each respondent.
    public let clusterOfRespondent: [Int]
    /// The names of the strata, in index order.
    public let strata: [String]
    /// The stratum of each cluster.
    public let stratumOfCluster: [Int]
    /// What happens to a stratum with one cluster.
    public let lonelyClusters: LonelyClusterPolicy

    /// The number of respondents.
    public var count: Int { weights.count }
    /// Clusters minus strata: the degrees of freedom of a design-based variance.
    public var degreesOfFreedom: Int { stratumOfCluster.count - strata.count }

    /// Validates the design: equal lengths, finite positive weights, and (under
    /// ``LonelyClusterPolicy/refuse``) at least two clusters in every stratum.
    public init(
        weights: [Double], strata: [String]? = nil, clusters: [String]? = nil,
        lonelyClusters: LonelyClusterPolicy = .refuse
    ) throws(SurveyError) {
        let count = weights.count
        if let strata, strata.count != count {
            throw .lengthMismatch(argument: "strata", expected: count, actual: strata.count)
        }
        if let clusters, clusters.count != count {
            throw .lengthMismatch(argument: "clusters", expected: count, actual: clusters.count)
        }
        for (respondent, weight) in weights.enumerated() where !(weight.isFinite && weight > 0) {
            throw .invalidWeight(respondent: respondent, weight: weight)
        }
        var stratumIndex: [String: Int] = [:]
        var stratumNames: [String] = []
        var clusterIndex: [ClusterKey: Int] = [:]
        var stratumOfCluster: [Int] = []
        var stratumOfRespondent: [Int] = []
        var clusterOfRespondent: [Int] = []
        stratumOfRespondent.reserveCapacity(count)
        clusterOfRespondent.reserveCapacity(count)
        for respondent in 0..<count {
            let name = strata?[respondent] ?? ""
            let stratum: Int
            if let known = stratumIndex[name] {
                stratum = known
            } else {
                stratum = stratumNames.count
                stratumIndex[name] = stratum
                stratumNames.append(name)
            }
            let key = ClusterKey(stratum: stratum, cluster: clusters?[respondent] ?? "#\(respondent)")
            let cluster: Int
            if let known = clusterIndex[key] {
                cluster = known
            } else {
                cluster = stratumOfCluster.count
                clusterIndex[key] = cluster
                stratumOfCluster.append(stratum)
            }
            stratumOfRespondent.append(stratum)
            clusterOfRespondent.append(cluster)
        }
        if lonelyClusters == .refuse {
            var clustersPerStratum = [Int](repeating: 0, count: stratumNames.count)
            for stratum in stratumOfCluster { clustersPerStratum[stratum] += 1 }
            if let lonely = clustersPerStratum.firstIndex(of: 1) { throw .singleClusterStratum(stratumNames[lonely]) }
        }
        self.weights = weights
        self.strata = stratumNames
        self.stratumOfRespondent = stratumOfRespondent
        self.clusterOfRespondent = clusterOfRespondent
        self.stratumOfCluster = stratumOfCluster
        self.lonelyClusters = lonelyClusters
    }

    /// The same respondents and structure with other weights (after raking, say).
    public func reweighted(_ newWeights: [Double]) throws(SurveyError) -> SampleDesign {
        guard newWeights.count == count else {
            throw .lengthMismatch(argument: "weights", expected: count, actual: newWeights.count)
        }
        for (respondent, weight) in newWeights.enumerated() where !(weight.isFinite && weight > 0) {
            throw .invalidWeight(respondent: respondent, weight: weight)
        }
        return SampleDesign(copying: self, weights: newWeights)
    }

    private init(copying design: SampleDesign, weights: [Double]) {
        self.weights = weights
        self.strata = design.strata
        self.stratumOfRespondent = design.stratumOfRespondent
        self.clusterOfRespondent = design.clusterOfRespondent
        self.stratumOfCluster = design.stratumOfCluster
        self.lonelyClusters = design.lonelyClusters
    }

    private struct ClusterKey: Hashable {
        let stratum: Int
        let cluster: String
    }
}

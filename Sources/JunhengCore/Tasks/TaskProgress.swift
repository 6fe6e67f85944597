import Foundation

/// What a task's own progress is computed from (the inputs of ``TaskProgressRules``).
public struct OwnProgressInput: Sendable, Equatable {
    public var method: TaskProgressMethod
    public var manualPercent: Double?
    public var status: TaskStatus
    public var milestones: [Milestone]
    /// The linked indicator's progress in percent, worked out by monitoring (nil without data).
    public var indicatorPercent: Double?
    public var quantity: QuantifiedTarget?

    public init(method: TaskProgressMethod, manualPercent: Double? = nil, status: TaskStatus = .notStarted,
                milestones: [Milestone] = [], indicatorPercent: Double? = nil, quantity: QuantifiedTarget? = nil) {
        self.method = method
        self.manualPercent = manualPercent
        self.status = status
        self.milestones = milestones
        self.indicatorPercent = indicatorPercent
        self.quantity = quantity
    }
}

/// A child's progress and weight, for rolling up into its parent.
public struct WeightedProgress: Sendable, Equatable {
    public var percent: Double
    public var weight: Double?

    public init(percent: Double, weight: Double?) {
        self.percent = percent
        self.weight = weight
    }
}

/// How far along a task is, in percent from 0 to 100.
public enum TaskProgressRules {
    /// A task's progress by its own method; a task marked done is at 100 % whatever the method.
    /// Nil when the method has nothing to go on (no typed value, no milestones, no indicator data).
    public static func ownPercent(_ input: OwnProgressInput, scale: TaskStatusScale = .standard) -> Double? {
        if input.status == .done { return 100 }
        let raw: Double?
        switch input.method {
        case .manual:
            raw = input.manualPercent
        case .status:
            raw = scale.percent(input.status)
        case .milestones:
            let total = input.milestones.reduce(0) { $0 + max($1.share, 0) }
            raw = total > 0 ? 100 * input.milestones.filter(\.isDone).reduce(0) { $0 + max($1.share, 0) } / total : nil
        case .indicator:
            raw = input.indicatorPercent
        case .quantity:
            if let quantity = input.quantity, quantity.value > 0 {
                raw = 100 * (quantity.achieved ?? 0) / quantity.value
            } else {
                raw = nil
            }
        }
        return raw.map(clamp)
    }

    /// A parent's progress from its children: the weighted mean when every child has a positive
    /// weight (weights are normalised, so 0.2/0.3/0.5 and 2/3/5 agree), otherwise the plain mean.
    /// Decidim's published vectors: 10/50/90 → 50; with weights 0.2/0.3/0.5 → 62.
    public static func rollUp(_ children: [WeightedProgress]) -> Double? {
        guard !children.isEmpty else { return nil }
        let weights = children.compactMap(\.weight)
        if weights.count == children.count, weights.allSatisfy({ $0 > 0 }) {
            let total = weights.reduce(0, +)
            return clamp(children.reduce(0) { $0 + $1.percent * $1.weight! } / total)
        }
        return clamp(children.reduce(0) { $0 + $1.percent } / Double(children.count))
    }

    /// The progress of every node of a tree, leaves by their own method and parents by roll-up.
    /// A child without progress counts as 0 % in its parent, so a silent department pulls the
    /// parent down instead of disappearing from it.
    public static func tree(_ nodes: [TaskNode], scale: TaskStatusScale = .standard) -> [Int64: Double?] {
        let children = Dictionary(grouping: nodes.filter { $0.parentID != nil }, by: { $0.parentID! })
        var result: [Int64: Double?] = [:]
        func visit(_ node: TaskNode, depth: Int) -> Double? {
            if let known = result[node.id] { return known }
            let kids = children[node.id] ?? []
            let value: Double?
            if kids.isEmpty || depth > 32 {
                value = ownPercent(node.own, scale: scale)
            } else if node.own.status == .done {
                value = 100
            } else {
                value = rollUp(kids.map { WeightedProgress(percent: visit($0, depth: depth + 1) ?? 0, weight: $0.weight) })
            }
            result[node.id] = .some(value)
            return value
        }
        for node in nodes { _ = visit(node, depth: 0) }
        return result
    }

    /// The share of the way from baseline to target that the latest value has come, for tasks
    /// linked to an indicator. Nil when baseline and target are equal.
    public static func indicatorPercent(baseline: Double, latest: Double, target: Double) -> Double? {
        guard target != baseline else { return nil }
        return clamp(100 * (latest - baseline) / (target - baseline))
    }

    static func clamp(_ value: Double) -> Double { min(100, max(0, value)) }
}

/// One task in a tree, as ``TaskProgressRules/tree(_:scale:)`` needs it.
public struct TaskNode: Sendable, Equatable {
    public var id: Int64
    public var parentID: Int64?
    public var weight: Double?
    public var own: OwnProgressInput

    public init(id: Int64, parentID: Int64?, weight: Double?, own: OwnProgressInput) {
        self.id = id
        self.parentID = parentID
        self.weight = weight
        self.own = own
    }
}

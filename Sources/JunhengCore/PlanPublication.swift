import Foundation

/// What publishing a reviewed plan creates, worked out from its facts before anything is stored:
/// an indicator with the plan region's target per target, a draft catalogue of the service items,
/// the key tasks and the projects — each keeping the fact it came from, for provenance. Each
/// feature's store then writes its part.
public struct PlanPublication: Sendable, Equatable {
    /// An indicator the plan sets, with the plan region's target for it.
    public struct Target: Sendable, Equatable {
        /// `P<plan>-T<n>`: unique per plan and stable, since the fact's order does not change.
        public var code: String
        /// Carries the denominator: "每千人口" + "执业(助理)医师数".
        public var name: String
        public var unit: String
        public var direction: Direction
        /// 约束性 rather than 预期性.
        public var isBinding: Bool
        public var definition: String
        public var baselineYear: Int?
        public var baselineValue: Double?
        public var targetYear: Int
        public var targetValue: Double
        public var targetValueHigh: Double?
        public var comparator: TargetComparator
        public var source: Extraction
    }

    /// The draft catalogue version holding the plan's service items.
    public struct CatalogueDraft: Sendable, Equatable {
        public var title: String
        public var note: String
        /// In the order the plan first names them.
        public var domains: [String]
        public var items: [CatalogueItem]
        /// The fact each item came from, in the items' order.
        public var sources: [Extraction]
    }

    /// A department named by a task, leading it or cooperating.
    public struct TaskDepartment: Sendable, Equatable {
        public typealias Role = TaskDepartmentRole
        public var name: String
        public var role: Role

        public init(name: String, role: Role) {
            self.name = name
            self.role = role
        }
    }

    /// A key task (重点任务); its description is the plan's sentence.
    public struct Task: Sendable, Equatable {
        public var title: String
        public var description: String
        /// The lead first, then the cooperating departments, each once.
        public var departments: [TaskDepartment]
        public var source: Extraction
    }

    /// A project (重点工程), due by the end of the plan's period.
    public struct Project: Sendable, Equatable {
        public var name: String
        public var description: String
        public var targetValue: Double?
        public var targetUnit: String
        public var targetYear: Int?
        public var source: Extraction
    }

    public var targets: [Target]
    /// Nil when the plan lists no service items.
    public var catalogue: CatalogueDraft?
    public var tasks: [Task]
    public var projects: [Project]
    /// Figures the plan reports as already achieved: reviewed, but not turned into targets.
    public var achievementsKept: Int

    /// Refused while any fact is still pending, so nothing is published unreviewed, and when an
    /// accepted fact is invalid or a target has no year (neither its own nor the period's end).
    public init(planID: Int64, title: String, periodEnd: Int?, extractions: [Extraction]) throws(JunhengError) {
        let pending = extractions.filter { $0.status == .pending }.count
        if pending > 0 { throw .conflict("还有 \(pending) 项未审核，请先采纳或舍弃") }
        let accepted = extractions.filter { $0.status == .accepted }
        let problems = accepted.flatMap { extraction in
            PlanReviewRules.problems(kind: extraction.kind, fields: extraction.fields).map {
                ValidationIssue(field: "extraction \(extraction.id).\($0.field)", reason: $0.reason)
            }
        }
        if !problems.isEmpty { throw .invalid(problems) }

        let items = accepted.filter { $0.kind == .item }
        catalogue = items.isEmpty ? nil : Self.catalogue(title: title, items: items)
        let targetFacts = accepted.filter { $0.kind == .target }
        achievementsKept = targetFacts.filter { $0.fields["kind"] != "target" }.count
        targets = try targetFacts.filter { $0.fields["kind"] == "target" }.map { (fact) throws(JunhengError) in
            try Self.target(fact, planID: planID, title: title, periodEnd: periodEnd)
        }
        tasks = accepted.filter { $0.kind == .task }.map(Self.task)
        projects = accepted.filter { $0.kind == .project }.map { fact in
            Project(name: fact.fields["name"] ?? "", description: fact.fields["quantities"] ?? "",
                    targetValue: Double(fact.fields["targetValue"] ?? ""), targetUnit: fact.fields["targetUnit"] ?? "",
                    targetYear: periodEnd, source: fact)
        }
    }

    /// The note on a catalogue draft made from a plan; pages translate it by recognising it.
    public static let generatedCatalogueNote = "由规划文件生成，待补全后发布"

    private static func catalogue(title: String, items: [Extraction]) -> CatalogueDraft {
        let catalogueItems = CatalogueNumbering.assigningKeys(
            to: items.map { CatalogueItem(key: "", domain: $0.fields["domain"] ?? "", name: $0.fields["name"] ?? "") })
        var domains: [String] = []
        for item in catalogueItems where !domains.contains(item.domain) { domains.append(item.domain) }
        return CatalogueDraft(title: title, note: generatedCatalogueNote, domains: domains, items: catalogueItems,
                              sources: items)
    }

    private static func target(_ fact: Extraction, planID: Int64, title: String, periodEnd: Int?) throws(JunhengError) -> Target {
        let fields = fact.fields
        guard let year = Int(fields["year"] ?? "") ?? periodEnd else {
            throw .invalid(field: "extraction \(fact.id).year", "目标年份未知：请填写目标年份")
        }
        let comparator = TargetComparator(rawValue: fields["comparator"] ?? "") ?? .atLeast
        let high = Double(fields["valueHigh"] ?? "")
        let indicator = fields["indicator"] ?? ""
        let per = fields["per"] ?? ""
        return Target(
            code: "P\(planID)-T\(fact.sortOrder + 1)",
            name: per.isEmpty || indicator.contains(per) ? indicator : per + indicator,
            unit: fields["unit"] ?? "",
            direction: Direction(rawValue: fields["direction"] ?? "") ?? comparator.impliedDirection,
            isBinding: fields["attribute"] == "binding",
            definition: "摘自《\(title)》：\(fact.quote)",
            baselineYear: Int(fields["baselineYear"] ?? ""), baselineValue: Double(fields["baselineValue"] ?? ""),
            targetYear: year, targetValue: Double(fields["value"] ?? "") ?? 0, targetValueHigh: high,
            comparator: high == nil ? comparator : .range, source: fact)
    }

    private static func task(_ fact: Extraction) -> Task {
        let lead = (fact.fields["lead"] ?? "").trimmingCharacters(in: .whitespaces)
        let cooperating = (fact.fields["cooperating"] ?? "").split(separator: PlanReviewRules.listSeparator)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        var departments: [TaskDepartment] = []
        for (name, role) in [(lead, TaskDepartment.Role.lead)] + cooperating.map({ ($0, .cooperating) })
        where !name.isEmpty && !departments.contains(where: { $0.name == name }) {
            departments.append(TaskDepartment(name: name, role: role))
        }
        return Task(title: fact.fields["title"] ?? "", description: fact.quote, departments: departments, source: fact)
    }
}

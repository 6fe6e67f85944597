import Foundation

/// What a node of a plan's task tree is: a key task (重点任务), a key project (重点工程) with a
/// quantified target, or a sub-task that someone split off either.
public enum TaskKind: String, Codable, Sendable, CaseIterable {
    case keyTask = "key_task"
    case project
    case subtask

    public var chineseName: String {
        switch self {
        case .keyTask: "重点任务"
        case .project: "重点工程"
        case .subtask: "子任务"
        }
    }

    public var englishName: String {
        switch self {
        case .keyTask: "Key task"
        case .project: "Key project"
        case .subtask: "Sub-task"
        }
    }
}

/// Where a task stands as its department reports it. Each status carries a default percentage
/// (``TaskStatusScale``) for tasks whose progress is computed from their status.
public enum TaskStatus: String, Codable, Sendable, CaseIterable {
    case notStarted = "not_started"
    case inProgress = "in_progress"
    case nearlyDone = "nearly_done"
    case done

    public var chineseName: String {
        switch self {
        case .notStarted: "未启动"
        case .inProgress: "推进中"
        case .nearlyDone: "基本完成"
        case .done: "已完成"
        }
    }

    public var englishName: String {
        switch self {
        case .notStarted: "Not started"
        case .inProgress: "In progress"
        case .nearlyDone: "Nearly done"
        case .done: "Done"
        }
    }

    /// Reads the stored value or the Chinese name, as a ledger spreadsheet carries it.
    public init?(text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let status = TaskStatus(rawValue: trimmed) ?? TaskStatus.allCases.first(where: {
            $0.chineseName == trimmed || $0.englishName.caseInsensitiveCompare(trimmed) == .orderedSame
        }) else { return nil }
        self = status
    }
}

/// The percentage each status stands for when progress follows the status (Decidim's
/// accountability statuses work the same way). A setting: offices differ.
public struct TaskStatusScale: Codable, Sendable, Equatable {
    public var percents: [TaskStatus: Double]

    public static let standard = TaskStatusScale(percents: [.notStarted: 0, .inProgress: 50, .nearlyDone: 90, .done: 100])

    public init(percents: [TaskStatus: Double]) { self.percents = percents }

    public func percent(_ status: TaskStatus) -> Double { percents[status] ?? 0 }
}

/// How a task's own progress is worked out. A task with sub-tasks ignores it: its progress is
/// the roll-up of its children's.
public enum TaskProgressMethod: String, Codable, Sendable, CaseIterable {
    /// The department types a percentage.
    case manual
    /// The status's default percentage.
    case status
    /// The shares of the milestones done.
    case milestones
    /// The linked indicator's way from its baseline to its target.
    case indicator
    /// A project's achieved value against its quantified target.
    case quantity

    public var chineseName: String {
        switch self {
        case .manual: "手工填报"
        case .status: "按状态"
        case .milestones: "按里程碑"
        case .indicator: "按关联指标"
        case .quantity: "按工程量"
        }
    }

    public var englishName: String {
        switch self {
        case .manual: "Typed percentage"
        case .status: "From status"
        case .milestones: "From milestones"
        case .indicator: "From linked indicator"
        case .quantity: "From quantity achieved"
        }
    }
}

/// A dated step of a task, worth a share of it.
public struct Milestone: Codable, Sendable, Equatable {
    public var id: Int64
    public var title: String
    public var dueOn: CalendarDay?
    /// Its weight in the task; shares need not sum to 1 (they are normalised).
    public var share: Double
    public var doneOn: CalendarDay?

    public init(id: Int64 = 0, title: String, dueOn: CalendarDay?, share: Double, doneOn: CalendarDay? = nil) {
        self.id = id
        self.title = title
        self.dueOn = dueOn
        self.share = share
        self.doneOn = doneOn
    }

    public var isDone: Bool { doneOn != nil }
}

/// A project's promise in numbers ("10个盟市级储备库": 10, 个, by 2020) and how much of it is built.
public struct QuantifiedTarget: Codable, Sendable, Equatable {
    public var value: Double
    public var unit: String
    public var year: Int?
    public var achieved: Double?

    public init(value: Double, unit: String, year: Int?, achieved: Double? = nil) {
        self.value = value
        self.unit = unit
        self.year = year
        self.achieved = achieved
    }
}

/// Whether a department named by a task leads it (the first named, 排名首位的为牵头部门) or cooperates.
public enum TaskDepartmentRole: String, Codable, Sendable, CaseIterable {
    case lead
    case cooperating

    public var chineseName: String { self == .lead ? "牵头单位" : "配合单位" }
    public var englishName: String { self == .lead ? "Lead" : "Cooperating" }
}

/// The roles of DESIGN.md's "who uses it" table.
public enum Role: String, Codable, Sendable, CaseIterable {
    case admin
    case planner
    case departmentEditor = "department_editor"
    case regionReporter = "region_reporter"
    case reviewer

    public var chineseName: String {
        switch self {
        case .admin: "系统管理员"
        case .planner: "规划管理员"
        case .departmentEditor: "部门填报员"
        case .regionReporter: "地区填报员"
        case .reviewer: "审核员"
        }
    }

    public var englishName: String {
        switch self {
        case .admin: "Administrator"
        case .planner: "Planner"
        case .departmentEditor: "Department editor"
        case .regionReporter: "Region reporter"
        case .reviewer: "Reviewer"
        }
    }
}

/// What a user may do. Every write path names exactly one permission.
public enum Permission: String, Codable, Sendable, CaseIterable {
    case manageUsers
    case manageRegions
    /// Adding townships under a county: planners, and the county's own reporters, who report by township.
    case manageTownships
    case manageDepartments
    case managePlans
    case editCatalogue
    case publishCatalogue
    case manageIndicators
    case submitData
    case reviewData
    case viewAudit
    /// Editing key tasks, opening reporting periods, mapping department names, overriding colours.
    case manageTasks
    /// Filing a department's progress reports on its tasks.
    case reportTasks
    /// Returning or approving progress reports: the supervising office (督办单位).
    case superviseTasks
    /// Draft and publish annual and mid-term reports.
    case writeReports
    /// Accepting, routing and answering citizens' feedback (需求反馈): a department its own
    /// messages, a planner every message of the region.
    case handleFeedback
    /// Creating satisfaction surveys (满意度调查), fielding and closing them, importing their responses.
    case runSurveys
    /// Entering respondents' answers on the interviewer's form (访员录入), for respondents in the scope.
    case interviewRespondents
    /// Importing 12345 hotline work orders, keeping the keywords that map them to catalogue items
    /// and choosing the item of those the keywords miss.
    case manageHotline
}

extension Permission {
    /// What the permission allows, in the words a 403 page uses.
    public var chineseName: String {
        switch self {
        case .manageUsers: "管理用户"
        case .manageRegions: "管理行政区划"
        case .manageTownships: "添加乡镇（街道）"
        case .manageDepartments: "管理部门"
        case .managePlans: "导入和发布规划"
        case .editCatalogue: "编辑服务清单"
        case .publishCatalogue: "审核发布服务清单"
        case .manageIndicators: "管理指标和目标"
        case .submitData: "填报监测数据"
        case .reviewData: "审核监测数据"
        case .viewAudit: "查看审计日志"
        case .manageTasks: "管理重点任务"
        case .reportTasks: "填报任务进展"
        case .superviseTasks: "督办审核任务进展"
        case .writeReports: "编写和发布监测报告"
        case .handleFeedback: "办理群众留言"
        case .runSurveys: "开展满意度调查"
        case .interviewRespondents: "录入调查答卷"
        case .manageHotline: "管理12345热线工单"
        }
    }

    /// What the permission allows, in English.
    public var englishName: String {
        switch self {
        case .manageUsers: "manage users"
        case .manageRegions: "manage regions"
        case .manageTownships: "add townships"
        case .manageDepartments: "manage departments"
        case .managePlans: "import and publish plans"
        case .editCatalogue: "edit service catalogues"
        case .publishCatalogue: "review and publish service catalogues"
        case .manageIndicators: "manage indicators and targets"
        case .submitData: "submit monitoring data"
        case .reviewData: "review monitoring data"
        case .viewAudit: "view the audit log"
        case .manageTasks: "manage key tasks"
        case .reportTasks: "report progress on tasks"
        case .superviseTasks: "review progress reports as supervising office"
        case .writeReports: "write and publish monitoring reports"
        case .handleFeedback: "handle citizens' feedback"
        case .runSurveys: "run satisfaction surveys"
        case .interviewRespondents: "enter survey answers as an interviewer"
        case .manageHotline: "manage 12345 hotline work orders"
        }
    }
}

extension Role {
    public var permissions: Set<Permission> {
        switch self {
        case .admin:
            Set(Permission.allCases)
        case .planner:
            [.manageRegions, .manageTownships, .manageDepartments, .managePlans, .editCatalogue,
             .manageIndicators, .submitData, .viewAudit, .manageTasks, .reportTasks, .writeReports, .handleFeedback, .runSurveys,
             .interviewRespondents, .manageHotline]
        case .departmentEditor:
            [.editCatalogue, .submitData, .reportTasks, .handleFeedback]
        case .regionReporter:
            [.manageTownships, .submitData, .reportTasks, .interviewRespondents]
        case .reviewer:
            [.publishCatalogue, .reviewData, .viewAudit, .superviseTasks]
        }
    }
}

/// Where a user may act: a region subtree (nil = the whole country, for admins only) and,
/// for department editors, one department.
public struct AccessScope: Codable, Sendable, Hashable {
    public var regionCode: RegionCode?
    public var departmentID: Int64?

    public init(regionCode: RegionCode?, departmentID: Int64? = nil) {
        self.regionCode = regionCode
        self.departmentID = departmentID
    }
}

/// The outcome of an access check; a denial says why, for the 403 body and the log.
public enum AccessDecision: Equatable, Sendable {
    case allowed
    case denied(String)

    public var isAllowed: Bool { self == .allowed }
}

/// The access rules, kept pure so they are tested without a server or database.
public struct AccessPolicy: Sendable {
    public init() {}

    /// Decide whether someone with `role` and `scope` may exercise `permission` on a target in
    /// `targetRegionPath` (the target region followed by its ancestors, nearest first) and,
    /// where the target belongs to a department, `targetDepartmentID`.
    public func decide(
        role: Role,
        scope: AccessScope,
        permission: Permission,
        targetRegionPath: [RegionCode],
        targetDepartmentID: Int64? = nil
    ) -> AccessDecision {
        guard role.permissions.contains(permission) else {
            return .denied("角色“\(role.chineseName)”没有“\(permission.chineseName)”的权限")
        }
        if let scopeRegion = scope.regionCode {
            guard targetRegionPath.contains(scopeRegion) else {
                // An empty path is the whole country (a nationwide account or object).
                let target = targetRegionPath.first.map { "地区 \($0.rawValue)" } ?? "全国范围"
                return .denied("\(target) 不在用户管辖范围 \(scopeRegion.rawValue) 内")
            }
        } else if role != .admin {
            return .denied("只有系统管理员可以不限地区")
        }
        if role == .departmentEditor, let ownDepartment = scope.departmentID,
           let targetDepartment = targetDepartmentID, ownDepartment != targetDepartment {
            return .denied("该内容属于其他部门")
        }
        return .allowed
    }

    /// Whether an actor may create a user with the given role and scope: only inside their own
    /// subtree, and never a role with powers they lack (no privilege escalation).
    public func mayGrant(
        actorRole: Role, actorScope: AccessScope,
        newRole: Role, newScopePath: [RegionCode]
    ) -> AccessDecision {
        let base = decide(role: actorRole, scope: actorScope, permission: .manageUsers,
                          targetRegionPath: newScopePath)
        guard base.isAllowed else { return base }
        guard newRole.permissions.isSubset(of: actorRole.permissions) else {
            return .denied("不能授予超出自身权限的角色")
        }
        if newScopePath.isEmpty && newRole != .admin {
            return .denied("非管理员用户必须指定所属地区")
        }
        return .allowed
    }
}

// MARK: shared objects, departments, four eyes

extension AccessPolicy {
    /// The region that owns an object several regions share (an indicator with targets in a city
    /// and its counties): the lowest region on every one of `paths` (each a region followed by
    /// its ancestors, nearest first). Only someone whose scope covers that region may change the
    /// object, so a county cannot rename or re-bound what its city set for all its counties.
    /// Nil when the paths share no region (the object is the whole country's) or there are none.
    public func owningRegion(ofPaths paths: [[RegionCode]]) -> RegionCode? {
        guard var shared = paths.first else { return nil }
        for path in paths.dropFirst() { shared = shared.filter(path.contains) }
        return shared.first
    }

    /// Department scope on an object that belongs to departments (a catalogue version's items,
    /// the indicators of an upload): a department editor may write only when every one of
    /// `objectDepartments` is their own; an item of no department is not theirs either. Other
    /// roles are not bound by department.
    public func decideDepartments(role: Role, scope: AccessScope, objectDepartments: [Int64?]) -> AccessDecision {
        guard role == .departmentEditor else { return .allowed }
        guard let own = scope.departmentID else { return .denied("部门填报员未指定所属部门") }
        return objectDepartments.allSatisfy({ $0 == own }) ? .allowed : .denied("该内容属于其他部门")
    }

    /// The four-eyes rule: nobody approves or returns their own work, administrators included.
    /// `authors` are the users who made or submitted it (nil for the system, which binds nobody).
    public func mayReview(reviewer: Int64?, authors: [Int64?]) -> AccessDecision {
        guard let reviewer, authors.contains(reviewer) else { return .allowed }
        return .denied("不能审核自己提交的内容")
    }
}

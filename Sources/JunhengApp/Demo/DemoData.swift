import JunhengCore
import Storage

/// Demo data (示例数据) so the quick start shows populated pages: one account per role around
/// Xingtai (邢台市, 130500), a few of its departments, an example region grouping, Xingtai's plan
/// targets with a synthetic data panel, the boundaries of Xingtai and its counties, and Inner
/// Mongolia's published catalogue.
/// Idempotent: what exists is left alone. Clearly not real: every name says 示例.
public enum DemoData {
    public static let password = "junheng-demo"
    /// The source recorded on demo figures, so that pages can label them 示例数据.
    public static let observationSource = "示例数据（junheng demo）"
    public static let city = RegionCode(rawValue: "130500")!

    public struct Summary: Sendable {
        public var accounts: [String]
    }

    struct Account {
        let username: String
        let displayName: String
        let role: Role
        let region: String?
        let department: String?
    }

    static let departments = ["邢台市教育局", "邢台市卫生健康委员会", "邢台市人力资源和社会保障局", "邢台市民政局"]

    static let accounts = [
        Account(username: "admin", displayName: "示例管理员", role: .admin, region: nil, department: nil),
        Account(username: "planner", displayName: "示例·市发改委社会处", role: .planner, region: "130500", department: nil),
        Account(username: "reviewer", displayName: "示例·市审核员", role: .reviewer, region: "130500", department: nil),
        Account(username: "edu-editor", displayName: "示例·市教育局填报员", role: .departmentEditor, region: "130500", department: "邢台市教育局"),
        Account(username: "linchen", displayName: "示例·临城县填报员", role: .regionReporter, region: "130522", department: nil),
        Account(username: "neiqiu", displayName: "示例·内丘县填报员", role: .regionReporter, region: "130523", department: nil),
    ]

    /// - Parameter maps: whether to import the boundaries, the facilities and population points and
    ///   the coverage indicator computed from them too: `junheng demo` and `serve --demo` do; tests
    ///   ask for them only where they draw a map (they add about a second in a debug build).
    /// - Parameter survey: whether to add the satisfaction survey with its synthetic answers, and
    ///   the synthetic 12345 hotline work orders of 2026.
    public static func load(into database: JunhengDatabase, maps: Bool = false, survey: Bool = false) async throws -> Summary {
        let hash = try await Passwords.hash(password)
        let summary = try await database.transaction { db in
            let actor = AuditActor.system("demo")
            let departmentStore = DepartmentStore(db)
            var existing: [Department] = []
            for (region, names) in [(city, departments), (DemoTasks.region, DemoTasks.departments)] {
                let registered = try await departmentStore.departments(in: region)
                existing += registered
                for name in names where !registered.contains(where: { $0.name == name }) {
                    existing.append(try await departmentStore.create(regionCode: region, name: name, actor: actor))
                }
            }
            let users = UserStore(db)
            for account in accounts + DemoTasks.accounts where try await users.user(username: account.username) == nil {
                _ = try await users.create(UserRecord(
                    username: account.username, displayName: account.displayName, role: account.role,
                    regionCode: account.region.flatMap(RegionCode.init(rawValue:)),
                    departmentID: existing.first { $0.name == account.department }?.id), passwordHash: hash, actor: actor)
            }
            let regions = RegionStore(db)
            let setCode = "demo-urban-districts"
            if try await regions.groupSets().contains(where: { $0.code == setCode }) == false {
                _ = try await regions.createGroupSet(RegionGroupSet(
                    code: setCode, name: "示例：市辖区与县（市）", scopeRegionCode: city,
                    description: "示例数据：邢台市所辖区与县、县级市的划分，用于演示分组分解。",
                    groups: [RegionGroup(code: "district", name: "市辖区"), RegionGroup(code: "county", name: "县和县级市")]), actor: actor)
                for child in try await regions.children(of: city) {
                    try await regions.assign(child.code, toGroup: child.name.hasSuffix("区") ? "district" : "county",
                                             inSet: setCode, actor: actor)
                }
            }
            return Summary(accounts: (accounts + DemoTasks.accounts).map { "\($0.username)\t\($0.role.chineseName)\t\($0.region ?? "全国")" })
        }
        try await DemoPanel.load(into: database, actor: .system("demo"))
        try await DemoPanel.loadCatalogue(into: database, actor: .system("demo"))
        try await DemoTasks.load(into: database)
        if maps {
            try await DemoMaps.load(into: database)
            try await DemoMaps.loadFacilities(into: database)
        }
        if survey {
            try await DemoSurvey.load(into: database)
            try await DemoHotline.load(into: database)
        }
        return summary
    }
}

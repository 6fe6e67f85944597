import Foundation
import JunhengCore
import SQLKit

public struct RegionGroupSet: Codable, Sendable, Equatable {
    public var code: String
    public var name: String
    public var scopeRegionCode: RegionCode?
    public var description: String
    public var groups: [RegionGroup]

    public init(code: String, name: String, scopeRegionCode: RegionCode?, description: String = "", groups: [RegionGroup]) {
        self.code = code
        self.name = name
        self.scopeRegionCode = scopeRegionCode
        self.description = description
        self.groups = groups
    }
}

public struct RegionGroup: Codable, Sendable, Equatable {
    public var code: String
    public var name: String
    public init(code: String, name: String) {
        self.code = code
        self.name = name
    }
}

public struct RegionGroupMember: Codable, Sendable, Equatable {
    public var regionCode: RegionCode
    public var regionName: String
    public var groupCode: String
}

/// The region registry: regions, their dated parent links, and exclusive region groups.
/// Every read takes an `asOf` date (yyyy-MM-dd) because parent links change over time.
public struct RegionStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) { self.db = db }

    // MARK: reading

    public func count() async throws -> Int {
        try await db.raw("SELECT COUNT(*) AS n FROM regions").first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// A link is in force on `date` when it started on or before it and ends after it.
    private static func linkValid(_ alias: String, _ date: String) -> SQLQueryString {
        """
        (\(unsafeRaw: alias).valid_from IS NULL OR \(unsafeRaw: alias).valid_from <= \(bind: date)) \
        AND (\(unsafeRaw: alias).valid_to IS NULL OR \(unsafeRaw: alias).valid_to > \(bind: date))
        """
    }

    /// The columns of a `Region` under its property names, regions as `r` and links as `l`.
    private static let regionColumns: SQLQueryString = #"r.code, r.name, r.level, l.parent_code AS "parentCode""#

    private func regions(where condition: SQLQueryString, asOf date: String, order: String = "r.code") async throws -> [Region] {
        let query: SQLQueryString = """
            SELECT \(Self.regionColumns) FROM regions r
            LEFT JOIN region_links l ON l.child_code = r.code AND \(Self.linkValid("l", date))
            WHERE \(condition) ORDER BY \(unsafeRaw: order)
            """
        return try await db.raw(query).all().map { try $0.decode(model: Region.self) }
    }

    public func region(_ code: RegionCode, asOf date: String = Timestamp.today()) async throws -> Region? {
        try await regions(where: "r.code = \(bind: code.rawValue)", asOf: date).first
    }

    /// Like `region(_:)` but a missing region is an error naming the code.
    public func existingRegion(_ code: RegionCode, asOf date: String = Timestamp.today()) async throws -> Region {
        guard let region = try await region(code, asOf: date) else {
            throw JunhengError.notFound("地区 \(code.rawValue)")
        }
        return region
    }

    public func provinces() async throws -> [Region] {
        try await regions(where: "r.level = 'province'", asOf: Timestamp.today())
    }

    public func children(of parent: RegionCode, asOf date: String = Timestamp.today()) async throws -> [Region] {
        let query: SQLQueryString = """
            SELECT \(Self.regionColumns) FROM region_links l
            JOIN regions r ON r.code = l.child_code
            WHERE l.parent_code = \(bind: parent.rawValue) AND \(Self.linkValid("l", date))
            ORDER BY r.code
            """
        return try await db.raw(query).all().map { try $0.decode(model: Region.self) }
    }

    /// The ancestors of a region, nearest first (county → prefecture → province).
    public func ancestors(of code: RegionCode, asOf date: String = Timestamp.today()) async throws -> [Region] {
        Array(try await lineage(of: code, asOf: date).dropFirst())
    }

    /// The region followed by its ancestors: what access checks compare a user's scope against.
    public func path(of code: RegionCode, asOf date: String = Timestamp.today()) async throws -> [RegionCode] {
        try await lineage(of: code, asOf: date).map(\.code)
    }

    /// The region and its ancestors, nearest first, in one query; a missing region is an error naming the code.
    func lineage(of code: RegionCode, asOf date: String) async throws -> [Region] {
        guard let lineage = try await lineages(of: [code], asOf: date)[code] else { throw JunhengError.notFound("地区 \(code.rawValue)") }
        return lineage
    }

    /// Each of `codes` followed by its ancestors, nearest first, in one query whatever the number of
    /// regions; codes of no region are left out.
    public func lineages(of codes: [RegionCode], asOf date: String = Timestamp.today()) async throws -> [RegionCode: [Region]] {
        guard !codes.isEmpty else { return [:] }
        // Bounded: the hierarchy is at most four levels deep; a cycle would otherwise loop forever.
        let query: SQLQueryString = """
            WITH RECURSIVE up(start, code, depth) AS (
              SELECT code, code, 0 FROM regions WHERE code IN (\(binds: codes.map(\.rawValue)))
              UNION ALL
              SELECT up.start, l.parent_code, up.depth + 1 FROM region_links l JOIN up ON l.child_code = up.code
              WHERE \(Self.linkValid("l", date)) AND up.depth < 8
            )
            SELECT up.start, \(Self.regionColumns) FROM up JOIN regions r ON r.code = up.code
            LEFT JOIN region_links l ON l.child_code = r.code AND \(Self.linkValid("l", date))
            ORDER BY up.start, up.depth
            """
        var lineages: [RegionCode: [Region]] = [:]
        for row in try await db.raw(query).all() {
            guard let start = RegionCode(rawValue: try row.decode(column: "start", as: String.self)) else { continue }
            lineages[start, default: []].append(try row.decode(model: Region.self))
        }
        return lineages
    }

    /// Every region in the subtree under `root`, root included.
    public func subtreeCodes(of root: RegionCode, asOf date: String = Timestamp.today()) async throws -> [RegionCode] {
        let query: SQLQueryString = """
            WITH RECURSIVE subtree(code) AS (
              SELECT \(bind: root.rawValue)
              UNION
              SELECT l.child_code FROM region_links l JOIN subtree s ON l.parent_code = s.code
              WHERE \(Self.linkValid("l", date))
            )
            SELECT code FROM subtree ORDER BY code
            """
        return try await db.raw(query).all().compactMap {
            RegionCode(rawValue: try $0.decode(column: "code", as: String.self))
        }
    }

    /// Every region with its parent as of `date`, in one query (for validating uploads that name
    /// regions by code or by name).
    public func allRegionsWithParents(asOf date: String = Timestamp.today()) async throws -> [Region] {
        try await db.raw("""
            SELECT \(Self.regionColumns) FROM regions r
            LEFT JOIN region_links l ON l.child_code = r.code
              AND (l.valid_from IS NULL OR l.valid_from <= \(bind: date))
              AND (l.valid_to IS NULL OR l.valid_to > \(bind: date))
            """).all().map { try $0.decode(model: Region.self) }
    }

    /// Search by name fragment or code prefix; exact name and code matches come first.
    public func search(_ text: String, level: RegionLevel? = nil, limit: Int = 50) async throws -> [Region] {
        let term = text.trimmingCharacters(in: .whitespaces)
        guard !term.isEmpty else { return [] }
        let escaped = term.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
        var condition: SQLQueryString = """
            (r.name LIKE \(bind: "%" + escaped + "%") ESCAPE '\\' OR r.code LIKE \(bind: escaped + "%") ESCAPE '\\')
            """
        if let level { condition = condition + " AND r.level = \(bind: level.rawValue)" }
        let ranked = try await regions(where: condition, asOf: Timestamp.today())
        let sorted = ranked.sorted { lhs, rhs in
            let lhsExact = lhs.name == term || lhs.code.rawValue == term
            let rhsExact = rhs.name == term || rhs.code.rawValue == term
            if lhsExact != rhsExact { return lhsExact }
            if lhs.level != rhs.level { return lhs.level < rhs.level }
            return lhs.code < rhs.code
        }
        return Array(sorted.prefix(max(1, min(limit, 500))))
    }

    // MARK: the GB/T 2260 registry

    /// Loads the bundled GB/T 2260 registry when the regions table is empty. Returns how many
    /// regions were inserted (0 when the registry was already there).
    @discardableResult
    public func loadRegistryIfEmpty() async throws -> Int {
        guard try await count() == 0 else { return 0 }
        let rows = try RegionRegistry.bundled()
        let now = Timestamp.now()
        for batch in rows.chunked(into: 400) {
            var insert = db.insert(into: "regions").columns("code", "name", "level", "source", "created_at")
            for row in batch {
                insert = insert.values(SQLBind(row.code.rawValue), SQLBind(row.name), SQLBind(row.level.rawValue),
                                       SQLBind("gbt2260"), SQLBind(now))
            }
            try await insert.run()
        }
        for batch in rows.filter({ $0.parentCode != nil }).chunked(into: 400) {
            var insert = db.insert(into: "region_links").columns("child_code", "parent_code")
            for row in batch {
                insert = insert.values(SQLBind(row.code.rawValue), SQLBind(row.parentCode!.rawValue))
            }
            try await insert.run()
        }
        return rows.count
    }

    // MARK: changes

    /// Adds a region below `parent`, valid from `validFrom` (nil = always). Townships must carry a
    /// 9- or 12-digit code beginning with their county's code.
    public func addRegion(
        code: RegionCode, name: String, level: RegionLevel, parent: RegionCode, validFrom: String?,
        actor: AuditActor
    ) async throws -> Region {
        let trimmedName = name.trimmingCharacters(in: .whitespacesAndNewlines)
        var issues: [ValidationIssue] = []
        if trimmedName.isEmpty { issues.append(.init(field: "name", reason: "名称不能为空")) }
        if let validFrom, !DateText.isValidDay(validFrom) {
            issues.append(.init(field: "validFrom", reason: "日期格式应为 yyyy-MM-dd"))
        }
        let parentRegion = try await region(parent)
        if parentRegion == nil { issues.append(.init(field: "parentCode", reason: "上级地区 \(parent.rawValue) 不存在")) }
        if let parentRegion, level <= parentRegion.level {
            issues.append(.init(field: "level", reason: "\(level.chineseName)地区不能隶属于\(parentRegion.level.chineseName)地区"))
        }
        if level == .township {
            if parentRegion?.level != .county {
                issues.append(.init(field: "parentCode", reason: "乡级地区的上级必须是县级地区"))
            } else if !code.isTownshipCode(under: parent) {
                issues.append(.init(field: "code", reason: "乡级代码应为 9 或 12 位，并以所属县级代码 \(parent.rawValue) 开头"))
            }
        } else if code.rawValue.count != 6 {
            issues.append(.init(field: "code", reason: "省、地、县级代码应为 6 位"))
        }
        guard issues.isEmpty else { throw JunhengError.invalid(issues) }
        if try await region(code) != nil { throw JunhengError.conflict("地区代码 \(code.rawValue) 已存在") }

        try await db.insert(into: "regions").columns("code", "name", "level", "source", "created_at")
            .values(SQLBind(code.rawValue), SQLBind(trimmedName), SQLBind(level.rawValue), SQLBind("local"), SQLBind(Timestamp.now()))
            .run()
        try await db.insert(into: "region_links").columns("child_code", "parent_code", "valid_from")
            .values(SQLBind(code.rawValue), SQLBind(parent.rawValue), SQLBind(validFrom))
            .run()
        let created = Region(code: code, name: trimmedName, level: level, parentCode: parent)
        try await AuditLog(db).record(actor, action: "create", entity: "region", entityID: code.rawValue,
                                      regionCode: code.rawValue, after: created)
        return created
    }

    /// Moves a region under a new parent from `effective` on (区划调整): the current link ends that
    /// day and a new one starts, so queries for earlier dates still see the old tree.
    public func moveRegion(_ code: RegionCode, to newParent: RegionCode, effective: String, actor: AuditActor) async throws -> Region {
        guard DateText.isValidDay(effective) else { throw JunhengError.invalid(field: "effective", "日期格式应为 yyyy-MM-dd") }
        let before = try await existingRegion(code, asOf: effective)
        let parent = try await existingRegion(newParent, asOf: effective)
        guard parent.level < before.level else {
            throw JunhengError.invalid(field: "parentCode", "\(before.level.chineseName)地区不能隶属于\(parent.level.chineseName)地区")
        }
        if try await path(of: newParent, asOf: effective).contains(code) {
            throw JunhengError.invalid(field: "parentCode", "不能把地区移到它自己的下级之下")
        }
        if before.parentCode == newParent { return before }
        if try await db.select().column("id").from("region_links").where("child_code", .equal, code.rawValue)
            .where("valid_from", .equal, effective).first() != nil {
            // A second move on the same day replaces the first: closing the link that starts that
            // day would leave it an empty interval, which the table refuses.
            try await db.update("region_links").set("parent_code", to: newParent.rawValue)
                .where("child_code", .equal, code.rawValue).where("valid_from", .equal, effective).run()
        } else {
            let openLinks: SQLQueryString = """
                UPDATE region_links SET valid_to = \(bind: effective)
                WHERE child_code = \(bind: code.rawValue) AND \(Self.linkValid("region_links", effective))
                """
            try await db.raw(openLinks).run()
            try await db.insert(into: "region_links").columns("child_code", "parent_code", "valid_from")
                .values(SQLBind(code.rawValue), SQLBind(newParent.rawValue), SQLBind(effective))
                .run()
        }
        var after = before
        after.parentCode = newParent
        try await AuditLog(db).record(actor, action: "move", entity: "region", entityID: code.rawValue,
                                      regionCode: code.rawValue, before: before, after: after)
        return after
    }

    // MARK: groups

    public func createGroupSet(_ set: RegionGroupSet, actor: AuditActor) async throws -> RegionGroupSet {
        var issues: [ValidationIssue] = []
        if set.code.isEmpty { issues.append(.init(field: "code", reason: "分组代码不能为空")) }
        if set.name.isEmpty { issues.append(.init(field: "name", reason: "分组名称不能为空")) }
        if set.groups.count < 2 { issues.append(.init(field: "groups", reason: "一个分组方案至少需要两个组")) }
        if Set(set.groups.map(\.code)).count != set.groups.count {
            issues.append(.init(field: "groups", reason: "组代码重复"))
        }
        guard issues.isEmpty else { throw JunhengError.invalid(issues) }
        if let scope = set.scopeRegionCode { _ = try await existingRegion(scope) }
        if try await groupSetID(set.code) != nil { throw JunhengError.conflict("分组方案 \(set.code) 已存在") }

        let setID = try await db.insert(into: "region_group_sets")
            .columns("code", "name", "scope_region_code", "description")
            .values(SQLBind(set.code), SQLBind(set.name), SQLBind(set.scopeRegionCode?.rawValue), SQLBind(set.description))
            .returning("id").first()!.decode(column: "id", as: Int64.self)
        for group in set.groups {
            try await db.insert(into: "region_groups").columns("set_id", "code", "name")
                .values(SQLBind(setID), SQLBind(group.code), SQLBind(group.name)).run()
        }
        try await AuditLog(db).record(actor, action: "create", entity: "region_group_set", entityID: set.code,
                                      regionCode: set.scopeRegionCode?.rawValue, after: set)
        return set
    }

    private func groupSetID(_ code: String) async throws -> Int64? {
        try await db.select().column("id").from("region_group_sets").where("code", .equal, code)
            .first()?.decode(column: "id", as: Int64.self)
    }

    /// Every group set with its groups, in two queries however many sets there are.
    public func groupSets() async throws -> [RegionGroupSet] {
        let sets = try await db.select().columns("id", "code", "name", "scope_region_code", "description")
            .from("region_group_sets").orderBy("code").all()
        guard !sets.isEmpty else { return [] }
        let groups = Dictionary(grouping: try await db.select().columns("set_id", "code", "name").from("region_groups")
            .orderBy("id").all().map { row in
                (setID: try row.decode(column: "set_id", as: Int64.self),
                 group: RegionGroup(code: try row.decode(column: "code", as: String.self),
                                    name: try row.decode(column: "name", as: String.self)))
            }, by: \.setID)
        return try sets.map { row in
            RegionGroupSet(
                code: try row.decode(column: "code", as: String.self),
                name: try row.decode(column: "name", as: String.self),
                scopeRegionCode: try row.decode(column: "scope_region_code", as: String?.self).flatMap(RegionCode.init(rawValue:)),
                description: try row.decode(column: "description", as: String.self),
                groups: (groups[try row.decode(column: "id", as: Int64.self)] ?? []).map(\.group))
        }
    }

    public func groupSet(_ code: String) async throws -> RegionGroupSet {
        guard let set = try await groupSets().first(where: { $0.code == code }) else {
            throw JunhengError.notFound("分组方案 \(code)")
        }
        return set
    }

    /// Puts a region into one group of a set, replacing its previous group in that set:
    /// membership is exclusive by construction (the key is set × region).
    public func assign(_ regionCode: RegionCode, toGroup groupCode: String, inSet setCode: String, actor: AuditActor) async throws {
        guard let setID = try await groupSetID(setCode) else { throw JunhengError.notFound("分组方案 \(setCode)") }
        guard let groupID = try await db.select().column("id").from("region_groups")
            .where("set_id", .equal, setID).where("code", .equal, groupCode)
            .first()?.decode(column: "id", as: Int64.self)
        else { throw JunhengError.invalid(field: "groupCode", "分组方案 \(setCode) 中没有组 \(groupCode)") }
        _ = try await existingRegion(regionCode)
        let previous = try await db.raw("""
            SELECT g.code FROM region_group_members m JOIN region_groups g ON g.id = m.group_id
            WHERE m.set_id = \(bind: setID) AND m.region_code = \(bind: regionCode.rawValue)
            """).first()?.decode(column: "code", as: String.self)
        if previous == groupCode { return }
        try await db.delete(from: "region_group_members")
            .where("set_id", .equal, setID).where("region_code", .equal, regionCode.rawValue).run()
        try await db.insert(into: "region_group_members").columns("set_id", "group_id", "region_code")
            .values(SQLBind(setID), SQLBind(groupID), SQLBind(regionCode.rawValue)).run()
        try await AuditLog(db).record(actor, action: "assign", entity: "region_group_member",
                                      entityID: "\(setCode)/\(regionCode.rawValue)", regionCode: regionCode.rawValue,
                                      before: previous.map { ["group": $0] }, after: ["group": groupCode])
    }

    public func members(ofSet setCode: String) async throws -> [RegionGroupMember] {
        let query: SQLQueryString = """
            SELECT m.region_code, r.name, g.code AS group_code FROM region_group_members m
            JOIN region_group_sets s ON s.id = m.set_id
            JOIN region_groups g ON g.id = m.group_id
            JOIN regions r ON r.code = m.region_code
            WHERE s.code = \(bind: setCode) ORDER BY m.region_code
            """
        return try await db.raw(query).all().compactMap { row in
            guard let code = RegionCode(rawValue: try row.decode(column: "region_code", as: String.self)) else { return nil }
            return RegionGroupMember(regionCode: code, regionName: try row.decode(column: "name", as: String.self),
                                     groupCode: try row.decode(column: "group_code", as: String.self))
        }
    }
}

/// The GB/T 2260 file shipped with the program (`code,name,level,parent_code`).
public enum RegionRegistry {
    public struct Row: Sendable, Equatable {
        public var code: RegionCode
        public var name: String
        public var level: RegionLevel
        public var parentCode: RegionCode?
    }

    public static func bundled() throws -> [Row] {
        guard let url = Bundle.module.url(forResource: "regions-gbt2260", withExtension: "csv") else {
            throw JunhengError.notFound("内置的 GB/T 2260 区划文件 regions-gbt2260.csv")
        }
        return try parse(String(contentsOf: url, encoding: .utf8))
    }

    /// Parses the registry file; the file is ours, but a bad line is still reported by number.
    public static func parse(_ text: String) throws -> [Row] {
        var rows: [Row] = []
        for (index, rawLine) in text.split(whereSeparator: \.isNewline).enumerated() where index > 0 {
            let fields = rawLine.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard fields.count == 4, let code = RegionCode(rawValue: fields[0]),
                  let level = RegionLevel(rawValue: fields[2]), !fields[1].isEmpty
            else {
                throw JunhengError.invalid([ValidationIssue(field: "regions-gbt2260.csv", reason: "格式错误：\(rawLine)", row: index + 1)])
            }
            rows.append(Row(code: code, name: fields[1], level: level,
                            parentCode: fields[3].isEmpty ? nil : RegionCode(rawValue: fields[3])))
        }
        return rows
    }
}

enum DateText {
    /// A calendar day in `yyyy-MM-dd` form, checked for a real date (no 2023-02-30).
    static func isValidDay(_ text: String) -> Bool {
        let parts = text.split(separator: "-")
        guard text.count == 10, parts.count == 3, let year = Int(parts[0]), let month = Int(parts[1]),
              let day = Int(parts[2]), (1...12).contains(month), day >= 1
        else { return false }
        let isLeap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths = [31, isLeap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= lengths[month - 1]
    }
}

extension Array {
    func chunked(into size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0 ..< Swift.min($0 + size, count)] }
    }
}

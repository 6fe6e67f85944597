import JunhengCore
import Storage

/// The region registry (GB/T 2260 and the townships counties add), dated parent links, and the
/// region groupings used to decompose inequality.
public struct RegionUseCases: Sendable {
    let app: JunhengApp
    private var store: RegionStore { RegionStore(app.database.sql) }

    public func count() async throws -> Int { try await store.count() }
    public func provinces() async throws -> [Region] { try await store.provinces() }

    public func search(_ text: String, level: RegionLevel? = nil, limit: Int = 50) async throws -> [Region] {
        try await store.search(text, level: level, limit: limit)
    }

    /// The region, or `notFound`.
    public func region(_ code: RegionCode, asOf date: String = Timestamp.today()) async throws -> Region {
        try await store.existingRegion(code, asOf: date)
    }

    /// The children of an existing region (`notFound` for an unknown one).
    public func children(of code: RegionCode, asOf date: String = Timestamp.today()) async throws -> [Region] {
        _ = try await store.existingRegion(code, asOf: date)
        return try await store.children(of: code, asOf: date)
    }

    /// Where a page opens when the address names no region: the reader's own region, else the
    /// installation's home region, else the region of the first plan published here. Without any
    /// of them the reader is asked to name one.
    public func homeRegion(for actor: Actor) async throws -> RegionCode {
        if let own = actor.user?.regionCode { return own }
        if let home = app.settings.homeRegion { return home }
        if let first = try await PlanStore(app.database.sql).plans().filter({ $0.status == "published" }).min(by: { $0.id < $1.id }) {
            return first.regionCode
        }
        throw JunhengError.invalid(field: "region", "请在网址中指定地区（region=地区代码），或用 junheng serve --home-region 设置本系统的默认地区")
    }

    /// `code` when given, else ``homeRegion(for:)``.
    public func region(_ code: RegionCode?, orHomeOf actor: Actor) async throws -> RegionCode {
        if let code { return code }
        return try await homeRegion(for: actor)
    }

    /// Nearest first.
    public func ancestors(of code: RegionCode, asOf date: String = Timestamp.today()) async throws -> [Region] {
        try await store.ancestors(of: code, asOf: date)
    }

    /// Whether the actor may add townships under `county`.
    public func mayAddTownship(to county: Region, actor: Actor) async throws -> Bool {
        guard county.level == .county, actor.user != nil else { return false }
        return try await app.access.allows(.manageTownships, region: county.code, actor: actor)
    }

    /// Adds a region; townships need `manageTownships` in the parent county, other levels `manageRegions`.
    public func addRegion(code: RegionCode, name: String, level: RegionLevel, parent: RegionCode, validFrom: String?,
                          actor: Actor) async throws -> Region {
        try await app.access.authorize(level == .township ? .manageTownships : .manageRegions, region: parent, actor: actor)
        let audit = actor.audit
        return try await app.database.transaction { db in
            try await RegionStore(db).addRegion(code: code, name: name, level: level, parent: parent, validFrom: validFrom, actor: audit)
        }
    }

    /// Re-parents a region from a date on; needs `manageRegions` over both the region and its new parent.
    public func move(_ code: RegionCode, to newParent: RegionCode, effective: String, actor: Actor) async throws -> Region {
        try await app.access.authorize(.manageRegions, region: code, actor: actor)
        try await app.access.authorize(.manageRegions, region: newParent, actor: actor)
        let audit = actor.audit
        return try await app.database.transaction { db in
            try await RegionStore(db).moveRegion(code, to: newParent, effective: effective, actor: audit)
        }
    }

    // MARK: groupings

    public func groupSets() async throws -> [RegionGroupSet] { try await store.groupSets() }

    public func createGroupSet(_ set: RegionGroupSet, actor: Actor) async throws -> RegionGroupSet {
        try await app.access.authorize(.manageRegions, region: set.scopeRegionCode, actor: actor)
        let audit = actor.audit
        return try await app.database.transaction { try await RegionStore($0).createGroupSet(set, actor: audit) }
    }

    /// The members of an existing set (`notFound` for an unknown one).
    public func members(ofSet set: String) async throws -> [RegionGroupMember] {
        _ = try await store.groupSet(set)
        return try await store.members(ofSet: set)
    }

    /// The set with this code, or `notFound`.
    public func groupSet(_ code: String) async throws -> RegionGroupSet { try await store.groupSet(code) }

    /// The regions a set's groups are chosen among: the children of its scope (the provinces for a
    /// country-wide set).
    public func assignableRegions(of set: RegionGroupSet) async throws -> [Region] {
        guard let scope = set.scopeRegionCode else { return try await store.provinces() }
        return try await children(of: scope)
    }

    /// Refuses unless the actor manages regions over the set's scope: a grouping belongs to the
    /// region it divides, and a county does not regroup its city's counties (nor itself in them).
    private func requireOwner(of set: RegionGroupSet, actor: Actor) async throws {
        try await app.access.authorize(.manageRegions, region: set.scopeRegionCode, actor: actor)
    }

    /// Puts several regions into groups of a set in one transaction: all of them or, on any
    /// error, none. The actor needs `manageRegions` over the set's scope and each region.
    public func assign(_ choices: [(region: RegionCode, group: String)], inSet set: String, actor: Actor) async throws {
        try await requireOwner(of: try await store.groupSet(set), actor: actor)
        for choice in choices { try await app.access.authorize(.manageRegions, region: choice.region, actor: actor) }
        let audit = actor.audit
        try await app.database.transaction { db in
            for choice in choices { try await RegionStore(db).assign(choice.region, toGroup: choice.group, inSet: set, actor: audit) }
        }
    }

    /// Puts a region into a group of a set; needs `manageRegions` over the set's scope and the region.
    public func assign(_ region: RegionCode, toGroup group: String, inSet set: String, actor: Actor) async throws {
        try await requireOwner(of: try await store.groupSet(set), actor: actor)
        try await app.access.authorize(.manageRegions, region: region, actor: actor)
        let audit = actor.audit
        try await app.database.transaction { try await RegionStore($0).assign(region, toGroup: group, inSet: set, actor: audit) }
    }
}

extension RegionUseCases {
    /// Loads the bundled GB/T 2260 registry into a database without regions; returns how many
    /// regions were loaded (0 when there were some already).
    @discardableResult
    public func loadRegistryIfEmpty() async throws -> Int {
        try await store.loadRegistryIfEmpty()
    }
}

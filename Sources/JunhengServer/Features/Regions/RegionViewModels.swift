import JunhengCore
import Storage

/// A region in a list or heading of `Regions/regions` and `Regions/region`.
struct RegionRow {
    let code: String
    let name: String
    let level: String

    init(_ region: Region, language: Language) {
        code = region.code.rawValue
        name = region.name
        level = region.level.name(in: language)
    }
}

/// `Regions/regions`: the provinces, or the regions a search found.
struct RegionsPage {
    let q: String
    let searching: Bool
    let regions: [RegionRow]

    init(query: String, found: [Region], language: Language) {
        q = query
        searching = !query.isEmpty
        regions = found.map { RegionRow($0, language: language) }
    }
}

/// `Regions/region`: a region with its parents (from the top) and children, links to its
/// indicators, plans, warnings and (when it has one) its published catalogue, and the form for a
/// new township when the user may add one.
struct RegionPage {
    let region: RegionRow
    let ancestors: [RegionRow]
    let children: [RegionRow]
    let mayAddTownship: Bool
    let hasCatalogue: Bool
    /// The children's composite equalization index as a map (latest complete year); nil without
    /// boundaries or indicators.
    var map: String?

    /// `ancestors` as `RegionUseCases.ancestors(of:)` gives them; the page lists them in reverse, from the top.
    init(_ region: Region, ancestors: [Region], children: [Region], mayAddTownship: Bool, hasCatalogue: Bool = false,
         language: Language) {
        self.region = RegionRow(region, language: language)
        self.ancestors = ancestors.reversed().map { RegionRow($0, language: language) }
        self.children = children.map { RegionRow($0, language: language) }
        self.mayAddTownship = mayAddTownship
        self.hasCatalogue = hasCatalogue
    }
}

/// `Regions/groups`: the region group sets, and the form for a new one (kept as typed after an error).
struct GroupSetsPage {
    struct Row {
        let code: String
        let path: String
        let name: String
        let scope: String
        /// "district 市辖区、county 县和县级市" ("…, …" in English).
        let groups: String
        let memberCount: Int
    }

    let sets: [Row]
    let mayCreate: Bool
    /// The form's values.
    let code: String
    let name: String
    let scope: String
    let description: String
    let groupLines: String

    init(sets: [(set: RegionGroupSet, members: Int)], wholeCountry: String, mayCreate: Bool, typed: FormFields? = nil,
         defaultScope: String, language: Language) {
        self.sets = sets.map { set, members in
            Row(code: set.code, path: "/regions/groups/" + AuditPage.encoded(set.code), name: set.name,
                scope: set.scopeRegionCode?.rawValue ?? wholeCountry,
                groups: set.groups.map { "\($0.code) \($0.name)" }.joined(separator: language.punctuation.listSeparator), memberCount: members)
        }
        self.mayCreate = mayCreate
        code = typed?["code"] ?? ""
        name = typed?["name"] ?? ""
        scope = typed?["scope"] ?? defaultScope
        description = typed?["description"] ?? ""
        groupLines = typed?["groups"] ?? ""
    }
}

/// `Regions/groups-set`: one group set, each child region of its scope with a select of the groups.
struct GroupSetPage {
    struct Option {
        let value: String
        let name: String
        let selected: Bool
    }

    struct Row {
        let code: String
        let name: String
        let field: String
        let options: [Option]
        let assigned: Bool
    }

    let code: String
    let path: String
    let name: String
    let scope: String
    let description: String
    let rows: [Row]
    let mayAssign: Bool

    /// `typed` holds the choices of a form that failed, which win over the stored ones.
    init(_ set: RegionGroupSet, regions: [Region], members: [RegionGroupMember], wholeCountry: String, mayAssign: Bool,
         typed: FormFields? = nil) {
        code = set.code
        path = "/regions/groups/" + AuditPage.encoded(set.code)
        name = set.name
        scope = set.scopeRegionCode?.rawValue ?? wholeCountry
        description = set.description
        self.mayAssign = mayAssign
        let stored = Dictionary(members.map { ($0.regionCode.rawValue, $0.groupCode) }, uniquingKeysWith: { first, _ in first })
        rows = regions.map { region in
            let field = "group-\(region.code.rawValue)"
            let chosen = typed?[field] ?? stored[region.code.rawValue] ?? ""
            return Row(code: region.code.rawValue, name: region.name, field: field,
                       options: set.groups.map { Option(value: $0.code, name: $0.name, selected: $0.code == chosen) },
                       assigned: !chosen.isEmpty)
        }
    }
}

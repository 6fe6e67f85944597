import JunhengCore

/// A region in a list or heading of `Regions/regions` and `Regions/region`.
struct RegionRow {
    let code: String
    let name: String
    let level: String

    init(_ region: Region) {
        code = region.code.rawValue
        name = region.name
        level = region.level.chineseName
    }
}

/// `Regions/regions`: the provinces, or the regions a search found.
struct RegionsPage {
    let q: String
    let searching: Bool
    let regions: [RegionRow]

    init(query: String, found: [Region]) {
        q = query
        searching = !query.isEmpty
        regions = found.map(RegionRow.init)
    }
}

/// `Regions/region`: a region with its parents (from the top) and children, and the form for a
/// new township when the user may add one.
struct RegionPage {
    let region: RegionRow
    let ancestors: [RegionRow]
    let children: [RegionRow]
    let mayAddTownship: Bool

    /// `ancestors` as `RegionUseCases.ancestors(of:)` gives them; the page lists them in reverse, from the top.
    init(_ region: Region, ancestors: [Region], children: [Region], mayAddTownship: Bool) {
        self.region = RegionRow(region)
        self.ancestors = ancestors.reversed().map(RegionRow.init)
        self.children = children.map(RegionRow.init)
        self.mayAddTownship = mayAddTownship
    }
}

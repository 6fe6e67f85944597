import Foundation

public struct FieldChange: Codable, Sendable, Hashable {
    public var field: CatalogueField
    public var before: String
    public var after: String
}

public struct ItemChange: Codable, Sendable, Hashable {
    public var before: CatalogueItem
    public var after: CatalogueItem
    public var changes: [FieldChange]
}

/// What changed from one catalogue version to another.
public struct CatalogueDiff: Codable, Sendable, Hashable {
    public var added: [CatalogueItem]
    public var removed: [CatalogueItem]
    public var changed: [ItemChange]

    public var isEmpty: Bool { added.isEmpty && removed.isEmpty && changed.isEmpty }

    /// Items are matched by key, then (for items left over, such as ones imported without keys) by
    /// domain and normalized name; matched items are compared field by field, ignoring surrounding spaces.
    public static func between(_ old: [CatalogueItem], _ new: [CatalogueItem]) -> CatalogueDiff {
        let pairs = pairs(old, new, keys: [{ $0.key.isEmpty ? nil : $0.key },
                                           { $0.domain.trimmed + "\u{1F}" + CatalogueText.normalizedName($0.name) }])
        let changed = pairs.matched.compactMap { o, n -> ItemChange? in
            let changes = CatalogueField.allCases.compactMap { field -> FieldChange? in
                o[field].trimmed == n[field].trimmed ? nil : FieldChange(field: field, before: o[field], after: n[field])
            }
            return changes.isEmpty ? nil : ItemChange(before: o, after: n, changes: changes)
        }
        return CatalogueDiff(added: pairs.unmatchedRight, removed: pairs.unmatchedLeft, changed: changed)
    }

    /// Pairs two item lists one to one, by each key in turn among the items still unpaired.
    private static func pairs(_ left: [CatalogueItem], _ right: [CatalogueItem], keys: [(CatalogueItem) -> String?])
        -> (matched: [(CatalogueItem, CatalogueItem)], unmatchedLeft: [CatalogueItem], unmatchedRight: [CatalogueItem]) {
        var rightTaken = [Bool](repeating: false, count: right.count)
        var partner = [Int?](repeating: nil, count: left.count)
        for key in keys {
            var open: [String: [Int]] = [:]
            for (j, item) in right.enumerated() where !rightTaken[j] {
                if let k = key(item) { open[k, default: []].append(j) }
            }
            for (i, item) in left.enumerated() where partner[i] == nil {
                guard let k = key(item), let j = open[k]?.first else { continue }
                open[k]?.removeFirst()
                partner[i] = j
                rightTaken[j] = true
            }
        }
        let matched = left.indices.compactMap { i in partner[i].map { (left[i], right[$0]) } }
        return (matched, left.indices.filter { partner[$0] == nil }.map { left[$0] },
                right.indices.filter { !rightTaken[$0] }.map { right[$0] })
    }
}

extension String {
    var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}

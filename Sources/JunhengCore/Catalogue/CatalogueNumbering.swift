import Foundation

/// How a region's catalogue versions and their items are numbered, whether a draft comes from an
/// import, a copy, an edit or a published plan.
public enum CatalogueNumbering {
    /// A region's versions count up from 1.
    public static func versionNumber(after latest: Int?) -> Int { (latest ?? 0) + 1 }

    /// `items` with each empty key replaced by the lowest free one of `I001`, `I002`, …; keys the
    /// items already have, and those in `taken`, are never handed out again.
    public static func assigningKeys(to items: [CatalogueItem], taken: Set<String> = []) -> [CatalogueItem] {
        var used = taken.union(items.map(\.key))
        var candidates = (1...).lazy.map { String(format: "I%03d", $0) }.makeIterator()
        return items.map { item in
            guard item.key.isEmpty else { return item }
            var item = item
            repeat { item.key = candidates.next()! } while used.contains(item.key)
            used.insert(item.key)
            return item
        }
    }
}

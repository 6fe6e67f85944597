import Foundation

/// Resolves a region name found in a plan to a GB/T 2260 code.
public protocol RegionResolver: Sendable {
    /// The best match for `name` (e.g. `邢台市`, `内蒙古自治区`, `安居区`), preferring `level` when given
    /// and, among equal names, the region inside `parentName` when given.
    func resolve(name: String, level: String?, parentName: String?) -> ResolvedRegion?
}

public struct ResolvedRegion: Sendable, Hashable {
    public var code: String
    public var name: String
    public var level: String
    public init(code: String, name: String, level: String) {
        self.code = code; self.name = name; self.level = level
    }
}

/// A resolver over rows of the GB/T 2260 registry (`code,name,level,parent_code`).
public struct RegionTable: RegionResolver {
    public struct Row: Sendable, Hashable {
        public var code: String, name: String, level: String, parentCode: String?
        public init(code: String, name: String, level: String, parentCode: String?) {
            self.code = code; self.name = name; self.level = level; self.parentCode = parentCode
        }
    }

    private let rows: [Row]
    private let byCode: [String: Row]

    public init(rows: [Row]) {
        self.rows = rows
        var byCode: [String: Row] = [:]
        for r in rows { byCode[r.code] = r }
        self.byCode = byCode
    }

    /// Parses the registry CSV (header `code,name,level,parent_code`).
    public init(csv: String) {
        var rows: [Row] = []
        for line in csv.split(whereSeparator: \.isNewline).dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingCharacters(in: .whitespaces) }
            guard f.count >= 3 else { continue }
            rows.append(Row(code: f[0], name: f[1], level: f[2], parentCode: f.count > 3 && !f[3].isEmpty ? f[3] : nil))
        }
        self.init(rows: rows)
    }

    public func resolve(name: String, level: String?, parentName: String?) -> ResolvedRegion? {
        let key = Self.stem(name)
        guard !key.isEmpty else { return nil }
        var candidates = rows.filter { $0.name == name }
        if candidates.isEmpty { candidates = rows.filter { Self.stem($0.name) == key } }
        if let level, candidates.count > 1 {
            let sameLevel = candidates.filter { $0.level == level }
            if !sameLevel.isEmpty { candidates = sameLevel }
        }
        if let parentName, candidates.count > 1 {
            let parentKey = Self.stem(parentName)
            let inParent = candidates.filter { row in
                var p = row.parentCode
                while let code = p, let parent = byCode[code] {
                    if Self.stem(parent.name) == parentKey { return true }
                    p = parent.parentCode
                }
                return false
            }
            if !inParent.isEmpty { candidates = inParent }
        }
        guard let best = candidates.first else { return nil }
        return ResolvedRegion(code: best.code, name: best.name, level: best.level)
    }

    /// Name without its administrative suffix, so `内蒙古` finds `内蒙古自治区`.
    static func stem(_ name: String) -> String {
        var n = name
        for suffix in ["维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "自治县", "地区", "特别行政区", "省", "市", "区", "县", "盟", "旗"] where n.hasSuffix(suffix) && n.count > suffix.count + 1 {
            n.removeLast(suffix.count)
            break
        }
        return n
    }
}

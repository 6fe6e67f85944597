/// Administrative level of a region in the GB/T 2260 hierarchy (plus townships, which the
/// national registry does not list and counties add themselves).
public enum RegionLevel: String, Codable, Sendable, CaseIterable, Comparable {
    case province
    case prefecture
    case county
    case township

    /// Depth below the national root: province 1 … township 4.
    public var depth: Int {
        switch self {
        case .province: 1
        case .prefecture: 2
        case .county: 3
        case .township: 4
        }
    }

    public static func < (lhs: RegionLevel, rhs: RegionLevel) -> Bool { lhs.depth < rhs.depth }

    /// The level a direct child of a region at this level normally has. Municipalities and
    /// county-level cities directly under a province skip a level, so this is a default, not a rule.
    public var childLevel: RegionLevel? {
        switch self {
        case .province: .prefecture
        case .prefecture: .county
        case .county: .township
        case .township: nil
        }
    }

    public var chineseName: String {
        switch self {
        case .province: "省级"
        case .prefecture: "地级"
        case .county: "县级"
        case .township: "乡级"
        }
    }

    public var englishName: String {
        switch self {
        case .province: "Province"
        case .prefecture: "Prefecture"
        case .county: "County"
        case .township: "Township"
        }
    }
}

/// A region code: six digits for GB/T 2260 provinces, prefectures and counties; nine or twelve
/// digits for townships (统计用区划代码), whose first six digits are their county's code.
public struct RegionCode: RawRepresentable, Hashable, Codable, Sendable, Comparable, CustomStringConvertible {
    public let rawValue: String

    public init?(rawValue: String) {
        let allDigits = !rawValue.isEmpty && rawValue.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
        guard allDigits, [6, 9, 12].contains(rawValue.utf8.count) else { return nil }
        self.rawValue = rawValue
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let code = RegionCode(rawValue: text) else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "'\(text)' is not a region code (6, 9 or 12 digits)"))
        }
        self = code
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }
    public static func < (lhs: RegionCode, rhs: RegionCode) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The six-digit county prefix of a township code, or the code itself.
    public var countyPrefix: String { String(rawValue.prefix(6)) }

    /// Whether the code has the shape a township code must have under the given county:
    /// longer than six digits and starting with the county's code.
    public func isTownshipCode(under county: RegionCode) -> Bool {
        rawValue.utf8.count > 6 && county.rawValue.utf8.count == 6 && countyPrefix == county.rawValue
    }
}

public struct Region: Codable, Sendable, Hashable {
    public var code: RegionCode
    public var name: String
    public var level: RegionLevel
    /// The parent valid on the date the region was read for; nil for provinces.
    public var parentCode: RegionCode?

    public init(code: RegionCode, name: String, level: RegionLevel, parentCode: RegionCode?) {
        self.code = code
        self.name = name
        self.level = level
        self.parentCode = parentCode
    }
}

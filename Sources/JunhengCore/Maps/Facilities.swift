import Foundation
import TextFormats

/// A kind of service facility the register holds, with the catalogue domain (服务领域) whose
/// items it delivers: the link between a facility on the map and the 清单 items people are owed.
public struct FacilityKind: Sendable, Hashable, Codable {
    /// The key used in URLs, the API and the command line: `village-clinic`.
    public let key: String
    /// The name registers use, and the import accepts: 村卫生室.
    public let name: String
    /// The catalogue's domain (服务领域) of the services the facility delivers.
    public let domain: String
    /// The capacity that measures its supply in the accessibility measures (doctors for a
    /// clinic, places for a school, beds for elderly care); a facility without it counts as 1.
    public let supply: FacilityCapacity

    /// The kinds the register knows, in the order pages list them.
    public static let all: [FacilityKind] = [
        FacilityKind(key: "township-health-centre", name: "乡镇卫生院", domain: "病有所医", supply: .doctors),
        FacilityKind(key: "village-clinic", name: "村卫生室", domain: "病有所医", supply: .doctors),
        FacilityKind(key: "community-health-centre", name: "社区卫生服务中心", domain: "病有所医", supply: .doctors),
        FacilityKind(key: "hospital", name: "医院", domain: "病有所医", supply: .beds),
        FacilityKind(key: "kindergarten", name: "幼儿园", domain: "幼有所育", supply: .places),
        FacilityKind(key: "primary-school", name: "小学", domain: "学有所教", supply: .places),
        FacilityKind(key: "junior-school", name: "初中", domain: "学有所教", supply: .places),
        FacilityKind(key: "cultural-station", name: "综合文化站", domain: "文体服务保障", supply: .count),
        FacilityKind(key: "library", name: "公共图书馆", domain: "文体服务保障", supply: .count),
        FacilityKind(key: "sports-ground", name: "公共体育场地", domain: "文体服务保障", supply: .count),
        FacilityKind(key: "elderly-care", name: "养老机构", domain: "老有所养", supply: .beds),
        FacilityKind(key: "employment-service", name: "就业服务站", domain: "劳有所得", supply: .count),
    ]

    /// Names registers use for a kind besides its own.
    static let aliases: [String: String] = [
        "卫生院": "township-health-centre", "中心卫生院": "township-health-centre", "卫生室": "village-clinic",
        "村医务室": "village-clinic", "社区卫生服务站": "community-health-centre", "综合医院": "hospital",
        "中学": "junior-school", "初级中学": "junior-school", "文化站": "cultural-station",
        "乡镇综合文化站": "cultural-station", "图书馆": "library", "体育场地": "sports-ground",
        "养老院": "elderly-care", "敬老院": "elderly-care", "养老服务中心": "elderly-care",
        "clinic": "village-clinic", "school": "primary-school",
    ]

    /// The kind a register cell or a URL names: its key, its name or a common other name.
    public static func named(_ text: String) -> FacilityKind? {
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let key = aliases[text] ?? text
        return all.first { $0.key == key || $0.name == key }
    }
}

/// A facility's capacity, one column each in the register.
public enum FacilityCapacity: String, Sendable, Codable, CaseIterable {
    case beds, places, doctors
    /// No capacity: every facility supplies 1.
    case count

    /// The register's column and the unit pages show.
    public var name: String {
        switch self {
        case .beds: "床位"
        case .places: "学位"
        case .doctors: "医生"
        case .count: "设施"
        }
    }
}

/// Whether a facility serves people now. Only facilities in use count in the accessibility
/// measures; the others are kept so that a planned clinic can be shown on the map.
public enum FacilityStatus: String, Sendable, Codable, CaseIterable {
    case inUse = "in-use"
    case building
    case planned
    case closed

    public var name: String {
        switch self {
        case .inUse: "在用"
        case .building: "在建"
        case .planned: "规划"
        case .closed: "停用"
        }
    }

    /// The status a register cell names (blank = in use).
    public static func named(_ text: String) -> FacilityStatus? {
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty || text == "运行" || text == "正常" { return .inUse }
        if text == "筹建" || text == "拟建" { return .planned }
        if text == "关闭" || text == "撤并" { return .closed }
        return allCases.first { $0.name == text || $0.rawValue == text }
    }
}

/// One facility of the register, its position in WGS84 (converted on import).
public struct Facility: Sendable, Equatable, Codable {
    /// The register's own number (机构编号): what a later import of the same facility matches.
    public var code: String
    public var name: String
    public var kind: String
    public var regionCode: String
    public var longitude: Double
    public var latitude: Double
    public var beds: Int?
    public var places: Int?
    public var doctors: Int?
    public var status: FacilityStatus
    /// The catalogue item (服务项目) it delivers, by name; empty when the register says none.
    public var serviceItem: String
    public var address: String

    public init(code: String, name: String, kind: String, regionCode: String, longitude: Double, latitude: Double,
                beds: Int? = nil, places: Int? = nil, doctors: Int? = nil, status: FacilityStatus = .inUse,
                serviceItem: String = "", address: String = "") {
        self.code = code
        self.name = name
        self.kind = kind
        self.regionCode = regionCode
        self.longitude = longitude
        self.latitude = latitude
        self.beds = beds
        self.places = places
        self.doctors = doctors
        self.status = status
        self.serviceItem = serviceItem
        self.address = address
    }

    /// Its capacity of `capacity`; `.count` is always 1.
    public func amount(of capacity: FacilityCapacity) -> Int? {
        switch capacity {
        case .beds: beds
        case .places: places
        case .doctors: doctors
        case .count: 1
        }
    }
}

/// A place where people live — a township seat, a village or a community — with its resident
/// population: the demand side of the accessibility measures.
public struct PopulationPoint: Sendable, Equatable, Codable {
    public var code: String
    public var name: String
    public var regionCode: String
    public var longitude: Double
    public var latitude: Double
    public var population: Int
    public var year: Int

    public init(code: String, name: String, regionCode: String, longitude: Double, latitude: Double, population: Int, year: Int) {
        self.code = code
        self.name = name
        self.regionCode = regionCode
        self.longitude = longitude
        self.latitude = latitude
        self.population = population
        self.year = year
    }
}

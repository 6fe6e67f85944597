/// A 服务项目 as a catalogue version holds it: verbatim texts; the structured readings are derived from them.
public struct CatalogueItem: Codable, Sendable, Hashable {
    /// Stable across versions of one catalogue; empty when the source gave none.
    public var key: String
    public var domain: String
    public var name: String
    /// 服务对象
    public var targetPopulation: String
    /// 服务内容
    public var content: String
    /// 服务指导标准
    public var standardText: String
    /// 支出责任
    public var fundingText: String
    /// 牵头负责单位
    public var leadDepartment: String
    public var legalBasis: String
    /// Key of the upper level's item this one implements.
    public var derivedFromKey: String?

    public init(key: String, domain: String, name: String, targetPopulation: String = "", content: String = "",
                standardText: String = "", fundingText: String = "", leadDepartment: String = "", legalBasis: String = "",
                derivedFromKey: String? = nil) {
        self.key = key
        self.domain = domain
        self.name = name
        self.targetPopulation = targetPopulation
        self.content = content
        self.standardText = standardText
        self.fundingText = fundingText
        self.leadDepartment = leadDepartment
        self.legalBasis = legalBasis
        self.derivedFromKey = derivedFromKey
    }

    public var standard: ServiceStandard { ServiceStandard(parsing: standardText) }
    public var funding: FundingSplit { FundingSplit(parsing: fundingText) }
    public var eligibility: Eligibility { Eligibility(parsing: targetPopulation) }

    public subscript(field: CatalogueField) -> String {
        switch field {
        case .key: key
        case .domain: domain
        case .name: name
        case .targetPopulation: targetPopulation
        case .content: content
        case .standardText: standardText
        case .fundingText: fundingText
        case .leadDepartment: leadDepartment
        case .legalBasis: legalBasis
        case .derivedFromKey: derivedFromKey ?? ""
        }
    }
}

public enum CatalogueField: String, Codable, Sendable, CaseIterable {
    case key
    case domain
    case name
    case targetPopulation
    case content
    case standardText
    case fundingText
    case leadDepartment
    case legalBasis
    case derivedFromKey

    public var chineseName: String {
        switch self {
        case .key: "编号"
        case .domain: "领域"
        case .name: "服务项目"
        case .targetPopulation: "服务对象"
        case .content: "服务内容"
        case .standardText: "服务指导标准"
        case .fundingText: "支出责任"
        case .leadDepartment: "牵头负责单位"
        case .legalBasis: "服务依据"
        case .derivedFromKey: "上级项目"
        }
    }

    public var englishName: String {
        switch self {
        case .key: "Key"
        case .domain: "Domain"
        case .name: "Service"
        case .targetPopulation: "Who is served"
        case .content: "What is provided"
        case .standardText: "Standard"
        case .fundingText: "Who pays"
        case .leadDepartment: "Lead department"
        case .legalBasis: "Legal basis"
        case .derivedFromKey: "Upper-level item"
        }
    }
}

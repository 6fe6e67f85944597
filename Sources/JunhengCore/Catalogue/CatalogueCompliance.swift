import Foundation

public enum ComplianceFindingKind: String, Codable, Sendable, CaseIterable {
    case itemMissing
    case standardLowered
    case populationNarrowed
    case fundingContradicts

    public var chineseName: String {
        switch self {
        case .itemMissing: "缺少上级项目"
        case .standardLowered: "标准低于上级"
        case .populationNarrowed: "服务对象范围缩小"
        case .fundingContradicts: "支出责任与上级不一致"
        }
    }

    public var englishName: String {
        switch self {
        case .itemMissing: "Upper-level item missing"
        case .standardLowered: "Standard below the upper level's"
        case .populationNarrowed: "Fewer people served"
        case .fundingContradicts: "Funding differs from the upper level's"
        }
    }
}

/// One way a lower catalogue falls short of its upper level's, quoting both sides (offsets index `field`).
public struct ComplianceFinding: Codable, Sendable, Hashable {
    public var kind: ComplianceFindingKind
    public var upperKey: String
    public var upperName: String
    public var lowerKey: String?
    public var lowerName: String?
    public var field: CatalogueField
    public var upperQuote: TextQuote
    public var lowerQuote: TextQuote?
    /// One sentence for the page.
    public var detail: String
}

/// 原则上不低于: checks a lower level's catalogue against its upper level's.
public enum CatalogueCompliance {
    /// Each upper item is matched to the lower items derived from it (`derivedFromKey`), or else to
    /// lower items with the same normalized name that derive from no upper item. Extra lower items are fine.
    public static func findings(upper: [CatalogueItem], lower: [CatalogueItem]) -> [ComplianceFinding] {
        let upperKeys = Set(upper.map(\.key).filter { !$0.isEmpty })
        var findings: [ComplianceFinding] = []
        for u in upper {
            var matches = lower.filter { !u.key.isEmpty && $0.derivedFromKey == u.key }
            if matches.isEmpty {
                let name = CatalogueText.normalizedName(u.name)
                matches = lower.filter { l in
                    CatalogueText.normalizedName(l.name) == name && !(l.derivedFromKey.map(upperKeys.contains) ?? false)
                }
            }
            if matches.isEmpty {
                findings.append(ComplianceFinding(
                    kind: .itemMissing, upperKey: u.key, upperName: u.name, lowerKey: nil, lowerName: nil, field: .name,
                    upperQuote: whole(u.name), lowerQuote: nil, detail: "下级清单没有上级项目“\(u.name)”"))
            }
            for l in matches { findings += compare(u, l) }
        }
        return findings
    }

    private static func whole(_ text: String) -> TextQuote {
        TextQuote(start: 0, end: text.unicodeScalars.count, text: text)
    }

    private static func compare(_ u: CatalogueItem, _ l: CatalogueItem) -> [ComplianceFinding] {
        func finding(_ kind: ComplianceFindingKind, _ field: CatalogueField, _ upperQuote: TextQuote, _ lowerQuote: TextQuote,
                     _ detail: String) -> ComplianceFinding {
            ComplianceFinding(kind: kind, upperKey: u.key, upperName: u.name, lowerKey: l.key, lowerName: l.name, field: field,
                              upperQuote: upperQuote, lowerQuote: lowerQuote, detail: detail)
        }
        var result: [ComplianceFinding] = []
        let upperStandard = u.standard, lowerStandard = l.standard
        for q in upperStandard.quantities {
            guard let p = counterpart(of: q, in: lowerStandard.quantities),
                  StandardComparison.generosity(of: p, against: q) == .lessGenerous else { continue }
            result.append(finding(.standardLowered, .standardText, q.quote, p.quote,
                                  "下级标准“\(p.quote.text)”低于上级“\(q.quote.text)”"))
        }
        if let free = upperStandard.freeOfCharge, lowerStandard.freeOfCharge == nil, !l.standardText.trimmed.isEmpty {
            result.append(finding(.standardLowered, .standardText, free, whole(l.standardText), "上级标准为免费，下级标准未写明免费"))
        }
        if u.eligibility.isNarrowed(by: l.eligibility) == true {
            result.append(finding(.populationNarrowed, .targetPopulation, whole(u.targetPopulation), whole(l.targetPopulation),
                                  "下级服务对象“\(l.targetPopulation)”窄于上级“\(u.targetPopulation)”"))
        }
        let upperFunding = u.funding, lowerFunding = l.funding
        let disagreements = upperFunding.disagreements(with: lowerFunding)
        if let first = disagreements.first {
            func quote(_ split: FundingSplit) -> TextQuote {
                split.shares.first { $0.levels == first.levels }?.quote ?? whole(split.text)
            }
            let detail = disagreements.map {
                "\(FundingSplit.names($0.levels))承担比例上级 \(format($0.percent))%，下级 \(format($0.otherPercent))%"
            }.joined(separator: "；")
            result.append(finding(.fundingContradicts, .fundingText, quote(upperFunding), quote(lowerFunding), detail))
        }
        return result
    }

    /// The lower quantity measuring the same thing as `q`: the only comparable one, or among several the
    /// one with the same subject (`小学` with `小学`). Nil when that is not clear.
    private static func counterpart(of q: StandardQuantity, in candidates: [StandardQuantity]) -> StandardQuantity? {
        let comparable = candidates.filter { StandardComparison.areComparable($0, q) }
        if comparable.count == 1 { return comparable[0] }
        let subject = q.subject.map(CatalogueText.normalizedName)
        let same = comparable.filter { $0.subject.map(CatalogueText.normalizedName) == subject }
        return same.count == 1 ? same[0] : nil
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(format: "%.2f", value)
    }
}

/// Whole years, both ends inclusive (Chinese law reads 以上/以下 as including the number).
public struct AgeRange: Codable, Sendable, Hashable {
    public var minimum: Int?
    public var maximum: Int?

    public init(minimum: Int?, maximum: Int?) {
        self.minimum = minimum
        self.maximum = maximum
    }

    public func contains(_ age: Int) -> Bool { (minimum ?? .min) <= age && age <= (maximum ?? .max) }

    /// Whether every age in `other` is in this range.
    public func covers(_ other: AgeRange) -> Bool {
        (minimum ?? .min) <= (other.minimum ?? .min) && (other.maximum ?? .max) <= (maximum ?? .max)
    }
}

public enum Area: String, Codable, Sendable, CaseIterable {
    case urban
    case rural
}

/// Residence status, narrowest first: local hukou ⊂ hukou or residence permit ⊂ anyone living here.
public enum Residency: String, Codable, Sendable, CaseIterable, DeclarationOrdered {
    case hukou
    case residencePermit
    case resident
}

/// `notDisabled` rather than `none`, which would compare with Optional's `.none`.
public enum DisabilityLevel: String, Codable, Sendable, CaseIterable {
    case notDisabled
    case moderate
    case severe
}

public enum DisabilityRequirement: String, Codable, Sendable, CaseIterable {
    case any
    case severe
}

public enum IncomeStatus: String, Codable, Sendable, CaseIterable, DeclarationOrdered {
    case ordinary
    case lowIncome
    case minimumLivingAllowance
    case extremePoverty
}

/// 退役军人 and 优抚对象 (martyrs' families, disabled servicemen …) overlap without one containing the other.
public enum VeteranGroup: String, Codable, Sendable, CaseIterable, DeclarationOrdered {
    case veteran
    case entitledGroup
}

public enum SchoolStage: String, Codable, Sendable, CaseIterable, DeclarationOrdered {
    case notInSchool
    case preschool
    case compulsory
    case seniorHigh
    case secondaryVocational
    case higher
}

/// One group of people an item serves: every stated criterion must hold. Nil means not restricted.
public struct EligibilityCriteria: Codable, Sendable, Hashable {
    public var age: AgeRange?
    public var area: Area?
    /// The narrowest residence status that still qualifies.
    public var residency: Residency?
    public var disability: DisabilityRequirement?
    /// Any of these, sorted.
    public var incomeStatuses: [IncomeStatus]?
    public var veteranGroups: [VeteranGroup]?
    public var schoolStages: [SchoolStage]?
    /// Pregnant or just delivered (孕产妇).
    public var pregnant: Bool
    /// Words the rules did not read (`高血压患者`): the group is then only a maybe.
    public var unparsed: String?
    public var quote: TextQuote

    public init(age: AgeRange? = nil, area: Area? = nil, residency: Residency? = nil, disability: DisabilityRequirement? = nil,
                incomeStatuses: [IncomeStatus]? = nil, veteranGroups: [VeteranGroup]? = nil, schoolStages: [SchoolStage]? = nil,
                pregnant: Bool = false, unparsed: String? = nil, quote: TextQuote) {
        self.age = age
        self.area = area
        self.residency = residency
        self.disability = disability
        self.incomeStatuses = incomeStatuses
        self.veteranGroups = veteranGroups
        self.schoolStages = schoolStages
        self.pregnant = pregnant
        self.unparsed = unparsed
        self.quote = quote
    }
}

/// What a person tells the entitlement finder; nil is "not said".
public struct PersonProfile: Codable, Sendable, Hashable {
    public var age: Int?
    public var area: Area?
    public var residency: Residency?
    public var disability: DisabilityLevel?
    public var incomeStatus: IncomeStatus?
    public var isVeteran: Bool?
    public var isEntitledGroup: Bool?
    public var schoolStage: SchoolStage?
    public var pregnant: Bool?

    public init(age: Int? = nil, area: Area? = nil, residency: Residency? = nil, disability: DisabilityLevel? = nil,
                incomeStatus: IncomeStatus? = nil, isVeteran: Bool? = nil, isEntitledGroup: Bool? = nil,
                schoolStage: SchoolStage? = nil, pregnant: Bool? = nil) {
        self.age = age
        self.area = area
        self.residency = residency
        self.disability = disability
        self.incomeStatus = incomeStatus
        self.isVeteran = isVeteran
        self.isEntitledGroup = isEntitledGroup
        self.schoolStage = schoolStage
        self.pregnant = pregnant
    }
}

public enum EligibilityOutcome: String, Codable, Sendable, CaseIterable {
    case applies
    case maybe
    case doesNotApply
}

public struct EligibilityMatch: Codable, Sendable, Hashable {
    public var outcome: EligibilityOutcome
    /// Why not, or what the person should check, in Chinese (the API's words).
    public var reasons: [String] { details.map(\.chineseText) }
    /// The same reasons as values, for pages to word in their language.
    public var details: [EligibilityReason]

    public init(outcome: EligibilityOutcome, details: [EligibilityReason]) {
        self.outcome = outcome
        self.details = details
    }

    enum CodingKeys: String, CodingKey { case outcome, reasons }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        outcome = try container.decode(EligibilityOutcome.self, forKey: .outcome)
        details = try container.decode([String].self, forKey: .reasons).map(EligibilityReason.unstructured)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(outcome, forKey: .outcome)
        try container.encode(reasons, forKey: .reasons)
    }
}

/// One condition of an eligibility rule, as a reason names it.
public enum EligibilityCriterion: String, Codable, Sendable, Hashable, CaseIterable {
    case age, area, residency, disability, income, veteran, stage, pregnant

    public var chineseName: String {
        switch self {
        case .age: "年龄"
        case .area: "城乡"
        case .residency: "户籍或居住证"
        case .disability: "残疾"
        case .income: "收入状况"
        case .veteran: "退役军人或优抚对象"
        case .stage: "学段"
        case .pregnant: "孕产妇"
        }
    }

    public var englishName: String {
        switch self {
        case .age: "age"
        case .area: "urban or rural"
        case .residency: "residency"
        case .disability: "disability"
        case .income: "income status"
        case .veteran: "veteran or entitled group"
        case .stage: "school stage"
        case .pregnant: "pregnancy"
        }
    }
}

/// Why the finder placed an item where it did; quotes (data) stay as written.
public enum EligibilityReason: Codable, Sendable, Hashable {
    /// The catalogue's 服务对象 could not be read into rules.
    case unstructured(String)
    /// The person does not meet a criterion that the quoted text states.
    case fails(EligibilityCriterion, quote: String)
    /// The person did not say enough for a criterion.
    case toCheck(EligibilityCriterion)
    /// Words of the text the rules do not read.
    case unreadCondition(String)

    public var chineseText: String {
        switch self {
        case .unstructured(let text): "服务对象未能结构化：\(text)"
        case .fails(let criterion, let quote): "不符合\(criterion.chineseName)条件：\(quote)"
        case .toCheck(let criterion): "需确认\(criterion.chineseName)"
        case .unreadCondition(let text): "需确认条件：\(text)"
        }
    }

    public var englishText: String {
        switch self {
        case .unstructured(let text): "Who is served could not be read into rules: \(text)"
        case .fails(let criterion, let quote): "Does not meet the \(criterion.englishName) condition: \(quote)"
        case .toCheck(let criterion): "Check your \(criterion.englishName)"
        case .unreadCondition(let text): "Check the condition: \(text)"
        }
    }
}

/// 服务对象 in structured form: groups joined by 、/和/及 (anyone in any group is served).
public struct Eligibility: Codable, Sendable, Hashable {
    public var text: String
    public var groups: [EligibilityCriteria]

    public init(text: String, groups: [EligibilityCriteria]) {
        self.text = text
        self.groups = groups
    }

    public init(parsing text: String) {
        self.init(text: text, groups: EligibilityParser(ScalarText(text)).groups())
    }

    /// Applies when some group's criteria all hold; maybe when a group could hold but the profile does
    /// not say enough or the text has words the rules do not read; otherwise does not apply.
    public func match(_ person: PersonProfile) -> EligibilityMatch {
        guard !groups.isEmpty else { return EligibilityMatch(outcome: .maybe, details: [.unstructured(text)]) }
        let results = groups.map { Self.match($0, person) }
        for outcome in EligibilityOutcome.allCases {
            if let best = results.first(where: { $0.outcome == outcome }) {
                return outcome == .doesNotApply ? EligibilityMatch(outcome: outcome, details: results.flatMap(\.details)) : best
            }
        }
        return results[0]
    }

    private enum Check { case yes, no, unknown }

    private static func match(_ c: EligibilityCriteria, _ p: PersonProfile) -> EligibilityMatch {
        func check<V>(_ required: Bool, _ value: V?, _ holds: (V) -> Bool) -> Check {
            guard required else { return .yes }
            guard let value else { return .unknown }
            return holds(value) ? .yes : .no
        }
        let veteran: Check = {
            guard let groups = c.veteranGroups else { return .yes }
            let flags = groups.map { $0 == .veteran ? p.isVeteran : p.isEntitledGroup }
            return flags.contains(true) ? .yes : flags.contains(nil) ? .unknown : .no
        }()
        let checks: [(EligibilityCriterion, Check)] = [
            (.age, check(c.age != nil, p.age) { c.age!.contains($0) }),
            (.area, check(c.area != nil, p.area) { $0 == c.area }),
            (.residency, check(c.residency != nil, p.residency) { $0 <= c.residency! }),
            (.disability, check(c.disability != nil, p.disability) { c.disability == .any ? $0 != .notDisabled : $0 == .severe }),
            (.income, check(c.incomeStatuses != nil, p.incomeStatus) { c.incomeStatuses!.contains($0) }),
            (.veteran, veteran),
            (.stage, check(c.schoolStages != nil, p.schoolStage) { c.schoolStages!.contains($0) }),
            (.pregnant, check(c.pregnant, p.pregnant) { $0 }),
        ]
        let failed = checks.filter { $0.1 == .no }.map(\.0)
        if !failed.isEmpty {
            return EligibilityMatch(outcome: .doesNotApply, details: failed.map { .fails($0, quote: c.quote.text) })
        }
        var open: [EligibilityReason] = checks.filter { $0.1 == .unknown }.map { .toCheck($0.0) }
        if let unparsed = c.unparsed { open.append(.unreadCondition(unparsed)) }
        return EligibilityMatch(outcome: open.isEmpty ? .applies : .maybe, details: open)
    }

    /// Whether someone this (upper) eligibility serves is left out by `lower`: true when some upper
    /// group is covered by no lower group; nil when words the rules do not read leave it open.
    public func isNarrowed(by lower: Eligibility) -> Bool? {
        guard !groups.isEmpty, !lower.groups.isEmpty else { return nil }
        var open = false
        for u in groups {
            let covers = lower.groups.map { Self.covers($0, u) }
            if covers.contains(true) { continue }
            if covers.contains(nil) { open = true } else { return true }
        }
        return open ? nil : false
    }

    /// Whether group `l` serves everyone group `u` does; nil when their unread words differ.
    static func covers(_ l: EligibilityCriteria, _ u: EligibilityCriteria) -> Bool? {
        func covers<T: Equatable>(_ wide: [T]?, _ narrow: [T]?) -> Bool {
            guard let wide else { return true }
            guard let narrow else { return false }
            return narrow.allSatisfy(wide.contains)
        }
        guard l.unparsed == nil || l.unparsed == u.unparsed else { return nil }
        return (l.age.map { wide in u.age.map(wide.covers) ?? false } ?? true)
            && (l.area == nil || l.area == u.area)
            && (l.residency ?? .resident) >= (u.residency ?? .resident)
            && (l.disability == nil || l.disability == .any && u.disability != nil || l.disability == u.disability)
            && covers(l.incomeStatuses, u.incomeStatuses)
            && covers(l.veteranGroups, u.veteranGroups)
            && covers(l.schoolStages, u.schoolStages)
            && (!l.pregnant || u.pregnant)
    }
}

/// Splits 服务对象 text into groups at 、/和/及/或 and reads each group's criteria from keywords and
/// ages; leftover Chinese text is kept as `unparsed`.
struct EligibilityParser {
    let t: ScalarText

    init(_ text: ScalarText) { t = text }

    private enum Mark {
        case area(Area)
        case residency(Residency)
        case disability(DisabilityRequirement)
        case income([IncomeStatus])
        case veteran(VeteranGroup)
        case stages([SchoolStage])
        case pregnant
        /// 老年人 means 60 and over (老年人权益保障法 §2) unless the text gives an age.
        case minimumAge(Int)
        case maximumAge(Int)
        /// Words that say nothing about who is served (`居民`, `人员`, `的`).
        case neutral
        /// Words that look like a criterion but are not (`计划怀孕` is not pregnancy): left unread.
        case opaque
    }

    private static let hardship: [IncomeStatus] = [.lowIncome, .minimumLivingAllowance, .extremePoverty]
    private static let marks: [String: Mark] = [
        "农村": .area(.rural), "乡村": .area(.rural), "农牧区": .area(.rural), "农村牧区": .area(.rural), "牧区": .area(.rural),
        "城镇": .area(.urban), "城市": .area(.urban), "城乡": .neutral,
        "户籍": .residency(.hukou), "户口": .residency(.hukou), "居住证": .residency(.residencePermit),
        "常住": .residency(.resident), "持有": .neutral, "持": .neutral,
        "残疾": .disability(.any), "重度残疾": .disability(.severe), "一二级残疾": .disability(.severe),
        "一级二级残疾": .disability(.severe),
        "低保": .income([.minimumLivingAllowance]), "最低生活保障": .income([.minimumLivingAllowance]),
        "特困": .income([.extremePoverty]), "五保": .income([.extremePoverty]), "低收入": .income([.lowIncome]),
        "低保边缘": .income([.lowIncome]), "困难": .income(hardship), "贫困": .income(hardship), "建档立卡": .income(hardship),
        "退役军人": .veteran(.veteran), "退伍军人": .veteran(.veteran), "复员军人": .veteran(.veteran), "转业军人": .veteran(.veteran),
        "优抚对象": .veteran(.entitledGroup), "烈士遗属": .veteran(.entitledGroup), "军烈属": .veteran(.entitledGroup),
        "残疾军人": .veteran(.entitledGroup), "伤残军人": .veteran(.entitledGroup), "军属": .veteran(.entitledGroup),
        "学前": .stages([.preschool]), "幼儿园": .stages([.preschool]), "在园幼儿": .stages([.preschool]),
        "义务教育": .stages([.compulsory]), "小学": .stages([.compulsory]), "初中": .stages([.compulsory]),
        "中小学": .stages([.compulsory]), "普通高中": .stages([.seniorHigh]), "高中": .stages([.seniorHigh]),
        "中职": .stages([.secondaryVocational]), "中等职业": .stages([.secondaryVocational]),
        "高校": .stages([.higher]), "高等教育": .stages([.higher]), "高等学校": .stages([.higher]), "大学": .stages([.higher]),
        "本专科": .stages([.higher]), "研究生": .stages([.higher]),
        "孕产妇": .pregnant, "孕妇": .pregnant, "产妇": .pregnant, "孕期": .pregnant, "怀孕": .pregnant, "计划怀孕": .opaque,
        "老年人": .minimumAge(60), "老人": .minimumAge(60), "高龄": .minimumAge(80), "婴幼儿": .maximumAge(2),
        "居民": .neutral, "全体": .neutral, "全民": .neutral, "所有": .neutral, "人民": .neutral, "公民": .neutral,
        "人口": .neutral, "人员": .neutral, "对象": .neutral, "家庭": .neutral, "成员": .neutral, "群众": .neutral,
        "人群": .neutral, "群体": .neutral, "儿童": .neutral, "学生": .neutral, "在校": .neutral, "的": .neutral,
        "中": .neutral, "等": .neutral, "人": .neutral, "本地": .neutral, "本市": .neutral, "本县": .neutral,
        "辖区": .neutral, "内": .neutral, "符合条件": .neutral, "具有": .neutral, "其": .neutral, "妇女": .neutral,
        "适龄": .neutral, "经济": .neutral, "学龄": .neutral, "阶段": .neutral, "年满": .neutral, "满": .neutral,
    ]
    private static let markWords = Array(marks.keys)
    private static let separators = ["、", ",", ";", "。", "/", "和", "或", "与", "以及", "及"]
    private static let ageUnits: [String: Int] = ["岁": 1, "周岁": 1, "个月": 12]

    func groups() -> [EligibilityCriteria] {
        let ages = StandardScanner(t).quantities().filter { Self.ageUnits[$0.unit] != nil }
        return segments().map { group(in: $0, ages: ages) }
    }

    private func segments() -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start = 0
        var i = 0
        while i < t.count {
            // 及以上 / 及以下 / 及其 belong to the group.
            if let sep = t.longestMatch(Self.separators, at: i), !(sep == "及" && (t.matches("及以", at: i) || t.matches("及其", at: i))) {
                result.append(start..<i)
                i += sep.unicodeScalars.count
                start = i
            } else {
                i += 1
            }
        }
        result.append(start..<t.count)
        return result.filter { r in r.contains { !t[$0].properties.isWhitespace } }
    }

    private func group(in segment: Range<Int>, ages: [StandardQuantity]) -> EligibilityCriteria {
        var c = EligibilityCriteria(quote: t.quote(segment))
        var read = [Bool](repeating: false, count: segment.count)
        func markRead(_ r: Range<Int>) { for k in r.clamped(to: segment) { read[k - segment.lowerBound] = true } }
        var impliedAge: AgeRange?
        for q in ages where segment.contains(q.quote.start) {
            c.age = age(of: q, in: segment)
            markRead(q.quote.start..<q.quote.end)
        }
        var i = segment.lowerBound
        while i < segment.upperBound {
            guard let word = t.longestMatch(Self.markWords, at: i), i + word.unicodeScalars.count <= segment.upperBound,
                  let mark = Self.marks[word] else { i += 1; continue }
            let end = i + word.unicodeScalars.count
            switch mark {
            case .area(let area): c.area = c.area == nil || c.area == area ? area : nil
            case .residency(let r): c.residency = max(c.residency ?? r, r)
            case .disability(let d): c.disability = c.disability == .severe ? .severe : d
            case .income(let s): c.incomeStatuses = Self.union(c.incomeStatuses, s)
            case .veteran(let v): c.veteranGroups = Self.union(c.veteranGroups, [v])
            case .stages(let s): c.schoolStages = Self.union(c.schoolStages, s)
            case .pregnant: c.pregnant = true
            case .minimumAge(let a): impliedAge = AgeRange(minimum: max(a, impliedAge?.minimum ?? a), maximum: nil)
            case .maximumAge(let a): impliedAge = AgeRange(minimum: nil, maximum: a)
            case .neutral: break
            case .opaque: i = end; continue
            }
            markRead(i..<end)
            i = end
        }
        if c.age == nil { c.age = impliedAge }
        let unread = segment.filter { !read[$0 - segment.lowerBound] && ScalarText.isHan(t[$0]) }
        if unread.count >= 2 { c.unparsed = unread.map { t.text($0..<($0 + 1)) }.joined() }
        return c
    }

    private static func union<T: Comparable & Hashable>(_ a: [T]?, _ b: [T]) -> [T] { Set((a ?? []) + b).sorted() }

    /// `0-6岁` → 0…6, `65岁及以上` → 65…, `16周岁以下` → …16, `不满16周岁` → …15, `0-36个月` → 0…2.
    private func age(of q: StandardQuantity, in segment: Range<Int>) -> AgeRange {
        let perYear = Double(Self.ageUnits[q.unit] ?? 1)
        let low = Int((q.value / perYear).rounded(.down))
        let high = q.valueHigh.map { perYear > 1 ? Int(($0 / perYear).rounded(.up)) - 1 : Int($0) }
        let before = max(segment.lowerBound, q.quote.start - 2)..<q.quote.start
        if t.contains("不满", in: before) || t.contains("未满", in: before) { return AgeRange(minimum: nil, maximum: low - 1) }
        switch q.comparator {
        case .range: return AgeRange(minimum: low, maximum: high)
        case .atMost: return AgeRange(minimum: nil, maximum: low)
        case .atLeast, .about, .equal:
            // `满60周岁` and `60岁老年人` both read as a minimum age; a bare `6岁` child age rarely stands alone.
            return AgeRange(minimum: low, maximum: nil)
        }
    }
}

import Foundation
import JunhengCore
import Mustache
import Storage

/// A region as the public catalogue pages name it in their headings and links
/// (`Catalogue/catalogue`, `Catalogue/catalogue-item`, `Catalogue/finder`).
struct CatalogueRegion {
    let code: String
    let name: String

    init(_ region: Region) {
        code = region.code.rawValue
        name = region.name
    }
}

/// One service item in a row or a detail of `Catalogue/catalogue`, `Catalogue/catalogue-item` and
/// `Catalogue/finder`; `region` is the code its links go to.
struct CatalogueItemRow {
    let key: String
    let domain: String
    let name: String
    let targetPopulation: String
    let content: String
    let standard: String
    let funding: String
    let lead: String
    let legalBasis: String
    let region: String
    /// Why the finder placed the item where it did; nil outside the finder.
    let reasons: String?

    init(_ item: CatalogueItem, region: String, reasons: [String]? = nil, separator: String = "；") {
        key = item.key
        domain = item.domain
        name = item.name
        targetPopulation = item.targetPopulation
        content = item.content
        standard = item.standardText
        funding = item.fundingText
        lead = item.leadDepartment
        legalBasis = item.legalBasis
        self.region = region
        self.reasons = reasons?.joined(separator: separator)
    }
}

/// `Catalogue/catalogue-index`: every region with a published catalogue.
struct CatalogueIndexPage {
    struct Row {
        let code: String
        let name: String
        let number: Int
        let count: Int

        init(_ version: CatalogueVersion, region: Region) {
            code = region.code.rawValue
            name = region.name
            number = version.versionNumber
            count = version.itemCount
        }
    }

    let regions: [Row]
}

/// `Catalogue/catalogue`: a region's published catalogue by domain, or the items a search found.
struct CataloguePage {
    struct Version {
        let number: Int
        let publishedAt: String
        let count: Int

        init(_ version: CatalogueVersion) {
            number = version.versionNumber
            publishedAt = String(ChinaTime.format(version.publishedAt ?? "").prefix(10))
            count = version.itemCount
        }
    }

    /// The items of one domain, in the catalogue's order.
    struct Domain {
        let domain: String
        let count: Int
        let items: [CatalogueItemRow]
    }

    let region: CatalogueRegion
    let q: String
    let searching: Bool
    let version: Version
    let domains: [Domain]
    let resultCount: Int
    /// "内蒙古自治区基本公共服务清单" and "第 1 版 · 2026-01-01 发布 · 82 项", in the page's language.
    let heading: String
    let edition: String

    init(_ version: CatalogueVersion, region: Region, query: String, items: [CatalogueItem], language: Language) {
        self.region = CatalogueRegion(region)
        q = query
        searching = !query.isEmpty
        self.version = Version(version)
        heading = language.format("catalogueOf", region.name)
        edition = language.format("catalogueEdition", self.version.number, self.version.publishedAt, self.version.count)
        domains = Self.grouped(items, region: region.code.rawValue)
        resultCount = items.count
    }

    /// Items by domain, the domains in the order they first appear.
    private static func grouped(_ items: [CatalogueItem], region: String) -> [Domain] {
        var order: [String] = []
        var byDomain: [String: [CatalogueItem]] = [:]
        for item in items {
            if byDomain[item.domain] == nil { order.append(item.domain) }
            byDomain[item.domain, default: []].append(item)
        }
        return order.map { domain in
            Domain(domain: domain, count: byDomain[domain]!.count,
                   items: byDomain[domain]!.map { CatalogueItemRow($0, region: region) })
        }
    }
}

/// `Catalogue/catalogue-item`: one item with its structured standard and funding shares.
struct CatalogueItemPage {
    let region: CatalogueRegion
    let item: CatalogueItemRow
    /// The standard's quantities, e.g. "每人每年 ≥ 80 元".
    let quantities: [String]
    /// The funding split by level, e.g. "central：80%".
    let shares: [String]

    init(_ item: CatalogueItem, region: Region) {
        self.region = CatalogueRegion(region)
        self.item = CatalogueItemRow(item, region: region.code.rawValue)
        quantities = item.standard.quantities.map { quantity in
            "\(quantity.per ?? "") \(quantity.comparator.rawValue) \(String(format: "%g", quantity.value))\(quantity.valueHigh.map { "–" + String(format: "%g", $0) } ?? "") \(quantity.unit)"
        }
        shares = item.funding.shares.compactMap { share in
            share.percent.map { "\(share.levels.map(\.rawValue).joined(separator: "+"))：\(String(format: "%g", $0))%" }
        }
    }
}

/// `Catalogue/finder`: the form by which a person describes themselves, again with what they chose,
/// and the items that apply to them or may.
struct FinderPage {
    /// One choice of a select.
    struct Option {
        let value: String
        let label: String
        let selected: Bool
    }

    let region: CatalogueRegion
    let asked: Bool
    let age: String
    let areas: [Option]
    let residencies: [Option]
    let disabilities: [Option]
    let incomes: [Option]
    let stages: [Option]
    let veteran: Bool
    let pregnant: Bool
    let applies: [CatalogueItemRow]
    let maybe: [CatalogueItemRow]
    let appliesCount: Int
    let maybeCount: Int

    /// `query` is the form as sent; `matches` the items the finder judged, in order.
    init(region: Region, query: [String: String], asked: Bool, matches: [(CatalogueItem, EligibilityMatch)], language: Language) {
        func selected(_ key: String, _ value: String) -> Bool { query[key] == value }
        /// The labels are UI strings keyed `finder.<field>.<value>`.
        func options(_ key: String, _ values: [String]) -> [Option] {
            values.map { Option(value: $0, label: language.text("finder.\(key).\($0)"), selected: selected(key, $0)) }
        }
        var applies: [CatalogueItemRow] = [], maybe: [CatalogueItemRow] = []
        for (item, match) in matches {
            let reasons = match.details.map { language == .chinese ? $0.chineseText : $0.englishText }
            let row = CatalogueItemRow(item, region: region.code.rawValue, reasons: reasons,
                                       separator: language == .chinese ? "；" : "; ")
            switch match.outcome {
            case .applies: applies.append(row)
            case .maybe: maybe.append(row)
            case .doesNotApply: continue
            }
        }
        self.region = CatalogueRegion(region)
        self.asked = asked
        age = query["age"] ?? ""
        areas = options("area", ["urban", "rural"])
        residencies = options("residency", ["hukou", "residencePermit", "resident"])
        disabilities = options("disability", ["notDisabled", "moderate", "severe"])
        incomes = options("income", ["ordinary", "lowIncome", "minimumLivingAllowance", "extremePoverty"])
        stages = options("stage", ["notInSchool", "preschool", "compulsory", "seniorHigh", "secondaryVocational", "higher"])
        veteran = selected("veteran", "true")
        pregnant = selected("pregnant", "true")
        self.applies = applies
        self.maybe = maybe
        appliesCount = applies.count
        maybeCount = maybe.count
    }
}

/// `Catalogue/catalogues`: the catalogue versions the user may see, with the steps each allows,
/// and the import form.
struct CataloguesPage {
    struct Row {
        let id: Int64
        let region: String
        let number: Int
        let status: String
        let title: String
        let count: Int
        let note: String
        let maySubmit: Bool
        let mayPublish: Bool
        let mayDraft: Bool
        let isPublished: Bool
        /// The diff between this version and the region's published one, older first (a draft
        /// after the published version, a superseded one before it); nil when there is none.
        let compareWithPublished: String?

        init(_ version: CatalogueVersion, mayEdit: Bool, mayPublish: Bool, publishedID: Int64?, language: Language) {
            id = version.id
            region = version.regionCode.rawValue
            number = version.versionNumber
            status = version.status.name(in: language)
            title = version.title
            count = version.itemCount
            // The note a plan's publication writes is the system's words, not the editors'.
            note = version.note == PlanPublication.generatedCatalogueNote ? language.text("generatedCatalogueNote") : version.note
            maySubmit = mayEdit && version.status == .draft
            self.mayPublish = mayPublish && version.status == .underReview
            mayDraft = mayEdit && version.status == .published
            isPublished = version.status == .published
            compareWithPublished = publishedID.flatMap { published -> String? in
                guard published != version.id else { return nil }
                let older = version.status == .superseded ? version.id : published
                let newer = version.status == .superseded ? published : version.id
                return "/catalogues/diff?from=\(older)&to=\(newer)"
            }
        }
    }

    let versions: [Row]
    let mayEdit: Bool
    let defaultRegion: String

    init(_ visible: [CatalogueVersion], user: UserRecord, language: Language) {
        let mayEdit = user.role.permissions.contains(.editCatalogue)
        let mayPublish = user.role.permissions.contains(.publishCatalogue)
        let published = Dictionary(visible.filter { $0.status == .published }.map { ($0.regionCode, $0.id) }, uniquingKeysWith: max)
        versions = visible.map { Row($0, mayEdit: mayEdit, mayPublish: mayPublish, publishedID: published[$0.regionCode], language: language) }
        self.mayEdit = mayEdit
        defaultRegion = user.regionCode?.rawValue ?? ""
    }
}

/// `Catalogue/catalogue-version`: a version with its items, as forms when it may be edited.
struct CatalogueVersionPage {
    struct Version {
        let id: Int64
        let region: String
        let number: Int
        let title: String
        let status: String
        let count: Int

        init(_ version: CatalogueVersion, language: Language) {
            id = version.id
            region = version.regionCode.rawValue
            number = version.versionNumber
            title = version.title
            status = version.status.name(in: language)
            count = version.itemCount
        }
    }

    /// A field of the item form: its input name, label and (for an existing item) value.
    struct Field {
        let name: String
        let label: String
        let value: String
    }

    /// A field of the form for a new item.
    struct NewField {
        let name: String
        let label: String
    }

    struct Item {
        let key: String
        let name: String
        let domain: String
        let fields: [Field]

        init(_ item: CatalogueItem, fields: [CatalogueField], language: Language) {
            key = item.key
            name = item.name
            domain = item.domain
            self.fields = fields.map { Field(name: $0.rawValue, label: $0.name(in: language), value: item[$0]) }
        }
    }

    /// The fields shown and edited, in order.
    static let fields: [CatalogueField] = [.domain, .name, .targetPopulation, .content, .standardText, .fundingText,
                                           .leadDepartment, .legalBasis, .derivedFromKey]

    let version: Version
    let mayEdit: Bool
    let items: [Item]
    let newFields: [NewField]

    init(_ version: CatalogueVersion, items: [CatalogueItem], mayEdit: Bool, language: Language) {
        self.version = Version(version, language: language)
        self.mayEdit = mayEdit
        self.items = items.map { Item($0, fields: Self.fields, language: language) }
        newFields = Self.fields.map { NewField(name: $0.rawValue, label: $0.name(in: language)) }
    }
}

/// `Catalogue/catalogue-diff`: what changed from one version to another.
struct CatalogueDiffPage {
    struct Version {
        let id: Int64
        let number: Int
        let region: String

        init(_ version: CatalogueVersion) {
            id = version.id
            number = version.versionNumber
            region = version.regionCode.rawValue
        }
    }

    /// An item added or removed.
    struct Item {
        let key: String
        let name: String
        let domain: String

        init(_ item: CatalogueItem) {
            key = item.key
            name = item.name
            domain = item.domain
        }
    }

    struct Change {
        let field: String
        let before: String
        let after: String

        init(_ change: FieldChange, language: Language) {
            field = change.field.name(in: language)
            before = change.before
            after = change.after
        }
    }

    /// An item in both versions, with the fields that differ.
    struct Changed {
        let key: String
        let name: String
        let changes: [Change]

        init(_ change: ItemChange, language: Language) {
            key = change.after.key
            name = change.after.name
            changes = change.changes.map { Change($0, language: language) }
        }
    }

    let from: Version
    let to: Version
    let added: [Item]
    let removed: [Item]
    let changed: [Changed]
    let unchanged: Bool

    init(from: CatalogueVersion, to: CatalogueVersion, diff: CatalogueDiff, language: Language) {
        self.from = Version(from)
        self.to = Version(to)
        added = diff.added.map(Item.init)
        removed = diff.removed.map(Item.init)
        changed = diff.changed.map { Changed($0, language: language) }
        unchanged = diff.added.isEmpty && diff.removed.isEmpty && diff.changed.isEmpty
    }
}

/// `Catalogue/catalogue-compliance`: where a lower level's catalogue falls short of its upper level's.
struct CatalogueCompliancePage {
    struct Version {
        let id: Int64
        let name: String
        let number: Int

        init(_ version: CatalogueVersion, region: Region) {
            id = version.id
            name = region.name
            number = version.versionNumber
        }
    }

    struct Finding {
        let kind: String
        let field: String
        let detail: String
        let upperName: String
        let lowerName: String
        let upperQuote: String
        let lowerQuote: String

        init(_ finding: ComplianceFinding, language: Language) {
            kind = finding.kind.name(in: language)
            field = finding.field.name(in: language)
            detail = finding.detail
            upperName = finding.upperName
            lowerName = finding.lowerName ?? "—"
            upperQuote = finding.upperQuote.text
            lowerQuote = finding.lowerQuote?.text ?? language.text("noQuote")
        }
    }

    let upper: Version
    let lower: Version
    let count: Int
    let findings: [Finding]

    init(upper: (CatalogueVersion, Region), lower: (CatalogueVersion, Region), findings: [ComplianceFinding], language: Language) {
        self.upper = Version(upper.0, region: upper.1)
        self.lower = Version(lower.0, region: lower.1)
        count = findings.count
        self.findings = findings.map { Finding($0, language: language) }
    }
}

// MARK: typed lookup
// The public catalogue pages are the most read pages: their view models answer the template's
// names through a switch (`MustacheParent`) rather than swift-mustache's `Mirror`, which boxes
// every stored property of the value on each lookup. `TypedLookupTests` proves each answers every
// stored property as `Mirror` would.

extension CatalogueRegion: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "code": code
        case "name": self.name
        default: nil
        }
    }
}

extension CatalogueItemRow: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "key": key
        case "domain": domain
        case "name": self.name
        case "targetPopulation": targetPopulation
        case "content": content
        case "standard": standard
        case "funding": funding
        case "lead": lead
        case "legalBasis": legalBasis
        case "region": region
        case "reasons": reasons
        default: nil
        }
    }
}

extension CataloguePage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "region": region
        case "q": q
        case "searching": searching
        case "version": version
        case "domains": domains
        case "resultCount": resultCount
        case "heading": heading
        case "edition": edition
        default: nil
        }
    }
}

extension CataloguePage.Version: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "number": number
        case "publishedAt": publishedAt
        case "count": count
        default: nil
        }
    }
}

extension CataloguePage.Domain: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "domain": domain
        case "count": count
        case "items": items
        default: nil
        }
    }
}

extension CatalogueItemPage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "region": region
        case "item": item
        case "quantities": quantities
        case "shares": shares
        default: nil
        }
    }
}

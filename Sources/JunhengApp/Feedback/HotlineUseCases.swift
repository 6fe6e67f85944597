import Foundation
import Spreadsheet
import JunhengCore
import Storage
import Surveys

/// A share with its 95 % Wilson interval; no rate when nothing was counted.
public struct HotlineRate: Sendable, Equatable, Codable {
    public var successes: Int
    public var trials: Int
    public var rate: Double?
    public var lowerBound: Double?
    public var upperBound: Double?

    init(successes: Int, trials: Int) {
        (self.successes, self.trials) = (successes, trials)
        if let interval = try? ProportionInterval.wilson(successes: successes, trials: trials) {
            (rate, lowerBound, upperBound) = (interval.proportion, interval.lowerBound, interval.upperBound)
        }
    }
}

/// One line of the hotline report: a region, a department or a service domain.
public struct HotlineRow: Sendable, Equatable, Codable {
    public var key: String
    public var name: String
    public var orders: Int
    /// Orders per 10,000 residents (regions with a population only).
    public var perTenThousand: Double?
    /// Resolved among the orders whose status the export gave.
    public var resolution: HotlineRate
    /// Satisfied among the orders the caller rated.
    public var satisfaction: HotlineRate
}

/// The 12345 hotline's work orders of a region over a period, as the plan's demand feedback reads
/// them: volume per 10,000 residents, resolution and satisfaction rates with Wilson intervals,
/// by lower-level region, by department and by service domain.
public struct HotlineReport: Sendable, Equatable, Codable {
    public var regionCode: String
    public var regionName: String
    public var from: CalendarDay
    public var to: CalendarDay
    public var total: HotlineRow
    public var byRegion: [HotlineRow]
    public var byDepartment: [HotlineRow]
    public var byDomain: [HotlineRow]
    /// Orders no item was found for yet (the review queue): counted in the totals, in no domain.
    public var unmapped: Int
    /// The population points' year the volumes per 10,000 use, and how many children have a population.
    public var populationYear: Int?
    public var childrenWithPopulation: Int
    public var children: Int
}

/// What an import of work orders did.
public struct HotlineImportResult: Sendable, Equatable, Codable {
    public var added: Int
    public var updated: Int
    /// Of the file's orders, how many the keywords mapped to an item; the rest wait for review.
    public var mapped: Int
    public var unmapped: Int
    /// Columns of the export that were not read (the caller's name and telephone among them).
    public var ignoredColumns: [String]
}

/// 12345 hotline work orders (item 7 of issue 13): imported from the hotline's export, all or
/// nothing; each mapped to a catalogue item by the planner's keywords, or left for a person to
/// choose in the review queue; reported by region, department and domain. Who may: those who
/// `manageHotline` over the orders' regions.
public struct HotlineUseCases: Sendable {
    let app: JunhengApp

    /// Imports a CSV or XLSX export: the columns 工单编号, 受理日期, 区划代码, 诉求内容 and, when the
    /// export has them, 承办单位, 办理状态, 满意度; every row checked and its region placed under the
    /// actor's region before any is stored. An order already stored (by number) is updated.
    public func importOrders(upload: UploadSource, filename: String, actor: Actor) async throws -> HotlineImportResult {
        let home = try await app.regions.homeRegion(for: actor)
        try await app.access.authorize(.manageHotline, region: home, actor: actor)
        var orders: [(row: Int, sheet: String?, order: HotlineOrder)] = []
        var issues: [ValidationIssue] = []
        var header = TableHeader([])
        var sheetName: String?
        var ignored: [String] = []
        try UploadTables.forEachRow(of: upload, filename: filename, table: { sheet, cells, headerRow in
            sheetName = sheet
            header = TableHeader(cells)
            for column in HotlineOrderReader.Column.required where header.letters[column] == nil {
                issues.append(ValidationIssue(field: column, reason: "缺少必填列“\(column)”", sheet: sheet, row: headerRow))
            }
            ignored += header.names.filter { !$0.isEmpty && !HotlineOrderReader.Column.all.contains($0) && !ignored.contains($0) }
        }, row: { cells, number in
            guard issues.count < 200, cells.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else { return }
            do {
                orders.append((number, sheetName, try HotlineOrderReader.read(header.cells(cells), row: number, sheet: sheetName)))
            } catch let error as JunhengError {
                issues += header.located(error.issues)
            }
        })
        var seen: [String: Int] = [:]
        for entry in orders {
            if let first = seen[entry.order.number] {
                issues.append(ValidationIssue(field: HotlineOrderReader.Column.number,
                                              reason: "工单编号 \(entry.order.number) 与第 \(first) 行重复", sheet: entry.sheet, row: entry.row,
                                              column: header.letters[HotlineOrderReader.Column.number]))
            } else {
                seen[entry.order.number] = entry.row
            }
        }
        if issues.isEmpty && orders.isEmpty { issues.append(ValidationIssue(field: "file", reason: "文件中没有工单")) }
        if issues.isEmpty {
            let subtree = Set(try await RegionStore(app.database.sql).subtreeCodes(of: home).map(\.rawValue))
            for entry in orders where !subtree.contains(entry.order.regionCode) {
                issues.append(ValidationIssue(field: HotlineOrderReader.Column.region,
                                              reason: "区划代码 \(entry.order.regionCode) 不在\(home.rawValue)的辖区内", sheet: entry.sheet,
                                              row: entry.row, column: header.letters[HotlineOrderReader.Column.region]))
            }
        }
        guard issues.isEmpty else { throw JunhengError.invalid(Array(issues.prefix(200))) }
        let map = try await HotlineStore(app.database.sql).keywordMap(region: home)
        let records = orders.map { entry -> HotlineRecord in
            if case .mapped(let item, _) = map.classify(entry.order.text) {
                return HotlineRecord(order: entry.order, itemCode: item, mappedBy: "keyword")
            }
            return HotlineRecord(order: entry.order, itemCode: nil, mappedBy: nil)
        }
        let audit = actor.audit
        let stored = try await app.database.transaction { db in
            try await HotlineStore(db).upsert(records, source: filename, actor: audit)
        }
        let mapped = records.filter { $0.itemCode != nil }.count
        return HotlineImportResult(added: stored.added, updated: stored.updated, mapped: mapped, unmapped: records.count - mapped,
                                   ignoredColumns: ignored)
    }

    /// Whether the actor may import orders, keep the keywords and review orders in their region.
    public func mayManage(actor: Actor) async throws -> Bool {
        try await app.access.allows(.manageHotline, region: try await app.regions.homeRegion(for: actor), actor: actor)
    }

    /// The keywords of the actor's region.
    public func keywordMap(actor: Actor) async throws -> HotlineKeywordMap {
        try await HotlineStore(app.replica.sql).keywordMap(region: try await app.regions.homeRegion(for: actor))
    }

    /// Replaces the keywords of the actor's region; every item must be in the catalogue that
    /// applies to it. The region's orders not chosen by a person are mapped again with them.
    public func setKeywordMap(_ map: HotlineKeywordMap, actor: Actor) async throws -> HotlineKeywordMap {
        let home = try await app.regions.homeRegion(for: actor)
        try await app.access.authorize(.manageHotline, region: home, actor: actor)
        let cleaned = try HotlineKeywordMap(rules: map.rules.map { rule in
            HotlineKeywordMap.Rule(itemCode: rule.itemCode.trimmingCharacters(in: .whitespaces),
                                   keywords: rule.keywords.map { $0.trimmingCharacters(in: .whitespaces) })
        }).validated()
        let items = Set(try await app.catalogue.applicableItems(for: home).map(\.key))
        let unknown = cleaned.rules.map(\.itemCode).filter { !items.contains($0) }
        guard unknown.isEmpty else {
            throw JunhengError.invalid(field: "itemCode", "服务项目 \(unknown.joined(separator: "、")) 不在适用的基本公共服务清单中")
        }
        let audit = actor.audit
        let codes = try await RegionStore(app.database.sql).subtreeCodes(of: home).map(\.rawValue)
        try await app.database.transaction { db in
            let store = HotlineStore(db)
            try await store.setKeywordMap(cleaned, region: home, actor: audit)
            let orders = try await store.orders(in: codes, from: CalendarDay(year: 1900, month: 1, day: 1)!,
                                                to: CalendarDay(year: 9999, month: 12, day: 31)!)
            let matches = orders.filter { $0.mappedBy != "person" }.map { record -> (number: String, itemCode: String?) in
                guard case .mapped(let item, _) = cleaned.classify(record.order.text) else { return (record.order.number, nil) }
                return (record.order.number, item)
            }
            try await store.applyKeywordMatches(matches)
        }
        return cleaned
    }

    /// The review queue: orders of the actor's region no item was found for, oldest first.
    public func unmapped(actor: Actor) async throws -> [HotlineRecord] {
        let home = try await app.regions.homeRegion(for: actor)
        try await app.access.authorize(.manageHotline, region: home, actor: actor)
        return try await HotlineStore(app.database.sql).unmapped(in: try await RegionStore(app.database.sql).subtreeCodes(of: home).map(\.rawValue))
    }

    /// A person's choice of item for an order; later imports keep it.
    public func assign(number: String, itemCode: String, actor: Actor) async throws {
        try await app.access.authorize(.manageHotline, region: try await app.regions.homeRegion(for: actor), actor: actor)
        guard let record = try await HotlineStore(app.database.sql).order(number: number),
              let region = RegionCode(rawValue: record.order.regionCode) else { throw JunhengError.notFound("工单") }
        try await app.access.authorize(.manageHotline, region: region, actor: actor)
        guard try await app.catalogue.applicableItems(for: region).contains(where: { $0.key == itemCode }) else {
            throw JunhengError.invalid(field: "itemCode", "服务项目 \(itemCode) 不在适用的基本公共服务清单中")
        }
        let audit = actor.audit
        try await app.database.transaction { db in try await HotlineStore(db).assign(number, itemCode: itemCode, actor: audit) }
    }

    /// The report of `region` from `from` (1 January of this year when nil) to `to` (today when
    /// nil). Public: it holds counts and rates, no order's text.
    public func report(region: RegionCode, from: CalendarDay? = nil, to: CalendarDay? = nil) async throws -> HotlineReport {
        let today = app.settings.today ?? .today
        let from = from ?? CalendarDay(year: today.year, month: 1, day: 1)!
        let to = to ?? today
        guard from <= to else { throw JunhengError.invalid(field: "from", "开始日期不能晚于结束日期") }
        let root = try await app.regions.region(region)
        let children = try await app.regions.children(of: region)
        let regionStore = RegionStore(app.replica.sql)
        let subtree = try await regionStore.subtreeCodes(of: region).map(\.rawValue)
        let records = try await HotlineStore(app.replica.sql).orders(in: subtree, from: from, to: to)
        let lineages = try await regionStore.lineages(of: Set(records.map(\.order.regionCode)).compactMap { RegionCode(rawValue: $0) })
        let childCodes = Set(children.map(\.code))
        func child(of record: HotlineRecord) -> RegionCode? {
            RegionCode(rawValue: record.order.regionCode).flatMap { lineages[$0] }?.first { childCodes.contains($0.code) }?.code
        }
        let (year, population) = try await app.facilities.residentsByChild(of: region)
        func row(_ key: String, _ name: String, _ group: [HotlineRecord], residents: Double?) -> HotlineRow {
            let statused = group.compactMap(\.order.resolved)
            let rated = group.compactMap(\.order.satisfied)
            return HotlineRow(key: key, name: name, orders: group.count,
                              perTenThousand: residents.flatMap { $0 > 0 ? Double(group.count) / $0 * 10_000 : nil },
                              resolution: HotlineRate(successes: statused.filter { $0 }.count, trials: statused.count),
                              satisfaction: HotlineRate(successes: rated.filter { $0 }.count, trials: rated.count))
        }
        let byChild = Dictionary(grouping: records) { child(of: $0) }
        let allCovered = !children.isEmpty && children.allSatisfy { population[$0.code] != nil }
        let items = try await app.catalogue.applicableItems(for: region)
        let domainOf = Dictionary(items.map { ($0.key, $0.domain) }) { first, _ in first }
        let byDomain = Dictionary(grouping: records.filter { $0.itemCode != nil }) { domainOf[$0.itemCode!] ?? "" }
        let domainOrder = items.map(\.domain).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } } + [""]
        return HotlineReport(
            regionCode: region.rawValue, regionName: root.name, from: from, to: to,
            total: row(region.rawValue, root.name, records, residents: allCovered ? population.values.reduce(0, +) : nil),
            byRegion: children.map { row($0.code.rawValue, $0.name, byChild[$0.code] ?? [], residents: population[$0.code]) },
            byDepartment: Dictionary(grouping: records, by: { $0.order.department }).sorted { ($1.value.count, $0.key) < ($0.value.count, $1.key) }
                .map { row($0.key, $0.key.isEmpty ? "（未注明）" : $0.key, $0.value, residents: nil) },
            byDomain: domainOrder.compactMap { domain in
                byDomain[domain].map { row(domain, domain.isEmpty ? "（清单外项目）" : domain, $0, residents: nil) }
            },
            unmapped: records.filter { $0.itemCode == nil }.count, populationYear: year,
            childrenWithPopulation: children.filter { population[$0.code] != nil }.count, children: children.count)
    }
}

extension JunhengApp {
    /// 12345 hotline work orders.
    public var hotline: HotlineUseCases { HotlineUseCases(app: self) }
}

/// The hotline report as CSV, in the Chinese of the published tables: one row per region,
/// department and domain; a rate with nothing counted is empty.
public enum HotlineReportCSV {
    public static func data(_ report: HotlineReport) -> Data {
        func percent(_ value: Double?) -> CellValue { value.map { .number(($0 * 1000).rounded() / 10) } ?? .empty }
        var rows: [[CellValue]] = [["分组", "名称", "工单数", "每万人工单数", "办结数", "有办理状态的工单数", "办结率%", "办结率下限%", "办结率上限%",
                                    "满意数", "已评价工单数", "满意率%", "满意率下限%", "满意率上限%"]]
        for (group, lines) in [("合计", [report.total]), ("地区", report.byRegion), ("承办单位", report.byDepartment), ("服务领域", report.byDomain)] {
            for line in lines {
                rows.append([.string(group), .string(line.name), .number(Double(line.orders)),
                             line.perTenThousand.map { .number(($0 * 100).rounded() / 100) } ?? .empty,
                             .number(Double(line.resolution.successes)), .number(Double(line.resolution.trials)),
                             percent(line.resolution.rate), percent(line.resolution.lowerBound), percent(line.resolution.upperBound),
                             .number(Double(line.satisfaction.successes)), .number(Double(line.satisfaction.trials)),
                             percent(line.satisfaction.rate), percent(line.satisfaction.lowerBound), percent(line.satisfaction.upperBound)])
            }
        }
        return CSVWriter.write(rows)
    }
}

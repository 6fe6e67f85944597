import Charts
import Foundation
import Hummingbird
import JunhengApp
import JunhengCore
import Storage

/// Pages for indicators, progress, data collection, review and warnings.
struct MonitoringPages {
    let services: JunhengServices
    private var monitoring: MonitoringUseCases { services.app.monitoring }

    func register(on router: Router<AppContext>) {
        router.get("indicators", use: indicators)
        router.get("indicators/:id", use: indicator)
        router.post("indicators/:id", use: editIndicator)
        router.get("regions/:code/indicators", use: regionOverview)
        router.get("data", use: dataEntry)
        router.post("data", use: submitForm)
        router.post("data/upload", use: upload)
        router.get("submissions", use: submissions)
        router.post("submissions/:id/review", use: review)
        router.get("warnings", use: warnings)
    }

    static func chartStatus(_ status: ProgressStatus) -> ChartStatus {
        switch status {
        case .targetAchieved: .met
        case .substantialProgress: .onTrack
        case .moderateProgress, .limitedProgress: .atRisk
        case .deterioration: .offTrack
        case .insufficientData: .noData
        }
    }

    static func number(_ value: Double?) -> String {
        guard let value else { return "—" }
        return value.rounded() == value && abs(value) < 1e12 ? String(Int64(value)) : String(format: "%.2f", value)
    }

    private func rowValues(_ row: ProgressRow) -> [String: Any] {
        let status = row.status
        var values: [String: Any] = [
            "regionCode": row.region.code.rawValue, "regionName": row.region.name,
            "latestYear": row.latestYear.map(String.init) ?? "—", "latestValue": Self.number(row.latestValue),
            "provisional": row.latestYear.map(row.provisionalYears.contains) ?? false,
            "baseline": row.baselineYear.map { "\(Self.number(row.baselineValue))（\($0)）" } ?? "—",
            "status": status.rawValue, "statusName": status.chineseName,
            "statusColour": Self.chartStatus(status).colour,
            "ratio": row.result?.ratio.map { String(format: "%.3f", $0) } ?? "—",
            "indicatorID": row.indicator.id, "indicatorName": row.indicator.name, "unit": row.indicator.unit,
            "binding": row.indicator.binding.chineseName,
        ]
        if let target = row.target {
            values["target"] = "\(target.target.comparator.rawValue) \(Self.number(target.target.targetValue))（\(target.target.targetYear)）"
            values["inherited"] = target.inherited
            values["weaker"] = target.weakerThanParent != nil
        }
        if let trajectory = row.result?.trajectory {
            values["trajectory"] = trajectory.onTrack ? "在路径上" : "落后 \(Self.number(abs(trajectory.lead)))"
        }
        let points = row.values.sorted { $0.key < $1.key }.map { YearValue(year: $0.key, value: $0.value) }
        values["sparkline"] = Sparkline(label: row.indicator.name, points: points, target: row.target?.target.targetValue,
                                        status: Self.chartStatus(status)).svg()
        return values
    }

    @Sendable func indicators(_ request: Request, context: AppContext) async throws -> Response {
        let list = try await monitoring.indicators()
        return try services.pages.render("Monitoring/indicators", title: context.language.strings["indicators"]!, values: [
            "indicators": list.map { [
                "id": $0.id, "code": $0.code, "name": $0.name, "unit": $0.unit, "binding": $0.binding.chineseName,
                "direction": $0.direction == .higher ? "越高越好" : "越低越好", "derived": $0.isDerived,
            ] as [String: Any] },
        ], request: request, context: context)
    }

    @Sendable func indicator(_ request: Request, context: AppContext) async throws -> Response {
        let indicator = try await monitoring.indicator(context.parameters.get("id"))
        let region = try await monitoring.defaultRegion(for: indicator, region: request.uri.queryParameters["region"].map(String.init))
        let rows = try await monitoring.progressTable(indicator, parent: region)
        let parent = rows[0]
        var references: [TrendReference] = []
        if let target = parent.target, let baselineYear = parent.baselineYear, let baselineValue = parent.baselineValue {
            references = TrendReference.plan(baseline: YearValue(year: baselineYear, value: baselineValue),
                                             target: YearValue(year: target.target.targetYear, value: target.target.targetValue))
        }
        let trend = LineChart(title: "\(parent.region.name) \(indicator.name)", unit: indicator.unit,
                              series: [TrendSeries(label: parent.region.name, values: parent.values)],
                              references: references, note: try await monitoring.dataNote(indicator)).svg(width: 720, height: 380)
        let children = rows.dropFirst().filter { $0.latestValue != nil }
        let bars = BarChart(
            title: "各下级地区最新值", unit: indicator.unit,
            bars: rows.dropFirst().map { Bar(label: $0.region.name, value: $0.latestValue, status: Self.chartStatus($0.status)) },
            order: indicator.direction == .higher ? .descending : .ascending,
            references: [parent.latestValue.map { ValueLine(label: "\(parent.region.name)", value: $0) },
                         parent.target.map { ValueLine(label: "目标值", value: $0.target.targetValue) }].compactMap { $0 },
            note: children.isEmpty ? "暂无下级地区数据" : nil).svg(width: 720)
        let provenance = try await services.app.plans.provenance(entity: "indicator", id: indicator.id).first
        // Breakdown of the region's figures by the indicator's disaggregations (城乡, 性别 …), by year.
        var breakdown: [[String: Any]] = []
        for key in indicator.disaggregations {
            let points = try await monitoring.points(indicatorID: indicator.id, regionCodes: [region.rawValue], disaggregation: key)
            if !points.isEmpty {
                breakdown.append(["key": key, "values": points.map { "\($0.year)：\(Self.number($0.value))" }.joined(separator: "　")])
            }
        }
        let mayEdit = context.user != nil && monitoring.mayManageIndicators(actor: context.actor)
        return try services.pages.render("Monitoring/indicator", title: indicator.name, values: [
            "indicator": [
                "id": indicator.id, "code": indicator.code, "name": indicator.name, "unit": indicator.unit,
                "binding": indicator.binding.chineseName, "direction": indicator.direction == .higher ? "越高越好" : "越低越好",
                "definition": indicator.definition, "unitValue": indicator.unit,
                "higher": indicator.direction == .higher, "isBinding": indicator.binding == .binding,
            ] as [String: Any],
            "mayEdit": mayEdit, "breakdown": breakdown,
            "region": ["code": region.rawValue, "name": parent.region.name],
            "trend": trend, "bars": bars, "rows": rows.map(rowValues),
            "legend": ChartStatus.allCases.map { ["label": $0.label, "colour": $0.colour] },
            "provenance": provenance.map { ["quote": $0.quote, "filename": $0.filename, "planID": $0.planID ?? 0] as [String: Any] } as Any,
        ], request: request, context: context)
    }

    /// The edit form on the indicator page: name, unit, direction and binding.
    @Sendable func editIndicator(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let indicator = try await monitoring.indicator(context.parameters.get("id"))
        var request = request
        let form = try await FormFields.read(&request)
        _ = try await monitoring.updateIndicator(indicator, .init(
            name: form.nonEmpty("name"), unit: form["unit"], direction: form["direction"].flatMap(Direction.init(rawValue:)),
            binding: form["binding"].flatMap(Binding.init(rawValue:))), actor: context.actor)
        let region = form.nonEmpty("region").map { "?region=\($0)" } ?? ""
        return Response.redirect(to: "/indicators/\(indicator.id)\(region)", type: .found)
    }

    @Sendable func regionOverview(_ request: Request, context: AppContext) async throws -> Response {
        let code = try regionCode(context.parameters.get("code"), field: "code")
        let region = try await services.app.regions.region(code)
        let rows = try await monitoring.overview(of: code)
        var counts: [ProgressStatus: Int] = [:]
        for row in rows { counts[row.status, default: 0] += 1 }
        return try services.pages.render("Monitoring/region-indicators", title: "\(region.name) · \(context.language.strings["indicators"]!)", values: [
            "region": ["code": code.rawValue, "name": region.name], "rows": rows.map(rowValues),
            "summary": ProgressStatus.allCases.map { ["name": $0.chineseName, "count": counts[$0] ?? 0,
                                                      "colour": Self.chartStatus($0).colour] },
        ], request: request, context: context)
    }

    // MARK: data collection

    /// The form for one region and year: every indicator assigned to the reporter, with the figure
    /// already stored, and an upload form for a whole sheet.
    @Sendable func dataEntry(_ request: Request, context: AppContext) async throws -> Response {
        try await renderDataEntry(request: request, context: context)
    }

    private func renderDataEntry(request: Request, context: AppContext, message: String? = nil, formError: FormError? = nil,
                                 details: [ValidationIssue] = []) async throws -> Response {
        let user = try context.requireUser()
        try await monitoring.requireSubmitter(actor: context.actor)
        let query = request.uri.queryParameters
        let region = try query["region"].map { try regionCode(String($0), field: "region") } ?? user.regionCode ?? DemoData.city
        let year = query["year"].flatMap { Int(String($0)) } ?? (Int(Timestamp.today().prefix(4))! - 1)
        let regionRecord = try await services.app.regions.region(region)
        let assigned = try await monitoring.reportableIndicators(for: region, actor: context.actor)
        let stored = try await monitoring.storedValues(indicatorIDs: assigned.map(\.id), regionCodes: [region.rawValue])
        return try services.pages.render("Monitoring/data", title: context.language.strings["dataEntry"]!, values: [
            "region": ["code": region.rawValue, "name": regionRecord.name], "year": year,
            "indicators": assigned.map { indicator -> [String: Any] in
                let key = ObservationKey(indicatorID: indicator.id, regionCode: region.rawValue, year: year, disaggregation: "")
                return ["id": indicator.id, "code": indicator.code, "name": indicator.name, "unit": indicator.unit,
                        "value": stored[key].map { Self.number($0) } ?? ""]
            },
            "message": message as Any? ?? "", "details": (formError?.details ?? details).map(\.description),
        ], request: request, context: context, formError: formError)
    }

    @Sendable func submitForm(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        var request = request
        let form = try await FormFields.read(&request, limit: 1 << 20)
        guard let regionText = form.nonEmpty("region"), let year = form.nonEmpty("year") else {
            throw JunhengError.invalid(field: "region", "缺少地区或年份")
        }
        let indicators = try await monitoring.indicators()
        let rows = indicators.compactMap { indicator -> [String]? in
            guard let value = form.nonEmpty("value-\(indicator.id)") else { return nil }
            return [regionText, indicator.code, year, value]
        }
        let outcome = try await FormError.catching {
            try await monitoring.submit([UploadTable(sheet: nil, header: ["region", "indicator", "year", "value"], rows: rows, headerRow: 0)],
                                        source: "网页填报", actor: context.actor)
        }
        switch outcome {
        case .success(let stored):
            return try await renderDataEntry(request: request, context: context,
                                             message: "已提交 \(stored.submission.rowCount) 项数据（报送 #\(stored.submission.id)），等待审核",
                                             details: stored.warnings)
        case .failure(let error):
            return try await renderDataEntry(request: request, context: context, formError: error)
        }
    }

    @Sendable func upload(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        var request = request
        let outcome = try await FormError.catching(prefix: "上传未导入任何数据：") {
            try await monitoring.requireSubmitter(actor: context.actor)
            let file = try await UploadedFile(request: &request, context: context)
            return (file.filename, try await monitoring.submit(try UploadTables.read(file.data, filename: file.filename),
                                                               source: file.filename, actor: context.actor))
        }
        switch outcome {
        case .success(let (filename, stored)):
            return try await renderDataEntry(request: request, context: context,
                                             message: "已导入“\(filename)”共 \(stored.submission.rowCount) 行（报送 #\(stored.submission.id)），等待审核",
                                             details: stored.warnings)
        case .failure(let error):
            return try await renderDataEntry(request: request, context: context, formError: error)
        }
    }

    // MARK: review

    @Sendable func submissions(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        let list = try await monitoring.submissions(actor: context.actor)
        let mayReview = user.role.permissions.contains(.reviewData)
        return try services.pages.render("Monitoring/submissions", title: context.language.strings["submissions"]!, values: [
            "submissions": list.map { submission in [
                "id": submission.id, "region": submission.regionCode.rawValue, "year": submission.year,
                "source": submission.source, "rows": submission.rowCount, "status": submission.status.rawValue,
                "statusName": submission.status.chineseName, "createdAt": String(submission.createdAt.prefix(16)),
                "comment": submission.reviewComment, "warnings": submission.warnings.map(\.description),
                "open": submission.status == .submitted && mayReview && submission.createdBy != user.id,
            ] as [String: Any] },
        ], request: request, context: context)
    }

    @Sendable func review(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        var request = request
        let form = try await FormFields.read(&request)
        _ = try await monitoring.review(submission: context.parameters.get("id"), approve: form["decision"] != "return",
                                        comment: form["comment"] ?? "", actor: context.actor)
        return Response.redirect(to: "/submissions", type: .found)
    }

    @Sendable func warnings(_ request: Request, context: AppContext) async throws -> Response {
        let query = request.uri.queryParameters
        let region = try query["region"].map { try regionCode(String($0), field: "region") } ?? context.user?.regionCode ?? DemoData.city
        let department = query["department"].flatMap { Int64(String($0)) }
        let list = try await monitoring.warnings(root: region, departmentID: department)
        let departments = try await services.app.accounts.departments(in: region)
        return try services.pages.render("Monitoring/warnings", title: context.language.strings["warnings"]!, values: [
            "region": region.rawValue, "count": list.count,
            "departments": departments.map { ["id": $0.id, "name": $0.name, "selected": $0.id == department] as [String: Any] },
            "warnings": list.map { [
                "kind": $0.kind.chineseName, "severity": $0.severity, "high": $0.severity == "high",
                "indicatorID": $0.indicatorID, "indicatorName": $0.indicatorName, "regionCode": $0.regionCode,
                "regionName": $0.regionName, "year": $0.year.map(String.init) ?? "", "message": $0.message,
            ] as [String: Any] },
        ], request: request, context: context)
    }
}

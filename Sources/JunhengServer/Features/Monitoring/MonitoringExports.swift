import Foundation
import Hummingbird
import JunhengApp
import JunhengCore
import Storage

/// Downloads of the monitoring tables as XLSX or CSV (`format=`): an indicator's progress table
/// and the warnings list, with the same rows as their pages.
struct MonitoringExports {
    let services: JunhengServices
    private var monitoring: MonitoringUseCases { services.app.monitoring }

    func register(on router: Router<AppContext>) {
        router.get("indicators/:id/export", use: progress)
        router.get("warnings/export", use: warnings)
    }

    /// `/indicators/ID/export?region=&format=`: the region (default as on the page) and its children.
    @Sendable func progress(_ request: Request, context: AppContext) async throws -> Response {
        let query = request.uri.queryParameters
        let indicator = try await monitoring.indicator(context.parameters.get("id"))
        let region = try await monitoring.defaultRegion(for: indicator, region: query["region"].map(String.init))
        return try await monitoring.exportProgress(indicator, region: region, format: try ExportFormat.parse(query["format"].map(String.init)),
                                                   actor: context.actor).response
    }

    /// `/warnings/export?region=&department=&format=`, the region defaulting as on the page.
    @Sendable func warnings(_ request: Request, context: AppContext) async throws -> Response {
        let query = request.uri.queryParameters
        let region = try await services.app.regions.region(
            try query["region"].map { try regionCode(String($0), field: "region") }, orHomeOf: context.actor)
        let department = try query["department"].flatMap { $0.isEmpty ? nil : String($0) }.map { text in
            guard let id = Int64(text) else { throw JunhengError.invalid(field: "department", "“\(text)”不是部门编号") }
            return id
        }
        return try await monitoring.exportWarnings(root: region, departmentID: department,
                                                   format: try ExportFormat.parse(query["format"].map(String.init))).response
    }
}

extension ExportFile {
    /// The file as a download.
    var response: Response {
        Download.response(data, filename: filename, fallback: "export", contentType: contentType)
    }
}

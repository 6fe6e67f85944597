import Foundation
import Hummingbird
import JunhengApp
import JunhengCore

/// `/equalization/export?indicator=&region=&year=&format=`: the analysis the equalization page
/// shows, as XLSX or CSV — the children's values, weights and groups, then the measures.
struct EqualizationExports {
    let services: JunhengServices

    func register(on router: Router<AppContext>) {
        router.get("equalization/export", use: export)
    }

    @Sendable func export(_ request: Request, context: AppContext) async throws -> Response {
        let format = try ExportFormat.parse(request.uri.queryParameters["format"].map(String.init))
        return try await services.app.publicEqualization.export(try EqualizationAPI.request(from: request), format: format).response
    }
}

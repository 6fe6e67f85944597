import Hummingbird
import JunhengApp
import JunhengCore
import Storage

/// `/api/v1/equalization`: inequality across a region's children for one indicator and year.
struct EqualizationAPI {
    let services: JunhengServices

    func register(on api: RouterGroup<AppContext>) {
        api.get("equalization", use: analyse)
        api.get("equalization/overview", use: overview)
    }

    @Sendable func overview(_ request: Request, context: AppContext) async throws -> JSON<EqualizationAnalysis.Overview> {
        let query = request.uri.queryParameters
        let threshold = query["threshold"].flatMap { Double(String($0)) } ?? 0.9
        return JSON(try await services.app.publicEqualization.overview(
            parent: try regionCode(query["region"].map(String.init), field: "region"),
            year: query["year"].flatMap { Int(String($0)) },
            benchmark: try query["benchmark"].flatMap { $0.isEmpty ? nil : $0 }.map { try regionCode(String($0), field: "benchmark") },
            threshold: threshold))
    }

    @Sendable func analyse(_ request: Request, context: AppContext) async throws -> JSON<EqualizationAnalysis.Result> {
        JSON(try await services.app.publicEqualization.analyse(try Self.request(from: request)))
    }

    static func request(from request: Request) throws -> EqualizationAnalysis.Request {
        let query = request.uri.queryParameters
        guard let indicator = query["indicator"].flatMap({ Int64(String($0)) }) else {
            throw JunhengError.invalid(field: "indicator", "请给出指标 ID")
        }
        return EqualizationAnalysis.Request(
            indicatorID: indicator, parent: try regionCode(query["region"].map(String.init), field: "region"),
            year: query["year"].flatMap { Int(String($0)) }, weightIndicatorID: query["weight"].flatMap { Int64(String($0)) },
            groupSet: query["groups"].flatMap { $0.isEmpty ? nil : String($0) },
            benchmark: try query["benchmark"].flatMap { $0.isEmpty ? nil : $0 }.map { try regionCode(String($0), field: "benchmark") })
    }
}

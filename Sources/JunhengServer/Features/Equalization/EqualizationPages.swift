import Foundation
import Hummingbird
import JunhengApp
import JunhengCore
import Storage

/// The equalization page: how unequal an indicator is across a region's children, with the
/// Lorenz curve, the children against the mean and the benchmark, the decomposition and the trend.
struct EqualizationPages {
    let services: JunhengServices

    func register(on router: Router<AppContext>) {
        router.get("equalization", use: show)
        router.get("equalization/overview", use: overview)
        EqualizationExports(services: services).register(on: router)
    }

    @Sendable func overview(_ request: Request, context: AppContext) async throws -> Response {
        let query = request.uri.queryParameters
        let region = try await services.app.regions.region(
            try query["region"].map { try regionCode(String($0), field: "region") }, orHomeOf: context.actor)
        let benchmark = try query["benchmark"].flatMap { $0.isEmpty ? nil : $0 }.map { try regionCode(String($0), field: "benchmark") }
        let overview = try await services.app.publicEqualization.overview(
            parent: region, year: query["year"].flatMap { Int(String($0)) }, benchmark: benchmark)
        var page = EqualizationOverviewPage(region: region, overview: overview, language: context.language)
        page.map = try MapViews.compositeMap(overview, shapes: try await services.app.maps.childShapes(of: region),
                                             language: context.language, idPrefix: "composite-map")
        return try services.pages.render("Equalization/equalization-overview", title: context.language.strings["equalizationOverview"]!,
                                         page: page, request: request, context: context)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let indicators = try await services.app.monitoring.indicators()
        let result: EqualizationAnalysis.Result
        if request.uri.queryParameters["indicator"] != nil {
            result = try await services.app.publicEqualization.analyse(try EqualizationAPI.request(from: request))
        } else {
            // No indicator chosen: open on an analysis rather than an empty form — the first
            // indicator with a complete year in the reader's region.
            let region = try await services.app.regions.region(
                try optionalRegionCode(request.uri.queryParameters["region"].map(String.init), field: "region"),
                orHomeOf: context.actor)
            guard let first = try await services.app.publicEqualization.defaultAnalysis(parent: region, among: indicators) else {
                return try services.pages.render("Equalization/equalization", title: context.language.strings["equalization"]!,
                                                 page: EqualizationPage(choosing: indicators, region: region), request: request, context: context)
            }
            result = first
        }
        var page = EqualizationPage(indicators: indicators, analysis: result, dataNote: try await services.app.monitoring.dataNote(result.indicator).map { MonitoringPages.words($0, in: context.language) },
                                    language: context.language)
        let children = try await services.app.regions.children(of: result.parent.code)
        page.map = try MapViews.choropleth(
            title: context.language.fill("map.childrenMap", ["indicator": result.indicator.name, "year": "\(result.year)"]),
            unit: result.indicator.unit, shapes: try await services.app.maps.shapes(of: children),
            values: Dictionary(uniqueKeysWithValues: result.regions.compactMap { region in region.value.map { (region.code, $0) } }),
            note: nil, language: context.language, idPrefix: "equalization-map")
        return try services.pages.render("Equalization/equalization", title: "\(result.parent.name) · \(result.indicator.name)", page: page,
                                         request: request, context: context)
    }
}

import Foundation
import Hummingbird
import JunhengApp
import JunhengCore
import Storage

/// The region browser: provinces or a search, a region with its parents and children, and the
/// form by which a county adds its townships.
struct RegionPages {
    let services: JunhengServices
    private var regions: RegionUseCases { services.app.regions }

    func register(on router: Router<AppContext>) {
        // Before `regions/:code`, so that "groups" is never read as a region code.
        RegionGroupPages(services: services).register(on: router)
        router.get("regions", use: list)
        router.get("regions/:code", use: region)
        router.post("regions/:code/townships", use: addTownship)
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        let query = request.uri.queryParameters["q"].map(String.init)?.trimmingCharacters(in: .whitespaces) ?? ""
        let found = query.isEmpty ? try await regions.provinces() : try await regions.search(query, limit: 200)
        return try services.pages.render("Regions/regions", title: context.language.strings["regions"]!,
                                         page: RegionsPage(query: query, found: found, language: context.language), request: request, context: context)
    }

    @Sendable func region(_ request: Request, context: AppContext) async throws -> Response {
        let code = try regionCode(context.parameters.get("code"), field: "code")
        return try await renderRegion(code, request: request, context: context)
    }

    private func renderRegion(_ code: RegionCode, request: Request, context: AppContext,
                              formError: FormError? = nil) async throws -> Response {
        let region = try await regions.region(code)
        let children = try await regions.children(of: code)
        var page = RegionPage(region, ancestors: try await regions.ancestors(of: code), children: children,
                              mayAddTownship: try await regions.mayAddTownship(to: region, actor: context.actor),
                              hasCatalogue: try await hasPublishedCatalogue(code), language: context.language)
        page.map = try await compositeMap(code, children: children, language: context.language)
        return try services.pages.render("Regions/region", title: region.name, page: page, request: request, context: context,
                                         formError: formError)
    }

    /// The children's composite equalization index as a map, when they have boundaries and figures.
    private func compositeMap(_ code: RegionCode, children: [Region], language: Language) async throws -> String? {
        let shapes = try await services.app.maps.shapes(of: children)
        guard !shapes.boundaries.isEmpty else { return nil }
        let overview: EqualizationAnalysis.Overview
        do {
            overview = try await services.app.publicEqualization.overview(parent: code)
        } catch let error as JunhengError where error.kind == .invalid {
            return nil  // no figures yet: nothing to colour
        }
        return try MapViews.compositeMap(overview, shapes: shapes, language: language, idPrefix: "region-map")
    }

    /// Whether the region has a published catalogue; only "it has none" counts as no, other errors surface.
    private func hasPublishedCatalogue(_ code: RegionCode) async throws -> Bool {
        do {
            _ = try await services.app.catalogue.published(region: code)
            return true
        } catch let error as JunhengError {
            if case .notFound = error { return false }
            throw error
        }
    }

    @Sendable func addTownship(_ request: Request, context: AppContext) async throws -> Response {
        let county = try regionCode(context.parameters.get("code"), field: "code")
        var request = request
        let form = try await FormFields.read(&request)
        let outcome = try await FormError.catching {
            try await regions.addRegion(code: try regionCode(form.nonEmpty("code"), field: "code"), name: form["name"] ?? "",
                                        level: .township, parent: county, validFrom: form.nonEmpty("validFrom"), actor: context.actor)
        }
        if case .failure(let error) = outcome { return try await renderRegion(county, request: request, context: context, formError: error) }
        return Response.redirect(to: "/regions/\(county.rawValue)", type: .found)
    }
}

import Foundation
import Hummingbird
import JunhengApp
import JunhengCore
import Storage

/// `/maps`: the stored boundaries with their sources, and (for those who manage regions) the
/// import of a GeoJSON file, which keeps what was typed when it is refused.
struct MapPages {
    let services: JunhengServices
    private var maps: MapUseCases { services.app.maps }

    func register(on router: Router<AppContext>) {
        router.get("maps", use: list)
        router.post("maps", use: importBoundaries)
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        try await render(request: request, context: context)
    }

    private func render(request: Request, context: AppContext, typed: MapsPage.Typed = .init(), imported: BoundaryImportResult? = nil,
                        formError: FormError? = nil) async throws -> Response {
        let mayImport = context.user?.role.permissions.contains(.manageRegions) ?? false
        let page = MapsPage(summaries: try await maps.summaries(), mayImport: mayImport, typed: typed, imported: imported,
                            language: context.language)
        return try services.pages.render("Maps/maps", title: context.language.text("maps"), page: page, request: request,
                                         context: context, status: imported == nil ? .ok : .created, formError: formError)
    }

    @Sendable func importBoundaries(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        var request = request
        let form: MultipartForm
        if let parsed = context.multipartForm { form = parsed } else { form = try await MultipartForm(request: &request, context: context) }
        let typed = MapsPage.Typed(codeProperty: form.fields["codeProperty"] ?? "", nameProperty: form.fields["nameProperty"] ?? "",
                                   crs: form.fields["crs"] ?? "", source: form.fields["source"] ?? "",
                                   vintage: form.fields["vintage"] ?? "", approvalNumber: form.fields["approvalNumber"] ?? "")
        let outcome = try await FormError.catching {
            guard let file = form.files["file"] else { throw JunhengError.invalid(field: "file", "请选择要上传的文件") }
            return try await maps.importBoundaries(file.data, options: try MapsAPI.options(form.fields), actor: context.actor)
        }
        switch outcome {
        case .success(let result):
            return try await render(request: request, context: context, imported: result)
        case .failure(let error):
            return try await render(request: request, context: context, typed: typed, formError: error)
        }
    }
}

/// `Maps/maps`: the list of stored boundaries and the import form.
struct MapsPage {
    /// What the import form shows: what was typed, or the defaults.
    struct Typed {
        var codeProperty = "adcode"
        var nameProperty = ""
        var crs = "gcj02"
        var source = ""
        var vintage = ""
        var approvalNumber = ""
    }

    struct Row {
        let code: String
        let name: String
        let source: String
        let vintage: String
        let approvalNumber: String
        let system: String
        let points: Int
        let importedAt: String
    }

    struct SystemChoice {
        let value: String
        let name: String
        let selected: Bool
    }

    let rows: [Row]
    let hasRows: Bool
    let mayImport: Bool
    let typed: Typed
    let systems: [SystemChoice]
    let imported: String?
    let words: [String: String]

    init(summaries: [BoundarySummary], mayImport: Bool, typed: Typed, imported: BoundaryImportResult?, language: Language) {
        rows = summaries.map { summary in
            Row(code: summary.regionCode, name: summary.regionName, source: summary.provenance.source,
                vintage: summary.provenance.vintage, approvalNumber: summary.provenance.approvalNumber,
                system: summary.provenance.sourceSystem.uppercased(), points: summary.pointCount,
                importedAt: ChinaTime.format(summary.importedAt))
        }
        hasRows = !summaries.isEmpty
        self.mayImport = mayImport
        self.typed = typed
        systems = ["wgs84", "gcj02"].map { SystemChoice(value: $0, name: language.text("map.\($0)"), selected: typed.crs == $0) }
        self.imported = imported.map {
            language.fill("map.imported", ["count": "\($0.regionCodes.count)", "replaced": "\($0.replaced)", "points": "\($0.pointCount)"])
        }
        words = MapStrings.words(language)
    }
}

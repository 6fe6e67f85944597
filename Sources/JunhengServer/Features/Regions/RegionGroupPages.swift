import Foundation
import Hummingbird
import JunhengApp
import JunhengCore
import Storage

/// Region group sets in the pages: the list with a form for a new set, and one page per set to
/// put each child region of its scope into a group (the groupings equalization decomposes by).
struct RegionGroupPages {
    let services: JunhengServices
    private var regions: RegionUseCases { services.app.regions }

    func register(on router: Router<AppContext>) {
        router.get("regions/groups", use: list)
        router.post("regions/groups", use: create)
        router.get("regions/groups/:set", use: show)
        router.post("regions/groups/:set", use: assign)
    }

    private func mayManage(_ context: AppContext) -> Bool {
        context.user?.role.permissions.contains(.manageRegions) ?? false
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        try await renderList(request: request, context: context)
    }

    private func renderList(request: Request, context: AppContext, typed: FormFields? = nil,
                            formError: FormError? = nil) async throws -> Response {
        var sets: [(set: RegionGroupSet, members: Int)] = []
        for set in try await regions.groupSets() { sets.append((set, try await regions.members(ofSet: set.code).count)) }
        let page = GroupSetsPage(sets: sets, wholeCountry: context.language.strings["wholeCountry"]!, mayCreate: mayManage(context),
                                 typed: typed, defaultScope: context.user?.regionCode?.rawValue ?? "", language: context.language)
        return try services.pages.render("Regions/groups", title: context.language.strings["groupSets"]!, page: page,
                                         request: request, context: context, formError: formError)
    }

    /// "district 市辖区" a line (a tab, a space, "=" or "：" between code and name) → groups; `invalid` naming the line.
    static func groups(from text: String, language: Language = .chinese) throws -> [RegionGroup] {
        try text.split(whereSeparator: \.isNewline).enumerated().compactMap { index, line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { return nil }
            guard let separator = trimmed.firstIndex(where: { $0 == " " || $0 == "\t" || $0 == "=" || $0 == "：" || $0 == ":" }) else {
                throw JunhengError.invalid(field: "groups", language.format("groupLineWithoutName", index + 1, trimmed))
            }
            let name = trimmed[trimmed.index(after: separator)...].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else {
                throw JunhengError.invalid(field: "groups", language.format("groupLineWithoutName", index + 1, trimmed))
            }
            return RegionGroup(code: String(trimmed[..<separator]), name: name)
        }
    }

    @Sendable func create(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        var request = request
        let form = try await FormFields.read(&request)
        let outcome = try await Self.catchingRefusals {
            try await regions.createGroupSet(RegionGroupSet(
                code: form.nonEmpty("code") ?? "", name: form.nonEmpty("name") ?? "",
                scopeRegionCode: try optionalRegionCode(form["scope"], field: "scope"), description: form.nonEmpty("description") ?? "",
                groups: try Self.groups(from: form["groups"] ?? "", language: context.language)), actor: context.actor)
        }
        switch outcome {
        case .success(let set): return Response.redirect(to: "/regions/groups/" + AuditPage.encoded(set.code), type: .found)
        case .failure(let error): return try await renderList(request: request, context: context, typed: form, formError: error)
        }
    }

    private func setCode(_ context: AppContext) throws -> String {
        let raw = try context.parameters.require("set")
        return raw.removingPercentEncoding ?? raw
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        try await renderSet(try setCode(context), request: request, context: context)
    }

    private func renderSet(_ code: String, request: Request, context: AppContext, typed: FormFields? = nil,
                           formError: FormError? = nil) async throws -> Response {
        let set = try await regions.groupSet(code)
        let page = GroupSetPage(set, regions: try await regions.assignableRegions(of: set), members: try await regions.members(ofSet: code),
                                wholeCountry: context.language.strings["wholeCountry"]!, mayAssign: mayManage(context), typed: typed)
        return try services.pages.render("Regions/groups-set", title: "\(context.language.strings["groupSets"]!) · \(set.name)",
                                         page: page, request: request, context: context, formError: formError)
    }

    /// Saves the choices of every region whose select has a group; the others stay unassigned.
    @Sendable func assign(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let code = try setCode(context)
        var request = request
        let form = try await FormFields.read(&request)
        let set = try await regions.groupSet(code)
        let outcome = try await Self.catchingRefusals {
            let choices = try await regions.assignableRegions(of: set).compactMap { region -> (region: RegionCode, group: String)? in
                form.nonEmpty("group-\(region.code.rawValue)").map { (region.code, $0) }
            }
            try await regions.assign(choices, inSet: code, actor: context.actor)
        }
        if case .failure(let error) = outcome {
            return try await renderSet(code, request: request, context: context, typed: form, formError: error)
        }
        return Response.redirect(to: "/regions/groups/" + AuditPage.encoded(code), type: .found)
    }

    /// Like `FormError.catching`, but a refusal is shown on the form too: the form is only offered
    /// to those who manage regions, and the scope they typed may be what is out of their reach.
    static func catchingRefusals<T>(_ action: () async throws -> T) async throws -> Result<T, FormError> {
        do {
            return try await FormError.catching(action)
        } catch JunhengError.forbidden(let reason) {
            return .failure(FormError(message: reason, details: [], status: .forbidden))
        }
    }
}

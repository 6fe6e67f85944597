import Hummingbird
import JunhengApp
import JunhengCore
import Storage

/// `/api/v1/regions` and `/api/v1/region-groups`.
struct RegionsAPI {
    let services: JunhengServices
    private var regions: RegionUseCases { services.app.regions }

    func register(on api: RouterGroup<AppContext>) {
        api.get("regions", use: list)
        api.post("regions", use: create)
        api.get("regions/:code", use: show)
        api.get("regions/:code/children", use: children)
        api.get("regions/:code/ancestors", use: ancestors)
        api.post("regions/:code/move", use: move)
        api.get("region-groups", use: groupSets)
        api.post("region-groups", use: createGroupSet)
        api.get("region-groups/:set/members", use: members)
        api.put("region-groups/:set/members/:region", use: assign)
    }

    /// `?parent=CODE` lists children, `?q=TEXT` searches, neither lists provinces; `asOf` dates the
    /// tree. The same for every caller and nearly never changing, so answered from the public cache.
    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        let query = request.uri.queryParameters
        let asOf = try dayParameter(request, "asOf") ?? Timestamp.today()
        let variant = ["parent", "q", "level", "limit"].compactMap { name in query[Substring(name)].map { "\(name)=\($0)" } }
        let key = PublicCache.Key(path: request.uri.path, variant: (variant + ["asOf=" + asOf]).joined(separator: "&"))
        return try await services.publicCache.body(for: key) {
            try .json(ItemList(try await regionList(request, asOf: asOf)))
        }.response(to: request, context: context)
    }

    private func regionList(_ request: Request, asOf: String) async throws -> [Region] {
        let query = request.uri.queryParameters
        if let parent = query["parent"] {
            return try await regions.children(of: try regionCode(String(parent), field: "parent"), asOf: asOf)
        }
        if let text = query["q"] {
            let level = try query["level"].map { raw -> RegionLevel in
                guard let level = RegionLevel(rawValue: String(raw)) else {
                    throw JunhengError.invalid(field: "level", "级别应为 province、prefecture、county 或 township")
                }
                return level
            }
            let limit = query["limit"].flatMap { Int(String($0)) } ?? 50
            return try await regions.search(String(text), level: level, limit: limit)
        }
        return try await regions.provinces()
    }

    struct RegionDetail: Encodable, Sendable {
        let region: Region
        let ancestors: [Region]
        let childCount: Int
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> JSON<RegionDetail> {
        let code = try regionCode(context.parameters.get("code"), field: "code")
        let asOf = try dayParameter(request, "asOf") ?? Timestamp.today()
        let region = try await regions.region(code, asOf: asOf)
        return JSON(RegionDetail(region: region, ancestors: try await regions.ancestors(of: code, asOf: asOf),
                                 childCount: try await regions.children(of: code, asOf: asOf).count))
    }

    @Sendable func children(_ request: Request, context: AppContext) async throws -> JSON<ItemList<Region>> {
        let code = try regionCode(context.parameters.get("code"), field: "code")
        let asOf = try dayParameter(request, "asOf") ?? Timestamp.today()
        return JSON(ItemList(try await regions.children(of: code, asOf: asOf)))
    }

    @Sendable func ancestors(_ request: Request, context: AppContext) async throws -> JSON<ItemList<Region>> {
        let code = try regionCode(context.parameters.get("code"), field: "code")
        let asOf = try dayParameter(request, "asOf") ?? Timestamp.today()
        return JSON(ItemList(try await regions.ancestors(of: code, asOf: asOf)))
    }

    struct NewRegion: Decodable {
        let code: String
        let name: String
        let parentCode: String
        let level: RegionLevel?
        let validFrom: String?
    }

    /// Adds a region; townships (the default level) need `manageTownships` in the parent county,
    /// other levels `manageRegions`.
    @Sendable func create(_ request: Request, context: AppContext) async throws -> JSON<Region> {
        _ = try context.requireUser()
        let body = try await request.decode(as: NewRegion.self, context: context)
        let parent = try regionCode(body.parentCode, field: "parentCode")
        let code = try regionCode(body.code, field: "code")
        let level = body.level ?? .township
        let created = try await regions.addRegion(code: code, name: body.name, level: level, parent: parent,
                                                  validFrom: body.validFrom, actor: context.actor)
        return JSON(created, status: .created)
    }

    struct Move: Decodable {
        let parentCode: String
        let effective: String
    }

    /// Re-parents a region from a date on; needs `manageRegions` over both the old and new parent.
    @Sendable func move(_ request: Request, context: AppContext) async throws -> JSON<Region> {
        _ = try context.requireUser()
        let code = try regionCode(context.parameters.get("code"), field: "code")
        let body = try await request.decode(as: Move.self, context: context)
        let newParent = try regionCode(body.parentCode, field: "parentCode")
        return JSON(try await regions.move(code, to: newParent, effective: body.effective, actor: context.actor))
    }

    @Sendable func groupSets(_ request: Request, context: AppContext) async throws -> JSON<ItemList<RegionGroupSet>> {
        JSON(ItemList(try await regions.groupSets()))
    }

    struct NewGroupSet: Decodable {
        let code: String
        let name: String
        let scopeRegionCode: String?
        let description: String?
        let groups: [RegionGroup]
    }

    @Sendable func createGroupSet(_ request: Request, context: AppContext) async throws -> JSON<RegionGroupSet> {
        _ = try context.requireUser()
        let body = try await request.decode(as: NewGroupSet.self, context: context)
        let scope = try body.scopeRegionCode.map { try regionCode($0, field: "scopeRegionCode") }
        let set = RegionGroupSet(code: body.code, name: body.name, scopeRegionCode: scope,
                                 description: body.description ?? "", groups: body.groups)
        return JSON(try await regions.createGroupSet(set, actor: context.actor), status: .created)
    }

    @Sendable func members(_ request: Request, context: AppContext) async throws -> JSON<ItemList<RegionGroupMember>> {
        let set = try context.parameters.require("set")
        return JSON(ItemList(try await regions.members(ofSet: set)))
    }

    struct Assignment: Decodable { let groupCode: String }

    struct AssignmentResult: Encodable, Sendable {
        let set: String
        let regionCode: RegionCode
        let groupCode: String
    }

    @Sendable func assign(_ request: Request, context: AppContext) async throws -> JSON<AssignmentResult> {
        _ = try context.requireUser()
        let set = try context.parameters.require("set")
        let region = try regionCode(context.parameters.get("region"), field: "region")
        let body = try await request.decode(as: Assignment.self, context: context)
        try await regions.assign(region, toGroup: body.groupCode, inSet: set, actor: context.actor)
        return JSON(AssignmentResult(set: set, regionCode: region, groupCode: body.groupCode))
    }
}

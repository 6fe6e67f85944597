import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JunhengServer
import JunhengTestSupport
import SQLKit
import Storage
import Testing

/// Keeps docs/openapi.json true: every route the server has is documented and nothing else, and
/// live responses have the documented status and shape.
@Suite struct OpenAPITests {
    static let specURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/openapi.json")

    static func loadSpec() throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(contentsOf: specURL)) as? [String: Any])
    }

    @Test func everyAPIRouteIsDocumentedAndNothingMore() async throws {
        let spec = try Self.loadSpec()
        let paths = try #require(spec["paths"] as? [String: [String: Any]])
        let documented = Set(paths.flatMap { path, operations in operations.keys.map { "\($0.uppercased()) \(path)" } })

        try await TestDatabase.with(.sqlite) { (database) async throws -> Void in
            let services = try await JunhengServices.make(database: database,
                                                          configuration: ServerConfiguration(database: database.location))
            let served = Set(buildRouter(services: services).routes.compactMap { route -> String? in
                let path = "/" + route.path.description.split(separator: "/").map { component in
                    component.hasPrefix(":") ? "{\(component.dropFirst())}" : String(component)
                }.joined(separator: "/")
                guard path.hasPrefix("/api/") || path == "/healthz" || path == "/metrics" else { return nil }
                return "\(route.method.rawValue) \(path)"
            })
            #expect(served.subtracting(documented).sorted() == [], "served but not documented")
            #expect(documented.subtracting(served).sorted() == [], "documented but not served")
        }
    }

    @Test(arguments: TestEngine.all)
    func liveResponsesMatchTheirDocumentedSchemas(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            let spec = try Self.loadSpec()
            let calls: [(HTTPRequest.Method, String, String, String?, String?)] = [
                (.get, "/healthz", "/healthz", nil, nil),
                (.get, "/api/v1/regions?parent=130500", "/api/v1/regions", nil, nil),
                (.get, "/api/v1/regions?q=%E4%B8%B4%E5%9F%8E", "/api/v1/regions", nil, nil),
                (.get, "/api/v1/regions/130522", "/api/v1/regions/{code}", nil, nil),
                (.get, "/api/v1/regions/130500/children", "/api/v1/regions/{code}/children", nil, nil),
                (.get, "/api/v1/regions/130522/ancestors", "/api/v1/regions/{code}/ancestors", nil, nil),
                (.get, "/api/v1/regions/999999", "/api/v1/regions/{code}", nil, nil),
                (.post, "/api/v1/regions", "/api/v1/regions", fixture.linchenToken,
                 #"{"code":"130522100","name":"临城镇","parentCode":"130522"}"#),
                (.post, "/api/v1/regions", "/api/v1/regions", fixture.linchenToken,
                 #"{"code":"130523100","name":"内丘镇","parentCode":"130523"}"#),
                (.post, "/api/v1/regions", "/api/v1/regions", nil, #"{"code":"130522101","name":"x","parentCode":"130522"}"#),
                (.post, "/api/v1/regions/130522/move", "/api/v1/regions/{code}/move", fixture.adminToken,
                 #"{"parentCode":"130100","effective":"2025-01-01"}"#),
                (.post, "/api/v1/region-groups", "/api/v1/region-groups", fixture.plannerToken,
                 #"{"code":"ur","name":"城乡","scopeRegionCode":"130500","groups":[{"code":"u","name":"城"},{"code":"r","name":"乡"}]}"#),
                (.get, "/api/v1/region-groups", "/api/v1/region-groups", nil, nil),
                (.put, "/api/v1/region-groups/ur/members/130523", "/api/v1/region-groups/{set}/members/{region}",
                 fixture.plannerToken, #"{"groupCode":"r"}"#),
                (.get, "/api/v1/region-groups/ur/members", "/api/v1/region-groups/{set}/members", nil, nil),
                (.post, "/api/v1/departments", "/api/v1/departments", fixture.plannerToken, #"{"regionCode":"130500","name":"邢台市民政局"}"#),
                (.get, "/api/v1/departments?region=130500", "/api/v1/departments", nil, nil),
                (.post, "/api/v1/users", "/api/v1/users", fixture.adminToken,
                 #"{"username":"neiqiu","password":"long-enough-pw","role":"region_reporter","regionCode":"130523"}"#),
                (.get, "/api/v1/users", "/api/v1/users", fixture.adminToken, nil),
                (.get, "/api/v1/me", "/api/v1/me", fixture.plannerToken, nil),
                (.get, "/api/v1/audit", "/api/v1/audit", fixture.adminToken, nil),
                (.post, "/api/v1/auth/token", "/api/v1/auth/token", nil,
                 #"{"username":"planner","password":"\#(TestServer.password)"}"#),
                (.delete, "/api/v1/auth/tokens/999", "/api/v1/auth/tokens/{id}", fixture.plannerToken, nil),
                (.post, "/api/v1/plans/ingest?filename=empty.txt&region=130500", "/api/v1/plans/ingest", fixture.plannerToken, ""),
                (.get, "/api/v1/plans", "/api/v1/plans", fixture.plannerToken, nil),
                (.get, "/api/v1/plans/999", "/api/v1/plans/{id}", fixture.plannerToken, nil),
                (.get, "/api/v1/provenance?entity=target&id=1", "/api/v1/provenance", nil, nil),
                (.post, "/api/v1/facilities?filename=f.csv", "/api/v1/facilities", fixture.linchenToken,
                 "编号,名称,类型,区划代码,经度,纬度,医生\nF1,东关村卫生室,村卫生室,130522,114.5,37.44,2\n"),
                (.post, "/api/v1/facilities?filename=f.csv", "/api/v1/facilities", fixture.linchenToken,
                 "编号,名称,类型,区划代码,经度,纬度\nF2,内丘卫生室,村卫生室,130523,114.5,37.3\n"),
                (.post, "/api/v1/population-points?filename=p.csv", "/api/v1/population-points", fixture.linchenToken,
                 "编号,名称,区划代码,经度,纬度,常住人口,年份\nP1,东关村,130522,114.51,37.44,1200,2024\n"),
                (.get, "/api/v1/accessibility?region=130500&kind=village-clinic&radius=1km", "/api/v1/accessibility", nil, nil),
                (.get, "/api/v1/accessibility?region=130500&kind=诊所&minutes=15", "/api/v1/accessibility", nil, nil),
                (.post, "/api/v1/surveys", "/api/v1/surveys", fixture.plannerToken, #"{"regionCode":"130500","title":"试点调查"}"#),
                (.post, "/api/v1/surveys", "/api/v1/surveys", fixture.plannerToken, #"{"regionCode":"130500","title":""}"#),
                (.get, "/api/v1/surveys", "/api/v1/surveys", fixture.plannerToken, nil),
                (.get, "/api/v1/surveys/1", "/api/v1/surveys/{id}", fixture.plannerToken, nil),
                (.get, "/api/v1/surveys/1/results", "/api/v1/surveys/{id}/results", fixture.plannerToken, nil),
                (.post, "/api/v1/surveys/1/responses?filename=s.csv", "/api/v1/surveys/{id}/responses", fixture.plannerToken,
                 "地区代码,城乡,Q1,Q2,Q3,Q4,Q5,Q6,Q7,Q8,Q9\n130522,农村,满意,满意,满意,满意,满意,满意,满意,满意,满意\n"),
                (.post, "/api/v1/surveys/1/status", "/api/v1/surveys/{id}/status", fixture.plannerToken, #"{"status":"fielded"}"#),
                (.post, "/api/v1/surveys/1/responses?filename=s.csv", "/api/v1/surveys/{id}/responses", fixture.plannerToken,
                 "地区代码,城乡,Q1,Q2,Q3,Q4,Q5,Q6,Q7,Q8,Q9\n130522,农村,满意,满意,满意,满意,满意,满意,满意,满意,满意\n"),
                (.get, "/api/v1/surveys/1/results", "/api/v1/surveys/{id}/results", nil, nil),
                (.get, "/api/v1/surveys/9999", "/api/v1/surveys/{id}", nil, nil),
            ]
            // A real plan for the plan endpoints' shapes.
            let ingested = try await client.ingest("anju-district-13th", token: fixture.adminToken)
            #expect(ingested.status == .created)
            let planID = try #require((try ingested.object["plan"] as? [String: Any])?["id"] as? Int)
            let extraction = try await fixture.database.sql.raw("SELECT MIN(id) AS id FROM plan_extractions WHERE kind = 'target'")
                .first()!.decode(column: "id", as: Int.self)
            let planCalls: [(HTTPRequest.Method, String, String, String?, String?)] = [
                (.get, "/api/v1/plans/\(planID)", "/api/v1/plans/{id}", fixture.adminToken, nil),
                (.get, "/api/v1/plans/\(planID)/extractions?kind=target", "/api/v1/plans/{id}/extractions", fixture.adminToken, nil),
                (.patch, "/api/v1/plans/\(planID)/extractions/\(extraction)", "/api/v1/plans/{id}/extractions/{extraction}",
                 fixture.adminToken, #"{"status":"dropped"}"#),
                (.post, "/api/v1/plans/\(planID)/publish", "/api/v1/plans/{id}/publish", fixture.publisherToken, nil),
                (.post, "/api/v1/plans/\(planID)/accept-pending", "/api/v1/plans/{id}/accept-pending", fixture.adminToken, nil),
                (.post, "/api/v1/plans/\(planID)/publish", "/api/v1/plans/{id}/publish", fixture.publisherToken, nil),
                (.get, "/api/v1/provenance?entity=task&id=1", "/api/v1/provenance", nil, nil),
            ]
            // Monitoring shapes on real data.
            let indicatorID = try await client.makeIndicator(fixture)
            let submitted = try await client.json(.post, "/api/v1/observations", token: fixture.linchenToken,
                                                  body: #"{"rows":[{"region":"130522","indicator":"EDU-01","year":2015,"value":50},{"region":"130522","indicator":"EDU-01","year":2020,"value":48}]}"#)
            let submission = try #require((try submitted.object["submission"] as? [String: Any])?["id"] as? Int)
            let monitoringCalls: [(HTTPRequest.Method, String, String, String?, String?)] = [
                (.get, "/api/v1/indicators", "/api/v1/indicators", nil, nil),
                (.get, "/api/v1/indicators/\(indicatorID)", "/api/v1/indicators/{id}", nil, nil),
                (.get, "/api/v1/indicators/\(indicatorID)/targets", "/api/v1/indicators/{id}/targets", nil, nil),
                (.get, "/api/v1/indicators/\(indicatorID)/progress?region=130500", "/api/v1/indicators/{id}/progress", nil, nil),
                (.get, "/api/v1/regions/130522/progress", "/api/v1/regions/{code}/progress", nil, nil),
                (.get, "/api/v1/observations?indicator=\(indicatorID)&region=130500", "/api/v1/observations", nil, nil),
                (.post, "/api/v1/observations", "/api/v1/observations", fixture.linchenToken,
                 #"{"rows":[{"region":"130523","indicator":"EDU-01","year":2020,"value":48}]}"#),
                (.post, "/api/v1/observations/upload?filename=x.csv", "/api/v1/observations/upload", fixture.linchenToken,
                 "地区,指标,年份,数值\n130522,EDU-01,2021,x"),
                (.get, "/api/v1/submissions", "/api/v1/submissions", fixture.reviewerToken, nil),
                (.post, "/api/v1/submissions/\(submission)/approve", "/api/v1/submissions/{id}/approve", fixture.reviewerToken, #"{"comment":"ok"}"#),
                (.post, "/api/v1/submissions/\(submission)/return", "/api/v1/submissions/{id}/return", fixture.reviewerToken, #"{"comment":"x"}"#),
                (.get, "/api/v1/warnings?region=130500", "/api/v1/warnings", nil, nil),
                (.post, "/api/v1/accessibility/submissions", "/api/v1/accessibility/submissions", fixture.linchenToken,
                 #"{"region":"130522","kind":"村卫生室","radius":"1km","indicator":"EDU-01","year":"2019"}"#),
            ]
            for (method, uri, template, token, body) in calls + planCalls + monitoringCalls {
                let response = try await client.json(method, uri, token: token, body: body)
                let operation = try #require(((spec["paths"] as? [String: Any])?[template] as? [String: Any])?[method.rawValue.lowercased()] as? [String: Any],
                                             "\(method) \(template) is not in the spec")
                let responses = try #require(operation["responses"] as? [String: Any])
                let documented = try #require(responses[String(response.status.code)] as? [String: Any],
                                              "\(method) \(uri) answered \(response.status.code), which the spec does not list")
                guard let schema = ((documented["content"] as? [String: Any])?["application/json"] as? [String: Any])?["schema"] else {
                    continue
                }
                let value = try JSONSerialization.jsonObject(with: Data(response.bodyText.utf8))
                let problems = SchemaCheck(spec: spec).problems(value, against: schema, at: "\(method) \(uri)")
                #expect(problems.isEmpty, "\(problems)")
            }
        }
    }
}

/// Just enough JSON Schema to hold responses to the spec: $ref, anyOf, type, required,
/// properties, additionalProperties, items and enum.
struct SchemaCheck {
    let spec: [String: Any]

    func resolve(_ schema: Any) -> [String: Any] {
        guard let object = schema as? [String: Any] else { return [:] }
        guard let ref = object["$ref"] as? String else { return object }
        let name = ref.replacingOccurrences(of: "#/components/schemas/", with: "")
        return resolve(((spec["components"] as? [String: Any])?["schemas"] as? [String: Any])?[name] ?? [:])
    }

    func problems(_ value: Any, against rawSchema: Any, at path: String) -> [String] {
        let schema = resolve(rawSchema)
        if let options = schema["anyOf"] as? [Any] {
            return options.contains { problems(value, against: $0, at: path).isEmpty } ? [] : ["\(path): matches no anyOf option"]
        }
        if let allowed = schema["enum"] as? [Any], !allowed.contains(where: { "\($0)" == "\(value)" }) {
            return ["\(path): \(value) is not one of \(allowed)"]
        }
        switch schema["type"] as? String {
        case "object":
            guard let object = value as? [String: Any] else { return ["\(path): expected an object"] }
            var found = ((schema["required"] as? [String]) ?? []).filter { object[$0] == nil }.map { "\(path): missing \($0)" }
            for (key, propertySchema) in (schema["properties"] as? [String: Any]) ?? [:] {
                if let property = object[key], !(property is NSNull) {
                    found += problems(property, against: propertySchema, at: "\(path).\(key)")
                }
            }
            let undocumented = Set(object.keys).subtracting(((schema["properties"] as? [String: Any]) ?? [:]).keys)
            if let additional = schema["additionalProperties"] as? [String: Any] {
                found += undocumented.sorted().flatMap { problems(object[$0]!, against: additional, at: "\(path).\($0)") }
            } else {
                found += undocumented.sorted().map { "\(path): undocumented property \($0)" }
            }
            return found
        case "array":
            guard let array = value as? [Any] else { return ["\(path): expected an array"] }
            return array.enumerated().flatMap { problems($1, against: schema["items"] ?? [:], at: "\(path)[\($0)]") }
        case "string":
            return value is String ? [] : ["\(path): expected a string"]
        case "integer":
            guard let number = value as? NSNumber, number.doubleValue == number.doubleValue.rounded() else {
                return ["\(path): expected an integer"]
            }
            return []
        case "boolean":
            return (value as? NSNumber).map { _ in [] } ?? ["\(path): expected a boolean"]
        default:
            return []
        }
    }
}

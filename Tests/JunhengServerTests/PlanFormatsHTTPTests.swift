import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JunhengCore
import JunhengTestSupport
import Testing

/// Issue 15, point 1 through HTTP: a plan posted as a Word document or a PDF becomes a draft like
/// a text; a scan is refused with the message that says what to send instead.
@Suite struct PlanFormatsHTTPTests {
    static func fixture(_ name: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("PlanIngestTests/Fixtures/formats/\(name)"))
    }

    static let hasPdftotext = FileManager.default.isExecutableFile(atPath: "/usr/bin/pdftotext")

    static func post(_ client: any TestClientProtocol, _ name: String, type: String, token: String) async throws -> TestResponse {
        try await client.execute(
            uri: "/api/v1/plans/ingest?filename=\(name)&region=360000", method: .post,
            headers: [.authorization: "Bearer \(token)", .contentType: type, .accept: "application/json"],
            body: ByteBuffer(data: try fixture(name)))
    }

    @Test(arguments: TestEngine.all)
    func aWordDocumentPostedAsItIsBecomesADraft(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            let response = try await Self.post(
                client, "qinghe-plan.docx", type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                token: fixture.adminToken)
            #expect(response.status == .created, "\(response.bodyText.prefix(300))")
            let counts = try #require(try response.object["extractions"] as? [String: Int])
            #expect(counts["item"] == 6 && counts["task"] == 7 && counts["target"] == 25)
        }
    }

    /// A PDF is read by a background job: the upload answers 202 with the job, whose page says
    /// why a scan could not be read.
    @Test(.enabled(if: hasPdftotext), arguments: TestEngine.all)
    func aScannedPDFIsRefusedAskingForTheWordFile(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            let response = try await Self.post(client, "scanned.pdf", type: "application/pdf", token: fixture.adminToken)
            #expect(response.status == .accepted, "\(response.bodyText.prefix(300))")
            let id = try #require(try response.object["id"] as? Int)
            let ran = try #require(try await fixture.jobs.runNext())
            #expect(ran.status == .failed && ran.attempts == 1, "a file that cannot be read is not tried again")
            let job = try await client.json(.get, "/api/v1/jobs/\(id)", token: fixture.adminToken)
            #expect(try job.object["status"] as? String == "failed")
            #expect(try (job.object["error"] as? String)?.contains("这是扫描版 PDF，没有文字层") == true, "\(job.bodyText.prefix(300))")
            let page = try await client.execute(uri: "/jobs/\(id)", method: .get,
                                                headers: [.accept: "text/html", .authorization: "Bearer \(fixture.adminToken)"])
            #expect(page.bodyText.contains("这是扫描版 PDF，没有文字层") && page.bodyText.contains("失败"))
            #expect(!page.bodyText.contains("http-equiv=\"refresh\""), "a failed job's page stops reloading")
        }
    }

    @Test(.enabled(if: hasPdftotext), arguments: TestEngine.all)
    func aPDFPlanIsReadInTheBackgroundAndItsPageLeadsToTheDraft(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            let response = try await Self.post(client, "qinghe-plan.pdf", type: "application/pdf", token: fixture.adminToken)
            #expect(response.status == .accepted, "\(response.bodyText.prefix(300))")
            let id = try #require(try response.object["id"] as? Int)
            let html: HTTPFields = [.accept: "text/html", .authorization: "Bearer \(fixture.adminToken)"]
            let waiting = try await client.execute(uri: "/jobs/\(id)", method: .get, headers: html)
            #expect(waiting.status == .ok && waiting.bodyText.contains("<meta http-equiv=\"refresh\" content=\"2\">"))
            #expect(waiting.bodyText.contains("排队中"))
            let ran = try #require(try await fixture.jobs.runNext())
            #expect(ran.status == .done, "\(ran.error ?? "")")
            let job = try await client.json(.get, "/api/v1/jobs/\(id)", token: fixture.adminToken)
            let plan = try #require(try job.object["planId"] as? Int)
            let counts = try #require(try job.object["extractions"] as? [String: Int])
            #expect(counts["item"] == 6 && counts["task"] == 7 && counts["target"] == 25)
            let done = try await client.execute(uri: "/jobs/\(id)", method: .get, headers: html)
            #expect(done.status == .found && done.headers[.location] == "/plans/\(plan)")
            #expect(try await fixture.jobs.runNext() == nil, "the job ran once")
        }
    }
}

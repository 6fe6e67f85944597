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

    @Test(.enabled(if: hasPdftotext), arguments: TestEngine.all)
    func aScannedPDFIsRefusedAskingForTheWordFile(engine: TestEngine) async throws {
        try await TestServer.with(engine) { client, fixture in
            let response = try await Self.post(client, "scanned.pdf", type: "application/pdf", token: fixture.adminToken)
            #expect(response.status == .unprocessableContent)
            #expect(response.bodyText.contains("这是扫描版 PDF，没有文字层"), "\(response.bodyText.prefix(300))")
        }
    }
}

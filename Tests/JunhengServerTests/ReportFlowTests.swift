import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JunhengApp
import JunhengCore
import JunhengTestSupport
import Spreadsheet
import Storage
import Testing

/// Runs a poppler tool (pdfinfo, pdffonts, pdftotext) on a PDF and returns what it printed.
private func poppler(_ tool: String, _ pdf: Data, _ arguments: [String] = []) throws -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("junheng-report-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("report.pdf")
    try pdf.write(to: file)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [tool] + arguments + [file.path] + (tool == "pdftotext" ? ["-"] : [])
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    try #require(process.terminationStatus == 0, "\(tool) failed")
    return String(decoding: data, as: UTF8.self)
}

/// The text of every `w:t` in a DOCX's document.xml, and its paragraph styles.
private func wordText(_ docx: Data) throws -> (text: String, styles: Set<String>) {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("junheng-docx-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    try docx.write(to: directory.appendingPathComponent("r.docx"))
    let unzip = Process()
    unzip.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    unzip.arguments = ["python3", "-c", "import zipfile,sys; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read('word/document.xml').decode())",
                       directory.appendingPathComponent("r.docx").path]
    let output = Pipe()
    unzip.standardOutput = output
    try unzip.run()
    let xml = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    unzip.waitUntilExit()
    let texts = xml.matches(of: /<w:t(?: [^>]*)?>([^<]*)<\/w:t>/).map { String($0.1) }.joined(separator: "|")
    let styles = Set(xml.matches(of: /<w:pStyle w:val="([^"]+)"\/>/).map { String($0.1) })
    return (texts, styles)
}

/// Issue 12 end to end on the demo: a planner drafts Xingtai's 2020 annual report, publishes it
/// (a real PDF from headless Chromium, a DOCX, an XLSX), the public reads it, and a correction
/// afterwards changes none of its bytes.
@Suite struct ReportFlowTests {
    @Test func xingtaisAnnualReportIsPublishedAsPagePDFWordAndWorkbookAndNeverChanges() async throws {
        try await TestServer.with(.sqlite, demo: (maps: true, survey: false)) { client, fixture in
            let created = try await client.json(.post, "/api/v1/reports", token: fixture.plannerToken,
                                                body: #"{"kind":"annual","regionCode":"130500","year":2020}"#)
            #expect(created.status == .created)
            let id = try #require(try created.object["id"] as? Int)

            // A draft is its author's: the public gets 401, and no files.
            #expect(try await client.json(.get, "/api/v1/reports/\(id)").status == .unauthorized)
            let texts = #"{"texts":{"introduction":"","selfAssessment":"","evaluatorFindings":"","nextSteps":"- 补齐2020年缺失数据\n- **巩固**义务教育成果"}}"#
            #expect(try await client.json(.patch, "/api/v1/reports/\(id)", token: fixture.plannerToken, body: texts).status == .ok)

            let analysis = try await client.json(.get, "/api/v1/report-figures?kind=annual&region=130500&year=2020")
            #expect(analysis.status == .ok)
            let summary = try #require(try analysis.object["summary"] as? [String: Any])
            let indicatorCount = try #require(summary["indicatorCount"] as? Int)
            let figures = try #require(try analysis.object["figures"] as? [String: Any])
            let indicators = try #require(figures["indicators"] as? [[String: Any]])
            #expect(indicators.count == indicatorCount && indicatorCount > 0)

            // Publishing is a background job: queued by the request, run by a worker.
            let queued = try await client.json(.post, "/api/v1/reports/\(id)/publish", token: fixture.plannerToken)
            #expect(queued.status == .accepted, "\(queued.bodyText)")
            let jobID = try #require(try queued.object["id"] as? Int)
            #expect(queued.headers[.location] == "/api/v1/jobs/\(jobID)")
            #expect(try queued.object["status"] as? String == "queued" && queued.object["kind"] as? String == "report-publish")
            func stage() async throws -> String? {
                (try await client.json(.get, "/api/v1/reports/\(id)", token: fixture.plannerToken).object["report"] as? [String: Any])?["stage"]
                    as? String
            }
            #expect(try await stage() == "draft")
            let ran = try #require(try await fixture.jobs.runNext())
            #expect(ran.id == Int64(jobID) && ran.status == .done, "\(ran.error ?? "")")
            let job = try await client.json(.get, "/api/v1/jobs/\(jobID)", token: fixture.plannerToken)
            #expect(try job.object["status"] as? String == "done" && job.object["reportId"] as? Int == id)
            #expect(try job.object["resultURL"] as? String == "/reports/\(id)" && job.object["attempts"] as? Int == 1)
            // Only the one who queued it (and administrators) may follow a job.
            #expect(try await client.json(.get, "/api/v1/jobs/\(jobID)", token: fixture.reviewerToken).status == .notFound)
            #expect(try await stage() == "published")

            // The PDF: pages, embedded CJK fonts, every section heading, the API's figures.
            let pdfResponse = try await client.json(.get, "/api/v1/reports/\(id)/files/pdf")
            #expect(pdfResponse.headers[.contentType] == "application/pdf")
            let etag = try #require(pdfResponse.headers[.eTag])
            let again = try await client.json(.get, "/reports/\(id)/pdf", headers: [.ifNoneMatch: etag])
            #expect(again.status == .notModified && again.body.readableBytes == 0, "a published file is asked for again by its ETag")
            let pdf = Data(buffer: pdfResponse.body)
            let pages = try #require(Int(try poppler("pdfinfo", pdf).matches(of: /Pages:\s+(\d+)/).first.map { String($0.1) } ?? ""))
            #expect(pages >= 3)
            let fonts = try poppler("pdffonts", pdf)
            #expect(fonts.contains("WenQuanYi") && fonts.split(separator: "\n").contains { $0.contains("WenQuanYi") && $0.contains(" yes ") })
            let text = try poppler("pdftotext", pdf)
            for heading in ["一、总体情况", "均等化水平", "存在问题", "下一步建议", "附表", "目录", "第 1 页 / 共 \(pages) 页"] {
                #expect(text.contains(heading), "the PDF lacks \(heading)")
            }
            #expect(text.contains("纳入监测的 \(indicatorCount) 项指标中，\(summary["byStatus"].flatMap { ($0 as? [String: Int])?["target_achieved"] } ?? -1) 项已实现规划目标"))
            let first = indicators[0]
            let values = try #require(first["values"] as? [[String: Any]])
            let latest = try #require(values.last?["value"] as? Double)
            let printed = latest.rounded() == latest ? String(Int(latest)) : String(format: "%.2f", latest)
            #expect(text.contains(try #require(first["name"] as? String)))
            #expect(text.contains(printed))
            #expect(text.contains("补齐2020年缺失数据"))

            // The DOCX: real headings and the indicator table's cells.
            let docx = Data(buffer: try await client.json(.get, "/api/v1/reports/\(id)/files/docx").body)
            let word = try wordText(docx)
            #expect(word.styles.isSuperset(of: ["Title", "Heading1"]))
            let firstName = try #require(first["name"] as? String)
            #expect(word.text.contains("一、总体情况") && word.text.contains(firstName))
            #expect(word.text.contains("|\(printed)|"))

            // The XLSX: the annex tables with numbers as numbers.
            let workbook = try Workbook(xlsx: Data(buffer: try await client.json(.get, "/api/v1/reports/\(id)/files/xlsx").body))
            let series = try #require(workbook["各年度数据"])
            let row = try #require(series.rows.first { $0.first?.value == .string(first["name"] as! String) })
            #expect(row.contains { $0.value == .number(latest) })

            // The public list and page.
            let list = try await client.execute(uri: "/reports", method: .get, headers: [.accept: "text/html"])
            #expect(list.bodyText.contains("邢台市2020年基本公共服务均等化监测报告"))
            let page = try await client.execute(uri: "/reports/\(id)", method: .get, headers: [.accept: "text/html"])
            #expect(page.status == .ok && page.bodyText.contains("一、总体情况") && page.bodyText.contains("<strong>巩固</strong>"))
            // The composite index on a map of the counties, above its bar chart, in the page and in the published HTML.
            let body = page.bodyText
            let label = try #require(body.range(of: "aria-label=\"2020年各下级地区基本公共服务综合指数\""))
            let start = try #require(body.range(of: "<svg", options: .backwards, range: body.startIndex..<label.lowerBound))
            let end = try #require(body.range(of: "</svg>", range: label.upperBound..<body.endIndex))
            let map = body[start.lowerBound..<end.upperBound]
            #expect(map.contains("<g class=\"regions\"") && map.contains("<title>南宫市") && !map.contains("无数据"))
            let html = String(buffer: try await client.json(.get, "/api/v1/reports/\(id)/files/html").body)
            #expect(html.contains("report-composite-map-nodata") && html.contains("2020年各下级地区基本公共服务综合指数"))

            // A correction later changes nothing that was published.
            let indicatorID = try #require(first["id"] as? Int)
            let store = ObservationStore(fixture.database.sql, engine: fixture.database.engine)
            let submission = try await store.submit(regionCode: RegionCode(rawValue: "130500")!, source: "更正", observations: [
                ValidatedObservation(key: ObservationKey(indicatorID: Int64(indicatorID), regionCode: "130500", year: 2020, disaggregation: ""),
                                     value: latest + 1, row: 2)], warnings: [], actor: AuditActor(userID: nil, username: "test"))
            _ = try await store.approve(submission.id, comment: "更正", actor: AuditActor(userID: nil, username: "test"))
            for format in ["pdf", "docx", "xlsx", "html"] {
                let before = format == "pdf" ? pdf : format == "docx" ? docx : nil
                let again = Data(buffer: try await client.json(.get, "/api/v1/reports/\(id)/files/\(format)").body)
                if let before { #expect(again == before, "\(format) changed") }
            }
            let reread = try await client.json(.get, "/api/v1/reports/\(id)")
            let frozen = try #require(((try reread.object["analysis"] as? [String: Any])?["figures"] as? [String: Any])?["indicators"] as? [[String: Any]])
            #expect((frozen[0]["values"] as? [[String: Any]])?.last?["value"] as? Double == latest)
        }
    }

    @Test func theFormThatStartsAReportKeepsWhatWasTypedWhenRefused() async throws {
        try await TestServer.with(.sqlite) { client, _ in
            let session = try await client.browserLogin(username: "planner", password: TestServer.password)
            let list = try await client.execute(uri: "/reports", method: .get, headers: session.headers)
            let csrf = try #require(list.bodyText.csrfToken)
            var headers = session.headers
            headers[.contentType] = "application/x-www-form-urlencoded"
            let refused = try await client.execute(uri: "/reports", method: .post, headers: headers,
                                                   body: ByteBuffer(string: "_csrf=\(csrf)&kind=midterm&region=130500&year=20x8&title=%E4%B8%AD%E6%9C%9F"))
            #expect(refused.status == .unprocessableContent)
            #expect(refused.bodyText.contains(#"value="20x8""#) && refused.bodyText.contains(#"value="中期""#))
            #expect(refused.bodyText.contains(#"<option value="midterm" selected>"#))
            let created = try await client.execute(uri: "/reports", method: .post, headers: headers,
                                                   body: ByteBuffer(string: "_csrf=\(csrf)&kind=midterm&region=130500&year=2018&title="))
            #expect(created.status == .found)
            let location = try #require(created.headers[.location])
            let draft = try await client.execute(uri: location, method: .get, headers: session.headers)
            #expect(draft.bodyText.contains("邢台市基本公共服务均等化规划中期评估报告（2018年）"))
            #expect(draft.bodyText.contains("规划中期进展评估") && draft.bodyText.contains("第三方评估意见"))
            #expect(draft.headers[.cacheControl] == "no-store")
        }
    }
}

import Foundation
import PlanIngest
import Testing

@Suite("Text repair")
struct RepairTests {
    @Test("pinyin readings after characters are removed and the map points back to the original")
    func pinyinRemoved() throws {
        let original = "一、總體要求\n推進(jìn)基本公共服務(wù)發(fā)展,提高社會(huì )保障水平。\n"
        let ingestion = try Fixtures.ingest(original)
        #expect(ingestion.repairedText.contains("推进基本公共服务发展,提高社会保障水平。"))
        let repair = try #require(ingestion.result.repairs.first { $0.kind == "pinyinAnnotation" })
        #expect(repair.count == 4)
        #expect(repair.samples.first?.before == "(jìn)")
        #expect(ingestion.result.document.convertedFromTraditional)
    }

    @Test("phrases convert as phrases: 頭髮 → 头发, 發展 → 发展, 乾隆 keeps 乾")
    func phraseConversion() throws {
        let ingestion = try Fixtures.ingest("一、說明\n頭髮與發展,乾隆年間。\n")
        #expect(ingestion.repairedText.contains("头发与发展,乾隆年间。"))
    }

    @Test("GBK bytes decoded one byte off are re-aligned")
    func misalignedGBKRepaired() throws {
        // Build the damage: the GBK bytes of a phrase, first byte lost, decoded as GB18030 by a 2000-era decoder.
        // The lost byte swallowed the `(` of the reading that followed: `?wù)`.
        let clean = String(repeating: "完善基本公共服务体系,确保基本公共服务供给。", count: 4)
        let damaged = "一、目标\n" + clean + "\n确?;\u{E2A2}竟\u{E076}卜\u{E848}?wù)供给\n"
        let ingestion = try Fixtures.ingest(damaged)
        #expect(ingestion.repairedText.contains("确保基本公共服务供给"))
        #expect(ingestion.result.repairs.contains { $0.kind == "mojibake" })
    }

    @Test("UTF-8 read as GBK is re-encoded when the bytes make the original certain")
    func utf8ReadAsGBKRepaired() throws {
        let clean = String(repeating: "推进公共服务均等化。", count: 3)
        let ingestion = try Fixtures.ingest("一、总则\n" + clean + "推进鍩烘湰公共服务均等化。\n")
        #expect(ingestion.repairedText.contains("推进基本公共服务均等化"))
    }

    @Test("a private-use character between digits is a decimal point")
    func privateUseDecimalPoint() throws {
        let ingestion = try Fixtures.ingest("一、基础\n平均受教育年限达到10\u{E010}5年。\n")
        #expect(ingestion.repairedText.contains("10.5年"))
        #expect(ingestion.result.repairs.contains { $0.kind == "privateUseCharacter" })
    }

    @Test("a sentence broken across lines is joined; stray spaces inside words are removed")
    func brokenLinesJoined() throws {
        let text = "一、任务\n认真落实孤儿基本生活保障制度，建立孤儿基本生活费最低标准自然增长机制，加强资金监管，完善城乡儿童福利督导制\n度。劳动人事争议调解仲 裁服务。\n"
        let ingestion = try Fixtures.ingest(text)
        #expect(ingestion.repairedText.contains("督导制度。劳动人事争议调解仲裁服务。"))
        #expect(ingestion.result.repairs.contains { $0.kind == "brokenLine" })
    }

    @Test("web-page chrome is removed and its page date kept as the publication date")
    func chromeRemoved() throws {
        let text = "浏览量:  时间:2019-01-19 04:55:28\n一、总体要求\n到2020年,覆盖率达到90%。\n扫描二维码 关注我们\n本文链接://www.example.com/a.html\n大鸡巴网站_国产av一级片_午夜18 视频在线观看_黄片视频无码\n"
        let ingestion = try Fixtures.ingest(text)
        #expect(!ingestion.repairedText.contains("浏览量"))
        #expect(!ingestion.repairedText.contains("二维码"))
        #expect(!ingestion.repairedText.contains("视频"))
        #expect(ingestion.result.document.publishedDate == "2019-01-19")
        #expect(ingestion.result.repairs.first { $0.kind == "webChrome" }?.count == 4)
    }

    @Test("GB18030, UTF-16 with and without BOM, and UTF-8 with BOM are detected", arguments: ["gb18030", "utf-16le", "utf-16be", "utf-8-bom", "utf-16le-nobom"])
    func encodingsDetected(encoding: String) throws {
        let text = "一、总体要求\n到2025年,义务教育巩固率达到96.5%。\n"
        var data: Data
        switch encoding {
        case "gb18030":
            // The same text in GBK, as `iconv -t GB18030` writes it.
            data = Data([
                0xD2, 0xBB, 0xA1, 0xA2, 0xD7, 0xDC, 0xCC, 0xE5, 0xD2, 0xAA, 0xC7, 0xF3, 0x0A, 0xB5, 0xBD, 0x32, 0x30, 0x32, 0x35, 0xC4,
                0xEA, 0x2C, 0xD2, 0xE5, 0xCE, 0xF1, 0xBD, 0xCC, 0xD3, 0xFD, 0xB9, 0xAE, 0xB9, 0xCC, 0xC2, 0xCA, 0xB4, 0xEF, 0xB5, 0xBD,
                0x39, 0x36, 0x2E, 0x35, 0x25, 0xA1, 0xA3, 0x0A,
            ])
        case "utf-16le": data = Data([0xFF, 0xFE]) + text.data(using: .utf16LittleEndian)!
        case "utf-16be": data = Data([0xFE, 0xFF]) + text.data(using: .utf16BigEndian)!
        case "utf-16le-nobom": data = text.data(using: .utf16LittleEndian)!
        default: data = Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8)
        }
        let ingestion = try PlanIngester.ingest(data)
        #expect(ingestion.result.document.encoding == encoding.replacingOccurrences(of: "-nobom", with: ""))
        #expect(ingestion.result.targets.first?.value == 96.5)
    }

    @Test("empty and binary input throw typed errors")
    func unreadableInput() {
        #expect(throws: IngestError.empty) { try PlanIngester.ingest(Data()) }
        #expect(throws: IngestError.empty) { try PlanIngester.ingest(Data("  \n\t ".utf8)) }
        let binary = Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        #expect(throws: IngestError.self) { try PlanIngester.ingest(binary) }
    }
}

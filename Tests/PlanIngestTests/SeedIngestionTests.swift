import Foundation
import PlanIngest
import Testing

@Suite("Real seed plans")
struct SeedIngestionTests {
    @Test("all five seeds ingest without error", arguments: Fixtures.seedNames)
    func seedIngests(name: String) throws {
        let ingestion = try PlanIngester.ingest(try Fixtures.seed(name), regions: Fixtures.regions)
        #expect(ingestion.result.document.encoding == "utf-8")
        #expect(!ingestion.result.outline.isEmpty)
        #expect(!ingestion.result.targets.isEmpty)
    }

    @Test("Inner Mongolia yields its 8 domains with exactly the 82 items it claims")
    func innerMongoliaCatalogue() throws {
        let r = try #require(Fixtures.seeds["inner-mongolia-13th"]).result
        #expect(r.domains.count == 8)
        #expect(r.domains.map(\.items.count) == [8, 10, 7, 20, 13, 3, 10, 11])
        #expect(r.domains.reduce(0) { $0 + $1.items.count } == 82)
        #expect(r.claimedTotalItems?.items == 82)
        #expect(r.claimedTotalItems?.domains == 8)
        #expect(r.domains.allSatisfy { $0.claimedItemCount == $0.items.count })
        #expect(!r.warnings.contains { $0.code.contains("CountMismatch") })
        // The figure labels pasted into the education list are set aside and the split item rejoined.
        #expect(r.domains[0].items.map(\.name).contains("普惠性学前教育资助"))
        #expect(r.repairs.contains { $0.kind == "figureText" })
    }

    @Test("Inner Mongolia is converted to simplified characters, readings and mojibake repaired")
    func innerMongoliaRepair() throws {
        let ingestion = try #require(Fixtures.seeds["inner-mongolia-13th"])
        let kinds = Set(ingestion.result.repairs.map(\.kind))
        #expect(kinds.isSuperset(of: ["pinyinAnnotation", "traditionalToSimplified", "mojibake", "webChrome"]))
        #expect(ingestion.result.document.convertedFromTraditional)
        #expect(ingestion.repairedText.contains("以普惠性、保基本、均等化、可持续为方向"))
        #expect(ingestion.repairedText.contains("是确保基本公共服务目标顺利实现的基础"))
        #expect(!ingestion.repairedText.contains("(fā)"))
        #expect(!ingestion.repairedText.contains("大鸡巴"))
        #expect(ingestion.result.warnings.contains { $0.code == "mojibake" })
    }

    @Test("Anju yields its tasks with lead and cooperating departments")
    func anjuTasks() throws {
        let r = try #require(Fixtures.seeds["anju-district-13th"]).result
        #expect(r.tasks.count >= 30)
        let aid = try #require(r.tasks.first { $0.title == "推动实施教育帮扶政策" })
        #expect(aid.lead == "区教育局")
        #expect(aid.cooperating == ["区人社局", "区残联"])
        // A bare parenthesis of department names still counts.
        let funeral = try #require(r.tasks.first { $0.title == "提升殡葬服务水平" })
        #expect(funeral.lead == "区民政局")
        #expect(funeral.cooperating == ["区财政局", "区环保局"])
        #expect(r.departments.contains("区扶贫移民局"))
        #expect(Set(r.departments).count == r.departments.count)
    }

    @Test("document facts of every seed", arguments: [
        ("xingtai-city-13th", "邢政发〔2018〕19号", "130500", "prefecture", 2016, "2018-11-29"),
        ("inner-mongolia-13th", "内政办发〔2018〕13号", "150000", "province", 2016, "2018-02-09"),
        ("shandong-province-13th", "鲁政发〔2017〕19号", "370000", "province", 2016, "2017-08-04"),
        ("anju-district-13th", "遂安府办发〔2018〕19号", "510904", "county", 2016, "2018-09-03"),
    ])
    func documentFacts(seed: String, number: String, code: String, level: String, start: Int, signed: String) throws {
        let d = try #require(Fixtures.seeds[seed]).result.document
        #expect(d.documentNumber == number)
        #expect(d.regionCode == code)
        #expect(d.level == level)
        #expect(d.periodStart == start)
        #expect(d.periodEnd == start + 4)
        #expect(d.signedDate == signed)
    }

    @Test("Xinxiang is a 14th-plan city plan with achievements kept apart from targets")
    func xinxiangFacts() throws {
        let r = try #require(Fixtures.seeds["xinxiang-city-14th"]).result
        #expect(r.document.title?.text == "新乡市“十四五”公共服务和社会保障规划")
        #expect(r.document.regionCode == "410700")
        #expect(r.document.periodStart == 2021)
        let enrolment = try #require(r.targets.first { $0.value == 90.3 })
        #expect(enrolment.kind == "achievement")
        #expect(enrolment.baseline?.value == 83.2)
        #expect(enrolment.baseline?.year == 2015)
        #expect(enrolment.indicator == "学前教育毛入园率")
        let consolidation = try #require(r.targets.first { $0.value == 96.5 })
        #expect(consolidation.kind == "target")
        #expect(consolidation.year == 2025)
        #expect(consolidation.comparator == ">=")
        #expect(consolidation.indicator == "义务教育巩固率")
    }

    @Test("Xingtai and Shandong claim totals whose items are in an attachment")
    func claimedTotals() throws {
        let xingtai = try #require(Fixtures.seeds["xingtai-city-13th"]).result
        #expect(xingtai.claimedTotalItems?.items == 81)
        #expect(xingtai.domains.count == 8)
        #expect(xingtai.warnings.contains { $0.code == "itemsNotInText" })
        #expect(xingtai.attachments.map(\.title) == ["邢台市“十三五”基本公共服务清单", "重点任务分工方案"])
        let shandong = try #require(Fixtures.seeds["shandong-province-13th"]).result
        #expect(shandong.claimedTotalItems?.items == 96)
        #expect(shandong.claimedTotalItems?.domains == 10)
        #expect(shandong.domains.count == 10)
        // The page header repeats the notice title right before the letterhead; the two stay apart.
        #expect(shandong.document.title?.text == "山东省推进基本公共服务均等化“十三五”规划")
    }

    @Test("Xingtai's basis documents carry their document numbers")
    func basisDocuments() throws {
        let basis = try #require(Fixtures.seeds["xingtai-city-13th"]).result.document.basedOn
        #expect(basis.map(\.documentNumber) == ["国发〔2017〕9号", "冀政发〔2018〕12号", nil])
    }

    @Test("every span is in bounds and every quote is the text at its span", arguments: ["xingtai-city-13th", "xinxiang-city-14th", "inner-mongolia-13th", "shandong-province-13th", "anju-district-13th"])
    func provenance(seed: String) throws {
        let ingestion = try #require(Fixtures.seeds[seed])
        let repairedCount = ingestion.repairedText.unicodeScalars.count, originalCount = ingestion.originalText.unicodeScalars.count
        for span in ingestion.allSpans {
            #expect(0 <= span.start && span.start <= span.end && span.end <= repairedCount)
            #expect(0 <= span.originalStart && span.originalStart <= span.originalEnd && span.originalEnd <= originalCount)
        }
        for item in ingestion.result.domains.flatMap(\.items) where !item.name.isEmpty {
            #expect(ingestion.repaired(item.quote.span).contains(item.name.prefix(2)))
        }
        for target in ingestion.result.targets {
            #expect(ingestion.repaired(target.sentenceSpan) == target.quote)
        }
    }

    @Test("the Xinxiang date line does not run into the title; spaces inside words are removed")
    func layout() throws {
        let text = try #require(Fixtures.seeds["xinxiang-city-14th"]).repairedText
        #expect(text.contains("2023年2月21日\n新乡市“十四五”公共服务和社会保障规划\n"))
        #expect(try #require(Fixtures.seeds["xingtai-city-13th"]).repairedText.contains("建立残疾人创业孵化基地"))
    }

    @Test("the JSON has exactly the documented top-level keys")
    func jsonKeys() throws {
        let data = try #require(Fixtures.seeds["anju-district-13th"]).result.jsonData()
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == ["document", "outline", "domains", "claimedTotalItems", "targets", "tasks", "projects",
                                     "departments", "attachments", "repairs", "warnings"])
        let decoded = try JSONDecoder().decode(IngestResult.self, from: data)
        #expect(decoded.tasks.count == (try #require(Fixtures.seeds["anju-district-13th"])).result.tasks.count)
    }
}

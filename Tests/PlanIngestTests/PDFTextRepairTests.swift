import Foundation
import PlanIngest
import Testing

/// Text as a PDF gives it: paragraphs wrapped mid-sentence, page numbers between the lines.
@Suite("Text extracted from a PDF")
struct PDFTextRepairTests {
    static let text = """
        某市“十四五”基本公共服务均等化实施方案
        二、主要目标
        到2025年，学前教育普惠率达到90%以上，义务教育巩固率保持在9
        9.5%以上，高中阶段毛入学率达到97%，每个镇卫生院至少有2名全科医生
        — 3 —
        ，村卫生室乡村医生中执业（助理）医师比例提高到50%。
        """

    @Test("a page number between two lines is removed and the paragraph joined over it")
    func pageNumbers() throws {
        let ingestion = try PlanIngester.ingest(Data(Self.text.utf8))
        #expect(!ingestion.repairedText.contains("— 3 —"))
        #expect(ingestion.repairedText.contains("全科医生,村卫生室"))
        let repair = try #require(ingestion.result.repairs.first { $0.kind == "pageNumber" })
        #expect(repair.count == 1 && repair.samples.first?.before == "— 3 —")
    }

    @Test("a number broken over two lines (保持在9 / 9.5%) is read whole")
    func brokenNumbers() throws {
        let targets = try PlanIngester.ingest(Data(Self.text.utf8)).result.targets
        #expect(targets.contains { $0.value == 99.5 && $0.unit == "%" && $0.indicator == "义务教育巩固率" })
        #expect(!targets.contains { $0.value == 9 || $0.value == 9.5 })
        #expect(targets.contains { $0.value == 50 && $0.unit == "%" })
    }

    @Test("numbers alone on a line (a table's cells) are not page numbers")
    func tableNumbersStay() {
        let ingestion = try? PlanIngester.ingest(Data("某县规划\n序号\n服务项目\n服务对象\n服务内容\n支出责任\n牵头负责单位\n1\n优孕优生服务\n农村计划怀孕夫妇\n免费孕前优生健康检查\n中央与地方共同承担\n县卫生健康局\n".utf8))
        #expect(ingestion?.result.domains.flatMap(\.items).map(\.name) == ["优孕优生服务"])
        #expect(ingestion?.result.repairs.contains { $0.kind == "pageNumber" } == false)
    }
}

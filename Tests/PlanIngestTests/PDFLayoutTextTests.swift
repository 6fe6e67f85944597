import Foundation
import Testing

@testable import PlanIngest

/// What `pdftotext -layout` prints for a PDF becomes the plan's text: page furniture dropped,
/// wrapped paragraphs joined, every table row on one line, and a scan refused.
@Suite struct PDFLayoutTextTests {
    @Test func aPDFWithoutATextLayerIsRefusedAsAScan() throws {
        // What pdftotext prints for scanned pages: form feeds, and at most a stray mark.
        let error = #expect(throws: IngestError.self) {
            try PlanIngester.ingest(Data("\u{0C}\u{0C} 3 \u{0C}".utf8), from: .pdfLayoutText)
        }
        #expect(error == .scannedPDF(pages: 3))
        #expect(error?.chineseDescription == "这是扫描版 PDF，没有文字层（共 3 页图片），无法读取文字；请提供 Word 版或可复制文字的 PDF")
    }

    @Test func pageNumbersAndRunningHeadersAreDropped() throws {
        let page = { (number: Int, body: String) in
            "      青禾县人民政府办公室文件\n\n\(body)\n\n                       — \(number) —\n\u{0C}"
        }
        let layout = page(1, "一、总体要求") + page(2, "二、重点任务") + page(3, "三、保障措施\n\n                      第 3 页 共 3 页")
        let text = try PDFLayoutText.text(of: layout + String(repeating: "\n 到2025年，全县基本公共服务体系更加完善。", count: 3))
        #expect(!text.contains("— 1 —") && !text.contains("— 2 —") && !text.contains("第 3 页"))
        #expect(!text.contains("青禾县人民政府办公室文件"))
        #expect(text.contains("一、总体要求") && text.contains("三、保障措施"))
        for line in ["— 12 —", "-3-", "12", "第3页", "第 3 页 / 共 20 页", "3 / 20", "Page 7"] {
            #expect(PDFLayoutText.isPageNumber(Array(line.unicodeScalars)), "\(line)")
        }
        for line in ["2025年", "一、总体要求", "1.5%", "（3）"] {
            #expect(!PDFLayoutText.isPageNumber(Array(line.unicodeScalars)), "\(line)")
        }
    }

    @Test func linesThatReachTheMarginRunOnIntoTheNextUnlessItIsIndentedOrAHeading() throws {
        let layout = """
              到 2025 年，全县基本公共服务体系更加完善，城乡区域间基本公共服务差距明显缩小，每个
            乡镇卫生院至少配备 1 名全科医生，家庭医生签约服务重点人群覆盖率达到 75%以上。
            （牵头单位：县卫生健康局；配合单位：县医疗保障局）
            （二）学有所教
              推进义务教育优质均衡发展，城镇学校大班额全部消除，乡村学校教师培训实现全覆盖，
            薄弱学校改造提升工程全面完成，城乡学校办学条件差距明显缩小，教育质量稳步提高。
              实施县域普通高中发展提升行动，普通高中办学条件达到国家标准。
            """
        #expect(try PDFLayoutText.text(of: layout).components(separatedBy: "\n") == [
            "  到2025年，全县基本公共服务体系更加完善，城乡区域间基本公共服务差距明显缩小，每个乡镇卫生院至少配备1名全科医生，"
                + "家庭医生签约服务重点人群覆盖率达到75%以上。（牵头单位：县卫生健康局；配合单位：县医疗保障局）",
            "（二）学有所教",
            "  推进义务教育优质均衡发展，城镇学校大班额全部消除，乡村学校教师培训实现全覆盖，薄弱学校改造提升工程全面完成，"
                + "城乡学校办学条件差距明显缩小，教育质量稳步提高。",
            "  实施县域普通高中发展提升行动，普通高中办学条件达到国家标准。",
        ])
    }

    @Test func aTableWithCentredWrappedCellsGetsARowPerLine() throws {
        let layout = try String(decoding: Fixtures.format("qinghe-plan.pdf-layout.txt"), as: UTF8.self)
        let lines = try PDFLayoutText.text(of: layout).components(separatedBy: "\n")
        #expect(lines.contains("指标\t单位\t2020年基期值\t2025年目标值\t属性"))
        #expect(lines.contains("每千人口拥有3岁以下婴幼儿托位数\t个\t1.8\t4.5\t预期性"))
        #expect(lines.contains("序号\t服务项目\t服务对象\t服务内容\t支出责任\t牵头负责单位"))
        #expect(lines.contains("一、幼有所育"))
        #expect(lines.contains("1\t优孕优生服务\t农村计划怀孕夫妇\t免费提供健康教育、健康检查、风险评估、咨询指导等孕前优生服务\t中央与地方共同财政事权\t县卫生健康局"))
        #expect(lines.contains("6\t城乡居民基本养老保险\t符合条件的城乡居民\t按规定领取基本养老金\t中央与地方共同财政事权\t县人力资源社会保障局"))
    }

    @Test func aTableWithCellsAlignedToTheTopTakesWrappedLinesIntoTheRowAbove() {
        let page = """
            序号    服务项目        服务对象          牵头负责单位
            1       优孕优生服务    农村计划怀孕夫    县卫生健康局
                                    妇
            2       儿童健康管理    0—6 岁儿童        县卫生健康
                                                      局
            """.components(separatedBy: "\n").map { Array($0.unicodeScalars) }
        let rows = PDFLayoutTable.rebuildTables(in: page).map { String(String.UnicodeScalarView($0)) }
        #expect(rows == ["序号\t服务项目\t服务对象\t牵头负责单位", "1\t优孕优生服务\t农村计划怀孕夫妇\t县卫生健康局", "2\t儿童健康管理\t0—6 岁儿童\t县卫生健康局"])
    }

    @Test func cellsThatFillTheirColumnsAreSplitAtTheColumnGap() {
        // Two full cells meet with one space between them: the header's gaps say where the column ends.
        let page = """
            序号  服务项目      服务对象       支出责任
            4     义务教育免费 义务教育阶段  中央与地方
                  教科书       学生          共同
            """.components(separatedBy: "\n").map { Array($0.unicodeScalars) }
        let rows = PDFLayoutTable.rebuildTables(in: page).map { String(String.UnicodeScalarView($0)) }
        #expect(rows.last == "4\t义务教育免费教科书\t义务教育阶段学生\t中央与地方共同")
    }
}

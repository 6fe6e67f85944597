import Foundation
import Testing

@testable import PlanIngest

/// The DOCX reader gives the text a reader sees: automatic numbers written out, tables a row per
/// line, and nothing of what Word keeps beside the text.
@Suite struct DocxReaderTests {
    /// Word's outline numbering of Chinese plans: 一、 for chapters, （一） for sections, 1. for items,
    /// tied to the heading styles as Word ties them.
    static let outlineNumbering = """
        <w:abstractNum w:abstractNumId="7">\
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:pStyle w:val="Heading1"/></w:lvl>\
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>\
        <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>\
        </w:abstractNum>\
        <w:abstractNum w:abstractNumId="8">\
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCountingThousand"/><w:lvlText w:val="第%1章"/><w:suff w:val="space"/></w:lvl>\
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="●"/></w:lvl>\
        </w:abstractNum>\
        <w:num w:numId="1"><w:abstractNumId w:val="7"/></w:num>\
        <w:num w:numId="2"><w:abstractNumId w:val="8"/></w:num>\
        <w:num w:numId="3"><w:abstractNumId w:val="8"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="11"/></w:lvlOverride></w:num>
        """
    static let headingStyles = """
        <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style>\
        <w:style w:type="paragraph" w:styleId="2"><w:name w:val="标题 2"/><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="1"/></w:pPr></w:style>\
        <w:style w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/></w:style>
        """

    @Test func automaticNumbersAreWrittenOutAsAReaderSeesThem() throws {
        typealias P = DocxFixture
        let body = [
            P.paragraph("目录", properties: ""),
            P.paragraph("总体要求\t3", properties: #"<w:pStyle w:val="TOC1"/>"#),
            P.paragraph("总体要求", properties: #"<w:pStyle w:val="Heading1"/>"#),
            P.paragraph("指导思想", properties: #"<w:pStyle w:val="2"/>"#),
            P.paragraph("发展普惠托育服务。", properties: #"<w:numPr><w:ilvl w:val="2"/><w:numId w:val="1"/></w:numPr>"#),
            P.paragraph("加强妇幼健康服务。", properties: #"<w:numPr><w:ilvl w:val="2"/><w:numId w:val="1"/></w:numPr>"#),
            P.paragraph("主要目标", properties: #"<w:pStyle w:val="2"/>"#),
            P.paragraph("扩大学前教育资源。", properties: #"<w:numPr><w:ilvl w:val="2"/><w:numId w:val="1"/></w:numPr>"#),
            P.paragraph("重点任务", properties: #"<w:pStyle w:val="Heading1"/>"#),
            P.paragraph("不编号的段落。", properties: #"<w:pStyle w:val="Heading1"/><w:numPr><w:numId w:val="0"/></w:numPr>"#),
            P.paragraph("总则", properties: #"<w:numPr><w:ilvl w:val="0"/><w:numId w:val="2"/></w:numPr>"#),
            P.paragraph("要点", properties: #"<w:numPr><w:ilvl w:val="1"/><w:numId w:val="2"/></w:numPr>"#),
            P.paragraph("附则", properties: #"<w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr>"#),
        ].joined()
        let docx = try DocxFixture.make(body: body, numbering: Self.outlineNumbering, styles: Self.headingStyles)
        #expect(try DocxFixture.lines(docx) == [
            "目录", "一、总体要求", "（一）指导思想", "1.发展普惠托育服务。", "2.加强妇幼健康服务。", "（二）主要目标",
            "1.扩大学前教育资源。", "二、重点任务", "不编号的段落。", "第一章总则", "要点", "第十一章附则",
        ])
        let outline = try PlanIngester.ingest(docx).result.outline
        #expect(outline.map(\.marker).prefix(4) == ["一、", "(一)", "1.", "2."])
    }

    @Test func numberFormatsReadAsWordShowsThem() {
        let cases: [(Int, String, String)] = [
            (3, "chineseCounting", "三"), (10, "chineseCounting", "十"), (11, "chineseCounting", "十一"),
            (20, "chineseCountingThousand", "二十"), (105, "taiwaneseCountingThousand", "一百零五"),
            (12, "chineseLegalSimplified", "壹拾贰"), (3, "decimalEnclosedCircle", "③"), (2, "ideographTraditional", "乙"),
            (4, "upperRoman", "IV"), (28, "lowerLetter", "bb"), (7, "decimalZero", "07"), (5, "decimalFullWidth", "５"),
            (9, "somethingNew", "9"),
        ]
        for (value, format, shown) in cases { #expect(DocxNumbering.format(value, as: format) == shown, "\(value) \(format)") }
    }

    @Test func mergedCellsKeepEveryRowInItsColumns() throws {
        func cell(_ text: String, _ properties: String = "") -> String {
            "<w:tc><w:tcPr>\(properties)</w:tcPr>\(DocxFixture.paragraph(text))</w:tc>"
        }
        let table = """
            <w:tbl>\
            <w:tr>\(cell("序号"))\(cell("服务项目"))\(cell("支出责任"))\(cell("牵头负责单位"))</w:tr>\
            <w:tr>\(cell("一、幼有所育", #"<w:gridSpan w:val="4"/>"#))</w:tr>\
            <w:tr>\(cell("1"))\(cell("优孕优生服务"))\(cell("中央与地方共同财政事权", #"<w:vMerge w:val="restart"/>"#))\(cell("县卫生健康局"))</w:tr>\
            <w:tr>\(cell("2"))\(cell("儿童健康管理"))\(cell("", "<w:vMerge/>"))\(cell("县卫生健康局"))</w:tr>\
            <w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>\(cell("预防接种"))\(cell("地方财政事权"))\(cell("县疾控中心"))</w:tr>\
            </w:tbl>
            """
        #expect(try DocxFixture.lines(DocxFixture.make(body: table)) == [
            "序号\t服务项目\t支出责任\t牵头负责单位", "一、幼有所育", "1\t优孕优生服务\t中央与地方共同财政事权\t县卫生健康局",
            "2\t儿童健康管理\t中央与地方共同财政事权\t县卫生健康局", "\t预防接种\t地方财政事权\t县疾控中心",
        ])
    }

    @Test func aCellsParagraphsAndNestedTablesJoinInOneCell() throws {
        let nested = "<w:tbl><w:tr><w:tc>\(DocxFixture.paragraph("甲"))</w:tc><w:tc>\(DocxFixture.paragraph("乙"))</w:tc></w:tr></w:tbl>"
        let table = """
            <w:tbl><w:tr>\
            <w:tc>\(DocxFixture.paragraph("1"))</w:tc>\
            <w:tc>\(DocxFixture.paragraph("免费提供健康教育、"))\(DocxFixture.paragraph("健康检查\t等服务"))\(nested)</w:tc>\
            </w:tr></w:tbl>
            """
        #expect(try DocxFixture.lines(DocxFixture.make(body: table)) == ["1\t免费提供健康教育、 健康检查 等服务 甲 乙"])
    }

    @Test func whatWordKeepsBesideTheTextIsLeftOut() throws {
        let body = """
            <w:p><w:r><w:t>到2025年</w:t></w:r><w:del><w:r><w:delText>，删除的文字</w:delText></w:r></w:del>\
            <w:ins><w:r><w:t>，新增托位</w:t></w:r></w:ins>\
            <w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>\
            <w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>\
            <w:r><w:footnoteReference w:id="1"/></w:r>\
            <w:r><w:ruby><w:rt><w:r><w:t>tuō</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>千个</w:t></w:r></w:rubyBase></w:ruby></w:r>\
            <w:r><w:t>。</w:t></w:r></w:p>\
            <w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>\
            \(DocxFixture.paragraph("专栏1 重点工程"))</w:txbxContent></wps:txbx></w:drawing></mc:Choice>\
            <mc:Fallback><w:pict><w:txbxContent>\(DocxFixture.paragraph("专栏1 重点工程"))</w:txbxContent></w:pict></mc:Fallback>\
            </mc:AlternateContent></w:r><w:r><w:t>正文</w:t></w:r></w:p>
            """
        let docx = try DocxFixture.make(
            body: body,
            otherParts: [
                "word/footer1.xml": "<w:ftr \(DocxFixture.namespaces)>\(DocxFixture.paragraph("— 1 —"))</w:ftr>",
                "word/footnotes.xml": "<w:footnotes \(DocxFixture.namespaces)><w:footnote w:id=\"1\">\(DocxFixture.paragraph("脚注"))</w:footnote></w:footnotes>",
            ])
        #expect(try DocxFixture.lines(docx) == ["到2025年，新增托位3千个。", "专栏1 重点工程", "正文"])
    }

    @Test func paragraphsOfADocxAreNeverJoinedAsBrokenLines() throws {
        // In a text file the repair would take the short line for a title cut in two.
        let body = DocxFixture.paragraph("基本公共服务均等化") + DocxFixture.paragraph("持续推进")
        #expect(try PlanIngester.ingest(DocxFixture.make(body: body)).repairedText == "基本公共服务均等化\n持续推进")
        #expect(try PlanIngester.ingest(Data("基本公共服务均等化\n持续推进".utf8)).repairedText == "基本公共服务均等化持续推进")
    }
}

import Foundation
import Testing
import ZIPFoundation

@testable import WordDocument

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The parts of a written DOCX, by path.
private struct Unzipped {
    let parts: [String: String]

    init(_ data: Data) throws {
        let archive = try Archive(data: data, accessMode: .read)
        var parts: [String: String] = [:]
        for entry in archive {
            var bytes = Data()
            _ = try archive.extract(entry) { bytes.append($0) }
            parts[entry.path] = String(decoding: bytes, as: UTF8.self)
        }
        self.parts = parts
    }

    subscript(path: String) -> String { parts[path] ?? "" }
    var document: String { self["word/document.xml"] }
}

private let report = DocxDocument(
    title: "邢台市2020年基本公共服务均等化监测报告", subject: "年度监测报告", creator: "邢台市发展和改革委员会",
    blocks: [
        .title("邢台市2020年基本公共服务均等化监测报告"),
        .tableOfContents(title: "目录"),
        .heading(level: 1, text: "一、总体情况"),
        .text("2020年，38项指标中有31项达到目标。"),
        .heading(level: 2, text: "（一）幼有所育"),
        .heading(level: 3, text: "1. 托育服务"),
        .bulletList([[DocxRun("约束性指标全部达标")], [DocxRun("2项指标", bold: true), DocxRun("偏离目标路径")]]),
        .table(
            DocxTable(
                caption: "表 1 幼有所育指标",
                header: [[DocxCell("指标"), DocxCell("数值", columnSpan: 2)], ["", "2019年", "2020年"]],
                rows: [["每千人口拥有3岁以下婴幼儿托位数", "1.2", "1,534.5"], ["学前教育毛入园率（%）", "88%"]],
                columnWidths: [3, 1, 1])),
        .note("数据来源：邢台市统计局"),
        .pageBreak,
        .heading(level: 1, text: "二、均等化"),
    ])

private func unzip(_ document: DocxDocument) throws -> Unzipped { try Unzipped(document.data()) }

@Test func headingsUseWordsHeadingStylesWithOutlineLevels() throws {
    let docx = try unzip(report)
    #expect(docx.document.contains(#"<w:pStyle w:val="Heading1"/></w:pPr><w:bookmarkStart w:id="1" w:name="_Toc1"/><w:r><w:t xml:space="preserve">一、总体情况</w:t>"#))
    #expect(docx.document.contains(#"<w:pStyle w:val="Heading2"/>"#))
    #expect(docx.document.contains(#"<w:pStyle w:val="Heading3"/>"#))
    let styles = docx["word/styles.xml"]
    for level in 1...4 {
        #expect(styles.contains(#"w:styleId="Heading\#(level)"><w:name w:val="heading \#(level)"/>"#))
        #expect(styles.contains(#"<w:outlineLvl w:val="\#(level - 1)"/>"#))
    }
    #expect(styles.contains(#"w:styleId="Title""#) && styles.contains(#"w:styleId="Caption"><w:name w:val="caption"/>"#))
}

@Test func headingLevelsOutsideOneToFourAreClamped() throws {
    let docx = try unzip(DocxDocument(title: "t", blocks: [.heading(level: 0, text: "甲"), .heading(level: 9, text: "乙")]))
    #expect(docx.document.contains(#"<w:pStyle w:val="Heading1"/>"#))
    #expect(docx.document.contains(#"<w:pStyle w:val="Heading4"/>"#))
}

@Test func tableCellsHoldTheirTextsWithSpansRepeatingHeaderRowsAndNumbersRight() throws {
    let document = try unzip(report).document
    #expect(document.contains(#"<w:pStyle w:val="Caption"/></w:pPr><w:r><w:t xml:space="preserve">表 1 幼有所育指标</w:t>"#))
    #expect(document.contains(#"<w:tblStyle w:val="TableGrid"/><w:tblW w:w="5000" w:type="pct"/>"#))
    #expect(document.components(separatedBy: "<w:trPr><w:tblHeader/></w:trPr>").count - 1 == 2)
    #expect(document.contains(#"<w:gridSpan w:val="2"/>"#))
    for text in ["指标", "数值", "2019年", "每千人口拥有3岁以下婴幼儿托位数", "学前教育毛入园率（%）"] {
        #expect(document.contains(#"<w:t xml:space="preserve">\#(text)</w:t>"#))
    }
    // Widths 3:1:1 of the 9,072 twips between the margins.
    #expect(document.contains(#"<w:gridCol w:w="5443"/><w:gridCol w:w="1814"/><w:gridCol w:w="1815"/>"#))
    #expect(document.contains(#"<w:jc w:val="right"/></w:pPr><w:r><w:t xml:space="preserve">1,534.5</w:t>"#))
    #expect(document.contains(#"<w:jc w:val="left"/></w:pPr><w:r><w:t xml:space="preserve">学前教育毛入园率（%）</w:t>"#))
    // The short last row is completed with an empty cell.
    #expect(document.contains(#"88%</w:t></w:r></w:p></w:tc><w:tc><w:tcPr><w:tcW w:w="1815" w:type="dxa"/>"#))
}

@Test func cellsReadAsNumbersOnlyWhenTheyAreNumbers() {
    for number in ["1", "-3.5", "+0.2", "1,234.5", "12%", " 7 ", "−2"] { #expect(DocxCell.readsAsNumber(number), "\(number)") }
    for text in ["", ".", "1.2.3", "2020年", "约30", "%", "1e5"] { #expect(!DocxCell.readsAsNumber(text), "\(text)") }
}

@Test func hyperlinksBecomeOneExternalRelationshipPerTarget() throws {
    let link = "https://example.gov.cn/data?indicator=7&year=2020"
    let docx = try unzip(
        DocxDocument(
            title: "t",
            blocks: [
                .paragraph([DocxRun("见"), DocxRun("数据", link: link), DocxRun("与"), DocxRun("同一数据", link: link)]),
                .paragraph([DocxRun("报告", link: "https://example.gov.cn/报告 1")]),
            ]))
    let relationships = docx["word/_rels/document.xml.rels"]
    #expect(relationships.contains(
        #"<Relationship Id="rIdLink1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.gov.cn/data?indicator=7&amp;year=2020" TargetMode="External"/>"#))
    #expect(relationships.contains(#"Id="rIdLink2""#) && !relationships.contains(#"Id="rIdLink3""#))
    #expect(relationships.contains(#"Target="https://example.gov.cn/%E6%8A%A5%E5%91%8A%201""#))
    #expect(docx.document.contains(#"<w:hyperlink r:id="rIdLink1" w:history="1"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr><w:t xml:space="preserve">数据</w:t>"#))
    #expect(docx.document.components(separatedBy: #"r:id="rIdLink1""#).count - 1 == 2)
}

@Test func textIsEscapedAndCharactersXMLForbidsAreRemoved() throws {
    let docx = try unzip(
        DocxDocument(
            title: "A<&>\"B\u{0}", blocks: [.text("x <&> \"y\"\u{0}\u{1B}z"), .note("第一行\n第二行\t列"), .text("a\u{FFFF}b")]))
    #expect(docx.document.contains(#"<w:t xml:space="preserve">x &lt;&amp;&gt; &quot;y&quot;z</w:t>"#))
    #expect(docx.document.contains(#"<w:t xml:space="preserve">第一行</w:t><w:br/><w:t xml:space="preserve">第二行</w:t><w:tab/><w:t xml:space="preserve">列</w:t>"#))
    #expect(docx.document.contains(#">ab</w:t>"#))
    #expect(docx["docProps/core.xml"].contains("<dc:title>A&lt;&amp;&gt;&quot;B</dc:title>"))
    for part in docx.parts.values { #expect(!part.contains("\u{0}") && !part.contains("\u{1B}")) }
}

@Test func everyPartIsWellFormedXMLAndListedInTheContentTypes() throws {
    let docx = try unzip(report)
    let expected = [
        "[Content_Types].xml", "_rels/.rels", "docProps/app.xml", "docProps/core.xml", "word/_rels/document.xml.rels",
        "word/document.xml", "word/footer1.xml", "word/numbering.xml", "word/settings.xml", "word/styles.xml",
    ]
    #expect(docx.parts.keys.sorted() == expected)
    for (path, text) in docx.parts {
        let parser = XMLParser(data: Data(text.utf8))
        #expect(parser.parse(), "\(path): \(String(describing: parser.parserError))")
        if !path.hasSuffix(".rels") && path != "[Content_Types].xml" {
            #expect(docx["[Content_Types].xml"].contains(#"<Override PartName="/\#(path)""#))
        }
    }
}

@Test func equalDocumentsGiveEqualBytes() throws {
    #expect(try report.data() == report.data())
    var changed = report
    changed.blocks.append(.text("另一段"))
    #expect(try report.data() != changed.data())
}

@Test func stylesSetChineseFontsAndThePageIsA4WithNumberedFooter() throws {
    let docx = try unzip(report)
    let styles = docx["word/styles.xml"]
    #expect(styles.contains(#"<w:rFonts w:ascii="Times New Roman" w:eastAsia="宋体" w:hAnsi="Times New Roman" w:cs="Times New Roman"/>"#))
    #expect(styles.contains(#"w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="BodyText"/><w:uiPriority w:val="9"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="360" w:after="120"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:rFonts w:ascii="Times New Roman" w:eastAsia="黑体" w:hAnsi="Times New Roman"/>"#))
    #expect(styles.contains(#"<w:lang w:val="en-US" w:eastAsia="zh-CN""#))
    #expect(styles.contains(#"w:styleId="TableGrid""#) && styles.contains(#"<w:insideV w:val="single""#))
    #expect(docx.document.contains(#"<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1417" w:right="1417" w:bottom="1417" w:left="1417""#))
    #expect(docx.document.contains(#"<w:footerReference w:type="default" r:id="rIdFooter"/>"#))
    let footer = docx["word/footer1.xml"]
    #expect(footer.contains(#"<w:t xml:space="preserve">第 </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText>"#))
    #expect(footer.contains(#"<w:t xml:space="preserve"> 页</w:t>"#))
    #expect(docx["docProps/core.xml"].contains("<dc:creator>邢台市发展和改革委员会</dc:creator><dc:language>zh-CN</dc:language>"))
}

@Test func tableOfContentsIsAFieldWordUpdatesAlreadyListingLevelOneAndTwoHeadings() throws {
    let docx = try unzip(report)
    #expect(docx["word/settings.xml"].contains(#"<w:updateFields w:val="true"/>"#))
    let document = docx.document
    #expect(document.contains(#"<w:pStyle w:val="TOCHeading"/></w:pPr><w:r><w:t xml:space="preserve">目录</w:t>"#))
    #expect(document.contains(#"<w:instrText xml:space="preserve"> TOC \o "1-2" \h \z \u </w:instrText>"#))
    #expect(document.contains(#"<w:pStyle w:val="TOC1"/></w:pPr><w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/>"#))
    #expect(document.contains(#"<w:pStyle w:val="TOC2"/></w:pPr><w:hyperlink w:anchor="_Toc2" w:history="1"><w:r><w:t xml:space="preserve">（一）幼有所育</w:t>"#))
    // The last entry closes the field; the level 3 heading is not listed.
    #expect(document.contains(#"<w:hyperlink w:anchor="_Toc4" w:history="1"><w:r><w:t xml:space="preserve">二、均等化</w:t></w:r></w:hyperlink><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#))
    #expect(!document.contains(#"w:anchor="_Toc3""#) && document.contains(#"w:name="_Toc3""#))
}

@Test func emptyTableOfContentsIsStillACompleteField() throws {
    let document = try unzip(DocxDocument(title: "t", blocks: [.tableOfContents(title: "目录"), .text("正文")])).document
    #expect(document.contains(#"<w:fldChar w:fldCharType="separate"/></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#))
}

@Test func bulletItemsAreNumberedParagraphsWithTheirRuns() throws {
    let docx = try unzip(report)
    #expect(docx.document.contains(#"<w:pStyle w:val="ListBullet"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:rPr><w:b/><w:bCs/></w:rPr><w:t xml:space="preserve">2项指标</w:t></w:r><w:r><w:t xml:space="preserve">偏离目标路径</w:t>"#))
    #expect(docx["word/numbering.xml"].contains(#"<w:numFmt w:val="bullet"/><w:lvlText w:val="•"/>"#))
}

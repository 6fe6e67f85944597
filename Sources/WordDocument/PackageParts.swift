import Foundation
import OfficePackage

/// The fixed parts of the package around `word/document.xml`.
enum PackageParts {
    static let footerRelationship = "rIdFooter"
    static let tableStyle = "TableGrid"
    static func linkRelationship(_ number: Int) -> String { "rIdLink\(number)" }

    private static let header = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
    private static let latinFont = "Times New Roman"
    private static let bodyFont = "宋体"
    private static let headingFont = "黑体"

    // MARK: package

    static let contentTypes = header + """
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\
        <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>\
        <Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>\
        <Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>\
        <Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>\
        <Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>\
        <Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>\
        <Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>\
        </Types>
        """

    static let rootRelationships = header + """
        <Relationships xmlns="\(Namespace.relationships)">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>\
        <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>\
        <Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>\
        </Relationships>
        """

    static func documentRelationships(hyperlinks: [String]) -> String {
        let type = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        var xml = header + """
            <Relationships xmlns="\(Namespace.relationships)">\
            <Relationship Id="rIdStyles" Type="\(type)/styles" Target="styles.xml"/>\
            <Relationship Id="rIdSettings" Type="\(type)/settings" Target="settings.xml"/>\
            <Relationship Id="rIdNumbering" Type="\(type)/numbering" Target="numbering.xml"/>\
            <Relationship Id="\(footerRelationship)" Type="\(type)/footer" Target="footer1.xml"/>
            """
        for (index, link) in hyperlinks.enumerated() {
            xml += """
                <Relationship Id="\(linkRelationship(index + 1))" Type="\(type)/hyperlink" \
                Target="\(XMLText.uri(link))" TargetMode="External"/>
                """
        }
        return xml + "</Relationships>"
    }

    static func coreProperties(_ document: DocxDocument) -> String {
        header + """
            <cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
            xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/">\
            <dc:title>\(XMLText.escape(document.title))</dc:title>\
            <dc:subject>\(XMLText.escape(document.subject))</dc:subject>\
            <dc:creator>\(XMLText.escape(document.creator))</dc:creator>\
            <dc:language>\(XMLText.escape(document.language))</dc:language>\
            </cp:coreProperties>
            """
    }

    static let appProperties = header + """
        <Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">\
        <Application>Junheng</Application></Properties>
        """

    // MARK: word

    /// `updateFields` makes Word and WPS offer to refresh the table of contents when the file opens.
    static func settings(language: String) -> String {
        header + """
            <w:settings xmlns:w="\(Namespace.w)">\
            <w:defaultTabStop w:val="420"/><w:characterSpacingControl w:val="compressPunctuation"/>\
            <w:updateFields w:val="true"/>\
            <w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>\
            <w:themeFontLang w:val="en-US" w:eastAsia="\(XMLText.escape(language))"/>\
            </w:settings>
            """
    }

    static let numbering = header + """
        <w:numbering xmlns:w="\(Namespace.w)">\
        <w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="singleLevel"/>\
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/><w:lvlJc w:val="left"/>\
        <w:pPr><w:ind w:left="840" w:hanging="420"/></w:pPr>\
        <w:rPr><w:rFonts w:ascii="\(latinFont)" w:hAnsi="\(latinFont)" w:hint="default"/></w:rPr></w:lvl>\
        </w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>
        """

    /// "第 X 页", centred: the PAGE field between two runs of text.
    static let footer = header + """
        <w:ftr xmlns:w="\(Namespace.w)" xmlns:r="\(Namespace.r)"><w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr>\
        <w:r><w:t xml:space="preserve">第 </w:t></w:r>\
        <w:r><w:fldChar w:fldCharType="begin"/></w:r>\
        <w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>\
        <w:r><w:fldChar w:fldCharType="separate"/></w:r>\
        <w:r><w:t>1</w:t></w:r>\
        <w:r><w:fldChar w:fldCharType="end"/></w:r>\
        <w:r><w:t xml:space="preserve"> 页</w:t></w:r></w:p></w:ftr>
        """

    // MARK: styles

    /// Body text in 宋体 (Latin in Times New Roman), headings in 黑体, sizes as Chinese official
    /// reports use them (小四 body, 三号 level 1 heading, 五号 tables).
    static func styles(language: String) -> String {
        var xml = header + """
            <w:styles xmlns:w="\(Namespace.w)"><w:docDefaults><w:rPrDefault><w:rPr>\
            <w:rFonts w:ascii="\(latinFont)" w:eastAsia="\(bodyFont)" w:hAnsi="\(latinFont)" w:cs="\(latinFont)"/>\
            <w:kern w:val="2"/><w:sz w:val="24"/><w:szCs w:val="24"/>\
            <w:lang w:val="en-US" w:eastAsia="\(XMLText.escape(language))" w:bidi="ar-SA"/>\
            </w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="360" w:lineRule="auto"/>\
            </w:pPr></w:pPrDefault></w:docDefaults>\
            <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>\
            <w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">\
            <w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>\
            <w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>\
            <w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>\
            <w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>\
            <w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>\
            <w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/>\
            <w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>
            """
        xml += paragraphStyle(
            "Title", name: "Title", next: "BodyText",
            paragraph: #"<w:spacing w:before="240" w:after="360"/><w:jc w:val="center"/>"#,
            run: fonts(headingFont) + size(44))
        // Word's built-in names ("heading 1") make Word, WPS and converters treat these as headings;
        // the outline level puts them in the navigation pane and the table of contents.
        let headingSizes = [32, 28, 24, 24]
        for level in 1...4 {
            xml += paragraphStyle(
                "Heading\(level)", name: "heading \(level)", next: "BodyText", priority: 9,
                paragraph: """
                    <w:keepNext/><w:keepLines/><w:spacing w:before="\(level == 1 ? 360 : 240)" w:after="120"/>\
                    <w:outlineLvl w:val="\(level - 1)"/>
                    """,
                run: fonts(headingFont) + size(headingSizes[level - 1]))
        }
        xml += paragraphStyle(
            "BodyText", name: "Body Text", paragraph: #"<w:ind w:firstLineChars="200" w:firstLine="480"/>"#)
        xml += paragraphStyle("ListBullet", name: "List Bullet")
        xml += paragraphStyle(
            "Caption", name: "caption", next: "Normal", priority: 35,
            paragraph: #"<w:keepNext/><w:spacing w:before="240" w:after="120"/><w:jc w:val="center"/>"#,
            run: fonts(headingFont) + size(21))
        xml += paragraphStyle(
            "TableText", name: "Table Text", paragraph: #"<w:spacing w:line="240" w:lineRule="auto"/>"#, run: size(21))
        xml += paragraphStyle(
            "Note", name: "Note", paragraph: #"<w:spacing w:before="60" w:after="60"/>"#,
            run: #"<w:color w:val="7F7F7F"/>"# + size(18))
        xml += paragraphStyle(
            "TOCHeading", name: "TOC Heading", basedOn: "Heading1", next: "Normal", priority: 39,
            paragraph: #"<w:jc w:val="center"/><w:outlineLvl w:val="9"/>"#)
        xml += paragraphStyle("TOC1", name: "toc 1", next: "Normal", priority: 39)
        xml += paragraphStyle(
            "TOC2", name: "toc 2", next: "Normal", priority: 39, paragraph: #"<w:ind w:left="420"/>"#)
        xml += paragraphStyle("Footer", name: "footer", paragraph: #"<w:jc w:val="center"/>"#, run: size(18))
        xml += """
            <w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/><w:uiPriority w:val="99"/>\
            <w:unhideWhenUsed/><w:rPr><w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr></w:style>\
            <w:style w:type="table" w:styleId="\(tableStyle)"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/>\
            <w:uiPriority w:val="39"/><w:tblPr><w:tblBorders>
            """
        for edge in ["top", "left", "bottom", "right", "insideH", "insideV"] {
            xml += #"<w:\#(edge) w:val="single" w:sz="4" w:space="0" w:color="auto"/>"#
        }
        return xml + "</w:tblBorders></w:tblPr></w:style></w:styles>"
    }

    private static func paragraphStyle(
        _ id: String, name: String, basedOn: String = "Normal", next: String? = nil, priority: Int? = nil,
        paragraph: String = "", run: String = ""
    ) -> String {
        var xml = #"<w:style w:type="paragraph" w:styleId="\#(id)"><w:name w:val="\#(name)"/>"#
        xml += #"<w:basedOn w:val="\#(basedOn)"/>"#
        if let next { xml += #"<w:next w:val="\#(next)"/>"# }
        if let priority { xml += #"<w:uiPriority w:val="\#(priority)"/>"# }
        xml += "<w:qFormat/>"
        if !paragraph.isEmpty { xml += "<w:pPr>\(paragraph)</w:pPr>" }
        if !run.isEmpty { xml += "<w:rPr>\(run)</w:rPr>" }
        return xml + "</w:style>"
    }

    private static func fonts(_ eastAsia: String) -> String {
        #"<w:rFonts w:ascii="\#(latinFont)" w:eastAsia="\#(eastAsia)" w:hAnsi="\#(latinFont)"/>"#
    }

    private static func size(_ halfPoints: Int) -> String {
        #"<w:sz w:val="\#(halfPoints)"/><w:szCs w:val="\#(halfPoints)"/>"#
    }
}

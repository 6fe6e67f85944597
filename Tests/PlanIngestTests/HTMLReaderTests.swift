import Foundation
import Testing

@testable import PlanIngest

/// A saved web page reads as the text its reader sees: tags, scripts, styles, comments and the
/// site's chrome gone, entities decoded, the charset the page names, tables a row per line.
@Suite struct HTMLReaderTests {
    static func text(_ html: String) throws -> String {
        try HTMLReader.text(of: Data(html.utf8)).text
    }

    @Test func entitiesAreDecoded() throws {
        let page = "<p>&ldquo;十四五&rdquo;&mdash;&mdash;规划&nbsp;目标&#8805;90&#x25;，A&amp;B &lt;表&gt; &copy 2022 &unknown; &#147;引&#148;</p>"
        #expect(try Self.text(page) == "“十四五”——规划 目标≥90%，A&B <表> © 2022 &unknown; “引”")
    }

    @Test func aGBKPageIsReadByItsDeclaredCharset() throws {
        // 规划目标 in GBK, declared as gb2312 as many government sites do.
        let bytes = Data(#"<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body><p>"#.utf8)
            + Data([0xB9, 0xE6, 0xBB, 0xAE, 0xC4, 0xBF, 0xB1, 0xEA]) + Data("</p></body></html>".utf8)
        let (text, encoding) = try HTMLReader.text(of: bytes)
        #expect(text == "规划目标")
        #expect(encoding == .gb18030)
        // A page that says UTF-8 but is GBK is read by its bytes.
        let mislabelled = Data(#"<meta charset="utf-8"><p>"#.utf8) + Data([0xB9, 0xE6, 0xBB, 0xAE])
        #expect(try HTMLReader.text(of: mislabelled).text == "规划")
        #expect(try HTMLReader.text(of: Data(#"<meta charset="utf-8"><p>规划</p>"#.utf8)).encoding == .utf8)
    }

    @Test func scriptsStylesCommentsHiddenPartsAndSiteChromeAreLeftOut() throws {
        let page = """
            <!DOCTYPE html><html><head><title>标题_某县人民政府</title><style>p { color: red; }</style>
            <script>var a = "<p>不是正文</p>"; if (a < b) {}</script></head>
            <body><div class="header"><img src="logo.png" alt="某县"><form><input name="q"><button>搜索</button></form></div>
            <nav><ul><li>首页</li><li>政务公开</li></ul></nav><div id="nav"><a>导航</a></div>
            <!-- 注释 <p>不是正文</p> -->
            <div class="content"><h1>某县实施方案</h1><p>一、总体要求</p><p style="display: none">隐藏</p>
            <p>到2025年，<span>托位数</span>达到<b>4.5</b>个。</p></div>
            <div class="footer">版权所有</div><footer>主办单位</footer>
            <script type="text/javascript">document.write("不是正文");</script></body></html>
            """
        #expect(try Self.text(page) == "某县实施方案\n一、总体要求\n到2025年，托位数达到4.5个。")
    }

    @Test func aPlanInsideAnElementNamedLikeChromeIsStillRead() throws {
        // An unclosed `<div class="header">` holds the whole plan: reading everything beats losing it.
        let page = #"<div class="header"><p>某县实施方案</p><p>一、总体要求</p><p>到2025年，建成示范性托育机构5家。</p>"#
        #expect(try Self.text(page) == "某县实施方案\n一、总体要求\n到2025年，建成示范性托育机构5家。")
    }

    @Test func tablesAreARowPerLineWithSpannedCellsKeptInTheirColumns() throws {
        let page = """
            <table><caption>表2 清单</caption>
            <tr><th>序号</th><th>服务项目</th><th>支出责任</th><th>牵头负责单位</th></tr>
            <tr><td colspan="4">一、幼有所育</td></tr>
            <tr><td>1</td><td><p>优孕</p><p>优生服务</p></td><td rowspan="2">中央与地方共同财政事权</td><td>县卫生健康局</td></tr>
            <tr><td>2</td><td>儿童健康管理<table><tr><td>甲</td><td>乙</td></tr></table></td><td>县卫生健康局</td></tr>
            <tr><td>3</td><td>预防接种<td>地方财政事权<td>县疾控中心
            </table><p>表后正文</p>
            """
        #expect(try Self.text(page).components(separatedBy: "\n") == [
            "表2 清单", "序号\t服务项目\t支出责任\t牵头负责单位", "一、幼有所育", "1\t优孕 优生服务\t中央与地方共同财政事权\t县卫生健康局",
            "2\t儿童健康管理 甲 乙\t中央与地方共同财政事权\t县卫生健康局", "3\t预防接种\t地方财政事权\t县疾控中心", "表后正文",
        ])
    }

    @Test func orderedListsShowTheirNumbers() throws {
        let page = #"<ol><li><p>发展普惠托育服务。</p></li><li>加强妇幼健康服务。</li></ol><ol type="a" start="3"><li>丙</li></ol><ul><li>无号</li></ul>"#
        #expect(try Self.text(page) == "1.发展普惠托育服务。\n2.加强妇幼健康服务。\nc.丙\n无号")
    }

    @Test func pagesWordSavedKeepTheirListNumbers() throws {
        // Word's "web page" puts list numbers between <![if !supportLists]> and <![endif]>, for every browser but old IE.
        let page = """
            <p class=MsoListParagraph><![if !supportLists]><span>1.<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span><![endif]>\
            <span>发展普惠托育服务。<o:p></o:p></span></p>
            """
        #expect(try Self.text(page) == "1. 发展普惠托育服务。")
    }
}

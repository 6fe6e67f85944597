import Foundation
import PlanIngest
import Testing

/// One catalogue table (序号 | 服务项目 | 服务对象 | 服务内容/标准 | 支出责任 | 牵头负责单位) in the layouts
/// it arrives in: a Word table (tab-separated rows), a PDF's layout text (gaps of spaces, wrapped cells),
/// and web scraping (one cell per line).
@Suite("Catalogue tables in every layout")
struct CatalogueLayoutTests {
    static let header = ["序号", "服务项目", "服务对象", "服务内容/标准", "支出责任", "牵头负责单位"]
    static let rows = [
        ["1", "优孕优生服务", "农村计划怀孕夫妇", "免费孕前优生健康检查", "中央与地方共同承担", "县卫生健康局"],
        ["2", "儿童健康管理", "0-6岁儿童", "新生儿访视、儿童保健", "中央与地方共同承担", "县卫生健康局"],
        ["3", "学前教育幼儿资助", "家庭经济困难儿童", "每生每年1000元", "中央与地方按比例分担", "县教育局"],
    ]

    static func document(_ table: String) -> String { "某县基本公共服务实施标准\n某县基本公共服务清单\n\(table)\n" }

    static func expectCatalogue(_ text: String, _ layout: Comment) throws {
        let r = try PlanIngester.ingest(Data(text.utf8)).result
        #expect(r.domains.map(\.name) == ["幼有所育", "学有所教"], layout)
        #expect(r.domains.flatMap(\.items).map(\.name) == ["优孕优生服务", "儿童健康管理", "学前教育幼儿资助"], layout)
        let aid = try #require(r.domains.last?.items.first)
        #expect(aid.itemDetails?.content?.text == "每生每年1000元" && aid.itemDetails?.leadDepartment?.text == "县教育局", layout)
        #expect(aid.itemDetails?.funding?.text == "中央与地方按比例分担" && aid.origin == "table", layout)
    }

    @Test("a Word table: one row per line, cells apart by tabs, group rows naming the domain")
    func tabRows() throws {
        let lines = [Self.header.joined(separator: "\t"), "一、幼有所育", Self.rows[0].joined(separator: "\t"), Self.rows[1].joined(separator: "\t"),
                     "二、学有所教", Self.rows[2].joined(separator: "\t")]
        try Self.expectCatalogue(Self.document(lines.joined(separator: "\n")), "tabs")
    }

    @Test("web scraping: one cell per line")
    func cellPerLine() throws {
        let lines = Self.header + ["一、幼有所育"] + Self.rows[0] + Self.rows[1] + ["二、学有所教"] + Self.rows[2]
        try Self.expectCatalogue(Self.document(lines.joined(separator: "\n")), "one cell per line")
    }

    @Test("a PDF's layout text: columns apart by runs of spaces, a wrapped cell's tail alone on a line, an unmarked group row")
    func pdfLayout() throws {
        func row(_ cells: [String]) -> String { "  " + cells.map { $0.padding(toLength: 14, withPad: " ", startingAt: 0) }.joined(separator: "  ") }
        let lines = [row(Self.header), "                    一、幼有所育", row(Self.rows[0]), "                                       含风险评估",
                     row(Self.rows[1]), "                    学有所教", row(Self.rows[2])]
        try Self.expectCatalogue(Self.document(lines.joined(separator: "\n")), "pdf layout")
    }
}

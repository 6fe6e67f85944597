import Foundation
import PlanIngest
import Testing

/// Structure in other layouts: tables of contents, chapter titles, domains listed in a sentence,
/// services named in prose, party committees.
@Suite("Plan structure in other layouts")
struct PlanStructureTests {
    static let plan = """
        某市“十四五”基本公共服务均等化规划
        目录
        第一章 规划背景
        第二章 服务领域
        第一章 规划背景
        “十三五”期间，全市基本公共服务体系逐步健全。
        第二章 服务领域
        本规划涵盖公共教育、劳动就业创业、社会保险、医疗卫生、社会服务、住房保障、公共文化体育、残疾人服务等八个领域。
        一、公共教育
        健全和完善免费义务教育、农村义务教育学生营养餐改善、寄宿生生活补助、普惠性学前教育资助等政策体系。
        二、医疗卫生
        落实居民健康档案管理、预防接种、0-6岁儿童健康管理、孕产妇健康管理、老年人健康管理等基本公共卫生服务。
        三、社会服务
        加强城乡社区、干部职工、志愿者队伍建设。
        """

    static func ingest(_ text: String) throws -> IngestResult {
        try PlanIngester.ingest(Data(text.utf8), regions: Fixtures.regions).result
    }

    @Test("a table of contents is neither the title nor headings; the title line stays whole")
    func tableOfContents() throws {
        let r = try Self.ingest(Self.plan)
        #expect(r.document.title?.text == "某市“十四五”基本公共服务均等化规划")
        #expect(r.outline.filter { $0.style == "chapter" }.map(\.title) == ["规划背景", "服务领域"])
        let oneLine = try Self.ingest("第一章 规划背景 第二章 总体要求 第三章 服务领域 第四章 保障措施\n第一章 规划背景\n正文。\n")
        #expect(oneLine.outline.filter { $0.style == "chapter" }.count == 1)
    }

    @Test("a chapter title is not the document's title")
    func chapterIsNotTitle() throws {
        let r = try Self.ingest("第一章 规划背景\n“十三五”期间，全县基本公共服务体系逐步健全。\n")
        #expect(r.document.title?.text != "第一章 规划背景" && r.document.title?.text != "规划背景")
    }

    @Test("domains listed inside one sentence (…涵盖A、B、C…等八个领域) name the domains")
    func domainsInASentence() throws {
        let r = try Self.ingest(Self.plan)
        #expect(r.domains.map(\.name) == ["公共教育", "劳动就业创业", "社会保险", "医疗卫生", "社会服务", "住房保障", "公共文化体育", "残疾人服务"])
    }

    @Test("services named in a domain's prose are proposed as items marked as from prose; a list of people is not")
    func proseItems() throws {
        let r = try Self.ingest(Self.plan)
        let education = try #require(r.domains.first { $0.name == "公共教育" })
        #expect(education.items.map(\.name) == ["免费义务教育", "农村义务教育学生营养餐改善", "寄宿生生活补助", "普惠性学前教育资助"])
        #expect(education.items.allSatisfy { $0.origin == "prose" && $0.rule == "item.prose" && $0.confidence < 0.9 })
        #expect(r.domains.first { $0.name == "医疗卫生" }?.items.count == 5)
        #expect(r.domains.first { $0.name == "社会服务" }?.items.isEmpty == true)
    }

    @Test("a party committee's name gives the place after 中共, and 市委 alone gives none")
    func partyCommittee() throws {
        let r = try Self.ingest("中共宜昌市委 宜昌市人民政府\n关于印发《宜昌市“十四五”基本公共服务均等化规划》的通知\n各县市区：\n现印发给你们。\n")
        #expect(r.document.regionName == "宜昌市")
    }

    @Test("a sentence naming its domain and its items (住有所居领域的服务项目包括A、B、C等) lists them")
    func includedLists() throws {
        let r = try Self.ingest(Self.plan + "住有所居领域的服务项目包括公租房保障、城镇棚户区住房改造、农村危房改造等。\n")
        let housing = try #require(r.domains.first { $0.name == "住有所居" })
        #expect(housing.items.map(\.name) == ["公租房保障", "城镇棚户区住房改造", "农村危房改造"])
        #expect(housing.items.allSatisfy { $0.origin == "list" && $0.rule == "item.includedList" })
    }

    @Test("numbered lines naming a service and saying what it is (1.免费义务教育：对…) are the domain's items")
    func describedItemLines() throws {
        let r = try Self.ingest("""
            某省基本公共服务均等化规划
            一、公共教育
            本领域包括以下服务项目：
            1.免费义务教育：对义务教育阶段学生免除学杂费，免费提供国家规定课程教科书。
            2.寄宿生生活补助：对义务教育阶段家庭经济困难寄宿生补助生活费。
            3.中等职业教育免学费：对中等职业学校全日制学生免除学费。
            推进学前教育普惠发展。
            二、医疗卫生
            1.预防接种：为适龄儿童免费接种国家免疫规划疫苗。
            2.居民健康档案：为常住居民建立统一、规范的健康档案。
            三、社会服务
            1.最低生活保障：对符合条件的家庭给予最低生活保障。
            2.特困人员救助供养：为特困人员提供基本生活条件。
            """)
        #expect(r.domains.map(\.name) == ["公共教育", "医疗卫生", "社会服务"])
        #expect(r.domains.first?.items.map(\.name) == ["免费义务教育", "寄宿生生活补助", "中等职业教育免学费"])
    }

    @Test("the issuer from a parenthesis under the title, or from the signature at the end")
    func issuerElsewhere() throws {
        let parenthesis = try Self.ingest("黑龙江省“十三五”推进基本公共服务均等化规划\n（2017年10月26日  黑龙江省人民政府  黑政发〔2017〕35号）\n正文。\n")
        #expect(parenthesis.document.issuer?.text == "黑龙江省人民政府" && parenthesis.document.documentNumber == "黑政发〔2017〕35号")
        let signed = try Self.ingest("湖州市“十四五”基本公共服务均等化实施方案\n一、总体要求\n正文。\n湖州市人民政府办公室\n2021年9月28日\n")
        #expect(signed.document.issuer?.text == "湖州市人民政府办公室" && signed.document.regionName == "湖州市")
    }

    @Test("a saved government page: breadcrumbs and site lines are chrome; 韶府〔2022〕8号 is a document number")
    func governmentPage() throws {
        let r = try Self.ingest("""
            韶关市人民政府门户网站
            无障碍浏览  长者模式  English
            首页 > 政务公开 > 规划计划 > 专项规划
            韶关市人民政府关于印发韶关市“十四五”基本公共服务规划的通知
            韶府〔2022〕8号
            各县（市、区）人民政府，市府直属各单位：
            现将《韶关市“十四五”基本公共服务规划》印发给你们，请认真组织实施。
            """)
        #expect(r.document.documentNumber == "韶府〔2022〕8号" && r.document.issuer?.text == "韶关市人民政府")
        #expect(r.repairs.contains { $0.kind == "webChrome" && $0.count >= 3 })
    }

    @Test("a catalogue of some domains leaves the others to the headings, a heading naming two giving both")
    func partialCatalogue() throws {
        let r = try Self.ingest("""
            某县基本公共服务均等化规划
            三、重点任务
            （一）幼有所育
            加强托育服务。
            （二）学有所教
            推进义务教育均衡发展。
            （三）住有所居和弱有所扶
            加强住房保障和社会救助。
            四、基本公共服务实施标准（部分）
            序号\t服务项目\t服务对象\t服务内容\t支出责任\t牵头负责单位
            一、幼有所育
            1\t优孕优生服务\t农村计划怀孕夫妇\t免费孕前优生健康检查\t中央与地方共同承担\t县卫生健康局
            二、学有所教
            2\t学前教育幼儿资助\t家庭经济困难儿童\t每生每年1000元\t中央与地方按比例分担\t县教育局
            """)
        #expect(r.domains.map(\.name) == ["幼有所育", "学有所教", "住有所居", "弱有所扶"])
        #expect(r.domains.map(\.items.count) == [1, 1, 0, 0])
    }

    @Test("chapters holding two domains give way to their sections; a 专栏 list and 主要包括… name each section's items")
    func sectionsAndColumnBoxes() throws {
        let r = try Self.ingest("""
            某省“十四五”基本公共服务规划
            第三章 完善幼有所育和学有所教服务
            第一节 幼有所育
            专栏1 幼有所育基本公共服务项目
            优孕优生服务、基本避孕服务、生育保险、儿童健康服务
            加强妇幼健康服务体系建设，孕产妇死亡率控制在10/10万以下。
            第二节 学有所教
            主要包括学前教育幼儿资助、义务教育免费教科书、普通高中国家助学金等。实施学前教育提升行动。
            第四章 强化劳有所得和病有所医服务
            第一节 劳有所得
            专栏2 劳有所得基本公共服务项目
            就业服务、职业技能培训、创业服务
            实施就业优先政策。
            第二节 病有所医
            健全公共卫生服务体系。
            """)
        #expect(r.domains.map(\.name) == ["幼有所育", "学有所教", "劳有所得", "病有所医"])
        #expect(r.domains[0].items.map(\.name) == ["优孕优生服务", "基本避孕服务", "生育保险", "儿童健康服务"])
        #expect(r.domains[1].items.map(\.name) == ["学前教育幼儿资助", "义务教育免费教科书", "普通高中国家助学金"])
        #expect(r.domains[2].items.map(\.name) == ["就业服务", "职业技能培训", "创业服务"])
        #expect(r.domains.flatMap(\.items).allSatisfy { $0.origin == "list" })
    }
}

import Foundation
import PlanIngest
import Testing

/// Target phrasings met in other provinces' plans, one sentence each inside a plan's goals section,
/// with what a planner would write down for it.
@Suite("Target phrasings of other provinces")
struct TargetPhrasingTests {
    /// The targets of one goals sentence in a 14th-plan document.
    static func targets(_ sentence: String) throws -> [Target] {
        let plan = "某市“十四五”基本公共服务均等化规划\n第二章 发展目标\n到2025年，基本公共服务均等化水平明显提高。\n\(sentence)\n"
        return try PlanIngester.ingest(Data(plan.utf8)).result.targets.filter { $0.kind == "target" }
    }

    static func summary(_ t: Target) -> String {
        "\(t.indicator) \(t.comparator) \(t.value)\(t.valueHigh.map { "-\($0)" } ?? "")\(t.unit)"
    }

    @Test("a standard for each unit needs no comparator verb: 每个街道有1所, 各县均建有1所, 每千名老年人拥有…35张")
    func perUnitStandards() throws {
        let a = try Self.targets("每个街道（乡镇）有1所日间照料中心。")
        #expect(a.map(Self.summary) == ["日间照料中心 = 1.0所"])
        #expect(a.first?.per == "每个街道(乡镇)" && a.first?.rule == "target.perUnitStandard")
        #expect(try Self.targets("各县（市、区）均建有1所二级甲等以上综合医院。").map(Self.summary) == ["二级甲等以上综合医院 = 1.0所"])
        let beds = try Self.targets("每千名老年人拥有养老床位35张。")
        #expect(beds.map(Self.summary) == ["养老床位 = 35.0张"] && beds.first?.per == "每千名老年人")
        // Having without a standard for each unit is a description, not a commitment.
        #expect(try Self.targets("全市有各级各类学校1200所。").isEmpty)
    }

    @Test("an amount for each unit or period closing its clause: 每村每月放映1场, 每年培训…1万人次")
    func amountsPerUnitAndPeriod() throws {
        #expect(try Self.targets("农村电影放映每村每月1场。").map { "\($0.value)\($0.unit)" } == ["1.0场"])
        #expect(try Self.targets("每年培训农村劳动力1万人次。").map { "\($0.value)\($0.unit) \($0.rule)" } == ["1.0万人次 target.perUnitStandard"])
    }

    @Test("ranges: both ranges of 新建5~7所、改扩建9~11所, and 3%－8% with the unit after each end")
    func ranges() throws {
        #expect(try Self.targets("新建幼儿园5~7所、改扩建9~11所。").map(Self.summary) == ["新建幼儿园 = 5.0-7.0所", "改扩建幼儿园 = 9.0-11.0所"])
        #expect(try Self.targets("城镇调查失业率控制在3%－8%。").map(Self.summary) == ["城镇调查失业率 <= 3.0-8.0%"])
    }

    @Test("per year and per head: 年均新增…5万人次, 人均…0.2平方米, 每年…不少于40场次")
    func perYearAndPerHead() throws {
        #expect(try Self.targets("年均新增城镇就业5万人次。").map(Self.summary) == ["年均新增城镇就业 = 5.0万人次"])
        #expect(try Self.targets("人均公共文化设施面积达到0.2平方米。").map(Self.summary) == ["人均公共文化设施面积 >= 0.2平方米"])
        let shows = try #require(try Self.targets("每年开展送戏下乡不少于40场次。").first)
        #expect(shows.value == 40 && shows.unit == "场次" && shows.per == "每年" && shows.comparator == ">=")
    }

    @Test("counts after 等 and paired counts: 等4个平台, 覆盖9大类28项服务")
    func countsAfterDengAndPairs() throws {
        let platforms = try Self.targets("建设政务服务、社会保障、医疗健康、教育资源等4个平台。")
        #expect(platforms.map(Self.summary) == ["平台 = 4.0个"] && platforms.first?.rule == "target.commitmentVerb")
        #expect(try Self.targets("基本公共服务清单覆盖9大类28项服务。").map { "\($0.value)\($0.unit)" } == ["9.0大类", "28.0项"])
    }

    @Test("a verb before the number and the noun after it: 提供不少于5套电视节目")
    func nounAfterTheNumber() throws {
        #expect(try Self.targets("为农村群众提供不少于5套电视节目。").map(Self.summary) == ["电视节目 >= 5.0套"])
    }

    @Test("fractions and shares: 1/4 is 25 %, 全省平均水平的70% is 70 %")
    func fractionsAndShares() throws {
        #expect(try Self.targets("公办园在园幼儿占比不低于1/4。").map(Self.summary) == ["公办园在园幼儿占比 >= 25.0%"])
        #expect(try Self.targets("农村低保标准不低于全省平均水平的70%。").map(Self.summary) == ["农村低保标准 >= 70.0%"])
        // A date with slashes is not a fraction.
        #expect(try Self.targets("于2025/6/30前完成。").isEmpty)
    }

    @Test("a share in words (三分之二以上), a share of a named base far from its verb, a bare coefficient right after its verb")
    func sharesAndCoefficients() throws {
        #expect(try Self.targets("新增财力的三分之二以上用于民生领域。").map { "\($0.comparator) \($0.value)\($0.unit)" } == [">= 66.67%"])
        #expect(try Self.targets("农村低保标准不低于当地农村居民人均消费支出的28%。").map(Self.summary) == ["农村低保标准 >= 28.0%"])
        #expect(try Self.targets("县域义务教育校际差异系数小学不高于0.50。").map { "\($0.comparator) \($0.value)[\($0.unit)]" } == ["<= 0.5[]"])
        // A bare number without a verb right before it is no target.
        #expect(try Self.targets("全市共有0.5个百分比的差距需要弥补。").isEmpty)
    }

    @Test("a year that dates what is counted (2000年底前建成的) does not make the target a past achievement")
    func datingYears() throws {
        #expect(try Self.targets("完成2000年底前建成的城镇老旧小区改造任务，改造完成率达到100%。").map(Self.summary) == ["改造完成率 >= 100.0%"])
    }

    @Test("a rate with a denominator is one target: 18/10万, not a target of 10万")
    func ratesWithADenominator() throws {
        let rate = try Self.targets("孕产妇死亡率控制在18/10万以下。")
        #expect(rate.map(Self.summary) == ["孕产妇死亡率 <= 18.0/10万"])
    }

    @Test("two indicators sharing one value, and 分别 with a qualifier inside a name")
    func sharedValues() throws {
        #expect(try Self.targets("城乡居民基本养老保险参保率、基本医疗保险参保率均达到95%。").map(Self.summary)
            == ["城乡居民基本养老保险参保率 >= 95.0%", "基本医疗保险参保率 >= 95.0%"])
        #expect(try Self.targets("婴儿死亡率、5岁以下儿童死亡率分别控制在5‰和7‰以下。").map(Self.summary)
            == ["婴儿死亡率 <= 5.0‰", "5岁以下儿童死亡率 <= 7.0‰"])
        #expect(try Self.targets("孕产妇系统管理率和3岁以下儿童系统管理率均达到95%以上。").map(Self.summary)
            == ["孕产妇系统管理率 >= 95.0%", "3岁以下儿童系统管理率 >= 95.0%"])
        // Names sharing no word are one indicator, not a list to complete (医疗、康复、教育和社会工作一体化…).
        #expect(try Self.targets("残疾儿童医疗、康复、教育和社会工作一体化服务覆盖率达到100%。").count == 1)
    }

    @Test("comparator signs and 降至/压缩至 in prose")
    func signsAndVerbs() throws {
        #expect(try Self.targets("高中阶段毛入学率≥92%。").map(Self.summary) == ["高中阶段毛入学率 >= 92.0%"])
        #expect(try Self.targets("政务服务事项办理时限压缩至5个工作日以内。").map(Self.summary) == ["政务服务事项办理时限 <= 5.0个工作日"])
        #expect(try Self.targets("个人卫生支出占卫生总费用的比重降至27%以下。").map(Self.summary) == ["个人卫生支出占卫生总费用的比重 <= 27.0%"])
    }

    @Test("every target says which rule proposed it and how sure it is; a verb is surer than a bare count")
    func rulesAndConfidence() throws {
        let verb = try #require(try Self.targets("养老机构护理型床位占比不低于55%。").first)
        let count = try #require(try Self.targets("建设政务服务、社会保障等4个平台。").first)
        #expect(verb.rule == "target.comparatorVerb" && count.rule == "target.commitmentVerb")
        #expect(verb.confidence > count.confidence && count.confidence > 0)
    }
}

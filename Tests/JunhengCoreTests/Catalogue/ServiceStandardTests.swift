import JunhengCore
import Testing

@Suite struct ServiceStandardTests {
    private func only(_ text: String) throws -> StandardQuantity {
        let quantities = ServiceStandard(parsing: text).quantities
        try #require(quantities.count == 1, "\(text): \(quantities)")
        return quantities[0]
    }

    @Test func perStudentPerYearAmountIsAnEqualityInYuanPerPersonYearly() throws {
        let q = try only("每生每年1000元")
        #expect(q.value == 1000 && q.unit == "元" && q.comparator == .equal)
        #expect(q.per == "每生每年" && q.perWhom == "人" && q.period == .year)
        #expect(q.quote == TextQuote(start: 0, end: 9, text: "每生每年1000元"))
    }

    @Test func classSizeNotExceedingIsAnUpperBoundWithItsSubject() throws {
        let q = try only("小学班额不超过45人")
        #expect(q.value == 45 && q.unit == "人" && q.comparator == .atMost)
        #expect(q.subject == "小学班额" && q.perWhom == nil && q.period == nil)
        #expect(q.quote.text == "不超过45人" && q.quote.start == 4)
    }

    @Test func monthlyFloorPerPerson() throws {
        let q = try only("每人每月不低于500元")
        #expect(q.value == 500 && q.comparator == .atLeast && q.period == .month && q.perWhom == "人")
        #expect(q.quote.text == "每人每月不低于500元")
    }

    @Test func perPhraseAfterAccordingTo() throws {
        let q = try only("按每人每年50元标准")
        #expect(q.value == 50 && q.per == "每人每年" && q.period == .year && q.quote.text == "每人每年50元")
    }

    @Test func bedsPerThousandElderlyWithTrailingAbove() throws {
        let q = try only("每千名老年人拥有养老床位35张以上")
        #expect(q.value == 35 && q.unit == "张" && q.comparator == .atLeast)
        #expect(q.per == "每千名老年人" && q.perWhom == "千老年人" && q.period == nil)
        #expect(q.quote.text == "每千名老年人拥有养老床位35张以上")
    }

    @Test func yearlySubsidyAfterStandardIs() throws {
        let q = try only("补助标准为每年600元")
        #expect(q.value == 600 && q.period == .year && q.perWhom == nil && q.subject == "补助标准为")
    }

    @Test func yearlyPerCapitaPrefix() throws {
        let q = try only("年人均4000元")
        #expect(q.value == 4000 && q.period == .year && q.perWhom == "人" && q.per == "年人均")
    }

    @Test func multipleOfAnotherStandardKeepsItsBase() throws {
        let q = try only("不低于当地最低生活保障标准的1.3倍")
        #expect(q.value == 1.3 && q.unit == "倍" && q.comparator == .atLeast && q.base == "当地最低生活保障标准")
        #expect(q.quote.text == "不低于当地最低生活保障标准的1.3倍")
    }

    @Test func freeOfChargeIsMarkedWithoutAQuantity() {
        let standard = ServiceStandard(parsing: "免费")
        #expect(standard.quantities.isEmpty)
        #expect(standard.freeOfCharge == TextQuote(start: 0, end: 2, text: "免费"))
    }

    @Test func dashRangeIsARange() throws {
        let q = try only("200—300元")
        #expect(q.value == 200 && q.valueHigh == 300 && q.comparator == .range && q.unit == "元")
        let written = try only("每人每年200元至300元")
        #expect(written.value == 200 && written.valueHigh == 300 && written.period == .year)
    }

    @Test func severalQuantitiesInOneTextShareAPerPhraseAcrossEnumerationComma() {
        let qs = ServiceStandard(parsing: "小学每生每年1000元、初中每生每年1250元；高中2000元").quantities
        #expect(qs.map(\.value) == [1000, 1250, 2000])
        #expect(qs.map(\.subject) == ["小学", "初中", "高中"])
        #expect(qs[2].period == nil, "a semicolon ends the shared per phrase")
        let shared = ServiceStandard(parsing: "小学班额不超过45人、初中50人").quantities
        #expect(shared.map(\.comparator) == [.atMost, .atMost])
    }

    @Test func fullWidthDigitsAndPercentSignsAreRead() throws {
        let q = try only("覆盖率达到９５％以上")
        #expect(q.value == 95 && q.unit == "%" && q.comparator == .atLeast)
        let permille = try only("孕产妇死亡率控制在1.5‰以内")
        #expect(permille.unit == "‰" && permille.comparator == .atMost)
    }

    @Test func spelledNumbersAndPerMonthSuffix() throws {
        let q = try only("每年免费提供一次健康体检")
        #expect(q.value == 1 && q.unit == "次" && q.period == .year)
        let suffix = try only("生活补贴100元/人/月")
        #expect(suffix.value == 100 && suffix.perWhom == "人" && suffix.period == .month && suffix.per == "/人/月")
        let percent = try only("报销比例百分之七十")
        #expect(percent.value == 70 && percent.unit == "%")
    }

    @Test func yearsDocumentNumbersAndOrdinalsAreNotQuantities() {
        #expect(ServiceStandard(parsing: "到2020年，第3批，邢政发〔2018〕19号（2016-2020年）").quantities.isEmpty)
        let once = ServiceStandard(parsing: "一次性补助1000元").quantities
        #expect(once.count == 1 && once[0].period == .once && once[0].value == 1000)
    }

    @Test func ageRangeAndThousandsSeparator() throws {
        let q = try only("0-6岁儿童")
        #expect(q.value == 0 && q.valueHigh == 6 && q.unit == "岁")
        #expect(try only("每人每年1,200元").value == 1200)
        #expect(try only("约500元").comparator == .about)
        #expect(try only("500余元").comparator == .atLeast)
    }
}

import JunhengCore
import Testing

@Suite struct EligibilityTests {
    private func single(_ text: String) throws -> EligibilityCriteria {
        let groups = Eligibility(parsing: text).groups
        try #require(groups.count == 1, "\(text): \(groups)")
        return groups[0]
    }

    @Test func agesReadInclusiveAsTheLawDoes() throws {
        #expect(try single("0-6岁儿童").age == AgeRange(minimum: 0, maximum: 6))
        #expect(try single("65岁及以上老年人").age == AgeRange(minimum: 65, maximum: nil))
        #expect(try single("60周岁以上").age == AgeRange(minimum: 60, maximum: nil))
        #expect(try single("年满60周岁的城乡居民") == EligibilityCriteria(age: AgeRange(minimum: 60, maximum: nil),
                                                                   quote: TextQuote(start: 0, end: 11, text: "年满60周岁的城乡居民")))
        #expect(try single("16周岁以下").age == AgeRange(minimum: nil, maximum: 16))
        #expect(try single("不满16周岁的未成年人").age?.maximum == 15)
        #expect(try single("0—36个月婴幼儿").age == AgeRange(minimum: 0, maximum: 2))
        #expect(try single("老年人").age == AgeRange(minimum: 60, maximum: nil), "老年人 means 60 and over")
        #expect(try single("80周岁以上高龄老人").age == AgeRange(minimum: 80, maximum: nil))
    }

    @Test func areaResidencyAndStatusKeywords() throws {
        #expect(try single("农村居民").area == .rural)
        #expect(try single("城镇居民").area == .urban)
        #expect(try single("城乡居民").area == nil)
        #expect(try single("本市户籍居民").residency == .hukou)
        #expect(Eligibility(parsing: "本地户籍或持居住证人员").groups.map(\.residency) == [.hukou, .residencePermit])
        #expect(try single("常住人口").residency == .resident)
        #expect(try single("重度残疾人").disability == .severe)
        #expect(try single("残疾人").disability == .any)
        #expect(try single("城乡低保对象").incomeStatuses == [.minimumLivingAllowance])
        #expect(try single("家庭经济困难学生").incomeStatuses == [.lowIncome, .minimumLivingAllowance, .extremePoverty])
        #expect(try single("退役军人").veteranGroups == [.veteran])
        #expect(try single("优抚对象").veteranGroups == [.entitledGroup])
        #expect(try single("普通高中学生").schoolStages == [.seniorHigh])
        #expect(try single("中等职业学校学生").schoolStages == [.secondaryVocational])
        #expect(try single("孕产妇").pregnant)
    }

    @Test func enumeratedGroupsAreAlternatives() {
        let e = Eligibility(parsing: "城乡低保对象、特困人员和重度残疾人")
        #expect(e.groups.count == 3, "\(e.groups)")
        #expect(e.match(PersonProfile(disability: .severe)).outcome == .applies)
        #expect(e.match(PersonProfile(disability: .notDisabled, incomeStatus: .ordinary)).outcome == .doesNotApply)
        #expect(e.match(PersonProfile(disability: .notDisabled)).outcome == .maybe, "income status not said")
    }

    @Test func matcherAppliesOnlyWhenEveryCriterionOfAGroupHolds() {
        let elderly = Eligibility(parsing: "辖区内65岁及以上常住居民")
        #expect(elderly.match(PersonProfile(age: 70, residency: .resident)).outcome == .applies)
        #expect(elderly.match(PersonProfile(age: 64, residency: .hukou)).outcome == .doesNotApply)
        let unknownAge = elderly.match(PersonProfile(residency: .hukou))
        #expect(unknownAge.outcome == .maybe && unknownAge.reasons == ["需确认年龄"])

        let hukouRural = Eligibility(parsing: "农村户籍居民")
        #expect(hukouRural.match(PersonProfile(area: .rural, residency: .hukou)).outcome == .applies)
        #expect(hukouRural.match(PersonProfile(area: .rural, residency: .residencePermit)).outcome == .doesNotApply)
        #expect(hukouRural.match(PersonProfile(area: .urban, residency: .hukou)).outcome == .doesNotApply)
    }

    @Test func unreadWordsMakeAMatchAMaybe() throws {
        let e = Eligibility(parsing: "35岁至64岁高血压患者")
        #expect(try single("35岁至64岁高血压患者").unparsed == "高血压患者")
        #expect(e.match(PersonProfile(age: 50)).outcome == .maybe)
        #expect(e.match(PersonProfile(age: 70)).outcome == .doesNotApply)
        #expect(Eligibility(parsing: "").match(PersonProfile(age: 5)).outcome == .maybe)
        #expect(try single("农村计划怀孕夫妇").pregnant == false)
    }

    @Test func everyoneIsServedByAllResidents() {
        let all = Eligibility(parsing: "城乡居民")
        #expect(all.match(PersonProfile()).outcome == .applies)
    }

    @Test func veteranAndEntitledGroupAreSeparateFlags() {
        let e = Eligibility(parsing: "优抚对象")
        #expect(e.match(PersonProfile(isVeteran: true)).outcome == .maybe)
        #expect(e.match(PersonProfile(isVeteran: true, isEntitledGroup: false)).outcome == .doesNotApply)
        #expect(e.match(PersonProfile(isEntitledGroup: true)).outcome == .applies)
    }

    @Test func pregnancyAndSchoolStage() {
        #expect(Eligibility(parsing: "孕产妇").match(PersonProfile(pregnant: true)).outcome == .applies)
        #expect(Eligibility(parsing: "孕产妇").match(PersonProfile(pregnant: false)).outcome == .doesNotApply)
        let pupils = Eligibility(parsing: "义务教育阶段家庭经济困难学生")
        #expect(pupils.match(PersonProfile(incomeStatus: .minimumLivingAllowance, schoolStage: .compulsory)).outcome == .applies)
        #expect(pupils.match(PersonProfile(incomeStatus: .minimumLivingAllowance, schoolStage: .higher)).outcome == .doesNotApply)
    }

    @Test func narrowingFindsPeopleLeftOut() {
        func narrowed(_ upper: String, _ lower: String) -> Bool? {
            Eligibility(parsing: upper).isNarrowed(by: Eligibility(parsing: lower))
        }
        #expect(narrowed("65岁及以上老年人", "70岁及以上老年人") == true)
        #expect(narrowed("70岁及以上老年人", "65岁及以上老年人") == false)
        #expect(narrowed("常住人口", "户籍人口") == true)
        #expect(narrowed("城乡居民", "农村居民") == true)
        #expect(narrowed("户籍人口", "常住人口") == false)
        #expect(narrowed("0-6岁儿童", "0-6岁儿童") == false)
        #expect(narrowed("城乡低保对象、特困人员", "特困人员、城乡低保对象、低收入家庭") == false)
        #expect(narrowed("城乡低保对象、特困人员", "特困人员") == true)
        #expect(narrowed("35岁以上高血压患者", "40岁以上高血压患者") == true, "same unread words compare on the rest")
        #expect(narrowed("高血压患者", "糖尿病患者") == nil)
    }
}

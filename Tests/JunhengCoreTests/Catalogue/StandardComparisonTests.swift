import JunhengCore
import Testing

@Suite struct StandardComparisonTests {
    private func q(_ text: String) -> StandardQuantity { ServiceStandard(parsing: text).quantities[0] }

    @Test func monthlyAndDailyAmountsConvertToYearly() {
        #expect(StandardComparison.normalized(q("每人每月500元")) == ComparableQuantity(value: 6000, valueHigh: nil, unit: "元", period: .year))
        #expect(StandardComparison.normalized(q("每生每天5元")).value == 1825, "×365")
        #expect(StandardComparison.normalized(q("每户1.2万元")).value == 12000)
        let permille = StandardComparison.normalized(q("控制在1.5‰以内"))
        #expect(permille.unit == "%" && abs(permille.value - 0.15) < 1e-12 && permille.period == nil)
    }

    @Test func equivalentStandardsAreTheSame() {
        #expect(StandardComparison.generosity(of: q("每人每年不低于6000元"), against: q("每人每月不低于500元")) == .same)
        #expect(StandardComparison.generosity(of: q("0.15%"), against: q("1.5‰")) == .same)
    }

    @Test func directionComesFromTheComparator() {
        #expect(StandardComparison.generosity(of: q("每人每月600元"), against: q("每人每月不低于500元")) == .moreGenerous)
        #expect(StandardComparison.generosity(of: q("班额不超过50人"), against: q("班额不超过45人")) == .lessGenerous)
        #expect(StandardComparison.generosity(of: q("班额40人"), against: q("班额不超过45人")) == .moreGenerous)
        #expect(StandardComparison.generosity(of: q("200—300元"), against: q("不低于250元")) == .lessGenerous, "a range guarantees its low end")
    }

    @Test func differentQuantitiesAreNotComparable() {
        #expect(!StandardComparison.areComparable(q("每人每月500元"), q("一次性补助500元")), "monthly vs once")
        #expect(!StandardComparison.areComparable(q("每人每年500元"), q("每户每年500元")), "per person vs per household")
        #expect(!StandardComparison.areComparable(q("每千名老年人拥有养老床位35张以上"), q("每千人口床位6张")))
        #expect(!StandardComparison.areComparable(q("45人"), q("45%")))
        #expect(!StandardComparison.areComparable(q("不低于500元"), q("不超过500元")), "opposite comparators")
        #expect(!StandardComparison.areComparable(q("不低于当地最低生活保障标准的1.3倍"), q("不低于当地居民平均生活水平的1.3倍")))
        #expect(StandardComparison.areComparable(q("每人每年500元"), q("补助标准为每年800元")), "per whom stated on one side only")
        #expect(StandardComparison.generosity(of: q("每人每月500元"), against: q("每户每月500元")) == nil)
    }
}

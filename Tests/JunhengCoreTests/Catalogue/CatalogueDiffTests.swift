import JunhengCore
import Testing

@Suite struct CatalogueDiffTests {
    private typealias F = CatalogueFixtures

    @Test func identicalVersionsHaveAnEmptyDiff() {
        #expect(CatalogueDiff.between(F.city, F.city).isEmpty)
    }

    @Test func addedRemovedAndChangedFieldByFieldMatchingByKey() throws {
        var next = F.city.filter { $0.key != "C08" }
        next[0].standardText = "每生每年1200元"
        next[0].leadDepartment = "市教育局（市学生资助中心）"
        next[1].name = "义务教育寄宿生生活补助"  // renamed, same key: a change, not remove + add
        next.append(CatalogueItem(key: "C11", domain: "优军服务保障", name: "退役军人就业创业扶持", targetPopulation: "退役军人"))

        let diff = CatalogueDiff.between(F.city, next)
        #expect(diff.added.map(\.key) == ["C11"])
        #expect(diff.removed.map(\.key) == ["C08"])
        #expect(diff.changed.map(\.after.key) == ["C01", "C02"])
        let first = try #require(diff.changed.first)
        #expect(first.changes.map(\.field) == [.standardText, .leadDepartment])
        #expect(first.changes[0].before == "每生每年1000元" && first.changes[0].after == "每生每年1200元")
        #expect(diff.changed[1].changes.map(\.field) == [.name])
    }

    @Test func itemsWithoutMatchingKeysFallBackToDomainAndName() {
        let old = [CatalogueItem(key: "", domain: "老有所养", name: "高龄津贴", standardText: "每人每月不低于100元"),
                   CatalogueItem(key: "", domain: "弱有所扶", name: "高龄津贴", standardText: "另一领域的同名项目")]
        let new = [CatalogueItem(key: "A7", domain: "老有所养", name: "高龄津贴 ", standardText: "每人每月不低于120元")]
        let diff = CatalogueDiff.between(old, new)
        #expect(diff.changed.count == 1 && diff.changed[0].changes.map(\.field) == [.key, .standardText])
        #expect(diff.removed.map(\.domain) == ["弱有所扶"] && diff.added.isEmpty)
    }

    @Test func whitespaceAroundFieldsIsNoChange() {
        var next = F.city
        next[3].content = "  免除学费\n"
        #expect(CatalogueDiff.between(F.city, next).isEmpty)
    }
}

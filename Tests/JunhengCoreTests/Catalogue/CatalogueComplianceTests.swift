import JunhengCore
import Testing

@Suite struct CatalogueComplianceTests {
    private typealias F = CatalogueFixtures

    /// The done-when: one standard lowered, one item dropped, one funding share changed.
    @Test func countyWithOneLoweredStandardOneDroppedItemAndOneChangedShareYieldsExactlyThoseThreeFindings() throws {
        let county = F.city.filter { $0.key != "C05" }.map { item -> CatalogueItem in
            switch item.key {
            case "C02": F.derived(item) { $0.standardText = "小学每生每年800元、初中每生每年1250元" }
            case "C09": F.derived(item) { $0.fundingText = "省级财政承担50%，市县承担50%" }
            // Neither of these is a finding: a higher standard, and the same pension per year instead of per month.
            case "C03": F.derived(item) { $0.standardText = "平均每生每年2500元" }
            case "C06": F.derived(item) { $0.standardText = "基础养老金每人每年不低于1296元" }
            default: F.derived(item)
            }
        } + [CatalogueItem(key: "K11", domain: "弱有所扶", name: "农村留守儿童关爱服务", targetPopulation: "农村留守儿童",
                           standardText: "每年走访不少于4次", fundingText: "由县级政府承担", leadDepartment: "县民政局")]

        let findings = CatalogueCompliance.findings(upper: F.city, lower: county)
        #expect(findings.count == 3, "\(findings.map(\.detail))")

        let lowered = try #require(findings.first { $0.kind == .standardLowered })
        #expect(lowered.upperKey == "C02" && lowered.lowerKey == "K02" && lowered.field == .standardText)
        #expect(lowered.upperQuote.text == "每生每年1000元" && lowered.lowerQuote?.text == "每生每年800元")
        #expect(lowered.upperQuote.start == 2 && lowered.lowerQuote?.start == 2)

        let missing = try #require(findings.first { $0.kind == .itemMissing })
        #expect(missing.upperKey == "C05" && missing.upperQuote.text == "老年人健康管理" && missing.lowerQuote == nil)

        let funding = try #require(findings.first { $0.kind == .fundingContradicts })
        #expect(funding.upperKey == "C09" && funding.upperQuote.text == "省级财政承担60%" && funding.lowerQuote?.text == "省级财政承担50%")
        #expect(funding.detail == "省级承担比例上级 60%，下级 50%；市级、县级承担比例上级 40%，下级 50%")
    }

    @Test func identicalCatalogueHasNoFindings() {
        #expect(CatalogueCompliance.findings(upper: F.city, lower: F.city.map { F.derived($0) }).isEmpty)
        #expect(CatalogueCompliance.findings(upper: F.city, lower: F.city).isEmpty, "matched by name without derivedFrom")
    }

    @Test func higherStandardBelowIsNoFinding() {
        let county = F.city.map { item in
            F.derived(item) { if $0.key == "K07" { $0.standardText = "每人每月不低于150元" } }
        }
        #expect(CatalogueCompliance.findings(upper: F.city, lower: county).isEmpty)
    }

    @Test func monthlyAndYearlyEquivalentsAndTenThousandYuanAreNoFinding() {
        let upper = [CatalogueItem(key: "U1", domain: "老有所养", name: "高龄津贴", standardText: "每人每月不低于100元"),
                     CatalogueItem(key: "U2", domain: "住有所居", name: "农村危房改造", standardText: "户均补助1.4万元"),
                     CatalogueItem(key: "U3", domain: "病有所医", name: "孕产妇死亡率", standardText: "控制在1.8‰以下")]
        let lower = [CatalogueItem(key: "L1", domain: "老有所养", name: "高龄津贴", standardText: "每人每年不低于1200元", derivedFromKey: "U1"),
                     CatalogueItem(key: "L2", domain: "住有所居", name: "农村危房改造", standardText: "户均补助14000元", derivedFromKey: "U2"),
                     CatalogueItem(key: "L3", domain: "病有所医", name: "孕产妇死亡率", standardText: "控制在0.18%以下", derivedFromKey: "U3")]
        #expect(CatalogueCompliance.findings(upper: upper, lower: lower).isEmpty)
        var lowered = lower
        lowered[2].standardText = "控制在0.2%以下"
        #expect(CatalogueCompliance.findings(upper: upper, lower: lowered).map(\.kind) == [.standardLowered], "≤ standard: higher is worse")
    }

    @Test func largerClassSizeBelowIsALoweredStandard() {
        let upper = [CatalogueItem(key: "U1", domain: "学有所教", name: "义务教育班额", standardText: "小学班额不超过45人、初中不超过50人")]
        let lower = [CatalogueItem(key: "L1", domain: "学有所教", name: "义务教育班额", standardText: "小学班额不超过45人、初中不超过55人",
                                   derivedFromKey: "U1")]
        let findings = CatalogueCompliance.findings(upper: upper, lower: lower)
        #expect(findings.map(\.upperQuote.text) == ["不超过50人"] && findings.map { $0.lowerQuote?.text } == ["不超过55人"])
    }

    @Test func freeServiceNoLongerFreeIsALoweredStandard() {
        let upper = [F.cityItem("C04")]
        let lower = [F.derived(F.cityItem("C04")) { $0.standardText = "减半收取学费" }]
        let findings = CatalogueCompliance.findings(upper: upper, lower: lower)
        #expect(findings.map(\.kind) == [.standardLowered] && findings[0].upperQuote.text == "免除")
    }

    @Test func narrowedTargetPopulationsAreFindings() {
        let upper = [F.cityItem("C05"), F.cityItem("C06")]
        let lower = [F.derived(F.cityItem("C05")) { $0.targetPopulation = "辖区内70岁及以上户籍居民" },
                     F.derived(F.cityItem("C06")) { $0.targetPopulation = "60周岁以上农村居民" }]
        let findings = CatalogueCompliance.findings(upper: upper, lower: lower)
        #expect(findings.map(\.kind) == [.populationNarrowed, .populationNarrowed])
        #expect(findings[0].upperQuote.text == "辖区内65岁及以上常住居民" && findings[0].lowerQuote?.text == "辖区内70岁及以上户籍居民")
        let widened = [F.derived(F.cityItem("C05")) { $0.targetPopulation = "辖区内60岁及以上常住居民" }]
        #expect(CatalogueCompliance.findings(upper: [F.cityItem("C05")], lower: widened).isEmpty)
    }

    @Test func fundingWithDifferentPayersOrUnknownSharesIsNoContradiction() {
        let upper = [F.cityItem("C01")]
        let joint = [F.derived(F.cityItem("C01")) { $0.fundingText = "中央和地方共同承担" }]
        let county = [F.derived(F.cityItem("C01")) { $0.fundingText = "中央财政承担50%，县级财政承担50%" }]
        #expect(CatalogueCompliance.findings(upper: upper, lower: joint).isEmpty)
        #expect(CatalogueCompliance.findings(upper: upper, lower: county).isEmpty)
    }

    @Test func missingItemFallsBackToNormalizedName() {
        let lower = F.city.filter { $0.key != "C07" }.map { item in
            var copy = item
            copy.key = "X" + item.key
            return copy
        }
        let findings = CatalogueCompliance.findings(upper: F.city, lower: lower)
        #expect(findings.map(\.kind) == [.itemMissing] && findings[0].upperName == "高龄津贴")
        let spaced = [CatalogueItem(key: "", domain: "老有所养", name: " 高龄 津贴（）", standardText: "每人每月不低于100元")]
        #expect(CatalogueCompliance.findings(upper: [F.cityItem("C07")], lower: spaced).isEmpty)
    }
}

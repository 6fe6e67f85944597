import Foundation
import JunhengCore

/// A city catalogue in the shape of Xingtai's and Inner Mongolia's 清单, and a county catalogue derived from it.
enum CatalogueFixtures {
    static let city: [CatalogueItem] = [
        CatalogueItem(key: "C01", domain: "幼有所育", name: "学前教育幼儿资助", targetPopulation: "在园家庭经济困难儿童、孤儿和残疾儿童",
                      content: "减免保育教育费，补助伙食费", standardText: "每生每年1000元",
                      fundingText: "中央财政承担50%，地方承担50%", leadDepartment: "市教育局", legalBasis: "《关于建立学前教育资助制度的意见》"),
        CatalogueItem(key: "C02", domain: "学有所教", name: "义务教育家庭经济困难寄宿生生活补助",
                      targetPopulation: "义务教育阶段家庭经济困难寄宿生", content: "补助寄宿生生活费",
                      standardText: "小学每生每年1000元、初中每生每年1250元", fundingText: "中央与地方按5:5比例分担",
                      leadDepartment: "市教育局", legalBasis: "《国务院关于进一步完善城乡义务教育经费保障机制的通知》"),
        CatalogueItem(key: "C03", domain: "学有所教", name: "普通高中国家助学金", targetPopulation: "普通高中家庭经济困难学生",
                      content: "发放国家助学金", standardText: "平均每生每年2000元", fundingText: "中央财政承担80%，地方承担20%",
                      leadDepartment: "市教育局", legalBasis: "《普通高中国家助学金管理办法》"),
        CatalogueItem(key: "C04", domain: "学有所教", name: "中等职业教育免除学费", targetPopulation: "中等职业学校全日制正式学籍学生",
                      content: "免除学费", standardText: "免除学费", fundingText: "中央与地方按8:2比例分担",
                      leadDepartment: "市教育局", legalBasis: "《关于完善中等职业教育免学费政策的意见》"),
        CatalogueItem(key: "C05", domain: "病有所医", name: "老年人健康管理", targetPopulation: "辖区内65岁及以上常住居民",
                      content: "生活方式和健康状况评估、体格检查、辅助检查和健康指导", standardText: "每年提供1次健康管理服务",
                      fundingText: "中央财政承担60%，地方承担40%", leadDepartment: "市卫生健康委", legalBasis: "《国家基本公共卫生服务规范》"),
        CatalogueItem(key: "C06", domain: "老有所养", name: "城乡居民基本养老保险", targetPopulation: "60周岁以上城乡居民",
                      content: "按月领取基础养老金", standardText: "基础养老金每人每月不低于108元",
                      fundingText: "中央财政承担80%，地方承担20%", leadDepartment: "市人力资源社会保障局", legalBasis: "《社会保险法》"),
        CatalogueItem(key: "C07", domain: "老有所养", name: "高龄津贴", targetPopulation: "80周岁以上老年人",
                      content: "发放高龄津贴", standardText: "每人每月不低于100元", fundingText: "由县级政府承担",
                      leadDepartment: "市民政局", legalBasis: "《老年人权益保障法》"),
        CatalogueItem(key: "C08", domain: "弱有所扶", name: "特困人员救助供养", targetPopulation: "城乡特困人员",
                      content: "提供基本生活条件，对生活不能自理的给予照料", standardText: "基本生活标准不低于当地最低生活保障标准的1.3倍",
                      fundingText: "地方政府负责", leadDepartment: "市民政局", legalBasis: "《社会救助暂行办法》"),
        CatalogueItem(key: "C09", domain: "弱有所扶", name: "困难残疾人生活补贴", targetPopulation: "低保家庭中的残疾人",
                      content: "发放生活补贴", standardText: "每人每月不低于70元", fundingText: "省级财政承担60%，市县承担40%",
                      leadDepartment: "市残联", legalBasis: "《关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见》"),
        CatalogueItem(key: "C10", domain: "老有所养", name: "养老服务设施", targetPopulation: "城乡老年人",
                      content: "建设养老机构和社区养老服务设施", standardText: "每千名老年人拥有养老床位35张以上",
                      fundingText: "市县承担", leadDepartment: "市民政局", legalBasis: "《河北省居家养老服务条例》"),
    ]

    /// The county's own copy of a city item: new key, derived from the city's, county lead department.
    static func derived(_ item: CatalogueItem, _ change: (inout CatalogueItem) -> Void = { _ in }) -> CatalogueItem {
        var copy = item
        copy.key = "K" + item.key.dropFirst()
        copy.derivedFromKey = item.key
        copy.leadDepartment = item.leadDepartment.replacingOccurrences(of: "市", with: "县")
        change(&copy)
        return copy
    }

    static func cityItem(_ key: String) -> CatalogueItem { city.first { $0.key == key }! }
}

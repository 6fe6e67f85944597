import Foundation
import JunhengCore
@testable import JunhengServer
import Mustache
import Storage
import Testing

/// The view models that answer template names by a switch (`MustacheParent`) instead of swift-mustache's
/// `Mirror` must answer exactly what `Mirror` would: every stored property under its own name
/// (a nil optional as missing), and nothing under any other name.
@Suite struct TypedLookupTests {
    static func expectLookupAgreesWithMirror(_ value: some MustacheParent) {
        for child in Mirror(reflecting: value).children {
            let label = child.label!
            let mirrored: Any? = Mirror(reflecting: child.value).displayStyle == .optional
                ? Mirror(reflecting: child.value).children.first?.value : child.value
            let typed = value.child(named: label)
            #expect(typed.map { String(reflecting: $0) } == mirrored.map { String(reflecting: $0) }, "\(type(of: value)).\(label)")
        }
        #expect(value.child(named: "noSuchName") == nil)
    }

    static let region = Region(code: RegionCode(rawValue: "130500")!, name: "邢台市", level: .prefecture,
                               parentCode: RegionCode(rawValue: "130000")!)
    static let items = [
        CatalogueItem(key: "C01", domain: "基本公共教育", name: "义务教育公用经费保障", targetPopulation: "义务教育阶段学生",
                      standardText: "小学每生每年1000元", fundingText: "中央财政承担60%，地方承担40%", leadDepartment: "市教育局"),
        CatalogueItem(key: "C03", domain: "基本医疗卫生", name: "老年人健康管理", targetPopulation: "65岁及以上老年人",
                      standardText: "每年1次免费健康体检", fundingText: "中央财政承担80%，地方承担20%", leadDepartment: "市卫生健康委员会"),
    ]

    @Test func theCataloguePagesAnswerEveryPropertyAsMirrorWould() throws {
        let version = try JSONDecoder().decode(CatalogueVersion.self, from: Data(#"""
            {"id": 3, "regionCode": "130500", "versionNumber": 2, "status": "published", "title": "邢台市基本公共服务清单",
             "note": "", "createdAt": "2026-01-01T00:00:00.000Z", "publishedAt": "2026-01-02T00:00:00.000Z", "itemCount": 2}
            """#.utf8))
        for language in Language.allCases {
            let page = CataloguePage(version, region: Self.region, query: "教育", items: Self.items, language: language)
            Self.expectLookupAgreesWithMirror(page)
            Self.expectLookupAgreesWithMirror(page.version)
            Self.expectLookupAgreesWithMirror(page.region)
            for domain in page.domains {
                Self.expectLookupAgreesWithMirror(domain)
                domain.items.forEach { Self.expectLookupAgreesWithMirror($0) }
            }
        }
        Self.expectLookupAgreesWithMirror(CatalogueItemPage(Self.items[0], region: Self.region))
        Self.expectLookupAgreesWithMirror(CatalogueItemRow(Self.items[1], region: "130500", reasons: ["年满65岁"]))
    }

    @Test func theChromeAnswersEveryPropertyAsMirrorWouldSignedInOrNot() {
        let user = UserRecord(username: "planner", displayName: "规划员", role: .planner,
                              regionCode: RegionCode(rawValue: "130500"), departmentID: nil)
        for language in Language.allCases {
            for signedIn in [nil, user] {
                let chrome = PageChrome(language: language, title: "清单", currentPath: "/catalogue/130500", csrf: "token",
                                        user: signedIn, formError: signedIn == nil ? nil : "错误")
                Self.expectLookupAgreesWithMirror(chrome)
                Self.expectLookupAgreesWithMirror(chrome.punctuation)
                if let menu = chrome.user { Self.expectLookupAgreesWithMirror(menu) }
            }
        }
    }
}

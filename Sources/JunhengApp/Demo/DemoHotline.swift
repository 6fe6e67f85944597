import Foundation
import JunhengCore
import Storage

/// The demo's 12345 hotline work orders for Xingtai (示例数据): 2026's orders from January to
/// November, drawn from a seeded generator — each county's volume following a made-up rate per
/// 10,000 residents, its departments, and resolution and satisfaction that differ by county. The
/// demo publishes no Xingtai catalogue, so they wait in the review queue; the report by region and
/// department reads them all the same.
enum DemoHotline {
    static let requests: [(text: String, department: String)] = [
        ("孩子上幼儿园太远，希望就近增加普惠托育点", "县教育局"),
        ("义务教育学校课后服务收费不明", "县教育局"),
        ("父亲做老年人体检排队太久", "县卫生健康局"),
        ("家庭医生签约后联系不上医生", "县卫生健康局"),
        ("村卫生室经常没有人值班", "县卫生健康局"),
        ("城乡居民养老金到账时间推迟", "县人力资源和社会保障局"),
        ("低保评定结果没有公示", "县民政局"),
        ("残疾人两项补贴申请进度查询", "县民政局"),
        ("公共租赁住房申请条件咨询", "县住房和城乡建设局"),
        ("乡镇文化站长期不开放", "县文化广电和旅游局"),
    ]

    static func load(into database: JunhengDatabase) async throws {
        let store = HotlineStore(database.sql)
        if try await store.order(number: "DEMO-130502-0001") != nil { return }
        var records: [HotlineRecord] = []
        for county in try await RegionStore(database.sql).children(of: DemoData.city) {
            var random = SplitMix64(seed: "hotline/\(county.code.rawValue)")
            let count = Int(random.next(in: 20...60))
            let resolution = random.next(in: 0.7...0.97)
            let satisfaction = random.next(in: 0.6...0.92)
            for index in 1...count {
                let request = requests[Int(random.nextUnit() * Double(requests.count))]
                let day = CalendarDay(year: 2026, month: 1 + Int(random.nextUnit() * 11), day: 1 + Int(random.nextUnit() * 28))!
                let resolved = random.nextUnit() < resolution
                let rated = resolved && random.nextUnit() < 0.7
                records.append(HotlineRecord(
                    order: HotlineOrder(number: "DEMO-\(county.code.rawValue)-\(String(format: "%04d", index))", receivedOn: day,
                                        regionCode: county.code.rawValue, department: request.department,
                                        text: "示例数据：" + request.text, resolved: resolved,
                                        satisfied: rated ? random.nextUnit() < satisfaction : nil),
                    itemCode: nil, mappedBy: nil))
            }
        }
        let all = records
        try await database.transaction { db in
            _ = try await HotlineStore(db).upsert(all, source: "示例数据-12345.csv", actor: .system("demo"))
        }
    }
}

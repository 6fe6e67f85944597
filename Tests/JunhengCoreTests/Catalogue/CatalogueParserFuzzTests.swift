import JunhengCore
import Testing

/// Random and mutated texts must never crash a parser, and every quote must index the text it came from.
@Suite struct CatalogueParserFuzzTests {
    private static let samples = [
        "每生每年1000元", "小学班额不超过45人", "每人每月不低于500元", "按每人每年50元标准", "每千名老年人拥有养老床位35张以上",
        "补助标准为每年600元", "年人均4000元", "不低于当地最低生活保障标准的1.3倍", "免费", "200—300元", "百分之九十以上",
        "中央财政承担80%，地方承担20%", "中央与地方按8:2比例分担", "省级财政承担60%，市县承担40%", "由县级政府承担",
        "中央和地方共同承担", "地方政府负责", "0-6岁儿童", "65岁及以上老年人", "不满16周岁", "城乡低保对象、特困人员和重度残疾人",
        "2016-2020年", "1,000.5元/人/月", "每每每", "—～至", "０１２３４５６７８９％", "十百千万两", "的的%‰倍",
    ]
    private static let alphabet = Array("0123456789.,-—~～至到:∶比%‰％元万亿人名张次天岁周个月年倍每生千老年不低于超过以上以下及和、，；。的免费中央省市县乡地方承担共同按标准𠀀👍🏽\u{301}\n ")

    private func randomText(_ g: inout SplitMix64) -> String {
        if Bool.random(using: &g) {
            return String((0..<Int.random(in: 0...40, using: &g)).map { _ in Self.alphabet.randomElement(using: &g)! })
        }
        var scalars = Array(Self.samples.randomElement(using: &g)!.unicodeScalars)
        for _ in 0..<Int.random(in: 1...6, using: &g) {
            let other = Array(Self.samples.randomElement(using: &g)!.unicodeScalars)
            let at = Int.random(in: 0...scalars.count, using: &g)
            switch Int.random(in: 0..<4, using: &g) {
            case 0 where !scalars.isEmpty: scalars.remove(at: Swift.min(at, scalars.count - 1))
            case 1: scalars.insert(contentsOf: other.prefix(Int.random(in: 0...other.count, using: &g)), at: at)
            case 2: scalars.insert(Self.alphabet.randomElement(using: &g)!.unicodeScalars.first!, at: at)
            default: scalars = Array(scalars.prefix(at)) + other
            }
        }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }

    private func expectInBounds(_ quote: TextQuote?, _ text: String) {
        guard let quote else { return }
        let scalars = Array(text.unicodeScalars)
        #expect(0 <= quote.start && quote.start <= quote.end && quote.end <= scalars.count, "\(text): \(quote)")
        guard quote.end <= scalars.count, quote.start >= 0, quote.start <= quote.end else { return }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[quote.start..<quote.end])
        #expect(String(view) == quote.text, "\(text): \(quote)")
    }

    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func parsersNeverCrashAndQuotesIndexTheirText(seed: UInt64) {
        var g = SplitMix64(state: seed)
        for _ in 0..<2_000 {
            let text = randomText(&g)
            let standard = ServiceStandard(parsing: text)
            for q in standard.quantities {
                expectInBounds(q.quote, text)
                #expect(q.value.isFinite && (q.valueHigh?.isFinite ?? true))
            }
            expectInBounds(standard.freeOfCharge, text)
            let funding = FundingSplit(parsing: text)
            funding.shares.forEach { expectInBounds($0.quote, text) }
            _ = funding.validationIssues()
            let eligibility = Eligibility(parsing: text)
            eligibility.groups.forEach { expectInBounds($0.quote, text) }
            _ = eligibility.match(PersonProfile(age: Int.random(in: 0...100, using: &g)))
            _ = eligibility.isNarrowed(by: Eligibility(parsing: randomText(&g)))
        }
    }

    @Test func hugeAndPathologicalNumbersStayFinite() {
        let text = String(repeating: "9", count: 400) + "元、" + String(repeating: "万", count: 50) + "元、1e308元"
        #expect(ServiceStandard(parsing: text).quantities.allSatisfy { $0.value.isFinite })
        #expect(FundingSplit(parsing: "中央承担" + String(repeating: "9", count: 30) + "%").shares.allSatisfy { $0.percent == nil },
                "numbers past 15 digits are not read")
        #expect(FundingSplit(parsing: "中央财政承担999999999%，地方承担1%").validationIssues().count == 2)
    }
}

import JunhengCore
import Testing

@Suite struct FundingSplitTests {
    private func shares(_ text: String) -> [[GovernmentLevel]: Double?] {
        Dictionary(FundingSplit(parsing: text).shares.map { ($0.levels, $0.percent) }, uniquingKeysWith: { a, _ in a })
    }

    @Test func percentPerPayerClause() {
        let split = FundingSplit(parsing: "中央财政承担80%，地方承担20%")
        #expect(split.percent(of: [.central]) == 80 && split.percent(of: [.local]) == 20)
        #expect(split.shares[0].quote?.text == "中央财政承担80%")
        #expect(split.validationIssues().isEmpty)
    }

    @Test func ratioSplitsAmongPayersInOrder() {
        let split = FundingSplit(parsing: "中央与地方按8:2比例分担")
        #expect(split.percent(of: [.central]) == 80 && split.percent(of: [.local]) == 20)
        let fullWidth = FundingSplit(parsing: "中央和地方按照６∶４的比例分担")
        #expect(fullWidth.percent(of: [.central]) == 60)
    }

    @Test func combinedLowerLevelsShareOneSlice() {
        let split = FundingSplit(parsing: "省级财政承担60%，市县承担40%")
        #expect(split.percent(of: [.province]) == 60 && split.percent(of: [.prefecture, .county]) == 40)
    }

    @Test func singlePayerPaysEverything() {
        #expect(shares("由县级政府承担") == [[.county]: 100])
        #expect(shares("地方政府负责") == [[.local]: 100])
        #expect(shares("自治区财政承担") == [[.province]: 100])
    }

    @Test func jointPayersWithoutNumbersHaveNoShares() {
        let split = FundingSplit(parsing: "中央和地方共同承担")
        #expect(split.shares.map(\.levels) == [[.central], [.local]])
        #expect(split.shares.allSatisfy { $0.percent == nil } && !split.sharesKnown)
        #expect(split.text == "中央和地方共同承担" && split.validationIssues().isEmpty)
    }

    @Test func remainderGoesToThePayerWithoutAShare() {
        #expect(shares("中央财政承担80%，其余由地方承担") == [[.central]: 80, [.local]: 20])
    }

    @Test func listedPercentsZipWithListedPayers() {
        #expect(shares("中央、自治区、盟市分别承担50%、30%、20%") == [[.central]: 50, [.province]: 30, [.prefecture]: 20])
    }

    @Test func payerStatedTwiceLosesItsSharesAsAmbiguous() {
        let split = FundingSplit(parsing: "西部地区中央承担80%、地方承担20%；中部地区中央承担60%、地方承担40%")
        #expect(split.shares.map(\.levels) == [[.central], [.local]])
        #expect(split.shares.allSatisfy { $0.percent == nil })
    }

    @Test func sharesNotSummingToAHundredAreAnIssue() {
        let issues = FundingSplit(parsing: "中央财政承担80%，地方承担30%").validationIssues()
        #expect(issues.count == 1 && issues[0].field == "fundingShares" && issues[0].reason.contains("110"))
        let close = FundingSplit(text: "", shares: [FundingShare(levels: [.central], percent: 33.333),
                                                   FundingShare(levels: [.local], percent: 66.6725)])
        #expect(close.validationIssues().isEmpty, "within 0.01 of 100")
        let partial = FundingSplit(text: "", shares: [FundingShare(levels: [.central], percent: 50),
                                                     FundingShare(levels: [.local], percent: nil)])
        #expect(partial.validationIssues().count == 1)
    }

    @Test func disagreementsCompareTheSamePayer() {
        let upper = FundingSplit(parsing: "中央财政承担80%，地方承担20%")
        let lower = FundingSplit(parsing: "中央与地方按6:4比例分担")
        #expect(upper.disagreements(with: lower).map(\.levels) == [[.central], [.local]])
        #expect(upper.disagreements(with: upper).isEmpty)
        #expect(upper.disagreements(with: FundingSplit(parsing: "由县级政府承担")).isEmpty, "different payers do not contradict")
    }

    @Test func textWithoutPayersHasNoShares() {
        #expect(FundingSplit(parsing: "按有关规定执行").shares.isEmpty)
        #expect(FundingSplit(parsing: "").shares.isEmpty)
    }
}

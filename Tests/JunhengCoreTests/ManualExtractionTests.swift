import JunhengCore
import Testing

/// Issue 15, point 7: a reviewer adds a fact the ingester missed from a selection of the text;
/// these are the checks on the selection, the fields proposed from it, and its original offsets.
@Suite struct ManualExtractionTests {
    static func scalars(_ text: String) -> [Unicode.Scalar] { Array(text.unicodeScalars) }

    @Test func aSelectionMissingEmptyOutsideTheTextOrTooLongIsRefusedNamingTheOffset() {
        func refusal(_ start: Int?, _ end: Int?, length: Int = 100) -> JunhengError? {
            do { _ = try ManualExtraction.span(start: start, end: end, textLength: length); return nil } catch { return error }
        }
        #expect(refusal(nil, 5) == .invalid(field: "start", "请先在原文中选择文字（起止位置不能为空）"))
        #expect(refusal(3, nil) == .invalid(field: "end", "请先在原文中选择文字（起止位置不能为空）"))
        #expect(refusal(7, 7) == .invalid(field: "end", "所选文字为空：结束位置 7 应大于起始位置 7"))
        #expect(refusal(9, 4) == .invalid(field: "end", "所选文字为空：结束位置 4 应大于起始位置 9"))
        #expect(refusal(-1, 4) == .invalid(field: "start", "所选位置 -1–4 超出原文范围（原文共 100 个字符，位置应在 0–100 之间）"))
        #expect(refusal(90, 101) == .invalid(field: "end", "所选位置 90–101 超出原文范围（原文共 100 个字符，位置应在 0–100 之间）"))
        #expect(refusal(0, 2_001, length: 5_000)
            == .invalid(field: "end", "所选文字有 2001 个字符，超过 2000 个字符的上限：请只选择一句或一段"))
        #expect(refusal(0, 2_000, length: 5_000) == nil)
        #expect(refusal(0, 100) == nil)
    }

    @Test func aSelectionLeavesOutTheWhiteSpaceAtItsEnds() throws {
        let text = Self.scalars("第一句。\n  到2025年达到90%。 \n下一句")
        #expect(try ManualExtraction.span(start: 4, end: 21, in: text) == 7..<19)
        #expect(throws: JunhengError.invalid(field: "end", "所选文字只有空白，请选择要添加的文字")) {
            try ManualExtraction.span(start: 4, end: 7, in: text)
        }
    }

    @Test func offsetsCountUnicodeScalarsSoACharacterOutsideTheBasicPlaneCountsOnce() throws {
        // 𠀾 is one scalar (two UTF-16 units in a browser): the selection after it starts at 3.
        let text = Self.scalars("甲𠀾乙达到90%")
        let range = try ManualExtraction.span(start: 3, end: 8, in: text)
        #expect(String(String.UnicodeScalarView(text[range])) == "达到90%")
    }

    @Test func aTargetIsReadFromItsNumberUnitComparisonYearAndTheWordsBeforeIt() throws {
        let reading = try #require(TargetReading.read("到2025年，全市城乡居民人均体育场地面积由1.8平方米提高到2.6平方米。"))
        #expect(reading == TargetReading(indicator: "城乡居民人均体育场地面积", comparator: .atLeast, value: 2.6, valueHigh: nil,
                                         unit: "平方米", year: 2025, baselineYear: nil, baselineValue: 1.8))
        let fields = reading.fields
        #expect(fields["comparator"] == ">=" && fields["value"] == "2.6" && fields["baselineValue"] == "1.8")
        #expect(fields["kind"] == "target" && fields["direction"] == "higher" && fields["year"] == "2025")
    }

    @Test func theValueIsTheNumberAfterTheComparisonWordNotANumberInTheIndicatorsName() throws {
        let reading = try #require(TargetReading.read("每千人口拥有3岁以下婴幼儿托位数达到4.5个"))
        #expect(reading.indicator == "每千人口拥有3岁以下婴幼儿托位数")
        #expect(reading.value == 4.5 && reading.unit == "个" && reading.comparator == .atLeast)
    }

    @Test func atMostAboutAndRangesAreRead() throws {
        let waiting = try #require(TargetReading.read("2025年平均候诊时间控制在30分钟以内"))
        #expect(waiting.comparator == .atMost && waiting.value == 30 && waiting.unit == "分钟")
        #expect(waiting.indicator == "平均候诊时间")
        #expect(waiting.fields["direction"] == "lower")
        let kept = try #require(TargetReading.read("学前三年毛入园率保持在95%左右"))
        #expect(kept.comparator == .about && kept.value == 95 && kept.unit == "%" && kept.indicator == "学前三年毛入园率")
        let after = try #require(TargetReading.read("九年义务教育巩固率96%以上"))
        #expect(after.comparator == .atLeast && after.value == 96 && after.indicator == "九年义务教育巩固率")
        let range = try #require(TargetReading.read("每个乡镇新建综合文化站1-2所"))
        #expect(range.value == 1 && range.valueHigh == 2 && range.unit == "所")
        #expect(range.fields["comparator"] == "range")
        let fullWidth = try #require(TargetReading.read("农村自来水普及率达到９８．５％"))
        #expect(fullWidth.value == 98.5 && fullWidth.unit == "%")
    }

    @Test func aSentenceWithoutANumberProposesATargetToComplete() {
        #expect(TargetReading.read("到2025年基本公共服务均等化水平明显提高") == nil)
        let fields = ManualExtraction.proposedFields(kind: .target, selection: "到2025年基本公共服务均等化水平明显提高")
        #expect(Set(fields.keys) == Set(ExtractionKind.target.fieldNames))
        #expect(fields["value"] == "" && fields["indicator"] == "" && fields["comparator"] == ">=" && fields["kind"] == "target")
        #expect(PlanReviewRules.problems(kind: .target, fields: fields).map(\.field) == ["indicator", "value"])
    }

    @Test func aTaskTakesItsDepartmentsFromItsResponsibilityClause() {
        let fields = ManualExtraction.proposedFields(
            kind: .task, selection: "3.推进城乡义务教育一体化发展。（责任单位：区教育局、区财政局、区发改局）")
        #expect(fields == ["title": "推进城乡义务教育一体化发展", "lead": "区教育局", "cooperating": "区财政局、区发改局"])
        let split = ManualExtraction.proposedFields(kind: .task, selection: "完善托育服务体系。牵头单位：市卫健委；配合单位：市教育局、市民政局")
        #expect(split == ["title": "完善托育服务体系", "lead": "市卫健委", "cooperating": "市教育局、市民政局"])
    }

    @Test func aProjectAndAnItemAreNamedFromTheSelection() {
        let project = ManualExtraction.proposedFields(kind: .project, selection: "学校建设工程：新建中小学10所，改扩建20所。")
        #expect(project == ["name": "学校建设工程", "targetValue": "10", "targetUnit": "所", "quantities": "10所；20所"])
        let item = ManualExtraction.proposedFields(kind: .item, selection: "（三）老年人健康管理", domain: "病有所医")
        #expect(item == ["domain": "病有所医", "name": "老年人健康管理"])
        let long = ManualExtraction.proposedFields(kind: .item, selection: String(repeating: "很长的句子", count: 20))
        #expect(long["name"] == "" && long["domain"] == "")
    }

    @Test func aRuleIsLabelledByItsLongestKnownPrefix() {
        #expect(ExtractionRule.families(of: "target.table.row") == ["target.table.row", "target.table", "target"])
        #expect(ExtractionRule.families(of: "manual") == ["manual"])
        #expect(ExtractionRule.families(of: "") == [])
    }

    @Test func theOriginalRangeIsExactWhereThePassageIsUnchanged() {
        // The original had web chrome the repair removed: 11 scalars before the text.
        let original = "网站首页 > 政务公开\n正文：到2025年达到90%。其后到2025年达到90%。"
        let repaired = "正文：到2025年达到90%。其后到2025年达到90%。"
        let offsets = OriginalOffsets(repairedText: repaired, originalText: original,
                                      anchors: [.init(repaired: 0, original: 12), .init(repaired: 3, original: 15)])
        let first = offsets.originalRange(of: 3..<14)
        #expect(first == 15..<26)
        #expect(String(String.UnicodeScalarView(Array(original.unicodeScalars)[first])) == "到2025年达到90%")
        // The same words later: the occurrence nearest where the anchors put it.
        #expect(offsets.originalRange(of: 17..<28) == 29..<40)
    }

    @Test func whereThePassageWasRepairedTheRangeBetweenTheNearestAnchorsIsTaken() {
        // Converted from traditional characters: the words are not in the original as selected.
        let original = "總則。學前教育毛入園率達到90%。附則。"
        let repaired = "总则。学前教育毛入园率达到90%。附则。"
        let offsets = OriginalOffsets(repairedText: repaired, originalText: original,
                                      anchors: [.init(repaired: 3, original: 3), .init(repaired: 17, original: 17)])
        #expect(offsets.originalRange(of: 5..<16) == 3..<17)
        // Anchors outside the texts are ignored; without any the whole original is the answer.
        let bare = OriginalOffsets(repairedText: repaired, originalText: original, anchors: [.init(repaired: 999, original: 3)])
        #expect(bare.originalRange(of: 5..<16) == 0..<original.unicodeScalars.count)
    }

    @Test func anchorsAreEverySpanOfTheIngestersResult() {
        let json = """
            {"document": {"title": {"span": {"start": 0, "end": 4, "originalStart": 2, "originalEnd": 6}}},
             "targets": [{"span": {"start": 10, "end": 12, "originalStart": 14, "originalEnd": 16}, "value": 1}],
             "warnings": [{"span": null}]}
            """
        let anchors = OriginalOffsets.anchors(inIngestionJSON: json).sorted()
        #expect(anchors == [.init(repaired: 0, original: 2), .init(repaired: 4, original: 6),
                            .init(repaired: 10, original: 14), .init(repaired: 12, original: 16)])
        #expect(OriginalOffsets.anchors(inIngestionJSON: "not json").isEmpty)
    }
}

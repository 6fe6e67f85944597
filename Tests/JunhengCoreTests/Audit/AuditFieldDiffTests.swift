import JunhengCore
import Testing

@Suite struct AuditFieldDiffTests {
    @Test func listsOnlyTheFieldsThatChangedWithTheirChineseLabels() {
        let changes = AuditFieldDiff.changes(before: #"{"name":"A","role":"planner","id":3}"#,
                                             after: #"{"name":"B","role":"planner","id":3}"#)
        #expect(changes == [AuditFieldChange(field: "name", before: "A", after: "B")])
        #expect(changes.map(\.chineseDescription) == ["名称：A → B"])
    }

    @Test func aCreationShowsEveryFieldAsNew() {
        let changes = AuditFieldDiff.changes(before: nil, after: #"{"active":true,"code":"X1"}"#)
        #expect(changes.map(\.chineseDescription) == ["启用：— → 是", "代码：— → X1"])
    }

    @Test func keepsBooleansNumbersAndNullsApart() {
        let changes = AuditFieldDiff.changes(before: #"{"active":true,"minimum":1,"maximum":null,"targetValue":95.5}"#,
                                             after: #"{"active":false,"minimum":1.0,"maximum":2,"targetValue":96}"#)
        #expect(changes == [
            AuditFieldChange(field: "active", before: "是", after: "否"),
            AuditFieldChange(field: "maximum", before: "", after: "2"),
            AuditFieldChange(field: "targetValue", before: "95.5", after: "96"),
        ])
    }

    @Test func flattensNestedObjectsToDottedPaths() {
        let changes = AuditFieldDiff.changes(before: #"{"target":{"targetValue":90,"targetYear":2025}}"#,
                                             after: #"{"target":{"targetValue":92,"targetYear":2025}}"#)
        #expect(changes == [AuditFieldChange(field: "target.targetValue", before: "90", after: "92")])
        #expect(changes[0].chineseDescription == "target.目标值：90 → 92")
    }

    @Test func textThatIsNotJSONIsShownAsOneValue() {
        #expect(AuditFieldDiff.changes(before: "not json", after: nil) == [AuditFieldChange(field: "value", before: "not json", after: "")])
        #expect(AuditFieldDiff.changes(before: nil, after: nil) == [])
        #expect(AuditFieldDiff.changes(before: #"{"a":[1,2]}"#, after: #"{"a":[1,2]}"#) == [])
    }
}

@Suite struct ChinaTimeTests {
    @Test func formatsStoredUTCTimestampsInChinaStandardTime() {
        #expect(ChinaTime.format("2026-12-04T10:30:00.000Z") == "2026-12-04 18:30")
        #expect(ChinaTime.format("2026-12-04T16:30:59Z") == "2026-12-05 00:30")
        #expect(ChinaTime.format("2026-12-31T23:59:00.000Z") == "2027-01-01 07:59")
        #expect(ChinaTime.format("yesterday") == "yesterday")
    }

    @Test func aChineseDayStartsAtSixteenHundredUTCTheDayBefore() {
        #expect(ChinaTime.startOfDay("2026-12-04") == "2026-12-03T16:00:00.000Z")
        #expect(ChinaTime.endOfDay("2026-12-04") == "2026-12-04T16:00:00.000Z")
        #expect(ChinaTime.startOfDay("2026-02-30") == nil)
        #expect(ChinaTime.startOfDay("2026-1-4") == nil)
        #expect(ChinaTime.startOfDay("") == nil)
    }
}

import Foundation
import JunhengApp
import JunhengCore
import Storage
import Testing

extension CommandTests {
    @Suite("junheng indicators assign")
    struct IndicatorsCommandTests {
        @Test func assignMakesADepartmentTheLeadAndNoneRemovesIt() async throws {
            try await CommandDatabase.with { db in
                let (indicator, department) = try await db.app { app in
                    let indicator = try await app.monitoring.createIndicator(
                        IndicatorRecord(code: "T-ENROL", name: "学前三年毛入园率", unit: "%"), actor: .system("test"))
                    let department = try await app.accounts.createDepartment(
                        region: RegionCode(rawValue: "130500")!, name: "邢台市教育局", shortName: "", actor: .system("test"))
                    return (indicator, department)
                }
                let printed = try await standardOutput {
                    try await junheng(["indicators", "assign", "--indicator", String(indicator.id), "--department", String(department.id)] + db.option)
                }
                #expect(printed == "\(indicator.id)\tT-ENROL\t学前三年毛入园率\t\(department.id)\n")
                #expect(try await db.app { try await $0.monitoring.indicator(String(indicator.id)) }.departmentID == department.id)

                try await junheng(["indicators", "assign", "--indicator", String(indicator.id), "--department", "none"] + db.option)
                #expect(try await db.app { try await $0.monitoring.indicator(String(indicator.id)) }.departmentID == nil)
            }
        }

        @Test func anUnknownDepartmentIsRefusedByName() async throws {
            try await CommandDatabase.with { db in
                let indicator = try await db.app {
                    try await $0.monitoring.createIndicator(IndicatorRecord(code: "T-ENROL", name: "学前三年毛入园率", unit: "%"),
                                                            actor: .system("test"))
                }
                await #expect(throws: JunhengError.invalid(field: "departmentId", "部门 999 不存在")) {
                    try await junheng(["indicators", "assign", "--indicator", String(indicator.id), "--department", "999"] + db.option)
                }
            }
        }
    }
}

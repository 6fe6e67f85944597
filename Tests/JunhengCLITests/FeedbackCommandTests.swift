import Foundation
import JunhengApp
import JunhengCLI
import JunhengCore
import Storage
import Testing

extension CommandTests {
    @Suite("junheng feedback")
    struct FeedbackCommandTests {
        @Test func listsMessagesByDeadlineAndShowsOneByReceipt() async throws {
            try await CommandDatabase.with(holding: .demo()) { db in
                let receipt = try await db.app { app in
                    return try await app.feedback.submit(
                        FeedbackSubmission(kind: .complaint, regionCode: "130522", text: "临城县医院周末不开专家门诊，希望增加周末门诊。"),
                        clientAddress: "192.0.2.1", actor: Actor(.anonymous)).receipt
                }
                let list = try await standardOutput { try await junheng(["feedback", "list"] + db.option) }
                let columns = list.split(separator: "\n").first.map { $0.split(separator: "\t").map(String.init) } ?? []
                #expect(columns.count == 7)
                #expect(columns[0] == "绿灯" && columns[2] == receipt && columns[3] == "待受理" && columns[4] == "临城县")
                #expect(columns[5] == "待分办")

                let shown = try await standardOutput { try await junheng(["feedback", "show", receipt.lowercased()] + db.option) }
                #expect(shown.contains("回执号\t\(receipt)") && shown.contains("状态\t待受理"))

                let none = try await standardOutput { try await junheng(["feedback", "list", "--status", "answered"] + db.option) }
                #expect(none.isEmpty)
                #expect(parseMessage(["feedback", "list", "--status", "done"])?.contains("'done' is invalid for '--status") == true)
            }
        }
    }
}

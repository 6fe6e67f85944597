import Foundation
import Hummingbird
import JunhengApp
import JunhengCore
import Storage

/// The ledger (台账) as the XLSX offices use, with the same filters as its page.
struct TaskExports {
    let services: JunhengServices

    func register(on router: Router<AppContext>) {
        router.get("tasks/ledger.xlsx", use: ledger)
    }

    /// `/tasks/ledger.xlsx?region=&plan=&department=&colour=&kind=&due_by=`.
    @Sendable func ledger(_ request: Request, context: AppContext) async throws -> Response {
        let filter = try TaskPages.ledgerFilter(TaskPages.ledgerQuery(request), language: context.language)
        let data = try await services.app.tasks.exportLedger(filter, actor: context.actor)
        return Download.response(data, filename: "台账.xlsx", fallback: "ledger.xlsx",
                                 contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    }
}

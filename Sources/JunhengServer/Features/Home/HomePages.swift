import Foundation
import Hummingbird
import JunhengApp
import JunhengCore

/// The home page: each reader's dashboard (``Dashboard``).
struct HomePages {
    let services: JunhengServices

    func register(on router: Router<AppContext>) {
        router.get("/", use: home)
    }

    @Sendable func home(_ request: Request, context: AppContext) async throws -> Response {
        let dashboard = try await services.app.dashboard.home(actor: context.actor)
        let page = HomePage(dashboard, today: services.app.settings.today ?? CalendarDay.today, language: context.language)
        return try services.pages.render("Home/home", title: context.language.text("home"), page: page,
                                         request: request, context: context)
    }
}

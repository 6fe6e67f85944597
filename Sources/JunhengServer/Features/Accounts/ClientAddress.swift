import HTTPTypes
import Hummingbird

extension JunhengServices {
    /// The client address for rate limiting; `X-Forwarded-For` only when configured to trust a proxy.
    func clientAddress(_ request: Request, _ context: AppContext) -> String {
        if configuration.trustProxy, let forwarded = request.headers[.forwardedFor]?.split(separator: ",").first {
            return forwarded.trimmingCharacters(in: .whitespaces)
        }
        return context.remoteAddress ?? "unknown"
    }
}

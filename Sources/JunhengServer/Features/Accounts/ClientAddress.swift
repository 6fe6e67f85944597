import HTTPTypes
import Hummingbird
import JunhengCore

extension JunhengServices {
    /// The client address for rate limiting: the connection's, or behind a configured proxy the
    /// right-most `X-Forwarded-For` hop that is not a trusted proxy (`TrustedProxies`).
    func clientAddress(_ request: Request, _ context: AppContext) -> String {
        configuration.trustedProxies.clientAddress(peer: context.remoteAddress,
                                                   forwardedFor: request.headers[values: .forwardedFor])
    }
}

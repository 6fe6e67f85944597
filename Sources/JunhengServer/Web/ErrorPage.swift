/// `error`: why a browser's request failed, with the details of a refused form and the request ID
/// to quote, which matches the server's log line.
struct ErrorPage {
    let status: Int
    let message: String
    let details: [String]
    let requestID: String

    /// `message` replaces the API's (Chinese) message on a page in another language.
    init(_ error: APIError, requestID: String, message: String? = nil) {
        status = error.status.code
        self.message = message ?? error.message
        details = error.details.map(\.description)
        self.requestID = requestID
    }
}

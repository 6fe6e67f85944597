import Logging

/// The server's log lines, exactly as swift-log's `StreamLogHandler` writes them to standard
/// error, with the metadata made into text only when a line is written. The stream handler does
/// that each time metadata is set, and Hummingbird sets a request id on every request's logger:
/// most requests write no line (below `--log-level`), yet each paid for the text.
public struct DeferredMetadataLogHandler: LogHandler {
    private let label: String
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?

    public init(label: String) {
        self.label = label
        metadataProvider = LoggingSystem.metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var stream = StreamLogHandler.standardError(label: label, metadataProvider: metadataProvider)
        stream.logLevel = logLevel
        stream.metadata = metadata
        stream.log(event: event)
    }
}

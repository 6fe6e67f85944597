import Foundation

/// Bounds on the work one document may cause. Real plans are far inside them: the five seed plans
/// are 31–78 KB and propose 13–116 facts each, read in well under a second.
public struct IngestLimits: Sendable, Hashable {
    /// The most text a document may hold, in bytes of UTF-8 as read from the file (5 MB: over 60
    /// times the largest seed). A text file is refused at this size before any work; the text of
    /// a DOCX, web page or PDF once it is read.
    public var maxDocumentBytes: Int
    /// The largest file accepted as uploaded, of any format (32 MB, the server's upload limit): a
    /// DOCX or PDF with pictures is far larger than its text.
    public var maxFileBytes: Int
    /// The most facts (service items, targets, tasks and projects together) one document may
    /// propose (5,000: over 40 times the richest seed). A document that proposes more is not a
    /// plan a person could review, so it is refused rather than stored.
    public var maxExtractions: Int
    /// How long reading one document may take before it is given up.
    public var timeLimit: Duration

    public init(
        maxDocumentBytes: Int = 5 << 20, maxFileBytes: Int = 32 << 20, maxExtractions: Int = 5_000,
        timeLimit: Duration = .seconds(10)
    ) {
        self.maxDocumentBytes = maxDocumentBytes
        self.maxFileBytes = maxFileBytes
        self.maxExtractions = maxExtractions
        self.timeLimit = timeLimit
    }
}

/// One ingestion's account of its limits: the loops that grow with the document call `check()`
/// (deadline and cancellation), the extractors `count(_:)` the facts they propose.
/// Lives inside one call, on one thread.
final class IngestBudget {
    let limits: IngestLimits
    private let clock = ContinuousClock()
    private let deadline: ContinuousClock.Instant
    private let isCancelled: @Sendable () -> Bool
    private(set) var extractions = 0

    init(limits: IngestLimits, isCancelled: @escaping @Sendable () -> Bool) {
        self.limits = limits
        self.isCancelled = isCancelled
        deadline = clock.now.advanced(by: limits.timeLimit)
    }

    /// A budget that never stops anything, for the extractors' own tests.
    static func unlimited() -> IngestBudget {
        IngestBudget(limits: IngestLimits(maxDocumentBytes: .max, maxFileBytes: .max, maxExtractions: .max, timeLimit: .seconds(86_400 * 365)),
                     isCancelled: { false })
    }

    /// Stops the ingestion when its caller has gone (the task was cancelled) or time is up.
    func check() throws(IngestError) {
        if Task.isCancelled || isCancelled() { throw .cancelled }
        if clock.now > deadline { throw .timedOut(limits.timeLimit) }
    }

    /// Counts proposed facts and stops the ingestion past `maxExtractions`; also a `check()`.
    func count(_ added: Int) throws(IngestError) {
        extractions += added
        guard extractions <= limits.maxExtractions else { throw .tooManyExtractions(limit: limits.maxExtractions) }
        try check()
    }
}

import JunhengCore
import Testing

/// Expects `body` to be refused with this kind of `JunhengError` — not merely any error — and
/// returns the error for a closer look.
@discardableResult
public func expectRefusal(_ kind: JunhengError.Kind, sourceLocation: SourceLocation = #_sourceLocation,
                          _ body: () async throws -> Void) async -> JunhengError? {
    do {
        try await body()
        Issue.record("expected a \(kind) refusal, but it succeeded", sourceLocation: sourceLocation)
    } catch let error as JunhengError {
        #expect(error.kind == kind, "\(error)", sourceLocation: sourceLocation)
        return error
    } catch {
        Issue.record("expected a \(kind) refusal, got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}

import JunhengCore
import SQLKit

/// Where a stored number or fact came from: the document, the offsets and the sentence.
public struct ProvenanceRecord: Codable, Sendable, Equatable {
    public var entity: String
    public var entityID: Int64
    public var sourceDocumentID: Int64
    public var filename: String
    public var planID: Int64?
    public var span: TextSpan
    public var quote: String
}

/// Provenance of what publishing a plan created: which sentence of which document each record came from.
public struct ProvenanceStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) { self.db = db }

    /// Records that `entity` `entityID` was read from `source` in document `document`.
    func record(entity: String, entityID: Int64, document: Int64, _ source: Extraction) async throws {
        try await db.insert(into: "provenance")
            .columns("source_document_id", "entity", "entity_id", "repaired_start", "repaired_end",
                     "original_start", "original_end", "quote")
            .values(SQLBind(document), SQLBind(entity), SQLBind(entityID), SQLBind(source.span.repairedStart),
                    SQLBind(source.span.repairedEnd), SQLBind(source.span.originalStart),
                    SQLBind(source.span.originalEnd), SQLBind(source.quote))
            .run()
    }

    public func records(entity: String, entityID: Int64) async throws -> [ProvenanceRecord] {
        try await db.raw("""
            SELECT p.entity, p.entity_id, p.source_document_id, d.filename, d.plan_id, p.repaired_start,
                   p.repaired_end, p.original_start, p.original_end, p.quote
            FROM provenance p JOIN source_documents d ON d.id = p.source_document_id
            WHERE p.entity = \(bind: entity) AND p.entity_id = \(bind: entityID) ORDER BY p.id
            """).all().map { row in
            ProvenanceRecord(
                entity: try row.decode(column: "entity", as: String.self),
                entityID: try row.decode(column: "entity_id", as: Int64.self),
                sourceDocumentID: try row.decode(column: "source_document_id", as: Int64.self),
                filename: try row.decode(column: "filename", as: String.self),
                planID: try row.decode(column: "plan_id", as: Int64?.self),
                span: TextSpan(repairedStart: try row.decode(column: "repaired_start", as: Int.self),
                               repairedEnd: try row.decode(column: "repaired_end", as: Int.self),
                               originalStart: try row.decode(column: "original_start", as: Int.self),
                               originalEnd: try row.decode(column: "original_end", as: Int.self)),
                quote: try row.decode(column: "quote", as: String.self))
        }
    }
}

import ExternalPrograms
import Foundation
import JunhengCore
import Synchronization
import TextFormats
import PlanIngest
import Storage

/// Turns what the ingester read into a draft plan whose facts a planner reviews one by one.
public enum PlanDraftBuilder {
    /// Reads the document and builds the draft. The region is the one the document names unless
    /// the caller overrides it; a document whose region cannot be resolved needs the override.
    /// Text, DOCX and web pages are read directly; a PDF or a .doc/.wps file is converted first with
    /// `converter` (pdftotext, LibreOffice), see `PlanFileReader`.
    /// - Throws: `invalid` on the field `file` for a document that is not a readable plan, cannot
    ///   be converted or passes one of `limits` (size, number of facts, time); `CancellationError`
    ///   when `isCancelled` turns true (or the calling task is cancelled) while it reads.
    public static func draft(document data: Data, filename: String, region override: RegionCode?,
                             limits: IngestLimits = IngestLimits(), converter: DocumentConverter = DocumentConverter(),
                             isCancelled: @escaping @Sendable () -> Bool = { false }) throws -> PlanDraft {
        let ingestion: Ingestion
        do {
            ingestion = try PlanFileReader.ingest(data, regions: PlanIngestSupport.regionTable, limits: limits,
                                                  converter: converter, isCancelled: isCancelled)
        } catch IngestError.cancelled {
            throw CancellationError()
        } catch let error as CancellationError {
            throw error
        } catch {
            let reason = PlanFileReader.chineseDescription(of: error) ?? "\(error)"
            throw JunhengError.invalid(field: "file", "无法读取文件“\(filename.excerpt())”：\(reason)")
        }
        let result = ingestion.result
        let facts = result.document
        guard let region = override ?? facts.regionCode.flatMap(RegionCode.init(rawValue:)) else {
            throw JunhengError.invalid(field: "region", "无法从文件确定所属地区（发文单位：\(facts.issuer?.text ?? "未知")），请指定地区代码")
        }
        let json = String(decoding: try result.jsonData(), as: UTF8.self)
        return PlanDraft(
            plan: PlanRecord(regionCode: region, title: facts.title?.text ?? filename, issuer: facts.issuer?.text ?? "",
                             documentNumber: facts.documentNumber ?? "", signedOn: facts.signedDate,
                             publishedOn: facts.publishedDate, periodStart: facts.periodStart, periodEnd: facts.periodEnd),
            basedOn: facts.basedOn.map { PlanDraft.Reference(title: $0.title, documentNumber: $0.documentNumber ?? "") },
            document: SourceDocument(filename: filename, encoding: facts.encoding, originalText: ingestion.originalText,
                                     repairedText: ingestion.repairedText),
            extractionJSON: json, extractions: extractions(from: result))
    }

    /// `draft(document:…)` on a thread of its own, so a large document neither holds one of the
    /// few threads that serve requests nor outlives its caller: when the calling task is cancelled
    /// (Hummingbird cancels a handler whose client has gone), the ingester sees it at its next
    /// check and stops, and this throws `CancellationError`.
    public static func draftOffThread(document data: Data, filename: String, region: RegionCode?,
                                      limits: IngestLimits = IngestLimits()) async throws -> PlanDraft {
        try Task.checkCancellation()
        let flag = CancellationFlag()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                ingestionQueue.async {
                    continuation.resume(with: Result {
                        try draft(document: data, filename: filename, region: region, limits: limits,
                                  isCancelled: { flag.isSet })
                    })
                }
            }
        } onCancel: {
            flag.set()
        }
    }

    /// Where documents are read: a concurrent queue outside Swift's cooperative pool.
    private static let ingestionQueue = DispatchQueue(label: "junheng.plan-ingestion", qos: .userInitiated,
                                                      attributes: .concurrent)

    /// The facts of an ingestion as proposals to review, in the document's order by kind, each
    /// with the rule that proposed it, its confidence and (items) where it was read.
    static func extractions(from result: IngestResult) -> [Extraction] {
        var extractions: [Extraction] = []
        for domain in result.domains {
            for item in domain.items {
                extractions.append(Extraction.proposed(kind: .item, fields: ["domain": domain.name, "name": item.name],
                                                       span: span(item.quote.span), quote: item.quote.text, rule: item.rule,
                                                       confidence: item.confidence, origin: item.origin))
            }
        }
        for target in result.targets {
            extractions.append(Extraction.proposed(kind: .target, fields: [
                "indicator": target.indicator, "comparator": target.comparator, "value": number(target.value),
                "valueHigh": target.valueHigh.map(number) ?? "", "unit": target.unit, "per": target.per ?? "",
                "year": target.year.map(String.init) ?? "", "baselineYear": target.baseline?.year.map(String.init) ?? "",
                "baselineValue": target.baseline.map { number($0.value) } ?? "", "kind": target.kind,
                "attribute": target.attribute ?? "",
                // A proposal the reviewer can correct: time, distance and harms are lower-is-better.
                "direction": DirectionProposal.proposed(indicator: target.indicator, unit: target.unit,
                                                        comparator: TargetComparator(rawValue: target.comparator) ?? .atLeast).rawValue,
            ], span: span(target.span), quote: target.quote, rule: target.rule, confidence: target.confidence))
        }
        for task in result.tasks {
            extractions.append(Extraction.proposed(kind: .task, fields: [
                "title": task.title, "lead": task.lead ?? "",
                "cooperating": task.cooperating.joined(separator: String(PlanReviewRules.listSeparator)),
            ], span: span(task.quote.span), quote: task.quote.text, rule: task.rule, confidence: task.confidence))
        }
        for project in result.projects {
            let single = project.quantities.count == 1 ? project.quantities.first : nil
            extractions.append(Extraction.proposed(kind: .project, fields: [
                "name": project.name, "targetValue": single.map { number($0.value) } ?? "", "targetUnit": single?.unit ?? "",
                "quantities": project.quantities.map { "\($0.phrase)" }.joined(separator: "；"),
            ], span: span(project.quote.span), quote: project.quote.text, rule: project.rule,
               confidence: project.confidence))
        }
        return extractions
    }

    static func span(_ span: Span) -> TextSpan {
        TextSpan(repairedStart: span.start, repairedEnd: span.end, originalStart: span.originalStart, originalEnd: span.originalEnd)
    }

    /// 80 → "80", 83.2 → "83.2": the number as a planner would type it.
    static func number(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}

/// Set once by a cancellation handler, read by the ingester on another thread.
final class CancellationFlag: Sendable {
    private let value = Atomic<Bool>(false)

    var isSet: Bool { value.load(ordering: .relaxed) }

    func set() { value.store(true, ordering: .relaxed) }
}

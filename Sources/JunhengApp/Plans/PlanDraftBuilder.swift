import Foundation
import JunhengCore
import PlanIngest
import Storage

/// Turns what the ingester read into a draft plan whose facts a planner reviews one by one.
public enum PlanDraftBuilder {
    /// Reads the document and builds the draft. The region is the one the document names unless
    /// the caller overrides it; a document whose region cannot be resolved needs the override.
    public static func draft(document data: Data, filename: String, region override: RegionCode?) throws -> PlanDraft {
        let ingestion: Ingestion
        do {
            ingestion = try PlanIngester.ingest(data, regions: PlanIngestSupport.regionTable)
        } catch {
            throw JunhengError.invalid(field: "file", "无法读取文件“\(filename)”：\(error)")
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

    static func extractions(from result: IngestResult) -> [Extraction] {
        var extractions: [Extraction] = []
        for domain in result.domains {
            for item in domain.items {
                extractions.append(Extraction.proposed(kind: .item, fields: ["domain": domain.name, "name": item.name],
                                                 span: span(item.quote.span), quote: item.quote.text))
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
            ], span: span(target.span), quote: target.quote))
        }
        for task in result.tasks {
            extractions.append(Extraction.proposed(kind: .task, fields: [
                "title": task.title, "lead": task.lead ?? "",
                "cooperating": task.cooperating.joined(separator: String(PlanReviewRules.listSeparator)),
            ], span: span(task.quote.span), quote: task.quote.text))
        }
        for project in result.projects {
            let single = project.quantities.count == 1 ? project.quantities.first : nil
            extractions.append(Extraction.proposed(kind: .project, fields: [
                "name": project.name, "targetValue": single.map { number($0.value) } ?? "", "targetUnit": single?.unit ?? "",
                "quantities": project.quantities.map { "\($0.phrase)" }.joined(separator: "；"),
            ], span: span(project.quote.span), quote: project.quote.text))
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

import Foundation
import OfficePackage
import PlanIngest

extension Fixtures {
    /// The plan of `scripts/make-format-fixtures.sh` in one of its formats: `qinghe-plan.docx` …
    static func format(_ name: String) throws -> Data {
        try data("formats/" + name)
    }
}

/// What a reviewer checks of a plan, independent of the file it came in: the comparisons the
/// format tests make.
struct ReviewedFacts: Equatable, CustomStringConvertible {
    var targets: [String]
    var items: [String]
    var tasks: [String]

    init(_ result: IngestResult) {
        targets = result.targets.map { "\($0.indicator) \($0.comparator) \($0.value) \($0.unit)" }
        items = result.domains.flatMap { domain in domain.items.map { "\(domain.name)/\($0.name)" } }
        tasks = result.tasks.map { "\($0.title) ← \($0.lead ?? "-")" }
    }

    var description: String {
        "targets:\n  " + targets.joined(separator: "\n  ") + "\nitems:\n  " + items.joined(separator: "\n  ")
            + "\ntasks:\n  " + tasks.joined(separator: "\n  ")
    }
}

/// DOCX files written part by part, for the DOCX reader's tests.
enum DocxFixture {
    static let namespaces =
        #"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape""#

    /// A package with `body` inside `<w:body>`, and the numbering and styles parts when given.
    static func make(body: String, numbering: String? = nil, styles: String? = nil, otherParts: [String: String] = [:]) throws -> Data {
        var parts: [(path: String, bytes: [UInt8])] = [
            ("[Content_Types].xml", Array(#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#.utf8)),
            ("word/document.xml", Array(#"<?xml version="1.0" encoding="UTF-8"?><w:document \#(namespaces)><w:body>\#(body)</w:body></w:document>"#.utf8)),
        ]
        if let numbering {
            parts.append(("word/numbering.xml", Array(#"<w:numbering \#(namespaces)>\#(numbering)</w:numbering>"#.utf8)))
        }
        if let styles { parts.append(("word/styles.xml", Array(#"<w:styles \#(namespaces)>\#(styles)</w:styles>"#.utf8))) }
        for (path, xml) in otherParts.sorted(by: { $0.key < $1.key }) { parts.append((path, Array(xml.utf8))) }
        return try ZipWriter.zip(parts)
    }

    /// A paragraph of one run; `properties` goes into `<w:pPr>`.
    static func paragraph(_ text: String, properties: String = "") -> String {
        "<w:p><w:pPr>\(properties)</w:pPr><w:r><w:t xml:space=\"preserve\">\(text)</w:t></w:r></w:p>"
    }

    /// The lines the reader makes of a document.
    static func lines(_ data: Data) throws -> [String] {
        try PlanIngester.ingest(data).originalText.components(separatedBy: "\n")
    }
}

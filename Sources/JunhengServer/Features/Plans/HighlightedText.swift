import JunhengCore
import Storage

enum HTML {
    static func escape(_ text: some StringProtocol) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}

/// The repaired text of a plan as HTML with every extraction marked. Spans may overlap (a task's
/// sentence holds a target's number), so the text is cut at every span boundary and each piece is
/// marked with all the extractions that cover it. Every piece is one element holding one text
/// node, with `data-at` its offset in the repaired text (Unicode scalars): the page's script
/// reads a selection's offsets from them, however the marks cut the text.
enum HighlightedText {
    static func html(text: String, extractions: [Extraction]) -> String {
        let scalars = Array(text.unicodeScalars)
        let spans = extractions.map { extraction -> (Extraction, Int, Int) in
            let start = min(max(0, extraction.span.repairedStart), scalars.count)
            return (extraction, start, min(max(start, extraction.span.repairedEnd), scalars.count))
        }.filter { $0.1 < $0.2 }
        let anchors = Dictionary(grouping: spans, by: \.1)
        let boundaries = Set([0, scalars.count] + spans.flatMap { [$0.1, $0.2] }).sorted()
        var html = ""
        for (start, end) in zip(boundaries, boundaries.dropFirst()) {
            for (extraction, _, _) in anchors[start] ?? [] { html += "<span class=\"anchor\" id=\"x\(extraction.id)\"></span>" }
            var piece = String.UnicodeScalarView()
            piece.append(contentsOf: scalars[start..<end])
            let covering = spans.filter { $0.1 <= start && end <= $0.2 }.map(\.0)
            if covering.isEmpty {
                html += "<span data-at=\"\(start)\">" + HTML.escape(String(piece)) + "</span>"
            } else {
                let classes = Set(covering.map { "k-\($0.kind.rawValue)" } + covering.map { "s-\($0.status.rawValue)" })
                html += "<mark class=\"\(classes.sorted().joined(separator: " "))\" title=\"\(covering.map { "#\($0.id)" }.joined(separator: " "))\""
                    + " data-at=\"\(start)\">" + HTML.escape(String(piece)) + "</mark>"
            }
        }
        return html
    }
}

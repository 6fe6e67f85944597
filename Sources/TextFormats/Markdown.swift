import Foundation

/// A span of text in a Markdown block: plain, **bold** or *italic*.
public enum MarkdownInline: Sendable, Hashable {
    case text(String)
    case bold(String)
    case italic(String)
}

/// A block of the Markdown a planner writes in a report's text sections.
public enum MarkdownBlock: Sendable, Hashable {
    case heading(level: Int, [MarkdownInline])
    case paragraph([MarkdownInline])
    case bullets([[MarkdownInline]])
    case numbered([[MarkdownInline]])
}

/// The small Markdown of report sections: paragraphs, `#` headings, `-`/`*` bullet lists, `1.`/`1、`
/// numbered lists, `**bold**` and `*italic*`. Everything else is text, and HTML in the input is
/// text too (escaped on output), so a planner's section can never inject markup into a report.
public enum Markdown {
    public static func parse(_ source: String) -> [MarkdownBlock] {
        var blocks: [MarkdownBlock] = []
        var paragraph: [String] = []
        var list: (numbered: Bool, items: [[MarkdownInline]])?

        func flushParagraph() {
            if !paragraph.isEmpty { blocks.append(.paragraph(inlines(paragraph.joined(separator: " ")))) }
            paragraph = []
        }
        func flushList() {
            if let list { blocks.append(list.numbered ? .numbered(list.items) : .bullets(list.items)) }
            list = nil
        }

        for rawLine in source.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty {
                flushParagraph()
                flushList()
                continue
            }
            if let (level, text) = heading(line) {
                flushParagraph()
                flushList()
                blocks.append(.heading(level: level, inlines(text)))
            } else if let (numbered, text) = listItem(line) {
                flushParagraph()
                if list?.numbered != numbered { flushList() }
                list = (numbered, (list?.items ?? []) + [inlines(text)])
            } else if list != nil, rawLine.first == " " || rawLine.first == "\t" {
                // An indented line continues the list item above it.
                var items = list!.items
                items[items.count - 1] += [.text(" ")] + inlines(line)
                list!.items = items
            } else {
                flushList()
                paragraph.append(line)
            }
        }
        flushParagraph()
        flushList()
        return blocks
    }

    /// The blocks as HTML, every text escaped; headings start at `headingLevel` (`#` → h`headingLevel`).
    public static func html(_ blocks: [MarkdownBlock], headingLevel: Int = 3) -> String {
        blocks.map { block in
            switch block {
            case .heading(let level, let spans):
                let tag = "h\(min(6, headingLevel + level - 1))"
                return "<\(tag)>\(html(spans))</\(tag)>"
            case .paragraph(let spans):
                return "<p>\(html(spans))</p>"
            case .bullets(let items):
                return "<ul>" + items.map { "<li>\(html($0))</li>" }.joined() + "</ul>"
            case .numbered(let items):
                return "<ol>" + items.map { "<li>\(html($0))</li>" }.joined() + "</ol>"
            }
        }.joined(separator: "\n")
    }

    public static func html(_ spans: [MarkdownInline]) -> String {
        spans.map { span in
            switch span {
            case .text(let text): escape(text)
            case .bold(let text): "<strong>\(escape(text))</strong>"
            case .italic(let text): "<em>\(escape(text))</em>"
            }
        }.joined()
    }

    /// The text without its markup (for a plain-text rendering).
    public static func plainText(_ spans: [MarkdownInline]) -> String {
        spans.map { span in
            switch span {
            case .text(let text), .bold(let text), .italic(let text): text
            }
        }.joined()
    }

    static func escape(_ text: String) -> String {
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

    private static func heading(_ line: String) -> (Int, String)? {
        let hashes = line.prefix { $0 == "#" }.count
        guard (1...4).contains(hashes), line.dropFirst(hashes).first == " " else { return nil }
        return (hashes, line.dropFirst(hashes).trimmingCharacters(in: .whitespaces))
    }

    /// `- a`, `* a`, `+ a`, `1. a`, `1) a`, `1、a`, `（1）a`.
    private static func listItem(_ line: String) -> (numbered: Bool, text: String)? {
        if let first = line.first, "-*+".contains(first), line.dropFirst().first == " " {
            return (false, line.dropFirst(2).trimmingCharacters(in: .whitespaces))
        }
        let digits = line.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, digits.count <= 3 {
            let rest = line.dropFirst(digits.count)
            if rest.hasPrefix(". ") || rest.hasPrefix(") ") { return (true, rest.dropFirst(2).trimmingCharacters(in: .whitespaces)) }
            if rest.hasPrefix("、") { return (true, rest.dropFirst().trimmingCharacters(in: .whitespaces)) }
        }
        if line.hasPrefix("（"), let close = line.firstIndex(of: "）") {
            let inner = line[line.index(after: line.startIndex)..<close]
            if !inner.isEmpty, inner.count <= 3, inner.allSatisfy({ $0.isNumber || "一二三四五六七八九十".contains($0) }) {
                return (true, line[line.index(after: close)...].trimmingCharacters(in: .whitespaces))
            }
        }
        return nil
    }

    /// `**bold**` and `*italic*`; an unmatched marker stays as text.
    static func inlines(_ text: String) -> [MarkdownInline] {
        var spans: [MarkdownInline] = []
        var plain = ""
        var rest = Substring(text)
        while let star = rest.firstIndex(of: "*") {
            let isBold = rest[star...].hasPrefix("**")
            let marker = isBold ? "**" : "*"
            let contentStart = rest.index(star, offsetBy: marker.count)
            guard let end = rest[contentStart...].range(of: marker), end.lowerBound > contentStart else {
                plain += rest[..<contentStart]
                rest = rest[contentStart...]
                continue
            }
            plain += rest[..<star]
            if !plain.isEmpty { spans.append(.text(plain)) }
            plain = ""
            let content = String(rest[contentStart..<end.lowerBound])
            spans.append(isBold ? .bold(content) : .italic(content))
            rest = rest[end.upperBound...]
        }
        plain += rest
        if !plain.isEmpty { spans.append(.text(plain)) }
        return spans
    }
}

import TextFormats

extension StringProtocol {
    /// True when the text holds U+0000, which databases and C libraries take as its end.
    public var containsNUL: Bool { utf8.contains(0) }
}

/// How text that someone else typed is refused or where it may lead: NUL characters, and the only
/// places a sign-in may return to. Error messages quote it through `excerpt()` (TextFormats).
public enum TextSafety {
    /// The reason given for a value with a NUL character (stored, it would be cut at that point).
    public static let nulReason = "含有空字符（NUL, U+0000），请删除后重新提交"

    /// `invalid` naming the first field (by name) whose value holds U+0000: a form's fields, a
    /// multipart form's text fields, the strings of a JSON body by their path.
    public static func refuseNUL(in fields: [String: String]) throws(JunhengError) {
        if let field = fields.filter({ $0.value.containsNUL || $0.key.containsNUL }).keys.sorted().first {
            throw JunhengError.invalid(field: field.excerpt(), nulReason)
        }
    }

    /// The path a sign-in may continue to: `next` when it is a path on this site (`/…`), else "/".
    ///
    /// Browsers drop tabs and line breaks from a URL and read a backslash as a slash, so
    /// `/%09/evil.example` or `/\evil.example` would leave the site as `//evil.example`. The value
    /// is therefore looked at as given and after each round of percent-decoding (so encoded forms
    /// are caught too), and refused when any of those forms holds a control character, a
    /// backslash or (as given) anything but printable ASCII, does not start with exactly one "/"
    /// (no `//host`, no `https:`), or is longer than 2,000 characters.
    public static func safeRedirectPath(_ next: String?) -> String {
        guard let next, !next.isEmpty, next.utf8.count <= 2000 else { return "/" }
        var form = next
        for round in 0..<4 {
            guard isLocalPath(form, asGiven: round == 0) else { return "/" }
            guard let decoded = percentDecoded(form), decoded != form else { return next }
            form = decoded
        }
        // Still changing after four rounds of decoding: nothing a real link needs.
        return "/"
    }

    /// The value itself goes into a `Location` header, so it must be printable ASCII (no controls,
    /// spaces or backslashes); a decoded form may hold other Unicode (a search for 临城) but no
    /// control character or backslash. Either must start with exactly one "/".
    private static func isLocalPath(_ text: String, asGiven: Bool) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.first == UInt8(ascii: "/") else { return false }
        if bytes.count > 1, bytes[1] == UInt8(ascii: "/") { return false }
        if asGiven { return bytes.allSatisfy { (0x21...0x7E).contains($0) && $0 != UInt8(ascii: "\\") } }
        return !text.unicodeScalars.contains { $0 == "\\" || $0.properties.generalCategory == .control
            || $0.properties.generalCategory == .lineSeparator || $0.properties.generalCategory == .paragraphSeparator }
    }

    /// One round of percent-decoding; nil when a `%` is not followed by two hex digits or the
    /// result is not UTF-8.
    static func percentDecoded(_ text: String) -> String? {
        var output: [UInt8] = []
        var bytes = text.utf8.makeIterator()
        while let byte = bytes.next() {
            guard byte == UInt8(ascii: "%") else { output.append(byte); continue }
            guard let high = bytes.next().flatMap(hexValue), let low = bytes.next().flatMap(hexValue) else { return nil }
            output.append(high << 4 | low)
        }
        return String(validating: output, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

/// Text made safe for XML 1.0 character data and attribute values.
enum XMLText {
    /// Escapes `& < > "` and drops the characters XML 1.0 forbids (control characters other than
    /// tab, line feed and carriage return; U+FFFE and U+FFFF), which would make Word refuse the file.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default:
                if isAllowed(scalar) { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD: true
        case 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }

    /// A relationship target Word accepts: it rejects the whole file over a hyperlink whose target
    /// is not a valid URI, so spaces, non-ASCII and other unsafe characters are percent-encoded.
    static func uri(_ link: String) -> String {
        let unsafe: Set<UInt8> = Set(" \"<>\\^`{|}".utf8)
        var out = ""
        for byte in link.utf8 {
            if byte > 0x20 && byte < 0x7F && !unsafe.contains(byte) {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return escape(out)
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: Swift.max(0, width - count)) + self
    }
}

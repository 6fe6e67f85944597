import JunhengCore
import NIOCore

/// The warnings API's answer written straight into bytes: exactly what `JSONCoding.encoder()`
/// makes of `ItemList<EarlyWarning>` (keys sorted, slashes unescaped, an absent department or year
/// left out), at a fraction of the cost. A province's thousand warnings spent a fifth of the
/// request in Foundation's encoder, which builds a tree of boxed values first.
enum WarningsJSON {
    static func encode(_ warnings: [EarlyWarning]) -> ByteBuffer {
        var out: [UInt8] = []
        out.reserveCapacity(256 * warnings.count + 32)
        out += Array("{\"count\":\(warnings.count),\"items\":[".utf8)
        for (index, warning) in warnings.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "{"))
            if let department = warning.departmentID { out += Array("\"departmentID\":\(department),".utf8) }
            out += Array("\"indicatorID\":\(warning.indicatorID),\"indicatorName\":".utf8)
            string(warning.indicatorName, into: &out)
            out += Array(",\"kind\":".utf8)
            string(warning.kind.rawValue, into: &out)
            out += Array(",\"message\":".utf8)
            string(warning.message, into: &out)
            out += Array(",\"regionCode\":".utf8)
            string(warning.regionCode, into: &out)
            out += Array(",\"regionName\":".utf8)
            string(warning.regionName, into: &out)
            out += Array(",\"severity\":".utf8)
            string(warning.severity, into: &out)
            if let year = warning.year { out += Array(",\"year\":\(year)".utf8) }
            out.append(UInt8(ascii: "}"))
        }
        out += Array("]}".utf8)
        return ByteBuffer(bytes: out)
    }

    /// A JSON string as Foundation writes it: quote, backslash and control characters escaped,
    /// everything else (slashes, Chinese) as its UTF-8.
    static func string(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0x08: out += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
            case 0x0C: out += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

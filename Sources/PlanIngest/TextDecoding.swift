import Foundation
import TextFormats

/// The encodings the decoder recognises.
enum DetectedEncoding: String, Sendable {
    case utf8 = "utf-8", utf8BOM = "utf-8-bom", utf16LE = "utf-16le", utf16BE = "utf-16be", gb18030
}

/// Picks the encoding of raw bytes and decodes them, more forgivingly than the shared
/// `TextDecoding` that it builds on: a plan is worth reading despite a few broken characters, so
/// UTF-8 and UTF-16 decode with U+FFFD for what is broken, UTF-16 without a byte-order mark is
/// recognised, and binary files are told apart from text.
enum TextDecoder {
    static func decode(_ data: Data) throws(IngestError) -> (String, DetectedEncoding) {
        guard !data.isEmpty else { throw .empty }
        let bytes = [UInt8](data)
        if let mark = TextDecoding.byteOrderMark(of: bytes) {
            let rest = Array(bytes.dropFirst(mark.length))
            switch mark.encoding {
            case .utf8: return (try utf8(rest), .utf8BOM)
            case .utf16LittleEndian: return (try utf16(rest, littleEndian: true), .utf16LE)
            case .utf16BigEndian: return (try utf16(rest, littleEndian: false), .utf16BE)
            case .gb18030: break  // no mark names it
            }
        }
        if let endian = utf16Guess(bytes) { return (try utf16(bytes, littleEndian: endian), endian ? .utf16LE : .utf16BE) }
        if let text = String(validating: bytes, as: UTF8.self) {
            try rejectBinary(text)
            return (text, .utf8)
        }
        if let text = GBKCodec.decode(bytes) {
            try rejectBinary(text)
            return (text, .gb18030)
        }
        // Mostly UTF-8 with a few broken bytes: keep what is readable, U+FFFD marks the rest.
        let lossy = String(decoding: bytes, as: UTF8.self)
        let broken = lossy.unicodeScalars.reduce(0) { $1 == "\u{FFFD}" ? $0 + 1 : $0 }
        guard broken * 20 < lossy.unicodeScalars.count else { throw .unreadable("not UTF-8, UTF-16 or GB18030 text") }
        try rejectBinary(lossy)
        return (lossy, .utf8)
    }

    private static func utf8(_ bytes: [UInt8]) throws(IngestError) -> String {
        guard !bytes.isEmpty else { throw .empty }
        let text = String(decoding: bytes, as: UTF8.self)
        try rejectBinary(text)
        return text
    }

    private static func utf16(_ bytes: [UInt8], littleEndian: Bool) throws(IngestError) -> String {
        guard bytes.count >= 2 else { throw .empty }
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var i = 0
        while i + 1 < bytes.count {
            let a = UInt16(bytes[i]), b = UInt16(bytes[i + 1])
            units.append(littleEndian ? a | b << 8 : a << 8 | b)
            i += 2
        }
        let text = String(decoding: units, as: UTF16.self)
        try rejectBinary(text)
        return text
    }

    /// BOM-less UTF-16: CJK text has few zero bytes, but ASCII newlines and digits put zeros
    /// on one parity; a Han-dominated text puts bytes 0x4E–0x9F on one parity.
    private static func utf16Guess(_ bytes: [UInt8]) -> Bool? {
        guard bytes.count >= 4, bytes.count % 2 == 0 else { return nil }
        let sample = bytes.prefix(4096)
        var zeroEven = 0, zeroOdd = 0, hanEven = 0, hanOdd = 0
        for (i, b) in sample.enumerated() {
            if b == 0 { if i % 2 == 0 { zeroEven += 1 } else { zeroOdd += 1 } }
            if (0x4E...0x9F).contains(b) { if i % 2 == 0 { hanEven += 1 } else { hanOdd += 1 } }
        }
        let pairs = sample.count / 2
        // Han code points like U+4E00 put a zero in the low byte too, so compare rather than require none.
        if zeroOdd * 10 > pairs && zeroOdd > zeroEven * 4 { return true }
        if zeroEven * 10 > pairs && zeroEven > zeroOdd * 4 { return false }
        // Pure Han UTF-16: the high byte of every unit lies in 0x4E–0x9F; UTF-8/GBK never look like that.
        if zeroEven + zeroOdd == 0 {
            if hanOdd * 10 > pairs * 9 { return true }
            if hanEven * 10 > pairs * 9 { return false }
        }
        return nil
    }

    /// Text with many control characters is a binary file that happened to decode.
    private static func rejectBinary(_ text: String) throws(IngestError) {
        var controls = 0, total = 0
        for s in text.unicodeScalars.prefix(8192) {
            total += 1
            if s.value < 0x20 && s != "\n" && s != "\r" && s != "\t" && s != "\u{0C}" { controls += 1 }
        }
        guard total > 0 else { throw .empty }
        if controls * 10 > total { throw .unreadable("binary content (\(controls) control characters in the first \(total))") }
        // A few NULs in otherwise readable text: refused rather than stored, since a database or C
        // string would end the text there.
        if let nul = text.unicodeScalars.firstIndex(of: "\u{0}") {
            let line = text.unicodeScalars[..<nul].reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
            throw .unreadable("a NUL character (U+0000) on line \(line); remove it and upload again")
        }
        if text.unicodeScalars.allSatisfy({ $0.properties.isWhitespace }) { throw .empty }
    }
}

/// GBK/GB18030 through the shared `TextConverter`, plus what the mojibake repair needs: the
/// two-byte GBK table both ways and the GBK user-defined areas that GB18030-2000 decoders map to
/// private-use characters (these show up inside mojibake).
enum GBKCodec {
    /// Decodes GB18030 bytes; nil when they are not valid GB18030.
    static func decode(_ bytes: [UInt8]) -> String? {
        guard let utf8 = try? TextConverter(from: .gb18030).utf8(from: bytes) else { return nil }
        return String(validating: utf8, as: UTF8.self)
    }

    /// GBK bytes for one scalar, or nil when it has no one- or two-byte GBK form.
    static func encode(_ scalar: Unicode.Scalar) -> [UInt8]? {
        let v = scalar.value
        if v < 0x80 { return [UInt8(v)] }
        if let pua = userDefinedBytes(v) { return pua }
        guard let code = table.encode[v] else { return nil }
        return [UInt8(code >> 8), UInt8(code & 0xFF)]
    }

    /// The scalar for a two-byte GBK code, or nil when the pair is not a GBK character.
    static func decodePair(_ lead: UInt8, _ trail: UInt8) -> Unicode.Scalar? {
        table.decode[UInt16(lead) << 8 | UInt16(trail)].flatMap(Unicode.Scalar.init)
    }

    /// Every two-byte GBK character, built once through a single converter.
    private static let table: (decode: [UInt16: UInt32], encode: [UInt32: UInt16]) = {
        var decode: [UInt16: UInt32] = [:], encode: [UInt32: UInt16] = [:]
        guard let converter = try? TextConverter(from: .gb18030) else { return (decode, encode) }
        for lead in UInt8(0x81)...0xFE {
            for trail in UInt8(0x40)...0xFE where trail != 0x7F {
                guard let utf8 = try? converter.utf8(from: [lead, trail]) else { continue }
                let scalars = String(decoding: utf8, as: UTF8.self).unicodeScalars
                guard scalars.count == 1, let v = scalars.first?.value else { continue }
                let code = UInt16(lead) << 8 | UInt16(trail)
                decode[code] = v
                if encode[v] == nil { encode[v] = code }
            }
        }
        return (decode, encode)
    }()

    /// Inverse of the CP936 / GB18030-2000 user-defined area mapping.
    private static func userDefinedBytes(_ v: UInt32) -> [UInt8]? {
        func row(_ index: UInt32, leadBase: UInt32, trailsPerRow: UInt32, trailBase: UInt32, skip7F: Bool) -> [UInt8] {
            let lead = leadBase + index / trailsPerRow
            var trail = trailBase + index % trailsPerRow
            if skip7F && trail >= 0x7F { trail += 1 }
            return [UInt8(lead), UInt8(trail)]
        }
        switch v {
        case 0xE000..<0xE234: return row(v - 0xE000, leadBase: 0xAA, trailsPerRow: 94, trailBase: 0xA1, skip7F: false)
        case 0xE234..<0xE4C6: return row(v - 0xE234, leadBase: 0xF8, trailsPerRow: 94, trailBase: 0xA1, skip7F: false)
        case 0xE4C6..<0xE766: return row(v - 0xE4C6, leadBase: 0xA1, trailsPerRow: 96, trailBase: 0x40, skip7F: true)
        case 0xE815...0xE864: return row(v - 0xE815, leadBase: 0xFE, trailsPerRow: 80, trailBase: 0x50, skip7F: true)
        default: return nil
        }
    }
}

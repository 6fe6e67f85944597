#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The text encodings Junheng reads: what Chinese Excel, WPS and government web sites write.
public enum TextEncoding: String, Sendable, Hashable, CustomStringConvertible {
    case utf8 = "UTF-8"
    /// Superset of GBK and GB2312: what Chinese Excel and WPS write as "CSV".
    case gb18030 = "GB18030"
    case utf16LittleEndian = "UTF-16LE"
    case utf16BigEndian = "UTF-16BE"

    public var description: String { rawValue }
}

/// Why bytes could not be turned into UTF-8.
public struct TextDecodingError: Error, Sendable, Hashable {
    public enum Problem: Sendable, Hashable {
        /// This system has no converter for the encoding.
        case unavailable
        /// The bytes are not valid in the encoding.
        case undecodable
    }

    public let problem: Problem
    public let encoding: TextEncoding
    /// 1-based line holding the first undecodable byte (line feeds counted in the source encoding).
    public let line: Int?
}

/// Text turned into UTF-8, and how it was written.
public struct DecodedText: Sendable, Hashable {
    public let encoding: TextEncoding
    public let hadByteOrderMark: Bool
    /// UTF-8 without the byte-order mark.
    public let utf8: [UInt8]
}

/// Finds out how text is encoded and turns it into UTF-8: the one decoder of GB18030 (and UTF-16)
/// that the spreadsheet reader and the plan reader share.
public enum TextDecoding {
    /// The encoding a byte-order mark at the start of `bytes` names, and the mark's length.
    public static func byteOrderMark(of bytes: some Collection<UInt8>) -> (encoding: TextEncoding, length: Int)? {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return (.utf8, 3) }
        if bytes.starts(with: [0xFF, 0xFE]) { return (.utf16LittleEndian, 2) }
        if bytes.starts(with: [0xFE, 0xFF]) { return (.utf16BigEndian, 2) }
        return nil
    }

    /// A byte-order mark decides when there is one (UTF-8, UTF-16LE, UTF-16BE). Otherwise valid
    /// UTF-8 is UTF-8, and anything else is taken for GB18030 (a superset of GBK and GB2312),
    /// which is what Chinese Excel and WPS write when saving "CSV". Real Chinese text in GBK is
    /// practically never valid UTF-8, so the guess is safe. UTF-8 after its mark is passed on
    /// as it is.
    public static func decode(_ bytes: [UInt8]) throws(TextDecodingError) -> DecodedText {
        if let mark = byteOrderMark(of: bytes) {
            let rest = Array(bytes.dropFirst(mark.length))
            let utf8 = mark.encoding == .utf8 ? rest : try TextConverter(from: mark.encoding).utf8(from: rest)
            return DecodedText(encoding: mark.encoding, hadByteOrderMark: true, utf8: utf8)
        }
        if String(validating: bytes, as: UTF8.self) != nil {
            return DecodedText(encoding: .utf8, hadByteOrderMark: false, utf8: bytes)
        }
        return DecodedText(
            encoding: .gb18030, hadByteOrderMark: false, utf8: try TextConverter(from: .gb18030).utf8(from: bytes))
    }

    /// The 1-based line holding byte `offset`, counting line feeds in the source encoding.
    static func line(at offset: Int, in bytes: [UInt8], encoding: TextEncoding) -> Int {
        let lineFeed = UInt8(ascii: "\n")
        let prefix = bytes[..<min(offset, bytes.count)]
        switch encoding {
        case .utf8, .gb18030:
            // GB18030 never uses 0x0A inside a multi-byte character.
            return prefix.count { $0 == lineFeed } + 1
        case .utf16LittleEndian, .utf16BigEndian:
            let lowFirst = encoding == .utf16LittleEndian
            return stride(from: prefix.startIndex, to: prefix.endIndex - 1, by: 2).count { index in
                let (low, high) = lowFirst ? (bytes[index], bytes[index + 1]) : (bytes[index + 1], bytes[index])
                return low == lineFeed && high == 0
            } + 1
        }
    }
}

/// Converts one encoding to UTF-8 with the C library's iconv, which (unlike Foundation on Linux)
/// decodes GB18030's four-byte sequences and says where the first undecodable byte is. One
/// converter may convert many pieces of text, one after the other.
public final class TextConverter {
    public let encoding: TextEncoding
    private let descriptor: iconv_t

    public init(from encoding: TextEncoding) throws(TextDecodingError) {
        let descriptor = iconv_open("UTF-8", encoding.rawValue)
        guard let descriptor, Int(bitPattern: descriptor) != -1 else {
            throw TextDecodingError(problem: .unavailable, encoding: encoding, line: nil)
        }
        self.encoding = encoding
        self.descriptor = descriptor
    }

    deinit { iconv_close(descriptor) }

    /// `bytes` (without a byte-order mark) as UTF-8.
    /// - Throws: `TextDecodingError` with the line of the first byte that is not valid in the
    ///   encoding, or of an incomplete character at the end.
    public func utf8(from bytes: [UInt8]) throws(TextDecodingError) -> [UInt8] {
        iconv(descriptor, nil, nil, nil, nil)  // a fresh start after an earlier failure
        // Neither GB18030 nor UTF-16 ever grows by more than half in UTF-8.
        var output = [UInt8](repeating: 0, count: bytes.count + bytes.count / 2 + 4)
        var outputLeft = output.count
        var failedAt: Int?
        bytes.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { output in
                var input = UnsafeMutableRawPointer(mutating: source.baseAddress)?.assumingMemoryBound(to: CChar.self)
                var inputLeft = source.count
                var written = UnsafeMutableRawPointer(output.baseAddress)?.assumingMemoryBound(to: CChar.self)
                if iconv(descriptor, &input, &inputLeft, &written, &outputLeft) == -1 || inputLeft != 0 {
                    failedAt = source.count - inputLeft
                }
            }
        }
        if let failedAt {
            throw TextDecodingError(
                problem: .undecodable, encoding: encoding,
                line: TextDecoding.line(at: failedAt, in: bytes, encoding: encoding))
        }
        return Array(output[..<(output.count - outputLeft)])
    }
}

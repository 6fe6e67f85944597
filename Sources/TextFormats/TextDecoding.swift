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
        try convert(bytes, isLast: true).utf8
    }

    /// Converts as much of `bytes` as forms whole characters: unless `isLast`, an incomplete
    /// character at the end is left unconverted (`consumed` stops before it) for the next piece.
    /// - Throws: `TextDecodingError` with the line (within `bytes`) of the first byte that is
    ///   not valid in the encoding.
    func convert(_ bytes: [UInt8], isLast: Bool) throws(TextDecodingError) -> (utf8: [UInt8], consumed: Int) {
        iconv(descriptor, nil, nil, nil, nil)  // a fresh start after an earlier failure
        // Neither GB18030 nor UTF-16 ever grows by more than half in UTF-8.
        var output = [UInt8](repeating: 0, count: bytes.count + bytes.count / 2 + 4)
        var outputLeft = output.count
        var failedAt: Int?
        var consumed = bytes.count
        bytes.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { output in
                var input = UnsafeMutableRawPointer(mutating: source.baseAddress)?.assumingMemoryBound(to: CChar.self)
                var inputLeft = source.count
                var written = UnsafeMutableRawPointer(output.baseAddress)?.assumingMemoryBound(to: CChar.self)
                let result = iconv(descriptor, &input, &inputLeft, &written, &outputLeft)
                let incomplete = result == -1 && errno == EINVAL
                if (result == -1 && !(incomplete && !isLast)) || (inputLeft != 0 && !incomplete) {
                    failedAt = source.count - inputLeft
                }
                consumed = source.count - inputLeft
            }
        }
        if let failedAt {
            throw TextDecodingError(
                problem: .undecodable, encoding: encoding,
                line: TextDecoding.line(at: failedAt, in: bytes, encoding: encoding))
        }
        return (Array(output[..<(output.count - outputLeft)]), consumed)
    }
}

/// Decodes text that arrives in pieces (a file read a megabyte at a time) into UTF-8 pieces, in
/// constant memory: the streaming twin of `TextDecoding.decode`, deciding the encoding the same
/// way but from a first pass over the pieces (`UTF8Check`), since a file is UTF-8 only if all
/// of it is.
public struct TextStreamDecoder {
    public let encoding: TextEncoding
    public let hadByteOrderMark: Bool
    private let converter: TextConverter?
    /// Byte-order mark bytes still to drop from the start.
    private var markLeft: Int
    /// Bytes of an incomplete character at the end of the last piece.
    private var carry: [UInt8] = []
    /// Lines (in the source encoding) before `carry`, for the line of an undecodable byte.
    private var linesBefore = 0

    /// - Parameters:
    ///   - start: the first bytes of the text (at least 3, or all of a shorter text), for its
    ///     byte-order mark.
    ///   - isUTF8: whether the whole text, after any mark, is valid UTF-8 (`UTF8Check`).
    public init(start: some Collection<UInt8>, isUTF8: Bool) throws(TextDecodingError) {
        if let mark = TextDecoding.byteOrderMark(of: start) {
            (encoding, hadByteOrderMark, markLeft) = (mark.encoding, true, mark.length)
        } else {
            (encoding, hadByteOrderMark, markLeft) = (isUTF8 ? .utf8 : .gb18030, false, 0)
        }
        converter = encoding == .utf8 ? nil : try TextConverter(from: encoding)
    }

    /// The UTF-8 of `piece`, less an incomplete character at its end (kept for the next piece).
    /// - Throws: `TextDecodingError` with the line of the first undecodable byte of the text.
    public mutating func decode(_ piece: some Collection<UInt8>, isLast: Bool) throws(TextDecodingError) -> [UInt8] {
        var bytes = carry
        bytes.append(contentsOf: piece.dropFirst(markLeft))
        markLeft = max(0, markLeft - piece.count)
        guard let converter else { return bytes }
        do {
            let (utf8, consumed) = try converter.convert(bytes, isLast: isLast)
            linesBefore += TextDecoding.line(at: consumed, in: bytes, encoding: encoding) - 1
            carry = Array(bytes[consumed...])
            return utf8
        } catch {
            throw TextDecodingError(problem: error.problem, encoding: error.encoding,
                                    line: error.line.map { $0 + linesBefore })
        }
    }
}

/// Checks text arriving in pieces for valid UTF-8, a character split between pieces included.
public struct UTF8Check {
    private var carry: [UInt8] = []
    public private(set) var isValid = true

    public init() {}

    public mutating func add(_ piece: some Collection<UInt8>) {
        guard isValid else { return }
        var bytes = carry
        bytes.append(contentsOf: piece)
        // Hold back the last character, which may go on in the next piece.
        var cut = bytes.count
        while cut > 0 && cut > bytes.count - 4 && bytes[cut - 1] & 0xC0 == 0x80 { cut -= 1 }
        if cut > 0 && bytes[cut - 1] >= 0xC0 { cut -= 1 }
        isValid = String(validating: bytes[..<cut], as: UTF8.self) != nil
        carry = Array(bytes[cut...])
    }

    /// Whether all the text was valid UTF-8, its last character included.
    public mutating func finish() -> Bool {
        guard isValid else { return false }
        isValid = String(validating: carry, as: UTF8.self) != nil
        carry = []
        return isValid
    }
}

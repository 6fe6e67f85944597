import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Finds out how CSV text is encoded and turns it into UTF-8.
///
/// A byte-order mark decides when there is one (UTF-8, UTF-16LE, UTF-16BE). Otherwise valid
/// UTF-8 is UTF-8, and anything else is taken for GB18030 (a superset of GBK and GB2312),
/// which is what Chinese Excel and WPS write when saving "CSV". Real Chinese text in GBK is
/// practically never valid UTF-8, so the guess is safe.
enum TextDecoding {
    struct Decoded {
        let encoding: TextEncoding
        let hadByteOrderMark: Bool
        /// UTF-8 without the byte-order mark.
        let utf8: Data
    }

    static func decode(_ data: Data) throws(SpreadsheetError) -> Decoded {
        if data.starts(with: [0xEF, 0xBB, 0xBF]) {
            return Decoded(encoding: .utf8, hadByteOrderMark: true, utf8: data.dropFirst(3))
        }
        for (mark, encoding): ([UInt8], TextEncoding) in [
            ([0xFF, 0xFE], .utf16LittleEndian), ([0xFE, 0xFF], .utf16BigEndian),
        ]
        where data.starts(with: mark) {
            return Decoded(
                encoding: encoding, hadByteOrderMark: true, utf8: try convert(data.dropFirst(2), from: encoding))
        }
        let isUTF8 = data.withUnsafeBytes { String(validating: $0.bindMemory(to: UInt8.self), as: UTF8.self) != nil }
        if isUTF8 { return Decoded(encoding: .utf8, hadByteOrderMark: false, utf8: data) }
        return Decoded(encoding: .gb18030, hadByteOrderMark: false, utf8: try convert(data, from: .gb18030))
    }

    #if canImport(Glibc)
        /// Converts with glibc's iconv, which (unlike Foundation on Linux) decodes GB18030's
        /// four-byte sequences and says where the first undecodable byte is.
        private static func convert(_ data: Data, from encoding: TextEncoding) throws(SpreadsheetError) -> Data {
            let converter = iconv_open("UTF-8", encoding.rawValue)
            guard let converter, converter != iconv_t(bitPattern: -1) else {
                throw SpreadsheetError(.encodingUnavailable(encoding))
            }
            defer { iconv_close(converter) }
            let source = [UInt8](data)
            // Neither GB18030 nor UTF-16 ever grows by more than half in UTF-8.
            var output = [UInt8](repeating: 0, count: source.count + source.count / 2 + 4)
            var failedAt: Int?
            var outputLeft = output.count
            source.withUnsafeBufferPointer { source in
                output.withUnsafeMutableBufferPointer { output in
                    var input = UnsafeMutableRawPointer(mutating: source.baseAddress)?.assumingMemoryBound(
                        to: CChar.self)
                    var inputLeft = source.count
                    var written = UnsafeMutableRawPointer(output.baseAddress)?.assumingMemoryBound(to: CChar.self)
                    if iconv(converter, &input, &inputLeft, &written, &outputLeft) == -1 {
                        failedAt = source.count - inputLeft
                    }
                }
            }
            if let failedAt {
                throw SpreadsheetError(
                    .undecodableText(encoding), row: line(at: failedAt, in: source, encoding: encoding))
            }
            return Data(output[..<(output.count - outputLeft)])
        }
    #else
        private static func convert(_ data: Data, from encoding: TextEncoding) throws(SpreadsheetError) -> Data {
            let foundationEncoding: String.Encoding =
                switch encoding {
                case .utf8: .utf8
                case .utf16LittleEndian: .utf16LittleEndian
                case .utf16BigEndian: .utf16BigEndian
                case .gb18030: String.Encoding(rawValue: 0x8000_0632)  // kCFStringEncodingGB_18030_2000
                }
            guard let text = String(data: data, encoding: foundationEncoding) else {
                throw SpreadsheetError(.undecodableText(encoding))
            }
            return Data(text.utf8)
        }
    #endif

    /// The 1-based line holding byte `offset`, counting line feeds in the source encoding.
    static func line(at offset: Int, in bytes: [UInt8], encoding: TextEncoding) -> Int {
        let prefix = bytes[..<min(offset, bytes.count)]
        switch encoding {
        case .utf8, .gb18030:
            // GB18030 never uses 0x0A inside a multi-byte character.
            return prefix.count { $0 == ASCII.lineFeed } + 1
        case .utf16LittleEndian, .utf16BigEndian:
            let lowFirst = encoding == .utf16LittleEndian
            return stride(from: prefix.startIndex, to: prefix.endIndex - 1, by: 2).count { index in
                let (low, high) = lowFirst ? (bytes[index], bytes[index + 1]) : (bytes[index + 1], bytes[index])
                return low == ASCII.lineFeed && high == 0
            } + 1
        }
    }
}

import Foundation
import Testing
import TextFormats
#if canImport(Glibc)
    import Glibc
#endif

@testable import Spreadsheet

/// The CSV reader streams its text in pieces (a file a megabyte at a time): whatever the pieces
/// cut — a CRLF, a doubled quote, a Chinese character in UTF-8, GB18030 or UTF-16 — it reads
/// the same rows, numbers and format as from the whole text at once.
@Suite struct StreamingCSVTests {
    /// Bytes handed out `size` at a time.
    struct Pieces: ByteSource {
        let bytes: [UInt8]
        let size: Int

        func forEachPiece(_ body: (_ piece: [UInt8], _ isLast: Bool) throws -> Bool) throws {
            var offset = 0
            repeat {
                let end = min(offset + size, bytes.count)
                guard try body(Array(bytes[offset..<end]), end == bytes.count) else { return }
                offset = end
            } while offset < bytes.count
        }
    }

    static let text = "代码,名称,说明\r\n130500,\"邢台市, 河北\",\"他说\"\"好\"\"\"\r\n130502,\"两行\r\n说明\",\r\n\r\n内丘县,5\" screen,x\r最后,一行"

    static var files: [(String, [UInt8])] {
        let utf16LE: [UInt8] = [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let utf16BE: [UInt8] = [0xFE, 0xFF] + text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        return [("UTF-8", Array(text.utf8)), ("UTF-8 with BOM", [0xEF, 0xBB, 0xBF] + Array(text.utf8)),
                ("GB18030", gb18030(text)), ("UTF-16LE", utf16LE), ("UTF-16BE", utf16BE),
                ("semicolons", Array(text.replacingOccurrences(of: ",", with: ";").utf8))]
    }

    @Test(arguments: [1, 2, 3, 5, 7, 64])
    func piecesOfAnySizeReadAsTheWholeText(size: Int) throws {
        for (name, bytes) in Self.files {
            var whole: [SheetRow] = []
            let wholeFormat = try CSVReader.forEachRow(in: Data(bytes)) { whole.append($0) }
            var streamed: [SheetRow] = []
            let streamedFormat = try CSVReader.forEachRow(from: Pieces(bytes: bytes, size: size)) { streamed.append($0) }
            #expect(streamed == whole, "\(name) in pieces of \(size)")
            #expect(streamedFormat == wholeFormat, "\(name) in pieces of \(size)")
            #expect(whole.count == 6 && whole[1][1] == "130500" && whole[4][3] == "x", "\(name)")
        }
    }

    @Test func anUndecodableByteIsReportedOnItsLineAcrossPieces() throws {
        // GB18030 text with a byte no GB18030 character starts with (0xFF) on line 3.
        let bytes = gb18030("地区,数值\n临城县,1\n内丘县,") + [0xFF, 0x31] + Array("\n".utf8)
        for size in [1, 4, 1 << 20] {
            let error = #expect(throws: SpreadsheetError.self) {
                try CSVReader.forEachRow(from: Pieces(bytes: bytes, size: size)) { _ in }
            }
            #expect(error?.problem == .undecodableText(.gb18030) && error?.row == 3, "pieces of \(size)")
        }
    }

    @Test func aParserFedInPiecesGivesTheRecordsOfTheWholeText() throws {
        let bytes = Array(Self.text.utf8)
        var whole = CSVParser(bytes)
        var expected: [CSVParser.Record] = []
        while let record = try whole.next() { expected.append(record) }
        for size in [1, 2, 3, 11] {
            var parser = CSVParser()
            var records: [CSVParser.Record] = []
            for start in stride(from: 0, to: bytes.count, by: size) {
                parser.feed(bytes[start..<min(start + size, bytes.count)])
                while let record = try parser.next() { records.append(record) }
            }
            parser.finish()
            while let record = try parser.next() { records.append(record) }
            #expect(records == expected, "pieces of \(size)")
        }
    }
}

/// `text` in GB18030, converted by the C library's iconv.
private func gb18030(_ text: String) -> [UInt8] {
    let descriptor = iconv_open("GB18030", "UTF-8")!
    defer { iconv_close(descriptor) }
    var input = Array(text.utf8).map { CChar(bitPattern: $0) }
    var output = [CChar](repeating: 0, count: input.count * 2 + 4)
    var (inputLeft, outputLeft) = (input.count, output.count)
    input.withUnsafeMutableBufferPointer { source in
        output.withUnsafeMutableBufferPointer { target in
            var from = source.baseAddress, to = target.baseAddress
            _ = iconv(descriptor, &from, &inputLeft, &to, &outputLeft)
        }
    }
    return output[..<(output.count - outputLeft)].map { UInt8(bitPattern: $0) }
}

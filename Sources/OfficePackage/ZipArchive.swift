import Foundation
import ZIPFoundation

/// The entries of a ZIP archive held in memory, found through the central directory with a
/// bounds check on every offset: the one ZIP reader of the XLSX reader (`Spreadsheet`) and the
/// DOCX reader (`PlanIngest`).
///
/// ZIPFoundation's `Archive(data:)` reads through a stdio cookie over a copy of the data and
/// trusts the offsets it finds: an entry pointing past the end makes its memory file compute a
/// negative length and trap. So the container is walked here, and ZIPFoundation only inflates
/// (with zlib), fed by a provider that never hands out fewer bytes than it asked for (its Linux
/// inflater assumes every chunk is full).
public struct ZipArchive: Sendable {
    struct Entry: Sendable {
        let method: Int
        let isEncrypted: Bool
        let crc32: UInt32
        let compressedSize: Int
        let uncompressedSize: Int
        let localHeaderOffset: Int
    }

    private let data: Data
    /// Keyed by `Self.key(_:)`: part names in OOXML packages are case-insensitive.
    private let entries: [String: Entry]

    private static let chunkSize = 1 << 16

    /// Reads the central directory.
    /// - Throws: `ZipArchiveError` when the data is not a ZIP archive or its directory is damaged.
    public init(data: Data) throws(ZipArchiveError) {
        let reader = LittleEndianReader(data: data)
        guard let endRecord = Self.endOfCentralDirectory(in: reader) else { throw Self.notAZip(data) }
        var entryCount = try reader.integer(at: endRecord + 10, bytes: 2)
        var directorySize = try reader.integer(at: endRecord + 12, bytes: 4)
        var directoryOffset = try reader.integer(at: endRecord + 16, bytes: 4)
        let locator = endRecord - 20
        if entryCount == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF,
            locator >= 0, try reader.integer(at: locator, bytes: 4) == 0x0706_4B50
        {
            let record = try reader.integer(at: locator + 8, bytes: 8)
            guard try reader.integer(at: record, bytes: 4) == 0x0606_4B50 else {
                throw .damaged(detail: "ZIP64 end record not found")
            }
            entryCount = try reader.integer(at: record + 32, bytes: 8)
            directorySize = try reader.integer(at: record + 40, bytes: 8)
            directoryOffset = try reader.integer(at: record + 48, bytes: 8)
        }
        guard directoryOffset <= data.count, directorySize <= data.count - directoryOffset,
            entryCount <= directorySize / 46
        else { throw .damaged(detail: "central directory out of bounds") }

        var entries: [String: Entry] = [:]
        var offset = directoryOffset
        for _ in 0..<entryCount {
            guard try reader.integer(at: offset, bytes: 4) == 0x0201_4B50 else {
                throw .damaged(detail: "central directory entry expected at byte \(offset)")
            }
            let nameLength = try reader.integer(at: offset + 28, bytes: 2)
            let extraLength = try reader.integer(at: offset + 30, bytes: 2)
            let commentLength = try reader.integer(at: offset + 32, bytes: 2)
            let name = String(decoding: try reader.slice(at: offset + 46, count: nameLength), as: UTF8.self)
            var sizes = (
                uncompressed: try reader.integer(at: offset + 24, bytes: 4),
                compressed: try reader.integer(at: offset + 20, bytes: 4),
                localHeader: try reader.integer(at: offset + 42, bytes: 4)
            )
            try Self.applyZIP64Extra(
                reader.slice(at: offset + 46 + nameLength, count: extraLength), to: &sizes)
            let entry = Entry(
                method: try reader.integer(at: offset + 10, bytes: 2),
                isEncrypted: try reader.integer(at: offset + 8, bytes: 2) & 1 != 0,
                crc32: UInt32(try reader.integer(at: offset + 16, bytes: 4)),
                compressedSize: sizes.compressed, uncompressedSize: sizes.uncompressed,
                localHeaderOffset: sizes.localHeader)
            if entries[Self.key(name)] == nil { entries[Self.key(name)] = entry }
            offset += 46 + nameLength + extraLength + commentLength
        }
        self.data = data
        self.entries = entries
    }

    /// Whether the archive has an entry of that name (compared without case, as OOXML does).
    public func contains(_ path: String) -> Bool { entries[Self.key(path)] != nil }

    /// Decompresses one entry, handing it to `consume` in chunks of at most 64 KB, and checks
    /// its size and CRC. Every decompressed byte is charged to `budget`.
    public func read(
        _ path: String, budget: inout ByteBudget, _ consume: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        guard let entry = entries[Self.key(path)] else { throw ZipArchiveError.missingPart(path) }
        guard !entry.isEncrypted else { throw ZipArchiveError.unsupported(detail: "encrypted entry \(path)") }
        guard entry.uncompressedSize <= budget.remaining else {
            throw ZipArchiveError.sizeLimitExceeded(bytes: budget.limit)
        }
        let reader = LittleEndianReader(data: data)
        let header = entry.localHeaderOffset
        guard try reader.integer(at: header, bytes: 4) == 0x0403_4B50 else {
            throw ZipArchiveError.damaged(detail: "local header of \(path) not found")
        }
        let start =
            header + 30 + (try reader.integer(at: header + 26, bytes: 2))
            + (try reader.integer(at: header + 28, bytes: 2))
        let compressed = try reader.slice(at: start, count: entry.compressedSize)

        var produced = 0
        var checksum: UInt32 = 0
        // Errors thrown inside ZIPFoundation's closures come back unchanged, but its own
        // error type is internal; remembering ours tells the two apart.
        var ownError: (any Error)?
        func deliver(_ chunk: Data) throws {
            do {
                try budget.spend(chunk.count)
                produced += chunk.count
                try chunk.withUnsafeBytes(consume)
            } catch {
                ownError = error
                throw error
            }
        }
        switch entry.method {
        case 0:
            var position = compressed.startIndex
            repeat {
                let chunk = compressed[position..<min(position + Self.chunkSize, compressed.endIndex)]
                checksum = chunk.crc32(checksum: checksum)
                try deliver(chunk)
                position += chunk.count
            } while position < compressed.endIndex
        case 8:
            do {
                checksum = try Data.decompress(
                    size: Int64(compressed.count), bufferSize: Self.chunkSize, skipCRC32: false,
                    provider: { position, size in
                        guard position < compressed.count else {
                            let truncated = ZipArchiveError.damaged(detail: "\(path) is truncated")
                            ownError = truncated
                            throw truncated
                        }
                        let from = compressed.startIndex + Int(position)
                        var chunk = Data(compressed[from..<min(from + size, compressed.endIndex)])
                        chunk.append(Data(count: size - chunk.count))
                        return chunk
                    }, consumer: deliver)
            } catch {
                throw ownError ?? ZipArchiveError.damaged(detail: "\(path) does not inflate")
            }
        default:
            throw ZipArchiveError.unsupported(detail: "compression method \(entry.method) in \(path)")
        }
        guard produced == entry.uncompressedSize, checksum == entry.crc32 else {
            throw ZipArchiveError.damaged(detail: "\(path) fails its size or CRC check")
        }
    }

    /// Reads a whole entry into memory (for the small parts: relationships, workbook, styles).
    public func bytes(_ path: String, budget: inout ByteBudget) throws -> [UInt8] {
        var bytes: [UInt8] = []
        try read(path, budget: &budget) { bytes.append(contentsOf: $0) }
        return bytes
    }

    static func key(_ path: String) -> String {
        var key = path.replacingOccurrences(of: "\\", with: "/").lowercased()
        while key.hasPrefix("/") { key.removeFirst() }
        return key
    }

    private static func endOfCentralDirectory(in reader: LittleEndianReader) -> Int? {
        let last = reader.count - 22
        guard last >= 0 else { return nil }
        for offset in stride(from: last, through: max(0, last - 0xFFFF), by: -1)
        where (try? reader.integer(at: offset, bytes: 4)) == 0x0605_4B50 {
            return offset
        }
        return nil
    }

    /// Replaces saturated 32-bit sizes with the 64-bit ones from the ZIP64 extra field.
    private static func applyZIP64Extra(
        _ extra: Data, to sizes: inout (uncompressed: Int, compressed: Int, localHeader: Int)
    ) throws(ZipArchiveError) {
        let reader = LittleEndianReader(data: extra)
        var offset = 0
        while offset + 4 <= reader.count {
            let id = try reader.integer(at: offset, bytes: 2)
            let length = try reader.integer(at: offset + 2, bytes: 2)
            if id == 1 {
                var field = offset + 4
                func widen(_ size: inout Int) throws(ZipArchiveError) {
                    guard size == 0xFFFF_FFFF else { return }
                    size = try reader.integer(at: field, bytes: 8)
                    field += 8
                }
                try widen(&sizes.uncompressed)
                try widen(&sizes.compressed)
                try widen(&sizes.localHeader)
                return
            }
            offset += 4 + length
        }
    }

    private static func notAZip(_ data: Data) -> ZipArchiveError {
        if data.starts(with: ZipArchive.compoundFileSignature) { return .notAnArchive(.compoundFile) }
        if data.starts(with: [0x50, 0x4B]) { return .notAnArchive(.truncatedArchive) }
        let text = data.prefix(512).drop { $0 == 0xEF || $0 == 0xBB || $0 == 0xBF || ASCII.isSpace($0) }
        return .notAnArchive(text.first == ASCII.lessThan ? .markup : .unknown)
    }

    /// The first bytes of an OLE2 compound file: a legacy .doc, .xls or .wps, or an encrypted
    /// OOXML document.
    public static let compoundFileSignature: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]
}

/// Little-endian integers at offsets that are checked against the data's size.
private struct LittleEndianReader {
    let data: Data

    var count: Int { data.count }

    func integer(at offset: Int, bytes width: Int) throws(ZipArchiveError) -> Int {
        let bytes = try slice(at: offset, count: width)
        var value: UInt64 = 0
        for (shift, byte) in bytes.enumerated() { value |= UInt64(byte) << (8 * UInt64(shift)) }
        guard let result = Int(exactly: value) else {
            throw .damaged(detail: "a size or offset beyond 2^63")
        }
        return result
    }

    func slice(at offset: Int, count: Int) throws(ZipArchiveError) -> Data {
        guard offset >= 0, count >= 0, offset <= data.count, count <= data.count - offset else {
            throw .damaged(detail: "an offset points past the end of the file")
        }
        let start = data.startIndex + offset
        return data[start..<start + count]
    }
}

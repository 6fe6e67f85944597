import Foundation

/// Bytes read in pieces, as often as a reader needs (the CSV reader reads a file twice): memory
/// here, a file in the layer that may do I/O. Readers over a source keep one piece at a time,
/// so their memory does not grow with the file.
public protocol ByteSource {
    /// Calls `body` with each piece in order until it returns false; `isLast` is true on the
    /// last call, which is made even for an empty source (its piece may be empty).
    func forEachPiece(_ body: (_ piece: [UInt8], _ isLast: Bool) throws -> Bool) throws
}

/// Bytes already in memory, handed out a megabyte at a time.
public struct BytesInMemory: ByteSource {
    public let data: Data
    public static let pieceSize = 1 << 20

    public init(_ data: Data) {
        self.data = data
    }

    public func forEachPiece(_ body: (_ piece: [UInt8], _ isLast: Bool) throws -> Bool) throws {
        var offset = data.startIndex
        repeat {
            let end = min(offset + Self.pieceSize, data.endIndex)
            guard try body([UInt8](data[offset..<end]), end == data.endIndex) else { return }
            offset = end
        } while offset < data.endIndex
    }
}

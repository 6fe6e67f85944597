import Foundation
import ZIPFoundation

/// Writes a ZIP archive of named parts in memory: the one ZIP writer of the XLSX and DOCX writers.
public enum ZipWriter {
    /// The parts deflated, in the order given, all dated 2020-01-01 so that equal content makes
    /// byte-identical files.
    public static func zip(_ parts: [(path: String, bytes: [UInt8])]) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        let date = Date(timeIntervalSince1970: 1_577_836_800)
        for part in parts {
            try archive.addEntry(
                with: part.path, type: .file, uncompressedSize: Int64(part.bytes.count), modificationDate: date,
                compressionMethod: .deflate
            ) { position, size in
                Data(part.bytes[Int(position)..<min(part.bytes.count, Int(position) + size)])
            }
        }
        return archive.data ?? Data()
    }
}

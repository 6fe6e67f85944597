import Foundation
import JunhengCore

/// Reads an uploaded spreadsheet into tables: every sheet of an XLSX workbook, or a CSV file.
enum UploadTables {
    static func read(_ data: Data, filename: String) throws -> [UploadTable] {
        throw JunhengError.invalid(field: "file", "暂不支持该文件格式：\(filename)")
    }
}

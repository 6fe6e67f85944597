import Foundation
import HTTPTypes
import Hummingbird
import JunhengApp
import JunhengCore

/// A parsed `application/x-www-form-urlencoded` body.
struct FormFields: Sendable {
    private(set) var values: [String: String] = [:]

    /// Decoded by Hummingbird's `URLEncodedFormDecoder`; a body it cannot read has no fields
    /// (so a form without its CSRF token is refused, and a required field is reported missing).
    init(_ body: String) {
        values = (try? URLEncodedFormDecoder().decode([String: String].self, from: body)) ?? [:]
    }

    /// Reads a form body of at most `limit` bytes; `invalid` naming the field when a value holds
    /// a NUL character (stored, the text would be cut there).
    static func read(_ request: inout Request, limit: Int = 64 * 1024) async throws -> FormFields {
        let fields = FormFields(String(buffer: try await request.collectBody(upTo: limit)))
        try TextSafety.refuseNUL(in: fields.values)
        return fields
    }

    subscript(_ key: String) -> String? { values[key] }

    /// The trimmed value, or nil when missing or blank.
    func nonEmpty(_ key: String) -> String? {
        guard let value = self[key]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }
}

/// A file from either an API call (the raw body, named by `?filename=`) or a page form
/// (multipart, field `file`), with the form's other fields.
struct UploadedFile {
    let filename: String
    let data: Data
    let fields: [String: String]

    init(request: inout Request, context: AppContext) async throws {
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        if contentType.hasPrefix("multipart/form-data") {
            let form: MultipartForm
            if let parsed = context.multipartForm { form = parsed } else { form = try await MultipartForm(request: &request, context: context) }
            guard let file = form.files["file"] else { throw JunhengError.invalid(field: "file", "请选择要上传的文件") }
            filename = file.filename
            data = file.data
            fields = form.fields
        } else {
            let query = request.uri.queryParameters
            filename = query["filename"].map(String.init) ?? "upload"
            data = Data(buffer: try await request.collectBody(upTo: context.maxUploadSize))
            fields = Dictionary(query.map { (String($0.key), String($0.value)) }, uniquingKeysWith: { first, _ in first })
        }
    }
}

/// A plan document and, when the document does not name it, its region.
struct PlanUpload {
    let filename: String
    let data: Data
    let region: RegionCode?

    init(request: inout Request, context: AppContext) async throws {
        let file = try await UploadedFile(request: &request, context: context)
        filename = file.filename == "upload" ? "plan.txt" : file.filename
        data = file.data
        region = try file.fields["region"].flatMap { $0.isEmpty ? nil : $0 }.map { try regionCode($0, field: "region") }
    }
}

/// What a form shows when its action fails: the message above the form, the itemised details
/// (row, column, reason of an upload) and the status of the page. Forbidden and unauthenticated
/// actions are not form errors: they go to the error page or the login page.
struct FormError: Error {
    let message: String
    let details: [ValidationIssue]
    let status: HTTPResponse.Status

    /// Runs a form's action; a domain error that the user can correct becomes a `FormError`.
    static func catching<T>(prefix: String = "", _ action: () async throws -> T) async throws -> Result<T, FormError> {
        do {
            return .success(try await action())
        } catch let error as JunhengError {
            switch error {
            case .forbidden, .unauthorized: throw error
            default:
                let apiError = APIError.from(error)
                return .failure(FormError(message: prefix + apiError.message, details: apiError.details, status: apiError.status))
            }
        }
    }
}

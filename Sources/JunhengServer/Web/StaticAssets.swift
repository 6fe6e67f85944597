import Foundation
import Hummingbird

/// The stylesheets and scripts under `/static/`, read from `Public/` once at start-up and answered
/// from memory with a strong ETag, `Last-Modified` (the file's own date), 304s and gzip made once.
struct StaticAssets: Sendable {
    private let files: [String: CachedBody]

    /// Browsers may reuse a file for five minutes without asking (after a deployment, a page
    /// picks up a new stylesheet within that time), then revalidate by ETag.
    static let cacheControl = "max-age=300"

    static let contentTypes = ["css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8",
                               "svg": "image/svg+xml", "png": "image/png", "ico": "image/x-icon"]

    /// Every file directly in `directory` whose extension has a known type.
    init(directory: String) throws {
        let url = URL(fileURLWithPath: directory)
        var files: [String: CachedBody] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) {
            let file = url.appendingPathComponent(name)
            guard let type = Self.contentTypes[file.pathExtension.lowercased()] else { continue }
            let modified = try FileManager.default.attributesOfItem(atPath: file.path)[.modificationDate] as? Date ?? Date()
            var body = CachedBody(ByteBuffer(bytes: try Data(contentsOf: file)), contentType: type,
                                  cacheControl: Self.cacheControl, modified: modified)
            body.replayStamp = .unbound
            files[name] = body
        }
        self.files = files
    }

    func register(on router: Router<AppContext>) {
        router.get("static/:name") { request, context in
            guard let file = files[try context.parameters.require("name")] else { throw APIError.notFound("文件 \(request.uri.path)") }
            return file.response(to: request, context: context)
        }
    }
}

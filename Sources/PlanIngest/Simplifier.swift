import COpenCC
import Foundation

/// Traditional → simplified conversion through OpenCC's phrase dictionaries (`t2s.json`).
///
/// The OpenCC handle is opened once; conversion calls are serialised by a lock because
/// OpenCC does not document its converter as thread-safe.
final class Simplifier: @unchecked Sendable {
    static let shared = Simplifier()

    private let lock = NSLock()
    private let handle: opencc_t?

    private init() {
        let h = opencc_open("t2s.json")
        handle = (h == nil || Int(bitPattern: h) == -1) ? nil : h
    }

    deinit { if let handle { opencc_close(handle) } }

    var isAvailable: Bool { handle != nil }

    /// Converts `text`; nil when OpenCC is unavailable or fails.
    func convert(_ text: String) -> String? {
        guard let handle else { return nil }
        let utf8 = Array(text.utf8)
        lock.lock()
        defer { lock.unlock() }
        let out = utf8.withUnsafeBufferPointer { buf -> UnsafeMutablePointer<CChar>? in
            buf.withMemoryRebound(to: CChar.self) { opencc_convert_utf8(handle, $0.baseAddress, $0.count) }
        }
        guard let out else { return nil }
        defer { opencc_convert_utf8_free(out) }
        return String(cString: out)
    }
}

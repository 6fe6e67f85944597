#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One number written with a C `printf` conversion ("%.4g", "%.0f") straight through the C
/// library: the same text as Foundation's `String(format:)`, without its locale and CFString
/// detour, which cost more than the rules themselves where thousands of warnings are worded.
public enum PrintfNumber {
    static let capacity = 400

    /// `value` written with `conversion`, a single floating-point conversion such as "%.4g" (of at
    /// most `capacity` bytes: "%.0f" of the largest double is 309).
    public static func text(_ value: Double, _ conversion: StaticString) -> String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: capacity + 1) { buffer in
            // A string literal is stored with its terminating NUL, as C expects.
            let format = UnsafeRawPointer(conversion.utf8Start).assumingMemoryBound(to: CChar.self)
            let written = withVaList([value]) { vsnprintf(buffer.baseAddress!, capacity + 1, format, $0) }
            let length = max(0, min(Int(written), capacity))
            return String(decoding: UnsafeRawBufferPointer(start: buffer.baseAddress!, count: length), as: UTF8.self)
        }
    }
}

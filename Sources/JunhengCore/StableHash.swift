/// FNV-1a, a hash that is the same on every machine and run (Swift's `Hasher` is seeded per
/// process): what seeds and stored keys are made of.
public enum StableHash {
    public static func fnv1a64(_ text: String) -> UInt64 {
        text.utf8.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x0000_0100_0000_01b3 }
    }
}

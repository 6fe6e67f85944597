/// The number a citizen keeps to follow a message: the day it came and eight characters, the last a
/// check character, from an alphabet without letters that read like digits ("20261205-7Q3M9KDX").
/// Typed back, O is read as 0 and I or L as 1, and case does not matter; a mistyped character is
/// caught by the check before any lookup.
public enum ReceiptNumber {
    /// Crockford's base-32 alphabet: digits and letters without I, L, O and U.
    static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")

    /// A new number for `day` from seven random characters (35 bits: unguessable at the rate the
    /// lookup allows) and the check character.
    public static func make(day: CalendarDay, using generator: inout some RandomNumberGenerator) -> String {
        let body = (0..<7).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
        let date = String(format4(day.year)) + two(day.month) + two(day.day)
        return "\(date)-\(String(body))\(check(Array(date) + body))"
    }

    /// The number as stored when `text` is a well-formed receipt number (after the reading rules),
    /// nil otherwise.
    public static func normalised(_ text: String) -> String? {
        let cleaned = text.uppercased().filter { $0 != " " }
            .map { character -> Character in
                switch character {
                case "O": "0"
                case "I", "L": "1"
                default: character
                }
            }
        guard cleaned.count == 17, cleaned[8] == "-",
              cleaned[0..<8].allSatisfy({ $0.isASCII && $0.isNumber }),
              cleaned[9...].allSatisfy(alphabet.contains) else { return nil }
        let date = Array(cleaned[0..<8])
        let body = Array(cleaned[9..<16])
        guard check(date + body) == cleaned[16] else { return nil }
        return String(cleaned)
    }

    /// A sum weighted by odd numbers modulo 32: an odd weight times a change of one character is
    /// never a multiple of 32, so any one wrong character is caught; swapped neighbours are caught
    /// unless their values differ by 16.
    static func check(_ characters: [Character]) -> Character {
        var sum = 0
        for (position, character) in characters.enumerated() {
            sum += (alphabet.firstIndex(of: character) ?? 0) * (2 * position + 1)
        }
        return alphabet[sum % alphabet.count]
    }

    private static func format4(_ year: Int) -> String {
        let digits = String(year)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    private static func two(_ number: Int) -> String { number < 10 ? "0\(number)" : String(number) }
}

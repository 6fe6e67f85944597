import Foundation

/// Masks the personal numbers people type into messages that will be shown publicly: mobile
/// numbers keep their first three and last four digits (138****8000), resident ID numbers their
/// first six and last four, e-mail addresses their first character and domain.
public enum PersonalData {
    public static func masked(_ text: String) -> String {
        var result = text
        for (pattern, template) in replacements {
            result = result.replacingOccurrences(of: pattern, with: template, options: .regularExpression)
        }
        return result
    }

    // Order matters: an 18-character ID number contains runs of digits a phone pattern would take.
    private static let replacements: [(String, String)] = [
        (#"(?<![0-9])([1-9][0-9]{5})[0-9]{8}([0-9]{3}[0-9Xx])(?![0-9])"#, "$1********$2"),
        (#"(?<![0-9])(1[3-9][0-9])[0-9]{4}([0-9]{4})(?![0-9])"#, "$1****$2"),
        (#"([A-Za-z0-9])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})"#, "$1***@$2"),
    ]
}

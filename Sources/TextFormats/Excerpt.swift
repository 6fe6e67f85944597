/// How much of a value someone else typed an error message quotes back.
public enum Excerpt {
    /// How many characters of a bad value an error message repeats.
    public static let length = 40
}

extension StringProtocol {
    /// At most `limit` characters of the text for an error message, with "…" when there was more;
    /// line breaks, tabs and other control characters become spaces so a message stays one line.
    /// A bad cell may hold a whole document: echoing it in full would flood the page and the log.
    public func excerpt(_ limit: Int = Excerpt.length) -> String {
        var result = ""
        var count = 0
        for character in self {
            if count == limit { return result + "…" }
            let isControl = character.unicodeScalars.contains { $0.properties.generalCategory == .control }
            result.append(isControl ? " " : character)
            count += 1
        }
        return result
    }
}

/// HTML character references: `&nbsp;`, `&ldquo;`, `&#8212;`, `&#x4E00;`.
enum HTMLEntities {
    /// The named references Chinese government pages use, and the common ones of any page. A
    /// name not listed is left as written.
    static let named: [String: Unicode.Scalar] = [
        "nbsp": "\u{00A0}", "ensp": "\u{2002}", "emsp": "\u{2003}", "thinsp": "\u{2009}", "zwnj": "\u{200C}",
        "zwj": "\u{200D}", "shy": "\u{00AD}", "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'",
        "ldquo": "“", "rdquo": "”", "lsquo": "‘", "rsquo": "’", "sbquo": "‚", "bdquo": "„", "laquo": "«",
        "raquo": "»", "lsaquo": "‹", "rsaquo": "›", "mdash": "—", "ndash": "–", "hellip": "…", "middot": "·",
        "bull": "•", "prime": "′", "Prime": "″", "times": "×", "divide": "÷", "plusmn": "±", "minus": "−",
        "le": "≤", "ge": "≥", "ne": "≠", "asymp": "≈", "equiv": "≡", "deg": "°", "permil": "‰", "percnt": "%",
        "micro": "µ", "sup1": "¹", "sup2": "²", "sup3": "³", "frac12": "½", "frac14": "¼", "frac34": "¾",
        "copy": "©", "reg": "®", "trade": "™", "sect": "§", "para": "¶", "yen": "¥", "cny": "¥", "euro": "€",
        "pound": "£", "cent": "¢", "larr": "←", "rarr": "→", "uarr": "↑", "darr": "↓", "harr": "↔",
        "rArr": "⇒", "lArr": "⇐", "hArr": "⇔", "loz": "◊", "spades": "♠", "clubs": "♣", "hearts": "♥",
        "diams": "♦", "star": "☆", "starf": "★", "check": "✓", "cross": "✗", "iexcl": "¡", "iquest": "¿",
        "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "lambda": "λ", "mu": "μ",
        "pi": "π", "sigma": "σ", "omega": "ω", "Delta": "Δ", "Sigma": "Σ", "Omega": "Ω", "infin": "∞",
        "sum": "∑", "radic": "√", "ang": "∠", "and": "∧", "or": "∨", "cap": "∩", "cup": "∪", "isin": "∈",
        "there4": "∴", "sim": "∼", "lowast": "∗", "oplus": "⊕", "otimes": "⊗", "perp": "⊥", "sdot": "⋅",
        "lceil": "⌈", "rceil": "⌉", "lfloor": "⌊", "rfloor": "⌋", "lang": "〈", "rang": "〉", "circ": "ˆ",
        "tilde": "˜", "macr": "¯", "acute": "´", "uml": "¨", "cedil": "¸", "ordf": "ª", "ordm": "º",
        "not": "¬", "brvbar": "¦", "curren": "¤", "aacute": "á", "eacute": "é", "iacute": "í", "oacute": "ó",
        "uacute": "ú", "agrave": "à", "egrave": "è", "ugrave": "ù", "auml": "ä", "ouml": "ö", "uuml": "ü",
        "Auml": "Ä", "Ouml": "Ö", "Uuml": "Ü", "szlig": "ß", "ccedil": "ç", "ntilde": "ñ",
    ]

    /// Names browsers still read without their `;` (`&nbsp` in old pages).
    static let legacyWithoutSemicolon: Set<String> = ["nbsp", "amp", "lt", "gt", "quot", "copy", "reg", "times", "middot"]

    /// The reference that starts at `text[start]` (an `&`): its character and where it ends, or nil
    /// when it is not one (a lone `&`, an unknown name).
    static func reference(in text: [Unicode.Scalar], at start: Int) -> (scalar: Unicode.Scalar, end: Int)? {
        var index = start + 1
        guard index < text.count else { return nil }
        if text[index] == "#" {
            index += 1
            let hex = index < text.count && (text[index] == "x" || text[index] == "X")
            if hex { index += 1 }
            let digitsStart = index
            var value: UInt32 = 0
            while index < text.count, index - digitsStart < 8,
                let digit = Int(String(text[index]), radix: hex ? 16 : 10)
            {
                value = value * (hex ? 16 : 10) + UInt32(digit)
                index += 1
            }
            guard index > digitsStart else { return nil }
            if index < text.count, text[index] == ";" { index += 1 }
            // Windows-1252 quotes and dashes written as numbers, as old editors did (&#147; for “).
            let scalar = windows1252[value] ?? (value == 0 ? nil : Unicode.Scalar(value))
            return scalar.map { ($0, index) }
        }
        var name = ""
        while index < text.count, index - start <= 8, CharClass.isLatin(text[index]) || CharClass.isDigit(text[index]) {
            name.unicodeScalars.append(text[index])
            index += 1
        }
        if index < text.count, text[index] == ";", let scalar = named[name] { return (scalar, index + 1) }
        if legacyWithoutSemicolon.contains(name), let scalar = named[name] { return (scalar, index) }
        return nil
    }

    /// Numeric references 128–159 mean Windows-1252 characters in practice.
    private static let windows1252: [UInt32: Unicode.Scalar] = [
        145: "‘", 146: "’", 147: "“", 148: "”", 149: "•", 150: "–", 151: "—", 133: "…", 128: "€", 153: "™",
    ]
}

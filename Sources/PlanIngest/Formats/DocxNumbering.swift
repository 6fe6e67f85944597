import OfficePackage

/// Word's automatic numbering (`word/numbering.xml`) turned into the labels a reader sees: a
/// heading numbered `第%1章` with `chineseCounting` reads `第三章`, a list level `（%2）` reads
/// `（一）`. The outline reader finds headings by these markers, so they must be in the text.
struct DocxNumbering {
    /// One level of a list definition.
    struct Level {
        var start = 1
        var format = "decimal"
        /// `%1.%2`-style template; nil when the level shows no label.
        var template: String?
        /// Legal numbering: every number of the label in decimal.
        var isLegal = false
        /// The paragraph style this level is tied to (`Heading1`), for styles whose numbering names no level.
        var style: String?
    }

    /// A list instance (`w:num`): its definition and the levels whose start it overrides.
    struct Instance {
        var definition: String
        var startOverrides: [Int: Int] = [:]
    }

    var definitions: [String: [Int: Level]] = [:]
    var instances: [String: Instance] = [:]
    /// The counters of each list definition (nil: the level has not counted since it last
    /// started again): Word continues a list across instances of the same definition unless an
    /// instance restarts a level.
    private var counters: [String: [Int?]] = [:]
    private var startedInstances: Set<String> = []

    /// The level of `definition` tied to a paragraph style, for a style whose numbering gives no level.
    func level(ofStyle style: String, instance: String) -> Int? {
        guard let definition = instances[instance]?.definition else { return nil }
        return definitions[definition]?.first { $0.value.style == style }?.key
    }

    /// Counts one paragraph numbered by `instance` at `level` and returns its label ("三、",
    /// "（二）", "1.1"), or nil for bullets, `none` and unknown lists.
    mutating func label(instance: String, level: Int) -> String? {
        guard let list = instances[instance], let levels = definitions[list.definition], (0...8).contains(level) else {
            return nil
        }
        var values = counters[list.definition] ?? Array(repeating: nil, count: 9)
        if !startedInstances.contains(instance) {
            startedInstances.insert(instance)
            for (overridden, start) in list.startOverrides where (0...8).contains(overridden) {
                values[overridden] = start - 1
            }
        }
        let current = levels[level] ?? Level()
        values[level] = values[level].map { $0 + 1 } ?? current.start
        // A deeper level starts again under each new number of a higher one.
        for deeper in (level + 1)..<9 { values[deeper] = nil }
        counters[list.definition] = values
        guard current.format != "bullet", current.format != "none", let template = current.template else { return nil }

        var label = ""
        var characters = Substring(template)
        while let first = characters.first {
            characters = characters.dropFirst()
            guard first == "%", let digit = characters.first?.wholeNumberValue, (1...9).contains(digit) else {
                label.append(first)
                continue
            }
            characters = characters.dropFirst()
            let shown = digit - 1
            let format = current.isLegal ? "decimal" : (levels[shown]?.format ?? "decimal")
            let value = values[shown] ?? levels[shown]?.start ?? 1
            label += Self.format(value, as: format)
        }
        return label
    }

    /// A number in one of Word's formats (`w:numFmt`); unknown formats fall back to decimal.
    static func format(_ value: Int, as format: String) -> String {
        switch format {
        case "decimal": return String(value)
        case "decimalZero": return value < 10 ? "0\(value)" : String(value)
        case "decimalFullWidth", "decimalFullWidth2":
            return String(String.UnicodeScalarView(String(value).unicodeScalars.map { Unicode.Scalar($0.value + 0xFEE0)! }))
        case "decimalEnclosedCircle", "decimalEnclosedCircleChinese":
            return (1...20).contains(value) ? String(Unicode.Scalar(0x2460 + UInt32(value - 1))!) : String(value)
        case "decimalEnclosedParen":
            return (1...20).contains(value) ? String(Unicode.Scalar(0x2474 + UInt32(value - 1))!) : "(\(value))"
        case "decimalEnclosedFullstop":
            return (1...20).contains(value) ? String(Unicode.Scalar(0x2488 + UInt32(value - 1))!) : "\(value)."
        case "upperLetter": return letters(value, uppercase: true)
        case "lowerLetter": return letters(value, uppercase: false)
        case "upperRoman": return roman(value)
        case "lowerRoman": return roman(value).lowercased()
        case "chineseCounting", "chineseCountingThousand", "taiwaneseCounting", "taiwaneseCountingThousand",
            "japaneseCounting", "koreanCounting":
            return chineseCounting(value)
        case "ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand":
            return String(String(value).map { hanDigits[$0.wholeNumberValue!] })
        case "chineseLegalSimplified": return chineseCounting(value, digits: legalDigits, ten: "拾", hundred: "佰", thousand: "仟")
        case "ideographTraditional": return cycle(value, "甲乙丙丁戊己庚辛壬癸")
        case "ideographZodiac": return cycle(value, "子丑寅卯辰巳午未申酉戌亥")
        default: return String(value)
        }
    }

    /// Digits written one by one (`ideographDigital`: 2025 → 二〇二五).
    private static let hanDigits: [Character] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"]
    /// Digits of a counted number, whose zero is 零 (一百零五).
    private static let countingDigits: [Character] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"]
    private static let legalDigits: [Character] = ["零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"]

    /// 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五, as Word writes `chineseCounting`.
    static func chineseCounting(
        _ value: Int, digits: [Character] = countingDigits, ten: Character = "十", hundred: Character = "百",
        thousand: Character = "千"
    ) -> String {
        guard value > 0, value < 10_000 else { return String(value) }
        let places: [(Int, Character?)] = [(1000, thousand), (100, hundred), (10, ten), (1, nil)]
        var result = ""
        var pendingZero = false
        for (unit, name) in places {
            let digit = value / unit % 10
            if digit == 0 {
                if !result.isEmpty { pendingZero = true }
                continue
            }
            if pendingZero { result.append(digits[0]) }
            pendingZero = false
            // 十二, not 一十二, when ten leads.
            if !(unit == 10 && digit == 1 && result.isEmpty && digits == countingDigits) { result.append(digits[digit]) }
            if let name { result.append(name) }
        }
        return result
    }

    private static func letters(_ value: Int, uppercase: Bool) -> String {
        guard value > 0 else { return String(value) }
        let letter = Character(Unicode.Scalar((uppercase ? 65 : 97) + UInt32((value - 1) % 26))!)
        return String(repeating: letter, count: (value - 1) / 26 + 1)
    }

    private static func roman(_ value: Int) -> String {
        guard value > 0, value < 4000 else { return String(value) }
        let numerals: [(Int, String)] = [
            (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
            (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
        ]
        var rest = value, result = ""
        for (amount, numeral) in numerals {
            while rest >= amount {
                result += numeral
                rest -= amount
            }
        }
        return result
    }

    private static func cycle(_ value: Int, _ symbols: String) -> String {
        guard value > 0 else { return String(value) }
        let list = Array(symbols)
        return String(list[(value - 1) % list.count])
    }
}

/// Reads `word/numbering.xml` into list definitions and instances.
struct DocxNumberingHandler: XMLHandler {
    var numbering = DocxNumbering()
    private var definition: String?
    private var level: Int?
    private var current = DocxNumbering.Level()
    private var instance: String?
    private var overrideLevel: Int?

    mutating func start(_ element: XMLElement) throws {
        let name = element.name
        if name == "abstractNum" {
            definition = element.string("abstractNumId")
        } else if name == "num" {
            instance = element.string("numId")
            if let instance { numbering.instances[instance] = DocxNumbering.Instance(definition: "") }
        } else if let instance, name == "abstractNumId" {
            numbering.instances[instance]?.definition = element.string("val") ?? ""
        } else if instance != nil, name == "lvlOverride" {
            overrideLevel = element.string("ilvl").flatMap(Int.init)
        } else if let instance, let overrideLevel, name == "startOverride" {
            numbering.instances[instance]?.startOverrides[overrideLevel] = element.string("val").flatMap(Int.init) ?? 1
        } else if definition != nil, name == "lvl" {
            level = element.string("ilvl").flatMap(Int.init)
            current = DocxNumbering.Level()
        } else if level != nil {
            let value = element.string("val")
            if name == "start" { current.start = value.flatMap(Int.init) ?? 1 }
            else if name == "numFmt" { current.format = value ?? "decimal" }
            else if name == "lvlText" { current.template = value }
            else if name == "isLgl" { current.isLegal = value != "0" && value != "false" }
            else if name == "pStyle" { current.style = value }
        }
    }

    mutating func end(_ name: XMLName) throws {
        if name == "lvl", let definition, let level {
            numbering.definitions[definition, default: [:]][level] = current
            self.level = nil
        } else if name == "abstractNum" {
            definition = nil
        } else if name == "num" {
            instance = nil
        } else if name == "lvlOverride" {
            overrideLevel = nil
        }
    }
}

import Foundation

/// A target's progress status as the charts colour it. The server maps its own statuses onto these
/// five; tables should use ``colour`` too, so that a page speaks one colour language.
public enum ChartStatus: String, Sendable, Equatable, CaseIterable {
    case met
    case onTrack
    case atRisk
    case offTrack
    case noData

    /// A blue–orange scale rather than green–red so that readers with red–green colour blindness
    /// see it too: every pair stays at least ΔE 25 (CIELAB) apart under simulated protanopia,
    /// deuteranopia and tritanopia (docs/charts.md).
    public var colour: String {
        switch self {
        case .met: "#1F5FA8"
        case .onTrack: "#74A9CF"
        case .atRisk: "#F2A93B"
        case .offTrack: "#C24A1C"
        case .noData: "#D9D9D9"
        }
    }

    /// The text colour on a chip of ``colour``: white or near-black, whichever reads at the WCAG
    /// AA contrast of 4.5:1 (light blue, amber and grey take dark text).
    public var textColour: String {
        ContrastRatio.between(colour, "#FFFFFF") >= 4.5 ? "#FFFFFF" : "#1A1A1A"
    }

    /// The legend's words.
    public var label: String {
        switch self {
        case .met: "已达标"
        case .onTrack: "进展顺利"
        case .atRisk: "存在风险"
        case .offTrack: "进度滞后"
        case .noData: "无数据"
        }
    }

    /// The legend's words in English.
    public var englishLabel: String {
        switch self {
        case .met: "Met"
        case .onTrack: "On track"
        case .atRisk: "At risk"
        case .offTrack: "Off track"
        case .noData: "No data"
        }
    }

    /// The legend's words in `language`.
    public func label(in language: ChartLanguage) -> String {
        language == .chinese ? label : englishLabel
    }
}

/// The colours every chart shares.
public enum Palette {
    /// Series colours in the order charts use them, from Okabe & Ito's colour-blind-safe set
    /// (the blue darkened to match ``ChartStatus/met``).
    public static let series = [
        "#1F5FA8", "#E69F00", "#009E73", "#C24A1C", "#CC79A7", "#56B4E9", "#555555",
    ]

    /// The `n`th series colour, repeating after the last.
    public static func series(_ n: Int) -> String { series[n % series.count] }

    static let title = "#1A1A1A"
    static let text = "#333333"
    static let secondaryText = "#666666"
    static let axis = "#8C8C8C"
    static let grid = "#E3E3E3"
    /// Reference lines (targets, means, benchmarks) are dark and dashed, never a data colour.
    static let reference = "#333333"
    static let trajectory = "#7A7A7A"
    static let background = "#FFFFFF"

    /// The font stack: the CJK fonts of the Linux server (for PDFs printed by headless Chromium)
    /// first, then those of Windows and macOS readers' browsers.
    static let fontFamily =
        "'WenQuanYi Micro Hei', 'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', sans-serif"
}

/// WCAG 2 contrast between two sRGB colours written `#RRGGBB`: from 1 (none) to 21.
public enum ContrastRatio {
    public static func between(_ first: String, _ second: String) -> Double {
        let (lighter, darker) = (max(luminance(first), luminance(second)), min(luminance(first), luminance(second)))
        return (lighter + 0.05) / (darker + 0.05)
    }

    /// Relative luminance (WCAG 2.x): linearised channels weighted 0.2126 / 0.7152 / 0.0722.
    static func luminance(_ hex: String) -> Double {
        let digits = hex.hasPrefix("#") ? String(hex.dropFirst()) : hex
        guard digits.count == 6, let value = UInt32(digits, radix: 16) else { return 0 }
        let channels = [Double((value >> 16) & 0xFF), Double((value >> 8) & 0xFF), Double(value & 0xFF)].map { channel -> Double in
            let c = channel / 255
            return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]
    }
}

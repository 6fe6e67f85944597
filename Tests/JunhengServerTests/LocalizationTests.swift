import Foundation
@testable import JunhengServer
import Testing

@Suite struct LocalizationTests {
    /// A duplicate key in the strings literal traps at run time on every page; the literal is
    /// read as text here so the test names the key instead of crashing the test run.
    @Test func everyUIStringKeyIsDefinedOnce() throws {
        let source = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/JunhengServer/Pages/Localization.swift"), encoding: .utf8)
        let keys = source.split(separator: "\n").compactMap { line -> String? in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("\""), let end = trimmed.dropFirst().firstIndex(of: "\""),
                  trimmed[end...].hasPrefix("\":") else { return nil }
            return String(trimmed[trimmed.index(after: trimmed.startIndex)..<end])
        }
        #expect(keys.count > 50)
        #expect(Dictionary(grouping: keys, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted() == [])
    }

    @Test func bothLanguagesHaveEveryString() {
        #expect(Language.chinese.strings.keys.sorted() == Language.english.strings.keys.sorted())
        #expect(Language.chinese.strings["equalization"] == "均等化分析")
        #expect(Language.english.strings["equalization"] == "Equalization")
    }

    /// swift-mustache has no `list.0` lookup: a section guarded by one never renders. Templates
    /// use `{{^empty(list)}}` instead.
    @Test func templatesDoNotUseIndexLookups() throws {
        let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/JunhengServer/Templates")
        for file in try FileManager.default.contentsOfDirectory(atPath: templates.path) where file.hasSuffix(".mustache") {
            let text = try String(contentsOf: templates.appendingPathComponent(file), encoding: .utf8)
            #expect(text.range(of: #"\{\{[#^/][A-Za-z.]+\.[0-9]+\}\}"#, options: .regularExpression) == nil, "\(file)")
        }
    }

    /// Every `{{t.key}}` used by a template exists, so no label renders empty.
    @Test func templatesUseOnlyDefinedStrings() throws {
        let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/JunhengServer/Templates")
        let defined = Set(Language.chinese.strings.keys)
        for file in try FileManager.default.contentsOfDirectory(atPath: templates.path) where file.hasSuffix(".mustache") {
            let text = try String(contentsOf: templates.appendingPathComponent(file), encoding: .utf8)
            let used = text.components(separatedBy: "{{t.").dropFirst().compactMap { $0.split(separator: "}").first.map(String.init) }
            #expect(Set(used).subtracting(defined).sorted() == [], "\(file)")
        }
    }
}

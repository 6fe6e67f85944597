import Foundation
@testable import JunhengServer
import Testing

@Suite struct LocalizationTests {
    /// A duplicate key in the strings literal traps at run time on every page; the literal is
    /// read as text here so the test names the key instead of crashing the test run.
    @Test func everyUIStringKeyIsDefinedOnce() throws {
        let source = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/JunhengServer/Web/Localization.swift"), encoding: .utf8)
        let keys = source.split(separator: "\n").compactMap { line -> String? in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("\""), let end = trimmed.dropFirst().firstIndex(of: "\""),
                  trimmed[end...].hasPrefix("\":") else { return nil }
            return String(trimmed[trimmed.index(after: trimmed.startIndex)..<end])
        }
        #expect(keys.count > 50)
        #expect(Dictionary(grouping: keys, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted() == [])
    }

    /// Every key is really translated: the English text has no Chinese in it and the Chinese text
    /// has some. The exceptions quote what a user types or sees in Chinese (column headers of an
    /// import, an example search), name the other language (the language switch) or keep the
    /// demo's label 示例数据 beside its English (the note under charts of demo figures).
    @Test func everyStringIsWrittenInItsOwnLanguage() {
        let chinese = #/[\u{4E00}-\u{9FFF}]/#
        let quotesChinese: Set = ["language", "searchPlaceholder", "importCatalogueHelp", "demoDataNote", "access.importHelp",
                                  "survey.marginsHelp", "survey.builderHelp", "hotline.importHelp", "hotline.keywordsHelp"]
        let untranslated = UIStrings.table.filter { key, pair in
            guard !quotesChinese.contains(key) else { return false }
            return pair.en.isEmpty || pair.en.contains(chinese) || !pair.zh.contains(chinese)
        }
        #expect(untranslated.keys.sorted() == [])
        #expect(Language.chinese.strings["equalization"] == "均等化分析")
        #expect(Language.english.strings["equalization"] == "Equalization")
    }

    /// swift-mustache has no `list.0` lookup: a section guarded by one never renders. Templates
    /// use `{{^empty(list)}}` instead.
    @Test func templatesDoNotUseIndexLookups() throws {
        let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/JunhengServer/Templates")
        for file in try Self.templateFiles(in: templates) {
            let text = try String(contentsOf: templates.appendingPathComponent(file), encoding: .utf8)
            #expect(text.range(of: #"\{\{[#^/][A-Za-z.]+\.[0-9]+\}\}"#, options: .regularExpression) == nil, "\(file)")
        }
    }

    /// Every `{{t.key}}` used by a template exists, so no label renders empty.
    @Test func templatesUseOnlyDefinedStrings() throws {
        let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/JunhengServer/Templates")
        let defined = Set(Language.chinese.strings.keys)
        for file in try Self.templateFiles(in: templates) {
            let text = try String(contentsOf: templates.appendingPathComponent(file), encoding: .utf8)
            let used = text.components(separatedBy: "{{t.").dropFirst().compactMap { $0.split(separator: "}").first.map(String.init) }
            #expect(Set(used).subtracting(defined).sorted() == [], "\(file)")
        }
    }

    /// Every template, in the feature folders too.
    static func templateFiles(in directory: URL) throws -> [String] {
        let files = FileManager.default.enumerator(atPath: directory.path)?.compactMap { $0 as? String } ?? []
        let templates = files.filter { $0.hasSuffix(".mustache") }
        #expect(templates.count > 20)
        return templates
    }
}

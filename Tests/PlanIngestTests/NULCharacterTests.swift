import Foundation
import PlanIngest
import Testing

/// Issue 16, item 11: a plan with a NUL character is refused, naming the line, instead of being
/// stored and cut at that point by the database.
@Test func aPlanWithANULCharacterIsRefusedWithItsLine() {
    let text = "邢台市“十四五”基本公共服务规划\n第一章 总则\n到2025年，学前三年毛入园率达到92%\u{0}以上。\n"
    #expect(throws: IngestError.unreadable("a NUL character (U+0000) on line 3; remove it and upload again")) {
        try PlanIngester.ingest(Data(text.utf8))
    }
    var utf16 = Data([0xFF, 0xFE])
    for unit in ("规划标题\n" + String(repeating: "正文内容", count: 20) + "\u{0}").utf16 { utf16.append(contentsOf: [UInt8(unit & 0xFF), UInt8(unit >> 8)]) }
    #expect(throws: IngestError.unreadable("a NUL character (U+0000) on line 2; remove it and upload again")) {
        try PlanIngester.ingest(utf16)
    }
}

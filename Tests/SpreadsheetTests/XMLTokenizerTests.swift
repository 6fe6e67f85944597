import Foundation
import Testing

import OfficePackage
@testable import Spreadsheet

/// Writes every token down, so that feeding a document in pieces can be compared with feeding
/// it whole.
private struct RecordingHandler: XMLHandler {
    var events: [String] = []
    var wantsText: Bool { true }

    mutating func start(_ element: XMLElement) {
        let name = String(decoding: element.name.bytes, as: UTF8.self)
        events.append("<\(name) r=\(element.string("r") ?? "-") t=\(element.string("t") ?? "-")>")
    }

    mutating func end(_ name: XMLName) { events.append("</\(String(decoding: name.bytes, as: UTF8.self))>") }

    mutating func text(_ bytes: UnsafeBufferPointer<UInt8>) {
        // Text may arrive in several calls; merge neighbours so the record does not depend on it.
        let text = String(decoding: bytes, as: UTF8.self)
        if let last = events.last, last.hasPrefix("text:") {
            events[events.count - 1] = last + text
        } else {
            events.append("text:" + text)
        }
    }
}

private func tokens(_ bytes: [UInt8], chunkSize: Int) throws -> [String] {
    var tokenizer = XMLTokenizer(handler: RecordingHandler())
    for start in stride(from: 0, to: bytes.count, by: chunkSize) {
        try bytes[start..<min(bytes.count, start + chunkSize)].withUnsafeBytes { try tokenizer.feed($0) }
    }
    try tokenizer.finish()
    return tokenizer.handler.events
}

@Test func chunkBoundariesDoNotChangeTheTokens() throws {
    let parts = try Fixture.parts("quirks.xlsx") + Fixture.parts("catalogue-libreoffice.xlsx")
    for part in parts where part.path.hasSuffix(".xml") {
        let whole = try tokens(part.bytes, chunkSize: part.bytes.count)
        #expect(!whole.isEmpty)
        for chunkSize in [1, 2, 3, 7, 13, 64] {
            #expect(try tokens(part.bytes, chunkSize: chunkSize) == whole, "\(part.path) in chunks of \(chunkSize)")
        }
    }
}

@Test func longTextArrivingInSmallChunksIsParsedOnce() throws {
    let text = String(repeating: "均衡&amp;", count: 40_000)
    let document = Array("<t>\(text)</t>".utf8)
    let events = try tokens(document, chunkSize: 1_000)
    #expect(events == ["<t r=- t=->", "text:" + String(repeating: "均衡&", count: 40_000), "</t>"])
}

@Test func attributesMayBeQuotedEitherWayAndPrefixed() throws {
    let events = try tokens(
        Array(#"<x:c  r = 'A1' x:t="s" xmlns:x="urn:x" ><x:v>1&#10;2</x:v></x:c>"#.utf8), chunkSize: 5)
    #expect(events == ["<c r=A1 t=s>", "<v r=- t=->", "text:1\n2", "</v>", "</c>"])
}

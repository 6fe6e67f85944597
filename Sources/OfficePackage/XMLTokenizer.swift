/// A streaming, non-validating XML tokenizer over UTF-8 bytes, fed in chunks: the one XML reader
/// of the XLSX reader (`Spreadsheet`) and the DOCX reader (`PlanIngest`).
///
/// Worksheets can be hundreds of megabytes of `<c><v>` elements; Foundation's `XMLParser`
/// makes a `String` and a dictionary for every element, which costs seconds per 100k rows on
/// Linux and needs the whole part in memory. This tokenizer hands byte slices to a generic
/// handler, so parsing allocates only for values the handler keeps. It checks what a
/// reader needs to trust: tags nest and match, attributes are quoted, entities are
/// known. Document type declarations are refused, so entity expansion attacks cannot happen.
///
/// The tokenizer is `@inlinable` so that it is specialised for each handler in the module that
/// uses it: called through a generic interface, parsing a large worksheet would pay for dynamic
/// dispatch on every tag.
public struct XMLTokenizer<Handler: XMLHandler> {
    /// Receives the tokens; read it after `finish()` for what it collected.
    public var handler: Handler
    /// Bytes of an unfinished token carried over from the previous chunk.
    @usableFromInline var pending: [UInt8] = []
    /// Document offset of `pending[0]`, for error messages.
    @usableFromInline var pendingOffset = 0
    /// A long unfinished token is retried only after the buffer has doubled, so parsing stays
    /// linear however the chunks fall.
    @usableFromInline var retrySize = 0
    @usableFromInline var openNames: [UInt8] = []
    @usableFromInline var openNameEnds: [Int] = []
    @usableFromInline var sawRoot = false
    @usableFromInline var attributeSlots: [XMLAttributeSlot] = []
    @usableFromInline var decodedValues: [UInt8] = []
    @usableFromInline var decodedText: [UInt8] = []

    @inlinable public static var maxTokenBytes: Int { 16 << 20 }
    @inlinable public static var maxDepth: Int { 256 }

    @inlinable public init(handler: Handler) { self.handler = handler }

    /// Parses the complete tokens of the next chunk of the document and keeps an unfinished one
    /// for the next call.
    @inlinable public mutating func feed(_ chunk: UnsafeRawBufferPointer) throws {
        let bytes = chunk.bindMemory(to: UInt8.self)
        if pending.isEmpty {
            let consumed = try parse(bytes, final: false)
            pending.append(contentsOf: bytes[consumed...])
            pendingOffset += consumed
        } else {
            pending.append(contentsOf: bytes)
            guard pending.count >= retrySize else { return }
            try parsePending(final: false)
        }
        guard pending.count <= Self.maxTokenBytes else {
            throw XMLSyntaxError(offset: pendingOffset, detail: "a single tag or text is larger than 16 MB")
        }
        retrySize = pending.count > 65_536 ? pending.count * 2 : 0
    }

    /// Parses what is left and checks that the document is complete.
    @inlinable public mutating func finish() throws {
        try parsePending(final: true)
        guard sawRoot else { throw XMLSyntaxError(offset: pendingOffset, detail: "no root element") }
        guard openNameEnds.isEmpty else {
            throw XMLSyntaxError(offset: pendingOffset, detail: "the document ends inside an element")
        }
    }

    @inlinable mutating func parsePending(final: Bool) throws {
        let buffer = pending  // keeps the bytes alive while `self` changes below
        let consumed = try buffer.withUnsafeBufferPointer { try parse($0, final: final) }
        pending.removeFirst(consumed)
        pendingOffset += consumed
    }

    /// Handles every complete token in `bytes` and returns how many bytes it consumed; the
    /// rest is an unfinished token unless `final`, when running out of bytes is an error.
    @inlinable mutating func parse(_ bytes: UnsafeBufferPointer<UInt8>, final: Bool) throws -> Int {
        let count = bytes.count
        var index = 0
        func truncated() -> XMLSyntaxError {
            XMLSyntaxError(offset: pendingOffset + index, detail: "the document ends inside a tag")
        }
        while index < count {
            if bytes[index] != ASCII.lessThan {
                var end = index
                while end < count, bytes[end] != ASCII.lessThan { end += 1 }
                if end == count, !final { return index }
                try text(UnsafeBufferPointer(rebasing: bytes[index..<end]), at: index)
                index = end
                continue
            }
            guard index + 9 <= count || final else { return index }  // "<![CDATA[" is the longest opener
            guard index + 1 < count else { throw truncated() }
            switch bytes[index + 1] {
            case ASCII.slash:
                guard let close = XMLBytes.find(">", in: bytes, from: index + 2) else {
                    if final { throw truncated() } else { return index }
                }
                try closeElement(UnsafeBufferPointer(rebasing: bytes[index + 2..<close]), at: index)
                index = close + 1
            case ASCII.questionMark:
                guard let close = XMLBytes.find("?>", in: bytes, from: index + 2) else {
                    if final { throw truncated() } else { return index }
                }
                index = close + 2
            case ASCII.exclamationMark:
                if XMLBytes.matches("<!--", in: bytes, at: index) {
                    guard let close = XMLBytes.find("-->", in: bytes, from: index + 4) else {
                        if final { throw truncated() } else { return index }
                    }
                    index = close + 3
                } else if XMLBytes.matches("<![CDATA[", in: bytes, at: index) {
                    guard let close = XMLBytes.find("]]>", in: bytes, from: index + 9) else {
                        if final { throw truncated() } else { return index }
                    }
                    try characterData(UnsafeBufferPointer(rebasing: bytes[index + 9..<close]), at: index)
                    index = close + 3
                } else {
                    throw XMLSyntaxError(
                        offset: pendingOffset + index, detail: "document type declarations are not allowed")
                }
            default:
                guard let close = try tagEnd(in: bytes, from: index + 1) else {
                    if final { throw truncated() } else { return index }
                }
                try openElement(UnsafeBufferPointer(rebasing: bytes[index + 1..<close]), at: index)
                index = close + 1
            }
        }
        return count
    }

    /// The index of the `>` that ends a start tag, skipping quoted attribute values.
    @inlinable func tagEnd(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) throws -> Int? {
        var quote: UInt8 = 0
        for index in start..<bytes.count {
            let byte = bytes[index]
            if quote != 0 {
                if byte == quote { quote = 0 }
            } else if byte == ASCII.doubleQuote || byte == ASCII.singleQuote {
                quote = byte
            } else if byte == ASCII.greaterThan {
                return index
            } else if byte == ASCII.lessThan {
                throw XMLSyntaxError(offset: pendingOffset + index, detail: "'<' inside a tag")
            }
        }
        return nil
    }

    @inlinable mutating func text(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) throws {
        guard !openNameEnds.isEmpty else {
            guard bytes.allSatisfy(ASCII.isSpace) else {
                throw XMLSyntaxError(offset: pendingOffset + offset, detail: "text outside the root element")
            }
            return
        }
        guard handler.wantsText else { return }
        guard bytes.contains(where: { $0 == ASCII.ampersand || $0 == ASCII.carriageReturn }) else {
            return try handler.text(bytes)
        }
        decodedText.removeAll(keepingCapacity: true)
        try XMLBytes.decode(bytes, into: &decodedText, offset: pendingOffset + offset)
        let decoded = decodedText
        try decoded.withUnsafeBufferPointer { try handler.text($0) }
    }

    @inlinable mutating func characterData(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) throws {
        guard !openNameEnds.isEmpty else {
            throw XMLSyntaxError(offset: pendingOffset + offset, detail: "CDATA outside the root element")
        }
        if handler.wantsText { try handler.text(bytes) }
    }

    @inlinable mutating func openElement(_ tag: UnsafeBufferPointer<UInt8>, at offset: Int) throws {
        let selfClosing = tag.last == ASCII.slash
        let end = selfClosing ? tag.count - 1 : tag.count
        var index = 0
        while index < end, !ASCII.isSpace(tag[index]) { index += 1 }
        let name = 0..<index
        guard !name.isEmpty, XMLBytes.isNameStart(tag[0]) else {
            throw XMLSyntaxError(offset: pendingOffset + offset, detail: "a tag without a valid name")
        }
        // Borrowed for the call, so that the handler can be mutated while they are read and
        // their storage is reused for the next tag instead of being copied.
        var slots: [XMLAttributeSlot] = []
        var decoded: [UInt8] = []
        swap(&slots, &attributeSlots)
        swap(&decoded, &decodedValues)
        defer {
            swap(&slots, &attributeSlots)
            swap(&decoded, &decodedValues)
        }
        if !slots.isEmpty { slots.removeAll(keepingCapacity: true) }
        if !decoded.isEmpty { decoded.removeAll(keepingCapacity: true) }
        while true {
            while index < end, ASCII.isSpace(tag[index]) { index += 1 }
            if index == end { break }
            let nameStart = index
            while index < end, !ASCII.isSpace(tag[index]), tag[index] != ASCII.equals { index += 1 }
            let attributeName = nameStart..<index
            while index < end, ASCII.isSpace(tag[index]) { index += 1 }
            guard index < end, tag[index] == ASCII.equals else {
                throw XMLSyntaxError(offset: pendingOffset + offset, detail: "an attribute without '=\"value\"'")
            }
            index += 1
            while index < end, ASCII.isSpace(tag[index]) { index += 1 }
            guard index < end, tag[index] == ASCII.doubleQuote || tag[index] == ASCII.singleQuote else {
                throw XMLSyntaxError(offset: pendingOffset + offset, detail: "an attribute value without quotes")
            }
            let quote = tag[index]
            index += 1
            let valueStart = index
            while index < end, tag[index] != quote { index += 1 }
            guard index < end else {
                throw XMLSyntaxError(offset: pendingOffset + offset, detail: "an unterminated attribute value")
            }
            let value = valueStart..<index
            index += 1
            guard !attributeName.isEmpty else {
                throw XMLSyntaxError(offset: pendingOffset + offset, detail: "an attribute without a name")
            }
            if XMLBytes.matches("xmlns", in: tag, at: attributeName.lowerBound),
                attributeName.count == 5 || tag[attributeName.lowerBound + 5] == ASCII.colon
            {
                continue  // namespace declarations; elements are matched by local name
            }
            let localName = XMLBytes.localName(of: attributeName, in: tag)
            if tag[value].contains(ASCII.ampersand) {
                let decodedStart = decoded.count
                try XMLBytes.decode(
                    UnsafeBufferPointer(rebasing: tag[value]), into: &decoded, offset: pendingOffset + offset)
                slots.append(XMLAttributeSlot(name: localName, value: decodedStart..<decoded.count, isDecoded: true))
            } else {
                slots.append(XMLAttributeSlot(name: localName, value: value, isDecoded: false))
            }
        }
        if openNameEnds.isEmpty {
            guard !sawRoot else {
                throw XMLSyntaxError(offset: pendingOffset + offset, detail: "a second root element")
            }
            sawRoot = true
        }
        guard openNameEnds.count < Self.maxDepth else {
            throw XMLSyntaxError(offset: pendingOffset + offset, detail: "elements nested too deeply")
        }
        let localName = XMLName(UnsafeBufferPointer(rebasing: tag[XMLBytes.localName(of: name, in: tag)]))
        try slots.withUnsafeBufferPointer { slots in
            try decoded.withUnsafeBufferPointer { decoded in
                try handler.start(XMLElement(name: localName, tag: tag, decoded: decoded, slots: slots))
            }
        }
        if selfClosing {
            try handler.end(localName)
        } else {
            openNames.append(contentsOf: tag[name])
            openNameEnds.append(openNames.count)
        }
    }

    @inlinable mutating func closeElement(_ tag: UnsafeBufferPointer<UInt8>, at offset: Int) throws {
        var nameEnd = tag.count
        while nameEnd > 0, ASCII.isSpace(tag[nameEnd - 1]) { nameEnd -= 1 }
        let name = UnsafeBufferPointer(rebasing: tag[..<nameEnd])
        let start = openNameEnds.count > 1 ? openNameEnds[openNameEnds.count - 2] : 0
        guard let end = openNameEnds.last,
            openNames.withUnsafeBufferPointer({ XMLBytes.equal(UnsafeBufferPointer(rebasing: $0[start..<end]), name) })
        else {
            let found = String(decoding: name, as: UTF8.self)
            throw XMLSyntaxError(offset: pendingOffset + offset, detail: "unexpected closing tag </\(found)>")
        }
        openNames.removeSubrange(start...)
        openNameEnds.removeLast()
        try handler.end(XMLName(UnsafeBufferPointer(rebasing: name[XMLBytes.localName(of: 0..<nameEnd, in: name)])))
    }
}

/// Byte-level helpers of the tokenizer, kept out of the generic type.
public enum XMLBytes {
    @inlinable public static func localName(of range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        guard let colon = bytes[range].lastIndex(of: ASCII.colon) else { return range }
        return colon + 1..<range.upperBound
    }

    @inlinable public static func isNameStart(_ byte: UInt8) -> Bool {
        !(ASCII.isSpace(byte) || byte == ASCII.slash || byte == ASCII.equals || byte == ASCII.doubleQuote
            || byte == ASCII.singleQuote || (ASCII.zero...ASCII.nine).contains(byte))
    }

    @inlinable public static func matches(_ literal: StaticString, in bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        let pattern = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        return bytes.count - index >= pattern.count
            && equal(UnsafeBufferPointer(rebasing: bytes[index..<index + pattern.count]), pattern)
    }

    /// Byte equality of two buffers of the same length; a plain loop, which the optimiser
    /// handles better than the generic `elementsEqual`.
    @inlinable public static func equal(_ first: UnsafeBufferPointer<UInt8>, _ second: UnsafeBufferPointer<UInt8>) -> Bool {
        guard first.count == second.count else { return false }
        for index in 0..<first.count where first[index] != second[index] { return false }
        return true
    }

    @inlinable public static func find(_ literal: StaticString, in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        let first = literal.utf8Start.pointee
        var index = start
        while index < bytes.count {
            if bytes[index] == first, matches(literal, in: bytes, at: index) { return index }
            index += 1
        }
        return nil
    }

    /// Replaces entity and character references and turns CR LF and lone CR into LF, as XML
    /// requires of every parser.
    @inlinable public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, into output: inout [UInt8], offset: Int) throws {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == ASCII.carriageReturn {
                output.append(ASCII.lineFeed)
                index += index + 1 < bytes.count && bytes[index + 1] == ASCII.lineFeed ? 2 : 1
                continue
            }
            guard byte == ASCII.ampersand else {
                output.append(byte)
                index += 1
                continue
            }
            guard let semicolon = bytes[index..<min(bytes.count, index + 12)].firstIndex(of: ASCII.semicolon),
                let scalar = entity(UnsafeBufferPointer(rebasing: bytes[index + 1..<semicolon]))
            else { throw XMLSyntaxError(offset: offset, detail: "an unknown or broken '&' reference") }
            output.append(contentsOf: String(Character(scalar)).utf8)
            index = semicolon + 1
        }
    }

    @inlinable public static func entity(_ name: UnsafeBufferPointer<UInt8>) -> Unicode.Scalar? {
        switch String(decoding: name, as: UTF8.self) {
        case "lt": return "<"
        case "gt": return ">"
        case "amp": return "&"
        case "quot": return "\""
        case "apos": return "'"
        case let reference where reference.hasPrefix("#x"):
            return UInt32(reference.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).flatMap(nonNull)
        case let reference where reference.hasPrefix("#"):
            return UInt32(reference.dropFirst(), radix: 10).flatMap(Unicode.Scalar.init).flatMap(nonNull)
        default: return nil
        }
    }

    @inlinable public static func nonNull(_ scalar: Unicode.Scalar) -> Unicode.Scalar? { scalar.value == 0 ? nil : scalar }
}

/// Receives the tokens of a document. Byte buffers are valid only during the call.
public protocol XMLHandler {
    /// Whether text between tags matters right now; when false it is not even decoded.
    var wantsText: Bool { get }
    mutating func start(_ element: XMLElement) throws
    mutating func end(_ name: XMLName) throws
    /// Character data, already decoded; one run of text may arrive in several calls.
    mutating func text(_ bytes: UnsafeBufferPointer<UInt8>) throws
}

/// Defaults for handlers that need no text and no end tags.
extension XMLHandler {
    public var wantsText: Bool { false }
    public mutating func end(_ name: XMLName) throws {}
    public mutating func text(_ bytes: UnsafeBufferPointer<UInt8>) throws {}
}

/// Where the XML stops being well-formed (a byte offset into the part) and what is wrong there.
public struct XMLSyntaxError: Error, Sendable {
    public let offset: Int
    public let detail: String

    @inlinable public init(offset: Int, detail: String) {
        self.offset = offset
        self.detail = detail
    }
}

/// An element or attribute name without its namespace prefix.
public struct XMLName {
    public let bytes: UnsafeBufferPointer<UInt8>

    @inlinable public init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    @inlinable public static func == (name: XMLName, literal: StaticString) -> Bool {
        name.bytes.count == literal.utf8CodeUnitCount
            && XMLBytes.equal(
                name.bytes, UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }
}

/// Where one attribute's name and value are, in the tag or in the buffer of decoded values.
@usableFromInline struct XMLAttributeSlot {
    @usableFromInline let name: Range<Int>
    @usableFromInline let value: Range<Int>
    /// True when `value` points into the decoded-values buffer rather than the tag.
    @usableFromInline let isDecoded: Bool

    @inlinable init(name: Range<Int>, value: Range<Int>, isDecoded: Bool) {
        self.name = name
        self.value = value
        self.isDecoded = isDecoded
    }
}

/// A start tag: its local name and attributes, looked up by local name.
public struct XMLElement {
    public let name: XMLName
    @usableFromInline let tag: UnsafeBufferPointer<UInt8>
    @usableFromInline let decoded: UnsafeBufferPointer<UInt8>
    @usableFromInline let slots: UnsafeBufferPointer<XMLAttributeSlot>

    @inlinable init(
        name: XMLName, tag: UnsafeBufferPointer<UInt8>, decoded: UnsafeBufferPointer<UInt8>,
        slots: UnsafeBufferPointer<XMLAttributeSlot>
    ) {
        self.name = name
        self.tag = tag
        self.decoded = decoded
        self.slots = slots
    }

    @inlinable public func value(_ localName: StaticString) -> UnsafeBufferPointer<UInt8>? {
        for slot in slots where XMLName(UnsafeBufferPointer(rebasing: tag[slot.name])) == localName {
            return UnsafeBufferPointer(rebasing: slot.isDecoded ? decoded[slot.value] : tag[slot.value])
        }
        return nil
    }

    @inlinable public func string(_ localName: StaticString) -> String? {
        value(localName).map { String(decoding: $0, as: UTF8.self) }
    }
}

/// The ASCII bytes the XML, CSV and ZIP readers look for.
public enum ASCII {
    @inlinable public static var tab: UInt8 { UInt8(ascii: "\t") }
    @inlinable public static var lineFeed: UInt8 { UInt8(ascii: "\n") }
    @inlinable public static var carriageReturn: UInt8 { UInt8(ascii: "\r") }
    @inlinable public static var space: UInt8 { UInt8(ascii: " ") }
    @inlinable public static var doubleQuote: UInt8 { UInt8(ascii: "\"") }
    @inlinable public static var singleQuote: UInt8 { UInt8(ascii: "'") }
    @inlinable public static var ampersand: UInt8 { UInt8(ascii: "&") }
    @inlinable public static var slash: UInt8 { UInt8(ascii: "/") }
    @inlinable public static var colon: UInt8 { UInt8(ascii: ":") }
    @inlinable public static var semicolon: UInt8 { UInt8(ascii: ";") }
    @inlinable public static var lessThan: UInt8 { UInt8(ascii: "<") }
    @inlinable public static var equals: UInt8 { UInt8(ascii: "=") }
    @inlinable public static var greaterThan: UInt8 { UInt8(ascii: ">") }
    @inlinable public static var questionMark: UInt8 { UInt8(ascii: "?") }
    @inlinable public static var exclamationMark: UInt8 { UInt8(ascii: "!") }
    @inlinable public static var zero: UInt8 { UInt8(ascii: "0") }
    @inlinable public static var nine: UInt8 { UInt8(ascii: "9") }

    @inlinable public static func isSpace(_ byte: UInt8) -> Bool {
        byte == space || byte == lineFeed || byte == carriageReturn || byte == tab
    }
}

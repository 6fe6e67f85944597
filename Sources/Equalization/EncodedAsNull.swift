/// Encodes an optional as JSON `null` instead of leaving its key out, so that a measure which is
/// undefined for the data stays visible in the output; the reason is listed beside it.
///
/// Synthesised `Codable` skips `nil` optionals, which would make "undefined" and "not computed"
/// look the same to a reader of the JSON.
@propertyWrapper
public struct EncodedAsNull<Value: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
    public var wrappedValue: Value?

    public init(wrappedValue: Value?) {
        self.wrappedValue = wrappedValue
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        wrappedValue = container.decodeNil() ? nil : try container.decode(Value.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let wrappedValue {
            try container.encode(wrappedValue)
        } else {
            try container.encodeNil()
        }
    }
}

extension KeyedDecodingContainer {
    /// Lets an absent key decode as `nil`, as it would for a plain optional.
    public func decode<Value>(
        _ type: EncodedAsNull<Value>.Type, forKey key: Key
    ) throws -> EncodedAsNull<Value> {
        try decodeIfPresent(type, forKey: key) ?? EncodedAsNull(wrappedValue: nil)
    }
}

/// The keyed and unkeyed containers of ``TermEncoder``: each fills an ``EncodingSlot``.
///
/// One generic `encode` serves every type (a generic method can witness the protocols'
/// per-type requirements). `encodeIfPresent` cannot be left to its default, which skips `nil`:
/// here `nil` is written as `undefined`, so that an enum case's optional value keeps its position
/// in the tuple and a struct's map has every key.
struct TermKeyedEncodingContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let slot: EncodingSlot
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws {
        slot.entry(key.stringValue, nested: false).shape = .value(EncodingSlot.undefined)
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try slot.entry(key.stringValue, nested: false).encode(value, codingPath: codingPath + [key])
    }

    // The protocol gives 128-bit integers default implementations that throw; these take over.
    mutating func encode(_ value: Int128, forKey key: Key) throws { try encode(Int128Box(value), forKey: key) }
    mutating func encode(_ value: UInt128, forKey key: Key) throws { try encode(Int128Box(value), forKey: key) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        let child = slot.entry(key.stringValue, nested: true)
        return TermEncoding(slot: child, codingPath: codingPath + [key]).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        TermEncoding(slot: slot.entry(key.stringValue, nested: false), codingPath: codingPath + [key])
            .unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        TermEncoding(slot: slot.entry("super", nested: false), codingPath: codingPath)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        TermEncoding(slot: slot.entry(key.stringValue, nested: false), codingPath: codingPath + [key])
    }

    private mutating func encodeOptional<T: Encodable>(_ value: T?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }

    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
        try encodeOptional(value, forKey: key)
    }
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
    mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
    mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
    mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
    mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
    mutating func encodeIfPresent(_ value: Int128?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
    mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
    mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
    mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
    mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
    mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
    mutating func encodeIfPresent(_ value: UInt128?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
}

struct TermUnkeyedEncodingContainer: UnkeyedEncodingContainer {
    let slot: EncodingSlot
    let codingPath: [any CodingKey]
    var count: Int { slot.elements.count }

    private func next() -> EncodingSlot {
        let child = EncodingSlot()
        slot.elements.append(child)
        return child
    }

    private var nextPath: [any CodingKey] { codingPath + [IndexKey(intValue: count)] }

    mutating func encodeNil() throws { next().shape = .value(EncodingSlot.undefined) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        let path = nextPath
        try next().encode(value, codingPath: path)
    }

    mutating func encode(_ value: Int128) throws { try encode(Int128Box(value)) }
    mutating func encode(_ value: UInt128) throws { try encode(Int128Box(value)) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<
        NestedKey
    > {
        let path = nextPath
        return TermEncoding(slot: next(), codingPath: path).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let path = nextPath
        return TermEncoding(slot: next(), codingPath: path).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let path = nextPath
        return TermEncoding(slot: next(), codingPath: path)
    }
}

/// A 128-bit integer on its way through the generic `encode`, which knows its term.
struct Int128Box: Encodable {
    let term: Term
    init(_ value: Int128) { term = EncodingSlot.integer(value) }
    init(_ value: UInt128) { term = EncodingSlot.integer(value) }
    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(term)
    }
}

/// A position in a list or tuple, as a coding key (for coding paths in errors).
struct IndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { intValue.map { "Index \($0)" } ?? "" }
    init(intValue: Int) { self.intValue = intValue }
    init?(stringValue: String) { nil }
}

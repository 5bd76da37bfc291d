/// `Term` in `Codable` values, and dictionaries as Erlang maps.
///
/// A `Term` property lets a Swift type carry any Erlang value untouched: ``TermEncoder`` and
/// ``TermDecoder`` pass it through as itself. Other coders (JSON, property lists) see its
/// external term format bytes, so a `Term` survives them too.
extension Term: Codable {
    /// The term whose external term format bytes are `decoder`'s single value (``TermDecoder``
    /// never comes here: it hands a `Term` over as itself).
    /// - Complexity: O(n) for the n bytes, as `ExternalTermFormat.decode(_:)`, plus what `decoder`
    ///   spends producing them.
    public init(from decoder: any Decoder) throws {
        let bytes = try decoder.singleValueContainer().decode([UInt8].self)
        do {
            self = try ExternalTermFormat.decode(bytes)
        } catch {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "\(error)", underlyingError: error))
        }
    }

    /// Writes the term's external term format bytes as `encoder`'s single value (``TermEncoder``
    /// never comes here: it takes a `Term` as itself).
    /// - Complexity: O(n) for the n bytes, as `ExternalTermFormat.encode(_:)`, plus what `encoder`
    ///   spends writing them.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(ExternalTermFormat.encode(self))
    }
}

/// A dictionary's entries as map entries, each key and value encoded as any value would be.
/// (Swift's own `Dictionary` coding writes non-`String` keys as a flat list of alternating keys
/// and values; an Erlang map is the natural shape.)
protocol TermMapEncodable {
    func termMapEntries(codingPath: [any CodingKey]) throws -> [MapEntry]
}

/// A dictionary made from a map's entries.
protocol TermMapDecodable {
    static func fromTermMap(_ entries: [MapEntry], codingPath: [any CodingKey]) throws -> Self
}

extension Dictionary: TermMapEncodable where Key: Encodable, Value: Encodable {
    func termMapEntries(codingPath: [any CodingKey]) throws -> [MapEntry] {
        try map { key, value in
            let keySlot = EncodingSlot(), valueSlot = EncodingSlot()
            try keySlot.encode(key, codingPath: codingPath)
            try valueSlot.encode(value, codingPath: codingPath + [MapKey(key)])
            return MapEntry(keySlot.finish(), valueSlot.finish())
        }
    }
}

extension Dictionary: TermMapDecodable where Key: Decodable, Value: Decodable {
    static func fromTermMap(_ entries: [MapEntry], codingPath: [any CodingKey]) throws -> Self {
        var dictionary: [Key: Value] = [:]
        dictionary.reserveCapacity(entries.count)
        for entry in entries {
            let key = try TermDecoding.decode(Key.self, from: entry.key, codingPath: codingPath)
            dictionary[key] = try TermDecoding.decode(
                Value.self, from: entry.value, codingPath: codingPath + [MapKey(key)])
        }
        return dictionary
    }
}

/// A dictionary key in a coding path.
struct MapKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(_ key: Any) { stringValue = "\(key)" }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

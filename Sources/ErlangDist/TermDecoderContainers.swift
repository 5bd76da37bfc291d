/// The containers of ``TermDecoder``: a struct's map, an enum's atom or tagged tuple, a list.

/// A map, read by key: atom keys, and binary keys as their UTF-8 text.
struct TermMapDecodingContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let values: [String: Term]
    let codingPath: [any CodingKey]

    init(entries: [MapEntry], codingPath: [any CodingKey]) {
        var values: [String: Term] = [:]
        for entry in entries {
            let name: String? =
                switch entry.key {
                case .atom(let name): name
                case .binary(let bytes): String(validating: bytes, as: UTF8.self)
                default: nil
                }
            if let name, values[name] == nil { values[name] = entry.value }
        }
        self.values = values
        self.codingPath = codingPath
    }

    var allKeys: [Key] { values.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { values[key.stringValue] != nil }

    private func value(_ key: Key) throws -> Term {
        guard let value = values[key.stringValue] else {
            throw DecodingError.keyNotFound(
                key, .init(codingPath: codingPath, debugDescription: "no key \(key.stringValue) in the map"))
        }
        return value
    }

    func decodeNil(forKey key: Key) throws -> Bool { try value(key) == TermDecoding.undefined }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try TermDecoding.decode(type, from: value(key), codingPath: codingPath + [key])
    }

    // The protocol gives 128-bit integers default implementations that throw; these take over.
    func decode(_ type: Int128.Type, forKey key: Key) throws -> Int128 {
        try TermDecoding.decode(type, from: value(key), codingPath: codingPath + [key])
    }

    func decode(_ type: UInt128.Type, forKey key: Key) throws -> UInt128 {
        try TermDecoding.decode(type, from: value(key), codingPath: codingPath + [key])
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try TermDecoding(term: value(key), codingPath: codingPath + [key]).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try TermDecoding(term: value(key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        TermDecoding(term: values["super"] ?? .map([]), codingPath: codingPath)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        TermDecoding(term: try value(key), codingPath: codingPath + [key])
    }
}

/// An enum case: `tag` names it, `values` are its associated values (none for an atom).
/// Its one key is the tag; the nested container under it reads `values` by position.
struct TermTaggedDecodingContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let tag: String
    let values: [Term]
    let codingPath: [any CodingKey]

    var allKeys: [Key] { Key(stringValue: tag).map { [$0] } ?? [] }

    func contains(_ key: Key) -> Bool { key.stringValue == tag }

    private func check(_ key: Key) throws {
        guard key.stringValue == tag else {
            throw DecodingError.keyNotFound(
                key, .init(codingPath: codingPath, debugDescription: "the term is tagged \(tag)"))
        }
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        try check(key)
        return values.isEmpty
    }

    /// A hand-written `init(from:)` may decode the case's value directly: one value is itself,
    /// several are a tuple.
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try check(key)
        return try TermDecoding.decode(
            type, from: values.count == 1 ? values[0] : .tuple(values), codingPath: codingPath + [key])
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try check(key)
        return KeyedDecodingContainer(
            TermPositionalDecodingContainer<NestedKey>(values: values, codingPath: codingPath + [key]))
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try check(key)
        return TermUnkeyedDecodingContainer(elements: values, codingPath: codingPath + [key])
    }

    func superDecoder() throws -> any Decoder {
        TermDecoding(term: .tuple([.atom(tag)] + values), codingPath: codingPath)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        try check(key)
        return TermDecoding(term: .tuple(values), codingPath: codingPath + [key])
    }
}

/// An enum case's values, by position: key `_N` is position N; any other key takes the next
/// position in the order keys are first asked for — declaration order, in synthesized code.
struct TermPositionalDecodingContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    /// The positions handed out so far (a class: the protocol's methods are not mutating).
    final class Positions {
        var byKey: [String: Int] = [:]
    }

    let values: [Term]
    let codingPath: [any CodingKey]
    let positions = Positions()

    var allKeys: [Key] { values.indices.compactMap { Key(stringValue: "_\($0)") } }

    private func position(_ key: Key) -> Int {
        let name = key.stringValue
        if let known = positions.byKey[name] { return known }
        let position: Int
        if name.first == "_", let index = Int(name.dropFirst()), index >= 0 {
            position = index
        } else {
            position = positions.byKey.count
        }
        positions.byKey[name] = position
        return position
    }

    func contains(_ key: Key) -> Bool { position(key) < values.count }

    private func value(_ key: Key) throws -> Term {
        let position = position(key)
        guard position < values.count else {
            throw DecodingError.keyNotFound(
                key,
                .init(
                    codingPath: codingPath,
                    debugDescription: "the tuple has \(values.count) value(s), no position \(position)"))
        }
        return values[position]
    }

    func decodeNil(forKey key: Key) throws -> Bool { try value(key) == TermDecoding.undefined }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try TermDecoding.decode(type, from: value(key), codingPath: codingPath + [key])
    }

    // The protocol gives 128-bit integers default implementations that throw; these take over.
    func decode(_ type: Int128.Type, forKey key: Key) throws -> Int128 {
        try TermDecoding.decode(type, from: value(key), codingPath: codingPath + [key])
    }

    func decode(_ type: UInt128.Type, forKey key: Key) throws -> UInt128 {
        try TermDecoding.decode(type, from: value(key), codingPath: codingPath + [key])
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try TermDecoding(term: value(key), codingPath: codingPath + [key]).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try TermDecoding(term: value(key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { TermDecoding(term: .tuple(values), codingPath: codingPath) }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        TermDecoding(term: try value(key), codingPath: codingPath + [key])
    }
}

/// A list's (or a tuple's, or a binary's) elements in order.
struct TermUnkeyedDecodingContainer: UnkeyedDecodingContainer {
    let elements: [Term]
    let codingPath: [any CodingKey]
    private(set) var currentIndex = 0

    init(elements: [Term], codingPath: [any CodingKey]) {
        self.elements = elements
        self.codingPath = codingPath
    }

    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    private mutating func next<T>(_ type: T.Type) throws -> (Term, [any CodingKey]) {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(
                type, .init(codingPath: codingPath, debugDescription: "the list has no more elements"))
        }
        defer { currentIndex += 1 }
        return (elements[currentIndex], codingPath + [IndexKey(intValue: currentIndex)])
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, elements[currentIndex] == TermDecoding.undefined else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (term, path) = try next(type)
        return try TermDecoding.decode(type, from: term, codingPath: path)
    }

    mutating func decode(_ type: Int128.Type) throws -> Int128 {
        let (term, path) = try next(type)
        return try TermDecoding.decode(type, from: term, codingPath: path)
    }

    mutating func decode(_ type: UInt128.Type) throws -> UInt128 {
        let (term, path) = try next(type)
        return try TermDecoding.decode(type, from: term, codingPath: path)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<
        NestedKey
    > {
        let (term, path) = try next([String: Any].self)
        return try TermDecoding(term: term, codingPath: path).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let (term, path) = try next([Any].self)
        return try TermDecoding(term: term, codingPath: path).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let (term, path) = try next(Any.self)
        return TermDecoding(term: term, codingPath: path)
    }
}

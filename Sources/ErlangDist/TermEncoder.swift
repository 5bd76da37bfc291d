import Foundation

/// Swift values as natural Erlang terms, through `Codable`.
///
/// A message an Erlang process can pattern-match on is not JSON-in-a-binary but a term shaped the
/// way Erlang programmers shape their data. The mapping, both ways (``TermDecoder`` reverses it):
///
/// | Swift | Erlang |
/// |---|---|
/// | `String` | binary, UTF-8 (`<<"Ada">>`); decodes also from a charlist or an atom |
/// | `Int`, `UInt8`, … `Int128` | integer |
/// | `Double`, `Float` | float (finite only) |
/// | `Bool` | the atoms `true`, `false` |
/// | `nil` | the atom `undefined`, Erlang's "no value" (record fields default to it) |
/// | arrays, sets | proper lists (`[UInt8]` too: Erlang writes it as a STRING_EXT) |
/// | `Data` | binary |
/// | structs (keyed containers) | maps with atom keys: `#{name => <<"Ada">>, age => 36}` |
/// | dictionaries | maps whose keys are encoded like any value: `#{<<"a">> => 1}` |
/// | enum case without values | atom: `point` |
/// | enum case with values | tagged tuple: `{circle, 2.0}`, `{rect, 3.0, 4.5}` |
/// | `Term`, `ErlangPid`, `ErlangReference` | themselves |
///
/// Enums: Swift's synthesized `Codable` writes `case rect(width: 3, height: 4.5)` as a keyed
/// container holding one *nested* keyed container, `{rect: {width: 3, height: 4.5}}` (unlabeled
/// values are keyed `_0`, `_1`, …). The encoder recognizes exactly that shape — a keyed
/// container whose only entry was made with `nestedContainer(keyedBy:forKey:)` — and writes the
/// tuple `{rect, 3.0, 4.5}`: the tag, then the values in the order they were encoded. Decoding
/// gives the values back by position: `_N` is position N, a labeled value takes the next
/// position in the order the synthesized code asks for them, which is declaration order. So the
/// mapping is reversible for synthesized `Codable`; a hand-written `encode(to:)` that makes a
/// keyed container holding one nested keyed container gets a tuple too.
///
/// Other choices, each reversible: a `nil` optional is written as `undefined`, not left out (a
/// missing map key also decodes as `nil`); a raw-value enum travels as its raw value; keys are
/// atoms, so they must be at most 255 characters. Cost: O(size of the value).
public struct TermEncoder: Sendable {
    /// Terms of the program's own for its own types, and `userInfo` (see ``TermCodingContext``).
    public var context: TermCodingContext?

    /// An encoder with `context` (nil: none). O(1).
    public init(context: TermCodingContext? = nil) { self.context = context }

    /// The term `value` encodes to.
    /// - Complexity: O(size of the value), plus O(k²) key comparisons for a keyed container of k
    ///   keys (each key is looked for among those already written: the last value wins), O(d) per
    ///   value for its coding path at depth d, and whatever the types' own `encode(to:)` do.
    public func encode<T: Encodable>(_ value: T) throws -> Term {
        try TermCodingContext.$current.withValue(context) {
            let slot = EncodingSlot()
            try slot.encode(value, codingPath: [])
            return slot.finish()
        }
    }

    /// The external term format bytes (with the version byte) of the term `value` encodes to.
    /// - Complexity: `encode(_:)`, then `ExternalTermFormat.encode(_:)`: O(n) for the n bytes.
    public func encodeExternalFormat<T: Encodable>(_ value: T) throws -> [UInt8] {
        try ExternalTermFormat.encode(encode(value))
    }
}

/// Where one value's term is built: a finished term, or a keyed or unkeyed container still being
/// filled. A class, because containers are handed out as values and must all write here.
final class EncodingSlot {
    enum Shape { case empty, value(Term), keyed, unkeyed }
    var shape: Shape = .empty
    /// Keyed entries in the order first encoded; `nested` marks `nestedContainer(keyedBy:forKey:)`.
    var entries: [(key: String, slot: EncodingSlot, nested: Bool)] = []
    var elements: [EncodingSlot] = []

    static let undefined = Term.atom("undefined")

    /// Encodes `value` here: values with a term of their own directly, others by `encode(to:)`.
    func encode<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws {
        if let term = try Self.naturalTerm(of: value, codingPath: codingPath) {
            shape = .value(term)
        } else {
            try value.encode(to: TermEncoding(slot: self, codingPath: codingPath))
        }
    }

    /// The slot for `key`, replacing an earlier one (the last value encoded for a key wins).
    func entry(_ key: String, nested: Bool) -> EncodingSlot {
        let slot = EncodingSlot()
        if let index = entries.firstIndex(where: { $0.key == key }) {
            entries[index] = (key, slot, nested)
        } else {
            entries.append((key, slot, nested))
        }
        return slot
    }

    func finish() -> Term {
        switch shape {
        case .empty: return .map([])
        case .value(let term): return term
        case .unkeyed: return .properList(elements.map { $0.finish() })
        case .keyed:
            if entries.count == 1, entries[0].nested, case .keyed = entries[0].slot.shape {
                let (tag, payload) = (entries[0].key, entries[0].slot.entries)
                return payload.isEmpty ? .atom(tag) : .tuple([.atom(tag)] + payload.map { $0.slot.finish() })
            }
            return .map(entries.map { MapEntry(.atom($0.key), $0.slot.finish()) })
        }
    }

    /// The term of a primitive, or of a type with a term of its own; `nil` for anything else.
    static func naturalTerm(of value: Any, codingPath: [any CodingKey]) throws -> Term? {
        if let special = TermCodingContext.current?.encodeSpecial, let term = try special(value) { return term }
        switch value {
        case let term as Term: return term
        case let pid as ErlangPid: return .pid(pid)
        case let reference as ErlangReference: return .reference(reference)
        case let bool as Bool: return .atom(bool ? "true" : "false")
        case let string as String: return .binary(Array(string.utf8))
        case let data as Data: return .binary(Array(data))
        case let double as Double: return try float(double, codingPath)
        case let float as Float: return try Self.float(Double(float), codingPath)
        case let int as Int: return .integer(Int64(int))
        case let int as Int8: return .integer(Int64(int))
        case let int as Int16: return .integer(Int64(int))
        case let int as Int32: return .integer(Int64(int))
        case let int as Int64: return .integer(int)
        case let int as UInt: return integer(int)
        case let int as UInt8: return .integer(Int64(int))
        case let int as UInt16: return .integer(Int64(int))
        case let int as UInt32: return .integer(Int64(int))
        case let int as UInt64: return integer(int)
        case let int as Int128: return integer(int)
        case let int as UInt128: return integer(int)
        case let map as any TermMapEncodable: return .map(try map.termMapEntries(codingPath: codingPath))
        default: return nil
        }
    }

    private static func float(_ value: Double, _ codingPath: [any CodingKey]) throws -> Term {
        guard value.isFinite else {
            throw EncodingError.invalidValue(
                value, .init(codingPath: codingPath, debugDescription: "Erlang floats are finite"))
        }
        return .float(value)
    }

    static func integer<I: BinaryInteger>(_ value: I) -> Term {
        var magnitude: [UInt8] = []
        var rest = value.magnitude
        while rest > 0 {
            magnitude.append(UInt8(truncatingIfNeeded: rest))
            rest >>= 8
        }
        return Term.integer(negative: value < 0, magnitude: magnitude)
    }
}

/// The `Encoder` handed to a value's `encode(to:)`.
struct TermEncoding: Encoder {
    let slot: EncodingSlot
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { TermCodingContext.currentUserInfo }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .keyed = slot.shape {
        } else {
            slot.shape = .keyed
            slot.entries = []
        }
        return KeyedEncodingContainer(TermKeyedEncodingContainer<Key>(slot: slot, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .unkeyed = slot.shape {
        } else {
            slot.shape = .unkeyed
            slot.elements = []
        }
        return TermUnkeyedEncodingContainer(slot: slot, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        TermSingleValueEncodingContainer(slot: slot, codingPath: codingPath)
    }
}

struct TermSingleValueEncodingContainer: SingleValueEncodingContainer {
    let slot: EncodingSlot
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { slot.shape = .value(EncodingSlot.undefined) }

    mutating func encode<T: Encodable>(_ value: T) throws { try slot.encode(value, codingPath: codingPath) }
    mutating func encode(_ value: Int128) throws { slot.shape = .value(EncodingSlot.integer(value)) }
    mutating func encode(_ value: UInt128) throws { slot.shape = .value(EncodingSlot.integer(value)) }
}

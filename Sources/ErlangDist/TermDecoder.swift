import Foundation

/// Erlang terms as Swift values: the reverse of ``TermEncoder``'s mapping.
///
/// Decoding is a little more forgiving than encoding, because the terms come from Erlang code
/// written by people: a `String` also decodes from a charlist (`"abc"`, a list of code points)
/// or an atom; a `Double` from an integer; an array from a tuple or a binary as well as a list;
/// a struct's map may have binary keys as well as atoms, and a missing key decodes as `nil`.
/// Integers must fit the Swift type exactly. The atom `undefined` decodes as `nil` for every
/// optional — so a `Term?` cannot hold that atom; a `Term` can. Errors are `DecodingError`s with
/// the coding path.
/// Cost: O(size of the term).
public struct TermDecoder: Sendable {
    /// Values of the program's own types from their terms, and `userInfo` (see ``TermCodingContext``).
    public var context: TermCodingContext?

    /// A decoder with `context` (nil: none). O(1).
    public init(context: TermCodingContext? = nil) { self.context = context }

    /// The `T` that `term` encodes.
    /// - Complexity: O(size of the term), plus O(d) per value for its coding path at depth d, plus
    ///   whatever the types' own `init(from:)` do.
    public func decode<T: Decodable>(_ type: T.Type, from term: Term) throws -> T {
        try TermCodingContext.$current.withValue(context) {
            try TermDecoding.decode(type, from: term, codingPath: [])
        }
    }

    /// The `T` encoded by the one term in `bytes` (external term format, with the version byte).
    /// - Complexity: `ExternalTermFormat.decode(_:)`, O(n) for the n bytes, then `decode(_:from:)`.
    public func decode<T: Decodable>(_ type: T.Type, fromExternalFormat bytes: some Collection<UInt8>) throws -> T {
        try decode(type, from: ExternalTermFormat.decode(bytes))
    }
}

/// The `Decoder` handed to a type's `init(from:)`, over one term.
struct TermDecoding: Decoder {
    let term: Term
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { TermCodingContext.currentUserInfo }

    static let undefined = Term.atom("undefined")

    /// Decodes `type` from `term`: values with a term of their own directly, others by `init(from:)`.
    static func decode<T: Decodable>(_ type: T.Type, from term: Term, codingPath: [any CodingKey]) throws -> T {
        if let value = try natural(type, from: term, codingPath: codingPath) { return value }
        return try T(from: TermDecoding(term: term, codingPath: codingPath))
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        switch term.unwrappingEmptyLists() {
        case .map(let entries):
            return KeyedDecodingContainer(TermMapDecodingContainer<Key>(entries: entries, codingPath: codingPath))
        case .atom(let tag):
            return KeyedDecodingContainer(
                TermTaggedDecodingContainer<Key>(tag: tag, values: [], codingPath: codingPath))
        case .tuple(let elements) where elements.first?.atomValue != nil:
            let tag = elements.first?.atomValue ?? "", values = Array(elements.dropFirst())
            return KeyedDecodingContainer(
                TermTaggedDecodingContainer<Key>(tag: tag, values: values, codingPath: codingPath))
        default:
            throw mismatch([String: Any].self, "a map, an atom or a tagged tuple")
        }
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let term = term.unwrappingEmptyLists()
        if term == .nil { return TermUnkeyedDecodingContainer(elements: [], codingPath: codingPath) }
        if let (elements, tail) = term.flattenedList(), tail == .nil {
            return TermUnkeyedDecodingContainer(elements: elements, codingPath: codingPath)
        }
        switch term {
        case .tuple(let elements): return TermUnkeyedDecodingContainer(elements: elements, codingPath: codingPath)
        case .binary(let bytes):
            return TermUnkeyedDecodingContainer(elements: bytes.map { .integer(Int64($0)) }, codingPath: codingPath)
        default: throw mismatch([Any].self, "a proper list, a tuple or a binary")
        }
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        TermSingleValueDecodingContainer(term: term, codingPath: codingPath)
    }

    func mismatch(_ type: Any.Type, _ expected: String) -> DecodingError {
        .typeMismatch(type, .init(codingPath: codingPath, debugDescription: "expected \(expected), found \(term)"))
    }

    /// Primitives and the types with a term of their own; `nil` for other types.
    private static func natural<T>(_ type: T.Type, from term: Term, codingPath: [any CodingKey]) throws -> T? {
        if let special = TermCodingContext.current?.decodeSpecial, let value = try special(type, term) {
            guard let typed = value as? T else { return nil }
            return typed
        }
        let decoding = TermDecoding(term: term, codingPath: codingPath)
        let value: Any
        switch type {
        case is Term.Type: value = term
        case is ErlangPid.Type:
            guard case .pid(let pid) = term else { throw decoding.mismatch(type, "a pid") }
            value = pid
        case is ErlangReference.Type:
            guard case .reference(let reference) = term else { throw decoding.mismatch(type, "a reference") }
            value = reference
        case is Bool.Type:
            guard case .atom(let name) = term, name == "true" || name == "false" else {
                throw decoding.mismatch(type, "true or false")
            }
            value = name == "true"
        case is String.Type: value = try decoding.string()
        case is Data.Type:
            guard case .binary(let bytes) = term else { throw decoding.mismatch(type, "a binary") }
            value = Data(bytes)
        case is Double.Type: value = try decoding.double()
        case is Float.Type: value = Float(try decoding.double())
        case is Int.Type: value = try decoding.integer(Int.self)
        case is Int8.Type: value = try decoding.integer(Int8.self)
        case is Int16.Type: value = try decoding.integer(Int16.self)
        case is Int32.Type: value = try decoding.integer(Int32.self)
        case is Int64.Type: value = try decoding.integer(Int64.self)
        case is Int128.Type: value = try decoding.integer(Int128.self)
        case is UInt.Type: value = try decoding.integer(UInt.self)
        case is UInt8.Type: value = try decoding.integer(UInt8.self)
        case is UInt16.Type: value = try decoding.integer(UInt16.self)
        case is UInt32.Type: value = try decoding.integer(UInt32.self)
        case is UInt64.Type: value = try decoding.integer(UInt64.self)
        case is UInt128.Type: value = try decoding.integer(UInt128.self)
        case let mapType as any TermMapDecodable.Type:
            guard case .map(let entries) = term else { throw decoding.mismatch(type, "a map") }
            value = try mapType.fromTermMap(entries, codingPath: codingPath)
        default: return nil
        }
        return value as? T
    }

    /// A binary (UTF-8), a charlist (a proper list of code points, `[]` included) or an atom.
    func string() throws -> String {
        switch term {
        case .binary(let bytes):
            guard let string = String(validating: bytes, as: UTF8.self) else {
                throw DecodingError.dataCorrupted(
                    .init(codingPath: codingPath, debugDescription: "a binary that is not UTF-8"))
            }
            return string
        case .atom(let name): return name
        default:
            guard let elements = term.properListElements else {
                throw mismatch(String.self, "a binary, a charlist or an atom")
            }
            var scalars = String.UnicodeScalarView()
            for element in elements {
                guard let code = element.int64Value.flatMap(UInt32.init(exactly:)), let scalar = Unicode.Scalar(code)
                else {
                    throw mismatch(String.self, "a list of Unicode code points")
                }
                scalars.append(scalar)
            }
            return String(scalars)
        }
    }

    func double() throws -> Double {
        switch term {
        case .float(let value): return value
        case .integer(let value): return Double(value)
        default: throw mismatch(Double.self, "a float or an integer")
        }
    }

    /// The integer, if it fits `I` exactly.
    func integer<I: FixedWidthInteger>(_ type: I.Type) throws -> I {
        let outOfRange = DecodingError.dataCorrupted(
            .init(codingPath: codingPath, debugDescription: "\(term) does not fit \(I.self)"))
        guard term.int64Value != nil || term.isBigInteger else { throw mismatch(I.self, "an integer") }
        switch IntegerValue(term) {
        case .small(let value):
            guard let result = I(exactly: value) else { throw outOfRange }
            return result
        case .big(let negative, let magnitude):
            // Most significant byte first: result = result × 256 + byte, checking for overflow.
            var result: I = 0
            for byte in magnitude.reversed() {
                let (shifted, overflow) = result.multipliedReportingOverflow(by: 256)
                let (sum, carry) =
                    negative ? shifted.subtractingReportingOverflow(I(byte)) : shifted.addingReportingOverflow(I(byte))
                guard !overflow, !carry else { throw outOfRange }
                result = sum
            }
            return result
        }
    }
}

extension Term {
    var isBigInteger: Bool { if case .bigInteger = self { true } else { false } }
}

struct TermSingleValueDecodingContainer: SingleValueDecodingContainer {
    let term: Term
    let codingPath: [any CodingKey]

    func decodeNil() -> Bool { term == TermDecoding.undefined }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try TermDecoding.decode(type, from: term, codingPath: codingPath)
    }

    // The protocol gives 128-bit integers default implementations that throw; these take over.
    func decode(_ type: Int128.Type) throws -> Int128 {
        try TermDecoding.decode(type, from: term, codingPath: codingPath)
    }
    func decode(_ type: UInt128.Type) throws -> UInt128 {
        try TermDecoding.decode(type, from: term, codingPath: codingPath)
    }
}

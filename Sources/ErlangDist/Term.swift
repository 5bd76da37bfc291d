/// An Erlang term, as distributed Erlang carries it: the value half of the external term format.
///
/// Erlang has a fixed set of types, and every message between nodes is one term built from them:
/// numbers, atoms, tuples, lists, binaries, maps, pids, references, and a few kinds this module
/// only passes on (ports and funs). `Term` is that set as a Swift enum, so a control message such
/// as `{2, '', ToPid}` reads `.tuple([.integer(2), .atom(""), .pid(to)])`.
///
/// Several cases can spell the same Erlang term — `.list([], tail: .nil)` and `.nil` are both
/// `[]`; `.list([a], tail: .list([b], tail: .nil))` is `[a, b]`. Equality, hashing and ordering
/// (TermEquality.swift, TermOrder.swift) follow Erlang's `=:=`, not the spelling, and
/// ``ExternalTermFormat`` writes the one form `term_to_binary/2` writes. The decoder always
/// produces the canonical spelling: integers that fit 64 bits as `.integer`, lists flat.
public indirect enum Term: Sendable {
    /// Any integer that fits in 64 bits (SMALL_INTEGER, INTEGER, or a small BIG).
    case integer(Int64)
    /// An integer beyond 64 bits: sign and magnitude, little-endian bytes, minimal length.
    /// Build one with ``integer(negative:magnitude:)``, which picks `.integer` when it fits.
    case bigInteger(negative: Bool, magnitude: [UInt8])
    /// A finite IEEE-754 double (Erlang has no NaN or infinities).
    case float(Double)
    /// An atom: at most 255 Unicode scalars. Compared by its UTF-8 bytes, as Erlang does, so
    /// `"é"` and `"e\u{301}"` are two atoms although Swift's `String` calls them equal.
    case atom(String)
    case tuple([Term])
    /// A list; `tail` is `.nil` for a proper list, anything else for an improper one (`[a | b]`).
    /// The empty list is `.nil`.
    case list([Term], tail: Term)
    case `nil`
    case binary([UInt8])
    /// A bitstring whose last byte holds `bits` (1…7) significant bits, the high ones.
    /// (`bits: 8` is a whole byte: the term is then a binary.)
    case bitBinary([UInt8], bits: UInt8)
    /// Pairs in the order they were decoded (or are to be encoded). Erlang maps are unordered:
    /// equality ignores this order, and the encoder sorts maps of up to 32 keys as Erlang does.
    case map([MapEntry])
    case pid(ErlangPid)
    case reference(ErlangReference)
    /// A port (NEW_PORT 89, V4_PORT 120), a fun (NEW_FUN 112) or an export (EXPORT 113), kept as
    /// the tag and the bytes that followed it: a node can pass them on, not look inside.
    case opaque(tag: UInt8, bytes: [UInt8])
}

/// One key-value pair of a map term.
public struct MapEntry: Hashable, Sendable {
    public var key: Term
    public var value: Term
    /// The pair `key => value`. O(1).
    public init(_ key: Term, _ value: Term) {
        self.key = key
        self.value = value
    }
}

/// An Erlang pid as it travels: NEW_PID_EXT. (`Codable`: ``TermEncoder`` writes it as the pid
/// itself; other encoders as its four fields.)
public struct ErlangPid: Hashable, Sendable, Codable {
    /// The full node name, e.g. `a@127.0.0.1`.
    public var node: String
    public var id: UInt32
    public var serial: UInt32
    /// The incarnation of `node` that made the pid: a restarted node gets a new creation, so
    /// pids of its previous life never match a live process.
    public var creation: UInt32
    /// A pid from its four fields. O(1).
    public init(node: String, id: UInt32, serial: UInt32, creation: UInt32) {
        self.node = node
        self.id = id
        self.serial = serial
        self.creation = creation
    }
}

/// An Erlang reference: NEWER_REFERENCE_EXT. `ids` holds 1…5 words, the first the lowest.
/// (`Codable` as ``ErlangPid`` is.)
public struct ErlangReference: Hashable, Sendable, Codable {
    public var node: String
    public var creation: UInt32
    public var ids: [UInt32]
    /// A reference from its fields; `ids` must hold 1…5 words to be encoded. O(1).
    public init(node: String, creation: UInt32, ids: [UInt32]) {
        self.node = node
        self.creation = creation
        self.ids = ids
    }
}

extension Term {
    /// The integer with this sign and little-endian magnitude, in its canonical case:
    /// `.integer` when it fits in `Int64`, else `.bigInteger` with the high zero bytes dropped.
    /// O(n) for the n bytes of `magnitude` (one copy).
    public static func integer(negative: Bool, magnitude: some Collection<UInt8>) -> Term {
        var bytes = Array(magnitude)
        while bytes.last == 0 { bytes.removeLast() }
        if bytes.count <= 8 {
            var value: UInt64 = 0
            for (i, byte) in bytes.enumerated() { value |= UInt64(byte) << (8 * UInt64(i)) }
            if !negative, value <= UInt64(Int64.max) { return .integer(Int64(value)) }
            if negative, value <= UInt64(Int64.max) + 1 { return .integer(Int64(truncatingIfNeeded: 0 &- value)) }
        }
        return .bigInteger(negative: negative && !bytes.isEmpty, magnitude: bytes)
    }

    /// A proper list of `elements` (`.nil` when there are none). O(1): the array is not copied.
    public static func properList(_ elements: [Term]) -> Term {
        elements.isEmpty ? .nil : .list(elements, tail: .nil)
    }

    /// The atom's text, if this is an atom.
    public var atomValue: String? {
        if case .atom(let name) = self { name } else { nil }
    }

    /// The integer, if this is one that fits in `Int64`.
    public var int64Value: Int64? {
        switch self {
        case .integer(let value): value
        case .bigInteger(let negative, let magnitude):
            if case .integer(let value) = Term.integer(negative: negative, magnitude: magnitude) { value } else { nil }
        default: nil
        }
    }

    /// The elements, if this is a tuple.
    public var tupleElements: [Term]? {
        if case .tuple(let elements) = self { elements } else { nil }
    }

    /// The elements of a proper list (`[]` included), flattening any nested tails.
    public var properListElements: [Term]? {
        guard let (elements, tail) = flattenedList() else { return self == .nil ? [] : nil }
        return tail == .nil ? elements : nil
    }

    /// The pid, if this is one.
    public var pidValue: ErlangPid? {
        if case .pid(let pid) = self { pid } else { nil }
    }

    /// The reference, if this is one.
    public var referenceValue: ErlangReference? {
        if case .reference(let reference) = self { reference } else { nil }
    }

    /// A non-empty list's elements and final tail, with tails that are themselves lists folded
    /// in (`[a | [b | c]]` is `([a, b], c)`); `nil` for anything that is not a non-empty list.
    func flattenedList() -> (elements: [Term], tail: Term)? {
        guard case .list(var elements, var tail) = self else { return nil }
        while case .list(let more, let next) = tail {
            elements += more
            tail = next
        }
        return elements.isEmpty ? nil : (elements, tail)
    }
}

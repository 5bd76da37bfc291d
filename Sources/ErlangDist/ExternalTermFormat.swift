/// The external term format: how Erlang writes a term as bytes (erts/doc/guides/erl_ext_dist.md).
///
/// A term on the wire is the version byte `131`, then a one-byte *tag* naming the type, then the
/// type's data; containers hold their elements' encodings in turn. Every number is big-endian.
/// A distribution frame holds one or two such terms back to back — `131 Control [131 Message]` —
/// so the decoder reports where each term ends (``decode(_:at:versionByte:)``).
///
/// | tag | name | data |
/// |---|---|---|
/// | 97 / 98 | SMALL_INTEGER / INTEGER | u8 / i32 |
/// | 110 / 111 | SMALL_BIG / LARGE_BIG | n:8 / n:32, sign:8, n bytes little-endian |
/// | 70 | NEW_FLOAT | IEEE-754 double |
/// | 119 / 118 | SMALL_ATOM_UTF8 / ATOM_UTF8 | len:8 / len:16, UTF-8 |
/// | 104 / 105 | SMALL_TUPLE / LARGE_TUPLE | arity:8 / arity:32, elements |
/// | 106 / 107 / 108 | NIL / STRING / LIST | — / len:16, bytes / n:32, elements, tail |
/// | 109 / 77 | BINARY / BIT_BINARY | len:32, bytes / len:32, bits:8, bytes |
/// | 116 | MAP | arity:32, key, value, … |
/// | 88 / 90 | NEW_PID / NEWER_REFERENCE | node atom, id:32, serial:32, creation:32 / n:16, node, creation:32, n × id:32 |
/// | 89 / 120 / 112 / 113 | NEW_PORT / V4_PORT / NEW_FUN / EXPORT | kept opaque |
///
/// **What the encoder writes, and why.** The bytes `term_to_binary(T, [{minor_version, 2}])`
/// writes in OTP 25, so a test can hold Erlang's own output up against ours byte for byte:
/// each integer in its smallest form (SMALL_INTEGER for 0…255, INTEGER for 32 bits, then a
/// minimal BIG — Erlang has no 64-bit form); atoms as UTF-8, the one atom encoding every OTP 25
/// peer reads (plain `term_to_binary/1` still writes latin-1 ATOM_EXT, the distribution does
/// not); a proper list of 1…65535 integers in 0…255 as STRING_EXT, Erlang's compact form for
/// strings; maps of up to 32 keys sorted in Erlang's term order (TermOrder.swift), as OTP 25
/// stores them (later releases may order keys otherwise; any order decodes). One difference,
/// which Erlang reads back as the same term: a map above 32 keys is written in the order given,
/// where Erlang writes its internal hash order (a decoded map keeps Erlang's order, so it still
/// round-trips byte for byte). A map of up to 32 keys with funs among its keys may be ordered
/// differently too (TermOrder.swift). The decoder also reads the older forms an OTP 25 peer no
/// longer writes: latin-1 atoms, PID_EXT, NEW_REFERENCE, FLOAT_EXT.
///
/// **Bytes from a peer are hostile.** The decoder never trusts a length: each count is checked
/// against the bytes that remain *before* anything is allocated (a LIST claiming 2³² elements in
/// a 10-byte frame fails at once), counting the minimum one byte every pending element of every
/// open container still needs, so no nesting of claims can reserve more than the input's size.
/// It walks the term with an explicit stack instead of recursion, so a deep term cannot exhaust
/// a reader thread's stack, and refuses nesting deeper than ``maxDepth``. Unknown tags, invalid
/// UTF-8, non-finite floats and duplicate map keys are errors naming the offset; nothing traps.
/// The atom cache, compression (tag 80) and fragments are not supported: a connection that does
/// not offer those flags in its handshake never receives them.
///
/// Cost: encoding and decoding are O(bytes), plus O(k log k) to sort each small map of k keys and
/// one hash per map key to find duplicates. Limits: 512 levels of nesting, atoms of 255
/// characters, counts of 2³² − 1.
public enum ExternalTermFormat {
    /// The version byte that starts every term.
    public static let version: UInt8 = 131
    /// The deepest nesting of tuples, lists and maps the decoder accepts and the encoder writes:
    /// at most 512 containers with elements around any term (`{}`, `#{}`, `[]` and strings hold
    /// no element terms, so they do not count).
    public static let maxDepth = 512

    /// `131` followed by `term`, as `term_to_binary(Term, [{minor_version, 2}])` writes it.
    /// - Complexity: O(n) for the n bytes written, plus a sort of each map of k ≤ 32 keys
    ///   (O(k log k) key comparisons) and one hash per key of each larger map, for duplicates.
    public static func encode(_ term: Term) throws(TermEncodingError) -> [UInt8] {
        var bytes: [UInt8] = []
        try encode(term, into: &bytes)
        return bytes
    }

    /// Appends `term` to `buffer`, after the version byte unless `versionByte` is false. If the
    /// term cannot be encoded, `buffer` is left as it was.
    /// - Complexity: As `encode(_:)`, for the n bytes appended; the bytes already in `buffer` are
    ///   not copied. A failure costs O(n) more to remove what was appended.
    public static func encode(_ term: Term, into buffer: inout [UInt8], versionByte: Bool = true)
        throws(TermEncodingError)
    {
        let start = buffer.count
        var writer = TermWriter(bytes: buffer)
        buffer = []  // the writer holds the only reference: appends do not copy
        if versionByte { writer.bytes.append(version) }
        do throws(TermEncodingError) {
            try writer.write(term, depth: 0)
            buffer = writer.bytes
        } catch {
            writer.bytes.removeSubrange(start...)
            buffer = writer.bytes
            throw error
        }
    }

    /// The one term `bytes` holds: the version byte, the term, and nothing after it.
    /// - Complexity: O(n) for n bytes (plus one copy of them unless `bytes` is an array or an
    ///   array slice), and one hash per map key, O(the key's size), to find duplicates. Nesting can
    ///   redo work once per level — a list whose tail is a list is merged into it, a map used as a
    ///   key is hashed again — so O(d·n) at worst for d such levels, d ≤ `maxDepth`.
    public static func decode(_ bytes: some Collection<UInt8>) throws(TermDecodingError) -> Term {
        let slice: ArraySlice<UInt8> =
            if let array = bytes as? [UInt8] { array[...] } else if let slice = bytes as? ArraySlice<UInt8> {
                slice
            } else { Array(bytes)[...] }
        let (term, end) = try decode(slice, at: slice.startIndex)
        if end != slice.endIndex { throw .trailingBytes(offset: end, count: slice.endIndex - end) }
        return term
    }

    /// Decodes the term that starts at `offset` (with its version byte unless `versionByte` is
    /// false) and returns it with the offset just past it: a frame's next term starts there.
    /// - Complexity: As `decode(_:)`, with n the bytes of this one term; `bytes` is not copied.
    public static func decode(_ bytes: [UInt8], at offset: Int, versionByte: Bool = true)
        throws(TermDecodingError) -> (term: Term, end: Int)
    {
        try decode(bytes[...], at: offset, versionByte: versionByte)
    }

    /// As ``decode(_:at:versionByte:)-([UInt8],_,_)``, in a slice; offsets are the slice's indices.
    /// - Complexity: As `decode(_:)`, with n the bytes of this one term; `bytes` is not copied.
    public static func decode(_ bytes: ArraySlice<UInt8>, at offset: Int, versionByte: Bool = true)
        throws(TermDecodingError) -> (term: Term, end: Int)
    {
        guard offset >= bytes.startIndex, offset <= bytes.endIndex else {
            throw .truncated(offset: offset, needed: 1)
        }
        var parser = TermParser(bytes: bytes, position: offset)
        if versionByte {
            let byte = try parser.u8()
            guard byte == version else { throw .badVersion(byte, offset: offset) }
        }
        let term = try parser.parse()
        return (term, parser.position)
    }

    /// `count` terms written back to back without version bytes (an export's three parts).
    static func decodeSequence(_ bytes: [UInt8], count: Int) throws(TermDecodingError) -> [Term] {
        var terms: [Term] = []
        var position = 0
        for _ in 0..<count {
            let (term, end) = try decode(bytes, at: position, versionByte: false)
            terms.append(term)
            position = end
        }
        return terms
    }

    /// The tags, by their names in erl_ext_dist.md.
    public enum Tag {
        public static let smallInteger: UInt8 = 97, integer: UInt8 = 98
        public static let smallBig: UInt8 = 110, largeBig: UInt8 = 111
        public static let newFloat: UInt8 = 70, float: UInt8 = 99
        public static let smallAtomUTF8: UInt8 = 119, atomUTF8: UInt8 = 118
        public static let smallAtom: UInt8 = 115, atom: UInt8 = 100
        public static let smallTuple: UInt8 = 104, largeTuple: UInt8 = 105
        public static let `nil`: UInt8 = 106, string: UInt8 = 107, list: UInt8 = 108
        public static let binary: UInt8 = 109, bitBinary: UInt8 = 77
        public static let map: UInt8 = 116
        public static let newPid: UInt8 = 88, pid: UInt8 = 103
        public static let newerReference: UInt8 = 90, newReference: UInt8 = 114
        public static let newPort: UInt8 = 89, v4Port: UInt8 = 120
        public static let newFun: UInt8 = 112, export: UInt8 = 113

        /// The tags `Term.opaque` may carry.
        public static let opaque: Set<UInt8> = [newPort, v4Port, newFun, export]

        /// The documented name of a tag, including those this decoder refuses. O(1).
        public static func name(of tag: UInt8) -> String? {
            switch tag {
            case 68: "DIST_HEADER"
            case 69: "DIST_FRAG_HEADER"
            case 70: "NEW_FLOAT_EXT"
            case 77: "BIT_BINARY_EXT"
            case 80: "COMPRESSED"
            case 82: "ATOM_CACHE_REF"
            case 88: "NEW_PID_EXT"
            case 89: "NEW_PORT_EXT"
            case 90: "NEWER_REFERENCE_EXT"
            case 97: "SMALL_INTEGER_EXT"
            case 98: "INTEGER_EXT"
            case 99: "FLOAT_EXT"
            case 100: "ATOM_EXT"
            case 101: "REFERENCE_EXT"
            case 102: "PORT_EXT"
            case 103: "PID_EXT"
            case 104: "SMALL_TUPLE_EXT"
            case 105: "LARGE_TUPLE_EXT"
            case 106: "NIL_EXT"
            case 107: "STRING_EXT"
            case 108: "LIST_EXT"
            case 109: "BINARY_EXT"
            case 110: "SMALL_BIG_EXT"
            case 111: "LARGE_BIG_EXT"
            case 112: "NEW_FUN_EXT"
            case 113: "EXPORT_EXT"
            case 114: "NEW_REFERENCE_EXT"
            case 115: "SMALL_ATOM_EXT"
            case 116: "MAP_EXT"
            case 117: "FUN_EXT"
            case 118: "ATOM_UTF8_EXT"
            case 119: "SMALL_ATOM_UTF8_EXT"
            case 120: "V4_PORT_EXT"
            case 121: "LOCAL_EXT"
            default: nil
            }
        }
    }
}

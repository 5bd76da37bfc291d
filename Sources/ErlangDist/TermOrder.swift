/// Erlang's term order, in the exact form map keys use.
///
/// Erlang orders all terms: number < atom < reference < fun < port < pid < tuple < map < [] <
/// list < bitstring, and within a type by value. `term_to_binary/2` writes a map of up to 32 keys
/// in this order (it stores small maps sorted), so an encoder that wants Erlang's bytes must sort
/// the same way. Map keys use the *exact* order: `1` and `1.0` are different keys, and every
/// integer sorts before every float. Within a type (checked against OTP 25):
///
/// - integers by value, floats by value (`0.0` and `-0.0` are equal, as in OTP 25);
/// - atoms by their UTF-8 bytes;
/// - references by node name, then creation, then id words from the last (highest) down;
/// - pids by serial, then id, then node name, then creation; ports by node, creation, id;
/// - exports by module, function, arity; funs before exports; funs among themselves by their
///   bytes (**differs** from Erlang, which compares module, index and free variables);
/// - tuples by size, then elementwise; maps by size, then sorted keys, then values in key order
///   (**differs** for maps above 32 keys, which Erlang compares in hash order);
/// - lists elementwise, a shorter list first; bitstrings bit by bit, then by length.
///
/// Cost: O(size of the two terms) at worst, usually far less (it stops at the first difference),
/// plus sorting for maps.
extension Term {
    /// Erlang's exact term order: negative if `a` sorts first, zero if `a =:= b`, else positive.
    /// - Complexity: O(size of the two terms) at worst, stopping at the first difference (where
    ///   one list runs out, the rest of the other is copied); maps are sorted first, O(k log k)
    ///   key comparisons for k keys.
    public static func exactOrder(_ a: Term, _ b: Term) -> Int {
        let a = a.unwrappingEmptyLists(), b = b.unwrappingEmptyLists()
        let (rankA, rankB) = (a.orderRank, b.orderRank)
        if rankA != rankB { return rankA < rankB ? -1 : 1 }
        switch (a, b) {
        case (.integer(let x), .integer(let y)):
            return x == y ? 0 : (x < y ? -1 : 1)
        case (.integer, _), (.bigInteger, _):
            return IntegerValue(a).compare(IntegerValue(b))
        case (.float(let x), .float(let y)):
            return x == y ? 0 : (x < y ? -1 : 1)
        case (.atom(let x), .atom(let y)):
            return lexicographic(Array(x.utf8), Array(y.utf8))
        case (.reference(let x), .reference(let y)):
            return compareReferences(x, y)
        case (.pid(let x), .pid(let y)):
            return firstNonZero(
                ordered(x.serial, y.serial), ordered(x.id, y.id),
                lexicographic(Array(x.node.utf8), Array(y.node.utf8)), ordered(x.creation, y.creation))
        case (.opaque(let tagA, let bytesA), .opaque(let tagB, let bytesB)):
            return compareOpaque(tagA, bytesA, tagB, bytesB)
        case (.tuple(let x), .tuple(let y)):
            if x.count != y.count { return x.count < y.count ? -1 : 1 }
            return compareElements(x, y)
        case (.map(let x), .map(let y)):
            if x.count != y.count { return x.count < y.count ? -1 : 1 }
            let sortedX = sortedEntries(x), sortedY = sortedEntries(y)
            let keys = compareElements(sortedX.map(\.key), sortedY.map(\.key))
            return keys != 0 ? keys : compareElements(sortedX.map(\.value), sortedY.map(\.value))
        case (.list, .list):
            return compareLists(a, b)
        case (.binary, _), (.bitBinary, _):
            return compareBits(a.bitView, b.bitView)
        default:  // .nil against .nil
            return 0
        }
    }

    /// `entries` in exact key order (a stable sort: equal keys keep their order).
    static func sortedEntries(_ entries: [MapEntry]) -> [MapEntry] {
        entries.enumerated().sorted { lhs, rhs in
            let order = exactOrder(lhs.element.key, rhs.element.key)
            return order != 0 ? order < 0 : lhs.offset < rhs.offset
        }.map(\.element)
    }

    /// Self, with any `.list` holding no elements replaced by its tail: `.list([], tail: x)` is `x`.
    func unwrappingEmptyLists() -> Term {
        var term = self
        while case .list(let elements, let tail) = term, elements.isEmpty { term = tail }
        return term
    }

    /// The type's place in Erlang's order, with integers before floats (the exact order).
    private var orderRank: Int {
        switch self {
        case .integer, .bigInteger: 0
        case .float: 1
        case .atom: 2
        case .reference: 3
        case .opaque(let tag, _): tag == ExternalTermFormat.Tag.newFun || tag == ExternalTermFormat.Tag.export ? 4 : 5
        case .pid: 6
        case .tuple: 7
        case .map: 8
        case .nil: 9
        case .list: 10
        case .binary, .bitBinary: 11
        }
    }

    private static func compareElements(_ x: [Term], _ y: [Term]) -> Int {
        for (p, q) in zip(x, y) {
            let order = exactOrder(p, q)
            if order != 0 { return order }
        }
        return ordered(x.count, y.count)
    }

    /// Lists compare elementwise; where one runs out, what remains of each (the tail, or the rest
    /// of the list) is compared as a term, so `[1 | x] < [1, 2]` (an atom sorts before a list).
    private static func compareLists(_ a: Term, _ b: Term) -> Int {
        guard let (x, tailX) = a.flattenedList(), let (y, tailY) = b.flattenedList() else { return 0 }
        for (p, q) in zip(x, y) {
            let order = exactOrder(p, q)
            if order != 0 { return order }
        }
        let restX = x.count > y.count ? Term.list(Array(x[y.count...]), tail: tailX) : tailX
        let restY = y.count > x.count ? Term.list(Array(y[x.count...]), tail: tailY) : tailY
        return exactOrder(restX, restY)
    }

    private static func compareReferences(_ x: ErlangReference, _ y: ErlangReference) -> Int {
        let node = firstNonZero(lexicographic(Array(x.node.utf8), Array(y.node.utf8)), ordered(x.creation, y.creation))
        if node != 0 { return node }
        // Extra high words that are zero do not count; then the highest word decides.
        var idsX = x.ids, idsY = y.ids
        while idsX.count > idsY.count { if idsX.removeLast() != 0 { return 1 } }
        while idsY.count > idsX.count { if idsY.removeLast() != 0 { return -1 } }
        for (p, q) in zip(idsX, idsY).reversed() where p != q { return p < q ? -1 : 1 }
        return 0
    }

    /// Funs (112) before exports (113); exports by module, function, arity; ports by node,
    /// creation and id; anything else by its bytes.
    private static func compareOpaque(_ tagA: UInt8, _ a: [UInt8], _ tagB: UInt8, _ b: [UInt8]) -> Int {
        typealias Tag = ExternalTermFormat.Tag
        if tagA == Tag.export, tagB == Tag.export,
            let x = try? ExternalTermFormat.decodeSequence(a, count: 3),
            let y = try? ExternalTermFormat.decodeSequence(b, count: 3)
        {
            return compareElements(x, y)
        }
        if tagA != tagB, tagA == Tag.newFun || tagB == Tag.newFun { return tagA == Tag.newFun ? -1 : 1 }
        if let x = portParts(tagA, a), let y = portParts(tagB, b) {
            return firstNonZero(
                lexicographic(Array(x.node.utf8), Array(y.node.utf8)),
                ordered(x.creation, y.creation), ordered(x.id, y.id))
        }
        return firstNonZero(ordered(tagA, tagB), lexicographic(a, b))
    }

    private static func portParts(_ tag: UInt8, _ bytes: [UInt8]) -> (node: String, id: UInt64, creation: UInt32)? {
        guard tag == ExternalTermFormat.Tag.newPort || tag == ExternalTermFormat.Tag.v4Port,
            let (node, end) = try? ExternalTermFormat.decode(bytes, at: 0, versionByte: false),
            case .atom(let name) = node
        else { return nil }
        let idSize = tag == ExternalTermFormat.Tag.v4Port ? 8 : 4
        guard bytes.count == end + idSize + 4 else { return nil }
        let id = bytes[end..<end + idSize].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let creation = bytes[(end + idSize)...].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        return (name, id, creation)
    }

    /// A bitstring as (bytes, length in bits), the unused low bits of a partial last byte cleared.
    var bitView: (bytes: [UInt8], bitCount: Int) {
        switch self {
        case .binary(let bytes): return (bytes, bytes.count * 8)
        case .bitBinary(var bytes, let bits):
            guard !bytes.isEmpty, (1...7).contains(bits) else { return (bytes, bytes.count * 8) }
            bytes[bytes.count - 1] &= UInt8(truncatingIfNeeded: 0xFF << (8 - Int(bits)))
            return (bytes, (bytes.count - 1) * 8 + Int(bits))
        default: return ([], 0)
        }
    }

    private static func compareBits(_ a: (bytes: [UInt8], bitCount: Int), _ b: (bytes: [UInt8], bitCount: Int)) -> Int {
        let common = min(a.bitCount, b.bitCount)
        let wholeBytes = common / 8
        let prefix = lexicographic(Array(a.bytes.prefix(wholeBytes)), Array(b.bytes.prefix(wholeBytes)))
        if prefix != 0 { return prefix }
        let spare = common % 8
        if spare > 0 {
            let x = a.bytes[wholeBytes] >> (8 - spare), y = b.bytes[wholeBytes] >> (8 - spare)
            if x != y { return x < y ? -1 : 1 }
        }
        return ordered(a.bitCount, b.bitCount)
    }

    static func lexicographic(_ x: [UInt8], _ y: [UInt8]) -> Int {
        for (p, q) in zip(x, y) where p != q { return p < q ? -1 : 1 }
        return ordered(x.count, y.count)
    }

    private static func ordered<T: Comparable>(_ x: T, _ y: T) -> Int { x == y ? 0 : (x < y ? -1 : 1) }

    private static func firstNonZero(_ orders: Int...) -> Int { orders.first { $0 != 0 } ?? 0 }
}

/// An integer of either case, for comparing and hashing `.integer` against `.bigInteger`.
enum IntegerValue: Hashable {
    case small(Int64)
    case big(negative: Bool, magnitude: [UInt8])

    init(_ term: Term) {
        switch term {
        case .integer(let value): self = .small(value)
        case .bigInteger(let negative, let magnitude):
            switch Term.integer(negative: negative, magnitude: magnitude) {
            case .integer(let value): self = .small(value)
            case .bigInteger(let negative, let magnitude): self = .big(negative: negative, magnitude: magnitude)
            default: self = .small(0)
            }
        default: self = .small(0)
        }
    }

    func compare(_ other: IntegerValue) -> Int {
        switch (self, other) {
        case (.small(let x), .small(let y)): return x == y ? 0 : (x < y ? -1 : 1)
        case (.small, .big(let negative, _)): return negative ? 1 : -1
        case (.big(let negative, _), .small): return negative ? -1 : 1
        case (.big(let negX, let x), .big(let negY, let y)):
            if negX != negY { return negX ? -1 : 1 }
            let magnitude =
                x.count != y.count
                ? (x.count < y.count ? -1 : 1)
                : Term.lexicographic(x.reversed(), y.reversed())
            return negX ? -magnitude : magnitude
        }
    }
}

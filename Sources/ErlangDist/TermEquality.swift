/// Equality is Erlang's `=:=`: two terms are equal when Erlang would call them the same term,
/// whatever their Swift spelling.
///
/// So `.list([], tail: .nil) == .nil`, `.list([a], tail: .list([b], tail: .nil))` equals
/// `[a, b]` spelled flat, a `.bigInteger` holding a small value equals the `.integer`, maps are
/// equal whatever the order of their entries, and a bitstring's unused low bits do not count.
/// Atoms compare by their UTF-8 bytes (Erlang's atoms are byte strings), not by Swift's
/// Unicode-equivalence. `1 =/= 1.0`, and `0.0 =:= -0.0` (as in OTP 25).
///
/// Hashing agrees with equality: it hashes the canonical spelling, and a map's entries are
/// combined order-independently. Both cost O(size of the term).
extension Term: Hashable {
    /// Erlang's `=:=`.
    /// - Complexity: O(size of the two terms) at worst, stopping at the first difference; two maps
    ///   whose keys are not in the same order are compared sorted, O(k log k) key comparisons for
    ///   k keys.
    public static func == (lhs: Term, rhs: Term) -> Bool {
        switch (lhs, rhs) {  // the common cases without the general comparison's set-up
        case (.integer(let x), .integer(let y)): return x == y
        case (.atom(let x), .atom(let y)): return x.utf8.elementsEqual(y.utf8)
        case (.nil, .nil): return true
        case (.binary(let x), .binary(let y)): return x == y
        case (.tuple(let x), .tuple(let y)): return x.count == y.count && zip(x, y).allSatisfy { $0 == $1 }
        case (.map(let x), .map(let y)) where x.count == y.count && zip(x, y).allSatisfy({ $0.key == $1.key }):
            return zip(x, y).allSatisfy { $0.value == $1.value }  // the same keys in the same order
        case (.list(let x, let tailX), .list(let y, let tailY))
        where !x.isEmpty && !y.isEmpty && !tailX.isList && !tailY.isList:
            return x.count == y.count && tailX == tailY && zip(x, y).allSatisfy { $0 == $1 }  // both flat
        default: return exactOrder(lhs, rhs) == 0
        }
    }

    /// Hashes the canonical spelling, a map's entries order-independently. O(size of the term).
    public func hash(into hasher: inout Hasher) {
        let term = unwrappingEmptyLists()
        switch term {
        case .integer, .bigInteger:
            hasher.combine(0 as UInt8)
            hasher.combine(IntegerValue(term))
        case .float(let value):
            hasher.combine(1 as UInt8)
            hasher.combine(value)
        case .atom(let name):
            hasher.combine(2 as UInt8)
            hasher.combine(name.utf8.count)
            for byte in name.utf8 { hasher.combine(byte) }
        case .tuple(let elements):
            hasher.combine(3 as UInt8)
            hasher.combine(elements)
        case .list:
            let (elements, tail) = term.flattenedList() ?? ([], .nil)
            hasher.combine(4 as UInt8)
            hasher.combine(elements)
            hasher.combine(tail)
        case .nil:
            hasher.combine(5 as UInt8)
        case .binary, .bitBinary:
            let (bytes, bitCount) = term.bitView
            hasher.combine(6 as UInt8)
            hasher.combine(bitCount)
            hasher.combine(bytes)
        case .map(let entries):
            // Order-independent: a sum of each entry's own hash.
            var sum = 0
            for entry in entries {
                var entryHasher = Hasher()
                entryHasher.combine(entry.key)
                entryHasher.combine(entry.value)
                sum = sum &+ entryHasher.finalize()
            }
            hasher.combine(7 as UInt8)
            hasher.combine(entries.count)
            hasher.combine(sum)
        case .pid(let pid):
            hasher.combine(8 as UInt8)
            hasher.combine(pid)
        case .reference(let reference):
            var ids = reference.ids[...]
            while ids.last == 0 { ids = ids.dropLast() }  // high zero words do not count
            hasher.combine(9 as UInt8)
            hasher.combine(reference.node)
            hasher.combine(reference.creation)
            hasher.combine(Array(ids))
        case .opaque(let tag, let bytes):
            hasher.combine(10 as UInt8)
            hasher.combine(tag)
            hasher.combine(bytes)
        }
    }
}

extension Term {
    var isList: Bool { if case .list = self { true } else { false } }
}

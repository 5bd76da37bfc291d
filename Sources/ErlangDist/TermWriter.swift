/// The encoder: writes a term as `term_to_binary(T, [{minor_version, 2}])` would.
///
/// A term built in Swift is trusted more than bytes from a peer, so this walk is recursive, but it
/// still refuses what Erlang would refuse to read — non-finite floats, atoms over 255 characters,
/// maps with a key twice — and nesting deeper than ``ExternalTermFormat/maxDepth``, so what it
/// writes this module can read back.
struct TermWriter {
    typealias Tag = ExternalTermFormat.Tag

    var bytes: [UInt8]

    mutating func write(_ term: Term, depth: Int) throws(TermEncodingError) {
        switch term {
        case .integer(let value):
            writeInteger(value)
        case .bigInteger(let negative, let magnitude):
            switch Term.integer(negative: negative, magnitude: magnitude) {
            case .bigInteger(let negative, let magnitude): try writeBig(negative: negative, magnitude: magnitude)
            case .integer(let value): writeInteger(value)
            default: break  // integer(negative:magnitude:) returns only these two
            }
        case .float(let value):
            guard value.isFinite else { throw .nonFiniteFloat(value) }
            bytes.append(Tag.newFloat)
            append(value.bitPattern)
        case .atom(let name):
            try writeAtom(name)
        case .tuple(let elements):
            if !elements.isEmpty { try checkDepth(depth) }  // as the decoder counts: `{}` opens nothing
            if elements.count < 256 {
                bytes += [Tag.smallTuple, UInt8(elements.count)]
            } else {
                bytes.append(Tag.largeTuple)
                try appendCount(elements.count)
            }
            for element in elements { try write(element, depth: depth + 1) }
        case .list:
            try writeList(term, depth: depth)
        case .nil:
            bytes.append(Tag.nil)
        case .binary(let data):
            bytes.append(Tag.binary)
            try appendCount(data.count)
            bytes += data
        case .bitBinary(let data, let bits):
            guard !data.isEmpty, (1...8).contains(bits) else {
                throw .invalidBitString(byteCount: data.count, bits: bits)
            }
            if bits == 8 { return try write(.binary(data), depth: depth) }  // whole bytes: a binary
            bytes.append(Tag.bitBinary)
            try appendCount(data.count)
            bytes.append(bits)
            bytes += term.bitView.bytes  // the unused low bits cleared, as Erlang writes them
        case .map(let entries):
            try writeMap(entries, depth: depth)
        case .pid(let pid):
            bytes.append(Tag.newPid)
            try writeAtom(pid.node)
            append(pid.id)
            append(pid.serial)
            append(pid.creation)
        case .reference(let reference):
            guard (1...5).contains(reference.ids.count) else { throw .invalidReference(idCount: reference.ids.count) }
            bytes.append(Tag.newerReference)
            append(UInt16(reference.ids.count))
            try writeAtom(reference.node)
            append(reference.creation)
            for id in reference.ids { append(id) }
        case .opaque(let tag, let data):
            guard Tag.opaque.contains(tag) else { throw .invalidOpaqueTag(tag) }
            bytes.append(tag)
            bytes += data
        }
    }

    /// The smallest form: SMALL_INTEGER for 0…255, INTEGER for 32 bits, else SMALL_BIG.
    private mutating func writeInteger(_ value: Int64) {
        if (0...255).contains(value) {
            bytes += [Tag.smallInteger, UInt8(value)]
        } else if let small = Int32(exactly: value) {
            bytes.append(Tag.integer)
            append(UInt32(bitPattern: small))
        } else {
            var magnitude: [UInt8] = []
            var rest = value.magnitude  // UInt64: Int64.min's magnitude fits
            while rest > 0 {
                magnitude.append(UInt8(truncatingIfNeeded: rest))
                rest >>= 8
            }
            bytes += [Tag.smallBig, UInt8(magnitude.count), value < 0 ? 1 : 0]
            bytes += magnitude
        }
    }

    private mutating func writeBig(negative: Bool, magnitude: [UInt8]) throws(TermEncodingError) {
        if magnitude.count < 256 {
            bytes += [Tag.smallBig, UInt8(magnitude.count)]
        } else {
            bytes.append(Tag.largeBig)
            try appendCount(magnitude.count)
        }
        bytes.append(negative ? 1 : 0)
        bytes += magnitude
    }

    /// SMALL_ATOM_UTF8 below 256 bytes, ATOM_UTF8 from there (up to 255 four-byte characters).
    private mutating func writeAtom(_ name: String) throws(TermEncodingError) {
        guard name.unicodeScalars.count <= 255 else { throw .atomTooLong(name) }
        let utf8 = Array(name.utf8)
        if utf8.count < 256 {
            bytes += [Tag.smallAtomUTF8, UInt8(utf8.count)]
        } else {
            bytes.append(Tag.atomUTF8)
            append(UInt16(utf8.count))
        }
        bytes += utf8
    }

    /// A proper list of 1…65535 integers in 0…255 is STRING_EXT; any other list is LIST_EXT
    /// with its elements and tail. Nested tails are folded in first: `[a | [b]]` is `[a, b]`.
    private mutating func writeList(_ term: Term, depth: Int) throws(TermEncodingError) {
        guard let (elements, tail) = term.flattenedList() else {
            return try write(term.unwrappingEmptyLists(), depth: depth)  // `.list([], tail: x)` is x
        }
        if tail == .nil, elements.count <= 65535, let characters = Self.byteString(elements) {
            bytes.append(Tag.string)
            append(UInt16(characters.count))
            bytes += characters
            return
        }
        try checkDepth(depth)
        bytes.append(Tag.list)
        try appendCount(elements.count)
        for element in elements { try write(element, depth: depth + 1) }
        try write(tail, depth: depth + 1)
    }

    private static func byteString(_ elements: [Term]) -> [UInt8]? {
        var characters: [UInt8] = []
        characters.reserveCapacity(elements.count)
        for element in elements {
            guard let value = element.int64Value, let byte = UInt8(exactly: value) else { return nil }
            characters.append(byte)
        }
        return characters
    }

    /// Up to 32 keys in Erlang's exact term order, as Erlang stores and writes small maps;
    /// larger maps in the order given (Erlang's own is its internal hash order).
    private mutating func writeMap(_ entries: [MapEntry], depth: Int) throws(TermEncodingError) {
        if !entries.isEmpty { try checkDepth(depth) }
        let ordered = entries.count <= 32 ? Term.sortedEntries(entries) : entries
        if entries.count <= 32 {
            for (previous, next) in zip(ordered, ordered.dropFirst()) where previous.key == next.key {
                throw .duplicateMapKey(next.key)
            }
        } else {
            var keys = Set<Term>(minimumCapacity: entries.count)
            for entry in entries where !keys.insert(entry.key).inserted { throw .duplicateMapKey(entry.key) }
        }
        bytes.append(Tag.map)
        try appendCount(ordered.count)
        for entry in ordered {
            try write(entry.key, depth: depth + 1)
            try write(entry.value, depth: depth + 1)
        }
    }

    private func checkDepth(_ depth: Int) throws(TermEncodingError) {
        guard depth < ExternalTermFormat.maxDepth else { throw .tooDeep(limit: ExternalTermFormat.maxDepth) }
    }

    private mutating func appendCount(_ count: Int) throws(TermEncodingError) {
        guard let count = UInt32(exactly: count) else { throw .tooLarge(count: count) }
        append(count)
    }

    private mutating func append<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.bigEndian) { bytes += $0 }
    }
}

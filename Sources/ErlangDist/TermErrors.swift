/// Why bytes from a peer are not a term. Every case carries the offset (an index into the bytes
/// given to the decoder) where the problem was found, so a log line can point at the byte.
public enum TermDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The bytes end `needed` bytes short of what the term at `offset` requires.
    case truncated(offset: Int, needed: Int)
    /// A term must start with the version byte 131.
    case badVersion(UInt8, offset: Int)
    /// A tag this decoder does not know, or knows and does not support (its name, if any).
    case unknownTag(UInt8, offset: Int)
    /// A length or count claims more than the bytes that are left could hold: refused before
    /// anything is allocated.
    case lengthExceedsInput(length: UInt64, offset: Int, remaining: Int)
    /// Containers nested deeper than ``ExternalTermFormat/maxDepth``.
    case tooDeep(offset: Int, limit: Int)
    /// An atom that is not valid UTF-8, or longer than 255 characters.
    case invalidAtom(offset: Int, reason: String)
    /// A node name (of a pid, reference, port) or an export's module or function is not an atom.
    case expectedAtom(found: UInt8, offset: Int)
    /// NaN or an infinity: Erlang has no such floats.
    case nonFiniteFloat(offset: Int)
    /// A field outside its range: a bitstring's bit count, a reference's word count, a fun's
    /// size, an export's arity, a float's text.
    case invalidField(String, offset: Int)
    /// A map holds the same key twice (Erlang refuses such maps too).
    case duplicateMapKey(offset: Int)
    /// Bytes left over after the one term the input was to hold.
    case trailingBytes(offset: Int, count: Int)

    public var description: String {
        switch self {
        case .truncated(let offset, let needed):
            "truncated term: \(needed) more byte(s) needed at offset \(offset)"
        case .badVersion(let byte, let offset):
            "expected the version byte 131 at offset \(offset), found \(byte)"
        case .unknownTag(let tag, let offset):
            if let name = ExternalTermFormat.Tag.name(of: tag) {
                "unsupported tag \(tag) (\(name)) at offset \(offset)"
            } else {
                "unknown tag \(tag) at offset \(offset)"
            }
        case .lengthExceedsInput(let length, let offset, let remaining):
            "length \(length) at offset \(offset) exceeds the \(remaining) byte(s) left"
        case .tooDeep(let offset, let limit):
            "terms nested deeper than \(limit) at offset \(offset)"
        case .invalidAtom(let offset, let reason):
            "invalid atom at offset \(offset): \(reason)"
        case .expectedAtom(let found, let offset):
            "expected an atom at offset \(offset), found tag \(found)"
        case .nonFiniteFloat(let offset):
            "a float that is NaN or infinite at offset \(offset)"
        case .invalidField(let field, let offset):
            "invalid \(field) at offset \(offset)"
        case .duplicateMapKey(let offset):
            "the map at offset \(offset) holds a key twice"
        case .trailingBytes(let offset, let count):
            "\(count) byte(s) left over after the term, at offset \(offset)"
        }
    }
}

/// Why a `Term` cannot be written: it holds something no Erlang node would accept.
public enum TermEncodingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// NaN or an infinity.
    case nonFiniteFloat(Double)
    /// An atom (or node name) of more than 255 characters.
    case atomTooLong(String)
    /// A `.bitBinary` with no bytes, or bits outside 1…8.
    case invalidBitString(byteCount: Int, bits: UInt8)
    /// A reference with no id words or more than 5.
    case invalidReference(idCount: Int)
    /// A map holding the same key twice.
    case duplicateMapKey(Term)
    /// Containers nested deeper than ``ExternalTermFormat/maxDepth``.
    case tooDeep(limit: Int)
    /// An `.opaque` term whose tag is not a port, fun or export.
    case invalidOpaqueTag(UInt8)
    /// A count beyond the format's 32-bit fields.
    case tooLarge(count: Int)

    public var description: String {
        switch self {
        case .nonFiniteFloat(let value): "cannot encode the float \(value): Erlang floats are finite"
        case .atomTooLong(let name): "the atom \(name.prefix(40))… has more than 255 characters"
        case .invalidBitString(let count, let bits): "a bitstring of \(count) byte(s) cannot end in \(bits) bit(s)"
        case .invalidReference(let count): "a reference needs 1…5 id words, not \(count)"
        case .duplicateMapKey(let key): "the map holds the key \(key) twice"
        case .tooDeep(let limit): "terms nested deeper than \(limit)"
        case .invalidOpaqueTag(let tag): "tag \(tag) is not a port, fun or export"
        case .tooLarge(let count): "\(count) elements do not fit the format's 32-bit count"
        }
    }
}

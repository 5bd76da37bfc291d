/// The decoder's fields: scalars, atoms, and the byte reads every length check goes through.
extension TermParser {
    mutating func bigInteger(count: Int, at offset: Int) throws(TermDecodingError) -> Term {
        let sign = try u8()
        guard sign <= 1 else { throw .invalidField("big integer sign \(sign)", offset: offset) }
        return .integer(negative: sign == 1, magnitude: try take(count))
    }

    mutating func bitString(at offset: Int) throws(TermDecodingError) -> Term {
        let count = try length32(at: offset)
        let bits = try u8()
        // Erlang's rule: no bytes exactly when no bits, and 1…8 bits in the last byte.
        guard (bits == 0) == (count == 0), bits <= 8 else {
            throw .invalidField("bit count \(bits) for \(count) byte(s)", offset: offset)
        }
        var data = Array(try take(count))
        if bits == 0 || bits == 8 { return .binary(data) }
        data[count - 1] &= UInt8(truncatingIfNeeded: 0xFF << (8 - Int(bits)))  // unused bits are not part of it
        return .bitBinary(data, bits: bits)
    }

    /// FLOAT_EXT, from before OTP R11: 31 bytes of `printf("%.20e")`, NUL-padded.
    mutating func oldFloat(at offset: Int) throws(TermDecodingError) -> Term {
        let text = String(decoding: try take(31).prefix { $0 != 0 }, as: UTF8.self)
        guard let value = Double(text.trimmingPrefix(" ")) else { throw .invalidField("float text", offset: offset) }
        guard value.isFinite else { throw .nonFiniteFloat(offset: offset) }
        return .float(value)
    }

    mutating func nodeName() throws(TermDecodingError) -> String {
        let offset = position
        let tag = try u8()
        guard [Tag.smallAtomUTF8, Tag.atomUTF8, Tag.smallAtom, Tag.atom].contains(tag) else {
            throw .expectedAtom(found: tag, offset: offset)
        }
        return try atomText(tag: tag, at: offset)
    }

    mutating func atomText(tag: UInt8, at offset: Int) throws(TermDecodingError) -> String {
        let count =
            tag == Tag.smallAtomUTF8 || tag == Tag.smallAtom ? try length8(at: offset) : try length16(at: offset)
        let text = try take(count)
        let name: String
        if tag == Tag.smallAtomUTF8 || tag == Tag.atomUTF8 {
            guard let decoded = String(validating: text, as: UTF8.self) else {
                throw .invalidAtom(offset: offset, reason: "not UTF-8")
            }
            name = decoded
        } else {
            var latin1 = String.UnicodeScalarView()
            latin1.append(contentsOf: text.map { Unicode.Scalar($0) })
            name = String(latin1)
        }
        guard name.unicodeScalars.count <= 255 else {
            throw .invalidAtom(offset: offset, reason: "more than 255 characters")
        }
        return name
    }

    // A length field's value, once it is known to fit in the bytes left. (Each reads its field
    // in a statement of its own: `f(try u32())` would capture `self` before the read.)

    mutating func length8(at offset: Int) throws(TermDecodingError) -> Int {
        let value = Int(try u8())
        return try checked(value, at: offset)
    }

    mutating func length16(at offset: Int) throws(TermDecodingError) -> Int {
        let value = Int(try u16())
        return try checked(value, at: offset)
    }

    mutating func length32(at offset: Int) throws(TermDecodingError) -> Int {
        let value = Int(try u32())
        return try checked(value, at: offset)
    }

    func checked(_ length: Int, at offset: Int) throws(TermDecodingError) -> Int {
        guard length <= remaining else {
            throw .lengthExceedsInput(length: UInt64(length), offset: offset, remaining: remaining)
        }
        return length
    }

    mutating func take(_ count: Int) throws(TermDecodingError) -> ArraySlice<UInt8> {
        guard count <= remaining else { throw .truncated(offset: position, needed: count - remaining) }
        defer { position += count }
        return bytes[position..<position + count]
    }

    mutating func u8() throws(TermDecodingError) -> UInt8 {
        guard position < bytes.endIndex else { throw .truncated(offset: position, needed: 1) }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func u16() throws(TermDecodingError) -> UInt16 {
        try take(2).reduce(0) { $0 << 8 | UInt16($1) }
    }

    mutating func u32() throws(TermDecodingError) -> UInt32 {
        try take(4).reduce(0) { $0 << 8 | UInt32($1) }
    }

    mutating func u64() throws(TermDecodingError) -> UInt64 {
        try take(8).reduce(0) { $0 << 8 | UInt64($1) }
    }
}

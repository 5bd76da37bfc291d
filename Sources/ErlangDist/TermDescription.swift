/// A term printed as Erlang's `io:format("~tw", [Term])` prints it, so a log line or a failed
/// test reads like the Erlang shell: `{ok,[1,2|x],#{a => <<"b">>}}` is printed
/// `{ok,[1,2|x],#{a => <<98>>}}`, strings as lists of integers, maps in their stored order.
///
/// Pids, references and ports print with their node's name where Erlang prints a number only
/// the printing node knows (`<fixtures@127.0.0.1.85.0>` for Erlang's `<9045.85.0>`); funs print
/// as `#Fun<…>`. Cost: O(size of the term); big integers O(digits²).
extension Term: CustomStringConvertible {
    public var description: String {
        var text = ""
        write(to: &text)
        return text
    }

    private func write(to text: inout String) {
        switch self {
        case .integer(let value):
            text += String(value)
        case .bigInteger(let negative, let magnitude):
            text += (negative ? "-" : "") + Self.decimal(magnitude)
        case .float(let value):
            text += Self.erlangFloat(value)
        case .atom(let name):
            text += Self.quotedAtom(name)
        case .tuple(let elements):
            text += "{"
            writeJoined(elements, to: &text)
            text += "}"
        case .list:
            guard let (elements, tail) = flattenedList() else { return unwrappingEmptyLists().write(to: &text) }
            text += "["
            writeJoined(elements, to: &text)
            if tail != .nil {
                text += "|"
                tail.write(to: &text)
            }
            text += "]"
        case .nil:
            text += "[]"
        case .binary, .bitBinary:
            let (bytes, bitCount) = bitView
            let whole = bitCount / 8, spare = bitCount % 8
            var parts = bytes.prefix(whole).map { String($0) }
            if spare > 0 { parts.append("\(bytes[whole] >> (8 - spare)):\(spare)") }
            text += "<<" + parts.joined(separator: ",") + ">>"
        case .map(let entries):
            text += "#{"
            for (index, entry) in entries.enumerated() {
                if index > 0 { text += "," }
                entry.key.write(to: &text)
                text += " => "
                entry.value.write(to: &text)
            }
            text += "}"
        case .pid(let pid):
            text += "<\(pid.node).\(pid.id).\(pid.serial)>"
        case .reference(let reference):
            text += "#Ref<\(reference.node)." + reference.ids.reversed().map { String($0) }.joined(separator: ".") + ">"
        case .opaque(let tag, let bytes):
            if tag == ExternalTermFormat.Tag.export,
                let parts = try? ExternalTermFormat.decodeSequence(bytes, count: 3),
                let module = parts[0].atomValue, let function = parts[1].atomValue, let arity = parts[2].int64Value
            {
                text += "fun \(Self.quotedAtom(module)):\(Self.quotedAtom(function))/\(arity)"
            } else if tag == ExternalTermFormat.Tag.newFun {
                text += "#Fun<\(bytes.count) bytes>"
            } else {
                text += "#Port<\(bytes.count) bytes>"
            }
        }
    }

    private func writeJoined(_ elements: [Term], to text: inout String) {
        for (index, element) in elements.enumerated() {
            if index > 0 { text += "," }
            element.write(to: &text)
        }
    }

    /// An atom as Erlang writes it: bare when it is a word of Latin-1 letters, digits, `_` and
    /// `@` starting with a lowercase letter, and not a reserved word; else in single quotes.
    static func quotedAtom(_ name: String) -> String {
        func isLowercase(_ c: Unicode.Scalar) -> Bool {
            ("a"..."z").contains(c) || (0xDF...0xFF).contains(c.value) && c.value != 0xF7
        }
        func isWordCharacter(_ c: Unicode.Scalar) -> Bool {
            isLowercase(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || c == "_" || c == "@"
                || (0xC0...0xDE).contains(c.value) && c.value != 0xD7
        }
        let scalars = name.unicodeScalars
        if let first = scalars.first, isLowercase(first), scalars.allSatisfy(isWordCharacter),
            !reservedWords.contains(name)
        {
            return name
        }
        return "'" + scalars.map { $0 == "'" || $0 == "\\" ? "\\" + String($0) : String($0) }.joined() + "'"
    }

    private static let reservedWords: Set<String> = [
        "after", "and", "andalso", "band", "begin", "bnot", "bor", "bsl", "bsr", "bxor", "case", "catch", "cond",
        "div", "else", "end", "fun", "if", "let", "maybe", "not", "of", "or", "orelse", "receive", "rem", "try",
        "when", "xor",
    ]

    /// The shortest decimal that reads back as the same double, in Erlang's spelling: always a
    /// fraction (`2.0`), and an exponent without `+` or leading zeros (`1.0e300`, `1.0e-5`).
    static func erlangFloat(_ value: Double) -> String {
        let swift = value.description  // shortest round-trip: "2.0", "1e+300", "5e-324"
        guard let e = swift.firstIndex(of: "e") else { return swift }
        var mantissa = String(swift[..<e])
        if !mantissa.contains(".") { mantissa += ".0" }
        var exponent = String(swift[swift.index(after: e)...])
        let negative = exponent.hasPrefix("-")
        exponent = String(exponent.drop { $0 == "+" || $0 == "-" || $0 == "0" })
        return mantissa + "e" + (negative ? "-" : "") + (exponent.isEmpty ? "0" : exponent)
    }

    /// A little-endian magnitude in decimal, by long division by 10.
    static func decimal(_ magnitude: [UInt8]) -> String {
        var digits = Array(magnitude.reversed().drop { $0 == 0 })  // most significant first
        var decimal: [Character] = []
        while !digits.isEmpty {
            var remainder = 0
            var quotient: [UInt8] = []
            for byte in digits {
                let current = remainder * 256 + Int(byte)
                if !quotient.isEmpty || current / 10 > 0 { quotient.append(UInt8(current / 10)) }
                remainder = current % 10
            }
            decimal.append(Character(String(remainder)))
            digits = quotient
        }
        return decimal.isEmpty ? "0" : String(decimal.reversed())
    }
}

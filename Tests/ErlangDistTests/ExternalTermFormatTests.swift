import ErlangDist
import Testing

/// The encoder's choices, the decoder's canonical forms, and the API the framing code uses.
@Suite struct ExternalTermFormatTests {
    func bytes(_ term: Term) throws -> [UInt8] { try ExternalTermFormat.encode(term) }

    @Test func integersTakeTheirSmallestForm() throws {
        #expect(try bytes(int(255)) == [131, 97, 255])
        #expect(try bytes(int(256)) == [131, 98, 0, 0, 1, 0])
        #expect(try bytes(int(-1)) == [131, 98, 255, 255, 255, 255])
        #expect(try bytes(int(Int64(Int32.max) + 1)) == [131, 110, 4, 0, 0, 0, 0, 128])
        #expect(try bytes(int(.min)) == [131, 110, 8, 1, 0, 0, 0, 0, 0, 0, 0, 128])
        // A big integer that fits is written (and compares) as the small one it is.
        #expect(try bytes(.bigInteger(negative: false, magnitude: [5, 0, 0])) == [131, 97, 5])
        #expect(Term.bigInteger(negative: true, magnitude: [1, 0]) == int(-1))
    }

    @Test func integerFromSignAndMagnitudeIsCanonical() {
        let twoTo63: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 128]
        #expect(Term.integer(negative: true, magnitude: twoTo63) == .integer(.min))
        #expect(Term.integer(negative: false, magnitude: twoTo63) == .bigInteger(negative: false, magnitude: twoTo63))
        #expect(Term.integer(negative: true, magnitude: [0, 0]) == .integer(0))
        if case .bigInteger(_, let magnitude) = Term.integer(negative: false, magnitude: twoTo63 + [0, 0]) {
            #expect(magnitude == twoTo63)
        } else {
            Issue.record("2^63 is a big integer")
        }
    }

    @Test func shortListsOfBytesAreStrings() throws {
        let max = Term.properList(Array(repeating: int(7), count: 65535))
        #expect(try Array(bytes(max).prefix(4)) == [131, 107, 255, 255])
        let over = Term.properList(Array(repeating: int(7), count: 65536))
        let overBytes = try bytes(over)
        #expect(Array(overBytes.prefix(6)) == [131, 108, 0, 1, 0, 0] && overBytes.last == 106)
        #expect(try ExternalTermFormat.decode(overBytes) == over)
        #expect(try bytes(list(int(1), int(256))) == [131, 108, 0, 0, 0, 2, 97, 1, 98, 0, 0, 1, 0, 106])
        #expect(try bytes(.list([int(1)], tail: int(2))) == [131, 108, 0, 0, 0, 1, 97, 1, 97, 2])
        #expect(try bytes(.list([], tail: .nil)) == [131, 106])
    }

    @Test func nestedTailsAreOneList() throws {
        let nested = Term.list([atom("a")], tail: .list([atom("b")], tail: .nil))
        let flat = list(atom("a"), atom("b"))
        #expect(nested == flat && nested.hashValue == flat.hashValue)
        #expect(try bytes(nested) == bytes(flat))
        #expect(try bytes(.list([], tail: atom("x"))) == bytes(atom("x")))
        // Erlang never writes a LIST whose tail is a LIST; a peer might. It is the same list.
        let peer: [UInt8] = [131, 108, 0, 0, 0, 1, 97, 1, 108, 0, 0, 0, 1, 97, 2, 106]
        let decoded = try ExternalTermFormat.decode(peer)
        guard case .list(let elements, .nil) = decoded else { Issue.record("a proper list"); return }
        #expect(elements == [int(1), int(2)])
        #expect(decoded.properListElements == [int(1), int(2)])
    }

    @Test func equalityIsErlangs() {
        #expect(map((atom("a"), int(1)), (atom("b"), int(2))) == map((atom("b"), int(2)), (atom("a"), int(1))))
        #expect(map((atom("a"), int(1))).hashValue == map((atom("a"), int(1))).hashValue)
        #expect(map((atom("a"), int(1))) != map((atom("a"), int(2))))
        #expect(atom("\u{E9}") != atom("e\u{301}"))  // equal as Swift strings, two atoms in Erlang
        #expect(Term.float(1) != int(1))
        #expect(Term.float(0) == .float(-0.0))
        #expect(Term.bitBinary([0b1011_1111], bits: 3) == .bitBinary([0b1010_0000], bits: 3))
        #expect(Term.bitBinary([1, 2], bits: 8) == .binary([1, 2]))
        let reference = ErlangReference(node: "a@h", creation: 1, ids: [1, 2, 3])
        let padded = ErlangReference(node: "a@h", creation: 1, ids: [1, 2, 3, 0])
        #expect(Term.reference(reference) == .reference(padded))
        #expect(Term.reference(reference).hashValue == Term.reference(padded).hashValue)
    }

    @Test func theExactTermOrder() {
        let sorted: [Term] = [
            int(-5), int(1), .bigInteger(negative: false, magnitude: Array(repeating: 0, count: 9) + [1]), .float(0.5),
            atom("a"), atom("b"), .reference(ErlangReference(node: "a@h", creation: 1, ids: [1, 0, 0])),
            .pid(ErlangPid(node: "z@h", id: 1, serial: 0, creation: 1)),
            .pid(ErlangPid(node: "a@h", id: 2, serial: 0, creation: 1)),
            tuple(int(9)), tuple(int(1), int(1)), .map([]), .nil, .list([int(1)], tail: atom("x")), list(int(1)),
            list(int(1), int(2)), .bitBinary([0], bits: 1), .binary([0]), .binary([1]),
        ]
        for (index, term) in sorted.enumerated() {
            for other in sorted[(index + 1)...] {
                #expect(Term.exactOrder(term, other) < 0, "\(term) before \(other)")
                #expect(Term.exactOrder(other, term) > 0)
            }
        }
    }

    @Test func aFrameHoldsTermsBackToBack() throws {
        let control = tuple(int(2), atom(""), .pid(ErlangPid(node: "a@127.0.0.1", id: 85, serial: 0, creation: 3)))
        let message = tuple(atom("hello"), bin("world"))
        var frame: [UInt8] = [112]  // 'p', the pass-through byte before the terms
        try ExternalTermFormat.encode(control, into: &frame)
        try ExternalTermFormat.encode(message, into: &frame)
        let first = try ExternalTermFormat.decode(frame, at: 1)
        #expect(first.term == control)
        let second = try ExternalTermFormat.decode(frame[first.end...], at: first.end)
        #expect(second.term == message && second.end == frame.count)
        // Without version bytes, as after a distribution header.
        var bare: [UInt8] = []
        try ExternalTermFormat.encode(message, into: &bare, versionByte: false)
        #expect(bare.first == 104)
        #expect(try ExternalTermFormat.decode(bare, at: 0, versionByte: false) == (message, bare.count))
    }

    @Test func wholeInputDecodingRefusesLeftovers() {
        #expect(throws: TermDecodingError.trailingBytes(offset: 3, count: 1)) {
            try ExternalTermFormat.decode([131, 97, 1, 0] as [UInt8])
        }
        #expect(throws: TermDecodingError.badVersion(130, offset: 0)) { try ExternalTermFormat.decode([130, 97, 1]) }
        #expect(throws: TermDecodingError.truncated(offset: 0, needed: 1)) { try ExternalTermFormat.decode([UInt8]()) }
    }

    @Test func whatErlangWouldRefuseIsNotWritten() throws {
        let cases: [(Term, TermEncodingError)] = [
            (.float(.nan), .nonFiniteFloat(.nan)),
            (atom(String(repeating: "a", count: 256)), .atomTooLong(String(repeating: "a", count: 256))),
            (.bitBinary([], bits: 3), .invalidBitString(byteCount: 0, bits: 3)),
            (.bitBinary([1], bits: 0), .invalidBitString(byteCount: 1, bits: 0)),
            (.reference(ErlangReference(node: "a@h", creation: 1, ids: [])), .invalidReference(idCount: 0)),
            (map((int(1), atom("a")), (int(1), atom("b"))), .duplicateMapKey(int(1))),
            (.map((0..<40).map { MapEntry(int($0 % 39), .nil) }), .duplicateMapKey(int(0))),
            (.opaque(tag: 97, bytes: [1]), .invalidOpaqueTag(97)),
        ]
        for (term, error) in cases {
            if case .nonFiniteFloat = error {
                #expect(throws: TermEncodingError.self) { try ExternalTermFormat.encode(term) }
            } else {
                #expect(throws: error) { try ExternalTermFormat.encode(term) }
            }
        }
        var buffer: [UInt8] = [1, 2, 3]
        #expect(throws: TermEncodingError.self) {
            try ExternalTermFormat.encode(tuple(int(1), .float(.infinity)), into: &buffer)
        }
        #expect(buffer == [1, 2, 3])  // left as it was
    }

    @Test func nestingIsBoundedBothWays() throws {
        func nested(_ depth: Int) -> Term { (0..<depth).reduce(atom("x")) { inner, _ in tuple(inner) } }
        let deepest = try bytes(nested(ExternalTermFormat.maxDepth))
        #expect(try ExternalTermFormat.decode(deepest) == nested(ExternalTermFormat.maxDepth))
        #expect(throws: TermEncodingError.tooDeep(limit: 512)) { try ExternalTermFormat.encode(nested(513)) }
    }

    @Test func olderEncodingsAreRead() throws {
        #expect(try ExternalTermFormat.decode([131, 100, 0, 2, 0xE9, 0x61]) == atom("éa"))  // latin-1 ATOM_EXT
        #expect(try ExternalTermFormat.decode([131, 115, 1, 0x41]) == atom("A"))  // SMALL_ATOM_EXT
        let node: [UInt8] = [115, 3] + Array("a@h".utf8)
        let oldPid = try ExternalTermFormat.decode([131, 103] + node + [0, 0, 0, 5, 0, 0, 0, 0, 2])
        #expect(oldPid == .pid(ErlangPid(node: "a@h", id: 5, serial: 0, creation: 2)))
        let oldReference = try ExternalTermFormat.decode([131, 114, 0, 1] + node + [2, 0, 0, 0, 9])
        #expect(oldReference == .reference(ErlangReference(node: "a@h", creation: 2, ids: [9])))
        #expect(try bytes(oldReference).dropFirst().first == 90)  // written back as NEWER_REFERENCE
        let text = Array("3.14000000000000012434e+00".utf8)
        #expect(
            try ExternalTermFormat.decode([131, 99] + text + Array(repeating: 0, count: 31 - text.count))
                == .float(3.14))
        let port = try ExternalTermFormat.decode([131, 120] + node + [0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3])
        #expect(port == .opaque(tag: 120, bytes: node + [0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3]))
        #expect(try bytes(port) == [131, 120] + node + [0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3])
    }
}

extension ExternalTermFormatTests {
    /// Found by the fuzz test: the encoder once counted `{}` as a level where the decoder did not,
    /// so 512 tuples around `{}` decoded and would not encode.
    @Test func emptyContainersAreNotALevel() throws {
        for innermost in [tuple(), Term.map([]), .nil, charlist("ab")] {
            let term = (0..<ExternalTermFormat.maxDepth).reduce(innermost) { inner, _ in tuple(inner) }
            let bytes = try ExternalTermFormat.encode(term)
            #expect(try ExternalTermFormat.decode(bytes) == term)
        }
    }
}

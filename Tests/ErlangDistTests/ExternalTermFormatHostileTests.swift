import ErlangDist
import Testing

/// Bytes from a peer: every lie about a length, every unknown tag, every truncation is an error
/// with an offset — never a crash, a trap, a hang or a large allocation.
@Suite struct ExternalTermFormatHostileTests {
    func decode(_ bytes: [UInt8]) throws(TermDecodingError) -> Term { try ExternalTermFormat.decode(bytes) }

    @Test func aListClaimingFourBillionElementsFailsAtOnce() {
        let frame: [UInt8] = [131, 108, 255, 255, 255, 255, 97, 1, 97, 2]
        #expect(throws: TermDecodingError.lengthExceedsInput(length: 4_294_967_295, offset: 1, remaining: 4)) {
            try decode(frame)
        }
        for tag: UInt8 in [105, 109, 111, 116] {  // LARGE_TUPLE, BINARY, LARGE_BIG, MAP
            #expect(throws: TermDecodingError.self) { try decode([131, tag, 255, 255, 255, 255, 0, 0, 0, 0]) }
        }
    }

    /// Each claim fits alone; together they claim more than the frame holds. The decoder counts
    /// every pending element of every open container, so it refuses them a few levels in.
    @Test func nestedClaimsCannotAddUp() {
        let frame: [UInt8] =
            [131] + Array(repeating: [108, 0, 0, 0, 100] as [UInt8], count: 200).joined()
            + Array(repeating: 106, count: 300)
        do {
            _ = try decode(frame)
            Issue.record("decoded")
        } catch .lengthExceedsInput(_, let offset, _) {
            #expect(offset < 100)  // some twenty levels in, of two hundred
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test func nestingDeeperThanTheLimitIsRefused() throws {
        func nestedTuples(_ depth: Int) -> [UInt8] {
            [131] + Array(repeating: [104, 1], count: depth).joined() + [106]
        }
        #expect(throws: Never.self) { try decode(nestedTuples(512)) }
        #expect(throws: TermDecodingError.tooDeep(offset: 1 + 512 * 2, limit: 512)) { try decode(nestedTuples(513)) }
        // A million levels claimed in two megabytes: refused at level 513, without recursion.
        #expect(throws: TermDecodingError.self) { try decode(nestedTuples(1_000_000)) }
        let nestedLists: [UInt8] =
            [131] + Array(repeating: [108, 0, 0, 0, 1], count: 600).joined() + Array(repeating: 106, count: 601)
        #expect(throws: TermDecodingError.tooDeep(offset: 1 + 512 * 5, limit: 512)) { try decode(nestedLists) }
    }

    @Test func unknownTagsAreNamedWithTheirOffset() {
        #expect(throws: TermDecodingError.unknownTag(200, offset: 3)) { try decode([131, 104, 1, 200]) }
        let compressed = TermDecodingError.unknownTag(80, offset: 1)
        #expect(compressed.description == "unsupported tag 80 (COMPRESSED) at offset 1")
        #expect(throws: compressed) { try decode([131, 80, 0, 0, 0, 1, 0]) }
        #expect(throws: TermDecodingError.unknownTag(82, offset: 1)) { try decode([131, 82, 0]) }  // ATOM_CACHE_REF
        #expect(TermDecodingError.unknownTag(200, offset: 3).description == "unknown tag 200 at offset 3")
    }

    @Test func everyTruncationOfEveryFixtureThrows() {
        for golden in GoldenFixtures.all {
            for length in 0..<golden.bytes.count {
                #expect(throws: TermDecodingError.self, "\(golden.name) cut at \(length)") {
                    try decode(Array(golden.bytes.prefix(length)))
                }
            }
        }
    }

    @Test func malformedValuesAreRefused() {
        let node: [UInt8] = [119, 3] + Array("a@h".utf8)
        let cases: [([UInt8], TermDecodingError)] = [
            ([131, 70, 0x7F, 0xF8, 0, 0, 0, 0, 0, 0], .nonFiniteFloat(offset: 1)),  // NaN
            ([131, 70, 0xFF, 0xF0, 0, 0, 0, 0, 0, 0], .nonFiniteFloat(offset: 1)),  // -infinity
            ([131, 119, 1, 0xFF], .invalidAtom(offset: 1, reason: "not UTF-8")),
            (
                [131, 118, 1, 0] + Array(repeating: 97, count: 256),
                .invalidAtom(offset: 1, reason: "more than 255 characters")
            ),
            ([131, 116, 0, 0, 0, 2, 97, 1, 97, 1, 97, 1, 97, 2], .duplicateMapKey(offset: 1)),
            ([131, 77, 0, 0, 0, 1, 0, 1], .invalidField("bit count 0 for 1 byte(s)", offset: 1)),
            ([131, 77, 0, 0, 0, 1, 9, 1], .invalidField("bit count 9 for 1 byte(s)", offset: 1)),
            ([131, 90, 0, 0] + node, .invalidField("reference word count 0", offset: 1)),
            ([131, 90, 0, 6] + node, .invalidField("reference word count 6", offset: 1)),
            ([131, 88, 97, 1], .expectedAtom(found: 97, offset: 2)),
            ([131, 110, 1, 2, 1], .invalidField("big integer sign 2", offset: 1)),
            ([131, 112, 0, 0, 0, 28], .invalidField("fun size 28", offset: 2)),
            ([131, 112, 0, 1, 0, 0, 0], .lengthExceedsInput(length: 65532, offset: 2, remaining: 1)),
            ([131, 113] + node + node + [98, 0, 0, 0, 1], .invalidField("export arity", offset: 12)),
            ([131, 107, 0, 5, 1], .lengthExceedsInput(length: 5, offset: 1, remaining: 1)),
        ]
        for (bytes, error) in cases {
            #expect(throws: error, "\(bytes)") { try decode(bytes) }
        }
    }
}

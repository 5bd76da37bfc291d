import ErlangDist
import SeededRandom
import Testing

/// The decoder against a hundred thousand inputs made by breaking Erlang's own bytes:
/// flipped bits, cuts, splices of two terms, lengths of up to 2³² − 1, tag bytes dropped in,
/// inserted and repeated runs, deep nesting, and plain noise. Every input either decodes or throws
/// a ``TermDecodingError`` — nothing crashes, traps or hangs — and whatever decodes survives the
/// round trip: it encodes, and the encoding decodes to an equal term.
@Suite struct ExternalTermFormatFuzzTests {
    static let rounds = 100_000
    static let tags: [UInt8] = [
        70, 77, 88, 89, 90, 97, 98, 99, 100, 103, 104, 105, 106, 107, 108, 109, 110, 111,
        112, 113, 114, 115, 116, 118, 119, 120, 80, 82, 0, 255,
    ]

    /// The mutations below, weighted: deep nesting is the costliest to build and to check.
    static let kinds = Array([0, 1, 2, 3, 4, 5, 6, 8].map { Array(repeating: $0, count: 6) }.joined()) + [7]

    /// Tuples, lists and maps nested around a term, to depths either side of the limit: the
    /// bytes before the term (the version byte included) and after it.
    static let nestings: [([UInt8], [UInt8])] = [8, 100, 512, 513].flatMap { depth in
        [([104, 1], []), ([108, 0, 0, 0, 1], [106]), ([116, 0, 0, 0, 1, 106], [])].map {
            (open: [UInt8], close: [UInt8]) in
            var prefix: [UInt8] = [131], suffix: [UInt8] = []
            for _ in 0..<depth {
                prefix += open
                suffix += close
            }
            return (prefix, suffix)
        }
    }

    @Test func hostileInputsDecodeOrThrow() {
        var random = SplitMix64(seed: 0x0E7F_2025)
        let corpus = GoldenFixtures.all.map(\.bytes)
        var decoded = 0, refused = 0
        let clock = ContinuousClock()
        let start = clock.now
        for round in 0..<Self.rounds {
            var input = corpus.randomElement(using: &random)!
            for _ in 0...Int.random(in: 0...2, using: &random) {
                mutate(&input, corpus: corpus, using: &random)
            }
            let term: Term
            do {
                term = try ExternalTermFormat.decode(input)
            } catch {
                refused += 1
                continue
            }
            decoded += 1
            if let again = try? ExternalTermFormat.encode(term), (try? ExternalTermFormat.decode(again)) == term {
                continue
            }
            Issue.record("round \(round): \(input) decoded to \(term) but did not round-trip")
        }
        #expect(decoded + refused == Self.rounds)
        #expect(decoded > Self.rounds / 20 && refused > Self.rounds / 2, "decoded \(decoded), refused \(refused)")
        #expect(clock.now - start < .seconds(60))
    }

    func mutate(_ input: inout [UInt8], corpus: [[UInt8]], using random: inout SplitMix64) {
        let index = input.isEmpty ? 0 : Int.random(in: 0..<input.count, using: &random)
        switch Self.kinds.randomElement(using: &random)! {
        case 0:  // flip a few bits
            guard !input.isEmpty else { return }
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                input[Int.random(in: 0..<input.count, using: &random)] ^= 1 << UInt8.random(in: 0...7, using: &random)
            }
        case 1:  // cut
            input.removeSubrange(index...)
        case 2:  // the head of one term, the tail of another
            let other = corpus.randomElement(using: &random)!
            input = Array(input[..<index]) + other[Int.random(in: 0...other.count, using: &random)...]
        case 3:  // a length field that lies
            let lie: UInt32 = [
                0xFFFF_FFFF, 0x7FFF_FFFF, 0x0001_0000, 0xFFFF, 256, UInt32.random(in: 0...UInt32.max, using: &random),
            ]
            .randomElement(using: &random)!
            let bytes = withUnsafeBytes(of: lie.bigEndian, Array.init)
            input.replaceSubrange(index..<min(index + 4, input.count), with: bytes)
        case 4:  // a tag byte where it does not belong
            guard !input.isEmpty else { return }
            input[index] = Self.tags.randomElement(using: &random)!
        case 5:  // noise inserted
            input.insert(
                contentsOf: (0..<Int.random(in: 1...8, using: &random)).map { _ in
                    UInt8.random(in: 0...255, using: &random)
                }, at: index)
        case 6:  // a run repeated
            guard !input.isEmpty else { return }
            let end = min(input.count, index + Int.random(in: 1...16, using: &random))
            input.insert(
                contentsOf: Array(repeating: input[index..<end], count: Int.random(in: 2...50, using: &random))
                    .joined(), at: end)
        case 7:  // deep nesting around what there is
            let (prefix, suffix) = Self.nestings.randomElement(using: &random)!
            input = prefix + input.dropFirst() + suffix
        default:  // noise
            input =
                [131]
                + (0..<Int.random(in: 0...64, using: &random)).map { _ in
                    Bool.random(using: &random)
                        ? Self.tags.randomElement(using: &random)! : UInt8.random(in: 0...255, using: &random)
                }
        }
    }
}

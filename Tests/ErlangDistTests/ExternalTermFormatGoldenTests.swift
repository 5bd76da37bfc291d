import ErlangDist
import Testing

/// Erlang's own bytes against ours: every fixture decodes to the term it is, and encodes back
/// to exactly the bytes Erlang wrote.
@Suite struct ExternalTermFormatGoldenTests {
    static let node = "fixtures@127.0.0.1"

    /// The terms Swift can spell without knowing the node's pids and references.
    static let expected: [String: Term] = {
        var terms: [String: Term] = [:]
        terms["small_integer_0"] = int(0)
        terms["small_integer_255"] = int(255)
        terms["integer_256"] = int(256)
        terms["integer_minus_1"] = int(-1)
        terms["integer_minus_128"] = int(-128)
        terms["integer_max32"] = int(2_147_483_647)
        terms["integer_min32"] = int(-2_147_483_648)
        terms["small_big_2_31"] = int(2_147_483_648)
        terms["small_big_minus_2_31_minus_1"] = int(-2_147_483_649)
        terms["small_big_int64_max"] = int(.max)
        terms["small_big_int64_min"] = int(.min)
        terms["small_big_2_64"] = .bigInteger(negative: false, magnitude: [0, 0, 0, 0, 0, 0, 0, 0, 1])
        terms["small_big_minus_2_100"] = .bigInteger(negative: true, magnitude: Array(repeating: 0, count: 12) + [0x10])
        terms["large_big_2_2100"] = .bigInteger(negative: false, magnitude: Array(repeating: 0, count: 262) + [0x10])
        terms["float_pi"] = .float(.pi)
        terms["float_minus_half"] = .float(-0.5)
        terms["float_zero"] = .float(0)
        terms["float_1e300"] = .float(1e300)
        terms["float_min_subnormal"] = .float(.leastNonzeroMagnitude)
        terms["atom_empty"] = atom("")
        terms["atom_ok"] = atom("ok")
        terms["atom_utf8"] = atom("héllo_λ")
        terms["atom_emoji"] = atom("🚀")
        terms["atom_255_chars"] = atom(String(repeating: "a", count: 255))
        terms["atom_long_utf8"] = atom(String(repeating: "λ", count: 200))
        terms["tuple_empty"] = tuple()
        terms["tuple_nested"] = tuple(atom("a"), tuple(atom("b"), tuple(atom("c"))), tuple())
        terms["tuple_large"] = .tuple((1...300).map { int($0) })
        terms["nil"] = .nil
        terms["string_abc"] = charlist("abc")
        terms["string_bytes"] = list(int(0), int(1), int(255))
        terms["list_unicode"] = charlist("λx")
        terms["list_mixed"] = list(int(1), atom("a"), bin("b"), .float(2.5), int(-1))
        terms["improper_atom"] = .list([atom("a")], tail: atom("b"))
        terms["improper_int"] = .list([int(1), int(2)], tail: int(3))
        terms["improper_string_head"] = .list([int(97), int(98)], tail: bin("c"))
        terms["nested_lists"] = list(.nil, list(.nil), charlist("hi"))
        terms["binary_empty"] = .binary([])
        terms["binary_bytes"] = .binary([1, 2, 3, 255])
        terms["binary_utf8"] = bin("héllo")
        terms["bitstring_3"] = .bitBinary([0b0010_0000], bits: 3)
        terms["bitstring_13"] = .bitBinary([255, 0b0010_1000], bits: 5)
        terms["map_empty"] = .map([])
        terms["map_atoms"] = map((atom("b"), int(2)), (atom("a"), int(1)), (atom("c"), int(3)))
        terms["map_mixed_keys"] = map(
            (int(1), atom("x")), (.float(2.0), atom("y")), (atom("a"), atom("z")), (charlist("s"), atom("q")),
            (bin("b"), atom("r")), (tuple(atom("t")), atom("s")), (.nil, atom("n")), (.map([]), atom("m")),
            (int(-5), atom("w")),
            (.bigInteger(negative: false, magnitude: Array(repeating: 0, count: 8) + [0x40]), atom("big")),
            (.list([atom("a")], tail: atom("b")), atom("i")), (.bitBinary([0b0010_0000], bits: 3), atom("bits")))
        terms["map_nested"] = map(
            (atom("config"), map((atom("port"), int(4369)), (atom("host"), charlist("localhost")))),
            (atom("list"), list(int(1), int(2))))
        terms["map_large"] = .map((1...40).map { MapEntry(int($0), int($0 * $0)) })
        terms["export"] = .opaque(
            tag: 113, bytes: [119, 5] + Array("lists".utf8) + [119, 3] + Array("map".utf8) + [97, 2])
        terms["codable_point"] = atom("point")
        terms["codable_circle"] = tuple(atom("circle"), .float(2))
        terms["codable_rect"] = tuple(atom("rect"), .float(3), .float(4.5))
        terms["codable_optionals"] = list(int(1), atom("undefined"), int(3))
        return terms
    }()

    @Test func theFixturesCoverEveryTag() {
        #expect(GoldenFixtures.all.count >= 40)
        let tags = Set(GoldenFixtures.all.flatMap(\.bytes))  // a loose check: each tag byte occurs somewhere
        for tag: UInt8 in [97, 98, 110, 111, 70, 119, 118, 104, 105, 106, 107, 108, 109, 77, 88, 90, 89, 113, 112, 116]
        {
            #expect(tags.contains(tag), "tag \(tag)")
        }
        #expect(GoldenFixtures["atom_long_utf8"].bytes[1] == 118)
        #expect(GoldenFixtures["large_big_2_2100"].bytes[1] == 111)
        #expect(GoldenFixtures["tuple_large"].bytes[1] == 105)
    }

    @Test(arguments: GoldenFixtures.all.map(\.name))
    func decodesAndEncodesBackByteForByte(_ name: String) throws {
        let golden = GoldenFixtures[name]
        let term = try ExternalTermFormat.decode(golden.bytes)
        if let expected = Self.expected[name] {
            #expect(term == expected, "\(name): \(golden.rendering.prefix(80))")
        }
        #expect(try ExternalTermFormat.encode(term) == golden.bytes, "\(name): \(golden.rendering.prefix(80))")
    }

    /// Encoding the term as Swift spells it gives Erlang's bytes too — sorting small maps as
    /// Erlang does — except for the one documented difference: a map above 32 keys keeps the
    /// order it was given, where Erlang writes its internal hash order.
    @Test(arguments: Self.expected.keys.sorted())
    func encodesTheSwiftSpellingAsErlangDoes(_ name: String) throws {
        let golden = GoldenFixtures[name], term = Self.expected[name]!
        let bytes = try ExternalTermFormat.encode(term)
        if name == "map_large" {
            #expect(bytes != golden.bytes)
            #expect(bytes.count == golden.bytes.count)
            #expect(try ExternalTermFormat.decode(bytes) == term)
        } else {
            #expect(bytes == golden.bytes, "\(name)")
        }
    }

    @Test func pidsReferencesAndPortsCarryTheRealNodeName() throws {
        let pid = try #require(try ExternalTermFormat.decode(GoldenFixtures["pid"].bytes).pidValue)
        #expect(pid.node == Self.node)
        #expect(pid.creation != 0)
        let reference = try #require(try ExternalTermFormat.decode(GoldenFixtures["reference"].bytes).referenceValue)
        #expect(reference.node == Self.node && reference.creation == pid.creation && reference.ids.count == 3)

        guard case .opaque(89, let port) = try ExternalTermFormat.decode(GoldenFixtures["port"].bytes) else {
            Issue.record("a port is opaque NEW_PORT_EXT")
            return
        }
        #expect(port.starts(with: [119, UInt8(Self.node.utf8.count)] + Array(Self.node.utf8)))

        #expect(
            try ExternalTermFormat.decode(GoldenFixtures["control_send"].bytes) == tuple(int(2), atom(""), .pid(pid)))
        #expect(
            try ExternalTermFormat.decode(GoldenFixtures["is_auth_reply"].bytes)
                == tuple(.list([atom("alias")], tail: .reference(reference)), atom("yes")))
        guard case .map(let entries) = try ExternalTermFormat.decode(GoldenFixtures["map_pid_ref_keys"].bytes) else {
            Issue.record("a map")
            return
        }
        #expect(entries.map(\.value) == [atom("c"), atom("d"), atom("a"), atom("b")])  // references sort before pids
        #expect(entries[2].key == .pid(pid))
    }

    @Test func aFunIsKeptWhole() throws {
        let golden = GoldenFixtures["fun_with_free_var"]
        guard case .opaque(112, let bytes) = try ExternalTermFormat.decode(golden.bytes) else {
            Issue.record("a fun is opaque NEW_FUN_EXT")
            return
        }
        #expect(bytes.count == golden.bytes.count - 2)  // all but the version byte and the tag
    }
}

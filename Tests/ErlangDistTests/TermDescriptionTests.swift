import ErlangDist
import Testing

/// `Term.description` prints as Erlang's `~tw` does: held against the renderings the fixture
/// script recorded from Erlang itself.
@Suite struct TermDescriptionTests {
    /// Pids, references, ports and funs print with a node-local number in Erlang; not here. And
    /// Erlang prints a map above 32 keys in the reverse of the order it encodes it in.
    static let nodeLocal: Set<String> = [
        "pid", "reference", "port", "fun_with_free_var", "control_send", "is_auth_reply", "map_pid_ref_keys",
        "codable_drawing", "map_large",
    ]

    @Test(arguments: GoldenFixtures.all.filter { !Self.nodeLocal.contains($0.name) }.map(\.name))
    func printsAsErlangDoes(_ name: String) throws {
        let golden = GoldenFixtures[name]
        #expect(try ExternalTermFormat.decode(golden.bytes).description == golden.rendering)
    }

    @Test func atomsAreQuotedWhereErlangQuotesThem() {
        #expect(atom("ok").description == "ok")
        #expect(atom("node@host").description == "node@host")
        #expect(atom("Ok").description == "'Ok'")
        #expect(atom("end").description == "'end'")
        #expect(atom("it's").description == "'it\\'s'")
        #expect(atom("").description == "''")
        #expect(Term.float(1e-5).description == "1.0e-5")
        #expect(
            tuple(.pid(ErlangPid(node: "a@h", id: 85, serial: 0, creation: 1)), atom("x")).description
                == "{<a@h.85.0>,x}")
    }
}

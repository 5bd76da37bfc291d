import Cluster
import LocalTable

/// pg2's server as Erlang sees it: the requests `pg2.erl`'s gen_server takes, each tied to the
/// function above that does it. On a real node an `erl` shell can send them —
/// `gen_server:call({pg2, 'a@127.0.0.1'}, {join, g, self()})` answers `ok` — and one Swift node's
/// server sends them to another's in the same shape. (The simulator does not look at this.)
///
/// | request | pg2.erl clause | function |
/// |---|---|---|
/// | `{create, Name}` (call) | `handle_call({create, …})` | ``create(_:)`` |
/// | `{delete, Name}` (call) | `handle_call({delete, …})` | ``delete(_:)`` |
/// | `{join, Name, Pid}` (call) | `handle_call({join, …})` | ``join(_:_:)`` |
/// | `{leave, Name, Pid}` (call) | `handle_call({leave, …})` | ``leave(_:_:)`` |
/// | `{new_pg2, Node}` (message) | `handle_info({new_pg2, …})` | ``newPG2(from:)`` |
/// | `{exchange, Node, Groups}` (cast) | `handle_cast({exchange, …})` | ``exchange(from:groups:)`` |
/// | `{del_member, Name, Pid}` (cast) | `handle_cast({del_member, …})` | ignored, as pg2 ignores it |
///
/// Every call answers `ok`, as pg2's do. A group name may come as an atom or a binary: a Swift
/// node reads both as the same `String`, so `g` and `<<"g">>` name one group here (in Erlang they
/// are two). An exchange's groups may be pg2's `[[Name, [Pid, …]], …]` or the maps a Swift node
/// writes.
extension ExchangeServer: ErlangShaped {
    public static let erlangShape = ErlangShape<ExchangeServer>([
        ErlangRequest(.call, "create", arity: 1, function: "create(_:)") { server, args in
            try await server.create(args.decode(GroupName.self, at: 0))
            return nil
        },
        ErlangRequest(.call, "delete", arity: 1, function: "delete(_:)") { server, args in
            try await server.delete(args.decode(GroupName.self, at: 0))
            return nil
        },
        ErlangRequest(.call, "join", arity: 2, function: "join(_:_:)") { server, args in
            try await server.join(args.decode(GroupName.self, at: 0), args.decode(Pid.self, at: 1))
            return nil
        },
        ErlangRequest(.call, "leave", arity: 2, function: "leave(_:_:)") { server, args in
            try await server.leave(args.decode(GroupName.self, at: 0), args.decode(Pid.self, at: 1))
            return nil
        },
        ErlangRequest(.info, "new_pg2", arity: 1, function: "newPG2(from:)") { server, args in
            try await server.newPG2(from: args.decode(NodeName.self, at: 0))
            return nil
        },
        ErlangRequest(.cast, "exchange", arity: 2, function: "exchange(from:groups:)") { server, args in
            let groups =
                try (try? args.decode([GroupSnapshot].self, at: 1))
                ?? (try args.decode([ErlangGroupRow].self, at: 1)).map(\.snapshot)
            try await server.exchange(from: args.decode(NodeName.self, at: 0), groups: groups)
            return nil
        },
        ErlangRequest(.cast, "del_member", arity: 2, function: "") { _, _ in nil },
    ])
}

/// One group as Erlang writes it in a table exchange: pg2.erl's `all_members()` as the
/// two-element list `[Name, Members]`, pg.erl's sync as the tuple `{Group, Pids}` — read alike (a
/// tuple and a list both read as a sequence). Used by this server's `exchange` and by chapter 7's
/// `sync`.
package struct ErlangGroupRow: Decodable {
    package let snapshot: GroupSnapshot

    package init(from decoder: any Decoder) throws {
        var row = try decoder.unkeyedContainer()
        let name = try row.decode(GroupName.self)
        snapshot = GroupSnapshot(name: name, members: try row.decode([Pid].self))
    }
}

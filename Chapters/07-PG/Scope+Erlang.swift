import Cluster
import Exchange
import LocalTable

/// A scope as Erlang's `pg` sees it: the four peer messages of pg.erl, tied to the functions
/// above. On a real node a Swift scope is a peer of Erlang's own scopes: it answers their
/// `discover` with its `sync`, takes their joins and leaves, and sends its own in their terms.
/// (The simulator does not look at this.)
///
/// | message | pg.erl clause | function |
/// |---|---|---|
/// | `{discover, Peer}` | `handle_info({discover, …})` | ``discover(_:)`` |
/// | `{'$gen_cast', {sync, Peer, [{Group, [Pid]}]}}` | `handle_cast({sync, …})` | ``sync(_:_:)`` |
/// | `{join, Peer, Group, PidOrPids}` | `handle_info({join, …})` | ``join(_:_:_:)`` |
/// | `{leave, Peer, PidOrPids, [Group]}` | `handle_info({leave, …})` | ``leave(_:_:_:)`` |
///
/// Group names: a Swift group is a `String`; it leaves a Swift node as an atom (`chat`, as an
/// Erlang programmer writes `pg:join(chat, self())`), or as a binary if it is too long for an
/// atom, and a Swift node reads an atom or a binary as the same `String`. So a Swift member of
/// `"chat"` is listed by Erlang's `pg:get_members(chat)`, and an Erlang member of `chat` by the
/// Swift scope's `members(of: "chat")`. (One difference remains: an Erlang process in the group
/// `<<"chat">>` is, on a Swift node, in `"chat"` too — in Erlang those are two groups.) A Swift
/// scope only ever names, in a `leave`, groups it announced itself — Erlang's OTP 25 scope dies
/// on any other (rule D7).
extension Scope: ErlangShaped {
    public static let erlangShape = ErlangShape<Scope>([
        ErlangRequest(.info, "discover", arity: 1, function: "discover(_:)") { scope, args in
            try await scope.discover(args.decode(Pid.self, at: 0))
            return nil
        },
        // Later OTP releases add a field to `discover`; the peer is still the first.
        ErlangRequest(.info, "discover", arity: 2, function: "") { scope, args in
            try await scope.discover(args.decode(Pid.self, at: 0))
            return nil
        },
        ErlangRequest(
            .cast, "sync", arity: 2, function: "sync(_:_:)",
            outbound: { args in
                let groups = try args.decode([GroupSnapshot].self, at: 1)
                return [
                    try args.decode(Pid.self, at: 0),
                    groups.map { ErlangTuple(ErlangGroupName.value($0.name), $0.members) },
                ]
            }
        ) { scope, args in
            let rows = try args.decode([ErlangGroupRow].self, at: 1)
            try await scope.sync(args.decode(Pid.self, at: 0), rows.map(\.snapshot))
            return nil
        },
        ErlangRequest(
            .info, "join", arity: 3, function: "join(_:_:_:)",
            outbound: { args in
                [
                    try args.decode(Pid.self, at: 0), ErlangGroupName.value(try args.decode(GroupName.self, at: 1)),
                    try args.decode(PidOrPids.self, at: 2),
                ]
            }
        ) { scope, args in
            try await scope.join(
                args.decode(Pid.self, at: 0), args.decode(GroupName.self, at: 1),
                args.decode(PidOrPids.self, at: 2))
            return nil
        },
        ErlangRequest(
            .info, "leave", arity: 3, function: "leave(_:_:_:)",
            outbound: { args in
                [
                    try args.decode(Pid.self, at: 0), try args.decode(PidOrPids.self, at: 1),
                    ErlangGroupNames(names: try args.decode([GroupName].self, at: 2)),
                ]
            }
        ) { scope, args in
            try await scope.leave(
                args.decode(Pid.self, at: 0), args.decode(PidOrPids.self, at: 1),
                args.decode([GroupName].self, at: 2))
            return nil
        },
    ])
}

/// How a group name leaves a Swift node: an atom if it can be one (at most 255 characters).
enum ErlangGroupName {
    static func value(_ name: GroupName) -> any Encodable & Sendable {
        name.unicodeScalars.count <= 255 ? Atom(name) : name
    }
}

/// A list of group names, each as ``ErlangGroupName`` writes it.
struct ErlangGroupNames: Encodable, Sendable {
    let names: [GroupName]
    func encode(to encoder: any Encoder) throws {
        var list = encoder.unkeyedContainer()
        for name in names { try list.encode(ErlangGroupName.value(name)) }
    }
}

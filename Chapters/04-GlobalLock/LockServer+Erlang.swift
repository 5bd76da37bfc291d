import Cluster

/// The lock server as Erlang sees it: the two requests of `global_name_server` that
/// `global:set_lock/2` and `global:del_lock/2` send, tied to the functions above. On a real node
/// a Swift lock server answers them, and a Swift node's lock requests reach an Erlang node's
/// `global_name_server` in the same shape — so a pg2 write in a cluster that also holds `erl`
/// nodes locks the group on them too, with Erlang's own `global`. (The simulator does not look
/// at this.)
///
/// | request | global.erl clause | function |
/// |---|---|---|
/// | `{set_lock, {ResourceId, RequesterId}}` (call) | `handle_call({set_lock, …})` | ``setLock(_:holder:)`` → `true`/`false` |
/// | `{del_lock, {ResourceId, RequesterId}}` (call) | `handle_call({del_lock, …})` | ``deleteLock(_:holder:)`` → `true` |
///
/// In Erlang the holder is not in the request: it is the process that made the call (`From`).
/// A Swift node makes its calls from one process of its own (the real node's call sink), so on
/// another node the holder of a Swift write's lock is that process: the lock is released by
/// `del_lock`, or when the writer's *node* goes — not, as in Erlang, when the writing process
/// dies. pg2's resource `{pg2, Name}` is the Swift resource `pg2:Name`.
extension LockServer: ErlangShaped {
    public static let erlangShape = ErlangShape<LockServer>([
        ErlangRequest(
            .call, "set_lock", arity: 1, function: "setLock(_:holder:)",
            outbound: { args in [ErlangLockID.tuple(try args.decode(LockID.self, at: 0))] }
        ) { server, args in
            let id = try args.decode(ErlangLockID.self, at: 0).id
            return try await server.setLock(id, holder: args.caller ?? id.requester)
        },
        ErlangRequest(
            .call, "del_lock", arity: 1, function: "deleteLock(_:holder:)",
            outbound: { args in [ErlangLockID.tuple(try args.decode(LockID.self, at: 0))] }
        ) { server, args in
            let id = try args.decode(ErlangLockID.self, at: 0).id
            try await server.deleteLock(id, holder: args.caller ?? id.requester)
            return true
        },
    ])
}

/// global's lock id `{ResourceId, RequesterId}`, read into a ``LockID``: `{pg2, Name}` is the
/// resource `pg2:Name`, any other resource is read as text.
struct ErlangLockID: Decodable {
    let id: LockID

    init(from decoder: any Decoder) throws {
        var pair = try decoder.unkeyedContainer()
        id = LockID(resource: try pair.decode(Resource.self).text, requester: try pair.decode(Pid.self))
    }

    /// A resource: text, or a `{Tag, Name}` pair read as `Tag:Name`.
    private struct Resource: Decodable {
        let text: String
        init(from decoder: any Decoder) throws {
            if let text = try? decoder.singleValueContainer().decode(String.self) {
                self.text = text
            } else {
                var tagged = try decoder.unkeyedContainer()
                text = "\(try tagged.decode(String.self)):\(try tagged.decode(String.self))"
            }
        }
    }

    /// The tuple global takes for `id`.
    static func tuple(_ id: LockID) -> ErlangTuple {
        if let colon = id.resource.firstIndex(of: ":") {
            let tag = String(id.resource[..<colon]), name = String(id.resource[id.resource.index(after: colon)...])
            return ErlangTuple(ErlangTuple(Atom(tag), name), id.requester)
        }
        return ErlangTuple(id.resource, id.requester)
    }
}

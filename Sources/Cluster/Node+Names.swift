import Distributed

/// Well-known names: Erlang's registered processes, `{pg2, Node}`.
///
/// pg2 finds its peers by name: the pg2 server on node b is "whoever is registered as `pg2` on
/// b". Here an actor created inside ``register(_:_:)`` gets the well-known pid `<b.pg2>`
/// (``Pid/init(named:on:)``) as its id, and any node can reach it with
/// ``resolve(_:on:as:)`` without asking b first — the name *is* the address. If the server
/// dies and another takes the name, references resolved earlier reach the new one.
///
/// A registered actor is *owned by its node*: the node holds it strongly, so it lives, like an
/// Erlang server, until it is ended with ``exit(_:reason:)`` or its node halts. (An ordinary
/// process lives only while someone holds it; see ``resignID(_:)``.)
extension Node {
    /// Registered names must be unique per node.
    public struct NameTaken: Error, Hashable, Sendable, CustomStringConvertible {
        public let name: String
        public let node: NodeName
        public var description: String { "the name \(name) is already registered on \(node)" }
    }

    /// Creates an actor with `make` and registers it as `name` on this node: its id becomes the
    /// well-known pid `<node.name>`, and the node keeps it alive until it exits. Throws
    /// ``NameTaken`` if a live actor holds the name. O(1), plus `make`.
    @discardableResult
    public func register<Act: DistributedActor>(
        _ name: String, _ make: () throws -> Act
    ) throws -> Act where Act.ActorSystem == Node {
        let registration = Registration(name: name)
        let actor = try Registration.$current.withValue(registration) { try make() }
        guard !registration.wasTaken else { throw NameTaken(name: name, node: self.name) }
        state.withLock { s in if s.alive { s.registered[actor.id] = actor } }
        return actor
    }

    /// The pid registered as `name` here, if a live actor holds it (Erlang's `whereis/1`). O(1).
    public func whereis(_ name: String) -> Pid? {
        let pid = Pid(named: name, on: self.name)
        return localActor(pid) == nil ? nil : pid
    }

    /// A reference to the actor registered as `name` on `node` (this node included).
    ///
    /// Resolving never fails and sends nothing: a call on the reference fails with
    /// ``CallError/noproc(_:)`` if nobody holds the name when the call arrives. O(1).
    public func resolve<Act: DistributedActor>(
        _ name: String, on node: NodeName, as actorType: Act.Type = Act.self
    ) throws -> Act where Act.ActorSystem == Node {
        try Act.resolve(id: Pid(named: name, on: node), using: self)
    }

    /// A reference to the actor with `pid`, local or remote. O(1); nothing is sent.
    public func resolve<Act: DistributedActor>(
        _ pid: Pid, as actorType: Act.Type = Act.self
    ) throws -> Act where Act.ActorSystem == Node {
        try Act.resolve(id: pid, using: self)
    }
}

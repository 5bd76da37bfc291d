import Distributed

/// A server registered under a well-known name on its node: what Erlang starts with
/// `gen_server:start({local, Name}, Module, Args, [])`.
///
/// Erlang registers the name *before* it runs the server's `init/1`. So whatever `init/1` sends —
/// pg2's `new_pg2` to every peer, say — comes from a process that can already be found by its
/// name, and a server that loses the race for the name never runs `init/1` at all. Here the
/// initializer builds the server's state, and ``didRegister()`` does the rest of `init/1`, the
/// part that talks to others: it runs once ``start(on:)`` has registered the server, and never for
/// an instance that lost the name.
///
/// ```swift
/// let server = try LockServer.ensureStarted(on: node)   // whereis(Name), else start it
/// ```
public protocol NamedServer: DistributedActor where ActorSystem == Node {
    /// The name the server is registered under, on every node (Erlang's `{local, Name}`).
    static var name: String { get }
    /// A server not yet registered. Use ``start(on:)`` or ``ensureStarted(on:)``: a server must
    /// hold its name for its peers to find it.
    init(actorSystem: Node)
    /// What the server does once it holds its name: the part of `init/1` that subscribes to
    /// events or sends messages. Runs once, right after registration. The default does nothing.
    nonisolated func didRegister()
    /// `ensure_started`: the node's running server, started and registered if needed.
    static func ensureStarted(on node: Node) throws -> Self
}

extension NamedServer {
    /// Does nothing. O(1).
    public nonisolated func didRegister() {}

    /// Starts the server on `node`: registers it as ``name``, then runs ``didRegister()``.
    /// - Throws: ``Node/NameTaken`` if a live process holds the name; the new instance then sent
    ///   nothing and is discarded.
    /// - Complexity: O(1) to register, plus the cost of the server's initializer and its
    ///   ``didRegister()`` (for pg2's exchange server, one `new_pg2` cast to each connected node).
    @discardableResult
    public static func start(on node: Node) throws -> Self {
        let server = try node.register(name) { Self(actorSystem: node) }
        server.didRegister()
        return server
    }

    /// The node's running server, started if none runs: `whereis(Name)`, else ``start(on:)``. If
    /// another task starts one between the look-up and the start, that one is returned.
    /// - Complexity: O(1).
    public static func ensureStarted(on node: Node) throws -> Self {
        if node.whereis(name) == nil {
            do {
                return try start(on: node)
            } catch is Node.NameTaken {
                // Another task started it between our check and our start; use theirs.
            }
        }
        return try node.resolve(name, on: node.name)
    }
}

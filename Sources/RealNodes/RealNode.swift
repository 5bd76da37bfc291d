import Cluster
import ErlangDist

/// A ``Cluster/Node`` on a real machine: its processes, calls, casts, monitors and exits travel as
/// distributed Erlang over TCP, so the chapters' code runs unchanged across OS processes and
/// machines, and an `erl` shell can ping, monitor and call its processes.
///
/// ```swift
/// let real = try await RealNode.start(name: "a@127.0.0.1", cookie: "secret")
/// _ = await real.connect("b@127.0.0.1")
/// let pg2 = ProcessGroups(node: real.node)     // the final module, unchanged
/// try await pg2.create("workers")
/// ```
///
/// How the substrate's messages look on the wire (the router, `ErlangRouter`):
/// - a call is `gen_server`'s: the caller monitors the target (by name for a registered name),
///   sends `{'$gen_call', {From, Tag}, Request}` and waits for `{Tag, Reply}` — or for the
///   monitor's DOWN, so a call to a name nobody registered fails at once with `noproc`. A cast is
///   `{'$gen_cast', Request}`. `Request` is the shape the target's type declares for the function
///   (``Cluster/ErlangShaped``: pg2's `{join, Name, Pid}`), else `{'$swift_call', Function,
///   Substitutions, Arguments}`, where `Function` is the runtime's name for it as a *binary* (an
///   atom made from every function name would fill Erlang's atom table, which is never collected);
/// - a monitor is MONITOR_P / DEMONITOR_P / MONITOR_P_EXIT, an exit EXIT2;
/// - an Erlang process's link to a Swift process is LINK / EXIT / UNLINK_ID (answered
///   UNLINK_ID_ACK): the Swift end, watched by a monitor, sends EXIT when it ends, and ends with
///   the Erlang end's reason unless it is `normal`, or with `noconnection` when the connection goes
///   (Swift processes link to nothing themselves);
/// - `nodeup`/`nodedown` are the distribution layer's connections coming and going.
/// Every Swift process answers `gen_server:call` from Erlang in the shape its type declares.
public final class RealNode: Sendable {
    /// The substrate node: hand it to the chapters and to `ProcessGroups`.
    public let node: Node
    /// The distribution layer under it.
    public let dist: DistNode

    private init(node: Node, dist: DistNode) {
        self.node = node
        self.dist = dist
    }

    /// Starts a node named `name` (`alive@host`) with `cookie`, listening and registered with EPMD
    /// (served by the node itself when no EPMD runs). `log` receives the node's notes (refused
    /// requests, dropped messages); nil keeps them quiet.
    /// - Complexity: one EPMD registration (a TCP exchange with EPMD) and a listening socket.
    public static func start(
        name: String, cookie: String, options: DistNodeOptions = DistNodeOptions(),
        log: (@Sendable (String) -> Void)? = nil
    ) async throws -> RealNode {
        let dist = try await DistNode.start(name: name, cookie: cookie, options: options)
        let router = ErlangRouter(dist: dist, queue: NodeQueue(label: "real-node \(name)"))
        let host = RealHost(dist: dist, router: router, log: log)
        let node = Node(name: NodeName(name), creation: dist.creation, host: host)
        router.node = node
        dist.attach(router)
        return RealNode(node: node, dist: dist)
    }

    /// This node's full name. O(1).
    public var name: String { dist.name }

    /// Connects to `peer`; true once connected (Erlang's `net_kernel:connect_node`).
    /// Lifts an earlier ``disconnect(_:)`` of `peer`.
    /// - Complexity: an EPMD look-up, a TCP connect and the handshake (a few round trips), unless
    ///   connected already (O(1)).
    @discardableResult
    public func connect(_ peer: String, timeout: Duration = .seconds(15)) async -> Bool {
        await dist.connect(to: peer, timeout: timeout)
    }

    /// Drops the connection to `peer` and keeps it down — no redial by this node, no dial from
    /// `peer` accepted — until ``connect(_:timeout:)`` (Erlang's `disconnect_node`, held).
    /// - Complexity: O(1) here; the node then fails the calls and fires the monitors that
    ///   depended on `peer`, O(those).
    public func disconnect(_ peer: String) { dist.disconnect(peer) }

    /// The nodes connected now, sorted. O(n log n) for n peers.
    public var connectedNodes: [String] { dist.connectedNodes }

    /// Stops the node: every process ends, every connection closes (peers see `nodedown`).
    /// - Complexity: O(processes + connections).
    public func stop() {
        node.halt()
        dist.stop()
    }
}

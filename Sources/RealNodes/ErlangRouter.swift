import Cluster
import ErlangDist
import Synchronization

/// Between a ``Cluster/Node`` and the distribution layer: turns the substrate's ``Cluster/Message``s
/// into Erlang's control messages and back (see ``RealNode`` for the shapes).
///
/// Calls and monitors cross with references of Erlang's making, so the router keeps what each
/// stands for: the calls this node is waiting on (by their tag, which is also their monitor's
/// reference, as `gen_server` does it), the calls it is serving (so the reply reaches `From`
/// with its `Tag`), and the monitors in each direction. A peer's departure clears its entries;
/// the node itself fails the calls and fires the monitors. One `sink` pid, of this node, is the
/// `From` of every call and the holder of every monitor the node sets.
///
/// Links come in one way only: an Erlang process may link to a Swift process (Swift processes
/// have monitors, not links, and link to nothing). The router keeps each link `{E, S}` and
/// watches S with a monitor of the substrate's, set as an inbound MONITOR_P's is: when S ends,
/// for any reason (`normal` too), E gets `EXIT {S, E, Reason}` instead of a DOWN. When E ends
/// (its `EXIT` arrives) the link goes, and S ends with E's reason unless it is `normal` — a
/// Swift process does not trap exits. When E's node goes, every S linked to one of its
/// processes ends with `noconnection`. A link to a Swift process that is not alive is not the
/// router's: the distribution layer answers it `EXIT {S, E, noproc}`, as Erlang does.
final class ErlangRouter: DistRouter {
    let dist: DistNode
    let aliases: NameAliases
    let codec: TermWireCodec
    /// The pid that makes this node's calls and holds its monitors of other nodes' processes.
    let sink: ErlangPid
    let state = Mutex(RouterState())
    /// The node's queue: what arrives is handed to the node there, in arrival order.
    let queue: NodeQueue
    private let nodeSlot = Mutex<Node?>(nil)

    init(dist: DistNode, queue: NodeQueue) {
        self.dist = dist
        self.queue = queue
        self.aliases = NameAliases(nodeName: dist.name, mint: { dist.mintPid() })
        self.codec = TermWireCodec(aliases: aliases)
        self.sink = dist.mintPid()
    }

    var node: Node? {
        get { nodeSlot.withLock { $0 } }
        set { nodeSlot.withLock { $0 = newValue } }
    }

    /// Hands `message` from `peer` to the node, on the node's queue: after everything that
    /// arrived before it.
    func deliver(_ message: Message, from peer: String, to node: Node) {
        queue.enqueue { node.receive(message, from: NodeName(peer)) }
    }

    func peerUp(_ peer: String) { node?.connectionUp(NodeName(peer)) }

    /// `peer` is gone: its calls, monitors and links here are forgotten, the node hears of it,
    /// and every Swift process linked to one of `peer`'s processes ends with `noconnection` (as
    /// a non-trapping Erlang process does), after the node's own `noconnection` DOWNs.
    func peerDown(_ peer: String) {
        let linked = state.withLock { $0.forget(peer) }
        guard let node else { return }
        node.connectionDown(NodeName(peer))
        for pid in linked { deliver(.exit(pid: pid, reason: .noconnection), from: peer, to: node) }
    }
}

/// What the router remembers, behind its lock.
struct RouterState {
    struct OutCall { let id: UInt64; let peer: String; let target: Pid; let monitor: MonitorTarget }
    struct OutMonitor { let ref: MonitorRef; let pid: Pid; let target: MonitorTarget }
    struct InCall { let from: ErlangPid; let tag: Term }
    struct InMonitor { let erlangRef: ErlangReference; let watcher: ErlangPid; let target: MonitorTarget; let pid: Pid }

    /// Calls this node made, by tag.
    var outCalls: [ErlangReference: OutCall] = [:]
    /// Monitors this node set on other nodes' processes, both ways.
    var outMonitors: [ErlangReference: OutMonitor] = [:]
    var outMonitorRefs: [MonitorRef: ErlangReference] = [:]
    /// Calls this node is serving, by the id the node knows them by.
    var inCalls: [UInt64: InCall] = [:]
    var nextInCall: UInt64 = 0
    /// Monitors other nodes set on this node's processes, both ways.
    var inMonitors: [MonitorRef: InMonitor] = [:]
    var inMonitorRefs: [ErlangReference: MonitorRef] = [:]
    var nextInMonitor: UInt64 = 0
    /// Links Erlang processes made to this node's processes: by the reference of the monitor
    /// the node watches the Swift end with (from the same counter as ``inMonitors``'), and by
    /// the pair.
    var inLinks: [MonitorRef: InLink] = [:]
    var inLinkRefs: [InLink.Key: MonitorRef] = [:]

    /// Erlang process `erlang` linked to `local`, the Swift process `pid`.
    struct InLink {
        struct Key: Hashable { let erlang: ErlangPid; let local: ErlangPid }
        let key: Key
        let pid: Pid
    }

    /// Records the link `key` to `pid`, watched by a new monitor reference; nil if it exists
    /// already (linking twice is linking once). O(1) amortised.
    mutating func addLink(_ key: InLink.Key, _ pid: Pid, peer: String) -> MonitorRef? {
        guard inLinkRefs[key] == nil else { return nil }
        nextInMonitor += 1
        let ref = MonitorRef(node: NodeName(peer), creation: 0, serial: nextInMonitor)
        inLinks[ref] = InLink(key: key, pid: pid)
        inLinkRefs[key] = ref
        return ref
    }

    /// Drops the link `key`; its monitor's reference, nil if there was no such link. O(1).
    mutating func removeLink(_ key: InLink.Key) -> MonitorRef? {
        guard let ref = inLinkRefs.removeValue(forKey: key) else { return nil }
        inLinks[ref] = nil
        return ref
    }

    /// Everything that involves `peer`; the Swift processes linked to `peer`'s processes, sorted,
    /// each once. O(entries + l log l) for the l links dropped.
    mutating func forget(_ peer: String) -> [Pid] {
        outCalls = outCalls.filter { $0.value.peer != peer }
        for (ref, monitor) in outMonitors where monitor.pid.node.rawValue == peer {
            outMonitors[ref] = nil
            outMonitorRefs[monitor.ref] = nil
        }
        inCalls = inCalls.filter { $0.value.from.node != peer }
        for (ref, monitor) in inMonitors where monitor.watcher.node == peer {
            inMonitors[ref] = nil
            inMonitorRefs[monitor.erlangRef] = nil
        }
        var linked: Set<Pid> = []
        for (ref, link) in inLinks where link.key.erlang.node == peer {
            inLinks[ref] = nil
            inLinkRefs[link.key] = nil
            linked.insert(link.pid)
        }
        return linked.sorted()
    }
}

/// Exit reasons as Erlang writes them.
enum ExitReasons {
    static func term(_ reason: ExitReason) -> Term {
        switch reason {
        case .normal: .atom("normal")
        case .killed: .atom("killed")
        case .noproc: .atom("noproc")
        case .noconnection: .atom("noconnection")
        case .other(let text): text.unicodeScalars.count <= 255 ? .atom(text) : .binary(Array(text.utf8))
        }
    }

    static func reason(_ term: Term) -> ExitReason {
        switch term {
        case .atom("normal"): .normal
        case .atom("killed"), .atom("kill"): .killed
        case .atom("noproc"): .noproc
        case .atom("noconnection"): .noconnection
        case .atom(let name): .other(name)
        default: .other("\(term)")
        }
    }
}

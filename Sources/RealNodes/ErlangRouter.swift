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

    func peerDown(_ peer: String) {
        state.withLock { $0.forget(peer) }
        node?.connectionDown(NodeName(peer))
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

    /// Everything that involves `peer`. O(entries).
    mutating func forget(_ peer: String) {
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

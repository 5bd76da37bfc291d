import Dispatch
import Foundation
import Synchronization

/// A Swift node that an Erlang cluster accepts as one of its own.
///
/// Real Erlang nodes **find** each other through EPMD (``EPMDRegistration``), **trust** each other
/// through the cookie handshake (``Handshake``), and **talk** over one TCP connection per pair of
/// nodes, in frames of control messages, kept alive by ticks (``Connection``). A `DistNode` does
/// all three, so `net_adm:ping` from an `erl` shell answers `pong`, Erlang processes send to
/// Swift processes by pid or registered name, and monitors and links work in both directions.
///
/// Processes here are ``DistProcess`` values: a pid and a mailbox. ``spawn(name:trapExits:_:)``
/// runs a body on one; ``makeProcess(name:)`` hands one to the caller.
///
/// Thread safety: all state sits behind one `Mutex`; nothing that can block or call back — a
/// delivery, a frame written, a continuation resumed — happens while it is held. Work to do after
/// a change is collected as ``Effects`` and run once the lock is released.
public final class DistNode: Sendable {
    /// The full node name, `alive@host`.
    public let name: String
    /// This incarnation's creation, from EPMD: it is part of every pid and reference minted here.
    public let creation: UInt32
    public let options: DistNodeOptions
    let cookie: String
    let state: Mutex<DistNodeState>
    private let listener: Socket?
    private let registration: EPMDRegistration?
    let housekeeping = DispatchSemaphore(value: 0)

    init(
        name: String, cookie: String, creation: UInt32, options: DistNodeOptions,
        listener: Socket?, registration: EPMDRegistration?
    ) {
        self.name = name
        self.cookie = cookie
        self.creation = creation
        self.options = options
        self.listener = listener
        self.registration = registration
        var initial = DistNodeState()
        initial.knownHosts = Set(options.knownHosts)
        if let host = NodeNames.split(name)?.host { initial.knownHosts.insert(host) }
        self.state = Mutex(initial)
    }

    /// Starts a node: listens, registers `name` with EPMD (serving EPMD itself if nobody does)
    /// and accepts connections. `name` is `alive@host`; `cookie` is the cluster's shared secret.
    /// - Complexity: On a thread of its own: a listening socket, then the EPMD registration, a TCP
    ///   connect to 127.0.0.1 and one ALIVE2 round trip, its socket kept open. Where nobody
    ///   answers, this node serves EPMD and registers with itself; failures are retried (pauses
    ///   of 20 ms growing to 500 ms) until twice `options.connectTimeout` has passed, each attempt
    ///   bounded by 2 s. Then three system processes and two threads (accept, housekeeping) start.
    public static func start(name: String, cookie: String, options: DistNodeOptions = DistNodeOptions()) async throws
        -> DistNode
    {
        guard let (alive, _) = NodeNames.split(name) else { throw DistNodeError.invalidName(name) }
        return try await SocketThreads.run("dist-start \(name)") {
            let listener = try Socket.listen(port: options.listenPort)
            let log = { @Sendable (line: String) in options.log("[\(name)] \(line)") }
            let registration = EPMDRegistration(
                entry: EPMDEntry(name: alive, port: listener.localPort),
                epmdPort: options.epmdPort, log: log)
            let creation = try registration.start(timeout: options.connectTimeout * 2)
            let node = DistNode(
                name: name, cookie: cookie, creation: creation, options: options,
                listener: listener, registration: registration)
            node.startSystemProcesses()
            SocketThreads.start("dist-accept \(name)") { node.acceptLoop(listener) }
            SocketThreads.start("dist-housekeeping \(name)") { node.housekeepingLoop() }
            return node
        }
    }

    /// A node without sockets or EPMD, for driving connections by hand (tests, fuzzing).
    package static func offline(name: String, cookie: String = "cookie", options: DistNodeOptions = DistNodeOptions())
        -> DistNode
    {
        let node = DistNode(name: name, cookie: cookie, creation: 7, options: options, listener: nil, registration: nil)
        node.startSystemProcesses()
        return node
    }

    /// The port this node accepts distribution connections on (0 for an offline node).
    public var port: UInt16 { listener?.localPort ?? 0 }

    /// Whether this node has sockets (an ``offline(name:cookie:options:)`` node has none).
    var isOnline: Bool { listener != nil }

    /// Whether this node serves EPMD itself right now (nobody else did on its EPMD port).
    public var isServingEPMD: Bool { registration?.isServing ?? false }

    /// Stops the node: closes every connection (peers see `noconnection`), unregisters from
    /// EPMD, and ends every local process with reason `shutdown`.
    /// - Complexity: No frame written, nothing waited for: sockets are shut down. Each of the c
    ///   connections, closing, walks the p local processes with their m monitors and l links,
    ///   O(p + m + l); then each process ends as by ``DistProcess/exit(_:)``. So O(c·(p + m + l))
    ///   in all, plus O(s + w) for s event streams and w `connect` calls waiting.
    public func stop() {
        let (connections, processes, subscribers) = state.withLock { s in
            s.stopped = true
            let connections = s.peers.values.compactMap(\.connection)
            let processes = s.processes.values.map(\.process)
            let subscribers = Array(s.subscribers.values)
            s.subscribers = [:]
            return (connections, processes, subscribers)
        }
        listener?.shutdown()
        housekeeping.signal()
        for c in connections { c.close("this node stopped") }
        registration?.stop()
        for p in processes { exitProcess(p.pid, reason: .atom("shutdown")) }
        for s in subscribers { s.finish() }
        let waiters = state.withLock { s in
            defer { s.waiters = [:] }; return s.waiters.values.flatMap(\.values)
        }
        for w in waiters { w.resume(returning: false) }
    }

    public var isStopped: Bool { state.withLock { $0.stopped } }

    func log(_ line: String) { options.log("[\(name)] \(line)") }

    var identity: Handshake.Identity {
        Handshake.Identity(name: name, flags: .swiftNode, creation: creation, cookie: cookie)
    }

    var connectionLimits: Connection.Limits {
        Connection.Limits(
            tickTime: options.tickTime, maxFrameLength: options.maxFrameLength,
            maxQueuedBytes: options.maxQueuedBytes)
    }

    /// A fresh reference of this node. O(1).
    public func makeReference() -> ErlangReference {
        let n = state.withLock { s -> UInt64 in
            s.nextRef += 1; return s.nextRef
        }
        return ErlangReference(
            node: name, creation: creation,
            ids: [UInt32(n & 0x3FFFF), UInt32((n >> 18) & 0xFFFF_FFFF), UInt32.random(in: 0...UInt32.max)])
    }

    func isLocal(_ pid: ErlangPid) -> Bool { pid.node == name }
}

/// Everything a node knows, behind its one lock.
struct DistNodeState {
    var stopped = false
    var peers: [String: PeerSlot] = [:]
    /// Nodes disconnected on purpose: never dialled automatically.
    var excluded: Set<String> = []
    /// When a failed node may be dialled automatically again.
    var retryAfter: [String: (failures: Int, at: ContinuousClock.Instant)] = [:]
    var waiters: [String: [UInt64: CheckedContinuation<Bool, Never>]] = [:]
    var subscribers: [UInt64: AsyncStream<NodeEvent>.Continuation] = [:]
    var processes: [ErlangPid: ProcessEntry] = [:]
    var names: [String: ErlangPid] = [:]
    var knownHosts: Set<String> = []
    var nextID: UInt64 = 0
    var nextPid: UInt32 = 0
    var pidSerial: UInt32 = 0
    var nextRef: UInt64 = 0
    var router: (any DistRouter)?

    mutating func newID() -> UInt64 {
        nextID += 1
        return nextID
    }

    /// The next pid of node `node` (incarnation `creation`) that no process here has: ids count
    /// up to 15 bits, then the 13-bit serial moves on, as Erlang's do. O(1) while the pid space is
    /// far from full.
    mutating func nextFreePid(node: String, creation: UInt32) -> ErlangPid {
        // Initialised here, not only in the loop: release builds of Swift 6.3 crashed on the
        // first assignment of a declared-but-unset struct with a String inside a lock's closure.
        var pid = ErlangPid(node: node, id: 0, serial: 0, creation: creation)
        repeat {
            nextPid += 1
            if nextPid > 0x7FFF {
                nextPid = 1
                pidSerial = (pidSerial + 1) & 0x1FFF
            }
            pid = ErlangPid(node: node, id: nextPid, serial: pidSerial, creation: creation)
        } while processes[pid] != nil
        return pid
    }
}

/// Work to do once the node's lock is released.
struct Effects {
    private var actions: [@Sendable () -> Void] = []
    mutating func add(_ action: @escaping @Sendable () -> Void) { actions.append(action) }
    mutating func add(_ other: Effects) { actions += other.actions }
    func run() { for action in actions { action() } }
}

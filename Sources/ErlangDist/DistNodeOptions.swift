import Foundation

/// How a ``DistNode`` runs: where EPMD is, how long silence may last, what it accepts.
public struct DistNodeOptions: Sendable {
    /// The EPMD port: `ERL_EPMD_PORT`, else 4369. Served by the node when nobody listens there.
    public var epmdPort: UInt16 = EPMDClient.defaultPort
    /// The port to accept distribution connections on; 0 lets the kernel choose.
    public var listenPort: UInt16 = 0
    /// Erlang's `net_ticktime`: a tick goes out after a quarter of it without writes, and a peer
    /// silent for all of it is dropped. Every node of a cluster should use the same value.
    public var tickTime: Duration = .seconds(60)
    /// The largest frame accepted; a longer one closes its connection before any allocation.
    public var maxFrameLength: Int = Frame.defaultMaxLength
    /// The most bytes queued for one peer before it is dropped as too slow.
    public var maxQueuedBytes: Int = 256 << 20
    /// How long a handshake may take, start to finish.
    public var handshakeTimeout: Duration = .seconds(10)
    /// How long EPMD look-ups and TCP connects may take.
    public var connectTimeout: Duration = .seconds(5)
    /// How often to look for nodes to dial (EPMD NAMES on the known hosts); nil: only on nodeup.
    public var meshInterval: Duration? = .seconds(10)
    /// Dial every node learned of (EPMD NAMES, peers' `nodes()`), as Erlang's global does.
    public var fullMesh = true
    /// Hosts to look for nodes on besides this node's own and its peers'.
    public var knownHosts: [String] = []
    /// Where log lines go; by default standard error.
    public var log: @Sendable (String) -> Void = { line in
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// The defaults above. O(size of the environment): the default `epmdPort` reads
    /// `ERL_EPMD_PORT` from it.
    public init() {}
}

/// A change in the set of connected nodes (Erlang's `nodeup` / `nodedown`).
public enum NodeEvent: Sendable, Equatable {
    case up(String)
    case down(String, reason: String)
}

/// Why a ``DistNode`` refused a request.
public enum DistNodeError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidName(String)
    case nameTaken(String)
    case notAProcess(ErlangPid)
    case stopped
    /// A call got no reply within its timeout.
    case timeout
    /// A call's target ended, or was unreachable, before replying (the DOWN reason).
    case callFailed(Term)

    public var description: String {
        switch self {
        case .invalidName(let name): "\(name) is not a node name of the form alive@host"
        case .nameTaken(let name): "the name \(name) is already registered"
        case .notAProcess(let pid): "\(Term.pid(pid).brief) is not a live process of this node"
        case .stopped: "the node has stopped"
        case .timeout: "no reply within the timeout"
        case .callFailed(let reason): "the call failed: \(reason.brief)"
        }
    }
}

/// What travels between nodes, and the interface every transport implements.
///
/// Everything above this file speaks in ``Message`` values: a call, its reply, a cast, a monitor
/// request, a DOWN notification, an exit signal. Arguments and results inside them are opaque
/// ``Payload``s made by the transport's ``WireCodec``. So the substrate never assumes a wire
/// format: the simulated network copies messages in memory (with a JSON codec for the payloads),
/// and a real node (the `RealNodes` module) puts the same messages on TCP as distributed Erlang —
/// a call as `gen_server`'s `'$gen_call'`, a monitor as MONITOR_P, payloads in Erlang's external
/// term format.

/// Bytes produced by a ``WireCodec``; only the codec that made them knows what they mean.
public struct Payload: Sendable, Hashable {
    public var bytes: [UInt8]
    /// The payload `bytes`. O(1).
    public init(_ bytes: [UInt8]) { self.bytes = bytes }
}

/// An error thrown by a remote call, as it crosses the network.
///
/// If the error type is `Codable`, the payload holds the error itself and `typeName` its mangled
/// type name, so the caller can rethrow a value of the very same type. Otherwise only the
/// description survives (as ``CallError/remote(_:)``).
public struct ErrorPayload: Sendable, Hashable {
    public var typeName: String?
    public var payload: Payload?
    public var description: String

    /// An error as it travels. O(1).
    public init(typeName: String?, payload: Payload?, description: String) {
        self.typeName = typeName
        self.payload = payload
        self.description = description
    }
}

/// A request to run a distributed function on a process.
public struct CallRequest: Sendable {
    /// Unique per calling node; the reply carries it back.
    public var id: UInt64
    /// The process whose function to run.
    public var target: Pid
    /// The runtime's identifier of the function (a mangled name: nodes must run the same build).
    public var method: String
    public var genericSubstitutions: [String]
    public var arguments: [Payload]
    /// A cast: nobody waits for the reply, so none is sent.
    public var oneWay: Bool

    /// A request to run `method` on `target`. O(1).
    public init(
        id: UInt64, target: Pid, method: String, genericSubstitutions: [String], arguments: [Payload],
        oneWay: Bool
    ) {
        self.id = id
        self.target = target
        self.method = method
        self.genericSubstitutions = genericSubstitutions
        self.arguments = arguments
        self.oneWay = oneWay
    }
}

/// One message between two nodes.
public enum Message: Sendable {
    case call(CallRequest)
    /// The outcome of call `id`: a value (nil for `Void`), or an error.
    case reply(id: UInt64, Result<Payload?, ErrorBox>)
    /// "Tell me when `pid` dies", tagged with the watcher's reference.
    case monitor(ref: MonitorRef, pid: Pid)
    case demonitor(ref: MonitorRef, pid: Pid)
    /// `pid`, which `ref` watched, is gone.
    case down(ref: MonitorRef, pid: Pid, reason: ExitReason)
    /// An exit signal: end `pid` with `reason` (Erlang's `exit(Pid, Reason)` to a remote pid).
    case exit(pid: Pid, reason: ExitReason)

    /// Whether losing this message is a possible outcome on a healthy link.
    ///
    /// Distributed Erlang runs over TCP: on a live connection nothing is lost. Only casts are
    /// lossy here, and only if the simulation is told to lose some (a model of the "fire and
    /// forget" contract); everything else is lost only when its link goes down.
    public var isLossy: Bool {
        if case .call(let request) = self { return request.oneWay }
        return false
    }
}

/// Wraps an ``ErrorPayload`` so it can be the failure of a `Result`.
public struct ErrorBox: Error, Sendable, Hashable {
    public var error: ErrorPayload
    /// Wraps `error`. O(1).
    public init(error: ErrorPayload) { self.error = error }
}

/// Turns values into payloads and back. One codec per transport.
///
/// `node` is the node on whose behalf the codec works: decoding a distributed actor reference
/// needs the receiving actor system, which the codec puts in the decoder's `userInfo`.
public protocol WireCodec: Sendable {
    func encode<Value: Encodable>(_ value: Value, for node: Node) throws -> Payload
    func decode<Value: Decodable>(_ type: Value.Type, from payload: Payload, for node: Node) throws
        -> Value
    /// A short human-readable rendering of a payload, for traces.
    func describe(_ payload: Payload) -> String
}

/// The part of the outside world a node needs: a network, a clock, a place to run work.
///
/// ``Simulation`` provides one per simulated node; a real node (`RealNodes`' `RealNode`) one
/// backed by the distribution layer's sockets, the system clock and a serial queue per node.
/// Keeping this seam narrow is what keeps the node's logic identical in both worlds (the shape
/// of SWIM's pure core and thin shell).
public protocol NodeHost: AnyObject, Sendable {
    /// The codec for payloads on this host's network.
    var codec: any WireCodec { get }
    /// The executor every task of this node should prefer (nil: the default executors).
    var taskExecutor: (any TaskExecutor)? { get }
    /// Time since the host started (virtual in a simulation).
    var now: Duration { get }
    /// Sends `message` from `node` towards `peer`; it may be lost if the link fails.
    func send(_ message: Message, from node: Node, to peer: NodeName)
    /// Runs `action` after `delay`; returns a handle for ``cancelTimer(_:)``.
    func schedule(after delay: Duration, _ action: @escaping @Sendable () -> Void) -> UInt64
    func cancelTimer(_ id: UInt64)
    /// Runs `action` soon, after the work already queued (never synchronously).
    func later(_ action: @escaping @Sendable () -> Void)
    /// A seed for the node's random source.
    func randomSeed(for node: NodeName, creation: UInt32) -> UInt64
    /// Records a line in the host's trace, if it keeps one.
    func note(_ node: NodeName, _ text: String)
    /// Whether the host is being torn down: a sleep that ends now ends with `CancellationError`,
    /// so loops that wait on the clock stop instead of going round again.
    var isStopping: Bool { get }
    /// The serial for a new process of `node`, if the host hands them out (a real node shares its
    /// pid space with the distribution layer's own processes); nil: the node counts 1, 2, 3 ….
    func mintSerial(for node: NodeName) -> UInt64?
}

extension NodeHost {
    public var isStopping: Bool { false }
    /// nil: the node counts its own serials. O(1).
    public func mintSerial(for node: NodeName) -> UInt64? { nil }
}

import Distributed

/// The node as a Swift `DistributedActorSystem`: how distributed actors get pids, find each other
/// and call across nodes.
///
/// The runtime asks the system four things:
/// - ``assignID(_:)``: a new actor is being initialised — give it a pid;
/// - ``actorReady(_:)``: it is initialised — register it (weakly) so calls can find it;
/// - ``resignID(_:)``: it is being deinitialised — it has ended (a `normal` exit);
/// - ``resolve(id:as:)``: here is a pid — is it one of yours? If we return `nil`, the runtime
///   makes a *remote reference* whose calls all go through ``remoteCall(on:target:invocation:throwing:returning:)``.
///   A pid of a live local actor of *another* type throws ``CallError/wrongType(_:actual:expected:)``.
///
/// > Note: A call on a *local* actor never reaches the system: Swift calls the method directly.
/// > So ``Node/exit(_:reason:)`` cannot stop an object that someone still holds; what it ends is
/// > the *pid*: monitors fire, the name is freed, and every call that arrives through the system
/// > (from another node, or through a reference resolved after the exit) gets ``CallError/noproc(_:)``.
extension Node: DistributedActorSystem {
    public typealias ActorID = Pid
    public typealias InvocationEncoder = CallEncoder
    public typealias InvocationDecoder = CallDecoder
    public typealias ResultHandler = CallResultHandler
    public typealias SerializationRequirement = any Codable

    /// The live local actor with `id`, or nil for a remote reference (see above). O(1): one
    /// registry look-up; nothing is sent.
    public func resolve<Act>(id: Pid, as actorType: Act.Type) throws -> Act?
    where Act: DistributedActor, Act.ID == Pid {
        // A live local actor is returned as itself; anything else (remote, or a dead local pid)
        // becomes a remote reference, whose calls then fail cleanly with `noproc`. A live local
        // actor of another type is an error: a reference of the wrong type would run one type's
        // code on another's memory (see `CallTargets`).
        guard let actor = localActor(id) else { return nil }
        guard let typed = actor as? Act else {
            throw CallError.wrongType(id, actual: "\(type(of: actor))", expected: "\(Act.self)")
        }
        return typed
    }

    /// A pid for a new actor: the well-known pid of the name being registered, if free; else the
    /// node's next serial (or the host's). O(1).
    public func assignID<Act>(_ actorType: Act.Type) -> Pid
    where Act: DistributedActor, Act.ID == Pid {
        if let registration = Registration.current {
            let wellKnown = Pid(named: registration.name, on: name)
            let taken = state.withLock { $0.actors[wellKnown]?.actor != nil }
            if !taken { return wellKnown }
            registration.markTaken()
        }
        if let serial = host.mintSerial(for: name) { return Pid(node: name, creation: creation, serial: serial) }
        let serial = state.withLock { s -> UInt64 in
            s.nextSerial += 1
            return s.nextSerial
        }
        return Pid(node: name, creation: creation, serial: serial)
    }

    /// Registers the new actor, weakly, so calls can find it. O(1) amortised.
    public func actorReady<Act>(_ actor: Act) where Act: DistributedActor, Act.ID == Pid {
        state.withLock { s in
            // An actor made on a crashed node is dead at birth: it is never registered.
            guard s.alive else { return }
            s.actors[actor.id] = WeakActor(actor: actor)
        }
    }

    /// The actor with `id` is being deinitialised: it ended, `normal`.
    /// - Complexity: as ``Node/exit(_:reason:)`` for a local pid: one DOWN per monitor on it (a
    ///   `down` message to each remote watcher), and its own monitors and tables released.
    public func resignID(_ id: Pid) {
        // Called from the actor's deinit: the process has finished, which Erlang calls `normal`.
        processEnded(id, reason: .normal, onlyIfReleased: true)
    }

    /// An empty encoder for one call's arguments. O(1).
    public func makeInvocationEncoder() -> CallEncoder { CallEncoder(node: self) }

    /// Sends a call to a remote actor and waits for its result.
    /// - Complexity: a message each way (the request and its reply); encoding the arguments and
    ///   decoding the result, O(their size). The wait ends at the reply, the call's timeout, or
    ///   the loss of the connection.
    public func remoteCall<Act, Err, Res>(
        on actor: Act,
        target: RemoteCallTarget,
        invocation: inout CallEncoder,
        throwing: Err.Type,
        returning: Res.Type
    ) async throws -> Res
    where Act: DistributedActor, Act.ID == Pid, Err: Error, Res: Codable {
        if CallOptions.current.oneWay { throw CallError.notACast(CallNames.short(target)) }
        let payload = try await call(actor.id, target, invocation, oneWay: false)
        guard let payload else { throw CallError.badReply("no value for \(CallNames.short(target))") }
        do {
            return try host.codec.decode(Res.self, from: payload, for: self)
        } catch {
            throw CallError.badReply("cannot decode the result of \(CallNames.short(target)): \(error)")
        }
    }

    /// Sends a call with no result to a remote actor and waits for its `ok`; inside a cast, sends
    /// it and returns at once.
    /// - Complexity: a message each way, or one message for a cast; encoding the arguments,
    ///   O(their size).
    public func remoteCallVoid<Act, Err>(
        on actor: Act,
        target: RemoteCallTarget,
        invocation: inout CallEncoder,
        throwing: Err.Type
    ) async throws
    where Act: DistributedActor, Act.ID == Pid, Err: Error {
        _ = try await call(actor.id, target, invocation, oneWay: CallOptions.current.oneWay)
    }
}

/// A pending well-known-name registration, visible to ``Node/assignID(_:)`` while the actor is
/// initialised inside ``Node/register(_:_:)``.
final class Registration: Sendable {
    let name: String
    private let taken = Mutex(false)
    init(name: String) { self.name = name }
    var wasTaken: Bool { taken.withLock { $0 } }
    func markTaken() { taken.withLock { $0 = true } }
    @TaskLocal static var current: Registration?
}

import Synchronization

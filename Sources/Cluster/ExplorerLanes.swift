import Synchronization

/// Explorer mode of the simulated network: messages take no delay but wait in per-link FIFO
/// lanes, and whenever nothing else can run, a chooser picks what happens next.
///
/// In the seeded mode a message draws a delay and becomes a timer; here it joins the lane of its
/// direction (`a → b`) and waits. When the scheduler has no ready work it asks these lanes
/// (``whenIdle(now:timerDue:)``), which build the options — every lane's head, oldest first, the
/// next timer if no message is in flight (or if the scenario lets timers race), then the faults
/// still offered — and ask the chooser for one. So virtual time stands still while anything is in
/// flight, and a run is fully described by the choices made at the points with more than one
/// option.
///
/// The lanes also keep what makes a state recognisable: a hash chain, per node, of the inputs it
/// received in order (messages, connections up and down), plus the timers fired. Nodes share no
/// memory and run deterministically, so equal input histories mean equal nodes.
final class ExplorerLanes: IdleChooser, @unchecked Sendable {
    /// How the explorer picks: given the choice point, an option's index and an optional remark
    /// for the trace; nil halts the run.
    typealias Chooser = @Sendable (ChoicePoint) -> (index: Int, remark: String?)?

    fileprivate struct InFlight {
        let seq: UInt64
        let lane: Lane
        let message: Message
        let digest: Int
        let deliver: @Sendable () -> Void
    }

    fileprivate struct Offered {
        let label: String
        let apply: @Sendable () -> Void
    }

    fileprivate struct State {
        var lanes: [Lane: [InFlight]] = [:]
        var seq: UInt64 = 0
        var faults: [Offered] = []
        var chooser: Chooser?
        var timersRace = false
        var halted = false
        var closed = false
        var branchPoints = 0
        var inputs: [NodeName: Int] = [:]
        var timers = 0
    }

    private let state = Mutex(State())
    private let trace: Trace

    init(trace: Trace) { self.trace = trace }

    // MARK: What the network tells the lanes

    /// A message leaves: it waits at the back of its lane. O(1).
    func push(_ message: Message, on lane: Lane, deliver: @escaping @Sendable () -> Void) {
        var hasher = Hasher()
        hasher.combine(lane.from)
        message.combine(into: &hasher)
        let digest = hasher.finalize()
        state.withLock { s in
            s.seq += 1
            s.lanes[lane, default: []].append(
                InFlight(seq: s.seq, lane: lane, message: message, digest: digest, deliver: deliver))
        }
    }

    /// The link a–b went down: what was in flight on it, both ways, is lost. Returns it, oldest first.
    func drop(_ link: Link) -> [(Lane, Message)] {
        state.withLock { s in
            let lanes = [Lane(from: link.low, to: link.high), Lane(from: link.high, to: link.low)]
            let lost = lanes.flatMap { s.lanes.removeValue(forKey: $0) ?? [] }.sorted { $0.seq < $1.seq }
            return lost.map { ($0.lane, $0.message) }
        }
    }

    /// `node` received an input (a message's digest, or a connection event): it joins the node's
    /// hash chain. O(1).
    func input(_ node: NodeName, _ digest: Int) {
        state.withLock { s in
            var hasher = Hasher()
            hasher.combine(s.inputs[node] ?? 0)
            hasher.combine(digest)
            s.inputs[node] = hasher.finalize()
        }
    }

    /// A digest of an event that is not a message, for ``input(_:_:)``.
    static func digest(_ parts: String...) -> Int {
        var hasher = Hasher()
        for part in parts { hasher.combine(part) }
        return hasher.finalize()
    }

    func timerFired(now: Duration) {
        state.withLock { s in
            s.timers += 1
            s.inputs["⏱"] = Self.digest("\(s.timers)", "\(now)")
        }
    }

    // MARK: What the explorer tells the lanes

    /// Starts choosing with `chooser` and offers `faults` (label and action), from now on.
    func explore(
        with chooser: @escaping Chooser, faults: [(String, @Sendable () -> Void)], timersRace: Bool
    ) {
        state.withLock { s in
            s.chooser = chooser
            s.faults = faults.map { Offered(label: $0.0, apply: $0.1) }
            s.timersRace = timersRace
        }
    }

    /// Whether the chooser halted the run.
    var isHalted: Bool { state.withLock { $0.halted } }

    /// Stops choosing and forgets everything in flight and offered (the simulation is ending):
    /// released outside the lock, since closures may hold nodes.
    func close() {
        let dropped = state.withLock { s in
            defer {
                s.lanes = [:]
                s.faults = []
                s.chooser = nil
                s.closed = true
            }
            return (s.lanes, s.faults, s.chooser)
        }
        withExtendedLifetime(dropped) {}
    }

    // MARK: Choosing

    func whenIdle(now: Duration, timerDue: Bool) -> IdleDecision? {
        if state.withLock({ $0.halted && !$0.closed }) { return .halt }
        let (point, chooser) = state.withLock { s -> (ChoicePoint?, Chooser?) in
            guard !s.closed else { return (nil, nil) }
            let heads = s.lanes.values.compactMap(\.first).sorted { $0.seq < $1.seq }
            var options = heads.map {
                ExplorerOption(kind: .deliver(from: $0.lane.from, to: $0.lane.to), message: $0.message)
            }
            if timerDue, heads.isEmpty || s.timersRace { options.append(ExplorerOption(kind: .timer, message: nil)) }
            if s.chooser != nil { options += s.faults.map { ExplorerOption(kind: .fault($0.label), message: nil) } }
            guard !options.isEmpty else { return (nil, nil) }
            let forced = options.count == 1 || s.chooser == nil
            guard !forced else { return (ChoicePoint(step: -1, options: options, fingerprint: 0), nil) }
            s.branchPoints += 1
            return (ChoicePoint(step: s.branchPoints - 1, options: options, fingerprint: s.fingerprint), s.chooser)
        }
        guard let point else { return nil }
        var index = 0
        if let chooser {
            guard let picked = chooser(point) else {
                state.withLock { $0.halted = true }
                return .halt
            }
            index = picked.index
            if let remark = picked.remark {
                trace.mark(.remark, remark, at: NodeClock.Instant(offset: now).microseconds)
            }
        }
        return take(point.options[index])
    }

    /// Removes the chosen option from the lanes (or the offered faults) and says what to run.
    private func take(_ option: ExplorerOption) -> IdleDecision? {
        switch option.kind {
        case .timer: return .fireTimer
        case .deliver(let from, let to):
            let head = state.withLock { s in
                let lane = Lane(from: from, to: to)
                let head = s.lanes[lane]?.removeFirst()
                if s.lanes[lane]?.isEmpty == true { s.lanes[lane] = nil }
                return head
            }
            return head.map { .run($0.deliver) }
        case .fault(let label):
            let fault = state.withLock { s -> Offered? in
                guard let index = s.faults.firstIndex(where: { $0.label == label }) else { return nil }
                return s.faults.remove(at: index)
            }
            return fault.map { .run($0.apply) }
        }
    }
}

extension ExplorerLanes.State {
    /// Every node's input chain, the messages in flight in send order, and the faults offered. O(nodes + in flight).
    fileprivate var fingerprint: Int {
        var hasher = Hasher()
        for name in inputs.keys.sorted() {
            hasher.combine(name)
            hasher.combine(inputs[name])
        }
        for message in lanes.values.flatMap({ $0 }).sorted(by: { $0.seq < $1.seq }) { hasher.combine(message.digest) }
        for fault in faults { hasher.combine(fault.label) }
        return hasher.finalize()
    }
}

extension Message {
    /// Hashes everything the message carries (within one process; see ``ExplorerLanes``).
    func combine(into hasher: inout Hasher) {
        switch self {
        case .call(let r):
            hasher.combine(0)
            hasher.combine(r.id)
            hasher.combine(r.target)
            hasher.combine(r.method)
            hasher.combine(r.genericSubstitutions)
            hasher.combine(r.arguments)
            hasher.combine(r.oneWay)
        case .reply(let id, let result):
            hasher.combine(1)
            hasher.combine(id)
            switch result {
            case .success(let payload): hasher.combine(payload)
            case .failure(let box): hasher.combine(box)
            }
        case .monitor(let ref, let pid): hasher.combine(2); hasher.combine(ref); hasher.combine(pid)
        case .demonitor(let ref, let pid): hasher.combine(3); hasher.combine(ref); hasher.combine(pid)
        case .down(let ref, let pid, let reason):
            hasher.combine(4); hasher.combine(ref); hasher.combine(pid); hasher.combine(reason)
        case .exit(let pid, let reason): hasher.combine(5); hasher.combine(pid); hasher.combine(reason)
        }
    }
}

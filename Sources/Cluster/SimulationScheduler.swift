import Synchronization

/// The heart of determinism: one executor per simulation, driven by one thread, with virtual time.
///
/// Every task the simulation starts carries this executor as its *task executor preference*
/// (`Node.spawn(_:)`), and so do their structured children; default actors called from such a
/// task run their jobs here too. The scheduler keeps
/// - a FIFO of ready work (async jobs and plain actions), and
/// - a min-heap of timers ordered by (virtual time, sequence number).
///
/// ``drive(until:deadline:budget:)`` runs ready work first, in FIFO order; when nothing is ready it jumps
/// virtual time to the earliest timer. Nothing here reads the wall clock, so one seed always
/// gives one run — the order of every job is a function of the seed alone.
///
/// Invariant: only the driving thread runs work; `enqueue` may be called from any thread (a test
/// that starts a task between two runs, say), hence the lock.
final class SimulationScheduler: TaskExecutor, @unchecked Sendable {
    /// A unit of ready work.
    enum Work {
        case job(UnownedJob)
        case action(@Sendable () -> Void)
    }

    /// A timer handle; cancelling a timer that already fired does nothing.
    struct TimerID: Hashable, Sendable { let raw: UInt64 }

    fileprivate struct Timer: Comparable {
        let due: Duration
        let seq: UInt64
        let action: @Sendable () -> Void
        static func < (l: Timer, r: Timer) -> Bool { (l.due, l.seq) < (r.due, r.seq) }
        static func == (l: Timer, r: Timer) -> Bool { l.seq == r.seq }
    }

    fileprivate struct State {
        /// Ready work from `head` on; a slot is emptied when its work is taken, so a spent closure
        /// (and whatever it holds — a node, an actor) is released at once, not at compaction.
        var ready: [Work?] = []
        var head = 0
        var timers = MinHeap<Timer>()
        var cancelled: Set<UInt64> = []
        var now: Duration = .zero
        var seq: UInt64 = 0
        var escapedJobs = 0
        var jobsRun = 0
        var driving = false
        var stopping = false
    }

    private let state = Mutex(State())
    /// Explorer mode: asked what to do whenever no work is ready, before any timer fires (nil: the
    /// seeded mode, where the next timer simply fires).
    private let idle: (any IdleChooser)?

    init(idle: (any IdleChooser)? = nil) { self.idle = idle }

    /// The current virtual time, measured from the start of the simulation.
    var now: Duration { state.withLock { $0.now } }

    /// How many jobs reached the global executor and were caught and run here instead.
    var escapedJobs: Int { state.withLock { $0.escapedJobs } }

    /// How many jobs and actions have run so far.
    var workDone: Int { state.withLock { $0.jobsRun } }

    /// Whether ``shutDown(budget:)`` has begun: sleeps wake with `CancellationError`.
    var isStopping: Bool { state.withLock { $0.stopping } }

    func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        state.withLock { $0.ready.append(.job(unowned)) }
    }

    /// Adds an action to the back of the ready queue.
    func enqueue(_ action: @escaping @Sendable () -> Void) {
        state.withLock { $0.ready.append(.action(action)) }
    }

    /// A job that escaped to the global executor, caught by the global-enqueue hook.
    func enqueueEscaped(_ job: UnownedJob) {
        state.withLock {
            $0.escapedJobs += 1
            $0.ready.append(.job(job))
        }
    }

    /// Runs `action` once virtual time reaches `now + delay`. O(log timers).
    @discardableResult
    func schedule(after delay: Duration, _ action: @escaping @Sendable () -> Void) -> TimerID {
        state.withLock {
            $0.seq += 1
            $0.timers.insert(Timer(due: $0.now + max(delay, .zero), seq: $0.seq, action: action))
            return TimerID(raw: $0.seq)
        }
    }

    /// Runs `action` at virtual time `due` (or now, if that has passed).
    @discardableResult
    func schedule(at due: Duration, _ action: @escaping @Sendable () -> Void) -> TimerID {
        state.withLock {
            $0.seq += 1
            $0.timers.insert(Timer(due: max(due, $0.now), seq: $0.seq, action: action))
            return TimerID(raw: $0.seq)
        }
    }

    /// Cancels a timer. A cancelled timer never fires and never moves the clock.
    func cancel(_ timer: TimerID) {
        state.withLock { _ = $0.cancelled.insert(timer.raw) }
    }

    /// Why ``drive(until:deadline:budget:)`` returned.
    enum Stop: Equatable {
        /// The stop condition became true.
        case done
        /// No ready work and no timers: nothing can ever happen again without outside help.
        case idle
        /// The next timer lies beyond the deadline; the clock now reads the deadline.
        case deadline
    }

    /// Runs work on the calling thread until `stop()` holds, the system is idle, or the next timer
    /// lies beyond `deadline`. Only one thread may drive at a time.
    func drive(until stop: () -> Bool, deadline: Duration? = nil, budget: Int = .max) -> Stop {
        let outer = DriverThreads.enter(self)
        defer { DriverThreads.leave(restoring: outer) }
        var left = budget
        while true {
            if stop() { return .done }
            left -= 1
            if left < 0 { return .idle }
            let work: Work?
            if let idle {
                switch nextExploring(idle, deadline: deadline) {
                case .work(let found): work = found
                case .halt: return .idle
                }
            } else {
                work = next(deadline: deadline)
            }
            switch work {
            case .job(let job)?:
                job.runSynchronously(on: asUnownedTaskExecutor())
            case .action(let action)?:
                action()
            case nil:
                guard let deadline else { return .idle }
                state.withLock { $0.now = max($0.now, deadline) }
                return .deadline
            }
        }
    }

    /// Ends the simulation's work so that nothing it started stays alive: the caller has halted
    /// every node (pending calls failed, event streams finished). Runs what is ready and fires the
    /// remaining timers with ``isStopping`` set — so every sleep wakes with `CancellationError`
    /// and the loops waiting on one end — for at most `budget` pieces of work, then drops
    /// whatever is left. Runs on the calling thread.
    func shutDown(budget: Int = 1_000_000) {
        state.withLock { $0.stopping = true }
        _ = drive(until: { false }, deadline: nil, budget: budget)
        let dropped = state.withLock { s -> ([Work?], MinHeap<Timer>) in
            defer {
                s.ready = []
                s.head = 0
                s.timers = MinHeap()
                s.cancelled = []
            }
            return (s.ready, s.timers)
        }
        withExtendedLifetime(dropped) {}  // released outside the lock: closures may hold nodes
    }

    /// The next piece of work: ready work first; else the earliest live timer, if due by `deadline`.
    private func next(deadline: Duration?) -> Work? {
        state.withLock { s in s.takeReady() ?? s.takeTimer(deadline: deadline) }
    }

    /// What explorer mode does next.
    private enum Exploring {
        case work(Work?)
        case halt
    }

    /// Explorer mode's next piece of work: ready work first; else whatever `idle` chooses — a
    /// message, a fault, or the next timer (which it is told about); else the next timer.
    private func nextExploring(_ idle: any IdleChooser, deadline: Duration?) -> Exploring {
        let (ready, now, timerDue) = state.withLock { s in
            (s.takeReady(), s.now, s.hasLiveTimer(dueBy: deadline))
        }
        if let ready { return .work(ready) }
        switch idle.whenIdle(now: now, timerDue: timerDue) {
        case .run(let action):
            state.withLock { $0.jobsRun += 1 }
            return .work(.action(action))
        case .halt: return .halt
        case .fireTimer, nil:
            let timer = state.withLock { $0.takeTimer(deadline: deadline) }
            if timer != nil { idle.timerFired(now: self.now) }
            return .work(timer)
        }
    }
}

extension SimulationScheduler.State {
    /// Takes the ready work at the head of the queue, if any.
    fileprivate mutating func takeReady() -> SimulationScheduler.Work? {
        guard head < ready.count else { return nil }
        let work = ready[head].take()
        head += 1
        if head > 1024, head * 2 > ready.count {
            ready.removeFirst(head)
            head = 0
        }
        jobsRun += 1
        return work
    }

    /// Takes the earliest live timer, if it is due by `deadline`, and moves the clock to it.
    fileprivate mutating func takeTimer(deadline: Duration?) -> SimulationScheduler.Work? {
        guard hasLiveTimer(dueBy: deadline), let timer = timers.removeMin() else { return nil }
        now = max(now, timer.due)
        jobsRun += 1
        return .action(timer.action)
    }

    /// Whether a timer that was not cancelled is due by `deadline` (drops cancelled ones on top).
    fileprivate mutating func hasLiveTimer(dueBy deadline: Duration?) -> Bool {
        while let timer = timers.min {
            if cancelled.remove(timer.seq) != nil {
                timers.removeMin()
                continue
            }
            return deadline.map { timer.due <= $0 } ?? true
        }
        return false
    }
}

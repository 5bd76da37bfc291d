import Cluster
import GlobalLock
import GlobalLockExercises
import GlobalLockTestKit
import TestKit
import Testing

/// The checks of exercise 4.3, for any implementation of `transWithin`: the real tests give them
/// the reader's, the planted tests one that does not lock, or gives up at once.
enum DeadlineCheck {
    typealias Within =
        @Sendable (Duration, String, Pid, Node, @escaping @Sendable () async throws -> Int) async throws -> Int
    static let file = "Exercises/04-GlobalLock/Deadline.swift"
    static let resource = "pg2:lobby"

    /// A cluster a, b, c with a requester on a, and a rival on b that holds the lobby's lock on b
    /// and c (not on a, so each of the requester's attempts is a call to b and c, in the trace).
    struct Setup {
        let sim: Simulation
        let nodes: [Node]
        let requester: ProcessActor
        let rival: ProcessActor
        var rivalID: LockID { LockID(resource: resource, requester: rival.id) }
        var a: Node { nodes[0] }

        init(seed: UInt64, rivalHolds: Bool) async throws {
            sim = simulation(seed: seed, test: "DeadlineTests")
            nodes = try sim.lockCluster(["a", "b", "c"])
            requester = nodes[0].spawnProcess()
            rival = nodes[1].spawnProcess()
            guard rivalHolds else { return }
            let (id, holder) = (LockID(resource: resource, requester: rival.id), rival.id)
            let held = Array(nodes.dropFirst())
            try await sim.run {
                for node in held { _ = try await LockServer.ensureStarted(on: node).setLock(id, holder: holder) }
            }
        }

        /// The rival lets go on b and c at `time` after the start of the simulation.
        func rivalReleases(at time: Duration) {
            let (id, holder) = (rivalID, rival.id)
            for node in nodes.dropFirst() {
                node.spawn {
                    try await node.clock.sleep(until: NodeClock.Instant(offset: time))
                    try await LockServer.ensureStarted(on: node).deleteLock(id, holder: holder)
                }
            }
        }

        /// How many attempts the requester made: its calls of `setLock` to b.
        var attempts: Int {
            sim.trace.lines.filter { $0.contains(" a -> b call ") && $0.contains("LockServer.setLock") }.count
        }
    }

    /// What one call of `transWithin` did.
    struct Outcome {
        var result: Int?
        var aborted: LockError?
        var bodyStarted: Duration?
        var heldDuringBody: [NodeName: Pid] = [:]
        var ended: Duration = .zero
    }

    /// Calls `within` from a for the requester, with a body that records when it started and who
    /// held the lock then, and returns 42; drives the simulation until 30 s past the deadline.
    /// A `LockError` is part of the outcome; any other error (a `TODO`) propagates; `nil` means
    /// the call was still waiting then.
    static func call(_ within: @escaping Within, _ limit: Duration, in setup: Setup) async throws -> Outcome? {
        let (a, nodes, requester, sim) = (setup.a, setup.nodes, setup.requester.id, setup.sim)
        let outcome = Box<Result<Outcome, any Error>?>(nil)
        a.spawn {
            var seen = Outcome()
            let started = Box<Duration?>(nil), held = Box<[NodeName: Pid]>([:])
            do {
                seen.result = try await within(limit, resource, requester, a) {
                    started.set(sim.now)
                    held.set(try await holders(of: resource, on: nodes))
                    return 42
                }
            } catch let error as LockError {
                seen.aborted = error
            } catch {
                outcome.set(.failure(error))
                return
            }
            seen.bodyStarted = started.get
            seen.heldDuringBody = held.get
            seen.ended = sim.now
            outcome.set(.success(seen))
        }
        try await sim.run(for: limit + .seconds(30))
        return try outcome.get?.get()
    }

    /// `text`, with the seed line and the file to edit.
    static func problem(_ text: String, _ note: String) -> String { "\(text) — \(note) — edit \(file)" }

    /// The problem of a call that never returned.
    static func stillWaiting(_ limit: Duration, _ note: String) -> [String] {
        [
            problem(
                "expected transWithin to return or throw by its deadline (\(limit)), got it still waiting 30 s later",
                note)
        ]
    }

    /// Problems with what is still locked: only the rival (if it still holds) may hold anything.
    static func leftovers(_ setup: Setup, rivalStillHolds: Bool, _ note: String) async throws -> [String] {
        let nodes = setup.nodes
        let seen = try await setup.sim.run { try await holders(of: resource, on: nodes) }
        let expected: [NodeName: Pid] = rivalStillHolds ? ["b": setup.rival.id, "c": setup.rival.id] : [:]
        guard seen != expected else { return [] }
        return [problem("expected the lobby's lock to be held by \(expected) afterwards, got \(seen)", note)]
    }

    static func freeResource(_ within: @escaping Within) async throws -> [String] {
        let setup = try await Setup(seed: 4301, rivalHolds: false)
        let note = setup.sim.seedNote
        guard let outcome = try await call(within, .seconds(2), in: setup) else {
            return stillWaiting(.seconds(2), note)
        }
        var problems: [String] = []
        if outcome.result != 42 {
            let got = outcome.result.map(String.init) ?? "no result"
            problems.append(problem("expected the body's result, 42, got \(got)", note))
        }
        let everywhere: [NodeName: Pid] = ["a": setup.requester.id, "b": setup.requester.id, "c": setup.requester.id]
        if outcome.bodyStarted != nil, outcome.heldDuringBody != everywhere {
            problems.append(
                problem(
                    "expected the lock held for the requester on a, b and c while the body ran, "
                        + "got \(outcome.heldDuringBody)", note))
        }
        return problems + (try await leftovers(setup, rivalStillHolds: false, note))
    }

    static func heldForEver(_ within: @escaping Within) async throws -> [String] {
        let setup = try await Setup(seed: 4302, rivalHolds: true)
        let note = setup.sim.seedNote
        guard let outcome = try await call(within, .seconds(2), in: setup) else {
            return stillWaiting(.seconds(2), note)
        }
        var problems: [String] = []
        let aborted = LockError.aborted(LockID(resource: resource, requester: setup.requester.id))
        if outcome.aborted != aborted {
            let got = outcome.aborted.map { "\($0)" } ?? "the body run with result \(outcome.result ?? 0)"
            problems.append(problem("expected \(aborted), got \(got)", note))
        }
        if outcome.bodyStarted != nil {
            problems.append(problem("expected the body not to run, got it run while the rival held the lock", note))
        }
        if outcome.ended < .seconds(2) || outcome.ended > .milliseconds(2050) {
            problems.append(
                problem(
                    "expected to give up at the deadline, 2 s after the call (sleeping on node.clock), "
                        + "got \(outcome.ended)", note))
        }
        if !(3...15).contains(setup.attempts) {
            problems.append(
                problem(
                    "expected a handful of attempts in 2 s with global's backoff "
                        + "(sleep 1…Tmax ms, Tmax 250 doubling), "
                        + "got \(setup.attempts)", note))
        }
        return problems + (try await leftovers(setup, rivalStillHolds: true, note))
    }

    static func freedBeforeTheDeadline(_ within: @escaping Within) async throws -> [String] {
        let setup = try await Setup(seed: 4303, rivalHolds: true)
        let note = setup.sim.seedNote
        setup.rivalReleases(at: .milliseconds(600))
        guard let outcome = try await call(within, .seconds(5), in: setup) else {
            return stillWaiting(.seconds(5), note)
        }
        var problems: [String] = []
        if outcome.result != 42 {
            let got = outcome.aborted.map { "\($0)" } ?? "no result"
            problems.append(
                problem("expected the lock once the rival let go at 600 ms, and the body's 42, got \(got)", note))
        }
        if let started = outcome.bodyStarted, started < .milliseconds(600) {
            problems.append(
                problem(
                    "expected the body to start after the rival let go at 600 ms, got it started at \(started)", note))
        }
        return problems + (try await leftovers(setup, rivalStillHolds: false, note))
    }

    static func freedJustBeforeTheDeadline(_ within: @escaping Within) async throws -> [String] {
        var problems: [String] = []
        for seed in seeds([4304, 4305, 4306, 4307]) {
            let setup = try await Setup(seed: seed, rivalHolds: true)
            setup.rivalReleases(at: .milliseconds(1950))
            guard let outcome = try await call(within, .seconds(2), in: setup) else {
                problems += stillWaiting(.seconds(2), setup.sim.seedNote)
                continue
            }
            if outcome.result != 42 {
                let got = outcome.aborted.map { "\($0)" } ?? "no result"
                problems.append(
                    problem(
                        "expected a last attempt at the deadline (2 s) to take the lock the rival let go at 1.95 s, "
                            + "got \(got) after \(setup.attempts) attempts", setup.sim.seedNote))
            }
        }
        return problems
    }

    struct Boom: Error {}

    static func bodyThrows(_ within: @escaping Within) async throws -> [String] {
        let setup = try await Setup(seed: 4308, rivalHolds: false)
        let (a, requester, sim) = (setup.a, setup.requester.id, setup.sim)
        let note = sim.seedNote
        let rethrown = try await sim.run {
            do {
                _ = try await within(.seconds(2), resource, requester, a) { throw Boom() }
                return false
            } catch is Boom {
                return true
            }
        }
        let problems = rethrown ? [] : [problem("expected the body's error to reach the caller, got a result", note)]
        return problems + (try await leftovers(setup, rivalStillHolds: false, note))
    }

    static func zeroLimit(_ within: @escaping Within) async throws -> [String] {
        let setup = try await Setup(seed: 4309, rivalHolds: true)
        let note = setup.sim.seedNote
        guard let outcome = try await call(within, .zero, in: setup) else { return stillWaiting(.zero, note) }
        var problems: [String] = []
        if outcome.aborted == nil {
            let got = outcome.result.map { "the result \($0)" } ?? "no error"
            problems.append(problem("expected aborted at once with no time to wait, got \(got)", note))
        }
        if setup.attempts != 1 || outcome.ended > .milliseconds(20) {
            problems.append(
                problem(
                    "expected exactly one attempt with a zero limit, got \(setup.attempts) ending at \(outcome.ended)",
                    note))
        }
        return problems + (try await leftovers(setup, rivalStillHolds: true, note))
    }
}

/// Exercise 4.3 — edit Exercises/04-GlobalLock/Deadline.swift
@Suite("Exercise 4.3 — Giving up in time") struct DeadlineTests {
    static let yours: DeadlineCheck.Within = { limit, resource, requester, node, body in
        try await transWithin(limit, resource, requester: requester, from: node, body)
    }

    @Test("a free lock is held on every node during the body and free after it")
    func aFreeLockIsTaken() async throws { expectNoProblems(try await DeadlineCheck.freeResource(Self.yours)) }

    @Test("a lock held for ever is given up at the deadline, leaving nothing held")
    func aHeldLockIsGivenUp() async throws { expectNoProblems(try await DeadlineCheck.heldForEver(Self.yours)) }

    @Test("a lock freed before the deadline is taken")
    func aFreedLockIsTaken() async throws {
        expectNoProblems(try await DeadlineCheck.freedBeforeTheDeadline(Self.yours))
    }

    @Test("a lock freed just before the deadline is taken by a last attempt at the deadline")
    func theLastAttemptIsAtTheDeadline() async throws {
        expectNoProblems(try await DeadlineCheck.freedJustBeforeTheDeadline(Self.yours))
    }

    @Test("the body's error reaches the caller and the lock is released")
    func aThrowingBodyReleases() async throws { expectNoProblems(try await DeadlineCheck.bodyThrows(Self.yours)) }

    @Test("a zero limit makes exactly one attempt")
    func aZeroLimitTriesOnce() async throws { expectNoProblems(try await DeadlineCheck.zeroLimit(Self.yours)) }
}

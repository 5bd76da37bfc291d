import Cluster
import WorkbookSupport

/// ## Exercise 0.2 — Catch the mutant substrate
///
/// **The situation.** Someone on your team wants to speed up the test suite by replacing the
/// substrate's monitors and clock with "simpler" ones. Their branch passes every test. Does that
/// prove it is right — or only that no test ever asked the questions it gets wrong? A simulation
/// is only as good as the promises its scenarios check, and a scenario that cannot tell a broken
/// substrate from the real one checks nothing.
///
/// **Your task.** Implement ``brokenPromises(of:seed:)`` below: a simulation of your own that
/// drives a ``SubstrateUnderTest`` — monitors and sleeps go through it, everything else (nodes,
/// processes, kills, partitions, virtual time) is the real ``Simulation`` — and returns one line
/// for each promise it sees broken, or an empty list if the subject keeps every promise it
/// checks. Edit only this function.
/// - Make a `Simulation(seed: seed)` with the nodes you need. Monitor with `subject.monitor`,
///   sleep with `subject.sleep`; never with `node.monitor` or `node.clock.sleep` directly, and do
///   not compare the subject with them: check the promises themselves.
/// - The tests plug in the real substrate (``SubstrateUnderTest/real``), which must come out
///   with no broken promise, and several planted mutants, each of which breaks one promise the
///   overview states; your scenario must catch every one. You do not know which promises they
///   break: check each promise a monitor and a clock make.
/// - Keep a process alive while you need it (`withExtendedLifetime(process) { }` after its last
///   use): a process whose last reference goes ends `normal`.
///
/// The promises are in `Sources/Cluster/Substrate.swift` (**Monitors are how anyone learns of
/// death** and **Determinism**) and `Sources/Cluster/Node+Monitors.swift`.
///
/// **Why it matters in pg2.** pg2 trusts its monitors blindly: one DOWN, one `member_died`. A
/// monitor that fired twice would make pg2 leave a group twice for one membership; one that
/// stayed silent on a partition would leave a dead member listed for ever; one that said `noproc`
/// for `noconnection` would hide the partitions that anomalies A1–A4 come from; and a lock's
/// backoff (chapter 4) means nothing on a clock that does not move. The workbook's chapter tests
/// are scenarios like yours: each must fail on a mutant of its chapter.
///
/// **Hints:** `swift run workbook hint 0.2` (three levels).
public func brokenPromises(of subject: SubstrateUnderTest, seed: UInt64) async throws -> [String] {
    // One scenario per promise, each on fresh processes, with the cluster settled (quiescence)
    // before anything is counted: a second DOWN can only be seen by waiting for it.
    let sim = Simulation(seed: seed)
    let a = sim.addNode("a"), b = sim.addNode("b")
    var broken: [String] = []
    let downs = Mailbox<Down>()
    func monitor(_ pid: Pid, from node: Node) { _ = subject.monitor(node, pid) { downs.send($0) } }
    func reasons() async throws -> [ExitReason] {
        try await sim.quiescence()
        return downs.drain().map(\.reason)
    }

    // A killed process: exactly one DOWN, reason killed — locally and across the network.
    let victim = b.spawnProcess()
    monitor(victim.id, from: a)
    monitor(victim.id, from: b)
    try await sim.quiescence()
    sim.kill(victim.id)
    let killed = try await reasons()
    if killed != [.killed, .killed] {
        broken.append("two monitors of a killed process delivered \(killed), not killed once each")
    }

    // A process that finishes: one DOWN, reason normal.
    var finisher: ProcessActor? = b.spawnProcess()
    monitor(finisher!.id, from: a)
    try await sim.quiescence()
    finisher = nil
    let finished = try await reasons()
    if finished != [.normal] { broken.append("a process that finished delivered \(finished), not one normal") }

    // A pid that is already dead: one DOWN, noproc.
    monitor(victim.id, from: a)
    let dead = try await reasons()
    if dead != [.noproc] { broken.append("monitoring a dead pid delivered \(dead), not one noproc") }

    // A lost connection: one DOWN, noconnection — and nothing more when the process dies later.
    let cutOff = b.spawnProcess()
    monitor(cutOff.id, from: a)
    try await sim.quiescence()
    sim.partition(["a"], ["b"])
    let partitioned = try await reasons()
    sim.kill(cutOff.id)
    sim.heal()
    let afterwards = try await reasons()
    if partitioned != [.noconnection] || !afterwards.isEmpty {
        broken.append(
            "a partition delivered \(partitioned), then \(afterwards) after a kill and a heal, "
                + "not one noconnection and nothing more")
    }

    // A crashed node: one DOWN, noconnection.
    let onCrashed = b.spawnProcess()
    monitor(onCrashed.id, from: a)
    try await sim.quiescence()
    sim.crash("b")
    let crashed = try await reasons()
    if crashed != [.noconnection] {
        broken.append("a crash of the process's node delivered \(crashed), not one noconnection")
    }
    withExtendedLifetime(cutOff) {}
    withExtendedLifetime(onCrashed) {}

    // The clock: a sleep of d takes exactly d of virtual time.
    let requested = Duration.milliseconds(1_500)
    let slept = try await sim.run {
        let start = a.clock.now
        try await subject.sleep(a, requested)
        return start.duration(to: a.clock.now)
    }
    if slept != requested { broken.append("a sleep of \(requested) advanced virtual time by \(slept)") }
    return broken
}

/// What a scenario of ``brokenPromises(of:seed:)`` drives: the substrate's monitors and clock,
/// behind a seam that lets the tests plug in the real ones or planted mutants.
public struct SubstrateUnderTest: Sendable {
    /// Monitors `pid` from `node`; `deliver` receives its DOWN. The real one is
    /// `node.monitor(pid, deliver)`.
    public var monitor:
        @Sendable (_ node: Node, _ pid: Pid, _ deliver: @escaping @Sendable (Down) -> Void) -> MonitorRef
    /// Sleeps `duration` on `node`'s clock. The real one is `node.clock.sleep(for: duration)`.
    public var sleep: @Sendable (_ node: Node, _ duration: Duration) async throws -> Void

    public init(
        monitor:
            @escaping @Sendable (_ node: Node, _ pid: Pid, _ deliver: @escaping @Sendable (Down) -> Void) -> MonitorRef,
        sleep: @escaping @Sendable (_ node: Node, _ duration: Duration) async throws -> Void
    ) {
        self.monitor = monitor
        self.sleep = sleep
    }

    /// The substrate as it is.
    public static let real = SubstrateUnderTest(
        monitor: { node, pid, deliver in node.monitor(pid, deliver) },
        sleep: { node, duration in try await node.clock.sleep(for: duration) })
}

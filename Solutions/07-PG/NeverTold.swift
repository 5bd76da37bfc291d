import Cluster
import LocalTable
import PG
import WorkbookSupport

/// ## Exercise 7.2 — Never told
///
/// **The situation.** A multiplayer game runs one pg scope of lobbies across its servers. A new
/// build of the scope server passes every single-node test, but in the staging cluster a server
/// now and then loses all its lobbies at once — its scope has crashed — right after a player's
/// process on *another* server exits or leaves. Three suspect changes went into the build.
///
/// **Your task.** Write ``peersStayHealthy(_:seed:)``: a scenario, in a simulation of your own
/// (`Simulation(seed: seed)`), that drives `pg` and returns true if every scope still runs and
/// every node lists what its connected peers' members really joined, and false otherwise.
/// Edit only this function.
/// - Use `pg` as in exercise 7.1 (start, join, leave, members, groups, isRunning); a process
///   exits when you release your last reference to it, or with `sim.kill(pid)`.
/// - Let everything settle with `try await sim.quiescence()` before you read.
///
/// The tests run your scenario on the workbook's pg, where it must return true, and on three
/// planted builds whose `leave` messages to their peers are wrong, where it must return false.
///
/// **Why it matters in pg.** A scope trusts its peers: a relayed `leave` is applied to the
/// peer's own record of groups, and a group the peer never announced is not in it. pg's
/// `leave_remote` then fails with `{badkey, Group}` and the receiving scope crashes, taking its
/// own members' memberships off every node (rule D7 of Chapters/PGRules.md). A node speaking
/// the protocol must only ever name groups its peer has heard of from it.
///
/// **Hints:** `swift run workbook hint 7.2` (three levels).
public func peersStayHealthy(_ pg: PGSubject, seed: UInt64) async throws -> Bool {
    // Three ways for a leave message to name a group: an exit (all the member's groups), a leave
    // that removed something, a leave that found nothing. Each is set up so that a wrong name is a
    // group b's record of a lacks: "theirs" has only b's member; "left" was emptied on a before
    // p exits; "nowhere" never existed. A peer told of any of them crashes.
    let sim = Simulation(seed: seed)
    let (a, b) = (sim.addNode("a"), sim.addNode("b"))
    var p: ProcessActor? = a.spawnProcess()
    var s: ProcessActor? = a.spawnProcess()
    let (pid, sid) = (p!.id, s!.id)
    let q = b.spawnProcess(), r = a.spawnProcess()
    try await sim.run { for node in [a, b] { try pg.start(node) } }
    try await sim.quiescence()
    try await sim.run {
        try await pg.join("theirs", [q.id], b)
        try await pg.join("left", [pid], a)
        try await pg.join("kept", [pid], a)
        try await pg.join("mine", [sid], a)
        _ = try await pg.leave("left", [pid], a)
        _ = try await pg.leave("nowhere", [r.id], a)
    }
    try await sim.quiescence()
    p = nil
    s = nil
    try await sim.quiescence()
    withExtendedLifetime((q, r)) {}
    let expected: [GroupName: [Pid]] = ["theirs": [q.id]]
    return [a, b].allSatisfy { node in
        pg.isRunning(node) && pg.groups(node) == ["theirs"]
            && Dictionary(uniqueKeysWithValues: pg.groups(node).map { ($0, pg.members($0, node)) }) == expected
    }
}

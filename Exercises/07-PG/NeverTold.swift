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
    // TODO(7.2): make members leave and exit in the ways a leave message can name a group, then look at every node.
    throw TODO("7.2: write a scenario whose leaves would crash a peer of a scope that names unannounced groups")
}

import Cluster
import GlobalLock
import WorkbookSupport

/// What a scenario about lock servers drives: how to start one on a node, and two of its calls.
/// ``global`` is chapter 4's ``GlobalLock/LockServer``; the tests plant others.
public struct LockServers: Sendable {
    /// Starts the node's lock server.
    public var start: @Sendable (_ node: Node) throws -> Void
    /// Asks the lock server on `node` to set `id` for `holder` (its `setLock(_:holder:)`).
    public var setLock: @Sendable (_ id: LockID, _ holder: Pid, _ node: Node) async throws -> Bool
    /// Who holds `resource` on `node`'s lock server, if anyone (its `requester(of:)`).
    public var requester: @Sendable (_ resource: String, _ node: Node) async throws -> Pid?

    public init(
        start: @escaping @Sendable (_ node: Node) throws -> Void,
        setLock: @escaping @Sendable (_ id: LockID, _ holder: Pid, _ node: Node) async throws -> Bool,
        requester: @escaping @Sendable (_ resource: String, _ node: Node) async throws -> Pid?
    ) {
        self.start = start
        self.setLock = setLock
        self.requester = requester
    }

    /// Chapter 4's lock servers.
    public static let global = LockServers(
        start: { _ = try LockServer.ensureStarted(on: $0) },
        setLock: { id, holder, node in try await LockServer.ensureStarted(on: node).setLock(id, holder: holder) },
        requester: { resource, node in try await LockServer.ensureStarted(on: node).requester(of: resource) })
}

/// ## Exercise 4.4 — Does death free the lock?
///
/// **The situation.** A support desk's router locks a team's group to add an agent, and its
/// process dies half-way — or the whole node it runs on is switched off. Nobody will ever release
/// that lock. If the lock servers kept it, every later write to the team's group would retry for
/// ever. Four lock servers are on offer, and only one of them gets this right everywhere; the
/// others free a dead holder's locks only sometimes, or never.
///
/// **Your task.** Write ``deadHoldersLoseTheirLocks(_:seed:)``: a scenario, in a simulation of
/// your own (`Simulation(seed: seed)`), that answers whether the lock servers `servers` free the
/// locks of a holder that is gone — on every node that granted them, whether the holder process
/// died or its whole node was lost. Edit only this function.
/// - Start `servers` on every node, and set and read locks only through `servers`.
/// - Holders are processes (`node.spawnProcess()`); end them with `sim.kill(_:)`, lose a node
///   with `sim.crash(_:)` or `sim.partition(…)`, and let the news arrive with
///   `try await sim.quiescence()` before you look.
///
/// The tests run your scenario against chapter 4's ``GlobalLock/LockServer`` (``LockServers/global``)
/// — it must answer `true` — and against three planted lock servers that each miss some of these
/// deaths, for which it must answer `false`.
///
/// **Why it matters in pg2.** global's server monitors every process it grants a lock to, and its
/// `'DOWN'` clause deletes that pid's locks (`delete_lock`). A monitor of a process on another node
/// fires with `noconnection` when that node is lost, so a lost node's writers go the same way as
/// dead ones. Without it, one crashed pg2 writer would block its group on every node for ever.
///
/// **Hints:** `swift run workbook hint 4.4` (three levels).
public func deadHoldersLoseTheirLocks(_ servers: LockServers, seed: UInt64) async throws -> Bool {
    // TODO(4.4): lock for a holder on several nodes, make it die (and lose a node), then read every server.
    throw TODO("4.4: write a scenario in which a holder dies or its node is lost, and check every lock server")
}

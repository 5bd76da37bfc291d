import Cluster
import Distributed
import GlobalLock
import GlobalLockExercises
import TestKit
import Testing
import WorkbookSupport

/// A planted lock server: grants and refuses as global's does, but misses some deaths. Its flaw
/// is the node's ``PlantedFlawNote``, published before the server starts; otherwise it is built
/// as chapter 4's ``GlobalLock/LockServer`` is — a ``Cluster/NamedServer`` whose monitors are its
/// own and report back to it.
distributed actor PlantedLockServer: NamedServer {
    typealias ActorSystem = Node

    /// Which deaths it misses.
    enum Flaw: Sendable {
        /// It never watches its holders: a lock outlives any holder.
        case neverReleases
        /// It watches only the holders that live on its own node.
        case watchesOnlyItsOwnNode
        /// It ignores a `noconnection` DOWN: a holder on a lost node keeps its locks.
        case ignoresLostNodes
    }

    static let name = "planted_lock_server"

    private let flaw: Flaw
    private var locks: [String: (requester: Pid, holders: [Pid])] = [:]
    private var watched: Set<Pid> = []

    /// Use ``ensureStarted(on:flaw:)``.
    init(actorSystem: Node) {
        self.actorSystem = actorSystem
        flaw = actorSystem.table(PlantedFlawNote.tableName, as: PlantedFlawNote.self)?.flaw ?? .neverReleases
    }

    /// The node's planted server, started with `flaw` if none runs (a running one keeps its own).
    static func ensureStarted(on node: Node, flaw: Flaw) throws -> PlantedLockServer {
        if node.table(PlantedFlawNote.tableName, as: PlantedFlawNote.self) == nil {
            node.publishTable(PlantedFlawNote(flaw), as: PlantedFlawNote.tableName)
        }
        return try ensureStarted(on: node)
    }

    distributed func setLock(_ id: LockID, holder: Pid) -> Bool {
        if let lock = locks[id.resource], lock.requester != id.requester { return false }
        var lock = locks[id.resource] ?? (id.requester, [])
        if !lock.holders.contains(holder) { lock.holders.append(holder) }
        locks[id.resource] = lock
        watch(holder)
        return true
    }

    distributed func requester(of resource: String) -> Pid? { locks[resource]?.requester }

    private func watch(_ holder: Pid) {
        guard !watched.contains(holder) else { return }
        switch flaw {
        case .neverReleases: return
        case .watchesOnlyItsOwnNode where holder.node != actorSystem.name: return
        default: break
        }
        watched.insert(holder)
        actorSystem.monitor(holder, by: self) { server, down in server.holderDied(down) }
    }

    func holderDied(_ down: Down) {
        watched.remove(down.pid)
        if flaw == .ignoresLostNodes, down.reason == .noconnection { return }
        for resource in locks.keys.sorted() {
            locks[resource]!.holders.removeAll { $0 == down.pid }
            if locks[resource]!.holders.isEmpty { locks[resource] = nil }
        }
    }

    /// The planted server as the scenario's ``LockServers``.
    static func servers(_ flaw: Flaw) -> LockServers {
        LockServers(
            start: { _ = try PlantedLockServer.ensureStarted(on: $0, flaw: flaw) },
            setLock: { id, holder, node in
                try await PlantedLockServer.ensureStarted(on: node, flaw: flaw).setLock(id, holder: holder)
            },
            requester: { resource, node in
                try await PlantedLockServer.ensureStarted(on: node, flaw: flaw).requester(of: resource)
            })
    }
}

/// The flaw a node's ``PlantedLockServer`` carries, published on the node before the server starts.
final class PlantedFlawNote: Sendable {
    static let tableName = "planted_lock_flaw"
    let flaw: PlantedLockServer.Flaw
    init(_ flaw: PlantedLockServer.Flaw) { self.flaw = flaw }
}

/// The check of exercise 4.4, for any scenario.
enum DeadHoldersCheck {
    typealias Scenario = @Sendable (LockServers, UInt64) async throws -> Bool
    static let file = "Exercises/04-GlobalLock/DeadHolders.swift"

    static let mutants: [(name: String, servers: LockServers)] = [
        ("lock servers that never free a dead holder's locks", PlantedLockServer.servers(.neverReleases)),
        (
            "lock servers that watch only the holders on their own node",
            PlantedLockServer.servers(.watchesOnlyItsOwnNode)
        ),
        (
            "lock servers that keep the locks of a holder whose node was lost",
            PlantedLockServer.servers(.ignoresLostNodes)
        ),
    ]

    /// The problems of `scenario`: `true` for chapter 4's lock servers, `false` for each mutant
    /// in `catching`, on every seed.
    static func problems(
        _ scenario: @escaping Scenario, catching chosen: [(name: String, servers: LockServers)] = mutants
    ) async throws -> [String] {
        var problems: [String] = []
        for seed in seeds([4401, 4402]) {
            let note = seedNote(seed, suite: "DeadHoldersTests")
            problems += try await ScenarioCheck.problems(
                real: "chapter 4's lock servers", { try await scenario(.global, seed) },
                mutants: chosen.map { mutant in (mutant.name, { try await scenario(mutant.servers, seed) }) },
                file: file
            ).map { "\($0) (\(note))" }
        }
        return problems
    }
}

/// Exercise 4.4 — edit Exercises/04-GlobalLock/DeadHolders.swift
@Suite("Exercise 4.4 — Does death free the lock?") struct DeadHoldersTests {
    static let yours: DeadHoldersCheck.Scenario = { try await deadHoldersLoseTheirLocks($0, seed: $1) }

    @Test("your scenario says chapter 4's lock servers free a dead holder's locks")
    func chaptersServersPass() async throws {
        expectNoProblems(try await DeadHoldersCheck.problems(Self.yours, catching: []))
    }

    @Test("your scenario catches lock servers that never free a dead holder's locks")
    func catchesNeverReleasing() async throws {
        expectNoProblems(try await DeadHoldersCheck.problems(Self.yours, catching: [DeadHoldersCheck.mutants[0]]))
    }

    @Test("your scenario catches lock servers that watch only their own node's holders")
    func catchesOwnNodeOnly() async throws {
        expectNoProblems(try await DeadHoldersCheck.problems(Self.yours, catching: [DeadHoldersCheck.mutants[1]]))
    }

    @Test("your scenario catches lock servers that keep a lost node's locks")
    func catchesLostNodes() async throws {
        expectNoProblems(try await DeadHoldersCheck.problems(Self.yours, catching: [DeadHoldersCheck.mutants[2]]))
    }
}

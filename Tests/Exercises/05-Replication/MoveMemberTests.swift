import Cluster
import GlobalLock
import LocalTable
import Replication
import ReplicationExercises
import ReplicationTestKit
import SingleNodeServer
import TestKit
import Testing

/// The checks of exercise 5.3, for any implementation of `move`.
enum MoveMemberCheck {
    typealias Move = @Sendable (Pid, GroupName, GroupName, Node) async throws -> Void
    static let file = "Exercises/05-Replication/MoveMember.swift"

    /// Three nodes with their servers, `groups` created, and players (living on c) joined to them.
    struct Setup {
        let sim: Simulation
        let nodes: [Node]
        let players: [ProcessActor]

        init(seed: UInt64, groups: [GroupName], joined: [GroupName]) async throws {
            sim = simulation(seed: seed, test: "MoveMemberTests")
            let cluster = [sim.addNode("a"), sim.addNode("b"), sim.addNode("c")]
            nodes = cluster
            players = joined.map { _ in cluster[2].spawnProcess() }
            let pids = players.map(\.id)
            try await sim.run {
                try startServers(on: cluster)
                let pg2 = ReplicatedPG2<PG2Server>(node: cluster[0])
                for group in groups { try await pg2.create(group) }
                for (group, pid) in zip(joined, pids) { try await pg2.join(group, pid) }
            }
        }

        /// Each node's members of `group`, as one line per node that differs from `expected`.
        func differences(_ group: GroupName, expected: [Pid], _ when: String) throws -> [String] {
            try nodes.compactMap { node in
                let members = try ReplicatedPG2<PG2Server>(node: node).members(of: group)
                return members == expected
                    ? nil
                    : "expected \(group) on \(node.name) to be \(expected) \(when), got \(members) — \(sim.seedNote)"
                        + " — edit \(file)"
            }
        }

        /// Every node's table and monitor invariants, as problems.
        func invariantProblems() async throws -> [String] {
            let (nodes, note) = (nodes, sim.seedNote)
            return try await sim.run {
                var problems: [String] = []
                for node in nodes {
                    do {
                        _ = try await PG2Server.ensureStarted(on: node).checkInvariants()
                    } catch {
                        problems.append(
                            "expected node \(node.name)'s table to keep its invariants, got \(error) —"
                                + " \(note) — edit \(file)")
                    }
                }
                return problems
            }
        }

        /// Starts `move` on `node` as a task of its own; the box says how it ended, if it has.
        func start(_ move: @escaping Move, _ pid: Pid, _ source: GroupName, _ target: GroupName, on node: Node)
            -> Box<Result<Void, any Error>?>
        {
            let ended = Box<Result<Void, any Error>?>(nil)
            node.spawn {
                do {
                    try await move(pid, source, target, node)
                    ended.set(.success(()))
                } catch {
                    ended.set(.failure(error))
                }
            }
            return ended
        }
    }

    static func movesEverywhere(_ move: @escaping Move) async throws -> [String] {
        let setup = try await Setup(seed: 5301, groups: ["waiting", "playing"], joined: ["waiting"])
        let (nodes, pid) = (setup.nodes, setup.players[0].id)
        try await setup.sim.run { try await move(pid, "waiting", "playing", nodes[1]) }
        return try setup.differences("waiting", expected: [], "after the move")
            + setup.differences("playing", expected: [pid], "after the move")
            + (try await setup.invariantProblems())
    }

    static func missingGroups(_ move: @escaping Move) async throws -> [String] {
        let setup = try await Setup(seed: 5302, groups: ["waiting"], joined: ["waiting"])
        let (sim, nodes, pid) = (setup.sim, setup.nodes, setup.players[0].id)
        var problems: [String] = []
        for (source, target, missing) in [("waiting", "playing", "playing"), ("lobby", "waiting", "lobby")] {
            let before = sim.trace.lines.count
            let thrown = try await sim.run { () -> PG2Error? in
                do {
                    try await move(pid, source, target, nodes[0])
                    return nil
                } catch let error as PG2Error {
                    return error
                }
            }
            if thrown != .noSuchGroup(missing) {
                problems.append(
                    "expected move from \(source) to \(target) to throw \(PG2Error.noSuchGroup(missing)),"
                        + " got \(thrown.map { "\($0)" } ?? "no error") — \(sim.seedNote) — edit \(file)")
            }
            let sent = sim.lines(since: before)
            if !sent.isEmpty {
                problems.append(
                    "expected no message for a move to or from a missing group, got \(sent.count), the"
                        + " first: \(sent[0]) — \(sim.seedNote) — edit \(file)")
            }
        }
        return problems + (try setup.differences("waiting", expected: [pid], "after two refused moves"))
    }

    static func waitsForBothLocks(_ move: @escaping Move) async throws -> [String] {
        var problems: [String] = []
        for (held, seed) in [("playing", UInt64(5303)), ("waiting", 5304)] {
            let setup = try await Setup(seed: seed, groups: ["waiting", "playing"], joined: ["waiting"])
            let (sim, nodes, pid) = (setup.sim, setup.nodes, setup.players[0].id)
            let rival = nodes[1].spawnProcess()
            let id = LockID(resource: ReplicatedPG2<PG2Server>.lockResource(held), requester: rival.id)
            try await sim.run {
                for node in nodes { _ = try await LockServer.ensureStarted(on: node).setLock(id, holder: rival.id) }
            }
            let ended = setup.start(move, pid, "waiting", "playing", on: nodes[0])
            try await sim.run(for: .seconds(2))
            if case .failure(let error)? = ended.get { throw error }
            if ended.get != nil {
                problems.append(
                    "expected the move to wait while another writer holds \(held)'s lock, got it finished"
                        + " — \(sim.seedNote) — edit \(file)")
            }
            let waiting = "while another writer holds \(held)'s lock"
            problems += try setup.differences("waiting", expected: [pid], waiting)
            problems += try setup.differences("playing", expected: [], waiting)
            try await sim.run {
                for node in nodes { try await LockServer.ensureStarted(on: node).deleteLock(id, holder: rival.id) }
            }
            try await sim.run(for: .seconds(30))
            if case .failure(let error)? = ended.get { throw error }
            if ended.get == nil {
                problems.append(
                    "expected the move to finish once \(held)'s lock was free, got it still waiting 30 s"
                        + " later — \(sim.seedNote) — edit \(file)")
            }
            problems += try setup.differences("playing", expected: [pid], "once the lock was free")
            withExtendedLifetime(rival) {}
        }
        return problems
    }

    static func oppositeMoves(_ move: @escaping Move) async throws -> [String] {
        let setup = try await Setup(seed: 5305, groups: ["red", "blue"], joined: ["red", "blue"])
        let (sim, nodes) = (setup.sim, setup.nodes)
        let (p, q) = (setup.players[0].id, setup.players[1].id)
        let first = setup.start(move, p, "red", "blue", on: nodes[0])
        let second = setup.start(move, q, "blue", "red", on: nodes[1])
        try await sim.run(for: .seconds(60))
        for ended in [first, second] { if case .failure(let error)? = ended.get { throw error } }
        let stuck = [(first, "\(p) red → blue from a"), (second, "\(q) blue → red from b")]
            .filter { $0.0.get == nil }
        guard stuck.isEmpty else {
            return [
                "expected two moves in opposite directions to both finish, got"
                    + " \(stuck.map(\.1).joined(separator: " and ")) still waiting after 60 s — "
                    + "\(sim.seedNote) — edit"
                    + " \(file)"
            ]
        }
        return try setup.differences("red", expected: [q], "after both moves")
            + setup.differences("blue", expected: [p], "after both moves")
    }
}

/// Exercise 5.3 — edit Exercises/05-Replication/MoveMember.swift
@Suite("Exercise 5.3 — Moving a member") struct MoveMemberTests {
    static let yours: MoveMemberCheck.Move = { try await move($0, from: $1, to: $2, on: $3) }

    @Test("a move leaves the source and joins the target on every node")
    func movesEverywhere() async throws { expectNoProblems(try await MoveMemberCheck.movesEverywhere(Self.yours)) }

    @Test("a move to or from a missing group is refused before any message")
    func missingGroups() async throws { expectNoProblems(try await MoveMemberCheck.missingGroups(Self.yours)) }

    @Test("a move waits while another writer holds either group's lock, and changes nothing meanwhile")
    func waitsForBothLocks() async throws { expectNoProblems(try await MoveMemberCheck.waitsForBothLocks(Self.yours)) }

    @Test("two moves in opposite directions both finish")
    func oppositeMoves() async throws { expectNoProblems(try await MoveMemberCheck.oppositeMoves(Self.yours)) }
}

import Cluster
import GlobalLock
import LocalTable
import Replication
import ReplicationExercises
import SingleNodeServer
import TestKit
import Testing

/// Three rewrites of pg2's join, each with exactly one flaw. Each checks the group on the
/// caller's node first, as pg2 does.
enum PlantedJoins {
    static func checkGroup(_ name: GroupName, on node: Node) throws {
        guard try ReplicatedPG2<PG2Server>(node: node).table.hasGroup(name) else { throw PG2Error.noSuchGroup(name) }
    }

    static func everyone(_ node: Node) -> [NodeName] { ([node.name] + node.connectedNodes).sorted() }

    /// Locks, then joins on the caller's node only.
    static let callersNodeOnly: GroupJoin = { name, pid, node in
        try checkGroup(name, on: node)
        try await Global(node: node).trans(ReplicatedPG2<PG2Server>.lockResource(name)) {
            try await PG2Server.ensureStarted(on: node).join(name, pid)
        }
    }

    /// Joins on every node at once, without the lock.
    static let withoutTheLock: GroupJoin = { name, pid, node in
        try checkGroup(name, on: node)
        _ = await node.multicall(everyone(node), PG2Server.name, as: PG2Server.self) { try await $0.join(name, pid) }
    }

    /// Locks, then calls the nodes' servers one after another.
    static let oneNodeAtATime: GroupJoin = { name, pid, node in
        try checkGroup(name, on: node)
        try await Global(node: node).trans(ReplicatedPG2<PG2Server>.lockResource(name)) {
            for target in everyone(node) {
                try? await node.resolve(PG2Server.name, on: target, as: PG2Server.self).join(name, pid)
            }
        }
    }
}

/// The check of exercise 5.2, for any audit.
enum AuditAJoinCheck {
    typealias Audit = @Sendable (@escaping GroupJoin, UInt64) async throws -> Set<JoinFlaw>
    static let file = "Exercises/05-Replication/AuditAJoin.swift"

    struct Subject: Sendable {
        var name: String
        var join: GroupJoin
        var flaws: Set<JoinFlaw>
    }

    static let pg2 = Subject(name: "pg2's join", join: pg2Join, flaws: [])
    static let mutants = [
        Subject(
            name: "a planted join that writes only the caller's node", join: PlantedJoins.callersNodeOnly,
            flaws: [.notOnEveryNode]),
        Subject(name: "a planted join that takes no lock", join: PlantedJoins.withoutTheLock, flaws: [.ignoresTheLock]),
        Subject(
            name: "a planted join that calls one node after another", join: PlantedJoins.oneNodeAtATime,
            flaws: [.oneNodeAtATime]),
    ]

    static func show(_ flaws: Set<JoinFlaw>) -> String { "[\(flaws.map(\.rawValue).sorted().joined(separator: ", "))]" }

    /// The problems of `audit` on `subjects`: it must find exactly each one's flaws, on every seed.
    static func problems(_ audit: Audit, on subjects: [Subject]) async throws -> [String] {
        var problems: [String] = []
        for seed in seeds([5201, 5202]) {
            for subject in subjects {
                let found = try await audit(subject.join, seed)
                guard found != subject.flaws else { continue }
                problems.append(
                    "expected your audit of \(subject.name) to find \(show(subject.flaws)), got \(show(found)) "
                        + "— \(seedNote(seed, suite: "AuditAJoinTests")) — edit \(file)")
            }
        }
        return problems
    }
}

/// Exercise 5.2 — edit Exercises/05-Replication/AuditAJoin.swift
@Suite("Exercise 5.2 — Audit a replicated join") struct AuditAJoinTests {
    static let yours: AuditAJoinCheck.Audit = { try await flaws(of: $0, seed: $1) }

    @Test("your audit finds no flaw in pg2's join")
    func pg2sJoinIsClean() async throws {
        expectNoProblems(try await AuditAJoinCheck.problems(Self.yours, on: [AuditAJoinCheck.pg2]))
    }

    @Test("your audit finds a join that writes only the caller's node")
    func findsCallersNodeOnly() async throws {
        expectNoProblems(try await AuditAJoinCheck.problems(Self.yours, on: [AuditAJoinCheck.mutants[0]]))
    }

    @Test("your audit finds a join that takes no lock")
    func findsNoLock() async throws {
        expectNoProblems(try await AuditAJoinCheck.problems(Self.yours, on: [AuditAJoinCheck.mutants[1]]))
    }

    @Test("your audit finds a join that calls one node after another")
    func findsOneAtATime() async throws {
        expectNoProblems(try await AuditAJoinCheck.problems(Self.yours, on: [AuditAJoinCheck.mutants[2]]))
    }
}

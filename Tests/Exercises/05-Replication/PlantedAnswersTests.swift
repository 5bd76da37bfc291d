import Cluster
import GlobalLock
import LocalTable
import Replication
import ReplicationExercises
import SingleNodeServer
import Testing

/// The checks of chapter 5's exercises reject answers that do not do the work: a prediction that
/// ignores the network, an audit that always says the same, a move that does not hold both locks.
/// Each is fed through the very check the exercise's tests use. These tests pass whether or not
/// the exercises are done: they never call your code.
@Suite("Chapter 5's checks reject planted answers") struct PlantedAnswersTests {
    /// Every write applied to every node's table, as if no link were ever cut.
    static let everyWriteEverywhere: WhereWritesLandCheck.Prediction = { nodes, steps in
        var groups: [GroupName: [Pid]] = [:]
        for step in steps {
            switch step {
            case .create(let name, _): groups[name] = groups[name] ?? []
            case .delete(let name, _): groups[name] = nil
            case .join(let name, let pid, _): groups[name]?.append(pid)
            case .leave(let name, let pid, _):
                if let index = groups[name]?.firstIndex(of: pid) { groups[name]!.remove(at: index) }
            case .cut, .mend: break
            }
        }
        let sorted = groups.mapValues { $0.sorted() }
        return Dictionary(uniqueKeysWithValues: nodes.map { ($0, sorted) })
    }

    @Test("5.1 rejects an empty prediction, and one that ignores the cut links")
    func naivePredictions() async throws {
        let empty: WhereWritesLandCheck.Prediction = { _, _ in [:] }
        let caseSeeds: [UInt64] = [5111, 5112, 5113, 5114, 5115, 5116, 5117, 5118]
        #expect(
            !(try await WhereWritesLandCheck.problems(empty, caseSeeds: [5101, 5102, 5103], cuts: false)).isEmpty,
            "an empty prediction passed 5.1")
        let ignoringCuts = try await WhereWritesLandCheck.problems(
            Self.everyWriteEverywhere, caseSeeds: caseSeeds, cuts: true)
        #expect(!ignoringCuts.isEmpty, "a prediction that ignores the cuts passed 5.1")
    }

    @Test("5.2 rejects audits that always find the same flaws")
    func constantAudits() async throws {
        let subjects = [AuditAJoinCheck.pg2] + AuditAJoinCheck.mutants
        for answer in [[], [JoinFlaw.notOnEveryNode], Set(JoinFlaw.allCases)] as [Set<JoinFlaw>] {
            let problems = try await AuditAJoinCheck.problems({ _, _ in answer }, on: subjects)
            #expect(!problems.isEmpty, "an audit always finding \(answer) passed 5.2")
        }
    }

    @Test("5.3 rejects a move that does nothing, one that locks in its own order, and two separate writes")
    func naiveMoves() async throws {
        let nothing: MoveMemberCheck.Move = { _, _, _, _ in }
        #expect(!(try await MoveMemberCheck.movesEverywhere(nothing)).isEmpty, "a move that does nothing passed 5.3")

        let sourceFirst: MoveMemberCheck.Move = { pid, source, target, node in
            let global = Global(node: node)
            try await global.trans(ReplicatedPG2<PG2Server>.lockResource(source)) {
                try await global.trans(ReplicatedPG2<PG2Server>.lockResource(target)) {
                    let everyone = ([node.name] + node.connectedNodes).sorted()
                    _ = await node.multicall(everyone, PG2Server.name, as: PG2Server.self) { server in
                        try await server.leave(source, pid)
                        try await server.join(target, pid)
                    }
                }
            }
        }
        #expect(
            !(try await MoveMemberCheck.oppositeMoves(sourceFirst)).isEmpty,
            "a move locking its source first passed 5.3")

        let twoWrites: MoveMemberCheck.Move = { pid, source, target, node in
            let pg2 = ReplicatedPG2<PG2Server>(node: node)
            try await pg2.leave(source, pid)
            try await pg2.join(target, pid)
        }
        #expect(!(try await MoveMemberCheck.waitsForBothLocks(twoWrites)).isEmpty, "a leave and a join passed 5.3")
    }
}

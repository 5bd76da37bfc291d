import Cluster
import ExchangeExercises
import Testing

/// The checks of chapter 6's exercises reject answers that do not do the work: predictions that
/// ignore the cut, a scenario that always names the same merge, merges that ignore tombstones,
/// scenarios whose invariant an order of messages is not needed to break.
/// Each is fed through the very check the exercise's tests use. These tests pass whether or not
/// the exercises are done: they never call your code.
@Suite("Chapter 6's checks reject planted answers") struct PlantedAnswersTests {
    @Test("6.1 rejects a prediction that nothing changes, and one that ignores the cut")
    func naivePredictions() async throws {
        let nothingChanges: AfterTheMendCheck.Prediction = { before, _, _ in
            ["a": before.sorted(), "b": before.sorted(), "c": before.sorted()]
        }
        // Every write applied once to one shared list, as if nothing had been cut.
        let noCut: AfterTheMendCheck.Prediction = { before, _, writes in
            var members: [Pid]? = before
            for write in writes {
                switch write {
                case .create: members = members ?? []
                case .delete: members = nil
                case .join(let pid, _): members?.append(pid)
                case .leave(let pid, _): if let index = members?.firstIndex(of: pid) { members!.remove(at: index) }
                }
            }
            guard let list = members?.sorted() else { return [:] }
            return ["a": list, "b": list, "c": list]
        }
        for (name, prediction) in [("nothing changes", nothingChanges), ("nothing was cut", noCut)] {
            let problems = try await AfterTheMendCheck.problems(
                prediction, cases: AfterTheMendCheck.anomalies, firstSeed: 6101)
            #expect(!problems.isEmpty, "the prediction \"\(name)\" passed the check of 6.1")
        }
    }

    @Test("6.2 rejects a scenario that always names the same merge")
    func constantMerges() async throws {
        let builds = [WhichMergeCheck.workbook] + WhichMergeCheck.planted
        for rule in MergeRule.allCases {
            let problems = try await WhichMergeCheck.problems({ _, _ in rule }, on: builds)
            #expect(!problems.isEmpty, "a scenario always answering \(rule) passed 6.2")
        }
    }

    @Test("6.3 rejects a merge that does nothing, and pg2's merge that ignores tombstones")
    func mergesWithoutTombstones() async throws {
        let nothing: TombstonesCheck.Merge = { _, _ in }
        #expect(
            !(try TombstonesCheck.deletesWin(nothing) + TombstonesCheck.laterCreatesLive(nothing)).isEmpty,
            "a merge that does nothing passed 6.3")
        // pg2's store/1 over these tables: every group the peer has, members by the larger count.
        let pg2sMerge: TombstonesCheck.Merge = { peer, local in
            for (name, group) in peer.groups {
                var counts = (local.groups[name]?.members ?? []).reduce(into: [Pid: Int]()) { $0[$1, default: 0] += 1 }
                for (pid, count) in group.members.reduce(into: [Pid: Int](), { $0[$1, default: 0] += 1 }) {
                    counts[pid] = max(counts[pid] ?? 0, count)
                }
                let created = max(local.groups[name]?.created ?? group.created, group.created)
                let members = counts.keys.sorted().flatMap { Array(repeating: $0, count: counts[$0]!) }
                local.groups[name] = LiveGroup(created: created, members: members)
            }
        }
        #expect(
            !(try await TombstonesCheck.deletedStaysDeleted(pg2sMerge)).isEmpty, "pg2's own merge passed 6.3's A1 check"
        )
    }

    @Test("6.4 rejects A2 (a leave made from a, broken in every order) and an invariant that never holds")
    func scenariosThatAreNotTheRace() async throws {
        // The leave from a reaches a and c only: wrong already oldest-first, and without the exchange.
        let a2: FindTheRaceCheck.Scenario = { pg2 in
            ExplorerScenario("a2", "a leaves p while a–b is cut", nodes: ["a", "b", "c"]) { sim, nodes in
                for node in nodes { try pg2.start(node) }
                let p = nodes[2].spawnProcess()
                try await sim.run {
                    try await pg2.create("g", nodes[0])
                    try await pg2.join("g", p.id, nodes[0])
                }
                sim.disconnect("a", "b")
                return .init(
                    operations: [.init("a leaves p") { try await pg2.leave("g", p.id, nodes[0]) }],
                    faults: [.reconnect("a", "b")],
                    invariant: {
                        withExtendedLifetime(p) {
                            nodes.allSatisfy { (try? pg2.members("g", $0)) == [] } ? nil : "disagree"
                        }
                    })
            }
        }
        let never: FindTheRaceCheck.Scenario = { _ in
            ExplorerScenario("never", "an invariant that never holds", nodes: ["a", "b"]) { _, _ in
                .init(operations: [], faults: [.reconnect("a", "b")], invariant: { "always broken" })
            }
        }
        for (name, scenario) in [("A2", a2), ("never holds", never)] {
            let problems =
                try await FindTheRaceCheck.realProblems(scenario) + FindTheRaceCheck.plantedProblems(scenario)
            #expect(!problems.isEmpty, "the scenario \"\(name)\" passed the check of 6.4")
        }
    }
}

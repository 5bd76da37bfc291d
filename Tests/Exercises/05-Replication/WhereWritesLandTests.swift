import Cluster
import LocalTable
import Replication
import ReplicationExercises
import ReplicationTestKit
import SingleNodeServer
import TestKit
import Testing

/// The check of exercise 5.1, for any prediction: steps drawn at random are run in the simulator,
/// and the prediction must give every node's table as the run left it.
enum WhereWritesLandCheck {
    typealias Tables = [NodeName: [GroupName: [Pid]]]
    typealias Prediction = @Sendable ([NodeName], [Step]) throws -> Tables
    static let file = "Exercises/05-Replication/WhereWritesLand.swift"
    /// The cluster: the members live on h, which is never cut off.
    static let names: [NodeName] = ["a", "b", "c", "h"]

    /// `count` steps: writes from any node on groups g and k, of the pids `pids`, and — if
    /// `cuts` — cuts and mends of the links between a, b and c.
    static func drawSteps(seed: UInt64, pids: [Pid], count: Int, cuts: Bool) -> [Step] {
        var random = SplitMix(seed: seed)
        let links: [(NodeName, NodeName)] = [("a", "b"), ("a", "c"), ("b", "c")]
        var down: [Int] = []
        var steps: [Step] = [.create("g", from: names[random.next(below: names.count)])]
        while steps.count < count {
            let group: GroupName = random.next(below: 3) == 0 ? "k" : "g"
            let from = names[random.next(below: names.count)]
            let pid = pids[random.next(below: pids.count)]
            switch random.next(below: 20) {
            case 0..<3: steps.append(.create(group, from: from))
            case 3: steps.append(.delete(group, from: from))
            case 4..<11: steps.append(.join(group, pid, from: from))
            case 11..<14: steps.append(.leave(group, pid, from: from))
            case 14..<17 where cuts && down.count < links.count:
                let up = links.indices.filter { !down.contains($0) }
                let link = up[random.next(below: up.count)]
                down.append(link)
                steps.append(.cut(links[link].0, links[link].1))
            case 17..<20 where cuts && !down.isEmpty:
                let link = down.remove(at: random.next(below: down.count))
                steps.append(.mend(links[link].0, links[link].1))
            default: continue
            }
        }
        return steps
    }

    /// Runs `steps` in `sim` on `nodes` (servers started) and returns every node's table.
    static func run(_ steps: [Step], on nodes: [Node], _ sim: Simulation) async throws -> Tables {
        @Sendable func pg2(_ name: NodeName) -> ReplicatedPG2<PG2Server> {
            ReplicatedPG2<PG2Server>(node: nodes.first { $0.name == name }!)
        }
        for step in steps {
            switch step {
            case .cut(let a, let b):
                sim.disconnect(a, b)
                try await sim.quiescence()
            case .mend(let a, let b):
                sim.reconnect(a, b)
                try await sim.quiescence()
            case .create(let name, let from): try await sim.run { try await pg2(from).create(name) }
            case .delete(let name, let from): try await sim.run { try await pg2(from).delete(name) }
            case .join(let name, let pid, let from):
                try await sim.run { do { try await pg2(from).join(name, pid) } catch is PG2Error {} }
            case .leave(let name, let pid, let from):
                try await sim.run { do { try await pg2(from).leave(name, pid) } catch is PG2Error {} }
            }
        }
        try await sim.quiescence()
        var tables: Tables = [:]
        for node in nodes {
            let pg2 = ReplicatedPG2<PG2Server>(node: node)
            let groups = try pg2.whichGroups().map { ($0, try pg2.members(of: $0)) }
            tables[node.name] = Dictionary(uniqueKeysWithValues: groups)
        }
        return tables
    }

    /// `g: [<h.1>, <h.1>], k: []`, or `no group`.
    static func show(_ groups: [GroupName: [Pid]]) -> String {
        groups.isEmpty ? "no group" : groups.keys.sorted().map { "\($0): \(groups[$0]!)" }.joined(separator: ", ")
    }

    /// The problems of `predict` on the cases drawn from `caseSeeds`: one line per node it got wrong.
    static func problems(_ predict: Prediction, caseSeeds: [UInt64], cuts: Bool) async throws -> [String] {
        var problems: [String] = []
        for seed in caseSeeds {
            let sim = simulation(seed: seed, test: "WhereWritesLandTests")
            let nodes = names.map { sim.addNode($0) }
            let members = [nodes[3].spawnProcess(), nodes[3].spawnProcess()]
            let steps = drawSteps(seed: seed, pids: members.map(\.id), count: 14, cuts: cuts)
            let predicted = try predict(names, steps)
            try await sim.run { try startServers(on: nodes) }
            let observed = try await run(steps, on: nodes, sim)
            let wrong = names.filter { (predicted[$0] ?? [:]) != observed[$0]! }
            guard !wrong.isEmpty else { continue }
            let nodeLines = wrong.map { node in
                "  node \(node): expected \(show(observed[node]!)) as in the run, got \(show(predicted[node] ?? [:]))"
            }
            problems.append(
                "after the steps \(steps.map(\.description).joined(separator: "; ")):\n"
                    + nodeLines.joined(separator: "\n")
                    + "\n  — \(sim.seedNote) — edit \(file)")
            withExtendedLifetime(members) {}
        }
        return problems
    }
}

/// Exercise 5.1 — edit Exercises/05-Replication/WhereWritesLand.swift
@Suite("Exercise 5.1 — Where a write lands") struct WhereWritesLandTests {
    static let yours: WhereWritesLandCheck.Prediction = { try predictTables(of: $0, after: $1) }

    @Test("your predictions match runs of writes while every node sees every other")
    func withoutCuts() async throws {
        let caseSeeds = seeds([5101, 5102, 5103])
        expectNoProblems(try await WhereWritesLandCheck.problems(Self.yours, caseSeeds: caseSeeds, cuts: false))
    }

    @Test("your predictions match runs of writes while links are cut and mended")
    func withCuts() async throws {
        let caseSeeds = seeds([5111, 5112, 5113, 5114, 5115, 5116, 5117, 5118])
        expectNoProblems(try await WhereWritesLandCheck.problems(Self.yours, caseSeeds: caseSeeds, cuts: true))
    }
}

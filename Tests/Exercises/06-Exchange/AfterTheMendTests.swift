import Cluster
import Exchange
import ExchangeExercises
import GlobalLock
import LocalTable
import Replication
import TestKit
import Testing

/// The check of exercise 6.1, for any prediction: each case is run in the simulator, and the
/// prediction must give every node's members of g as the run left them.
enum AfterTheMendCheck {
    typealias Prediction = @Sendable ([Pid], Cut, [GroupWrite]) throws -> [NodeName: [Pid]]
    static let file = "Exercises/06-Exchange/AfterTheMend.swift"
    static let names: [NodeName] = ["a", "b", "c"]

    /// A case, over the pids of the run: one on a, one on b, two on c, in that order.
    struct Case: Sendable {
        var before: [Pid]
        var cut: Cut
        var writes: [GroupWrite]
    }

    typealias CaseMaker = @Sendable ([Pid]) -> Case

    /// The anomalies of Chapters/PG2Rules.md, and a join lost in a partition.
    static let anomalies: [CaseMaker] = [
        // A1: a delete on one side; the other side's table brings g back.
        { _ in Case(before: [], cut: .isolate("c"), writes: [.delete(from: "a")]) },
        // A2: a leave from a reaches a and c; b's table undoes it on a.
        { p in Case(before: [p[2]], cut: .link("a", "b"), writes: [.leave(p[2], from: "a")]) },
        // A3: a join from each end of the cut; c counts two, a and b keep one.
        { p in Case(before: [], cut: .link("a", "b"), writes: [.join(p[2], from: "a"), .join(p[2], from: "b")]) },
        // A join from c of a pid c cannot reach: c forgets it at once, and nobody else heard of it.
        { p in Case(before: [p[1]], cut: .isolate("c"), writes: [.join(p[0], from: "c"), .join(p[3], from: "c")]) },
    ]

    /// `count` cases drawn from `seed`: random members before, a random cut, 1–4 random writes.
    static func drawn(seed: UInt64, count: Int) -> [CaseMaker] {
        var random = SplitMix(seed: seed)
        return (0..<count).map { _ in
            let before = (0..<4).flatMap { index in Array(repeating: index, count: random.next(below: 3)) }
            let cuts: [Cut] = [
                .link("a", "b"), .link("a", "c"), .link("b", "c"), .isolate("a"), .isolate("b"), .isolate("c"),
            ]
            let cut = cuts[random.next(below: cuts.count)]
            let writes = (0...random.next(below: 4)).map { _ -> (kind: Int, from: NodeName, who: Int) in
                (random.next(below: 9), names[random.next(below: 3)], random.next(below: 4))
            }
            return { pids in
                Case(
                    before: before.map { pids[$0] }, cut: cut,
                    writes: writes.map { write in
                        switch write.kind {
                        case 0: .create(from: write.from)
                        case 1: .delete(from: write.from)
                        case 2..<6: .join(pids[write.who], from: write.from)
                        default: .leave(pids[write.who], from: write.from)
                        }
                    })
            }
        }
    }

    /// The problems of `predict` on `cases`, the n-th run with seed `firstSeed + n`.
    static func problems(_ predict: Prediction, cases: [CaseMaker], firstSeed: UInt64) async throws -> [String] {
        var problems: [String] = []
        for (index, make) in cases.enumerated() {
            let sim = simulation(seed: firstSeed + UInt64(index), test: "AfterTheMendTests")
            let nodes = names.map { sim.addNode($0) }
            let processes = [nodes[0], nodes[1], nodes[2], nodes[2]].map { $0.spawnProcess() }
            let one = make(processes.map(\.id))
            let predicted = try predict(one.before, one.cut, one.writes)
            let observed = try await run(one, on: nodes, sim)
            let wrong = names.filter { predicted[$0] != observed[$0] }
            withExtendedLifetime(processes) {}
            guard !wrong.isEmpty else { continue }
            let story =
                "with g = \(one.before) everywhere, \(one.cut), "
                + one.writes.map(\.description).joined(separator: ", ") + ", then the mend"
            let lines = wrong.map {
                "  node \($0): expected \(show(observed[$0])) as in the run, got"
                    + " \(show(predicted[$0]))"
            }
            problems.append("\(story):\n" + lines.joined(separator: "\n") + "\n  — \(sim.seedNote) — edit \(file)")
        }
        return problems
    }

    /// Runs the case on the complete pg2 and returns each node's members of g (nodes without g left out).
    static func run(_ one: Case, on nodes: [Node], _ sim: Simulation) async throws -> [NodeName: [Pid]] {
        @Sendable func pg2(_ name: NodeName) -> ReplicatedPG2<ExchangeServer> {
            ReplicatedPG2<ExchangeServer>(node: nodes.first { $0.name == name }!)
        }
        let (first, before) = (pg2("a"), one.before)
        try await sim.run {
            for node in nodes {
                _ = try ExchangeServer.ensureStarted(on: node)
                _ = try LockServer.ensureStarted(on: node)
            }
            try await first.create("g")
            for pid in before { try await first.join("g", pid) }
        }
        switch one.cut {
        case .link(let x, let y): sim.disconnect(x, y)
        case .isolate(let lone): sim.partition([lone], names.filter { $0 != lone })
        }
        try await sim.quiescence()
        for write in one.writes {
            try await sim.run {
                do {
                    switch write {
                    case .create(let from): try await pg2(from).create("g")
                    case .delete(let from): try await pg2(from).delete("g")
                    case .join(let pid, let from): try await pg2(from).join("g", pid)
                    case .leave(let pid, let from): try await pg2(from).leave("g", pid)
                    }
                } catch is PG2Error {}
            }
            try await sim.quiescence()
        }
        switch one.cut {
        case .link(let x, let y): sim.reconnect(x, y)
        case .isolate: sim.heal()
        }
        try await sim.quiescence()
        var members: [NodeName: [Pid]] = [:]
        for name in names where try pg2(name).whichGroups().contains("g") {
            members[name] = try pg2(name).members(of: "g")
        }
        return members
    }
}

/// Exercise 6.1 — edit Exercises/06-Exchange/AfterTheMend.swift
@Suite("Exercise 6.1 — After the mend") struct AfterTheMendTests {
    static let yours: AfterTheMendCheck.Prediction = { try membersAfterTheMend(before: $0, cut: $1, writes: $2) }

    @Test("your predictions match the runs of anomalies A1, A2 and A3, and of a join lost in a partition")
    func anomalies() async throws {
        let cases = AfterTheMendCheck.anomalies
        expectNoProblems(try await AfterTheMendCheck.problems(Self.yours, cases: cases, firstSeed: 6101))
    }

    @Test("your predictions match the runs of random cuts and writes")
    func randomCases() async throws {
        let cases = AfterTheMendCheck.drawn(seed: 6110, count: 10)
        expectNoProblems(try await AfterTheMendCheck.problems(Self.yours, cases: cases, firstSeed: 6111))
    }
}

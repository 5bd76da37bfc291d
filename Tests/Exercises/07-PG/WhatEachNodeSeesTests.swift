import Cluster
import PG
import PGExercises
import TestKit
import Testing

/// The check of exercise 7.3, for any prediction: each case is run in the simulator on chapter 7's
/// pg, and the prediction must give every node's members of g as the run left them, while the cut
/// lasted and after the mend.
enum WhatEachNodeSeesCheck {
    typealias Prediction = @Sendable ([Pid], PGCut, [PGWrite]) throws -> (duringCut: NodeViews, afterMend: NodeViews)
    static let file = "Exercises/07-PG/WhatEachNodeSees.swift"
    static let names: [NodeName] = ["a", "b", "c"]

    /// A case, over the pids of the run: one on a, one on b, two on c, in that order.
    struct Case: Sendable {
        var before: [Pid]
        var cut: PGCut
        var writes: [PGWrite]
    }

    typealias CaseMaker = @Sendable ([Pid]) -> Case

    /// The shapes of chapter 6's anomalies, as pg lets them be written, and an exit.
    static let anomalies: [CaseMaker] = [
        // A1: c is cut off, and g's only member leaves it on a's side: g is gone, and stays gone.
        { p in Case(before: [p[0]], cut: .isolate("c"), writes: [.leave(p[0])]) },
        // A2: a–b is cut, and p on c leaves g: c tells both.
        { p in Case(before: [p[2], p[0]], cut: .link("a", "b"), writes: [.leave(p[2])]) },
        // A3: a–b is cut, and p on c joins g twice: every node counts two.
        { p in Case(before: [p[1]], cut: .link("a", "b"), writes: [.join(p[2]), .join(p[2])]) },
        // Each side writes during a partition; an exit; a join of the dead process does nothing.
        { p in
            Case(
                before: [p[0], p[2]], cut: .isolate("a"), writes: [.join(p[1]), .exit(p[2]), .join(p[2]), .join(p[0])])
        },
    ]

    /// `count` cases drawn from `seed`: random entries before, a random cut, 1–4 random writes.
    static func drawn(seed: UInt64, count: Int) -> [CaseMaker] {
        var random = SplitMix(seed: seed)
        return (0..<count).map { _ in
            let before = (0..<4).flatMap { index in Array(repeating: index, count: random.next(below: 3)) }
            let cuts: [PGCut] = [
                .link("a", "b"), .link("a", "c"), .link("b", "c"), .isolate("a"), .isolate("b"), .isolate("c"),
            ]
            let cut = cuts[random.next(below: cuts.count)]
            let writes = (0...random.next(below: 4)).map { _ in
                (kind: random.next(below: 7), who: random.next(below: 4))
            }
            return { pids in
                Case(
                    before: before.map { pids[$0] }, cut: cut,
                    writes: writes.map { write in
                        switch write.kind {
                        case 0..<3: .join(pids[write.who])
                        case 3..<6: .leave(pids[write.who])
                        default: .exit(pids[write.who])
                        }
                    })
            }
        }
    }

    /// The problems of `predict` on `cases`, the n-th run with seed `firstSeed + n`.
    static func problems(_ predict: Prediction, cases: [CaseMaker], firstSeed: UInt64) async throws -> [String] {
        var problems: [String] = []
        for (index, make) in cases.enumerated() {
            let sim = simulation(seed: firstSeed + UInt64(index), test: "WhatEachNodeSeesTests")
            let nodes = names.map { sim.addNode($0) }
            let processes = [nodes[0], nodes[1], nodes[2], nodes[2]].map { $0.spawnProcess() }
            let one = make(processes.map(\.id))
            let predicted = try predict(one.before, one.cut, one.writes)
            let observed = try await run(one, on: nodes, sim)
            withExtendedLifetime(processes) {}
            var lines: [String] = []
            for (moment, want, got) in [
                ("while the cut lasts", observed.duringCut, predicted.duringCut),
                ("after the mend", observed.afterMend, predicted.afterMend),
            ] {
                for name in names where want[name] != got[name] {
                    lines.append(
                        "  node \(name), \(moment): expected \(show(want[name])) as in the run, got \(show(got[name]))")
                }
            }
            guard !lines.isEmpty else { continue }
            let story =
                "with g = \(one.before) everywhere, \(one.cut), "
                + one.writes.map(\.description).joined(separator: ", ") + ", then the mend"
            problems.append("\(story):\n" + lines.joined(separator: "\n") + "\n  — \(sim.seedNote) — edit \(file)")
        }
        return problems
    }

    /// `[<a.1>, <c.2>]`, or `no group g`.
    static func show(_ members: [Pid]?) -> String { members.map { "\($0)" } ?? "no group g" }

    /// Each node's members of g, sorted; nodes with none left out.
    static func views(_ nodes: [Node]) -> NodeViews {
        var views: NodeViews = [:]
        for node in nodes {
            let members = ScopeClient("pg", node: node).members(of: "g")
            if !members.isEmpty { views[node.name] = members.sorted() }
        }
        return views
    }

    /// Runs the case on chapter 7's pg.
    static func run(_ one: Case, on nodes: [Node], _ sim: Simulation) async throws -> (
        duringCut: NodeViews, afterMend: NodeViews
    ) {
        @Sendable func owner(_ pid: Pid) -> Node { nodes.first { $0.name == pid.node }! }
        try await sim.run {
            for node in nodes { try Scope.start("pg", on: node) }
        }
        try await sim.quiescence()
        let before = one.before
        try await sim.run {
            for pid in before { try await ScopeClient("pg", node: owner(pid)).join("g", .one(pid)) }
        }
        try await sim.quiescence()
        switch one.cut {
        case .link(let x, let y): sim.disconnect(x, y)
        case .isolate(let lone): sim.partition([lone], names.filter { $0 != lone })
        }
        try await sim.quiescence()
        for write in one.writes {
            try await sim.run {
                switch write {
                case .join(let pid): try await ScopeClient("pg", node: owner(pid)).join("g", .one(pid))
                case .leave(let pid): _ = try await ScopeClient("pg", node: owner(pid)).leave("g", .one(pid))
                case .exit(let pid): owner(pid).exit(pid, reason: .killed)
                }
            }
            try await sim.quiescence()
        }
        let during = views(nodes)
        switch one.cut {
        case .link(let x, let y): sim.reconnect(x, y)
        case .isolate: sim.heal()
        }
        try await sim.quiescence()
        return (during, views(nodes))
    }
}

/// Exercise 7.3 — edit Exercises/07-PG/WhatEachNodeSees.swift
@Suite("Exercise 7.3 — What each node sees") struct WhatEachNodeSeesTests {
    static let yours: WhatEachNodeSeesCheck.Prediction = { try viewsOfG(before: $0, cut: $1, writes: $2) }

    @Test("your predictions match the runs of anomalies A1, A2 and A3's shapes, and of an exit")
    func anomalies() async throws {
        let cases = WhatEachNodeSeesCheck.anomalies
        expectNoProblems(try await WhatEachNodeSeesCheck.problems(Self.yours, cases: cases, firstSeed: 7301))
    }

    @Test("your predictions match the runs of random cuts and writes")
    func randomCases() async throws {
        let cases = WhatEachNodeSeesCheck.drawn(seed: 7310, count: 12)
        expectNoProblems(try await WhatEachNodeSeesCheck.problems(Self.yours, cases: cases, firstSeed: 7311))
    }
}

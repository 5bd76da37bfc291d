import Cluster
import LocalTable
import SingleNodeServerExercises
import TestKit
import Testing

/// Exercise 3.4's check: every pick against the rules it must keep — a candidate, asked its load
/// once at most, with the least load per slot, and ties spread at random.
enum LeastLoadedCheck {
    static let file = "Exercises/03-SingleNodeServer/LeastLoaded.swift"
    typealias Pick = (GroupName, GroupTable, (Pid) -> Int, inout NodeRandom) throws -> Pid

    /// Node a's group `transcoders` after `joins` (no group at all if nil), and every pid's load.
    struct Case {
        let joins: [Pid]?
        let loads: [Pid: Int]
        /// Whether to pick many times and expect every one of the least loaded candidates.
        var spread = false

        var story: String {
            guard let joins else { return "no such group" }
            let shown = Set(joins).sorted().map { "\($0): \(loads[$0] ?? 0)" }.joined(separator: ", ")
            return "joins \(joins), loads \(shown)"
        }
    }

    static let local = (1...3).map { Pid(node: "a", serial: UInt64($0)) }
    static let remote = (1...2).map { Pid(node: "b", serial: UInt64($0)) }

    /// `count` random groups and loads; about half of them with no local member.
    static func randomCases(seed: UInt64, count: Int) -> [Case] {
        var generate = CaseGenerator(seed: seed)
        return (0..<count).map { _ in
            let pool = generate.int(0...1) == 0 ? remote : local + remote
            let joins = (0..<generate.int(1...7)).map { _ in generate.pick(pool) }
            let loads = Dictionary(uniqueKeysWithValues: (local + remote).map { ($0, generate.int(0...6)) })
            return Case(joins: joins, loads: loads)
        }
    }

    /// What is wrong with `pick` on `cases`.
    static func problems(of pick: Pick, cases: [Case], seed: UInt64 = 34) throws -> [String] {
        var problems: [String] = []
        for (index, item) in cases.enumerated() {
            var random = NodeRandom(seed: seed &+ UInt64(index))
            if let problem = try problem(with: pick, on: item, using: &random) {
                problems.append("\(item.story): \(problem) — edit \(file)")
            }
        }
        return firstProblems(problems)
    }

    static func problem(with pick: Pick, on item: Case, using random: inout NodeRandom) throws -> String? {
        let table = GroupTable(localNode: "a")
        if let joins = item.joins {
            table.assureGroup("transcoders")
            for pid in joins { table.joinGroup("transcoders", pid) }
        }
        let joins = item.joins ?? []
        let expectedError: PG2Error? =
            item.joins == nil ? .noSuchGroup("transcoders") : joins.isEmpty ? .noProcess("transcoders") : nil
        var asked: [Pid] = []
        let chosen: Pid
        do {
            chosen = try pick(
                "transcoders", table,
                {
                    asked.append($0); return item.loads[$0] ?? 0
                }, &random)
        } catch let error as PG2Error {
            return error == expectedError ? nil : "expected \(expectedError.map { "\($0)" } ?? "a pid"), got \(error)"
        }
        if let expectedError { return "expected \(expectedError), got \(chosen)" }

        let local = joins.filter { $0.node == table.localNode }
        var slots: [Pid: Int] = [:]
        for pid in local.isEmpty ? joins : local { slots[pid, default: 0] += 1 }
        let candidates = slots.keys.sorted()
        guard let mine = slots[chosen] else { return "expected one of the candidates \(candidates), got \(chosen)" }
        if Set(asked).count != asked.count || !Set(asked).isSubset(of: candidates) {
            return "expected load asked at most once per candidate, and only of the candidates \(candidates), got it "
                + "asked of \(asked)"
        }
        let load = item.loads[chosen] ?? 0
        let best = candidates.filter { pid in
            candidates.allSatisfy { (item.loads[pid] ?? 0) * slots[$0]! <= (item.loads[$0] ?? 0) * slots[pid]! }
        }
        guard best.contains(chosen) else {
            return "expected one of \(best), the least loaded per slot, got \(chosen) (load \(load) on \(mine) slots)"
        }
        if item.spread {
            var seen: Set<Pid> = [chosen]
            for _ in 0..<200 { seen.insert(try pick("transcoders", table, { item.loads[$0] ?? 0 }, &random)) }
            if seen != Set(best) {
                return "expected every one of the equally loaded \(best) to be picked now and then, got only "
                    + "\(seen.sorted()) in 201 picks"
            }
        }
        return nil
    }
}

/// Exercise 3.4 — edit Exercises/03-SingleNodeServer/LeastLoaded.swift
@Suite("Exercise 3.4 — The least loaded member") struct LeastLoadedTests {
    let a1 = Pid(node: "a", serial: 1), a2 = Pid(node: "a", serial: 2), a3 = Pid(node: "a", serial: 3)
    let b1 = Pid(node: "b", serial: 1), b2 = Pid(node: "b", serial: 2)

    @Test("a local member wins over a less loaded remote one, whose load is never asked")
    func localFirst() throws {
        let item = LeastLoadedCheck.Case(joins: [b1, a1, a2], loads: [a1: 5, a2: 3, b1: 0])
        expectNoProblems(
            try LeastLoadedCheck.problems(
                of: { try leastLoadedMember(of: $0, in: $1, load: $2, using: &$3) }, cases: [item]))
    }

    @Test("load is counted per slot: 3 jobs on 2 slots beat 2 jobs on 1")
    func perSlot() throws {
        let item = LeastLoadedCheck.Case(joins: [a1, a1, a2], loads: [a1: 3, a2: 2])
        expectNoProblems(
            try LeastLoadedCheck.problems(
                of: { try leastLoadedMember(of: $0, in: $1, load: $2, using: &$3) }, cases: [item]))
    }

    @Test("ties are broken at random")
    func tiesAtRandom() throws {
        let item = LeastLoadedCheck.Case(joins: [a1, a2, a2, a3], loads: [a1: 1, a2: 2, a3: 4], spread: true)
        expectNoProblems(
            try LeastLoadedCheck.problems(
                of: { try leastLoadedMember(of: $0, in: $1, load: $2, using: &$3) }, cases: [item]))
    }

    @Test("with no local member, the remote ones are the candidates")
    func remoteFallback() throws {
        let item = LeastLoadedCheck.Case(joins: [b1, b2, b2], loads: [b1: 2, b2: 3])
        expectNoProblems(
            try LeastLoadedCheck.problems(
                of: { try leastLoadedMember(of: $0, in: $1, load: $2, using: &$3) }, cases: [item]))
    }

    @Test("an unknown group and an empty one throw pg2's errors")
    func errors() throws {
        let items = [LeastLoadedCheck.Case(joins: nil, loads: [:]), LeastLoadedCheck.Case(joins: [], loads: [:])]
        expectNoProblems(
            try LeastLoadedCheck.problems(
                of: { try leastLoadedMember(of: $0, in: $1, load: $2, using: &$3) }, cases: items))
    }

    @Test("random groups and loads")
    func randomCases() throws {
        for seed in 1...4 as ClosedRange<UInt64> {
            let problems = try LeastLoadedCheck.problems(
                of: { try leastLoadedMember(of: $0, in: $1, load: $2, using: &$3) },
                cases: LeastLoadedCheck.randomCases(seed: seed, count: 80), seed: seed)
            expectNoProblems(problems.map { "seed \(seed): \($0)" })
        }
    }
}

import Cluster
import LocalTable
import SingleNodeServer
import SingleNodeServerExercises
import TestKit
import Testing

/// Exercise 3.1's check: each prediction against the outcomes of the same calls on chapter 3's pg2.
enum CallOutcomesCheck {
    static let file = "Exercises/03-SingleNodeServer/CallOutcomes.swift"

    /// The processes a case's calls may name: three on node a (where the calls are made), two on b.
    struct Pids {
        let local: [Pid]
        let remote: [Pid]
        var all: [Pid] { local + remote }
    }

    /// A sequence of calls, written for the pids of its world.
    typealias Case = (Pids) -> [APICall]

    /// `count` random sequences of up to 16 calls.
    static func randomCases(seed: UInt64, count: Int) -> [Case] {
        (0..<count).map { index in
            { pids in
                var generate = CaseGenerator(seed: seed &* 1000 &+ UInt64(index))
                return (0..<generate.int(1...16)).map { _ in
                    let name: GroupName = generate.pick(["chat", "jobs"])
                    switch generate.int(1...100) {
                    case ...15: return .create(name)
                    case ...21: return .delete(name)
                    case ...51: return .join(name, generate.pick(pids.all))
                    case ...66: return .leave(name, generate.pick(pids.all))
                    case ...80: return .members(name)
                    case ...88: return .localMembers(name)
                    case ...93: return .whichGroups
                    default: return .kill(generate.pick(pids.all))
                    }
                }
            }
        }
    }

    /// What is wrong with `predict`'s predictions for `cases`, each run on node a of a fresh
    /// simulation seeded with `seed` plus its index.
    static func problems(
        of predict: ([APICall], NodeName) throws -> [APIOutcome], cases: [Case], seed: UInt64,
        test: String = #function
    ) async throws -> [String] {
        var problems: [String] = []
        for (index, calls) in cases.enumerated() {
            let sim = simulation(seed: seed + UInt64(index), test: test)
            let a = sim.addNode("a"), b = sim.addNode("b")
            let processes = [a, a, a, b, b].map { $0.spawnProcess() }
            let pids = Pids(local: processes.prefix(3).map(\.id), remote: processes.suffix(2).map(\.id))
            let calls = calls(pids)
            let predicted = try predict(calls, a.name)
            let actual = try await outcomes(of: calls, on: a, in: sim)
            guard predicted.count == actual.count else {
                problems.append(
                    "\(sim.seedNote): for \(calls): expected \(actual.count) outcomes, one per call, got "
                        + "\(predicted.count) — edit \(file)")
                continue
            }
            if let k = predicted.indices.first(where: { predicted[$0] != actual[$0] }) {
                problems.append(
                    "\(sim.seedNote): after \(calls.prefix(k)), the call \(calls[k]): expected "
                        + "\(actual[k]) (what pg2 did), got \(predicted[k]) — edit \(file)")
            }
            withExtendedLifetime(processes) {}
        }
        return firstProblems(problems)
    }

    /// Makes `calls` on `node`'s pg2, each after the last one's deaths were handled.
    static func outcomes(of calls: [APICall], on node: Node, in sim: Simulation) async throws -> [APIOutcome] {
        let pg2 = PG2(node: node)
        var outcomes: [APIOutcome] = []
        for call in calls {
            if case .kill(let pid) = call {
                sim.kill(pid)
                outcomes.append(.ok)
            } else {
                outcomes.append(
                    try await sim.run {
                        do {
                            switch call {
                            case .create(let name): try await pg2.create(name)
                            case .delete(let name): try await pg2.delete(name)
                            case .join(let name, let pid): try await pg2.join(name, pid)
                            case .leave(let name, let pid): try await pg2.leave(name, pid)
                            case .members(let name): return .pids(try pg2.members(of: name))
                            case .localMembers(let name): return .pids(try pg2.localMembers(of: name))
                            case .whichGroups: return .groups(try pg2.whichGroups())
                            case .kill: break
                            }
                            return .ok
                        } catch let error as PG2Error {
                            return .error(error)
                        }
                    })
            }
            try await sim.quiescence()  // every DOWN the call caused is handled before the next
            try await sim.run {  // the harness's own check: the real module keeps its invariants
                #expect(try await PG2Server.ensureStarted(on: node).checkInvariants(), "\(sim.seedNote)")
                try pg2.table.checkInvariants()
            }
        }
        return outcomes
    }
}

/// Exercise 3.1 — edit Exercises/03-SingleNodeServer/CallOutcomes.swift
@Suite("Exercise 3.1 — Which calls fail") struct CallOutcomesTests {
    @Test("join and leave need the group; create, delete and a stray leave are ok")
    func theErrorRules() async throws {
        let story: CallOutcomesCheck.Case = { pids in
            let p = pids.local[0]
            return [
                .leave("chat", p), .join("chat", p), .members("chat"), .delete("chat"), .create("chat"),
                .create("chat"),
                .leave("chat", p), .join("chat", p), .localMembers("jobs"), .whichGroups, .delete("chat"),
                .members("chat"),
            ]
        }
        expectNoProblems(try await CallOutcomesCheck.problems(of: predictOutcomes, cases: [story], seed: 3101))
    }

    @Test("the reads are sorted, repeat each pid by its count, and local means this node's")
    func theReads() async throws {
        let story: CallOutcomesCheck.Case = { pids in
            let (p, q, r) = (pids.local[1], pids.remote[0], pids.local[0])
            return [
                .create("chat"), .join("chat", q), .join("chat", p), .join("chat", r), .join("chat", p),
                .members("chat"), .localMembers("chat"), .leave("chat", p), .members("chat"),
            ]
        }
        expectNoProblems(try await CallOutcomesCheck.problems(of: predictOutcomes, cases: [story], seed: 3102))
    }

    @Test("a dead member vanishes, and a dead pid may join but does not stay")
    func deaths() async throws {
        let story: CallOutcomesCheck.Case = { pids in
            let (p, q) = (pids.local[0], pids.remote[1])
            return [
                .create("jobs"), .join("jobs", p), .join("jobs", p), .join("jobs", q), .kill(p), .members("jobs"),
                .join("jobs", p), .members("jobs"), .kill(q), .members("jobs"), .whichGroups,
            ]
        }
        expectNoProblems(try await CallOutcomesCheck.problems(of: predictOutcomes, cases: [story], seed: 3103))
    }

    @Test("predictions match pg2 on random call sequences")
    func randomCalls() async throws {
        for seed in [3110, 3120, 3130] as [UInt64] {
            let cases = CallOutcomesCheck.randomCases(seed: seed, count: 25)
            expectNoProblems(try await CallOutcomesCheck.problems(of: predictOutcomes, cases: cases, seed: seed))
        }
    }
}

import Cluster
import Distributed
import SubstrateExercises
import TestKit
import Testing
import WorkbookSupport

/// The checks of exercise 0.3, over any quorum call: the tests pass the reader's, the planted
/// answers a constant, a call that waits for every node, and one that asks one node at a time.
enum QuorumCheck {
    /// A quorum call of `answer` on `Responder`s: from a node, to nodes, for a quorum, with a timeout.
    typealias Ask =
        @Sendable (_ from: Node, _ to: [NodeName], _ quorum: Int, _ timeout: Duration?) async throws
        -> QuorumReplies<String>

    /// The reader's ``quorumCall(from:to:_:as:quorum:timeout:_:)``.
    static let yours: Ask = { node, nodes, quorum, timeout in
        try await quorumCall(from: node, to: nodes, "answer", as: Responder.self, quorum: quorum, timeout: timeout) {
            try await $0.answer()
        }
    }

    /// Every message takes 1 ms.
    static let network = NetworkOptions(minDelay: .milliseconds(1), maxDelay: .milliseconds(1))

    /// What one call did, and how much virtual time it took.
    struct Outcome: Sendable {
        let result: Result<QuorumReplies<String>, any Error>
        let elapsed: Duration
        let escapedJobs: Int

        var nodes: [NodeName]? { try? result.get().replies.map(\.node) }
        var values: [String]? { try? result.get().replies.map(\.value) }
        var outOfReach: QuorumOutOfReach? {
            if case .failure(let error) = result { error as? QuorumOutOfReach } else { nil }
        }
    }

    /// Node a, the caller, and a node for each entry of `delays`, whose `Responder` waits that
    /// long (no entry for a: a has none; a nil delay: the node has none). `before` runs first,
    /// in the simulation (to partition, or to plan a crash); then `ask` is timed from node a.
    static func run(
        _ ask: @escaping Ask, seed: UInt64, delays: [NodeName: Duration?], quorum: Int, timeout: Duration? = nil,
        test: String = #function,
        before: @escaping @Sendable (Simulation) -> Void = { _ in }
    ) async throws -> Outcome {
        let sim = simulation(seed: seed, network: network, test: test)
        let a = sim.addNode("a")
        for name in delays.keys.sorted() {
            let node = name == "a" ? a : sim.addNode(name)
            if let delay = delays[name] ?? nil {
                try node.register("answer") { Responder(delay: delay, actorSystem: node) }
            }
        }
        let targets = delays.keys.sorted()
        let (result, elapsed) = try await sim.run {
            before(sim)
            let start = a.clock.now
            let result: Result<QuorumReplies<String>, any Error>
            do { result = .success(try await ask(a, targets, quorum, timeout)) } catch { result = .failure(error) }
            return (result, start.duration(to: a.clock.now))
        }
        if case .failure(let error as TODO) = result { throw error }  // the stub: the test fails on it alone
        return Outcome(result: result, elapsed: elapsed, escapedJobs: sim.escapedJobs)
    }

    /// The common problems of an outcome: a task that escaped the simulation.
    static func escapes(_ outcome: Outcome) -> [String] {
        outcome.escapedJobs == 0
            ? [] : ["\(outcome.escapedJobs) task(s) escaped the simulation: start tasks with node.spawn, not Task { }"]
    }

    static func describe(_ outcome: Outcome) -> String {
        switch outcome.result {
        case .success(let replies): "replies \(replies.replies.map(\.node)) after \(outcome.elapsed)"
        case .failure(let error): "threw \(error) after \(outcome.elapsed)"
        }
    }

    /// b 30 ms, c 5 s, d 10 ms, e 20 ms; a quorum of 2 is d and e, 22 ms after the call.
    static func returnsAtTheQuorum(_ ask: @escaping Ask, test: String = #function) async throws -> [String] {
        let delays: [NodeName: Duration?] = [
            "b": .milliseconds(30), "c": .seconds(5), "d": .milliseconds(10), "e": .milliseconds(20),
        ]
        let outcome = try await run(ask, seed: 301, delays: delays, quorum: 2, test: test)
        var problems = escapes(outcome)
        if outcome.nodes != ["d", "e"] || outcome.values != ["answer from d", "answer from e"] {
            problems.append(
                "b, c, d, e answer after 30 ms, 5 s, 10 ms, 20 ms; a quorum of 2 must be d and e "
                    + "(\"answer from d\", \"answer from e\"), sorted by node: got \(describe(outcome))")
        } else if outcome.elapsed != .milliseconds(22) {
            problems.append(
                "a quorum of 2 out of 10 ms, 20 ms, 30 ms and 5 s must return when e's reply arrives, "
                    + "22 ms after the call (20 ms + a 2 ms round trip): it took \(outcome.elapsed)")
        }
        return problems
    }

    /// b 30 ms, c 20 ms, d 10 ms, all three needed: 32 ms if the calls go out together.
    static func callsGoOutTogether(_ ask: @escaping Ask, test: String = #function) async throws -> [String] {
        let delays: [NodeName: Duration?] = ["b": .milliseconds(30), "c": .milliseconds(20), "d": .milliseconds(10)]
        let outcome = try await run(ask, seed: 302, delays: delays, quorum: 3, test: test)
        var problems = escapes(outcome)
        if outcome.nodes != ["b", "c", "d"] {
            problems.append("a quorum of all three must list b, c and d: got \(describe(outcome))")
        } else if outcome.elapsed != .milliseconds(32) {
            problems.append(
                "the three calls must go out at once and take 32 ms in all (the slowest, 30 ms, + 2 ms): "
                    + "it took \(outcome.elapsed)")
        }
        return problems
    }

    /// Random delays on a…f, a random quorum, twelve rounds: the replies are always the first
    /// to arrive (a's own has no round trip).
    static func firstToArrive(_ ask: @escaping Ask, test: String = #function) async throws -> [String] {
        let seed = testSeed(303)
        let random = NodeRandom(seed: seed)
        var problems: [String] = []
        for round in 0..<12 {
            let names: [NodeName] = ["a", "b", "c", "d", "e", "f"]
            var slots = Array(1...60).map { Duration.milliseconds(3 * $0) }  // 3 ms apart: no ties
            var delays: [NodeName: Duration?] = [:]
            for name in names { delays[name] = slots.remove(at: Int(random.next() % UInt64(slots.count))) }
            let quorum = 1 + Int(random.next() % UInt64(names.count))
            let arrival = { (name: NodeName) -> Duration in (delays[name]!)! + (name == "a" ? .zero : .milliseconds(2))
            }
            let first = names.sorted { arrival($0) < arrival($1) }.prefix(quorum)
            let outcome = try await run(ask, seed: seed &+ UInt64(round), delays: delays, quorum: quorum, test: test)
            problems += escapes(outcome)
            let expected = first.sorted()
            let slowest = first.map(arrival).max()!
            if outcome.nodes != expected || outcome.elapsed != slowest {
                let shown = names.map { "\($0) \(arrival($0))" }.joined(separator: ", ")
                problems.append(
                    "round \(round), replies arriving \(shown), quorum \(quorum): expected \(expected) "
                        + "after \(slowest), got \(describe(outcome))")
            }
        }
        return problems.isEmpty ? [] : problems + [seedNote(seed, test: test)]
    }

    /// b has no server, c is cut off, d and e answer after 10 and 40 ms: a quorum of 2 is d and e,
    /// and b and c are failures.
    static func failuresAreNotReplies(_ ask: @escaping Ask, test: String = #function) async throws -> [String] {
        let delays: [NodeName: Duration?] = [
            "b": nil, "c": .milliseconds(10), "d": .milliseconds(10), "e": .milliseconds(40),
        ]
        let outcome = try await run(ask, seed: 304, delays: delays, quorum: 2, test: test) { sim in
            sim.partition(["a", "b", "d", "e"], ["c"])
        }
        var problems = escapes(outcome)
        let failed = (try? outcome.result.get().failures.keys.sorted()) ?? []
        if outcome.nodes != ["d", "e"] || outcome.elapsed != .milliseconds(42) {
            problems.append(
                "b runs no server and c is cut off, d and e answer after 10 and 40 ms: a quorum of 2 "
                    + "is d and e, 42 ms after the call; got \(describe(outcome))")
        } else if failed != ["b", "c"] {
            problems.append(
                "b (no server) and c (cut off) had failed by the time the quorum was reached: "
                    + "failures lists \(failed)")
        }
        return problems
    }

    /// b has no server, c is cut off, d answers after 5 s: a quorum of 2 is out of reach 2 ms in,
    /// when b's noproc arrives. And a quorum of 4 out of 3 nodes is out of reach at once.
    static func givesUpWhenOutOfReach(_ ask: @escaping Ask, test: String = #function) async throws -> [String] {
        let delays: [NodeName: Duration?] = ["b": nil, "c": .milliseconds(10), "d": .seconds(5)]
        let outcome = try await run(ask, seed: 305, delays: delays, quorum: 2, test: test) { sim in
            sim.partition(["a", "b", "d"], ["c"])
        }
        var problems = escapes(outcome)
        if let error = outcome.outOfReach {
            if error.failures.keys.sorted() != ["b", "c"] || outcome.elapsed != .milliseconds(2) {
                problems.append(
                    "b runs no server, c is cut off: a quorum of 2 out of b, c, d is out of reach as soon "
                        + "as b's noproc arrives, 2 ms in, with b and c as failures; got failures "
                        + "\(error.failures.keys.sorted()) after \(outcome.elapsed)")
            }
        } else {
            problems.append(
                "b runs no server, c is cut off: a quorum of 2 out of b, c, d must throw QuorumOutOfReach; "
                    + "got \(describe(outcome))")
        }
        let tooMany = try await run(
            ask, seed: 306, delays: ["b": .milliseconds(10), "c": .milliseconds(10), "d": .milliseconds(10)], quorum: 4,
            test: test)
        if tooMany.outOfReach == nil || tooMany.elapsed != .zero {
            problems.append(
                "a quorum of 4 out of 3 nodes is out of reach at once (QuorumOutOfReach, no time spent): "
                    + "got \(describe(tooMany))")
        }
        return problems
    }

    /// b answers after 10 ms, c and d after 10 s; with a timeout of 1 s a quorum of 2 is out of
    /// reach after exactly 1 s.
    static func timeoutBoundsTheWait(_ ask: @escaping Ask, test: String = #function) async throws -> [String] {
        let delays: [NodeName: Duration?] = ["b": .milliseconds(10), "c": .seconds(10), "d": .seconds(10)]
        let outcome = try await run(ask, seed: 307, delays: delays, quorum: 2, timeout: .seconds(1), test: test)
        var problems = escapes(outcome)
        if outcome.outOfReach?.failures.keys.sorted() != ["c", "d"] || outcome.elapsed != .seconds(1) {
            problems.append(
                "b answers after 10 ms, c and d after 10 s: with a timeout of 1 s, a quorum of 2 is out "
                    + "of reach 1 s in, c and d failed (timed out); got \(describe(outcome))")
        }
        return problems
    }

    /// b answers after 10 ms, c after 1 s, d after 2 s; c crashes 100 ms in: a quorum of 2 is b
    /// and d, 2002 ms after the call.
    static func crashMidCall(_ ask: @escaping Ask, test: String = #function) async throws -> [String] {
        let delays: [NodeName: Duration?] = ["b": .milliseconds(10), "c": .seconds(1), "d": .seconds(2)]
        let outcome = try await run(ask, seed: 308, delays: delays, quorum: 2, test: test) { sim in
            let a = sim.node("a")!
            a.spawn {
                try? await a.clock.sleep(for: .milliseconds(100))
                sim.crash("c")
            }
        }
        var problems = escapes(outcome)
        let failed = (try? outcome.result.get().failures.keys.sorted()) ?? []
        if outcome.nodes != ["b", "d"] || outcome.elapsed != .milliseconds(2_002) || failed != ["c"] {
            problems.append(
                "b, c, d answer after 10 ms, 1 s, 2 s, and c crashes 100 ms in: a quorum of 2 is b and d, "
                    + "2002 ms after the call, with c a failure; got \(describe(outcome)), failures \(failed)")
        }
        return problems
    }

    /// Every check, for the planted answers.
    static var all: [(@escaping Ask) async throws -> [String]] {
        [
            { try await returnsAtTheQuorum($0) }, { try await callsGoOutTogether($0) }, { try await firstToArrive($0) },
            { try await failuresAreNotReplies($0) }, { try await givesUpWhenOutOfReach($0) },
            { try await timeoutBoundsTheWait($0) }, { try await crashMidCall($0) },
        ]
    }
}

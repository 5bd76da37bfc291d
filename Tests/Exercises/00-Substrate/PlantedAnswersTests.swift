import Cluster
import SubstrateExercises
import Testing

/// The exercises' checks reject answers that are constant or trivially wrong: each planted answer
/// goes through the very check the exercise's tests use, and must come out with problems. These
/// tests never call the reader's code, so they pass with the stubs and with the solutions alike.
@Suite("Chapter 0 — planted answers are rejected") struct PlantedAnswersTests {
    /// Every scenario the tests of exercise 0.1 use.
    static let allScenarios =
        DownPredictionCheck.endings + DownPredictionCheck.alreadyGone + DownPredictionCheck.cutOff
        + DownPredictionCheck.exactlyOnce + DownPredictionCheck.untouched + DownPredictionCheck.drawn(40, seed: 106)

    @Test("0.1: predicting no DOWN at all, or always the same one, is rejected")
    func constantPredictionsAreRejected() async throws {
        for constant in [[], [ExitReason.noproc], [.noconnection], [.killed], [.normal, .normal]] {
            let problems = try await DownPredictionCheck.problems({ _ in constant }, Self.allScenarios, seed: 1)
            #expect(!problems.isEmpty, "the constant prediction \(constant) passed")
        }
    }

    @Test("0.1: a prediction that ignores where the process lives, and what happened before, is rejected")
    func aPredictionFromTheLastStepAloneIsRejected() async throws {
        // The reason of the first step after the monitor that could end anything, if any.
        let naive: (MonitorScenario) -> [ExitReason] = { scenario in
            for step in scenario.after {
                switch step {
                case .finish: return [.normal]
                case .kill: return [.killed]
                case .exit(let reason): return [.other(reason)]
                case .partition, .crashB, .restartB: return [.noconnection]
                case .heal: continue
                }
            }
            return []
        }
        let problems = try await DownPredictionCheck.problems(naive, Self.allScenarios, seed: 1)
        #expect(!problems.isEmpty, "the naive prediction passed")
    }

    @Test("0.2: a scenario that accuses nothing, or everything, is rejected")
    func constantScenariosAreRejected() async throws {
        let acquits = try await BrokenPromisesCheck.problems({ _, _ in [] }, realSeeds: [201], mutants: Mutant.all)
        #expect(acquits.count == Mutant.all.count, "every mutant must get through a scenario that checks nothing")
        let accuses = try await BrokenPromisesCheck.problems(
            { _, _ in ["everything"] }, realSeeds: [201], mutants: Mutant.all)
        #expect(accuses.count == 1, "the real substrate must be accused by a scenario that accuses everything")
    }

    @Test("0.2: a scenario that checks only the clock lets the monitor mutants through")
    func aScenarioThatChecksOnlyTheClockIsRejected() async throws {
        let clockOnly: BrokenPromisesCheck.Scenario = { subject, seed in
            let sim = Simulation(seed: seed)
            let a = sim.addNode("a")
            let slept = try await sim.run {
                let start = a.clock.now
                try await subject.sleep(a, .seconds(1))
                return start.duration(to: a.clock.now)
            }
            return slept == .seconds(1) ? [] : ["the clock"]
        }
        let problems = try await BrokenPromisesCheck.problems(clockOnly, realSeeds: [201], mutants: Mutant.all)
        #expect(problems.count == Mutant.all.count - 2, "\(problems)")
    }

    @Test("0.3: a constant, a call that waits for every node, and one that asks one node at a time are rejected")
    func wrongQuorumCallsAreRejected() async throws {
        let constant: QuorumCheck.Ask = { _, _, _, _ in QuorumReplies(replies: [], failures: [:]) }
        let waitsForAll: QuorumCheck.Ask = { node, nodes, quorum, timeout in
            let all = await node.multicall(nodes, "answer", as: Responder.self, timeout: timeout) {
                try await $0.answer()
            }
            guard all.replies.count >= quorum else {
                throw QuorumOutOfReach(quorum: quorum, replied: all.replies.map(\.node), failures: all.failures)
            }
            return QuorumReplies(replies: Array(all.replies.prefix(quorum)), failures: all.failures)
        }
        let oneAtATime: QuorumCheck.Ask = { node, nodes, quorum, timeout in
            var replies: [(node: NodeName, value: String)] = []
            var failures: [NodeName: String] = [:]
            for name in nodes where replies.count < quorum {
                do {
                    let server = try node.resolve("answer", on: name, as: Responder.self)
                    replies.append((name, try await node.withCallTimeout(timeout) { try await server.answer() }))
                } catch {
                    failures[name] = "\(error)"
                }
            }
            guard replies.count >= quorum else {
                throw QuorumOutOfReach(quorum: quorum, replied: replies.map(\.node), failures: failures)
            }
            return QuorumReplies(replies: replies, failures: failures)
        }
        for (name, ask) in [("constant", constant), ("waits for all", waitsForAll), ("one at a time", oneAtATime)] {
            var problems: [String] = []
            for check in QuorumCheck.all { problems += try await check(ask) }
            #expect(!problems.isEmpty, "the planted quorum call '\(name)' passed every check")
        }
    }
}

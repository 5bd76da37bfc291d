import Cluster
import SubstrateExercises
import TestKit
import Testing

/// Exercise 0.1 — edit Exercises/00-Substrate/DownPrediction.swift
///
/// Each test runs its scenarios in a real simulation and compares the DOWNs node a's monitor
/// delivered with the reader's prediction.
@Suite("Exercise 0.1 — Predict the DOWN") struct DownPredictionTests {
    static let file = "edit Exercises/00-Substrate/DownPrediction.swift"

    @Test("A process that ends after the monitor is set sends one DOWN with its own reason")
    func aProcessThatEndsSendsOneDownWithItsReason() async throws {
        let problems = try await DownPredictionCheck.problems(predictedDowns, DownPredictionCheck.endings, seed: 101)
        #expect(problems.isEmpty, report(problems, Self.file))
    }

    @Test("A pid that's already dead, or lived on an earlier incarnation of its node, gives noproc")
    func aPidThatIsAlreadyGoneGivesNoproc() async throws {
        let problems = try await DownPredictionCheck.problems(
            predictedDowns, DownPredictionCheck.alreadyGone, seed: 102)
        #expect(problems.isEmpty, report(problems, Self.file))
    }

    @Test("A process cut off by a partition or a crash of its node gives noconnection, dead or not")
    func aProcessCutOffGivesNoconnection() async throws {
        let problems = try await DownPredictionCheck.problems(predictedDowns, DownPredictionCheck.cutOff, seed: 103)
        #expect(problems.isEmpty, report(problems, Self.file))
    }

    @Test("A monitor delivers one DOWN at most, whatever happens after it fired")
    func aMonitorDeliversOneDownAtMost() async throws {
        let problems = try await DownPredictionCheck.problems(
            predictedDowns, DownPredictionCheck.exactlyOnce, seed: 104)
        #expect(problems.isEmpty, report(problems, Self.file))
    }

    @Test("Steps that neither end the process nor cut a off from it deliver nothing")
    func stepsThatDoNotTouchTheProcessDeliverNothing() async throws {
        let problems = try await DownPredictionCheck.problems(predictedDowns, DownPredictionCheck.untouched, seed: 105)
        #expect(problems.isEmpty, report(problems, Self.file))
    }

    @Test("Forty scenarios drawn from a seed come out as you predict")
    func fortyDrawnScenariosComeOutAsPredicted() async throws {
        let seed = testSeed(106)
        let problems = try await DownPredictionCheck.problems(
            predictedDowns, DownPredictionCheck.drawn(40, seed: seed), seed: seed)
        #expect(problems.isEmpty, report(problems + [seedNote(seed)], Self.file))
    }
}

/// The check of exercise 0.1, over any prediction: the tests pass the reader's, the planted
/// answers a constant or a wrong model.
enum DownPredictionCheck {
    typealias Step = MonitorScenario.Step

    /// What the real substrate does in `scenario`: the reasons of the DOWNs node a's monitor
    /// delivers, settling the cluster after every step.
    static func observedDowns(_ scenario: MonitorScenario, seed: UInt64) async throws -> [ExitReason] {
        let sim = Simulation(seed: seed)
        let a = sim.addNode("a")
        sim.addNode("b")
        var process: ProcessActor? = (scenario.home == .watcherNode ? a : sim.node("b")!).spawnProcess()
        let pid = process!.id
        func perform(_ step: Step) async throws {
            switch step {
            case .finish: process = nil
            case .kill: sim.kill(pid)
            case .exit(let reason): sim.node(pid.node)?.exit(pid, reason: .other(reason))
            case .partition: sim.partition(["a"], ["b"])
            case .heal: sim.heal()
            case .crashB: sim.crash("b")
            case .restartB: sim.restart("b")
            }
            try await sim.quiescence()
        }
        for step in scenario.before { try await perform(step) }
        let downs = Mailbox<Down>()
        a.monitor(pid, into: downs)
        try await sim.quiescence()
        for step in scenario.after { try await perform(step) }
        withExtendedLifetime(process) {}
        return downs.drain().map(\.reason)
    }

    /// The scenarios `predict` gets wrong, one line each: empty if it predicts every one. An
    /// error `predict` throws (the stub's `TODO`) ends the check and reaches the test as itself.
    static func problems(
        _ predict: (MonitorScenario) throws -> [ExitReason], _ scenarios: [MonitorScenario], seed: UInt64
    ) async throws -> [String] {
        var problems: [String] = []
        for (index, scenario) in scenarios.enumerated() {
            let predicted = try predict(scenario)
            let observed = try await observedDowns(scenario, seed: seed &+ UInt64(index))
            if predicted != observed {
                problems.append("\(scenario): you predicted \(predicted), the simulation delivered \(observed)")
            }
        }
        return problems
    }

    /// The process ends after the monitor is set, in each of the three ways, on either node.
    static let endings: [MonitorScenario] = [MonitorScenario.Home.watcherNode, .otherNode].flatMap { home in
        [Step.finish, .kill, .exit("shutdown")].map { MonitorScenario(home: home, after: [$0]) }
    }

    /// The pid is gone before the monitor is set.
    static let alreadyGone: [MonitorScenario] = [
        MonitorScenario(home: .watcherNode, before: [.kill]),
        MonitorScenario(home: .watcherNode, before: [.finish]),
        MonitorScenario(home: .otherNode, before: [.kill]),
        MonitorScenario(home: .otherNode, before: [.exit("shutdown")]),
        MonitorScenario(home: .otherNode, before: [.restartB]),
        MonitorScenario(home: .otherNode, before: [.crashB, .restartB]),
        MonitorScenario(home: .otherNode, before: [.partition, .kill, .heal]),
    ]

    /// Node a cannot reach the process: before the monitor, or after it.
    static let cutOff: [MonitorScenario] = [
        MonitorScenario(home: .otherNode, after: [.partition]),
        MonitorScenario(home: .otherNode, after: [.crashB]),
        MonitorScenario(home: .otherNode, after: [.restartB]),
        MonitorScenario(home: .otherNode, before: [.partition]),
        MonitorScenario(home: .otherNode, before: [.crashB]),
        MonitorScenario(home: .otherNode, before: [.partition, .kill]),
        MonitorScenario(home: .otherNode, before: [.kill, .partition]),
        MonitorScenario(home: .otherNode, before: [.partition, .restartB]),
    ]

    /// More happens after the monitor has fired.
    static let exactlyOnce: [MonitorScenario] = [
        MonitorScenario(home: .otherNode, after: [.partition, .heal, .kill]),
        MonitorScenario(home: .otherNode, after: [.partition, .kill, .heal]),
        MonitorScenario(home: .otherNode, after: [.kill, .restartB]),
        MonitorScenario(home: .otherNode, after: [.crashB, .restartB, .finish]),
        MonitorScenario(home: .otherNode, before: [.partition], after: [.heal, .kill]),
        MonitorScenario(home: .watcherNode, after: [.kill, .exit("again"), .finish]),
        MonitorScenario(home: .watcherNode, before: [.kill], after: [.finish]),
    ]

    /// Nothing that happens concerns the process or node a's link to it.
    static let untouched: [MonitorScenario] = [
        MonitorScenario(home: .watcherNode),
        MonitorScenario(home: .otherNode),
        MonitorScenario(home: .watcherNode, after: [.partition]),
        MonitorScenario(home: .watcherNode, after: [.crashB, .restartB]),
        MonitorScenario(home: .otherNode, after: [.heal]),
        MonitorScenario(home: .otherNode, before: [.partition, .heal]),
        MonitorScenario(home: .watcherNode, before: [.restartB, .partition], after: [.heal]),
    ]

    /// `count` scenarios drawn from `seed`: a home, up to two steps before, up to three after.
    static func drawn(_ count: Int, seed: UInt64) -> [MonitorScenario] {
        let random = NodeRandom(seed: seed)
        let steps: [Step] = [.finish, .kill, .exit("shutdown"), .partition, .heal, .crashB, .restartB]
        func pick<T>(_ choices: [T]) -> T { choices[Int(random.next() % UInt64(choices.count))] }
        func some(upTo most: Int) -> [Step] { (0..<pick(Array(0...most))).map { _ in pick(steps) } }
        return (0..<count).map { _ in
            let home = pick([MonitorScenario.Home.watcherNode, .otherNode, .otherNode])
            return MonitorScenario(home: home, before: some(upTo: 2), after: some(upTo: 3))
        }
    }
}

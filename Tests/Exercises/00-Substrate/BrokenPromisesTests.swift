import Cluster
import SubstrateExercises
import Testing

/// Exercise 0.2 — edit Exercises/00-Substrate/BrokenPromises.swift
///
/// The reader's scenario must find nothing wrong with the real substrate, and something wrong
/// with each planted mutant.
@Suite("Exercise 0.2 — Catch the mutant substrate") struct BrokenPromisesTests {
    static let file = "edit Exercises/00-Substrate/BrokenPromises.swift"

    @Test("The real substrate keeps every promise your scenario checks")
    func theRealSubstrateKeepsEveryPromise() async throws {
        let problems = try await BrokenPromisesCheck.problems(brokenPromises, realSeeds: [201, 202, 203])
        #expect(problems.isEmpty, report(problems, Self.file))
    }

    @Test("A monitor that delivers its DOWN twice is caught")
    func aMonitorThatDeliversTwiceIsCaught() async throws {
        try await expectCaught(.twoDowns)
    }

    @Test("A monitor that says noproc when the connection is lost is caught")
    func noprocForNoconnectionIsCaught() async throws {
        try await expectCaught(.noprocForNoconnection)
    }

    @Test("A monitor that reports a killed process as finished normally is caught")
    func normalForKilledIsCaught() async throws {
        try await expectCaught(.normalForKilled)
    }

    @Test("A monitor that stays silent when the connection drops is caught")
    func silenceOnAPartitionIsCaught() async throws {
        try await expectCaught(.silentWhenCutOff)
    }

    @Test("A monitor that stays silent for a pid that's already dead is caught")
    func silenceForADeadPidIsCaught() async throws {
        try await expectCaught(.silentForDeadPids)
    }

    @Test("A clock that doesn't advance virtual time is caught")
    func aFrozenClockIsCaught() async throws {
        try await expectCaught(.frozenClock)
    }

    @Test("A clock that sleeps half as long as it's asked to is caught")
    func aHalfSpeedClockIsCaught() async throws {
        try await expectCaught(.hastyClock)
    }

    private func expectCaught(_ mutant: Mutant) async throws {
        let problems = try await BrokenPromisesCheck.problems(brokenPromises, mutants: [mutant])
        #expect(problems.isEmpty, report(problems, Self.file))
    }
}

/// A planted mutant of the substrate: the real one with one promise broken.
struct Mutant: Sendable {
    let name: String
    let subject: SubstrateUnderTest

    /// The real monitors, with each DOWN passed through `change` (nil: dropped).
    static func rewriting(_ name: String, _ change: @escaping @Sendable (Down) -> Down?) -> Mutant {
        let monitor: @Sendable (Node, Pid, @escaping @Sendable (Down) -> Void) -> MonitorRef = { node, pid, deliver in
            node.monitor(pid) { down in change(down).map(deliver) }
        }
        return Mutant(name: name, subject: SubstrateUnderTest(monitor: monitor, sleep: SubstrateUnderTest.real.sleep))
    }

    static func withReason(_ down: Down, _ reason: ExitReason) -> Down {
        Down(ref: down.ref, pid: down.pid, reason: reason)
    }

    static let twoDowns = Mutant(
        name: "a monitor that delivers every DOWN twice",
        subject: SubstrateUnderTest(
            monitor: { node, pid, deliver in
                node.monitor(pid) { down in
                    deliver(down); deliver(down)
                }
            },
            sleep: SubstrateUnderTest.real.sleep))
    static let noprocForNoconnection = rewriting("a monitor that says noproc for noconnection") {
        $0.reason == .noconnection ? withReason($0, .noproc) : $0
    }
    static let normalForKilled = rewriting("a monitor that says normal for killed") {
        $0.reason == .killed ? withReason($0, .normal) : $0
    }
    static let silentWhenCutOff = rewriting("a monitor that never delivers noconnection") {
        $0.reason == .noconnection ? nil : $0
    }
    static let silentForDeadPids = rewriting("a monitor that never delivers noproc") {
        $0.reason == .noproc ? nil : $0
    }
    static let frozenClock = Mutant(
        name: "a clock whose sleeps return at once",
        subject: SubstrateUnderTest(monitor: SubstrateUnderTest.real.monitor, sleep: { _, _ in }))
    static let hastyClock = Mutant(
        name: "a clock that sleeps half the time asked",
        subject: SubstrateUnderTest(
            monitor: SubstrateUnderTest.real.monitor,
            sleep: { node, duration in try await node.clock.sleep(for: duration / 2) }))

    static let all: [Mutant] = [
        twoDowns, noprocForNoconnection, normalForKilled, silentWhenCutOff, silentForDeadPids, frozenClock, hastyClock,
    ]
}

/// The check of exercise 0.2, over any scenario: the tests pass the reader's, the planted
/// answers one that accuses everything or nothing.
enum BrokenPromisesCheck {
    typealias Scenario = (SubstrateUnderTest, UInt64) async throws -> [String]

    /// What is wrong with `scenario`: the real substrate accused (with any of `realSeeds`), or one
    /// of `mutants` let through (with `mutantSeed`). An error the scenario throws (the stub's
    /// `TODO`) reaches the test as itself.
    static func problems(
        _ scenario: Scenario, realSeeds: [UInt64] = [], mutants: [Mutant] = [], mutantSeed: UInt64 = 204
    ) async throws -> [String] {
        var problems: [String] = []
        for seed in realSeeds {
            let accusations = try await scenario(.real, seed)
            if !accusations.isEmpty {
                problems.append("seed \(seed): your scenario says the real substrate breaks \(accusations)")
            }
        }
        for mutant in mutants {
            if try await scenario(mutant.subject, mutantSeed).isEmpty {
                problems.append(
                    "seed \(mutantSeed): your scenario lets \(mutant.name) through: it reports no broken promise")
            }
        }
        return problems
    }
}

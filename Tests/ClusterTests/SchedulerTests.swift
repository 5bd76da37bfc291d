import Cluster
import TestKit
import Testing

@Suite struct SchedulerTests {
    @Test func sleepingMovesOnlyVirtualTime() async throws {
        let sim = simulation(seed: 41)
        let a = sim.addNode("a")
        let start = a.clock.now
        try await sim.run { try await a.clock.sleep(for: .seconds(3_600)) }
        #expect(start.duration(to: a.clock.now) == .seconds(3_600))
    }

    @Test func runForAdvancesTheClockAndRunsWhatIsDue() async throws {
        let sim = simulation(seed: 42)
        let a = sim.addNode("a")
        let log = Mailbox<Int>()
        for ms in [30, 10, 20] {
            a.spawn {
                try await a.clock.sleep(for: .milliseconds(ms))
                log.send(ms)
            }
        }
        try await sim.run(for: .milliseconds(25))
        #expect(log.drain() == [10, 20])
        #expect(sim.now == .milliseconds(25))
        try await sim.quiescence()
        #expect(log.drain() == [30])
    }

    @Test func aCancelledSleepEndsEarlyWithCancellationError() async throws {
        let sim = simulation(seed: 43)
        let a = sim.addNode("a")
        try await sim.run {
            let sleeper = a.spawn { try await a.clock.sleep(for: .seconds(10)) }
            try await a.clock.sleep(for: .seconds(1))
            sleeper.cancel()
            await #expect(throws: CancellationError.self) { try await sleeper.value }
        }
        try await sim.quiescence()
        #expect(sim.now == .seconds(1), "a cancelled timer does not move the clock")
    }

    @Test func aTaskThatEscapesIsCaughtAndCounted() async throws {
        let sim = simulation(seed: 44)
        let a = sim.addNode("a")
        let p = a.spawnProcess()
        let value = try await sim.run {
            // `Task { }` drops the simulation's executor preference: a leak the hook catches.
            try await Task { try await p.echo("escaped") }.value
        }
        #expect(value == "escaped")
        #expect(sim.escapedJobs > 0)
    }

    @Test func aBodyNobodyCanWakeFailsWithTheSeed() async throws {
        let sim = simulation(seed: 45)
        sim.addNode("a")
        let never = Mailbox<Int>()
        do {
            _ = try await sim.run { await never.next() }
            Issue.record("the run should have stalled")
        } catch let error as SimulationError {
            #expect("\(error)".contains("seed 45"))
            #expect("\(error)".contains("PG2_SEED=45 swift test"))
        }
    }

    @Test func runsOfOneSimulationTakeTurns() async throws {
        let sim = simulation(seed: 46)
        let a = sim.addNode("a")
        try await sim.run {
            await #expect(throws: SimulationError.self) { try await sim.quiescence() }
            try await a.clock.sleep(for: .milliseconds(1))
        }
    }

    @Test func theSameSeedDrawsTheSameRandomNumbers() async throws {
        let draws = (0..<2).map { _ -> [UInt64] in
            let sim = simulation(seed: 47)
            let rng = sim.addNode("a").random
            return (0..<5).map { _ in rng.next() }
        }
        #expect(draws[0] == draws[1])
        let other = simulation(seed: 48).addNode("a").random
        #expect(other.next() != draws[0][0])
    }
}

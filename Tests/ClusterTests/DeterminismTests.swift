import Cluster
import Demos
import TestKit
import Testing

/// One seed, one run: the substrate tour (three nodes; concurrent calls, a partition, a kill, a
/// heal, a crash and a restart) must give a byte-identical trace every time, and every seed the
/// same observed outcome. CI also compares the trace of two separate processes
/// (`swift run workbook --seed 42 --trace-only`), which a single test process cannot.
@Suite struct DeterminismTests {
    static let expectedSteps = [
        "a is connected to nodeup b, nodeup c",
        "replies: b1 b2 b3 c1 c2 c3 via-b1 via-b2 via-b3",
        "a saw noconnection for a process",
        "a saw noconnection for a process",
        "a saw nodedown b",
        "a saw nodedown c",
        "a's call during the partition: noconnection: node b is not connected",
        "b saw killed",
        "a saw nodeup b",
        "a saw nodeup c",
        "pb answers: back",
        "a's new watch on pc: noproc",
        "a saw noconnection for pb, then nodedown b",
        "a saw nodeup b (incarnation 2)",
        "calling the old pb: noproc: no process <b.1>",
    ]

    @Test func oneSeedGivesAByteIdenticalTraceTwentyTimes() async throws {
        var traces: Set<String> = []
        for _ in 0..<20 {
            let sim = simulation(seed: 42)
            _ = try await SubstrateTour.run(in: sim)
            traces.insert(sim.trace.text)
            #expect(sim.escapedJobs == 0, "library code escaped to the global executor — \(sim.seedNote)")
        }
        #expect(traces.count == 1, "\(traces.count) different traces for one seed")
    }

    @Test func fiftySeedsAllReachTheSameCorrectOutcome() async throws {
        var distinctTraces: Set<String> = []
        for seed in UInt64(1)...50 {
            let sim = simulation(seed: seed)
            let outcome = try await SubstrateTour.run(in: sim)
            #expect(outcome.steps == Self.expectedSteps, Comment(rawValue: sim.seedNote))
            sim.expectNoEscapedJobs()
            distinctTraces.insert(sim.trace.text)
        }
        #expect(distinctTraces.count == 50, "different seeds should time messages differently")
    }

    @Test func twoSimulationsRunInParallelWithoutInterfering() async throws {
        let reference = simulation(seed: 7)
        _ = try await SubstrateTour.run(in: reference)
        let traces = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    let sim = simulation(seed: 7)
                    _ = try await SubstrateTour.run(in: sim)
                    return sim.trace.text
                }
            }
            var all: [String] = []
            for try await trace in group { all.append(trace) }
            return all
        }
        #expect(traces.allSatisfy { $0 == reference.trace.text })
    }
}

import Foundation
import ProcessGroups
import Testing

/// The seed sweeps: hundreds of small random scenarios, each checked against what
/// Chapters/PG2Rules.md promises.
///
/// A failing seed prints itself, its steps and a one-line replay command. `PG2_SEED=<n>` runs only
/// that seed, `PG2_SWEEP=<count>` runs seeds 1…count (default 200), and `PG2_SWEEP_LOG=1` prints
/// every seed's steps.
@Suite struct SeedSweepTests {
    static let seeds: [UInt64] = {
        let environment = ProcessInfo.processInfo.environment
        if let seed = environment["PG2_SEED"].flatMap(UInt64.init) { return [seed] }
        let count = environment["PG2_SWEEP"].flatMap(UInt64.init) ?? 200
        return Array(1...max(count, 1))
    }()

    /// Clean partitions and heals, a crash and a restart, pg2 server restarts and kills, with
    /// concurrent writes between them, every step quiesced before the next (see
    /// ``SweepScenario``). After every step every live node holds exactly what ``SweepModel``
    /// derives from the rules; after the final heal all live nodes agree; after deleting every
    /// group and killing every pid nothing is left, monitors included.
    @Test(arguments: seeds)
    func quiescedScenariosEndExactlyAsTheRulesPredict(seed: UInt64) async throws {
        let replay = "PG2_SEED=\(seed) swift test --filter ProcessGroupsTests.SeedSweepTests/quiesced"
        var scenario = SweepScenario(seed: seed, replayCommand: replay)
        var thrown: (any Error)?
        do { try await scenario.play() } catch { thrown = error }
        report(scenario.cluster, thrown: thrown, replay: replay)
    }

    /// The same kinds of step with nothing waiting for anything (see ``RacingScenario``): only
    /// the promises that survive A4 are checked — writes return, invariants hold, no dead pid is
    /// listed, and the final clean-up leaves nothing behind.
    @Test(arguments: seeds)
    func racingScenariosKeepThePromisesThatSurviveRaces(seed: UInt64) async throws {
        let replay = "PG2_SEED=\(seed) swift test --filter ProcessGroupsTests.SeedSweepTests/racing"
        var scenario = RacingScenario(seed: seed, replayCommand: replay)
        var thrown: (any Error)?
        do { try await scenario.play() } catch { thrown = error }
        report(scenario.cluster, thrown: thrown, replay: replay)
    }

    /// What makes a printed seed worth having: playing it again gives the same run, message for
    /// message — so the replay command shows exactly the failure it reported.
    @Test func aSeedReplaysExactly() async throws {
        var traces: [[String]] = []
        for _ in 0..<2 {
            var quiesced = SweepScenario(seed: 42, replayCommand: "")
            try await quiesced.play()
            var racing = RacingScenario(seed: 42, replayCommand: "")
            try await racing.play()
            traces.append(quiesced.cluster.sim.trace.lines + racing.cluster.sim.trace.lines)
        }
        #expect(traces[0].count > 100)
        #expect(traces[0] == traces[1], "seed 42 played twice differently")
    }

    /// Prints the steps if asked to; on failure prints the seed, the replay command, the steps and
    /// the failures, and records them as the test's issue.
    private func report(_ cluster: SweepCluster, thrown: (any Error)?, replay: String) {
        let steps = cluster.log.enumerated().map { "  \($0 + 1). \($1)" }
        if ProcessInfo.processInfo.environment["PG2_SWEEP_LOG"] != nil {
            print((["seed \(cluster.seed):"] + steps).joined(separator: "\n"))
        }
        let escaped = cluster.sim.escapedJobs == 0 ? [] : ["\(cluster.sim.escapedJobs) jobs escaped the simulation"]
        let failures = cluster.failures + (thrown.map { ["threw \($0)"] } ?? []) + escaped
        guard !failures.isEmpty else { return }
        let report =
            (["seed \(cluster.seed) FAILED — replay: \(replay)", "steps:"] + steps + ["failures:"]
            + failures.map { "  \($0)" }).joined(separator: "\n")
        print(report)
        Issue.record(Comment(rawValue: report))
    }
}

import Foundation

/// Replaying a failure: every simulated test takes its seed from here, so that one environment
/// variable re-runs exactly the run that failed.
extension Simulation {
    /// The seed in the `PG2_SEED` environment variable, if a failure is being replayed.
    public static var replaySeed: UInt64? {
        ProcessInfo.processInfo.environment["PG2_SEED"].flatMap(UInt64.init)
    }

    /// A simulation for a test: seeded with `PG2_SEED` if it is set, else with `seed`, and whose
    /// ``seedNote`` names the seed and the one-line command that replays the test, e.g.
    /// `seed 7 — replay: PG2_SEED=7 swift test --filter 'ClusterTests.*aCallTimesOut'`.
    /// - Parameters:
    ///   - seed: the seed to use when no `PG2_SEED` is set.
    ///   - network: delays, reordering and loss (see ``NetworkOptions``).
    ///   - testTarget: the test target's module name, the first part of the `--filter`.
    ///   - test: the test function (`#function`).
    /// - Complexity: O(1), plus reading the environment and the length of the names.
    public static func replayable(
        seed: UInt64, network: NetworkOptions = NetworkOptions(), testTarget: String, test: String
    ) -> Simulation {
        let chosen = replaySeed ?? seed
        let name = test.split(separator: "(").first.map(String.init) ?? test
        return Simulation(
            seed: chosen, network: network,
            replayCommand: "PG2_SEED=\(chosen) swift test --filter '\(testTarget).*\(name)'")
    }
}

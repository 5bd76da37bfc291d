import Cluster
import Testing

/// A simulation for an exercise test: the seed is `PG2_SEED` if set (to replay a failure), else
/// `seed`; its ``Simulation/seedNote`` names the seed and the command that replays the test.
func simulation(
    seed: UInt64, network: NetworkOptions = NetworkOptions(), test: String = #function
) -> Simulation {
    .replayable(seed: seed, network: network, testTarget: "SubstrateExercisesTests", test: test)
}

/// The seed a test that draws its own cases should use: `PG2_SEED` if set, else `seed`.
func testSeed(_ seed: UInt64) -> UInt64 { Simulation.replaySeed ?? seed }

/// `seed 7 — replay: PG2_SEED=7 swift test --filter 'SubstrateExercisesTests.*aTest'`, for a
/// test that draws its cases from a seed rather than running one simulation.
func seedNote(_ seed: UInt64, test: String = #function) -> String {
    let name = test.split(separator: "(").first.map(String.init) ?? test
    return "seed \(seed) — replay: PG2_SEED=\(seed) swift test --filter 'SubstrateExercisesTests.*\(name)'"
}

/// Problems as one failure message: one per line, then where to work.
func report(_ problems: [String], _ file: String) -> Comment {
    Comment(rawValue: problems.joined(separator: "\n") + "\n— \(file)")
}

import Cluster
import Testing

/// A simulation for an exercise test: the seed is `PG2_SEED` if set (to replay a failure), else
/// `seed`; its ``Simulation/seedNote`` names the seed and the command that replays the test.
func simulation(seed: UInt64, test: String = #function) -> Simulation {
    .replayable(seed: seed, testTarget: "PGExercisesTests", test: test)
}

/// The seeds a check hands the reader's scenario: `PG2_SEED` alone when replaying, else `defaults`.
func seeds(_ defaults: [UInt64]) -> [UInt64] { Simulation.replaySeed.map { [$0] } ?? defaults }

/// `seed 7101 — replay: PG2_SEED=7101 swift test --filter 'PGExercisesTests.ReplacingSyncTests'`,
/// for a run the reader's own code simulates with `seed`.
func seedNote(_ seed: UInt64, suite: String) -> String {
    "seed \(seed) — replay: PG2_SEED=\(seed) swift test --filter 'PGExercisesTests.\(suite)'"
}

/// Expects a check to have found nothing wrong; each problem it found is one line of the message.
func expectNoProblems(_ problems: [String], sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(problems.isEmpty, Comment(rawValue: problems.joined(separator: "\n")), sourceLocation: sourceLocation)
}

/// A tiny deterministic generator (SplitMix64), so the cases a test picks are the same every run.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next(below bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
}

@_exported import SeededRandom
import Cluster
import Testing

// The tools of the exercise checks: the seeds a check runs, the note that replays one, and the
// message that lists what a check found.

/// The seeds a check hands the reader's scenario: `PG2_SEED` alone when replaying, else `defaults`.
/// O(1), plus reading the environment.
public func seeds(_ defaults: [UInt64]) -> [UInt64] { Simulation.replaySeed.map { [$0] } ?? defaults }

/// The seed a test that draws its own cases should use: `PG2_SEED` if set, else `seed`. O(1), plus
/// reading the environment.
public func testSeed(_ seed: UInt64) -> UInt64 { Simulation.replaySeed ?? seed }

/// `seed 4101 — replay: PG2_SEED=4101 swift test --filter 'GlobalLockExercisesTests.AllOrNothingTests'`,
/// for a run the reader's own code simulates with `seed`, in the calling test's target. O(the
/// length of `suite` and `fileID`).
public func seedNote(_ seed: UInt64, suite: String, fileID: String = #fileID) -> String {
    "seed \(seed) — replay: PG2_SEED=\(seed) swift test --filter '\(testTarget(of: fileID)).\(suite)'"
}

/// `seed 7 — replay: PG2_SEED=7 swift test --filter 'SubstrateExercisesTests.*aTest'`, for a
/// test that draws its cases from a seed rather than running one simulation. O(the length of
/// `test` and `fileID`).
public func seedNote(_ seed: UInt64, test: String = #function, fileID: String = #fileID) -> String {
    let name = test.split(separator: "(").first.map(String.init) ?? test
    return "seed \(seed) — replay: PG2_SEED=\(seed) swift test --filter '\(testTarget(of: fileID)).*\(name)'"
}

/// Expects a check to have found nothing wrong; each problem it found is one line of the message.
/// O(the problems' total length).
public func expectNoProblems(_ problems: [String], sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(problems.isEmpty, Comment(rawValue: problems.joined(separator: "\n")), sourceLocation: sourceLocation)
}

/// At most `limit` problems, and a line saying how many more there were: enough to act on.
/// O(`limit`).
public func firstProblems(_ problems: [String], limit: Int = 5) -> [String] {
    problems.count <= limit ? problems : Array(problems.prefix(limit)) + ["… and \(problems.count - limit) more"]
}

/// The kit's seeded generator, by its short name (``SeededRandom/SplitMix64``).
public typealias SplitMix = SplitMix64

import Cluster
import Foundation
import GlobalLock
import Synchronization
import Testing

/// A simulation for an exercise test: the seed is `PG2_SEED` if set (to replay a failure), else
/// `seed`; its ``Simulation/seedNote`` names the seed and the command that replays the test.
func simulation(seed: UInt64, network: NetworkOptions = NetworkOptions(), test: String = #function) -> Simulation {
    .replayable(seed: seed, network: network, testTarget: "GlobalLockExercisesTests", test: test)
}

/// The seeds a check hands the reader's scenario: `PG2_SEED` alone when replaying, else `defaults`.
func seeds(_ defaults: [UInt64]) -> [UInt64] { Simulation.replaySeed.map { [$0] } ?? defaults }

/// `seed 4101 — replay: PG2_SEED=4101 swift test --filter 'GlobalLockExercisesTests.AllOrNothingTests'`,
/// for a run the reader's own code simulates with `seed`.
func seedNote(_ seed: UInt64, suite: String) -> String {
    "seed \(seed) — replay: PG2_SEED=\(seed) swift test --filter 'GlobalLockExercisesTests.\(suite)'"
}

/// Expects a check to have found nothing wrong; each problem it found is one line of the message.
func expectNoProblems(_ problems: [String], sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(problems.isEmpty, Comment(rawValue: problems.joined(separator: "\n")), sourceLocation: sourceLocation)
}

extension Simulation {
    /// Adds nodes `names` and starts a lock server on each, as every node of a cluster runs one.
    func lockCluster(_ names: [NodeName]) throws -> [Node] {
        try names.map { name in
            let node = addNode(name)
            _ = try LockServer.ensureStarted(on: node)
            return node
        }
    }
}

/// Who holds `resource` on each of `nodes`' lock servers (nodes where it is free are left out).
func holders(of resource: String, on nodes: [Node]) async throws -> [NodeName: Pid] {
    var seen: [NodeName: Pid] = [:]
    for node in nodes where node.isAlive {
        if let pid = try await LockServer.ensureStarted(on: node).requester(of: resource) { seen[node.name] = pid }
    }
    return seen
}

/// Counts the bodies inside a critical section, and the most there ever were at once.
final class CriticalSection: Sendable {
    private let state = Mutex((inside: 0, most: 0))
    func enter() { state.withLock { $0.inside += 1; $0.most = max($0.most, $0.inside) } }
    func exit() { state.withLock { $0.inside -= 1 } }
    var most: Int { state.withLock { $0.most } }
}

/// A value a simulated task sets and the test reads afterwards.
final class Box<Value: Sendable>: Sendable {
    private let value: Mutex<Value>
    init(_ value: Value) { self.value = Mutex(value) }
    func set(_ newValue: Value) { value.withLock { $0 = newValue } }
    var get: Value { value.withLock { $0 } }
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

import Cluster
import Foundation
import GlobalLock
import LocalTable
import Replication
import SingleNodeServer
import Synchronization
import Testing

/// A simulation for an exercise test: the seed is `PG2_SEED` if set (to replay a failure), else
/// `seed`; its ``Simulation/seedNote`` names the seed and the command that replays the test.
func simulation(
    seed: UInt64, network: NetworkOptions = NetworkOptions(), test: String = #function
) -> Simulation {
    .replayable(seed: seed, network: network, testTarget: "ReplicationExercisesTests", test: test)
}

/// Every node's pg2 server and lock server. Call it inside `sim.run`.
func startServers(on nodes: [Node]) throws {
    for node in nodes {
        _ = try PG2Server.ensureStarted(on: node)
        _ = try LockServer.ensureStarted(on: node)
    }
}

/// The server's and the published table's invariants on every node.
func checkInvariants(on nodes: [Node]) async throws {
    for node in nodes {
        #expect(try await PG2Server.ensureStarted(on: node).checkInvariants(), "on \(node.name)")
        try #require(node.table(PG2Server.tableName, as: GroupTable.self)).checkInvariants()
    }
}

/// `get_members(Name)` on every node, in node order.
func membersEverywhere(_ name: GroupName, on nodes: [Node]) throws -> [[Pid]] {
    try nodes.map { try ReplicatedPG2<PG2Server>(node: $0).members(of: name) }
}

/// The trace's call lines as `<from> -> <to> <function>`, e.g. `a -> b setLock`, in order.
func calls(in lines: [String]) -> [String] {
    lines.compactMap { line in
        let words = line.split(separator: " ")
        guard words.count >= 8, words[2] == "->", words[4] == "call" else { return nil }
        let method = words[7].split(separator: ".").last.map(String.init) ?? ""
        return "\(words[1]) -> \(words[3]) " + (method.split(separator: "(").first.map(String.init) ?? method)
    }
}

extension Simulation {
    /// The trace lines from index `start` on.
    func lines(since start: Int) -> [String] { Array(trace.lines.dropFirst(start)) }
}

/// A flag a simulated task raises and the test reads, e.g. "the call has returned".
final class Flag: Sendable {
    private let raised = Mutex(false)
    func raise() { raised.withLock { $0 = true } }
    var isRaised: Bool { raised.withLock { $0 } }
}

/// Runs `body` and expects it to throw `expected`. Any error that is not a ``PG2Error`` — the
/// stub's `TODO` among them — propagates, so an unfinished exercise fails with its own message.
func expectPG2Error(
    _ expected: PG2Error, _ comment: Comment, sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () async throws -> Void
) async throws {
    do {
        try await body()
        Issue.record("expected \(expected), but nothing was thrown — \(comment)", sourceLocation: sourceLocation)
    } catch let error as PG2Error {
        #expect(error == expected, comment, sourceLocation: sourceLocation)
    }
}

/// The seeds a check hands the reader's scenario: `PG2_SEED` alone when replaying, else `defaults`.
func seeds(_ defaults: [UInt64]) -> [UInt64] { Simulation.replaySeed.map { [$0] } ?? defaults }

/// `seed 5201 — replay: PG2_SEED=5201 swift test --filter 'ReplicationExercisesTests.AuditAJoinTests'`,
/// for a run the reader's own code simulates with `seed`.
func seedNote(_ seed: UInt64, suite: String) -> String {
    "seed \(seed) — replay: PG2_SEED=\(seed) swift test --filter 'ReplicationExercisesTests.\(suite)'"
}

/// Expects a check to have found nothing wrong; each problem it found is one line of the message.
func expectNoProblems(_ problems: [String], sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(problems.isEmpty, Comment(rawValue: problems.joined(separator: "\n")), sourceLocation: sourceLocation)
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

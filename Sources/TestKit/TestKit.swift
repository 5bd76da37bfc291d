import Cluster
import Foundation
import Testing

// # The test kit
//
// What every test target shares, so that a test reads the same in every chapter: the replayable
// simulation and its seed comment, the check that ends a simulated test, fake refs and pids for
// the tests that run no node, and the small tools the exercise checks draw their cases with.
// It builds on the substrate alone, so any chapter's tests can use it; the helpers of one
// chapter's servers live in that chapter's kit (``GlobalLockTestKit``).

/// A simulation for the calling test: the seed is `PG2_SEED` if set (to replay a failure), else
/// `seed`; its ``Simulation/seedNote`` names the seed and the one-line command that replays the
/// test, e.g. `seed 7 — replay: PG2_SEED=7 swift test --filter 'ClusterTests.*aCallTimesOut'`.
///
/// The filter's target is the calling test's module, read from `fileID` (`Module/File.swift`):
/// a test's target name comes from where it is, never from a string typed into each file.
/// - Parameters:
///   - seed: the seed to use when no `PG2_SEED` is set.
///   - network: delays, reordering and loss (see ``NetworkOptions``).
///   - test: the test function; leave the default (`#function`).
///   - fileID: where the call is; leave the default (`#fileID`).
/// - Complexity: O(1), plus reading the environment and the length of the names.
public func simulation(
    seed: UInt64, network: NetworkOptions = NetworkOptions(), test: String = #function,
    fileID: String = #fileID
) -> Simulation {
    .replayable(seed: seed, network: network, testTarget: testTarget(of: fileID), test: test)
}

/// The test target a `#fileID` (`Module/File.swift`) belongs to: its module name. O(the length of
/// `fileID`).
public func testTarget(of fileID: String) -> String {
    fileID.split(separator: "/").first.map(String.init) ?? fileID
}

extension Simulation {
    /// The seed note as a Swift Testing comment, for `#expect(…, sim.comment)`.
    public var comment: Comment { Comment(rawValue: seedNote) }

    /// `note` followed by the seed and the replay command. O(the length of both).
    public func comment(_ note: String) -> Comment { Comment(rawValue: "\(note) — \(seedNote)") }

    /// Expects that no job escaped the simulation to the global executor — a `Task { }` where
    /// library code must use `node.spawn` — so that the run was the seed's run and nothing else.
    /// Every simulated test that asks it asks it last. O(1): a counter read under a lock, and the
    /// seed note as the comment.
    public func expectNoEscapedJobs(sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(escapedJobs == 0, comment, sourceLocation: sourceLocation)
    }

    /// Settles the run and checks it: lets everything in flight arrive (``quiescence()``), runs
    /// `check` inside the simulation, then expects that no job escaped
    /// (``expectNoEscapedJobs(sourceLocation:)``). How a simulated test ends when its last step
    /// has set things moving. Cost: as `quiescence()` for the work left, then as `run(_:)` for
    /// `check`.
    public func settle(
        sourceLocation: SourceLocation = #_sourceLocation, checking check: @escaping @Sendable () async throws -> Void
    ) async throws {
        try await quiescence()
        try await run(check)
        expectNoEscapedJobs(sourceLocation: sourceLocation)
    }
}

// MARK: Without a cluster

extension MonitorRef {
    /// A ref as node a would mint it, for tests that run no node.
    ///
    /// Only a node mints refs (Erlang's `make_ref()`), so `MonitorRef` has no public initialiser;
    /// its `Codable` form is public, and a fake builds its refs from that, as a ref received over
    /// the wire would be built. O(1): one small JSON decoding.
    public static func fake(serial: UInt64) -> MonitorRef {
        let wire = #"{"node":"a","creation":1,"serial":\#(serial)}"#
        return try! JSONDecoder().decode(MonitorRef.self, from: Data(wire.utf8))
    }
}

/// Three processes for the tests that run no node: alice and carol live on node a (the node the
/// fake refs come from), bob on b.
public let alice = Pid(node: "a", serial: 1)
/// See ``alice``.
public let bob = Pid(node: "b", serial: 2)
/// See ``alice``.
public let carol = Pid(node: "a", serial: 3)

extension Simulation {
    /// Adds the nodes `names` (fully connected, the simulation's default) and runs `start` on each:
    /// the servers the test's chapter needs. O(nodes).
    public func cluster(_ names: NodeName..., running start: (Node) throws -> Void) rethrows -> [Node] {
        try names.map { name in
            let node = addNode(name)
            try start(node)
            return node
        }
    }

    /// Adds the nodes `names`, fully connected, running nothing yet. O(nodes).
    public func cluster(_ names: NodeName...) -> [Node] { names.map { addNode($0) } }
}

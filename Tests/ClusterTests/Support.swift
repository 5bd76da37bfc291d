import Cluster
import Foundation
import Testing

/// A simulation for a test: the seed is `PG2_SEED` if set (to replay a failure), else `seed`;
/// its ``Simulation/seedNote`` names the seed and the command that replays the test.
func simulation(
    seed: UInt64, network: NetworkOptions = NetworkOptions(), test: String = #function
) -> Simulation {
    .replayable(seed: seed, network: network, testTarget: "ClusterTests", test: test)
}

extension Simulation {
    /// The seed note as a Swift Testing comment, for `#expect(…, sim.comment)`.
    var comment: Comment { Comment(rawValue: seedNote) }
}

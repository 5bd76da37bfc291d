import Cluster
import GlobalLock

/// The seed in `PG2_SEED`, if a failure is being replayed.
let replaySeed = Simulation.replaySeed

import Synchronization

/// A node's random source: seeded from the simulation's seed and the node's name and
/// incarnation, so that a replay makes the same choices.
///
/// pg2 needs randomness twice: `get_closest_pid` picks a random member, and `global`'s lock
/// backoff sleeps a random time. Both must come from here, not from `Int.random(in:)`, whose
/// system generator no seed controls. It is a reference type, so every user of
/// `node.random` advances one shared sequence:
/// ```swift
/// var rng = node.random
/// let pick = members.randomElement(using: &rng)
/// ```
/// The generator is SplitMix64: tiny, fast, and statistically fine for this purpose.
public final class NodeRandom: RandomNumberGenerator, Sendable {
    private let state: Mutex<UInt64>

    /// A generator that starts from `seed`. O(1).
    public init(seed: UInt64) { state = Mutex(seed) }

    /// The next 64 random bits. O(1): a lock and a few arithmetic steps.
    public func next() -> UInt64 {
        state.withLock { s in
            s &+= 0x9E37_79B9_7F4A_7C15
            var z = s
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}

/// A stable 64-bit hash (FNV-1a) for deriving seeds. Unlike `Hasher`, it is the same in every
/// process: Swift seeds `Hasher` randomly per process.
func stableHash(_ parts: [String]) -> UInt64 {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for part in parts {
        for byte in part.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01B3
        }
        hash ^= 0xFF
        hash &*= 0x100_0000_01B3
    }
    return hash
}

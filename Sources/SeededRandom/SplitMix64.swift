/// SplitMix64: a tiny, well-mixed generator, so a test's random choices are the same on every run
/// and a failing run can be replayed from its seed. The tests' one source of seeded randomness
/// (the simulator has its own, `NodeRandom`, per node).
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public var state: UInt64

    /// A generator that starts from `seed`. O(1).
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits. O(1).
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound`. O(1).
    public mutating func next(below bound: Int) -> Int { Int(next() % UInt64(bound)) }
}

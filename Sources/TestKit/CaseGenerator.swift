import Cluster

/// A small seeded generator for the exercise checks' random cases: numbers, picks and chances
/// drawn from the substrate's ``Cluster/NodeRandom``, so a seed replays the same cases. Each
/// chapter's checks extend it with the pids and steps of their own tables.
public struct CaseGenerator {
    public var random: NodeRandom

    /// A generator whose cases are those of `seed`. O(1).
    public init(seed: UInt64) { random = NodeRandom(seed: seed) }

    /// A number in `range`. O(1) expected: a draw that would bias the range is, rarely, redrawn.
    public mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }
    /// One of `items`, which must not be empty. O(1) expected, as `int(_:)`.
    public mutating func pick<T>(_ items: [T]) -> T { items.randomElement(using: &random)! }
    /// True `percent` times in a hundred. O(1) expected, as `int(_:)`.
    public mutating func chance(_ percent: Int) -> Bool { int(1...100) <= percent }
}

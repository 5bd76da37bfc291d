import Cluster

/// A small seeded generator for the exercise checks' random cases: numbers, picks and chances
/// drawn from the substrate's ``Cluster/NodeRandom``, so a seed replays the same cases. Each
/// chapter's checks extend it with the pids and steps of their own tables.
public struct CaseGenerator {
    public var random: NodeRandom

    public init(seed: UInt64) { random = NodeRandom(seed: seed) }

    /// A number in `range`.
    public mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }
    /// One of `items`, which must not be empty.
    public mutating func pick<T>(_ items: [T]) -> T { items.randomElement(using: &random)! }
    /// True `percent` times in a hundred.
    public mutating func chance(_ percent: Int) -> Bool { int(1...100) <= percent }
}

/// The knobs of the simulated network.
public struct NetworkOptions: Sendable {
    /// The shortest and longest delay of one message; each message draws uniformly between them.
    public var minDelay: Duration = .microseconds(100)
    public var maxDelay: Duration = .microseconds(1_000)
    /// Let messages on one link overtake each other (distributed Erlang never does).
    public var reorder = false
    /// The probability that a cast on a live link is lost (0 by default).
    public var castLoss = 0.0

    /// Delays are clamped to at least 1 µs, and `maxDelay` to at least `minDelay`. O(1).
    public init(
        minDelay: Duration = .microseconds(100), maxDelay: Duration = .microseconds(1_000),
        reorder: Bool = false, castLoss: Double = 0
    ) {
        self.minDelay = max(minDelay, .microseconds(1))
        self.maxDelay = max(maxDelay, self.minDelay)
        self.reorder = reorder
        self.castLoss = castLoss
    }
}

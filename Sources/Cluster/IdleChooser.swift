/// What explorer mode decides when no work is ready (see ``ExplorerLanes``).
enum IdleDecision {
    /// Run this now: a delivery or a fault. Virtual time does not move.
    case run(@Sendable () -> Void)
    /// Let the next timer fire (virtual time jumps to it).
    case fireTimer
    /// Stop driving: the run is abandoned (its state was explored before).
    case halt
}

/// Decides what happens when a simulation in explorer mode has no ready work.
protocol IdleChooser: AnyObject, Sendable {
    /// Called on the driving thread; nil when nothing is in flight or offered (timers, if any, fire).
    func whenIdle(now: Duration, timerDue: Bool) -> IdleDecision?
    /// A timer fired (an input of the run, for its fingerprint).
    func timerFired(now: Duration)
}

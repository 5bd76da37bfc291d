/// Marks a scenario puts in its trace so that a reader can find their way: where each phase
/// begins ("setup", "partition", "heal", "teardown"), and remarks in plain words ("each side sees
/// only its own members") at the moment they were true.
///
/// A mark is not an event: ``Trace/events``, ``Trace/lines`` and ``Trace/text`` do not contain
/// it, so counting events or comparing bare traces is unaffected. It records *where* it stands —
/// before the event that was recorded next — and the virtual time it was made at. The scenario
/// makes marks from its own task, between or inside ``Simulation/run(_:)`` calls, where the
/// simulation is deterministic, so one seed gives the same marks in the same places.
public struct TraceMark: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        /// The start of a phase called `title`: everything up to the next phase belongs to it.
        /// A `folded` phase (setup, teardown) is one the reader may skip: the HTML page shows it
        /// closed, and the text says so.
        case phase(title: String, folded: Bool)
        /// A remark: what the scenario observed or is about to do, in plain words.
        case remark
    }

    /// The number of events recorded before the mark: it stands just before event `position`.
    public var position: Int
    /// Virtual time in microseconds since the simulation started, when the mark was made.
    public var time: Int64
    public var kind: Kind
    /// A phase's description (may be empty), or the remark itself.
    public var text: String
}

extension Simulation {
    /// Begins a phase of the scenario: every event from now until the next phase belongs to it.
    ///
    /// The trace's renderers show each phase as a section — a header in the annotated text, a
    /// coloured block in Mermaid, a collapsible section in HTML — and list them in a table of
    /// contents, so the reader sees where the scenario starts and can skip what is only
    /// scaffolding.
    ///
    /// - Parameters:
    ///   - title: A short name, e.g. `"partition"`.
    ///   - about: What happens in the phase and what to look for, in a sentence.
    ///   - folded: Whether a reader may skip it (set-up and teardown): the page shows it closed.
    /// - Complexity: O(1) amortised: one mark appended to the trace (nothing if tracing is off).
    public func beginPhase(_ title: String, about: String = "", folded: Bool = false) {
        network.trace.mark(.phase(title: title, folded: folded), about, at: NodeClock.Instant(offset: now).microseconds)
    }

    /// Puts a remark in the trace at this point, e.g. what each node's table holds now. O(1)
    /// amortised: one mark appended (nothing if tracing is off).
    public func remark(_ text: String) {
        network.trace.mark(.remark, text, at: NodeClock.Instant(offset: now).microseconds)
    }
}

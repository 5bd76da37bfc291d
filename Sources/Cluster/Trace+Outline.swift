/// What every rendering of a trace lays out the same way: the sections its phases cut it into,
/// its faults in order (each a place to jump to), and the legend that says how to read a line.
///
/// The outline is a pure function of the events and marks, so a seed's text, diagram and page
/// agree with each other — and with themselves on every run.
struct TraceOutline {
    /// One thing to show, in order: an event (by its index in ``events``) or a remark.
    enum Item: Hashable {
        case event(Int)
        case remark(TraceMark)
    }

    /// A run of items under one heading: a phase the scenario began, or — numbered 0, untitled —
    /// whatever came before its first phase (the whole trace, if it marked none).
    struct Section {
        var number: Int
        var title: String?
        var about: String
        var folded: Bool
        /// When the phase began (its mark's time), or the first event's time for section 0.
        var time: Int64
        var items: [Item] = []

        /// The id of the section's anchor on the page: `phase-2`, or `start` for section 0.
        var anchor: String { number == 0 ? "start" : "phase-\(number)" }
        /// `2. partition`, or `Trace` for section 0.
        var heading: String { title.map { "\(number). \($0)" } ?? "Trace" }

        var eventIndexes: [Int] {
            items.compactMap { if case .event(let index) = $0 { index } else { nil } }
        }
    }

    let events: [TraceEvent]
    let nodes: [NodeName]
    let sections: [Section]
    /// The index in ``events`` of every fault, in order: fault *n* is `events[faults[n - 1]]`.
    let faults: [Int]
    private let faultNumbers: [Int: Int]

    init(_ trace: Trace) {
        let (events, marks) = trace.snapshot
        self.init(events: events, marks: marks)
    }

    init(events: [TraceEvent], marks: [TraceMark]) {
        self.events = events
        nodes = events.nodes
        var sections = [Section(number: 0, title: nil, about: "", folded: false, time: events.first?.time ?? 0)]
        var pending = marks[...]
        for position in 0...events.count {
            while let mark = pending.first, mark.position <= position {
                pending.removeFirst()
                switch mark.kind {
                case .phase(let title, let folded):
                    sections.append(
                        Section(
                            number: sections.count, title: title, about: mark.text, folded: folded, time: mark.time))
                case .remark:
                    sections[sections.count - 1].items.append(.remark(mark))
                }
            }
            if position < events.count { sections[sections.count - 1].items.append(.event(position)) }
        }
        // Section 0 is shown only when something falls in it, or when there are no phases at all.
        if sections.count > 1 && sections[0].items.isEmpty { sections.removeFirst() }
        self.sections = sections
        faults = events.indices.filter { events[$0].kind == .fault }
        faultNumbers = Dictionary(uniqueKeysWithValues: faults.enumerated().map { ($1, $0 + 1) })
    }

    /// Whether the scenario marked any phase.
    var hasPhases: Bool { sections.contains { $0.title != nil } }

    /// The number of the fault at `events[index]` (1 for the first), or nil if it is no fault.
    func faultNumber(ofEvent index: Int) -> Int? { faultNumbers[index] }

    /// The time the section's last event happened, or its start if it has none.
    func endTime(of section: Section) -> Int64 {
        section.eventIndexes.last.map { events[$0].time } ?? section.time
    }

    /// `t=4983 µs`, or `t=4983–34281 µs` for a section whose events span time.
    func timeSpan(of section: Section) -> String {
        let end = endTime(of: section)
        return end > section.time ? "t=\(section.time)–\(end) µs" : "t=\(section.time) µs"
    }

    /// `85 events`, `1 event`, `no events`.
    static func count(_ n: Int, _ noun: String) -> String {
        n == 0 ? "no \(noun)s" : n == 1 ? "1 \(noun)" : "\(n) \(noun)s"
    }
}

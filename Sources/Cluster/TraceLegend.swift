/// How to read a trace, entry by entry, with examples taken from the trace itself.
///
/// Only what the trace contains is explained: a trace without lost messages gets no entry for
/// them, and a trace without a restarted node none for `<b.1@2>`.
enum TraceLegend {
    /// The kind of thing an entry explains, so a renderer can draw a sample of it.
    enum Sample: Hashable { case time, message, lost, local, fault, remark, phase, words }

    struct Entry: Hashable {
        var sample: Sample
        /// What the entry explains, as it looks in a text line (`a -> b …`, `a#7`, `<b.pg2>`).
        var term: String
        var meaning: String
    }

    /// The entries for a trace of `events`, in reading order: time, the kinds of line, then the
    /// names inside them (call ids, monitor refs, pids), each with the trace's own first example.
    /// `phase` is a phase heading to show (`2. partition`), for a rendering that writes phases as
    /// headings; `hasRemarks` says whether the rendering shows remarks. `O(events)`.
    static func entries(for events: [TraceEvent], phase: String? = nil, hasRemarks: Bool = false) -> [Entry] {
        guard !events.isEmpty else { return [] }
        var out: [Entry] = []
        let example = events.first { $0.kind == .fault }?.time ?? events[events.count / 2].time
        out.append(
            Entry(
                sample: .time, term: "t=\(example)",
                meaning:
                    "virtual time: microseconds (µs) since the simulation started. Only the simulator moves it, "
                    + "so one seed always gives the same times; events with the same t happened in the order listed."))
        if case .message(let from, let to) = events.first(where: { if case .message = $0.kind { true } else { false } }
        )?.kind {
            out.append(
                Entry(
                    sample: .message, term: "\(from) -> \(to) …",
                    meaning:
                        "a message node \(from) sent and node \(to) received, listed when it arrived (a node may "
                        + "also send one to itself)."))
        }
        let lost = events.filter { if case .lost = $0.kind { true } else { false } }
        if case .lost(let from, let to) = lost.first?.kind {
            let reasons = [
                ("(link down)", "there was no link when it was sent"),
                ("(link went down)", "the link was cut, or a node at either end crashed, while it was on its way"),
                ("(lost)", "a cast the network dropped on purpose"),
            ].filter { reason in lost.contains { $0.text.hasSuffix(reason.0) } }
            out.append(
                Entry(
                    sample: .lost, term: "\(from) -x \(to) …",
                    meaning:
                        "a message from \(from) to \(to) that never arrived"
                        + (reasons.isEmpty
                            ? "."
                            : "; the end says why: "
                                + reasons.map { "\($0.0) \($0.1)" }.joined(separator: "; ") + ".")))
        }
        if case .local(let node) = events.first(where: { if case .local = $0.kind { true } else { false } })?.kind {
            out.append(
                Entry(
                    sample: .local, term: "\(node): …",
                    meaning:
                        "something that happened on node \(node) alone, with no message: nodeup / nodedown "
                        + "(its link to another node came up or went down), exit (one of its processes ended, "
                        + "and why), DOWN (a monitor it holds fired there: the process was local, or out of reach)"
                        + (events.contains { $0.text.hasSuffix("timed out") } ? ", or a call that timed out." : ".")))
        }
        if events.contains(where: { $0.kind == .fault }) {
            out.append(
                Entry(
                    sample: .fault, term: "! …",
                    meaning:
                        "a fault the scenario injected, marked ⚡ in the diagrams: partition and heal cut and mend "
                        + "the links between groups of nodes, disconnect and reconnect one link; crash and restart "
                        + "a node (restart b@2 starts b's 2nd life); kill ends one process."))
        }
        let texts = events.map(\.text)
        if texts.contains(where: { $0.hasPrefix("cast ") }) {
            out.append(Entry(sample: .words, term: "cast …", meaning: "a one-way call: no id, no reply."))
        }
        if let phase {
            out.append(
                Entry(
                    sample: .phase, term: "──── \(phase)",
                    meaning:
                        "a phase of the scenario begins. Folded phases (set-up, teardown) are scaffolding you may skip."
                ))
        }
        if hasRemarks {
            out.append(
                Entry(
                    sample: .remark, term: "» …",
                    meaning:
                        "a remark the scenario made at that point: what it does next, or what the nodes' tables hold."))
        }
        if let call = texts.first(where: { $0.hasPrefix("call ") }),
            let id = call.split(separator: " ").dropFirst().first, let hash = id.firstIndex(of: "#")
        {
            let node = id[..<hash], number = id[id.index(after: hash)...]
            let replied = texts.contains { $0.hasPrefix("reply \(id) ") || $0 == "reply \(id)" }
            out.append(
                Entry(
                    sample: .words, term: "call \(id) … reply \(id)",
                    meaning:
                        "a call: the number \(number) that node \(node) gave it. Each call or cast a node sends takes "
                        + "the next number, from 1 in each life of the node; casts do not show theirs, so the numbers "
                        + "skip. "
                        + (replied
                            ? "Its reply, back to \(node), carries the same \(id)."
                            : "Its reply, if any, goes back to \(node) with the same \(id).")))
        }
        if let call = texts.first(where: { $0.hasPrefix("call ") || $0.hasPrefix("cast ") }),
            let open = call.range(of: " (")
        {
            let words = call[..<open.lowerBound].split(separator: " ")
            let example = (words.last.map(String.init) ?? "") + call[open.lowerBound...]
            out.append(
                Entry(
                    sample: .words, term: "Type.f(x:) (…)",
                    meaning:
                        "the Swift function a call or cast invokes on its target, then the arguments, written as "
                        + "the JSON they travel in: "
                        + "\(example.count <= 60 ? example : String(example.prefix(59)) + "…"). A reply shows the "
                        + "value returned, as JSON: ok if the function returns nothing, error and the error if "
                        + "it threw."))
        }
        out += monitorEntry(texts)
        out += pidEntries(texts)
        return out
    }

    /// `#d.1`, explained with the first `monitor` message of the trace (or the first DOWN).
    private static func monitorEntry(_ texts: [String]) -> [Entry] {
        for text in texts where text.hasPrefix("monitor ") {
            let words = text.split(separator: " ")
            guard words.count >= 3, words[2].hasPrefix("#"), let dot = words[2].firstIndex(of: ".") else { continue }
            let ref = words[2], pid = words[1], node = ref[ref.index(after: ref.startIndex)..<dot]
            let serial = ref[ref.index(after: dot)...]
            return [
                Entry(
                    sample: .words, term: String(ref),
                    meaning:
                        "a monitor reference: node \(node)'s monitor number \(serial), counted from 1 in each life "
                        + "of the node (#\(node).1@2 is the first of its 2nd life). monitor \(pid) \(ref) asks "
                        + "\(pid)'s node to tell \(node) when \(pid) ends; demonitor \(pid) \(ref) cancels that; "
                        + "DOWN \(ref) \(pid) and a reason is the news, for \(node).")
            ]
        }
        if texts.contains(where: { $0.hasPrefix("DOWN #") }) {
            return [
                Entry(
                    sample: .words, term: "#a.1",
                    meaning:
                        "a monitor reference: node a's monitor number 1. DOWN #a.1 <pid> and a reason tells the node "
                        + "that made the monitor that the process it watched has ended.")
            ]
        }
        return []
    }

    /// `<b.3>`, `<b.3@2>` and `<b.pg2>`, each with the trace's first example of its kind.
    private static func pidEntries(_ texts: [String]) -> [Entry] {
        var ordinary: Pid?, later: Pid?, named: Pid?
        for text in texts {
            var rest = Substring(text)
            while ordinary == nil || later == nil || named == nil,
                let open = rest.firstIndex(of: "<"), let close = rest[open...].firstIndex(of: ">")
            {
                if let pid = Pid(parsing: String(rest[open...close])) {
                    if pid.isWellKnown {
                        if named == nil || (pid.name == "pg2" && named?.name != "pg2") { named = pid }
                    } else if pid.creation == 1 {
                        if ordinary == nil { ordinary = pid }
                    } else if later == nil {
                        later = pid
                    }
                }
                rest = rest[rest.index(after: open)...]
            }
        }
        var out: [Entry] = []
        if let pid = ordinary {
            out.append(
                Entry(
                    sample: .words, term: "\(pid)",
                    meaning:
                        "a process id: process \(pid.serial) of node \(pid.node), numbered from 1 in the order "
                        + "the node started them."))
        }
        if let pid = later {
            out.append(
                Entry(
                    sample: .words, term: "\(pid)",
                    meaning:
                        "process \(pid.serial) of node \(pid.node)'s life number \(pid.creation) (after a restart): "
                        + "a new life's pids never equal an old one's."))
        }
        if let pid = named, let name = pid.name {
            out.append(
                Entry(
                    sample: .words, term: "\(pid)",
                    meaning:
                        "whichever process is registered as \(name) on node \(pid.node) at the time (Erlang's "
                        + "{\(name), \(pid.node)})."))
        }
        return out
    }
}

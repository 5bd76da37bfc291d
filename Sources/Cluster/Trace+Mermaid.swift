/// A trace as a Mermaid sequence diagram: paste it into a Markdown file, a DocC article or
/// mermaid.live, and the conversation between nodes reads as a picture instead of a log.
///
/// Every node is a lane, every event a row, in the order the simulation recorded them; a note at
/// the top says how to read it, and each phase of the scenario is a shaded block that opens with
/// a note naming it:
///
/// ```
/// sequenceDiagram
///     participant a
///     participant b
///     Note over a,b: How to read it#58; …
///     rect rgb(239, 239, 239)
///     Note over a,b: 1. setup (t=0 µs)#58; …
///     a->>b: t=120 call a#35;1 #lt;b.3#gt;...
///     b->>a: t=240 reply a#35;1 "hi"
///     end
///     rect rgb(230, 239, 252)
///     Note over a,b: 2. crash (t=240 µs)
///     Note over a,b: t=240 ⚡ crash b
///     end
/// ```
///
/// The diagram is a pure function of the events and marks, so one seed gives one diagram, byte
/// for byte.
extension Trace {
    /// The trace as a Mermaid `sequenceDiagram`, one line per event.
    ///
    /// Delivered messages are solid arrows (`a->>b`), lost ones end in a cross (`a--xb`, the label
    /// ending in the reason, or `(lost)`), local events are notes over their node, faults are
    /// notes spanning every lane, marked ⚡, and the scenario's remarks notes spanning every lane,
    /// marked ». Each label starts with its virtual time, `t=<µs>`, and long ones are wrapped
    /// (`<br/>`), never cut. Phases are `rect` blocks (grey for folded ones). The narrative and
    /// the legend are also written as `%%` comments, for whoever reads the source. Text is escaped
    /// with Mermaid's entity codes (`#lt;`, `#35;`, …), so pids such as `<a.3>` survive intact.
    ///
    /// - Parameters:
    ///   - title: A title drawn above the diagram, or `nil` for none.
    ///   - narrative: What the scenario does, as a comment at the top; `nil` for none.
    /// - Returns: The diagram's source, ending in a newline. `O(events)`.
    public func mermaid(title: String? = nil, narrative: String? = nil) -> String {
        let outline = TraceOutline(self)
        let events = outline.events
        let nodes = outline.nodes
        let ids = MermaidText.participantIDs(for: nodes)
        var out = ["sequenceDiagram"]
        if let title { out.append("    title " + MermaidText.escape(title)) }
        if let narrative, !narrative.isEmpty {
            out += TraceText.wrap(narrative, width: 96).map { "    %% " + $0.drop { $0 == " " } }
        }
        for (node, id) in zip(nodes, ids) {
            let name = MermaidText.escape(node.rawValue)
            out.append(id == node.rawValue ? "    participant \(id)" : "    participant \(id) as \(name)")
        }
        // A trace of faults and remarks alone has no lanes, yet a note needs a lane to stand over.
        let lanes = nodes.isEmpty ? ["trace"] : ids
        if nodes.isEmpty && (!events.isEmpty || !outline.sections.allSatisfy { $0.items.isEmpty }) {
            out.append("    participant trace")
        }
        let across = lanes.count == 1 ? lanes[0] : "\(lanes[0]),\(lanes[lanes.count - 1])"
        func label(_ text: String, message: Bool = false) -> String {
            MermaidText.escape(TraceText.wrap(text, width: 72, message: message).joined(separator: "\n"))
        }
        let hasRemarks = outline.sections.contains {
            $0.items.contains { if case .remark = $0 { true } else { false } }
        }
        let legend = TraceLegend.entries(for: events, hasRemarks: hasRemarks)
        if !legend.isEmpty {
            var lines = ["How to read it:"]
            if outline.hasPhases {
                lines.append(
                    "Each shaded block is a phase of the scenario, opened by a note; grey ones (set-up, "
                        + "teardown) are scaffolding you may skip.")
            }
            for entry in legend {
                let term =
                    entry.sample == .fault ? "⚡ note" : entry.sample == .local ? "note over a lane" : entry.term
                lines.append("\(term) — \(entry.meaning)")
            }
            for line in lines { out += TraceText.wrap(line, width: 96).map { "    %% " + $0 } }
            out.append(
                "    Note over \(across): "
                    + MermaidText.escape(
                        lines.flatMap { TraceText.wrap($0, width: 96) }.joined(separator: "\n")))
        }
        let lane = Dictionary(uniqueKeysWithValues: zip(nodes, ids))
        var shade = 0
        for section in outline.sections {
            let block = outline.hasPhases && section.title != nil
            if block {
                shade += section.folded ? 0 : 1
                let colour =
                    section.folded ? "rgb(239, 239, 239)" : shade % 2 == 1 ? "rgb(230, 239, 252)" : "rgb(252, 245, 226)"
                out.append("    rect \(colour)")
                var heading = "\(section.heading) (\(outline.timeSpan(of: section)))"
                if section.folded { heading += ", folded" }
                if !section.about.isEmpty { heading += ": " + section.about }
                out.append("    Note over \(across): " + label(heading))
            }
            for item in section.items {
                guard case .event(let index) = item else {
                    if case .remark(let mark) = item {
                        out.append("    Note over \(across): " + label("» " + mark.text))
                    }
                    continue
                }
                let event = events[index]
                switch event.kind {
                case .message(let from, let to):
                    out.append(
                        "    \(lane[from] ?? "?")->>\(lane[to] ?? "?"): "
                            + label("t=\(event.time) \(event.text)", message: true))
                case .lost(let from, let to):
                    let text = "t=\(event.time) \(event.text)" + TraceDiagram.lostSuffix(event.text)
                    out.append("    \(lane[from] ?? "?")--x\(lane[to] ?? "?"): " + label(text, message: true))
                case .local(let node):
                    out.append("    Note over \(lane[node] ?? "?"): " + label("t=\(event.time) \(event.text)"))
                case .fault:
                    out.append("    Note over \(across): " + label("t=\(event.time) ⚡ \(event.text)"))
                }
            }
            if block { out.append("    end") }
        }
        return out.map { $0 + "\n" }.joined()
    }
}

extension [TraceEvent] {
    /// The nodes these events mention, sorted: ``Trace/nodes`` for one snapshot of the events,
    /// so a renderer's lanes and rows always agree even while the simulation keeps recording.
    var nodes: [NodeName] {
        var seen = Set<NodeName>()
        for event in self {
            switch event.kind {
            case .message(let from, let to), .lost(let from, let to):
                seen.insert(from)
                seen.insert(to)
            case .local(let node): seen.insert(node)
            case .fault: break
            }
        }
        return seen.sorted()
    }
}

/// How text is made safe for a Mermaid sequence diagram.
enum MermaidText {
    /// Words the sequence-diagram grammar reads as keywords: a node named so needs an alias.
    private static let keywords: Set<String> = [
        "activate", "actor", "alt", "and", "as", "autonumber", "box", "break", "create", "critical",
        "deactivate", "destroy", "else", "end", "left", "link", "links", "loop", "note", "of",
        "opt", "over", "par", "participant", "rect", "right", "sequencediagram", "title",
    ]

    /// The id each node goes by in the diagram: its own name when that is a plain identifier,
    /// else `n<index>` (shown under its real name through `participant n1 as …`).
    static func participantIDs(for nodes: [NodeName]) -> [String] {
        func isPlain(_ name: String) -> Bool {
            name.first.map { $0.isASCII && $0.isLetter } == true
                && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
                && !keywords.contains(name.lowercased())
        }
        var taken = Set(nodes.map(\.rawValue).filter(isPlain))
        return nodes.enumerated().map { index, node in
            if isPlain(node.rawValue) { return node.rawValue }
            var id = "n\(index)"
            while taken.contains(id) { id += "_" }
            taken.insert(id)
            return id
        }
    }

    /// `text` with every character Mermaid would misread written as an entity code.
    ///
    /// Mermaid decodes `#name;` and `#<decimal>;` in labels, so `#` itself must become `#35;`
    /// (escaping character by character means an escape is never escaped twice). `;` would
    /// end the statement, `:` would start a label, `<`/`>` would be taken for HTML, and a
    /// newline would end the line; `&` and `"` could start HTML of their own. Each becomes its code,
    /// and a newline becomes Mermaid's line break, `<br/>`.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "#": out += "#35;"
            case ";": out += "#59;"
            case ":": out += "#58;"
            case "<": out += "#lt;"
            case ">": out += "#gt;"
            case "\"": out += "#quot;"
            case "&": out += "#amp;"
            case "\n", "\r\n", "\r": out += "<br/>"
            case _ where character.unicodeScalars.allSatisfy({ $0.properties.generalCategory == .control }):
                out += " "
            default: out.append(character)
            }
        }
        return out
    }
}

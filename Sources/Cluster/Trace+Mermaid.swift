/// A trace as a Mermaid sequence diagram: paste it into a Markdown file, a DocC article or
/// mermaid.live, and the conversation between nodes reads as a picture instead of a log.
///
/// Every node is a lane, every event a row, in the order the simulation recorded them:
///
/// ```
/// sequenceDiagram
///     participant a
///     participant b
///     a->>b: t=120 call a#35;1 #lt;b.3#gt;...
///     b->>a: t=240 reply a#35;1 "hi"
///     Note over a,b: t=240 ⚡ crash b
/// ```
///
/// The diagram is a pure function of the events, so one seed gives one diagram, byte for byte.
extension Trace {
    /// The trace as a Mermaid `sequenceDiagram`, one line per event.
    ///
    /// Delivered messages are solid arrows (`a->>b`), lost ones end in a cross (`a--xb`, the label
    /// ending in `(lost)`), local events are notes over their node, and faults are notes spanning
    /// every lane, marked ⚡. Each label starts with its virtual time, `t=<µs>`. Text is escaped
    /// with Mermaid's entity codes (`#lt;`, `#35;`, …), so pids such as `<a.3>` survive intact.
    ///
    /// - Parameter title: A title drawn above the diagram, or `nil` for none.
    /// - Returns: The diagram's source, ending in a newline. `O(events)`.
    public func mermaid(title: String? = nil) -> String {
        let events = self.events
        let nodes = events.nodes
        let ids = MermaidText.participantIDs(for: nodes)
        var out = ["sequenceDiagram"]
        if let title { out.append("    title " + MermaidText.escape(title)) }
        for (node, id) in zip(nodes, ids) {
            let name = MermaidText.escape(node.rawValue)
            out.append(id == node.rawValue ? "    participant \(id)" : "    participant \(id) as \(name)")
        }
        // A trace of faults alone has no lanes, yet a note needs a lane to stand over.
        let lanes = nodes.isEmpty ? ["trace"] : ids
        if nodes.isEmpty && events.contains(where: { $0.kind == .fault }) {
            out.append("    participant trace")
        }
        let lane = Dictionary(uniqueKeysWithValues: zip(nodes, ids))
        for event in events {
            let label = MermaidText.escape("t=\(event.time) \(event.text)")
            switch event.kind {
            case .message(let from, let to):
                out.append("    \(lane[from] ?? "?")->>\(lane[to] ?? "?"): \(label)")
            case .lost(let from, let to):
                out.append("    \(lane[from] ?? "?")--x\(lane[to] ?? "?"): \(label) (lost)")
            case .local(let node):
                out.append("    Note over \(lane[node] ?? "?"): \(label)")
            case .fault:
                let over = lanes.count == 1 ? lanes[0] : "\(lanes[0]),\(lanes[lanes.count - 1])"
                let text = MermaidText.escape("t=\(event.time) ⚡ \(event.text)")
                out.append("    Note over \(over): \(text)")
            }
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

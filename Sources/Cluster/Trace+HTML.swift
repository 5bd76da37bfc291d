/// A trace as a web page you can open straight from disk: the sequence diagram drawn as inline
/// SVG, and the plain trace beneath it.
///
/// The page needs nothing but a browser: no scripts, no fonts, no stylesheets from elsewhere.
/// Each node is a lane, time flows downward one event per row (evenly spaced, so a burst of
/// messages in one microsecond stays readable), and hovering any row shows its full trace line.
/// Like the trace itself, the page is a pure function of the events: one seed, one page.
extension Trace {
    /// The trace as one self-contained HTML5 page: a heading, an SVG sequence diagram and the
    /// plain-text trace in a `<pre>`.
    ///
    /// Messages are arrows from the sender's lane to the receiver's (a loop when a node sends
    /// to itself), lost messages dashed red arrows ending in ×, local events notes on their lane,
    /// and faults red bands across every lane. Labels longer than 60 characters end in `…`; the
    /// full line is the row's SVG `<title>`, shown on hover. All text is escaped for XML, so the
    /// SVG is well-formed and pids such as `<a.3>` print as written.
    ///
    /// - Parameter title: The page's title and heading.
    /// - Returns: The page, byte-identical for identical traces. `O(events)`.
    public func html(title: String = "Trace") -> String {
        let events = self.events
        let diagram = TraceDiagram(events: events)
        let heading = XMLText.escape(title)
        let summary = "\(events.count) event\(events.count == 1 ? "" : "s") on "
            + "\(diagram.nodes.count) node\(diagram.nodes.count == 1 ? "" : "s")"
            + (events.last.map { ", ending at t=\($0.time) µs" } ?? "")
        let text = XMLText.escape(events.map { $0.line + "\n" }.joined())
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>\(heading)</title>
            <style>\(TraceDiagram.style)</style>
            </head>
            <body>
            <h1>\(heading)</h1>
            <p>\(summary). Hover a row for its full line.</p>
            <div class="diagram">
            \(diagram.svg(title: heading))</div>
            <h2>Trace</h2>
            <pre>\(text)</pre>
            </body>
            </html>

            """
    }
}

/// The geometry and drawing of a trace's sequence diagram, in whole pixels.
///
/// Invariant: every x is computed from a lane index or a label's estimated width, every y from
/// a row index, so the drawing depends on the events and nothing else.
struct TraceDiagram {
    let events: [TraceEvent]
    let nodes: [NodeName]
    private let lane: [NodeName: Int]
    /// The left margin, wide enough for the longest `t=<µs>` label.
    private let left: Int
    private static let laneWidth = 200, rowTop = 56, rowHeight = 34, maxLabel = 60

    init(events: [TraceEvent]) {
        self.events = events
        nodes = events.nodes
        lane = Dictionary(uniqueKeysWithValues: nodes.enumerated().map { ($1, $0) })
        let timeWidth = events.map { Self.width(of: "t=\($0.time)") }.max() ?? 0
        left = max(72, timeWidth + 20)
    }

    static let style = """
        body { font: 15px/1.45 system-ui, sans-serif; margin: 24px; color: #222; background: #fff; }
        .diagram { overflow-x: auto; }
        svg text { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 11px; }
        .head { fill: #eef2f8; stroke: #4a5d7e; }
        .name { font-weight: bold; font-size: 13px; }
        .life { stroke: #9aa5b8; stroke-dasharray: 4 4; }
        .msg { stroke: #333; stroke-width: 1.3; fill: none; }
        .lost { stroke: #c62828; stroke-width: 1.3; stroke-dasharray: 5 4; fill: none; }
        .cross { stroke: #c62828; stroke-width: 2; }
        .label { paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
        .lostlabel { fill: #c62828; }
        .note { fill: #fff8c4; stroke: #b59f3b; }
        .fault { fill: #fde2e2; stroke: #c62828; }
        .faulttext { fill: #8e0000; font-weight: bold; }
        .time { fill: #777; }
        .event:hover .label, .event:hover .faulttext { fill: #0645ad; }
        pre { background: #f6f8fa; padding: 12px; overflow-x: auto; font: 12px/1.5 ui-monospace, monospace; }
        """

    /// The `<svg>` element, titled `title` (already escaped).
    func svg(title: String) -> String {
        let rowsRight = events.map(labelRight).max() ?? 0
        let width = max(left + max(nodes.count, 1) * Self.laneWidth + 20, rowsRight + 20)
        let height = Self.rowTop + events.count * Self.rowHeight + (events.isEmpty ? 24 : 16)
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" "
        out += "viewBox=\"0 0 \(width) \(height)\" role=\"img\">\n<title>\(title)</title>\n"
        out += "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" "
        out += "markerHeight=\"8\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#333\"/></marker></defs>\n"
        for (index, node) in nodes.enumerated() {
            let x = laneX(index), name = XMLText.escape(Self.truncated(node.rawValue, to: 16))
            out += "<g class=\"lane\"><title>node \(XMLText.escape(node.rawValue))</title>"
            out += "<line class=\"life\" x1=\"\(x)\" y1=\"40\" x2=\"\(x)\" y2=\"\(height - 8)\"/>"
            out += "<rect class=\"head\" x=\"\(x - 60)\" y=\"12\" width=\"120\" height=\"28\" rx=\"4\"/>"
            out += "<text class=\"name\" x=\"\(x)\" y=\"31\" text-anchor=\"middle\">\(name)</text></g>\n"
        }
        if events.isEmpty {
            out += "<text class=\"time\" x=\"\(left)\" y=\"\(Self.rowTop + 8)\">No events were recorded.</text>\n"
        }
        for (row, event) in events.enumerated() {
            out += draw(event, row: row, width: width)
        }
        return out + "</svg>\n"
    }

    /// One event's row: its time in the margin, its shape, its label, and its full line on hover.
    private func draw(_ event: TraceEvent, row: Int, width: Int) -> String {
        let y = Self.rowTop + row * Self.rowHeight + 20
        var out = "<g class=\"event\"><title>\(XMLText.escape(event.line))</title>"
        let label = XMLText.escape(Self.truncated(labelText(event), to: Self.maxLabel))
        let lx = labelX(event)
        switch event.kind {
        case .message(let from, let to), .lost(let from, let to):
            var lost = false
            if case .lost = event.kind { lost = true }
            let x1 = laneX(from), x2 = laneX(to)
            if from == to {
                let path = "M\(x1),\(y - 8) h28 v16 h-28"
                out += "<path class=\"\(lost ? "lost" : "msg")\" d=\"\(path)\"\(lost ? "" : Self.arrowHead)/>"
            } else {
                out += "<line class=\"\(lost ? "lost" : "msg")\" x1=\"\(x1)\" y1=\"\(y)\" x2=\"\(x2)\" y2=\"\(y)\""
                out += "\(lost ? "" : Self.arrowHead)/>"
            }
            if lost { out += Self.cross(at: x2, from == to ? y + 8 : y) }
            let labelY = from == to ? y + 4 : y - 6
            out += "<text class=\"label\(lost ? " lostlabel" : "")\" x=\"\(lx)\" y=\"\(labelY)\">\(label)</text>"
        case .local(let node):
            let x = laneX(node), w = Self.width(of: Self.truncated(labelText(event), to: Self.maxLabel))
            out += "<rect class=\"note\" x=\"\(x - 6)\" y=\"\(y - 11)\" width=\"\(w + 12)\" height=\"20\" rx=\"3\"/>"
            out += "<text x=\"\(lx)\" y=\"\(y + 4)\">\(label)</text>"
        case .fault:
            out += "<rect class=\"fault\" x=\"4\" y=\"\(y - 12)\" width=\"\(width - 8)\" height=\"24\" rx=\"3\"/>"
            out += "<text class=\"faulttext\" x=\"\(lx)\" y=\"\(y + 4)\">\(label)</text>"
        }
        // Drawn last, so a fault's band does not hide it.
        out += "<text class=\"time\" x=\"\(left - 10)\" y=\"\(y + 4)\" text-anchor=\"end\">t=\(event.time)</text>"
        return out + "</g>\n"
    }

    private static let arrowHead = " marker-end=\"url(#arrow)\""

    /// An × centred on (`x`, `y`): where a lost message would have arrived.
    private static func cross(at x: Int, _ y: Int) -> String {
        "<path class=\"cross\" d=\"M\(x - 5),\(y - 5) L\(x + 5),\(y + 5) M\(x - 5),\(y + 5) L\(x + 5),\(y - 5)\"/>"
    }

    /// The words drawn beside an event's shape (the time has its own column).
    private func labelText(_ event: TraceEvent) -> String {
        switch event.kind {
        case .message: event.text
        case .lost: event.text + " (lost)"
        case .local: event.text
        case .fault: "⚡ " + event.text
        }
    }

    /// Where an event's label starts: centred over an arrow but never into the time column,
    /// beside a self-loop, inside a note, or at the start of a fault band.
    private func labelX(_ event: TraceEvent) -> Int {
        let width = Self.width(of: Self.truncated(labelText(event), to: Self.maxLabel))
        switch event.kind {
        case .message(let from, let to), .lost(let from, let to):
            if from == to { return laneX(from) + 36 }
            return max((laneX(from) + laneX(to)) / 2 - width / 2, left + 4)
        case .local(let node): return laneX(node)
        case .fault: return left + 8
        }
    }

    /// Where an event's drawing ends on the right, so the SVG can be made wide enough.
    private func labelRight(_ event: TraceEvent) -> Int {
        labelX(event) + Self.width(of: Self.truncated(labelText(event), to: Self.maxLabel)) + 6
    }

    private func laneX(_ index: Int) -> Int { left + index * Self.laneWidth + Self.laneWidth / 2 }
    private func laneX(_ node: NodeName) -> Int { laneX(lane[node] ?? 0) }

    /// An estimate of `text`'s width at 11 px monospace: 0.6 em, 6.6 px a character.
    private static func width(of text: String) -> Int { (text.count * 66 + 9) / 10 }

    /// `text` on one line, cut to `limit` characters with an ellipsis if longer.
    static func truncated(_ text: String, to limit: Int) -> String {
        let line = text.map { $0.isNewline ? " " : String($0) }.joined()
        return line.count <= limit ? line : String(line.prefix(limit - 1)) + "…"
    }
}

/// How text is made safe inside XML and HTML, in element content and in quoted attributes.
enum XMLText {
    /// `text` with `&`, `<`, `>`, `"` and `'` written as references, and the control characters
    /// XML 1.0 forbids replaced by U+FFFD (tabs and newlines are kept).
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value):
                out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

/// A trace as a web page you can open straight from disk: what the scenario does, how to read
/// the picture, a table of contents, and the sequence diagram drawn as inline SVG, one section per
/// phase of the scenario.
///
/// The page needs nothing but a browser: no scripts, no fonts, no stylesheets from elsewhere.
/// Each node is a lane, time flows downward one event per row (evenly spaced, so a burst of
/// messages in one microsecond stays readable), and every label is shown whole, wrapped onto as
/// many lines as it needs. Phases are `<details>` sections — set-up and teardown start closed —
/// and the contents link to each phase and each fault. Like the trace itself, the page is a pure
/// function of the events and marks: one seed, one page.
extension Trace {
    /// The trace as one self-contained HTML5 page.
    ///
    /// From the top: the title, the `narrative`, a line of facts (events, nodes, virtual time);
    /// the contents (each phase, and under it each fault, as links to `#phase-N` and `#fault-N`)
    /// beside the legend; then one section per phase, each an SVG sequence diagram of its events,
    /// the folded ones closed; and last, the trace as text. Messages are arrows from the sender's
    /// lane to the receiver's (a loop when a node sends to itself), lost messages dashed red
    /// arrows ending in ×, local events notes on their lane, faults red bands across every lane,
    /// and the scenario's remarks blue bands. Each row's full trace line is also its SVG
    /// `<title>`. All text is escaped for XML, so every SVG is well-formed and pids such as
    /// `<a.3>` print as written.
    ///
    /// - Parameters:
    ///   - title: The page's title and heading.
    ///   - narrative: A paragraph under the heading: what the scenario does, what to look for.
    /// - Returns: The page, byte-identical for identical traces. `O(events)`.
    public func html(title: String = "Trace", narrative: String? = nil) -> String {
        let outline = TraceOutline(self)
        let diagram = TraceDiagram(outline: outline)
        let heading = XMLText.escape(title)
        let events = outline.events
        let messages = events.count { if case .message = $0.kind { true } else { false } }
        let lost = events.count { if case .lost = $0.kind { true } else { false } }
        var facts = TraceOutline.count(events.count, "event")
        if !events.isEmpty {
            facts +=
                " (\(TraceOutline.count(messages, "message")) delivered"
                + (lost > 0 ? ", \(lost) lost" : "") + ")"
        }
        let names = diagram.nodes.map { XMLText.escape($0.rawValue) }.joined(separator: ", ")
        facts += " on " + TraceOutline.count(diagram.nodes.count, "node") + (names.isEmpty ? "" : " (\(names))")
        if let first = events.first, let last = events.last {
            facts += ", from t=\(first.time) to t=\(last.time) µs of virtual time"
        }
        var page = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(heading)</title>
            <style>\(TraceDiagram.style)</style>
            </head>
            <body>
            <header id="top">
            <div class="intro">
            <h1>\(heading)</h1>

            """
        if let narrative, !narrative.isEmpty { page += "<p class=\"story\">\(XMLText.escape(narrative))</p>\n" }
        page += "<p class=\"facts\">\(facts).</p>\n</div>\n" + diagram.contents() + "</header>\n"
        page += diagram.legend()
        for section in outline.sections {
            page += diagram.section(section, title: heading)
        }
        let text = XMLText.escape(outline.textBody().lines.map { $0 + "\n" }.joined())
        page += """
            <section id="as-text">
            <details>
            <summary><h2>The trace as text</h2> <span class="t">\
            the lines of trace.txt, after its header</span></summary>
            <pre>\(text)</pre>
            </details>
            </section>
            </body>
            </html>

            """
        return page
    }
}

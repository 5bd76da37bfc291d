/// The parts of a trace's HTML page around its diagrams: the style sheet, the table of contents
/// and the legend (`Trace.html(title:narrative:)` puts them together).
extension TraceDiagram {
    static let style = """
        body { font: 15px/1.45 system-ui, sans-serif; margin: 0; padding: 20px 28px; color: #222; background: #fff; }
        h1 { font-size: 1.55em; margin: 0 0 .35em; }
        h2 { font-size: 1.1em; margin: 0 0 .4em; }
        header { display: flex; flex-wrap: wrap; gap: 12px 28px; align-items: flex-start; margin-bottom: 14px; }
        .intro { flex: 1 1 40em; max-width: 62em; }
        .story { font-size: 16px; margin: 0 0 .5em; }
        .facts { color: #555; margin: 0; }
        .toc, .legend { background: #f6f8fa; border: 1px solid #d8dee6; border-radius: 6px; padding: 10px 16px; }
        .toc { flex: 0 1 27em; }
        .legend { margin-bottom: 18px; }
        .toc ul { list-style: none; margin: 0; padding: 0; }
        .toc ul ul { margin: 1px 0 3px 1.3em; }
        .toc li { margin: 2px 0; }
        .toc p { margin: 8px 0 0; font-size: 13.5px; color: #555; }
        .legend dl { display: grid; grid-template-columns: max-content 1fr max-content 1fr; gap: 4px 12px; margin: 0;
          font-size: 13px; line-height: 1.35; }
        @media (max-width: 1100px) { .legend dl { grid-template-columns: max-content 1fr; } }
        .legend dt { font: 12px/1.35 ui-monospace, Menlo, Consolas, monospace; white-space: nowrap; }
        .legend dd { margin: 0; }
        .legend svg { vertical-align: middle; margin-right: 6px; }
        .t { color: #6a6a6a; font: 12px ui-monospace, Menlo, Consolas, monospace; }
        .fold { color: #6a6a6a; font-size: 13px; font-style: italic; }
        a { color: #0645ad; }
        a.fault { color: #8e0000; }
        section.phase { margin: 0 0 10px; }
        summary { cursor: pointer; padding: 6px 10px; background: #e8eef8; border-radius: 4px; }
        summary h2 { display: inline; margin: 0; }
        .folded > summary { background: #efefef; color: #444; }
        .about { display: block; margin: 2px 0 0 1.25em; font-size: 14.5px; }
        .diagram { overflow-x: auto; }
        svg text { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 11px; white-space: pre; }
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
        .remark { fill: #e3f0fc; stroke: #6d9bc8; }
        .remarktext { fill: #0b3d6e; }
        .time { fill: #777; }
        .event:hover .label, .event:hover .faulttext { fill: #0645ad; }
        .event:target .fault { stroke-width: 3; }
        [id] { scroll-margin-top: 16px; }
        pre { background: #f6f8fa; padding: 12px; white-space: pre-wrap; font: 12px/1.5 ui-monospace, monospace; }
        """

    // MARK: The guide: contents and legend

    /// The table of contents: each phase, and under it each fault, linked to its place.
    func contents() -> String {
        var items: [String] = []
        for section in outline.sections {
            var faults: [String] = []
            for index in section.eventIndexes {
                guard let number = outline.faultNumber(ofEvent: index) else { continue }
                let event = events[index]
                faults.append(
                    "<li><a class=\"fault\" href=\"#fault-\(number)\">⚡ \(XMLText.escape(event.text))</a> "
                        + "<span class=\"t\">t=\(event.time) µs</span></li>")
            }
            guard outline.hasPhases else {
                items += faults
                continue
            }
            var item = "<li><a href=\"#\(section.anchor)\">\(XMLText.escape(section.heading))</a> "
            item += "<span class=\"t\">\(outline.timeSpan(of: section)) · "
            item += TraceOutline.count(section.eventIndexes.count, "event") + "</span>"
            if section.folded { item += " <span class=\"fold\">folded</span>" }
            if !faults.isEmpty { item += "\n<ul>\n" + faults.joined(separator: "\n") + "\n</ul>" }
            items.append(item + "</li>")
        }
        var out = "<nav class=\"toc\" aria-label=\"Contents\">\n<h2>Contents</h2>\n"
        if items.isEmpty {
            out += "<p>No phases or faults were marked in this trace.</p>\n"
        } else {
            out += "<ul>\n" + items.joined(separator: "\n") + "\n</ul>\n"
        }
        if outline.hasPhases {
            out +=
                "<p>Each phase is a section below; click its heading to open or close it. Folded phases "
                + "(set-up, teardown) start closed: they are scaffolding you may skip.</p>\n"
        }
        out += "<p><a href=\"#legend\">How to read it</a> · <a href=\"#as-text\">The trace as text</a></p>\n"
        return out + "</nav>\n"
    }

    /// The legend: each kind of row drawn small, and each kind of name explained.
    func legend() -> String {
        let hasRemarks = outline.sections.contains {
            $0.items.contains { if case .remark = $0 { true } else { false } }
        }
        let entries = TraceLegend.entries(for: events, hasRemarks: hasRemarks)
        var out = "<section class=\"legend\" id=\"legend\">\n<h2>How to read it</h2>\n"
        guard !entries.isEmpty else {
            return out + "<p>There is nothing to read: no events were recorded.</p>\n</section>\n"
        }
        out += "<dl>\n"
        for entry in entries {
            out += "<dt>\(Self.sample(entry.sample))\(XMLText.escape(entry.term))</dt>"
            out += "<dd>\(XMLText.escape(entry.meaning))</dd>\n"
        }
        return out + "</dl>\n</section>\n"
    }

    /// A small drawing of a kind of row, for the legend.
    fileprivate static func sample(_ sample: TraceLegend.Sample) -> String {
        let open = "<svg width=\"46\" height=\"16\" viewBox=\"0 0 46 16\" aria-hidden=\"true\">"
        switch sample {
        case .message:
            return open + "<defs><marker id=\"arrow-legend\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" "
                + "markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#333\"/>"
                + "</marker></defs><line class=\"msg\" x1=\"2\" y1=\"8\" x2=\"42\" y2=\"8\" "
                + "marker-end=\"url(#arrow-legend)\"/></svg>"
        case .lost:
            return open + "<line class=\"lost\" x1=\"2\" y1=\"8\" x2=\"38\" y2=\"8\"/>" + cross(at: 38, 8) + "</svg>"
        case .local: return open + "<rect class=\"note\" x=\"2\" y=\"2\" width=\"42\" height=\"12\" rx=\"2\"/></svg>"
        case .fault: return open + "<rect class=\"fault\" x=\"2\" y=\"2\" width=\"42\" height=\"12\" rx=\"2\"/></svg>"
        case .remark: return open + "<rect class=\"remark\" x=\"2\" y=\"2\" width=\"42\" height=\"12\" rx=\"2\"/></svg>"
        case .time, .phase, .words: return ""
        }
    }
}

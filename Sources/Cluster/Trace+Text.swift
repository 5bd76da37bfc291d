/// A trace as a text file a learner can read from the top: what the scenario does, how to read
/// a line, a table of contents with line numbers, and then the events under their phases'
/// headings.
///
/// Every event is still one line starting with `t=`, exactly as ``TraceEvent/line`` writes it;
/// everything else starts with `#`. So `grep '^t=' trace.txt` gives back the bare trace
/// (``Trace/text``).
///
/// ```
/// # partition-heal, seed 42
/// # …
/// # ──── 2. partition · t=4983–34281 µs · 96 events ────
/// # Cut {a, b} from {c, d}; then every node joins its own process to g, twice.
/// t=4983 ! partition [a, b] | [c, d]
/// t=4983 a: nodedown c
/// ```
extension Trace {
    /// The trace with a heading, the story, a legend, contents and phase headings.
    ///
    /// - Parameters:
    ///   - title: The first line, e.g. `partition-heal, seed 42`; nil for none.
    ///   - narrative: A paragraph saying what the scenario does and what to look for; nil for none.
    /// - Returns: The text, ending in a newline; the same bytes for the same trace. `O(events)`.
    public func annotatedText(title: String? = nil, narrative: String? = nil) -> String {
        let outline = TraceOutline(self)
        var head: [String] = []
        if let title { head += ["# " + Self.oneLine(title), "#"] }
        if let narrative, !narrative.isEmpty {
            head += TraceText.wrap(narrative, width: 98).map { "# " + $0.trimmingLeadingSpaces }
            head.append("#")
        }
        let body = outline.textBody()
        let phase =
            outline.sections.first { $0.title != nil && !$0.folded } ?? outline.sections.first { $0.title != nil }
        let legend = TraceLegend.entries(
            for: outline.events, phase: phase?.heading, hasRemarks: body.hasRemarks)
        if !legend.isEmpty {
            head.append(
                "# How to read it. Lines starting with t= are events, one per line, in the order they happened;")
            head.append("# lines starting with # are comments (grep '^t=' keeps only the events).")
            for entry in legend {
                let meaning = TraceText.wrap(entry.meaning, width: 72).map(\.trimmingLeadingSpaces)
                let written = entry.sample == .phase || entry.sample == .remark ? "# " + entry.term : entry.term
                let term = written.count <= 22 ? written : String(written.prefix(21)) + "…"
                head.append("#   " + term.padded(to: 23) + meaning[0])
                for more in meaning.dropFirst() { head.append("#   " + "".padded(to: 23) + more) }
            }
            head.append("#")
        }
        // The contents: one line per phase and per fault, pointing at lines of this very file.
        var contents: [(Int) -> String] = []
        if outline.hasPhases || !outline.faults.isEmpty {
            contents.append { _ in "# Contents (line numbers in this file):" }
            for (index, section) in outline.sections.enumerated() {
                if outline.hasPhases {
                    let start = body.sectionLines[index]
                    let note = section.folded ? " · folded: you may skip it" : ""
                    contents.append { offset in
                        "#   " + section.heading.padded(to: 24) + " line \(start + offset)".padded(to: 11) + "  "
                            + outline.timeSpan(of: section) + " · "
                            + TraceOutline.count(section.eventIndexes.count, "event") + note
                    }
                }
                for index in section.eventIndexes where outline.faultNumber(ofEvent: index) != nil {
                    let event = outline.events[index], line = body.eventLines[index] ?? 0
                    contents.append { offset in
                        "#      ! " + Self.oneLine(event.text).padded(to: 29) + " line \(line + offset)".padded(to: 11)
                            + "  t=\(event.time) µs"
                    }
                }
            }
            contents.append { _ in "#" }
        }
        let offset = head.count + contents.count + 1
        let lines = head + contents.map { $0(offset) } + body.lines
        return lines.map { $0 + "\n" }.joined()
    }

    static func oneLine(_ text: String) -> String { String(text.map { $0.isNewline ? " " : $0 }) }
}

extension TraceOutline {
    /// The events under their phase headings, with remarks between them; where each section
    /// and each event landed (0-based lines of the body).
    struct TextBody {
        var lines: [String] = []
        var sectionLines: [Int] = []
        var eventLines: [Int: Int] = [:]
        var hasRemarks = false
    }

    func textBody() -> TextBody {
        var body = TextBody()
        for section in sections {
            body.sectionLines.append(body.lines.count)
            if hasPhases {
                var heading =
                    "# ──── \(section.heading) · \(timeSpan(of: section)) · "
                    + TraceOutline.count(section.eventIndexes.count, "event")
                if section.folded { heading += " · folded" }
                body.lines.append(heading + " ────")
                for line in TraceText.wrap(section.about, width: 96) where !line.isEmpty {
                    body.lines.append("# " + line.trimmingLeadingSpaces)
                }
            }
            for item in section.items {
                switch item {
                case .event(let index):
                    body.eventLines[index] = body.lines.count
                    body.lines.append(events[index].line)
                case .remark(let mark):
                    body.hasRemarks = true
                    for (n, line) in TraceText.wrap(mark.text, width: 96).enumerated() {
                        body.lines.append((n == 0 ? "# » " : "#   ") + line.trimmingLeadingSpaces)
                    }
                }
            }
        }
        return body
    }
}

extension String {
    /// The string padded with spaces to `width` characters, or followed by one space if longer.
    fileprivate func padded(to width: Int) -> String {
        count < width ? self + String(repeating: " ", count: width - count) : self + " "
    }

    fileprivate var trimmingLeadingSpaces: String { String(drop { $0 == " " }) }
}

/// The page's parts and the geometry of its diagrams, in whole pixels.
///
/// Invariant: every x is computed from a lane index or a label's estimated width, every y from
/// the rows above it, so the drawing depends on the events and marks and nothing else. Every
/// section's diagram has the same width and lanes, so they line up one under another.
struct TraceDiagram {
    let outline: TraceOutline
    var events: [TraceEvent] { outline.events }
    var nodes: [NodeName] { outline.nodes }
    private let lane: [NodeName: Int]
    /// The left margin, wide enough for the longest `t=<µs>` label.
    private let left: Int
    /// The width of every section's SVG.
    private var width: Int
    /// How many characters a fault's or remark's band holds on one line.
    private var bandChars: Int
    private static let laneWidth = 200, rowTop = 56, lineHeight = 14, labelChars = 72

    init(outline: TraceOutline) {
        self.outline = outline
        lane = Dictionary(uniqueKeysWithValues: outline.nodes.enumerated().map { ($1, $0) })
        let times =
            outline.events.map(\.time)
            + outline.sections.flatMap(\.items).compactMap {
                if case .remark(let mark) = $0 { mark.time } else { nil }
            }
        left = max(72, (times.map { Self.width(of: "t=\($0)") }.max() ?? 0) + 20)
        width = 0
        bandChars = 0
        let lanesRight = left + max(outline.nodes.count, 1) * Self.laneWidth + 20
        let rowsRight = outline.events.indices.map { labelRight(.event($0)) }.max() ?? 0
        width = max(lanesRight, rowsRight + 20)
        bandChars = max(Self.labelChars, (width - left - 24) * 10 / 66)
    }

    // MARK: Sections

    /// One phase: a `<details>` section (closed if folded) holding its diagram. A trace without
    /// phases gets its one diagram bare.
    func section(_ section: TraceOutline.Section, title: String) -> String {
        guard outline.hasPhases else {
            return "<div class=\"diagram\" id=\"\(section.anchor)\">\n" + svg(section, title: title) + "</div>\n"
        }
        var out = "<section class=\"phase\" id=\"\(section.anchor)\">\n"
        out += "<details\(section.folded ? " class=\"folded\"" : " open")>\n<summary><h2>"
        out += XMLText.escape(section.heading) + "</h2> <span class=\"t\">" + outline.timeSpan(of: section) + " · "
        out += TraceOutline.count(section.eventIndexes.count, "event")
        out += (section.folded ? " · folded" : "") + "</span>"
        if !section.about.isEmpty { out += "<span class=\"about\">\(XMLText.escape(section.about))</span>" }
        out += "</summary>\n<div class=\"diagram\">\n"
        out += svg(section, title: title + " — " + XMLText.escape(section.heading))
        return out + "</div>\n</details>\n</section>\n"
    }

    /// One section's `<svg>` element, titled `title` (already escaped).
    func svg(_ section: TraceOutline.Section, title: String) -> String {
        let rows = section.items.map(row)
        let height = Self.rowTop + rows.map(\.height).reduce(0, +) + (rows.isEmpty ? 24 : 16)
        let marker = "arrow-\(section.anchor)"
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" "
        out += "viewBox=\"0 0 \(width) \(height)\" role=\"img\">\n<title>\(title)</title>\n"
        out += "<defs><marker id=\"\(marker)\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" "
        out += "markerHeight=\"8\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#333\"/></marker></defs>\n"
        for (index, node) in nodes.enumerated() {
            let x = laneX(index), name = XMLText.escape(Self.shortened(node.rawValue, to: 16))
            out += "<g class=\"lane\"><title>node \(XMLText.escape(node.rawValue))</title>"
            out += "<line class=\"life\" x1=\"\(x)\" y1=\"40\" x2=\"\(x)\" y2=\"\(height - 8)\"/>"
            out += "<rect class=\"head\" x=\"\(x - 60)\" y=\"12\" width=\"120\" height=\"28\" rx=\"4\"/>"
            out += "<text class=\"name\" x=\"\(x)\" y=\"31\" text-anchor=\"middle\">\(name)</text></g>\n"
        }
        if rows.isEmpty {
            let words = events.isEmpty ? "No events were recorded." : "No events in this phase."
            out += "<text class=\"time\" x=\"\(left)\" y=\"\(Self.rowTop + 8)\">\(words)</text>\n"
        }
        var top = Self.rowTop
        for row in rows {
            out += draw(row, top: top, marker: marker)
            top += row.height
        }
        return out + "</svg>\n"
    }

    // MARK: Rows

    /// An item with its label broken into lines, and the height it takes.
    private struct Row {
        var item: TraceOutline.Item
        var lines: [String]
        var height: Int { Self.height(lines: lines.count) }
        static func height(lines: Int) -> Int { max(lines, 1) * TraceDiagram.lineHeight + 20 }
    }

    private func row(_ item: TraceOutline.Item) -> Row {
        Row(item: item, lines: lines(of: item))
    }

    /// The words drawn beside an item's shape (the time has its own column), wrapped.
    private func lines(of item: TraceOutline.Item) -> [String] {
        switch item {
        case .remark(let mark): return TraceText.wrap("» " + mark.text, width: bandChars)
        case .event(let index):
            let event = events[index]
            switch event.kind {
            case .message: return TraceText.wrap(event.text, width: Self.labelChars, message: true)
            case .local: return TraceText.wrap(event.text, width: Self.labelChars)
            case .lost:
                return TraceText.wrap(event.text + Self.lostSuffix(event.text), width: Self.labelChars, message: true)
            case .fault: return TraceText.wrap("⚡ " + event.text, width: bandChars)
            }
        }
    }

    /// ` (lost)`, unless the text already ends in the network's reason for the loss.
    static func lostSuffix(_ text: String) -> String {
        ["(link down)", "(link went down)", "(lost)"].contains { text.hasSuffix($0) } ? "" : " (lost)"
    }

    /// One row at `top`: its time in the margin, its shape, its label, and its full line as title.
    private func draw(_ row: Row, top: Int, marker: String) -> String {
        let n = row.lines.count, h = Self.lineHeight
        let lx = labelX(row.item)
        func text(_ attributes: String, firstBaseline: Int) -> String {
            row.lines.enumerated().map { i, line in
                "<text \(attributes)x=\"\(lx)\" y=\"\(firstBaseline + i * h)\">\(XMLText.escape(line))</text>"
            }.joined()
        }
        func time(_ t: Int64, _ y: Int) -> String {
            "<text class=\"time\" x=\"\(left - 10)\" y=\"\(y)\" text-anchor=\"end\">t=\(t)</text>"
        }
        let bandWidth = width - 8
        guard case .event(let index) = row.item else {
            guard case .remark(let mark) = row.item else { return "" }
            var out = "<g class=\"remarkrow\"><title>» \(XMLText.escape(mark.text))</title>"
            out +=
                "<rect class=\"remark\" x=\"4\" y=\"\(top + 8)\" width=\"\(bandWidth)\" "
                + "height=\"\(n * h + 10)\" rx=\"3\"/>"
            out += text("class=\"remarktext\" ", firstBaseline: top + 24)
            return out + time(mark.time, top + 24) + "</g>\n"
        }
        let event = events[index]
        var out = "<g class=\"event\""
        if let number = outline.faultNumber(ofEvent: index) { out += " id=\"fault-\(number)\"" }
        out += "><title>\(XMLText.escape(event.line))</title>"
        switch event.kind {
        case .message(let from, let to), .lost(let from, let to):
            var lost = false
            if case .lost = event.kind { lost = true }
            let x1 = laneX(from), x2 = laneX(to)
            let arrowHead = lost ? "" : " marker-end=\"url(#\(marker))\""
            let labelClass = "class=\"label\(lost ? " lostlabel" : "")\" "
            if from == to {
                let y = top + (n * h + 20) / 2
                out += "<path class=\"\(lost ? "lost" : "msg")\" d=\"M\(x1),\(y - 8) h28 v16 h-28\"\(arrowHead)/>"
                if lost { out += Self.cross(at: x2, y + 8) }
                out += text(labelClass, firstBaseline: y + 4 - (n - 1) * h / 2)
                out += time(event.time, y + 4)
            } else {
                let y = top + n * h + 8
                out +=
                    "<line class=\"\(lost ? "lost" : "msg")\" x1=\"\(x1)\" y1=\"\(y)\" "
                    + "x2=\"\(x2)\" y2=\"\(y)\"\(arrowHead)/>"
                if lost { out += Self.cross(at: x2, y) }
                out += text(labelClass, firstBaseline: top + h)
                out += time(event.time, y + 4)
            }
        case .local(let node):
            let x = laneX(node), w = Self.width(of: row.lines)
            out +=
                "<rect class=\"note\" x=\"\(x - 6)\" y=\"\(top + 9)\" width=\"\(w + 12)\" "
                + "height=\"\(n * h + 6)\" rx=\"3\"/>"
            out += text("", firstBaseline: top + 24)
            out += time(event.time, top + 24)
        case .fault:
            out +=
                "<rect class=\"fault\" x=\"4\" y=\"\(top + 8)\" width=\"\(bandWidth)\" "
                + "height=\"\(n * h + 10)\" rx=\"3\"/>"
            out += text("class=\"faulttext\" ", firstBaseline: top + 24)
            out += time(event.time, top + 24)
        }
        return out + "</g>\n"
    }

    /// An × centred on (`x`, `y`): where a lost message would have arrived.
    static func cross(at x: Int, _ y: Int) -> String {
        "<path class=\"cross\" d=\"M\(x - 5),\(y - 5) L\(x + 5),\(y + 5) M\(x - 5),\(y + 5) L\(x + 5),\(y - 5)\"/>"
    }

    /// Where an item's label starts: centred over an arrow but never into the time column,
    /// beside a self-loop, inside a note, or at the start of a band.
    private func labelX(_ item: TraceOutline.Item) -> Int {
        guard case .event(let index) = item else { return left + 8 }
        let event = events[index]
        switch event.kind {
        case .message(let from, let to), .lost(let from, let to):
            if from == to { return laneX(from) + 36 }
            let width = Self.width(of: lines(of: item))
            return max((laneX(from) + laneX(to)) / 2 - width / 2, left + 4)
        case .local(let node): return laneX(node)
        case .fault: return left + 8
        }
    }

    /// Where an event's drawing ends on the right, so the SVG can be made wide enough. Bands
    /// (faults, remarks) take the width they are given, so they do not count.
    private func labelRight(_ item: TraceOutline.Item) -> Int {
        guard case .event(let index) = item, events[index].kind != .fault else { return 0 }
        return labelX(item) + Self.width(of: lines(of: item)) + 6
    }

    private func laneX(_ index: Int) -> Int { left + index * Self.laneWidth + Self.laneWidth / 2 }
    private func laneX(_ node: NodeName) -> Int { laneX(lane[node] ?? 0) }

    /// An estimate of `text`'s width at 11 px monospace: 0.6 em, 6.6 px a character.
    private static func width(of text: String) -> Int { (text.count * 66 + 9) / 10 }
    private static func width(of lines: [String]) -> Int { lines.map(width(of:)).max() ?? 0 }

    /// `text` on one line, cut to `limit` characters with an ellipsis if longer (for lane heads).
    static func shortened(_ text: String, to limit: Int) -> String {
        let line = text.map { $0.isNewline ? " " : String($0) }.joined()
        return line.count <= limit ? line : String(line.prefix(limit - 1)) + "…"
    }
}

@testable import Cluster
import Foundation
import TestKit
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The two pictures of a trace: Mermaid source (`Trace+Mermaid.swift`) and an HTML page with an
/// SVG diagram (`Trace+HTML.swift`, the diagram drawn by `TraceDiagram.swift`). Most tests draw a
/// trace built by hand, one of each event kind.
@Suite struct TraceRenderTests {
    /// A trace with every kind of event, pids, a self-message and text that needs escaping.
    static func sample() -> Trace {
        let trace = Trace(enabled: true)
        let events: [TraceEvent] = [
            .init(
                time: 120, kind: .message(from: "a", to: "b"),
                text: #"call a#1 <b.3> ProcessActor.echo(_:) ("hi"; & 'bye')"#),
            .init(time: 240, kind: .message(from: "b", to: "a"), text: #"reply a#1 "hi""#),
            .init(time: 250, kind: .message(from: "c", to: "c"), text: "cast <c.1> tick"),
            .init(time: 300, kind: .lost(from: "a", to: "c"), text: "cast <c.2> PG2Server.join(_:_:)"),
            .init(time: 310, kind: .lost(from: "b", to: "b"), text: "cast <b.4> self"),
            .init(time: 390, kind: .local("b"), text: "<b.3> exit normal"),
            .init(time: 400, kind: .fault, text: "crash b"),
            .init(
                time: 1_000_000, kind: .message(from: "a", to: "c"),
                text: "call a#2 <c.9> " + String(repeating: "x", count: 100) + " END"),
        ]
        for event in events { trace.record(event) }
        return trace
    }

    /// The `<svg>…</svg>` part of a page.
    static func svg(in html: String) -> String {
        guard let start = html.range(of: "<svg"), let end = html.range(of: "</svg>") else { return "" }
        return String(html[start.lowerBound..<end.upperBound])
    }

    static func count(_ needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    /// The diagrams of a page: its `<svg xmlns=…>` elements (the legend's small samples have none).
    static func diagrams(in html: String) -> [String] {
        html.components(separatedBy: "<svg xmlns=").dropFirst().map { part in
            "<svg xmlns=" + (part.components(separatedBy: "</svg>").first ?? "") + "</svg>"
        }
    }

    /// The words drawn in an SVG: the content of its `<text>` elements, one per line, unescaped.
    static func drawnText(_ svg: String) -> [String] {
        svg.components(separatedBy: "<text").dropFirst().compactMap { part in
            guard let open = part.firstIndex(of: ">"), let close = part.range(of: "</text>") else { return nil }
            return String(part[part.index(after: open)..<close.lowerBound])
                .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
                .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
                .replacingOccurrences(of: "&amp;", with: "&")
        }
    }

    /// The sample with phases and remarks: set-up (folded), a step with the crash, teardown (folded).
    static func phased() -> Trace {
        let trace = Trace(enabled: true)
        let events = sample().events
        trace.mark(.phase(title: "setup", folded: true), "start the nodes", at: 0)
        for (index, event) in events.enumerated() {
            if index == 2 { trace.mark(.phase(title: "crash", folded: false), "b crashes", at: event.time) }
            if index == 7 {
                trace.mark(.remark, "b is gone", at: event.time)
                trace.mark(.phase(title: "teardown", folded: true), "", at: event.time)
            }
            trace.record(event)
        }
        return trace
    }

    @Test func everyNodeIsAParticipant() {
        let mermaid = Self.sample().mermaid()
        let participants = mermaid.split(separator: "\n").filter { $0.hasPrefix("    participant ") }
        #expect(
            participants == ["    participant a", "    participant b", "    participant c"],
            "Trace+Mermaid.swift: one participant per node, sorted")
        let html = Self.sample().html()
        for name in ["a", "b", "c"] {
            #expect(html.contains("text-anchor=\"middle\">\(name)</text>"), "TraceDiagram.swift: lane \(name)")
        }
    }

    @Test func everyMessageBecomesOneArrow() {
        let mermaid = Self.sample().mermaid()
        let lines = mermaid.split(separator: "\n")
        #expect(lines.filter { $0.contains("->>") }.count == 4, "Trace+Mermaid.swift: 4 messages")
        #expect(lines.contains("    c->>c: t=250 cast #lt;c.1#gt; tick"))
        #expect(lines.filter { $0.contains("--x") }.count == 2, "Trace+Mermaid.swift: 2 lost")
        #expect(lines.contains("    a--xc: t=300 cast #lt;c.2#gt; PG2Server.join(_#58;_#58;) (lost)"))
        #expect(lines.contains("    Note over b: t=390 #lt;b.3#gt; exit normal"))
        #expect(lines.contains("    Note over a,c: t=400 ⚡ crash b"), "Trace+Mermaid.swift: a fault spans all lanes")
        let diagrams = Self.diagrams(in: Self.sample().html())
        #expect(diagrams.count == 1, "TraceDiagram.swift: a trace without phases is one diagram")
        let svg = diagrams.joined()
        #expect(Self.count("marker-end=", in: svg) == 4, "TraceDiagram.swift: one arrowhead per delivered message")
        #expect(Self.count("class=\"cross\"", in: svg) == 2, "TraceDiagram.swift: one × per lost message")
        #expect(Self.count("class=\"note\"", in: svg) == 1 && Self.count("class=\"fault\"", in: svg) == 1)
        #expect(Self.count("<g class=\"event\"", in: svg) == 8, "TraceDiagram.swift: one row per event")
    }

    @Test func mermaidWritesPidsAndPunctuationAsEntityCodes() {
        let mermaid = Self.sample().mermaid(title: "pg2: join; <a.3> #1")
        let diagram = mermaid.split(separator: "\n").filter { !$0.hasPrefix("    %%") }  // comments are for people
        #expect(
            !diagram.contains { $0.contains("<a.3>") || $0.contains("<b.3>") }, "Trace+Mermaid.swift: escape < and >")
        #expect(mermaid.contains("    title pg2#58; join#59; #lt;a.3#gt; #35;1\n"))
        #expect(
            mermaid.contains(
                "a->>b: t=120 call a#35;1 #lt;b.3#gt; ProcessActor.echo(_#58;) (#quot;hi#quot;#59; #amp; 'bye')"))
        for line in diagram where line.contains(": ") {
            let label = line.split(separator: ": ", maxSplits: 1)[1].replacing(#/#\w+;/#, with: "")
                .replacingOccurrences(of: "<br/>", with: " ")
            #expect(!label.contains { ":;#<>\"&".contains($0) }, "Trace+Mermaid.swift: raw character in \(line)")
        }
    }

    @Test func htmlEscapesPidsAndQuotes() {
        let html = Self.sample().html(title: "<a.3> & \"friends\"")
        #expect(!html.contains("<a.3>") && !html.contains("<b.3>"), "Trace+HTML.swift: escape < and >")
        #expect(html.contains("<title>&lt;a.3&gt; &amp; &quot;friends&quot;</title>"))
        #expect(html.contains("&lt;b.3&gt; ProcessActor.echo(_:) (&quot;hi&quot;; &amp; &#39;bye&#39;)"))
        #expect(html.contains("<pre>t=120 a -&gt; b call a#1 &lt;b.3&gt;"), "the plain trace, escaped")
    }

    @Test func htmlNeedsNothingFromOutside() {
        for html in [Self.sample().html(), Self.phased().html(narrative: "a story")] {
            let lowered = html.lowercased()
            #expect(!lowered.contains("<script") && !lowered.contains("src=") && !lowered.contains("<link"))
            #expect(!lowered.contains("@import") && !lowered.contains("url(http"))
            #expect(
                Self.count("href=\"", in: html) == Self.count("href=\"#", in: html),
                "Trace+HTML.swift: links only within the page")
            let withoutNamespace = lowered.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
            #expect(!withoutNamespace.contains("http://") && !withoutNamespace.contains("https://"))
        }
    }

    @Test func longLabelsAreWrappedNeverCut() throws {
        let svg = try #require(Self.diagrams(in: Self.sample().html()).first)
        let drawn = Self.drawnText(svg).joined().filter { $0 != " " }
        #expect(
            drawn.contains("calla#2<c.9>" + String(repeating: "x", count: 100) + "END"),
            "TraceDiagram.swift: the long label is drawn whole, over several lines")
        #expect(!drawn.contains("…"), "TraceDiagram.swift: no label is cut")
        #expect(svg.contains("<title>t=1000000 a -&gt; c call a#2 &lt;c.9&gt; " + String(repeating: "x", count: 100)))
    }

    @Test func wrappingPutsTheArgumentsOnTheirOwnLine() {
        let exchange =
            #"cast <d.pg2> ExchangeServer.exchange(from:groups:) ("a", [{"members":["<a.1>","<b.1>"],"name":"g"}])"#
        let lines = TraceText.wrap(exchange, width: 72, message: true)
        #expect(
            lines == [
                "cast <d.pg2> ExchangeServer.exchange(from:groups:)",
                #"  ("a", [{"members":["<a.1>","<b.1>"],"name":"g"}])"#,
            ])
        let long = String(repeating: "word, ", count: 40) + String(repeating: "y", count: 90)
        let wrapped = TraceText.wrap(long, width: 50)
        #expect(wrapped.allSatisfy { $0.count <= 50 }, "\(wrapped)")
        #expect(
            wrapped.map { $0.drop { $0 == " " } }.joined(separator: " ").filter { $0 != " " }
                == long.filter { $0 != " " })
        #expect(TraceText.wrap("one\ntwo", width: 60) == ["one two"])
        #expect(TraceText.wrap("", width: 60) == [""])
    }

    @Test func renderingTheSameTraceTwiceGivesTheSameBytes() {
        let trace = Self.phased()
        #expect(trace.html() == trace.html() && trace.mermaid() == trace.mermaid())
        #expect(trace.annotatedText(title: "t", narrative: "n") == trace.annotatedText(title: "t", narrative: "n"))
        #expect(Self.phased().html(title: "t") == trace.html(title: "t"))
    }

    @Test func anEmptyTraceStillRendersAPageAndADiagram() throws {
        let trace = Trace(enabled: true)
        #expect(trace.mermaid() == "sequenceDiagram\n")
        #expect(trace.mermaid(title: "nothing") == "sequenceDiagram\n    title nothing\n")
        #expect(trace.annotatedText() == "")
        let html = trace.html()
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.hasSuffix("</html>\n"))
        #expect(html.contains("No events were recorded.") && html.contains("<pre></pre>"))
        try Self.expectWellFormed(Self.svg(in: html))
    }

    @Test func aTraceOfFaultsAloneGetsALaneForItsNotes() {
        let trace = Trace(enabled: true)
        trace.record(TraceEvent(time: 5, kind: .fault, text: "partition [a] [b]"))
        let mermaid = trace.mermaid()
        #expect(mermaid.hasPrefix("sequenceDiagram\n"))
        #expect(mermaid.contains("\n    participant trace\n"))
        #expect(mermaid.hasSuffix("\n    Note over trace: t=5 ⚡ partition [a] [b]\n"))
        #expect(trace.html().contains("⚡ partition [a] [b]</text>"))
    }

    @Test func nodesNamedLikeKeywordsGetAnAlias() {
        let trace = Trace(enabled: true)
        trace.record(TraceEvent(time: 1, kind: .message(from: "end", to: "n0"), text: "hi"))
        trace.record(TraceEvent(time: 2, kind: .local("a-b"), text: "x"))
        let lines = trace.mermaid().split(separator: "\n").filter {
            !$0.hasPrefix("    %%") && !$0.contains("How to read")
        }
        #expect(
            lines == [
                "sequenceDiagram", "    participant n0_ as a-b", "    participant n1 as end", "    participant n0",
                "    n1->>n0: t=1 hi", "    Note over n0_: t=2 x",
            ], "Trace+Mermaid.swift: keywords and odd names need ids of their own")
    }

    @Test func theSVGIsWellFormedXML() throws {
        for html in [Self.sample().html(), Self.phased().html(narrative: "<story> & more")] {
            for svg in Self.diagrams(in: html) { try Self.expectWellFormed(svg) }
        }
    }

    /// Writes the sample page and Mermaid source to `$TRACE_HTML_OUT` (a directory), to look at.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["TRACE_HTML_OUT"] != nil))
    func writesTheSamplePageForALook() throws {
        let directory = URL(fileURLWithPath: ProcessInfo.processInfo.environment["TRACE_HTML_OUT"] ?? "")
        try Self.phased().html(title: "Sample trace", narrative: "A hand-made trace.").write(
            to: directory.appendingPathComponent("trace.html"), atomically: true, encoding: .utf8)
        try Self.phased().mermaid(title: "Sample trace").write(
            to: directory.appendingPathComponent("trace.mmd"), atomically: true, encoding: .utf8)
    }

    /// Parses `svg` as XML, or at least checks that its tags balance.
    static func expectWellFormed(_ svg: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>"), sourceLocation: sourceLocation)
        #if canImport(FoundationXML) || os(macOS)
            let document = try XMLDocument(xmlString: svg, options: [])
            #expect(document.rootElement()?.name == "svg", sourceLocation: sourceLocation)
        #else
            let opened = count("<", in: svg) - count("</", in: svg) - count("/>", in: svg)
            #expect(
                opened == count("</", in: svg), "TraceDiagram.swift: unbalanced tags", sourceLocation: sourceLocation)
        #endif
    }
}

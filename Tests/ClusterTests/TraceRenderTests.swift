@testable import Cluster
import Foundation
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

/// The two pictures of a trace: Mermaid source (`Trace+Mermaid.swift`) and an HTML page with an
/// SVG diagram (`Trace+HTML.swift`). Most tests draw a trace built by hand, one of each event kind.
@Suite struct TraceRenderTests {
    /// A trace with every kind of event, pids, a self-message and text that needs escaping.
    static func sample() -> Trace {
        let trace = Trace(enabled: true)
        let events: [TraceEvent] = [
            .init(time: 120, kind: .message(from: "a", to: "b"),
                  text: #"call a#1 <b.3> ProcessActor.echo(_:) ("hi"; & 'bye')"#),
            .init(time: 240, kind: .message(from: "b", to: "a"), text: #"reply a#1 "hi""#),
            .init(time: 250, kind: .message(from: "c", to: "c"), text: "cast <c.1> tick"),
            .init(time: 300, kind: .lost(from: "a", to: "c"), text: "cast <c.2> PG2Server.join(_:_:)"),
            .init(time: 310, kind: .lost(from: "b", to: "b"), text: "cast <b.4> self"),
            .init(time: 390, kind: .local("b"), text: "<b.3> exit normal"),
            .init(time: 400, kind: .fault, text: "crash b"),
            .init(time: 1_000_000, kind: .message(from: "a", to: "c"),
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

    @Test func everyNodeIsAParticipant() {
        let mermaid = Self.sample().mermaid()
        let participants = mermaid.split(separator: "\n").filter { $0.contains("participant ") }
        #expect(participants == ["    participant a", "    participant b", "    participant c"],
                "Trace+Mermaid.swift: one participant per node, sorted")
        let html = Self.sample().html()
        for name in ["a", "b", "c"] {
            #expect(html.contains("text-anchor=\"middle\">\(name)</text>"), "Trace+HTML.swift: lane \(name)")
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
        let html = Self.sample().html()
        #expect(Self.count("marker-end=", in: html) == 4, "Trace+HTML.swift: one arrowhead per delivered message")
        #expect(Self.count("class=\"cross\"", in: html) == 2, "Trace+HTML.swift: one × per lost message")
        #expect(Self.count("class=\"note\"", in: html) == 1 && Self.count("class=\"fault\"", in: html) == 1)
        #expect(Self.count("<g class=\"event\">", in: html) == 8, "Trace+HTML.swift: one row per event")
    }

    @Test func mermaidWritesPidsAndPunctuationAsEntityCodes() {
        let mermaid = Self.sample().mermaid(title: "pg2: join; <a.3> #1")
        #expect(!mermaid.contains("<a.3>") && !mermaid.contains("<b.3>"), "Trace+Mermaid.swift: escape < and >")
        #expect(mermaid.contains("    title pg2#58; join#59; #lt;a.3#gt; #35;1\n"))
        #expect(mermaid.contains(
            "a->>b: t=120 call a#35;1 #lt;b.3#gt; ProcessActor.echo(_#58;) (#quot;hi#quot;#59; #amp; 'bye')"))
        for line in mermaid.split(separator: "\n") where line.contains(": ") {
            let label = line.split(separator: ": ", maxSplits: 1)[1].replacing(#/#\w+;/#, with: "")
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
        let html = Self.sample().html()
        let lowered = html.lowercased()
        #expect(!lowered.contains("<script") && !lowered.contains("src=") && !lowered.contains("<link"))
        #expect(!lowered.contains("@import") && !lowered.contains("href="))
        let withoutNamespace = lowered.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
        #expect(!withoutNamespace.contains("http://") && !withoutNamespace.contains("https://"))
        #expect(Self.count("http://www.w3.org/2000/svg", in: html) == 1)
    }

    @Test func longLabelsAreCutButKeptWholeForHover() {
        let html = Self.sample().html()
        #expect(html.contains(String(repeating: "x", count: 40) + "…</text>"), "Trace+HTML.swift: truncate at 60")
        #expect(html.contains("<title>t=1000000 a -&gt; c call a#2 &lt;c.9&gt; " + String(repeating: "x", count: 100)))
        #expect(TraceDiagram.truncated(String(repeating: "y", count: 61), to: 60).count == 60)
        #expect(TraceDiagram.truncated("one\ntwo", to: 60) == "one two")
    }

    @Test func renderingTheSameTraceTwiceGivesTheSameBytes() {
        let trace = Self.sample()
        #expect(trace.html() == trace.html() && trace.mermaid() == trace.mermaid())
        #expect(Self.sample().html(title: "t") == trace.html(title: "t"))
    }

    @Test func anEmptyTraceStillRendersAPageAndADiagram() throws {
        let trace = Trace(enabled: true)
        #expect(trace.mermaid() == "sequenceDiagram\n")
        #expect(trace.mermaid(title: "nothing") == "sequenceDiagram\n    title nothing\n")
        let html = trace.html()
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.hasSuffix("</html>\n"))
        #expect(html.contains("No events were recorded.") && html.contains("<pre></pre>"))
        try Self.expectWellFormed(Self.svg(in: html))
    }

    @Test func aTraceOfFaultsAloneGetsALaneForItsNotes() {
        let trace = Trace(enabled: true)
        trace.record(TraceEvent(time: 5, kind: .fault, text: "partition [a] [b]"))
        #expect(trace.mermaid() == "sequenceDiagram\n    participant trace\n    Note over trace: t=5 ⚡ partition [a] [b]\n")
        #expect(trace.html().contains("⚡ partition [a] [b]</text>"))
    }

    @Test func nodesNamedLikeKeywordsGetAnAlias() {
        let trace = Trace(enabled: true)
        trace.record(TraceEvent(time: 1, kind: .message(from: "end", to: "n0"), text: "hi"))
        trace.record(TraceEvent(time: 2, kind: .local("a-b"), text: "x"))
        #expect(trace.mermaid() == """
            sequenceDiagram
                participant n0_ as a-b
                participant n1 as end
                participant n0
                n1->>n0: t=1 hi
                Note over n0_: t=2 x

            """, "Trace+Mermaid.swift: keywords and odd names need ids of their own")
    }

    @Test func theSVGIsWellFormedXML() throws {
        try Self.expectWellFormed(Self.svg(in: Self.sample().html()))
    }

    @Test func aRealCallReplyAndCrashAreDrawn() async throws {
        let sim = simulation(seed: 1)
        let a = sim.addNode("a"), b = sim.addNode("b")
        let p = b.spawnProcess()
        _ = try await sim.run { try await a.resolve(p.id, as: ProcessActor.self).echo("hi") }
        sim.crash("b")
        let mermaid = sim.trace.mermaid(title: "echo")
        let arrows = mermaid.split(separator: "\n").filter { $0.contains("->>") }
        #expect(arrows.count == 2 && arrows[0].hasPrefix("    a->>b: ") && arrows[1].hasPrefix("    b->>a: "),
                sim.comment)
        #expect(mermaid.hasSuffix("⚡ crash b\n") && mermaid.contains("Note over a,b: "), sim.comment)
        let html = sim.trace.html(title: "echo")
        #expect(Self.count("marker-end=", in: html) == 2 && Self.count("class=\"fault\"", in: html) == 1, sim.comment)
        #expect(!Self.svg(in: html).contains("<\(p.id)>") && html.contains(XMLText.escape("\(p.id)")), sim.comment)
        try Self.expectWellFormed(Self.svg(in: html))
    }

    /// Writes the sample page and Mermaid source to `$TRACE_HTML_OUT` (a directory), to look at.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["TRACE_HTML_OUT"] != nil))
    func writesTheSamplePageForALook() throws {
        let directory = URL(fileURLWithPath: ProcessInfo.processInfo.environment["TRACE_HTML_OUT"] ?? "")
        try Self.sample().html(title: "Sample trace").write(
            to: directory.appendingPathComponent("trace.html"), atomically: true, encoding: .utf8)
        try Self.sample().mermaid(title: "Sample trace").write(
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
        #expect(opened == count("</", in: svg), "Trace+HTML.swift: unbalanced tags", sourceLocation: sourceLocation)
        #endif
    }
}

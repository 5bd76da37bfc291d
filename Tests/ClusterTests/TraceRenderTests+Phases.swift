@testable import Cluster
import Foundation
import TestKit
import Testing

/// What every rendering of a trace shares (`Trace+Outline.swift`, `TraceLegend.swift`): the phases
/// and faults that mark it, the remarks and narrative of the text, and the legend that explains it —
/// on hand-made traces and on real runs.
extension TraceRenderTests {
    @Test func marksAreNotEvents() {
        let plain = Self.sample(), phased = Self.phased()
        #expect(
            phased.events == plain.events && phased.text == plain.text && phased.lines == plain.lines,
            "Trace.swift: marks must not change the events a test counts")
        #expect(phased.marks.map(\.position) == [0, 2, 7, 7])
    }

    @Test func theTextKeepsEveryEventLineAndCommentsEverythingElse() {
        let trace = Self.phased()
        let text = trace.annotatedText(title: "sample", narrative: "What happens.")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(
            lines.filter { $0.hasPrefix("t=") }.map(String.init) == trace.lines,
            "Trace+Text.swift: grep '^t=' must give back the bare trace")
        #expect(lines.allSatisfy { $0.hasPrefix("t=") || $0.hasPrefix("#") }, "Trace+Text.swift: comments start with #")
        #expect(lines.prefix(3) == ["# sample", "#", "# What happens."])
        #expect(lines.contains("# ──── 1. setup · t=0–240 µs · 2 events · folded ────"))
        #expect(lines.contains("# » b is gone"))
        let remark = lines.firstIndex(of: "# » b is gone") ?? 0
        #expect(
            lines[remark + 1].hasPrefix("# ──── 3. teardown")
                && lines[remark + 2] == "t=1000000 a -> c call a#2 "
                    + "<c.9> " + String(repeating: "x", count: 100) + " END"
        )
    }

    @Test func theContentsPointAtTheRightLines() throws {
        let text = Self.phased().annotatedText(title: "sample")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let start = try #require(lines.firstIndex { $0.hasPrefix("# Contents") })
        var pointers = 0
        for entry in lines[(start + 1)...] {
            guard entry != "#" else { break }
            let number = try #require(Int(entry.split(separator: " line ")[1].split(separator: " ")[0]))
            let target = lines[number - 1]
            if entry.contains("! ") {
                #expect(target.hasSuffix("! crash b"), "\(entry) → \(target)")
            } else {
                let heading = entry.dropFirst(4).split(separator: "  ")[0]
                #expect(target.hasPrefix("# ──── \(heading) ·"), "\(entry) → \(target)")
            }
            pointers += 1
        }
        #expect(pointers == 4, "three phases and one fault")
    }

    @Test func phasesAreSectionsAndFaultsAnchorsOnThePage() {
        let html = Self.phased().html(title: "sample", narrative: "What happens.")
        #expect(html.contains("<p class=\"story\">What happens.</p>"))
        for n in 1...3 { #expect(html.contains("<section class=\"phase\" id=\"phase-\(n)\">")) }
        #expect(
            Self.count("<details class=\"folded\">", in: html) == 2 && Self.count("<details open>", in: html) == 1,
            "TraceDiagram.swift: set-up and teardown start closed, the step open")
        #expect(html.contains("<g class=\"event\" id=\"fault-1\">"), "TraceDiagram.swift: the crash is an anchor")
        for target in ["#phase-1", "#phase-2", "#phase-3", "#fault-1", "#legend", "#as-text"] {
            #expect(html.contains("href=\"\(target)\""), "Trace+HTML.swift: the contents link to \(target)")
        }
        let ids = html.matches(of: #/ id="([^"]+)"/#).map { String($0.1) }
        #expect(Set(ids).count == ids.count, "Trace+HTML.swift: ids must be unique on the page: \(ids)")
        for link in html.matches(of: #/href="#([^"]+)"/#) {
            #expect(ids.contains(String(link.1)), "Trace+HTML.swift: link to a missing #\(link.1)")
        }
        #expect(Self.diagrams(in: html).count == 3, "one diagram per phase")
        #expect(html.contains("class=\"remarktext\"") && html.contains("» b is gone"))
    }

    @Test func mermaidShadesEachPhase() {
        let mermaid = Self.phased().mermaid(narrative: "What happens.")
        let lines = mermaid.split(separator: "\n").map(String.init)
        #expect(lines.filter { $0.hasPrefix("    rect ") }.count == 3 && lines.filter { $0 == "    end" }.count == 3)
        #expect(lines.contains("    %% What happens."))
        #expect(lines.contains { $0.hasPrefix("    Note over a,c: 2. crash (t=250–400 µs)#58; b crashes") })
        #expect(lines.contains("    Note over a,c: » b is gone"))
        #expect(lines.contains { $0.hasPrefix("    Note over a,c: How to read it") }, "Trace+Mermaid.swift: the legend")
    }

    @Test func theLegendExplainsWhatTheTraceHoldsWithItsOwnExamples() {
        let entries = TraceLegend.entries(for: Self.sample().events)
        let terms = entries.map(\.term)
        #expect(terms.contains("call a#1 … reply a#1"), "\(terms)")
        #expect(terms.contains("a -> b …") && terms.contains("a -x c …") && terms.contains("b: …"))
        #expect(terms.contains("<b.3>") && !terms.contains { $0.contains("@") }, "no restarted node, no <b.3@2>")
        #expect(entries.first?.term == "t=400" && entries.first?.meaning.contains("microseconds") == true)
        let quiet = Trace(enabled: true)
        quiet.record(TraceEvent(time: 1, kind: .message(from: "a", to: "b"), text: "cast <b.pg2> f(x:) (1)"))
        let few = TraceLegend.entries(for: quiet.events).map(\.term)
        #expect(
            !few.contains { $0.contains("-x") } && !few.contains { $0.hasPrefix("call") } && few.contains("cast …"))
        for html in [Self.sample().html(), Self.phased().html()] {
            #expect(html.contains("<section class=\"legend\" id=\"legend\">") && html.contains("virtual time"))
        }
        #expect(Self.sample().annotatedText().contains("#   t=400  "), "Trace+Text.swift: the legend")
    }

    @Test func theLegendIsTrueOfARealRun() async throws {
        let sim = simulation(seed: 4)
        let a = sim.addNode("a"), b = sim.addNode("b")
        let p = b.spawnProcess()
        sim.beginPhase("echo", about: "a calls b")
        _ = try await sim.run {
            _ = a.monitor(p.id) { _ in }
            return try await a.resolve(p.id, as: ProcessActor.self).echo("hi")
        }
        sim.remark("done")
        sim.crash("b")
        let lines = sim.trace.lines
        let legend = TraceLegend.entries(for: sim.trace.events)
        let call = try #require(legend.first { $0.term.hasPrefix("call ") })
        let id = call.term.split(separator: " ")[1]
        #expect(
            lines.contains { $0.contains("a -> b call \(id) ") }
                && lines.contains { $0.contains("b -> a reply \(id) ") },
            "the call id in the legend is a real call with its reply — \(sim.seedNote)")
        let monitor = try #require(legend.first { $0.term.hasPrefix("#") })
        #expect(
            monitor.term == "#a.1"
                && lines.contains(
                    "t=\(sim.trace.events.first { $0.text.hasPrefix("monitor") }!.time) "
                        + "a -> b monitor \(p.id) #a.1"),
            "\(lines) — \(sim.seedNote)")
        #expect(sim.trace.marks.count == 2 && sim.trace.marks[0].position == 0)
    }

    @Test func aRealCallReplyAndCrashAreDrawn() async throws {
        let sim = simulation(seed: 1)
        let a = sim.addNode("a"), b = sim.addNode("b")
        let p = b.spawnProcess()
        _ = try await sim.run { try await a.resolve(p.id, as: ProcessActor.self).echo("hi") }
        sim.crash("b")
        let mermaid = sim.trace.mermaid(title: "echo")
        let arrows = mermaid.split(separator: "\n").filter { $0.contains("->>") }
        #expect(
            arrows.count == 2 && arrows[0].hasPrefix("    a->>b: ") && arrows[1].hasPrefix("    b->>a: "),
            sim.comment)
        #expect(mermaid.hasSuffix("⚡ crash b\n") && mermaid.contains("Note over a,b: "), sim.comment)
        let html = sim.trace.html(title: "echo")
        let svg = Self.diagrams(in: html).joined()
        #expect(Self.count("marker-end=", in: svg) == 2 && Self.count("class=\"fault\"", in: svg) == 1, sim.comment)
        #expect(!svg.contains("<\(p.id)>") && html.contains(XMLText.escape("\(p.id)")), sim.comment)
        try Self.expectWellFormed(svg)
    }
}

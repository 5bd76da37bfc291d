import Cluster
import Demos
import Foundation
import Testing

@testable import WorkbookCLI

@Suite struct DemoTests {
    @Test func everyDemoRunsAndNarrates() async throws {
        for demo in DemoCatalog.all {
            let run = try await demo.run(seed: 3)
            let replay = "\(demo.name) — seed 3; replay: swift run workbook demo \(demo.name) --seed 3"
            #expect(!run.narration.isEmpty, "\(demo.name)")
            #expect(!run.trace.events.isEmpty, "\(demo.name)")
            #expect(run.sim.escapedJobs == 0, "\(replay)")
            #expect(run.story.count > 200, "Sources/Demos: \(demo.name) tells the learner what to look for")
        }
    }

    @Test func everyDemoMarksItsSetupAndItsSteps() async throws {
        for demo in DemoCatalog.all {
            let run = try await demo.run(seed: 3)
            let phases = run.trace.marks.compactMap { mark -> (String, Bool, Int)? in
                guard case .phase(let title, let folded) = mark.kind else { return nil }
                return (title, folded, mark.position)
            }
            #expect(
                phases.first?.0 == "setup" && phases.first?.1 == true && phases.first?.2 == 0,
                "Sources/Demos: \(demo.name) begins with a folded setup holding its start-up")
            #expect(phases.count { !$0.1 } >= 1, "Sources/Demos: \(demo.name) marks the steps of its scenario")
            #expect(phases.dropFirst().allSatisfy { $0.0 != "setup" })
            if let last = phases.last, last.0 == "teardown" {
                #expect(last.1 && last.2 < run.trace.events.count, "\(demo.name): a teardown is folded and not empty")
            }
        }
    }

    @Test func oneSeedWritesByteIdenticalTraceFiles() async throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("demo-\(UUID())")
        defer { try? FileManager.default.removeItem(at: base) }
        let demo = try #require(DemoCatalog.named("partition-heal"))
        for attempt in 1...2 {
            let run = try await demo.run(seed: 42)
            try TraceFiles.write(
                run.trace, title: "t", narrative: run.story, to: base.appendingPathComponent("\(attempt)").path)
        }
        for file in ["trace.txt", "trace.mmd", "trace.html"] {
            let first = try Data(contentsOf: base.appendingPathComponent("1/\(file)"))
            let second = try Data(contentsOf: base.appendingPathComponent("2/\(file)"))
            #expect(first == second, "\(file)")
            #expect(!first.isEmpty)
        }
    }

    /// What a learner opening `traces/partition-heal/` needs: the story, a legend, the set-up
    /// folded, the partition and the heal one click away, and the exchange's payloads in full.
    @Test func thePartitionHealTraceReadsForALearner() async throws {
        let run = try await #require(DemoCatalog.named("partition-heal")).run(seed: 42)
        let events = run.trace.events
        let heal = try #require(events.firstIndex { $0.kind == .fault && $0.text == "heal" })
        let exchanges = events[heal...].filter { event in
            if case .message = event.kind { event.text.contains("ExchangeServer.exchange(") } else { false }
        }
        #expect(exchanges.count == 8, "four servers, each sending its table to the two nodes it had lost")
        #expect(run.story.contains("the \(exchanges.count) exchange casts"), "the story counts what the trace shows")
        #expect(
            run.story.contains("a and b list [<a.1>, <a.1>, <b.1>, <b.1>], c and d list [<c.1>, <c.1>, <d.1>, <d.1>]"))

        let text = run.trace.annotatedText(title: "partition-heal, seed 42", narrative: run.story)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "# partition-heal, seed 42" && lines[2].hasPrefix("# Four nodes"))
        #expect(lines.contains { $0.hasPrefix("#   t=") && $0.contains("virtual time") })
        #expect(lines.contains { $0.hasPrefix("#   1. setup ") && $0.contains("folded") })
        let partition = try #require(lines.first { $0.hasPrefix("#      ! partition [a, b] | [c, d]") })
        let number = try #require(Int(partition.split(separator: " line ")[1].split(separator: " ")[0]))
        #expect(lines[number - 1].hasPrefix("t=") && lines[number - 1].hasSuffix(" ! partition [a, b] | [c, d]"))

        let html = run.trace.html(title: "partition-heal", narrative: run.story)
        #expect(
            html.contains("<details class=\"folded\">") && html.contains("href=\"#fault-1\"")
                && html.contains("href=\"#fault-2\""))
        #expect(html.contains("id=\"fault-1\"") && html.contains("id=\"fault-2\""))
        let payload = #"("a", [{"members":["<a.1>","<a.1>","<b.1>","<b.1>"],"name":"g"}])"#
            .replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
        #expect(
            html.contains(">  \(payload)</text>"),
            "TraceDiagram.swift: the exchange's payload drawn whole, on its own line")
        #expect(html.range(of: "id=\"fault-1\"")!.lowerBound < html.range(of: "id=\"phase-3\"")!.lowerBound)
    }

    @Test func thePgDemosEndWithEveryNodeAgreeing() async throws {
        let a1 = try await DemoCatalog.named("pg-a1")!.run(seed: 5)
        #expect(
            a1.narration.last?.hasSuffix("a: no group g   b: no group g   c: no group g") == true, "\(a1.narration)")
        let a2 = try await DemoCatalog.named("pg-a2")!.run(seed: 5)
        #expect(
            a2.narration.last?.hasSuffix("a: no group g   b: no group g   c: no group g") == true, "\(a2.narration)")
        let a3 = try await DemoCatalog.named("pg-a3")!.run(seed: 5)
        #expect(
            a3.narration.last?.hasSuffix("a: [<c.1>, <c.1>]   b: [<c.1>, <c.1>]   c: [<c.1>, <c.1>]") == true,
            "\(a3.narration)")
        let heal = try await DemoCatalog.named("pg-heal")!.run(seed: 5)
        let all = "[<a.1>, <a.1>, <b.1>, <b.1>, <c.1>, <c.1>, <d.1>, <d.1>]"
        #expect(
            heal.narration.last?.hasSuffix("a: \(all)   b: \(all)   c: \(all)   d: \(all)") == true, "\(heal.narration)"
        )
        #expect(heal.story.contains("sync casts"), "\(heal.story)")
    }

    @Test func theAnomalyDemosShowTheirAnomalies() async throws {
        let a1 = try await DemoCatalog.named("anomaly-a1")!.run(seed: 5)
        #expect(a1.narration.last?.hasSuffix("a: [old]   b: [old]") == true, "\(a1.narration)")
        let a3 = try await DemoCatalog.named("anomaly-a3")!.run(seed: 5)
        #expect(a3.narration.last?.contains("c: [<c.1>, <c.1>]") == true, "\(a3.narration)")
        let a2 = try await DemoCatalog.named("anomaly-a2")!.run(seed: 5)
        #expect(a2.narration.last?.hasSuffix("a: [<c.1>]   b: [<c.1>]   c: []") == true, "\(a2.narration)")
    }
}

import Demos
import Foundation
import Testing

@testable import WorkbookCLI

@Suite struct DemoTests {
    @Test func everyDemoRunsAndNarrates() async throws {
        for demo in DemoCatalog.all {
            let run = try await demo.run(seed: 3)
            #expect(!run.narration.isEmpty, "\(demo.name)")
            #expect(!run.trace.events.isEmpty, "\(demo.name)")
            #expect(run.sim.escapedJobs == 0, "\(demo.name) — seed 3; replay: swift run workbook demo \(demo.name) --seed 3")
        }
    }

    @Test func oneSeedWritesByteIdenticalTraceFiles() async throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("demo-\(UUID())")
        defer { try? FileManager.default.removeItem(at: base) }
        let demo = try #require(DemoCatalog.named("partition-heal"))
        for attempt in 1...2 {
            let run = try await demo.run(seed: 42)
            try TraceFiles.write(run.trace, title: "t", to: base.appendingPathComponent("\(attempt)").path)
        }
        for file in ["trace.txt", "trace.mmd", "trace.html"] {
            let first = try Data(contentsOf: base.appendingPathComponent("1/\(file)"))
            let second = try Data(contentsOf: base.appendingPathComponent("2/\(file)"))
            #expect(first == second, "\(file)")
            #expect(!first.isEmpty)
        }
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

import Cluster
import Demos
import Foundation
import Testing

@testable import WorkbookCLI

/// `workbook explore`: the exit status says whether a violation was found, the trace files are
/// written as a demo's are, and a replay of the found vector gives the same run.
@Suite struct ExploreCommandTests {
    @Test func exploreA4FindsItWritesTheTraceAndItsReplayRunsTheSameRun() async throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("explore-\(UUID())")
        defer { try? FileManager.default.removeItem(at: base) }
        let first = base.appendingPathComponent("found").path, second = base.appendingPathComponent("replayed").path
        #expect(await CLI.run(["explore", "a4", "--bound", "1", "--trace-dir", first]) == 1)
        let a4 = try #require(Explorations.named("a4"))
        let found = try #require(try await Explorer.search(a4, maxDeviations: 1).violation)
        #expect(
            await CLI.run([
                "explore", "a4", "--replay", "\(found.choices)", "--check", "\(found.check)", "--trace-dir", second,
            ]) == 1)
        for name in ["trace.txt", "trace.mmd", "trace.html"] {
            let written = try String(contentsOfFile: "\(first)/\(name)", encoding: .utf8)
            #expect(written == (try String(contentsOfFile: "\(second)/\(name)", encoding: .utf8)), "\(name)")
        }
        let text = try String(contentsOfFile: "\(first)/trace.txt", encoding: .utf8)
        #expect(text.contains("deviation 1") && text.contains("--replay \(found.choices) --check \(found.check)"))
    }

    @Test func pgShowsNoViolationAndBadArgumentsAreRefused() async throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("explore-\(UUID())")
        defer { try? FileManager.default.removeItem(at: base) }
        #expect(await CLI.run(["explore", "pg-a4", "--bound", "1", "--trace-dir", base.path]) == 0)
        #expect(await CLI.run(["explore", "nonesuch"]) == 2)
        #expect(await CLI.run(["explore", "a4", "--replay", "x"]) == 2)
        #expect(await CLI.run(["explore"]) == 0)
    }
}

import Cluster
import Demos
import Testing

/// The explorer on the workbook's scenarios (`swift run workbook explore NAME`), with small
/// bounds: pg2's anomalies are found, each with the fewest deviations that can show it; pg and the
/// global lock survive every order within the bound. No seed: explorer runs take no random
/// delays, and a failure prints the choice vector that replays it.
@Suite("The explorer on chapter 6's and 7's scenarios") struct ExplorationTests {
    func search(_ name: String, bound: Int) async throws -> ExplorerReport {
        try await Explorer.search(try #require(Explorations.named(name)), maxDeviations: bound)
    }

    @Test("A1 under pg2 needs no deviation at all: the heal after the delete brings g back")
    func a1IsFoundInTheOldestFirstRun() async throws {
        let report = try await search("a1", bound: 2)
        #expect(report.violation?.choices.deviations == 0, "\(report.statistics)")
        #expect(report.violation?.message.contains("expected no group g everywhere") == true)
    }

    @Test("A4 under pg2 needs one deviation: the reconnect between c's leave reaching a and reaching b")
    func a4IsFoundWithOneDeviation() async throws {
        let report = try await search("a4", bound: 2)
        let found = try #require(report.violation, "no A4 within 2 deviations: \(report.statistics)")
        #expect(found.choices.deviations == 1, "\(found.choices) — \(report.replayCommand ?? "")")
        let replay = try await Explorer.replay(report.scenario, found.choices, check: found.check)
        #expect(replay.violation == found.message)
        #expect(replay.steps.contains { $0.hasPrefix("★ deviation 1") && $0.contains("fault: reconnect a b") })
    }

    @Test(
        "The same scenarios under pg: no order within the bound breaks them (1 deviation for A1, 2 for the rest)",
        arguments: ["pg-a1", "pg-a2", "pg-a3", "pg-a4"])
    func pgSurvivesEveryOrder(_ name: String) async throws {
        let report = try await search(name, bound: name == "pg-a1" ? 1 : 2)
        #expect(report.violation == nil, "\(report.violation?.message ?? "") — replay: \(report.replayCommand ?? "")")
    }

    @Test("The global lock: no order within one deviation lets two of three contenders in at once")
    func lockExcludes() async throws {
        let report = try await search("lock", bound: 1)
        #expect(report.violation == nil, "\(report.violation?.message ?? "") — replay: \(report.replayCommand ?? "")")
    }

    @Test("A lock taken on each caller's own node only lets two contenders in, and the explorer shows it")
    func aLockOnOwnNodesOnlyIsCaught() async throws {
        let report = try await search("lock-own-node", bound: 1)
        let found = try #require(report.violation, "no violation: \(report.statistics)")
        #expect(found.choices.deviations == 0, "\(found.choices)")
        #expect(found.message.hasSuffix("holders of r at once"), "\(found.message)")
        let replay = try await Explorer.replay(report.scenario, found.choices, check: found.check)
        #expect(replay.violation == found.message)
    }
}

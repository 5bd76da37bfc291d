import Anomalies
import Cluster
import Exchange
import LocalTable
import TestKit
import Testing

/// Anomaly A4: the exchange takes no lock and is not ordered with the writes around it.
@Suite struct ExchangeRaceTests {
    /// What the members of g look like on a, b and c after one run of the race.
    struct Outcome: CustomStringConvertible {
        let seed: UInt64
        let offset: Int
        let members: [NodeName: [Pid]]
        var disagree: Bool { Set(members.values).count > 1 }
        var description: String {
            let lists = members.keys.sorted().map { "\($0): \(members[$0]!)" }.joined(separator: ", ")
            return "seed \(seed), reconnect at +\(offset)µs → \(lists)"
        }
    }

    /// One run of ``Anomalies/PG2Anomaly/a4`` with chapter 6's writes: p (on c) is in g
    /// everywhere; the a–b link is cut. c starts a leave of p — c sees both a and b, so the leave
    /// is locked on, and sent to, all three nodes. `offset` µs of virtual time later, a–b is
    /// mended; then everything runs out.
    static func race(seed: UInt64, offset: Int) async throws -> Outcome {
        let sim = Simulation(seed: seed)
        let nodes = try sim.cluster("a", "b", "c", running: start(on:))
        let c = nodes[2]
        var outcome: Outcome?
        try await PG2Anomaly.a4.run(sim, on: nodes, writes: .chapter6, pace: .mendingAfter(.microseconds(offset))) {
            moment, p in
            guard moment == .mended, let p else { return }
            outcome = try await sim.run {
                try await checkServers(nodes, sim)
                #expect(c.isAlive(p), "p never died: no monitor removed it — \(sim.seedNote)")
                sim.expectNoEscapedJobs()
                return Outcome(seed: seed, offset: offset, members: try membersByNode(of: "g", on: nodes))
            }
        }
        return try #require(outcome)
    }

    /// A4 — a stale table re-adds what a leave removed. Nothing in this scenario but the race can
    /// make the nodes disagree: the leave reaches every node (c sees both a and b, unlike A2), p
    /// never dies, and when a–b is mended well after the leave (the control below) g ends empty
    /// everywhere. But when a–b is mended while the leave is on its way, b may snapshot its table
    /// *before* the leave reaches b, and that snapshot may reach a *after* a applied the leave:
    /// a's merge finds p missing and joins it again. Only a; b and c keep the leave, and nothing
    /// corrects a until its next reconnect. (Sometimes both snapshots are stale and a and b each
    /// re-add p from the other, while c keeps the leave: a disagreement too.)
    ///
    /// What is shown, honestly: a deterministic sweep of seeds and reconnect times, of which
    /// *some* produce the disagreement (each is printed, with its seed and offset); most timings
    /// do not, because the window is about one message delay wide. The assertions: the sweep
    /// finds at least one run where exactly one node has p back; and in every disagreeing run the
    /// leave's own node c has p gone while some other node lists it again.
    @Test func anExchangeRacingALeaveCanReAddTheMemberOnOneNode() async throws {
        var found: [Outcome] = []
        for seed in [651, 652, 653] as [UInt64] {
            for offset in stride(from: 0, through: 4_000, by: 250) {
                let outcome = try await Self.race(seed: seed, offset: offset)
                if outcome.disagree { found.append(outcome) }
            }
        }
        for outcome in found { print("A4 shown: \(outcome)") }
        let oneNodeOnly = found.filter { outcome in outcome.members.values.filter { !$0.isEmpty }.count == 1 }
        #expect(!oneNodeOnly.isEmpty, "no timing in the sweep re-added p on exactly one node: \(found)")
        for outcome in found {
            #expect(outcome.members["c"] == [], "\(outcome)")
            #expect(outcome.members.values.contains { !$0.isEmpty }, "\(outcome)")
        }
    }

    /// The control: the same leave, with a–b mended long after it ended, leaves g empty on every
    /// node — nothing is in flight for a stale table to race with.
    @Test(arguments: [651, 652, 653] as [UInt64])
    func withoutTheRaceTheLeaveHoldsEverywhere(seed: UInt64) async throws {
        let late = try await Self.race(seed: seed, offset: 60_000)
        #expect(late.members == ["a": [], "b": [], "c": []], "\(late)")
    }
}

import Cluster
import LocalTable
import Monitors
import MonitorsExercises
import TestKit
import Testing

/// Exercise 2.4's check: damage monitor rows with a planted bug, repair them, check the calls and
/// the rows, then let every pid die and check that the node forgets them all and leaks nothing.
enum RepairMonitorsCheck {
    static let file = "Exercises/02-Monitors/RepairMonitors.swift"
    typealias Repair = (inout MonitorRows, GroupRows, (Pid) -> MonitorRef, (MonitorRef) -> Void) throws -> Void

    /// A node whose monitor rows `bug` damaged over `steps` (none: the real logic's sound rows).
    struct Damage {
        let bug: MembershipBug?
        let steps: [MembershipStep]

        var story: String { "after \(steps) with the bug \"\(bug?.name ?? "none")\"" }

        /// The node, run afresh.
        func node() -> PlantedNode {
            let node = PlantedNode(PlantedMemberships(bug: bug))
            for step in steps { node.apply(step) }
            return node
        }
    }

    /// The bugs that damage monitor rows while leaving the group rows right.
    static let damaging: [MembershipBug] = [
        .leaveCountsNonMembers, .leaveReleasesPerGroup, .joinMonitorsEveryTime, .deathKeepsMonitorRows,
        .deleteKeepsMonitors,
    ]

    /// `count` random damages. A killed pid never joins again: a row whose monitor has fired while
    /// its pid is still listed is damage no repair can see without asking the node.
    static func randomDamage(seed: UInt64, count: Int, bugs: [MembershipBug?] = damaging) -> [Damage] {
        var generate = CaseGenerator(seed: seed)
        return (0..<count).map { index in
            var dead: Set<Pid> = []
            let steps = (0..<generate.int(2...16)).map { _ in generate.membershipStep(kills: 8) }.filter { step in
                switch step {
                case .kill(let pid): dead.insert(pid)
                case .join(_, let pid): return !dead.contains(pid)
                default: break
                }
                return true
            }
            return Damage(bug: bugs[index % bugs.count], steps: steps)
        }
    }

    /// What is wrong with `repair` on `damages`.
    static func problems(of repair: Repair, damages: [Damage]) throws -> [String] {
        var problems: [String] = []
        for damage in damages {
            if let problem = try problem(with: repair, on: damage) {
                problems.append("\(damage.story): \(problem) — edit \(file)")
            }
        }
        return firstProblems(problems)
    }

    static func problem(with repair: Repair, on damage: Damage) throws -> String? {
        let damaged = damage.node()
        let planted = damaged.logic as! PlantedMemberships
        let rows = planted.rows, before = planted.monitors
        var monitors = before
        var taken: [Pid] = [], released: [MonitorRef] = []
        try repair(
            &monitors, rows,
            {
                taken.append($0); return damaged.fake.monitor($0)
            },
            {
                released.append($0)
                damaged.fake.demonitor($0)
            })

        do {
            try monitors.checkInvariants(against: rows)
        } catch {
            return "expected the repaired rows to keep the invariants, got \(error)"
        }
        let members = Set(rows.memberCounts.values.flatMap(\.keys)).sorted()
        let unwatched = members.filter { before.byPid[$0] == nil }
        if taken != unwatched {
            return "expected monitor calls for \(unwatched) (the members without a row, in pid order), got \(taken)"
        }
        for pid in members where before.byPid[pid] != nil && monitors.byPid[pid]?.ref != before.byPid[pid]?.ref {
            return "expected \(pid) to keep its monitor \(before.byPid[pid]!.ref), got \(monitors.byPid[pid]!.ref)"
        }
        let dropped = Set(before.byPid.values.map(\.ref)).union(before.byRef.keys).subtracting(monitors.byRef.keys)
            .sorted()
        if released != dropped {
            return
                "expected demonitor calls for \(dropped) (the old refs the repaired rows do not hold, in ref order), "
                + "got \(released)"
        }

        // Through the system: the repaired node notices every death and ends with nothing.
        let repaired = PlantedNode(PlantedMemberships(bug: nil, rows: rows, monitors: monitors), fake: damaged.fake)
        repaired.settle()  // new monitors on dead pids have fired: their DOWNs come first
        var generate = CaseGenerator(seed: 0)
        for _ in 0..<8 {
            let pid = generate.memberPid()
            repaired.apply(.kill(pid))
            do { try repaired.logic.checkInvariants() } catch {
                return "expected the invariants to hold after repairing, then kill \(pid), got \(error)"
            }
        }
        for pid in members where !damaged.fake.dead.contains(pid) { repaired.apply(.kill(pid)) }
        let listed = rows.allGroups.flatMap { repaired.logic.members(of: $0) }
        if !listed.isEmpty || !repaired.logic.isEmpty {
            return
                "expected every member's death to be noticed after the repair, got \(Set(listed).sorted()) still listed"
        }
        if !damaged.fake.monitoredPids.isEmpty {
            return "expected no monitor left once every member died, got monitors on \(damaged.fake.monitoredPids)"
        }
        return nil
    }
}

/// Exercise 2.4 — edit Exercises/02-Monitors/RepairMonitors.swift
@Suite("Exercise 2.4 — Repairing the monitors") struct RepairMonitorsTests {
    let p = Pid(node: "a", serial: 1), q = Pid(node: "b", serial: 3)

    @Test("sound rows are left as they are, without a call")
    func soundRows() throws {
        let sound = RepairMonitorsCheck.randomDamage(seed: 21, count: 20, bugs: [nil])
        expectNoProblems(try RepairMonitorsCheck.problems(of: repairMonitors, damages: sound))
    }

    @Test("a member whose monitor OTP-7277 released is watched again")
    func anUnwatchedMember() throws {
        let damage = RepairMonitorsCheck.Damage(
            bug: .leaveCountsNonMembers, steps: [.create("g"), .create("h"), .join("g", p), .leave("h", p), .kill(p)])
        expectNoProblems(try RepairMonitorsCheck.problems(of: repairMonitors, damages: [damage]))
    }

    @Test("monitors nobody needs are released")
    func leakedMonitors() throws {
        let damages = [
            RepairMonitorsCheck.Damage(
                bug: .joinMonitorsEveryTime, steps: [.create("g"), .join("g", p), .join("g", p), .join("g", q)]),
            RepairMonitorsCheck.Damage(
                bug: .deleteKeepsMonitors,
                steps: [.create("g"), .join("g", p), .delete("g"), .create("h"), .join("h", p)]),
        ]
        expectNoProblems(try RepairMonitorsCheck.problems(of: repairMonitors, damages: damages))
    }

    @Test("random damage is repaired: afterwards every death is noticed and nothing leaks")
    func randomDamage() throws {
        for seed in 1...4 as ClosedRange<UInt64> {
            let problems = try RepairMonitorsCheck.problems(
                of: repairMonitors, damages: RepairMonitorsCheck.randomDamage(seed: seed, count: 60))
            expectNoProblems(problems.map { "seed \(seed): \($0)" })
        }
    }
}
